"""Open a county database: GeoPackage, FileGDB, GBK shapefiles without .cpg (real GDAL files)."""

from __future__ import annotations

from pathlib import Path

import pytest
from osgeo import gdal, ogr, osr
from qgis.core import QgsProject

from landsurvey_plugin.adapters.county_open import (
    CountyOpenError,
    detect_encoding,
    open_county,
    scan_county,
)
from landsurvey_plugin.adapters.layer_roles import detect_roles
from landsurvey_plugin.model.profile import load_profile
from landsurvey_plugin.rules.dataset import BOUNDARY, PARCELS, PREVIOUS, VILLAGES
from tests.parcels import rectangle

X, Y = 36_370_000.0, 2_938_000.0
NAMES = ["龙沙村", "岩坝镇农民集体", "石门坎村"]


@pytest.fixture(scope="module")
def profile():
    return load_profile("2024-national")


@pytest.fixture
def project(qgis_app):
    project = QgsProject.instance()
    yield project
    project.clear()


def _ogr_type(spec_type: str) -> int:
    return {"string": ogr.OFTString, "int": ogr.OFTInteger, "double": ogr.OFTReal}[spec_type]


def write_county(
    driver_name: str,
    path: Path,
    profile,
    epsg: int = 4524,
    layer_options: list[str] | None = None,
    drop: tuple[str, ...] = (),
    retype: dict[str, int] | None = None,
    tables: tuple[str, ...] = ("DLTB", "DLTB_2023", "XZQ", "CJDCQ", "TTQ"),
) -> Path:
    """A small county: every table holds three parcels with Chinese names."""
    driver = ogr.GetDriverByName(driver_name)
    ds = driver.CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    retype = retype or {}
    for table in tables:
        schema = profile.single_layers.get(table) or profile.dltb
        specs = [f for f in schema.fields if f.name not in drop]
        if table in ("XZQ", "CJDCQ"):
            specs = [f for f in profile.dltb.fields if f.name in ("ZLDWDM", "ZLDWMC")]
        layer = ds.CreateLayer(table, srs, ogr.wkbPolygon, options=layer_options or [])
        for spec in specs:
            defn = ogr.FieldDefn(spec.name, retype.get(spec.name, _ogr_type(spec.type)))
            if spec.type == "string":
                defn.SetWidth(max(spec.length, 60))
            layer.CreateField(defn)
        for i, name in enumerate(NAMES):
            feature = ogr.Feature(layer.GetLayerDefn())
            for spec in specs:
                if spec.name == "ZLDWMC":
                    feature.SetField("ZLDWMC", name)
            feature.SetGeometry(ogr.CreateGeometryFromWkt(rectangle(X + 100 * i, Y, 100, 80)))
            layer.CreateFeature(feature)
    ds = None
    return path


def test_geopackage_roles_styles_group_and_mapping(tmp_path, profile, project):
    path = write_county("GPKG", tmp_path / "county.gpkg", profile)
    scan = scan_county(path, profile)
    assert scan.guessed == {
        PARCELS: "DLTB",
        PREVIOUS: "DLTB_2023",
        BOUNDARY: "XZQ",
        VILLAGES: "CJDCQ",
        "TTQ": "TTQ",
    }
    result = open_county(scan, scan.guessed, project, profile)
    assert set(result.layers) == set(scan.guessed)
    assert set(result.not_found) == {"GFBQ", "CCWJQ", "GCHZZ"}
    dltb = project.mapLayer(result.layers[PARCELS].layer_id)
    assert dltb.featureCount() == 3
    assert result.layers[PARCELS].crs_ok and result.layers[PARCELS].crs == "EPSG:4524"
    assert result.layers[PARCELS].missing_fields == []
    assert result.layers[PARCELS].mistyped_fields == []
    assert dltb.labelsEnabled(), "the DLTB style labels TBBH/DLBM"
    settings = dltb.labeling().settings()
    assert "TBBH" in settings.fieldName and "DLBM" in settings.fieldName
    assert settings.scaleVisibility and 0 < settings.minimumScale <= 10000, "large scales only"
    group = project.layerTreeRoot().findGroup(result.group_name)
    assert group is not None
    order = [node.layer().id() for node in group.findLayers()]
    assert order[0] == result.layers["TTQ"].layer_id, "single layers drawn on top"
    assert order[-1] == result.layers[PARCELS].layer_id, "DLTB at the bottom of the group"
    found = detect_roles(project, profile)  # the checks find the same layers again
    assert {role: layer.id() for role, layer in found.items()} == {
        role: report.layer_id for role, report in result.layers.items()
    }
    entry, ok = project.readEntry("landsurvey", f"roles/{PARCELS}", "")
    assert ok and entry == result.layers[PARCELS].layer_id


def test_filegdb(tmp_path, profile, project):
    driver = gdal.GetDriverByName("OpenFileGDB")
    if driver is None or driver.GetMetadataItem("DCAP_CREATE") != "YES":
        pytest.skip(f"GDAL {gdal.__version__} cannot write FileGDB (OpenFileGDB read-only)")
    path = write_county("OpenFileGDB", tmp_path / "county.gdb", profile)
    scan = scan_county(path, profile)
    assert scan.kind == "filegdb"
    assert scan.guessed[PARCELS] == "DLTB" and scan.guessed[PREVIOUS] == "DLTB_2023"
    result = open_county(scan, scan.guessed, project, profile)
    layer = project.mapLayer(result.layers[VILLAGES].layer_id)
    assert sorted(f["ZLDWMC"] for f in layer.getFeatures()) == sorted(NAMES)


def _gbk_shapefiles(tmp_path: Path, profile) -> Path:
    folder = tmp_path / "shp"
    folder.mkdir()
    _shapefiles(folder, profile, "GBK")
    for cpg in folder.glob("*.cpg"):
        cpg.unlink()  # what many county deliveries look like
    assert NAMES[0].encode("gbk") in (folder / "DLTB.dbf").read_bytes(), "GBK bytes written"
    return folder


def _shapefiles(folder: Path, profile, encoding: str) -> None:
    # QGIS's OGR provider sets SHAPE_ENCODING="" (it decodes itself), which would make the
    # ENCODING layer option a no-op: lift it while writing
    old = gdal.GetConfigOption("SHAPE_ENCODING")
    gdal.SetConfigOption("SHAPE_ENCODING", None)
    try:
        write_county("ESRI Shapefile", folder, profile, layer_options=[f"ENCODING={encoding}"])
    finally:
        gdal.SetConfigOption("SHAPE_ENCODING", old)


def test_gbk_shapefile_without_cpg_opens_without_mojibake(tmp_path, profile, project):
    folder = _gbk_shapefiles(tmp_path, profile)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    guess = detect_encoding(folder / "DLTB.shp")
    assert guess.encoding == "GBK" and guess.reason == "gbk content"
    scan = scan_county(folder, profile)
    assert scan.kind == "shapefiles" and scan.guessed[PARCELS] == "DLTB"
    result = open_county(scan, scan.guessed, project, profile)
    report = result.layers[PARCELS]
    assert report.encoding == "GBK" and report.encoding_verified
    layer = project.mapLayer(report.layer_id)
    assert sorted(f["ZLDWMC"] for f in layer.getFeatures()) == sorted(NAMES)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before, "files untouched"


def test_shapefile_with_ldid_byte_and_utf8_content(tmp_path, profile, project):
    folder = _gbk_shapefiles(tmp_path, profile)
    dbf = folder / "XZQ.dbf"
    data = bytearray(dbf.read_bytes())
    data[29] = 0x4D  # LDID 77: code page 936 (GBK), as ArcGIS writes it
    dbf.write_bytes(bytes(data))
    assert detect_encoding(folder / "XZQ.shp").reason == "ldid"
    utf8 = tmp_path / "utf8"
    utf8.mkdir()
    _shapefiles(utf8, profile, "UTF-8")
    for cpg in utf8.glob("*.cpg"):
        cpg.unlink()
    assert detect_encoding(utf8 / "DLTB.shp").encoding == "UTF-8"
    for source, role in ((folder, BOUNDARY), (utf8, PARCELS)):
        scan = scan_county(source, profile)
        result = open_county(scan, scan.guessed, project, profile, group_name=source.name)
        layer = project.mapLayer(result.layers[role].layer_id)
        assert sorted(f["ZLDWMC"] for f in layer.getFeatures()) == sorted(NAMES), source


def test_other_crs_is_reported(tmp_path, profile, project):
    path = write_county("GPKG", tmp_path / "wgs.gpkg", profile, epsg=32648)
    scan = scan_county(path, profile)
    result = open_county(scan, scan.guessed, project, profile)
    assert [r.role for r in result.crs_problems] and all(
        r.crs == "EPSG:32648" for r in result.crs_problems
    )
    assert PARCELS in {r.role for r in result.crs_problems}
    assert project.mapLayer(result.layers[PARCELS].layer_id).isValid(), "loaded all the same"


def test_missing_and_mistyped_fields_are_reported(tmp_path, profile, project):
    path = write_county(
        "GPKG",
        tmp_path / "bad.gpkg",
        profile,
        drop=("TBBH", "KCXS"),
        retype={"TBMJ": ogr.OFTString},
        tables=("DLTB",),
    )
    scan = scan_county(path, profile)
    result = open_county(scan, scan.guessed, project, profile)
    report = result.layers[PARCELS]
    assert report.missing_fields == ["TBBH", "KCXS"]
    assert report.mistyped_fields == [("TBMJ", "double", "String")]
    assert project.mapLayer(report.layer_id).featureCount() == 3
    assert set(result.not_found) >= {PREVIOUS, BOUNDARY, VILLAGES}


def test_user_mapping_wins_and_bad_path_is_refused(tmp_path, profile, project):
    path = write_county("GPKG", tmp_path / "odd.gpkg", profile, tables=("TB_2024", "QY"))
    scan = scan_county(path, profile)
    assert PARCELS not in scan.guessed
    result = open_county(scan, {PARCELS: "TB_2024", BOUNDARY: "QY"}, project, profile)
    assert result.layers[PARCELS].table == "TB_2024"
    assert detect_roles(project, profile)[PARCELS].id() == result.layers[PARCELS].layer_id
    with pytest.raises(CountyOpenError):
        scan_county(tmp_path / "nothing.gpkg", profile)
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(CountyOpenError):
        scan_county(tmp_path / "notes.txt", profile)
