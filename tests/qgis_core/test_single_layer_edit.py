"""Single-layer editing through the real edit buffer of real GeoPackage tables."""

from __future__ import annotations

import pytest
import shapely
from osgeo import ogr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)

from landsurvey_plugin.adapters.crs import area_frame
from landsurvey_plugin.adapters.single_layer_edit import (
    add_ranges_from_parcels,
    create_single_layer,
    erase_ranges,
    layer_stats,
)
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.model.area import ellipsoidal_areas, round_half_away
from landsurvey_plugin.model.profile import load_profile
from tests.parcels import rectangle, write_parcels

EPSG = 4527
X, Y = 39_435_800.0, 4_411_300.0
ZL1, ZL2 = "3701020010010000000", "3701020010020000000"
FIELDS = (
    ("BSM", ogr.OFTString),
    ("DLBM", ogr.OFTString),
    ("TBBH", ogr.OFTString),
    ("ZLDWDM", ogr.OFTString),
    ("ZLDWMC", ogr.OFTString),
    ("TBMJ", ogr.OFTReal),
)


@pytest.fixture
def profile():
    return load_profile("2024-national")


@pytest.fixture
def county(tmp_path, qgis_app):
    path = tmp_path / "county.gpkg"
    parcels = [
        dict(wkt=rectangle(X, Y, 100, 100), BSM="370102000000000001", TBBH="1", ZLDWDM=ZL1),
        dict(wkt=rectangle(X + 100, Y, 50, 100), BSM="370102000000000002", TBBH="2", ZLDWDM=ZL1),
        dict(wkt=rectangle(X + 300, Y, 40, 40), BSM="370102000000000003", TBBH="3", ZLDWDM=ZL2),
    ]
    for p in parcels:
        p["ZLDWMC"] = "一村" if p["ZLDWDM"] == ZL1 else "二村"
        p["DLBM"] = "0103"
    write_parcels(path, EPSG, parcels, fields=FIELDS)
    return path


def open_layer(path, name) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert layer.isValid()
    return layer


def crs() -> QgsCoordinateReferenceSystem:
    return QgsCoordinateReferenceSystem(f"EPSG:{EPSG}")


def test_create_has_the_schema_and_refuses_to_overwrite(county, profile):
    schema = profile.single_layers["TTQ"]
    layer = create_single_layer(schema, crs(), county)
    assert layer.featureCount() == 0
    assert layer.crs().authid() == f"EPSG:{EPSG}"
    assert QgsWkbTypes.flatType(layer.wkbType()) == QgsWkbTypes.MultiPolygon
    names = [f.name() for f in layer.fields()]
    for spec in schema.fields:
        assert spec.name in names
    area = layer.fields().field("TTQMJ")
    assert area.typeName().lower() in ("real", "double")
    assert open_layer(county, "DLTB").featureCount() == 3  # the parcels are still there
    with pytest.raises(LandSurveyError, match="exists already"):
        create_single_layer(schema, crs(), county)


def test_ranges_from_parcels_carry_bsm_area_and_zldwdm(county, profile):
    schema = profile.single_layers["TTQ"]
    target = create_single_layer(schema, crs(), county)
    parcels = open_layer(county, "DLTB")
    fids = [f.id() for f in parcels.getFeatures()]
    report = add_ranges_from_parcels(parcels, fids, target, schema, False, "add TTQ")
    assert len(report.added) == 3 and not report.skipped
    assert target.undoStack().count() == 1
    features = list(target.getFeatures())
    frame = area_frame(target.crs(), target.extent(), QgsProject.instance().transformContext())
    bsms = {f["BSM"] for f in features}
    assert len(bsms) == 3
    assert all(len(b) == 18 and b.startswith("370102") and b.isdigit() for b in bsms)
    assert min(bsms) > "370102000000000003"  # after the parcels' BSMs
    for feature in features:
        assert feature["YSDM"] == schema.ysdm
        assert feature["ZLDWDM"] in (ZL1, ZL2)
        assert feature["ZLDWMC"] in ("一村", "二村")
        assert feature["TBBH"] in ("1", "2", "3")
        shape = shapely.from_wkb(bytes(feature.geometry().asWkb()))
        expected = round_half_away(float(ellipsoidal_areas([shape], frame.zone)[0]), 2)
        assert feature["TTQMJ"] == pytest.approx(expected, abs=0.001)
    assert target.commitChanges()

    # dissolved: one range per ZLDWDM, new BSMs after the saved ones
    report = add_ranges_from_parcels(parcels, fids, target, schema, True, "add TTQ dissolved")
    assert len(report.added) == 2
    new = [target.getFeature(fid) for fid in report.added]
    assert {f["ZLDWDM"] for f in new} == {ZL1, ZL2}
    assert not {f["BSM"] for f in new} & bsms
    merged = next(f for f in new if f["ZLDWDM"] == ZL1)
    assert merged["TTQMJ"] == pytest.approx(15000, rel=1e-3)
    count, total, by = layer_stats(target, schema, frame)
    assert count == 5
    assert by[ZL1][0] == 3 and by[ZL2][0] == 2
    assert total == pytest.approx(sum(a for _, a in by.values()), abs=0.011)
    assert total == pytest.approx(2 * (15000 + 1600), rel=1e-3)


def test_erase_keeps_attributes_and_gives_the_exact_remaining_area(county, profile):
    schema = profile.single_layers["TTQ"]
    target = create_single_layer(schema, crs(), county)
    parcels = open_layer(county, "DLTB")
    add_ranges_from_parcels(
        parcels, [f.id() for f in parcels.getFeatures()], target, schema, False, "add"
    )
    assert target.commitChanges()
    before = {f.id(): (f.geometry().asWkt(), f.attributes()) for f in target.getFeatures()}
    big = next(f for f in target.getFeatures() if f["TBBH"] == "1")
    small = next(f for f in target.getFeatures() if f["TBBH"] == "3")
    # the upper part of the first range, leaving a 0.004 m strip (0.4 m²) that must not
    # survive; all of the third range
    mask_wkt = (
        f"POLYGON(({X - 1} {Y + 40},{X + 100} {Y + 40},{X + 100} {Y + 99.996},"
        f"{X - 1} {Y + 99.996},{X - 1} {Y + 40}))"
    )
    mask = [QgsGeometry.fromWkt(mask_wkt), QgsGeometry.fromWkt(rectangle(X + 299, Y - 1, 50, 50))]
    report = erase_ranges(target, mask, 1.0, "erase", area_field="TTQMJ")
    assert report.deleted == [small.id()]
    assert report.changed == [big.id()]
    assert target.undoStack().count() == 1
    after = target.getFeature(big.id())
    for name in ("BSM", "YSDM", "TBBH", "ZLDWDM", "ZLDWMC"):
        assert after[name] == big[name]
    frame = area_frame(target.crs(), target.extent(), QgsProject.instance().transformContext())
    exact = shapely.difference(
        shapely.from_wkb(bytes(big.geometry().asWkb())), shapely.from_wkt(mask_wkt)
    )
    pieces = sorted(shapely.get_parts(exact), key=lambda p: -p.area)
    assert len(pieces) == 2  # the big remainder and the sliver along the top edge
    expected = float(ellipsoidal_areas([pieces[0]], frame.zone)[0])
    assert after["TTQMJ"] == pytest.approx(expected, abs=0.01)
    remaining = shapely.from_wkb(bytes(after.geometry().asWkb()))
    assert len(shapely.get_parts(remaining)) == 1
    assert remaining.equals(pieces[0])

    # one undo restores every range exactly
    target.undoStack().undo()
    restored = {f.id(): (f.geometry().asWkt(), f.attributes()) for f in target.getFeatures()}
    assert restored == before
    target.rollBack()


def test_nothing_to_erase_leaves_no_undo_step(county, profile):
    schema = profile.single_layers["GFBQ"]
    target = create_single_layer(schema, crs(), county)
    report = erase_ranges(target, [QgsGeometry.fromWkt(rectangle(X, Y, 10, 10))], 1.0, "erase")
    assert not report.changed and not report.deleted
    assert target.undoStack().count() == 0


def test_parcels_in_another_crs_are_transformed_and_undo_removes_the_ranges(
    county, profile, tmp_path
):
    schema = profile.single_layers["GCHZZ"]
    target = create_single_layer(schema, crs(), county)
    # the same parcels in CGCS2000 geographic degrees
    src = open_layer(county, "DLTB")
    geo = tmp_path / "geo.gpkg"
    from qgis.core import QgsCoordinateTransform, QgsVectorFileWriter

    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = "DLTB"
    options.ct = QgsCoordinateTransform(
        src.crs(),
        QgsCoordinateReferenceSystem("EPSG:4490"),
        QgsProject.instance().transformContext(),
    )
    error = QgsVectorFileWriter.writeAsVectorFormatV2(
        src, str(geo), QgsProject.instance().transformContext(), options
    )
    assert error[0] == QgsVectorFileWriter.NoError
    parcels = open_layer(geo, "DLTB")
    assert parcels.crs().authid() == "EPSG:4490"
    fids = [f.id() for f in parcels.getFeatures() if f["TBBH"] == "1"]
    report = add_ranges_from_parcels(parcels, fids, target, schema, False, "add")
    assert report.notes and len(report.added) == 1
    [feature] = list(target.getFeatures())
    box = feature.geometry().boundingBox()
    assert box.xMinimum() == pytest.approx(X, abs=0.01)
    assert box.yMaximum() == pytest.approx(Y + 100, abs=0.01)
    assert feature[schema.area_field] == pytest.approx(10000, rel=1e-3)
    target.undoStack().undo()
    assert target.featureCount() == 0
    target.rollBack()
