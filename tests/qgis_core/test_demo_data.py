"""The demo county (scripts/make_demo_data.py), opened and measured with real QGIS.

``demo_county`` (tests/conftest.py) runs the generator once: 400 parcels, seed 7.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import exifread
import numpy as np
import pytest
import shapely
from osgeo import gdal
from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer

from landsurvey_plugin.model.area import ellipsoidal_areas, round_half_away
from landsurvey_plugin.model.gauss_kruger import zone_from_epsg
from landsurvey_plugin.model.profile import load_profile

ROOT = Path(__file__).resolve().parents[2]
VECTOR_LAYERS = ("XZQ", "CJDCQ", "DLTB", "DLTB_2023", "TTQ", "GFBQ", "CCWJQ", "GCHZZ", "photos")
DEFECT_CATEGORIES = {
    "geometry", "topology", "attribute", "area", "change", "single_layer", "photo",
}  # fmt: skip


def layer_of(demo: Path, name: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{demo / 'county.gpkg'}|layername={name}", name, "ogr")
    assert layer.isValid(), name
    return layer


def sidecar(demo: Path) -> dict:
    return json.loads((demo / "defects.json").read_text(encoding="utf-8"))


def shapes(layer: QgsVectorLayer) -> tuple[np.ndarray, list[dict]]:
    """Shapely geometries and attribute dicts, read through QGIS."""
    geoms, rows = [], []
    names = layer.fields().names()
    for feature in layer.getFeatures():
        geoms.append(shapely.from_wkb(bytes(feature.geometry().asWkb())))
        rows.append(dict(zip(names, feature.attributes())))
    return np.asarray(geoms, dtype=object), rows


def attribute_rows(gpkg_dir: Path) -> list[tuple]:
    layer = layer_of(gpkg_dir, "DLTB")
    return [tuple(str(v) for v in f.attributes()) for f in layer.getFeatures()]


def test_every_layer_opens_in_the_county_crs(qgis_app, demo_county):
    for name in VECTOR_LAYERS:
        layer = layer_of(demo_county, name)
        assert layer.crs().authid() == "EPSG:4524"
        assert layer.featureCount() > 0, name


def test_dltb_has_the_profile_schema(qgis_app, demo_county):
    expected = [f.name for f in load_profile("2024-national").dltb.fields]
    names = [n for n in layer_of(demo_county, "DLTB").fields().names() if n != "fid"]
    assert names == expected
    assert len(names) == 30


def test_parcels_tessellate_the_county(qgis_app, demo_county):
    facts = sidecar(demo_county)
    county, _ = shapes(layer_of(demo_county, "XZQ"))
    parcels, _ = shapes(layer_of(demo_county, "DLTB"))
    repaired = shapely.make_valid(parcels)
    union = shapely.union_all(repaired)
    missing = facts["gap_area_m2"] + facts["notch_area_m2"]
    assert abs(county[0].area - (union.area + missing)) < 1.0
    doubled = float(shapely.area(repaired).sum()) - union.area
    assert abs(doubled - facts["overlap_area_m2"]) < 1.0
    assert shapely.area(shapely.difference(union, county[0])) < 1e-3  # nothing outside


def test_tbmj_is_the_ellipsoidal_area(qgis_app, demo_county):
    defect_bsms = set(sidecar(demo_county)["defect_bsms"])
    geoms, rows = shapes(layer_of(demo_county, "DLTB"))
    area = ellipsoidal_areas(geoms, zone_from_epsg(4524))
    checked = 0
    for geom_area, row in zip(area, rows):
        if row["BSM"] in defect_bsms:
            continue
        assert row["TBMJ"] == round_half_away(float(geom_area)), row["BSM"]
        kcmj = round_half_away(row["TBMJ"] * (row["KCXS"] or 0.0))
        assert abs(row["KCMJ"] - kcmj) < 0.011
        assert abs(row["TBDLMJ"] - (row["TBMJ"] - row["KCMJ"])) < 0.011
        checked += 1
    assert checked > 300


def test_defects_cover_every_category(qgis_app, demo_county):
    facts = sidecar(demo_county)
    categories = {d["category"] for d in facts["defects"]}
    assert categories == DEFECT_CATEGORIES
    dltb_bsms = {row["BSM"] for _, row in zip(*shapes(layer_of(demo_county, "DLTB")))}
    for defect in facts["defects"]:
        if defect["layer"] == "DLTB":
            assert defect["key"] in dltb_bsms, defect


def test_raster_has_bands_overviews_and_date(qgis_app, demo_county):
    raster = QgsRasterLayer(str(demo_county / "dom.tif"), "dom")
    assert raster.isValid()
    assert raster.crs().authid() == "EPSG:4524"
    ds = gdal.Open(str(demo_county / "dom.tif"))
    # RGB with a per-dataset mask (the planted no-imagery hole), which QGIS shows as a 4th,
    # alpha band
    assert ds.RasterCount == 3 and raster.bandCount() == 4
    assert ds.GetRasterBand(1).GetMaskFlags() == gdal.GMF_PER_DATASET
    assert ds.GetRasterBand(1).GetOverviewCount() == 4
    assert ds.GetMetadataItem("TIFFTAG_DATETIME") == "2024:10:15 00:00:00"
    assert ds.GetMetadataItem("ACQUISITION_DATE") == "2024-10-15"
    assert abs(ds.GetGeoTransform()[1] - 0.8) < 1e-9


def test_photos_carry_gps_exif(qgis_app, demo_county):
    facts = sidecar(demo_county)
    broken = {d["key"] for d in facts["defects"] if d["kind"] in ("no_gps", "truncated")}
    blind = {d["key"] for d in facts["defects"] if d["kind"] == "no_direction"}
    files = sorted((demo_county / "photos").glob("*.jpg"))
    assert files
    located = 0
    for path in files:
        if path.name in broken:
            continue
        with path.open("rb") as fh:
            tags = exifread.process_file(fh, details=False)
        assert "GPS GPSLatitude" in tags, path.name
        if path.name in blind:  # the planted photo without azimuth
            assert "GPS GPSImgDirection" not in tags
        else:
            assert "GPS GPSImgDirection" in tags, path.name
            assert str(tags["GPS GPSImgDirectionRef"]) == "T"
        assert str(tags["EXIF DateTimeOriginal"]).startswith("2024:")
        located += 1
    assert located == layer_of(demo_county, "photos").featureCount()


def test_project_loads_every_layer(qgis_app, demo_county):
    project = QgsProject()
    assert project.read(str(demo_county / "county.qgs"))
    layers = project.mapLayers().values()
    assert len(layers) == len(VECTOR_LAYERS) + 1
    assert all(layer.isValid() for layer in layers)
    assert project.crs().authid() == "EPSG:4524"


@pytest.mark.parametrize("runs", [2])
def test_same_seed_same_attributes(qgis_app, demo_county, tmp_path, runs):
    """Re-running into the same folder overwrites it and gives the same DLTB attributes."""
    command = [sys.executable, str(ROOT / "scripts" / "make_demo_data.py"), "--out",
               str(tmp_path), "--parcels", "400", "--seed", "7", "--no-photos", "--no-imagery",
               "--no-project"]  # fmt: skip
    for _ in range(runs):
        subprocess.run(command, check=True, capture_output=True)
    assert attribute_rows(tmp_path) == attribute_rows(demo_county)
    assert not (tmp_path / "photos").exists()
