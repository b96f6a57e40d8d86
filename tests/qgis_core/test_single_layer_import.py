"""Import a delivered range layer (other CRS, other field names) into a single layer."""

from __future__ import annotations

import pytest
import shapely
from osgeo import ogr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
)

from landsurvey_plugin.adapters.crs import area_frame
from landsurvey_plugin.adapters.single_layer_edit import create_single_layer
from landsurvey_plugin.adapters.single_layer_import import guess_mapping, import_ranges
from landsurvey_plugin.model.area import ellipsoidal_areas
from landsurvey_plugin.model.profile import load_profile
from tests.parcels import rectangle, write_parcels

EPSG = 4527
X, Y = 39_435_800.0, 4_411_300.0
ZL1 = "3701020010010000000"
DELIVERED = (
    ("TBBH", ogr.OFTString),  # same name
    ("ZLDWDM", ogr.OFTString),
    ("ZL_NAME", ogr.OFTString),  # other name, mapped by hand
    ("MJ", ogr.OFTReal),  # their area: not mapped, recomputed
    ("NOTE", ogr.OFTString),
)


@pytest.fixture
def layers(tmp_path, qgis_app):
    gk = tmp_path / "gk.gpkg"
    write_parcels(
        gk,
        EPSG,
        [
            dict(wkt=rectangle(X, Y, 100, 60), TBBH="1", ZLDWDM=ZL1, ZL_NAME="一村", MJ=1.0),
            dict(wkt=rectangle(X + 200, Y, 30, 30), TBBH="2", ZLDWDM=ZL1, ZL_NAME="一村"),
            dict(  # a bow tie: invalid, skipped and listed
                wkt=f"MULTIPOLYGON((({X} {Y + 200},{X + 50} {Y + 250},{X + 50} {Y + 200},"
                f"{X} {Y + 250},{X} {Y + 200})))",
                TBBH="3",
                ZLDWDM=ZL1,
            ),
        ],
        layer_name="DELIVERED",
        fields=DELIVERED,
    )
    # the delivered layer in CGCS2000 geographic degrees (EPSG:4490)
    from qgis.core import QgsVectorFileWriter

    source_gk = QgsVectorLayer(f"{gk}|layername=DELIVERED", "d", "ogr")
    geo = tmp_path / "delivered.gpkg"
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = "DELIVERED"
    options.ct = QgsCoordinateTransform(
        source_gk.crs(), QgsCoordinateReferenceSystem("EPSG:4490"), QgsProject.instance()
    )
    error = QgsVectorFileWriter.writeAsVectorFormatV2(
        source_gk, str(geo), QgsProject.instance().transformContext(), options
    )
    assert error[0] == QgsVectorFileWriter.NoError
    source = QgsVectorLayer(f"{geo}|layername=DELIVERED", "DELIVERED", "ogr")
    assert source.isValid() and source.crs().authid() == "EPSG:4490"
    schema = load_profile("2024-national").single_layers["TTQ"]
    target = create_single_layer(schema, QgsCoordinateReferenceSystem(f"EPSG:{EPSG}"), gk)
    project = QgsProject.instance()
    project.addMapLayers([source, target, source_gk], False)
    yield source, target, schema
    if target.isEditable():
        target.rollBack()
    project.removeMapLayers([source.id(), target.id(), source_gk.id()])


def test_guess_mapping_by_name_alias_and_area_field(layers):
    source, _, schema = layers
    mapping = guess_mapping(source.fields(), schema)
    assert mapping["TBBH"] == "TBBH" and mapping["ZLDWDM"] == "ZLDWDM"
    assert mapping["BSM"] is None and mapping["YSDM"] is None
    assert mapping["TTQMJ"] == "MJ", "the one *MJ field"
    assert set(mapping) == set(schema.field_names)
    assert guess_mapping(["bsm", "坐落单位名称"], schema)["ZLDWMC"] == "坐落单位名称"
    assert guess_mapping(["bsm", "坐落单位名称"], schema)["BSM"] == "bsm"


def test_import_transforms_fills_and_is_one_undo_step(layers):
    source, target, schema = layers
    mapping = guess_mapping(source.fields(), schema)
    mapping["ZLDWMC"] = "ZL_NAME"
    mapping["TTQMJ"] = None  # recompute
    frame = area_frame(target.crs(), source.extent(), QgsProject.instance().transformContext())
    report = import_ranges(source, target, schema, mapping, None, "Import TTQ")
    assert len(report.added) == 2
    assert [why for _, why in report.skipped] and "invalid" in report.skipped[0][1]
    assert set(report.filled) == {"BSM", "YSDM", "TTQMJ"}
    assert target.featureCount() == 2
    assert target.undoStack().count() == 1
    frame = area_frame(target.crs(), target.extent(), QgsProject.instance().transformContext())
    features = sorted(target.getFeatures(), key=lambda f: f["TBBH"])
    for feature, (width, height) in zip(features, [(100, 60), (30, 30)]):
        shape = shapely.from_wkb(bytes(feature.geometry().asWkb()))
        exact = float(ellipsoidal_areas([shape], frame.zone)[0])
        assert feature["TTQMJ"] == pytest.approx(exact, abs=0.01)
        assert feature["TTQMJ"] == pytest.approx(width * height, rel=1e-3)
        assert feature["YSDM"] == schema.ysdm
        assert feature["ZLDWDM"] == ZL1 and feature["ZLDWMC"] == "一村"
        assert len(feature["BSM"]) == 18 and feature["BSM"].startswith("370102")
        assert feature.geometry().boundingBox().xMinimum() == pytest.approx(
            X if feature["TBBH"] == "1" else X + 200, abs=0.01
        )
    assert features[0]["BSM"] != features[1]["BSM"]
    target.undoStack().undo()
    assert target.featureCount() == 0


def test_mapped_area_is_copied(layers):
    source, target, schema = layers
    mapping = guess_mapping(source.fields(), schema)
    report = import_ranges(source, target, schema, mapping, None, "Import TTQ")
    assert "TTQMJ" not in report.filled
    first = next(f for f in target.getFeatures() if f["TBBH"] == "1")
    assert first["TTQMJ"] == 1.0
    assert isinstance(QgsGeometry(first.geometry()), QgsGeometry)
