"""The plugin as QGIS builds it: classFactory, initGui, the toolbar action, unload."""

from __future__ import annotations

import pytest
from qgis.core import Qgis, QgsApplication, QgsProject, QgsVectorLayer
from qgis.PyQt.QtWidgets import QApplication, QDockWidget, QToolBar

from landsurvey_plugin import classFactory
from tests.parcels import rectangle, write_parcels


@pytest.fixture
def plugin(qgis_iface):
    instance = classFactory(qgis_iface)
    instance.initGui()
    yield instance
    instance.unload()


@pytest.fixture
def parcels(tmp_path, qgis_iface):
    path = write_parcels(
        tmp_path / "dltb.gpkg",
        4527,
        [
            {"wkt": rectangle(39435800, 4411300, 200, 150), "BSM": "A", "TBMJ": 1.0},
            {"wkt": rectangle(39436000, 4411300, 100, 100), "BSM": "B", "TBMJ": 2.0},
        ],
    )
    layer = QgsVectorLayer(f"{path}|layername=DLTB", "DLTB", "ogr")
    QgsProject.instance().addMapLayer(layer)
    qgis_iface.setActiveLayer(layer)
    yield layer
    if layer.isEditable():
        layer.rollBack()
    QgsProject.instance().removeMapLayer(layer.id())


def test_toolbar_actions_and_provider(plugin, qgis_iface):
    toolbar = qgis_iface.mainWindow().findChild(QToolBar, "LandSurveyToolbar")
    assert toolbar is not None
    names = [a.objectName() for a in toolbar.actions()]
    assert "LandSurveyRecomputeAreas" in names
    assert "LandSurveyRunChecks" in names
    assert "LandSurveySingleLayers" in names
    provider = QgsApplication.processingRegistry().providerById("landsurvey")
    assert provider is not None
    assert "landsurvey:computeareas" in [a.id() for a in provider.algorithms()]


def test_action_recomputes_selection_in_one_undo_step(plugin, parcels, qgis_iface, qtbot):
    bar = qgis_iface.messageBar()
    bar.clear_messages()
    layer = parcels
    first = next(f.id() for f in layer.getFeatures() if f["BSM"] == "A")
    layer.selectByIds([first])
    action = plugin.actions["LandSurveyRecomputeAreas"]
    action.trigger()
    qtbot.waitUntil(lambda: layer.isEditable())
    rows = {f["BSM"]: f["TBMJ"] for f in layer.getFeatures()}
    assert rows["A"] == pytest.approx(29996.97)
    assert rows["B"] == 2.0, "unselected parcels are untouched"
    assert layer.undoStack().count() == 1
    assert any("1 parcels updated" in m for m in bar.get_messages(Qgis.Success))
    layer.undoStack().undo()
    assert {f["BSM"]: f["TBMJ"] for f in layer.getFeatures()}["A"] == 1.0


def test_action_without_selection_warns(plugin, parcels, qgis_iface):
    bar = qgis_iface.messageBar()
    bar.clear_messages()
    parcels.removeSelection()
    plugin.actions["LandSurveyRecomputeAreas"].trigger()
    assert any("No parcels selected" in m for m in bar.get_messages(Qgis.Warning))
    assert not parcels.isEditable()


def test_unload_leaves_nothing_behind(qgis_iface):
    registry = QgsApplication.processingRegistry()
    before = registry.providerById("landsurvey")  # another test may have registered one
    for _ in range(2):  # loading twice must not duplicate anything
        instance = classFactory(qgis_iface)
        instance.initGui()
        if before is None:
            assert registry.providerById("landsurvey") is instance.provider
        instance.unload()
        assert registry.providerById("landsurvey") is before
        assert instance.actions == {} and instance.provider is None
    QgsApplication.processEvents()
    from qgis.PyQt.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    toolbars = qgis_iface.mainWindow().findChildren(QToolBar, "LandSurveyToolbar")
    assert toolbars == []
    docks = QApplication.allWidgets()
    assert [w for w in docks if w.objectName() == "LandSurveyResultsDock"] == []
    assert [w for w in docks if w.objectName() == "LandSurveySingleLayerDock"] == []


def test_run_checks_action_shows_the_dock_and_explains_a_missing_layer(plugin, qgis_iface):
    bar = qgis_iface.messageBar()
    bar.clear_messages()
    plugin.actions["LandSurveyRunChecks"].trigger()
    dock = qgis_iface.mainWindow().findChild(QDockWidget, "LandSurveyResultsDock")
    assert dock is plugin.results_dock and not dock.isHidden()
    assert any("DLTB" in m for m in bar.get_messages(Qgis.Warning))


def test_single_layers_action_shows_the_dock(plugin, parcels, qgis_iface):
    dock = qgis_iface.mainWindow().findChild(QDockWidget, "LandSurveySingleLayerDock")
    assert dock is plugin.single_layer_dock and dock.isHidden()
    plugin.actions["LandSurveySingleLayers"].trigger()
    assert not dock.isHidden()
    assert dock.table.rowCount() == len(plugin.profile.single_layers)


def test_profile_from_settings_and_a_broken_one_is_reported(qgis_iface):
    from landsurvey_plugin.toolbelt.settings import PluginSettings, save_settings

    bar = qgis_iface.messageBar()
    save_settings(PluginSettings(profile_id="2024-guizhou"))
    try:
        instance = classFactory(qgis_iface)
        instance.initGui()
        assert instance.profile.id == "2024-guizhou"
        instance.unload()
        bar.clear_messages()
        save_settings(PluginSettings(profile_id="2099-nowhere"))
        instance = classFactory(qgis_iface)
        instance.initGui()
        assert instance.profile is None
        assert any("2099-nowhere" in m for m in bar.get_messages(Qgis.Critical))
        assert "LandSurveyRecomputeAreas" in instance.actions, "areas do not need a profile"
        instance.unload()
    finally:
        save_settings(PluginSettings())


def test_shapely_keeps_its_own_geos_when_qgis_has_loaded_another():
    """The QGIS executables load the system GEOS globally; shapely's bundled GEOS must not
    bind to it (coverage validation, used by the topology rules, aborted the desktop; without
    ``import_shapely_with_its_own_geos`` this script dies of a segmentation fault)."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = "\n".join(
        [
            "import ctypes, os, sys",
            f"sys.path.insert(0, {str(ROOT)!r})",
            "ctypes.CDLL('libgeos_c.so.1', mode=os.RTLD_NOW | os.RTLD_GLOBAL)",
            "from landsurvey_plugin.toolbelt.dependencies import import_shapely_with_its_own_geos",
            "import_shapely_with_its_own_geos()",
            "import numpy, shapely",
            "boxes = numpy.array([shapely.box(0, 0, 1, 1), shapely.box(0.5, 0, 2, 1)])",
            "print(int((~shapely.is_empty(shapely.coverage_invalid_edges(boxes))).sum()))",
        ]
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "2", "both overlapping boxes have invalid edges"
