"""``landsurvey:computeareas`` through processing.run, on our data and on real parcels."""

from __future__ import annotations

import pytest
import shapely
from pyproj import Geod, Transformer
from qgis.core import QgsVectorLayer

from tests.parcels import rectangle, write_parcels

REF_AREA = 29996.97  # reference.md §7(b)


def run(params: dict) -> dict:
    import processing

    return processing.run("landsurvey:computeareas", params)


def test_output_has_recomputed_areas(landsurvey_provider, tmp_path):
    src = write_parcels(
        tmp_path / "in.gpkg",
        4527,
        [
            {"wkt": rectangle(39435800, 4411300, 200, 150), "BSM": "A", "KCXS": 0.1195},
            {"wkt": rectangle(39436100, 4411300, 20, 20), "BSM": "B", "TBMJ": 3.0},
        ],
    )
    out = tmp_path / "out.gpkg"
    result = run({"INPUT": f"{src}|layername=DLTB", "OUTPUT": str(out)})
    assert result["SKIPPED"] == 0
    layer = QgsVectorLayer(str(out), "out", "ogr")
    rows = {f["BSM"]: f for f in layer.getFeatures()}
    assert rows["A"]["TBMJ"] == pytest.approx(REF_AREA, abs=1e-9)
    assert rows["A"]["KCMJ"] + rows["A"]["TBDLMJ"] == pytest.approx(REF_AREA, abs=1e-9)
    assert rows["B"]["TBMJ"] < 400.0 and rows["B"]["TBDLMJ"] == rows["B"]["TBMJ"]


def test_adds_missing_area_fields(landsurvey_provider, tmp_path):
    src = write_parcels(
        tmp_path / "bare.gpkg", 4527, [{"wkt": rectangle(39435800, 4411300, 200, 150), "BSM": "A"}],
        fields=(("BSM", 4),),
    )
    result = run({"INPUT": f"{src}|layername=DLTB", "OUTPUT": "memory:"})
    layer = result["OUTPUT"]
    layer = layer if isinstance(layer, QgsVectorLayer) else QgsVectorLayer(layer)
    names = layer.fields().names()
    assert {"TBMJ", "KCMJ", "TBDLMJ"} <= set(names)
    (feature,) = list(layer.getFeatures())
    assert feature["TBMJ"] == pytest.approx(REF_AREA)


def test_real_farm_parcels_match_geographiclib(landsurvey_provider, corpora, tmp_path):
    """2,008 real cadastral parcels in UTM 33S, invalid rings included (QGIS training data)."""
    farms = corpora / "vector" / "qgis_QGIS-Training-Data"
    shp = next(farms.rglob("farms_33S.shp"))
    src = QgsVectorLayer(str(shp), "farms", "ogr")
    assert src.isValid()
    out = tmp_path / "farms.gpkg"
    result = run({"INPUT": str(shp), "OUTPUT": str(out)})
    layer = QgsVectorLayer(str(out), "out", "ogr")
    assert layer.featureCount() == src.featureCount()

    to_lonlat = Transformer.from_crs(src.crs().authid(), "EPSG:4326", always_xy=True)
    geod = Geod(a=6378137.0, f=1 / 298.257222101)
    invalid = 0
    worst = 0.0
    for feature in layer.getFeatures():
        geom = shapely.from_wkb(bytes(feature.geometry().asWkb()))
        if not shapely.is_valid(geom):
            invalid += 1
            continue
        lonlat = shapely.transform(geom, lambda xy: __import__("numpy").column_stack(to_lonlat.transform(xy[:, 0], xy[:, 1])))
        exact = abs(geod.geometry_area_perimeter(lonlat)[0])
        worst = max(worst, abs(feature["TBMJ"] - exact) / max(exact, 1.0))
    assert invalid == result["SKIPPED"] and invalid > 0
    assert worst < 1e-7  # relative; parcels here reach square kilometres
