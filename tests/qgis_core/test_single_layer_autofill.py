"""Ranges added to a single layer get BSM, YSDM, ZLDWDM/ZLDWMC and their area (real GeoPackage)."""

from __future__ import annotations

import pytest
import shapely
from osgeo import ogr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsExpression,
    QgsExpressionContextUtils,
    QgsFeature,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
    QgsVectorLayerUtils,
)

from landsurvey_plugin.adapters.crs import area_frame
from landsurvey_plugin.adapters.single_layer_autofill import AREA_FUNCTION, RangeAutofill
from landsurvey_plugin.adapters.single_layer_edit import create_single_layer
from landsurvey_plugin.model.area import ellipsoidal_areas, round_half_away
from landsurvey_plugin.model.profile import load_profile
from tests.parcels import rectangle, write_parcels

EPSG = 4527
X, Y = 39_435_800.0, 4_411_300.0
ZL1, ZL2 = "3701020010010000000", "3701020010020000000"
FIELDS = (
    ("BSM", ogr.OFTString),
    ("DLBM", ogr.OFTString),
    ("ZLDWDM", ogr.OFTString),
    ("ZLDWMC", ogr.OFTString),
)


@pytest.fixture
def setup(tmp_path, qgis_app):
    path = tmp_path / "county.gpkg"
    write_parcels(
        path,
        EPSG,
        [
            dict(
                wkt=rectangle(X, Y, 100, 100),
                BSM="370102000000000007",
                ZLDWDM=ZL1,
                ZLDWMC="一村",
                DLBM="0103",
            ),
            dict(
                wkt=rectangle(X + 100, Y, 100, 100),
                BSM="370102000000000008",
                ZLDWDM=ZL2,
                ZLDWMC="二村",
                DLBM="0103",
            ),
        ],
        fields=FIELDS,
    )
    schema = load_profile("2024-national").single_layers["TTQ"]
    crs = QgsCoordinateReferenceSystem(f"EPSG:{EPSG}")
    target = create_single_layer(schema, crs, path)
    parcels = QgsVectorLayer(f"{path}|layername=DLTB", "DLTB", "ogr")
    assert parcels.isValid()
    frame = area_frame(crs, parcels.extent(), QgsProject.instance().transformContext())
    QgsProject.instance().addMapLayers([target, parcels], False)
    autofill = RangeAutofill(target, schema, parcels, frame)
    autofill.connect()
    yield target, schema, frame, autofill
    autofill.disconnect()
    if target.isEditable():
        target.rollBack()
    # the project deletes the layers now, while GDAL is there (not at interpreter exit)
    QgsProject.instance().removeMapLayers([target.id(), parcels.id()])


def expected_area(geometry: QgsGeometry, frame) -> float:
    shape = shapely.from_wkb(bytes(geometry.asWkb()))
    return round_half_away(float(ellipsoidal_areas([shape], frame.zone)[0]), 2)


def add(target: QgsVectorLayer, wkt: str, with_defaults: bool) -> int:
    """Add one range in one edit command, bare or as QGIS's add-feature tool builds it."""
    geometry = QgsGeometry.fromWkt(wkt)
    if with_defaults:  # QgsFeatureAction::addFeature: createFeature with the default values
        context = target.createExpressionContext()
        feature = QgsVectorLayerUtils.createFeature(target, geometry, {}, context)
    else:
        feature = QgsFeature(target.fields())
        feature.setGeometry(geometry)
    assert target.isEditable() or target.startEditing()
    before = set(target.editBuffer().addedFeatures())
    target.beginEditCommand("Feature added")
    assert target.addFeature(feature)
    target.endEditCommand()
    [fid] = set(target.editBuffer().addedFeatures()) - before
    return fid


@pytest.mark.parametrize("with_defaults", [False, True])
def test_added_range_is_filled_and_one_undo_removes_it(setup, with_defaults):
    target, schema, frame, _ = setup
    fid = add(target, rectangle(X + 10, Y + 10, 30, 20), with_defaults)
    feature = target.getFeature(fid)
    assert feature["BSM"] == "370102000000000009", "next free after the parcels' BSMs"
    assert feature["YSDM"] == schema.ysdm
    assert feature["ZLDWDM"] == ZL1 and feature["ZLDWMC"] == "一村"
    assert feature["TTQMJ"] == pytest.approx(expected_area(feature.geometry(), frame), abs=1e-6)
    assert feature["TTQMJ"] == pytest.approx(600, rel=1e-3)
    assert target.undoStack().count() == 1, "the add and its values are one undo step"

    second = add(target, rectangle(X + 120, Y + 10, 10, 10), with_defaults)
    feature2 = target.getFeature(second)
    assert feature2["BSM"] == "370102000000000010"
    assert feature2["ZLDWDM"] == ZL2 and feature2["ZLDWMC"] == "二村"

    target.undoStack().undo()
    target.undoStack().undo()
    assert target.featureCount() == 0, "one undo per range removes it with its values"
    target.undoStack().redo()
    again = target.getFeature(fid)
    assert again["BSM"] == "370102000000000009" and again["ZLDWDM"] == ZL1
    assert again["TTQMJ"] == pytest.approx(600, rel=1e-3)


def test_area_follows_geometry_changes_in_the_same_undo_step(setup):
    target, _, frame, _ = setup
    fid = add(target, rectangle(X + 10, Y + 10, 30, 20), False)
    assert target.commitChanges()
    fid = next(target.getFeatures()).id()
    assert target.startEditing()
    wider = QgsGeometry.fromWkt(rectangle(X + 10, Y + 10, 60, 20))
    target.beginEditCommand("Moved vertex")
    assert target.changeGeometry(fid, wider)
    target.endEditCommand()
    feature = target.getFeature(fid)
    assert feature["TTQMJ"] == pytest.approx(expected_area(wider, frame), abs=1e-6)
    assert feature["TTQMJ"] == pytest.approx(1200, rel=1e-3)
    assert target.undoStack().count() == 1
    target.undoStack().undo()
    assert target.getFeature(fid)["TTQMJ"] == pytest.approx(600, rel=1e-3)
    assert not target.isModified()


def test_split_parts_get_their_own_bsm(setup):
    target, _, _, _ = setup
    fid = add(target, rectangle(X + 10, Y + 10, 30, 20), False)
    copy = QgsFeature(target.getFeature(fid))
    copy.setGeometry(QgsGeometry.fromWkt(rectangle(X + 50, Y + 10, 10, 10)))
    target.beginEditCommand("Split")
    assert target.addFeature(copy)
    target.endEditCommand()
    bsms = sorted(f["BSM"] for f in target.getFeatures())
    assert bsms == ["370102000000000009", "370102000000000010"]


def test_disconnect_restores_the_defaults(setup):
    target, schema, _, autofill = setup
    area_index = target.fields().lookupField(schema.area_field)
    assert AREA_FUNCTION in target.defaultValueDefinition(area_index).expression()
    autofill.disconnect()
    assert target.defaultValueDefinition(area_index).expression() == ""
    assert target.defaultValueDefinition(target.fields().lookupField("YSDM")).expression() == ""
    assert QgsExpressionContextUtils.layerScope(target) is not None
    target.startEditing()
    fid = add(target, rectangle(X + 10, Y + 10, 30, 20), False)
    assert not target.getFeature(fid)["BSM"]


def test_without_the_plugin_a_saved_area_default_keeps_the_areas(setup):
    """A project saved while the dock had the layer keeps our default; opened without the
    plugin (the function unknown), a geometry edit must leave TTQMJ as it is, not NULL."""
    target, _, _, _ = setup
    add(target, rectangle(X + 10, Y + 10, 30, 20), False)
    assert target.commitChanges()
    fid = next(target.getFeatures()).id()
    before = target.getFeature(fid)["TTQMJ"]
    QgsExpression.unregisterFunction(AREA_FUNCTION)  # what QGIS has without the plugin
    try:
        assert target.startEditing()
        target.beginEditCommand("Moved vertex")
        assert target.changeGeometry(fid, QgsGeometry.fromWkt(rectangle(X + 10, Y + 10, 60, 20)))
        target.endEditCommand()
        assert target.getFeature(fid)["TTQMJ"] == pytest.approx(before)
    finally:
        target.rollBack()
        setup[3].disconnect()
        setup[3].connect()  # registers the function again for the fixture's teardown
