"""Digitising on DLTB uses QGIS's own project settings and gives the user's back (real project)."""

from __future__ import annotations

import pytest
from qgis.core import QgsProject, QgsSnappingConfig, QgsTolerance, QgsVectorLayer

from landsurvey_plugin.adapters.digitising import (
    is_prepared,
    prepare_digitising,
    restore_digitising,
)
from tests.parcels import rectangle, write_parcels


@pytest.fixture
def layers(tmp_path, qgis_app):
    path = tmp_path / "county.gpkg"
    write_parcels(path, 4524, [dict(wkt=rectangle(36_370_000, 2_938_000, 100, 100))])
    write_parcels(path, 4524, [], layer_name="TTQ")
    project = QgsProject.instance()
    dltb = QgsVectorLayer(f"{path}|layername=DLTB", "DLTB", "ogr")
    ttq = QgsVectorLayer(f"{path}|layername=TTQ", "TTQ", "ogr")
    project.addMapLayers([dltb, ttq])
    # the user's own settings: simple snapping to vertices of all layers, 5 map units
    config = QgsSnappingConfig(project)
    config.setEnabled(True)
    config.setMode(QgsSnappingConfig.AllLayers)
    config.setTypeFlag(QgsSnappingConfig.VertexFlag)
    config.setTolerance(5.0)
    config.setUnits(QgsTolerance.ProjectUnits)
    project.setSnappingConfig(config)
    project.setTopologicalEditing(False)
    project.setAvoidIntersectionsMode(QgsProject.AvoidIntersectionsMode.AllowIntersections)
    yield project, dltb, ttq, tmp_path
    project.clear()


def test_prepare_sets_qgis_settings_and_restore_gives_them_back(layers):
    project, dltb, ttq, _ = layers
    previous = prepare_digitising(project, dltb, tracing=False)
    assert previous.topological_editing is False
    config = project.snappingConfig()
    assert config.enabled() and config.mode() == QgsSnappingConfig.AdvancedConfiguration
    dltb_settings = config.individualLayerSettings(dltb)
    assert dltb_settings.enabled()
    assert dltb_settings.typeFlag() & QgsSnappingConfig.VertexFlag
    assert dltb_settings.typeFlag() & QgsSnappingConfig.SegmentFlag
    assert not config.individualLayerSettings(ttq).enabled()
    assert project.topologicalEditing()
    assert (
        project.avoidIntersectionsMode()
        == QgsProject.AvoidIntersectionsMode.AvoidIntersectionsLayers
    )
    assert [layer.id() for layer in project.avoidIntersectionsLayers()] == [dltb.id()]
    assert is_prepared(project)

    prepare_digitising(project, dltb, tracing=True)  # twice: the user's settings stay saved
    state = restore_digitising(project)
    assert state is not None and state.tracing is False
    config = project.snappingConfig()
    assert config.mode() == QgsSnappingConfig.AllLayers
    assert config.tolerance() == 5.0 and config.units() == QgsTolerance.ProjectUnits
    assert not project.topologicalEditing()
    assert project.avoidIntersectionsMode() == QgsProject.AvoidIntersectionsMode.AllowIntersections
    assert not is_prepared(project)
    assert restore_digitising(project) is None


def test_saved_settings_survive_saving_the_project(layers):
    project, dltb, _, tmp_path = layers
    prepare_digitising(project, dltb, tracing=True)
    path = str(tmp_path / "county.qgs")
    assert project.write(path)
    project.clear()
    assert project.read(path)
    assert is_prepared(project) and project.topologicalEditing()
    state = restore_digitising(project)
    assert state is not None and state.tracing is True
    assert project.snappingConfig().mode() == QgsSnappingConfig.AllLayers
    assert not project.topologicalEditing()
