"""``landsurvey:singlelayerfromparcels`` and ``landsurvey:erasesinglelayer`` via processing.run."""

from __future__ import annotations

import pytest
import shapely
from osgeo import ogr
from qgis.core import QgsVectorLayer

from landsurvey_plugin.model.area import ellipsoidal_areas, round_half_away
from landsurvey_plugin.model.gauss_kruger import zone_from_epsg
from landsurvey_plugin.model.profile import load_profile
from tests.parcels import rectangle, write_parcels

EPSG = 4527
ZONE = zone_from_epsg(EPSG)
X, Y = 39_435_800.0, 4_411_300.0
ZL1, ZL2 = "3701020010010000000", "3701020010020000000"
FIELDS = (
    ("BSM", ogr.OFTString),
    ("DLBM", ogr.OFTString),
    ("TBBH", ogr.OFTString),
    ("ZLDWDM", ogr.OFTString),
    ("ZLDWMC", ogr.OFTString),
)


def run(name: str, params: dict) -> dict:
    import processing

    return processing.run(f"landsurvey:{name}", params)


@pytest.fixture
def parcels(tmp_path):
    rows = [
        dict(wkt=rectangle(X, Y, 100, 100), BSM="370102000000000011", DLBM="0702", ZLDWDM=ZL1),
        dict(wkt=rectangle(X + 100, Y, 50, 100), BSM="370102000000000012", DLBM="0702",
             ZLDWDM=ZL1),
        dict(wkt=rectangle(X + 300, Y, 40, 40), BSM="370102000000000013", DLBM="0702",
             ZLDWDM=ZL2),
        dict(wkt=rectangle(X + 400, Y, 40, 40), BSM="370102000000000014", DLBM="0103",
             ZLDWDM=ZL2),
    ]  # fmt: skip
    for i, row in enumerate(rows):
        row["TBBH"] = str(i + 1)
        row["ZLDWMC"] = "一村" if row["ZLDWDM"] == ZL1 else "二村"
    return write_parcels(tmp_path / "county.gpkg", EPSG, rows, fields=FIELDS)


def features(path) -> list:
    layer = QgsVectorLayer(str(path), "out", "ogr")
    assert layer.isValid()
    return list(layer.getFeatures())


def shape_of(feature):
    return shapely.from_wkb(bytes(feature.geometry().asWkb()))


def test_ranges_from_filtered_parcels_dissolved(landsurvey_provider, parcels, tmp_path):
    out = tmp_path / "ccwjq.gpkg"
    result = run(
        "singlelayerfromparcels",
        {
            "PARCELS": f"{parcels}|layername=DLTB",
            "FILTER": "\"DLBM\" LIKE '07%'",
            "LAYER": "CCWJQ",
            "DISSOLVE": True,
            "PROFILE": "2024-national",
            "OUTPUT": str(out),
        },
    )
    assert result["COUNT"] == 2
    rows = {f["ZLDWDM"]: f for f in features(out)}
    assert set(rows) == {ZL1, ZL2}
    schema = load_profile("2024-national").single_layers["CCWJQ"]
    names = [f.name() for f in rows[ZL1].fields()]
    assert set(schema.field_names) <= set(names)
    for feature in rows.values():
        assert feature["YSDM"] == schema.ysdm
        assert len(feature["BSM"]) == 18 and feature["BSM"] > "370102000000000014"
        expected = round_half_away(float(ellipsoidal_areas([shape_of(feature)], ZONE)[0]), 2)
        assert feature[schema.area_field] == pytest.approx(expected, abs=0.001)
    assert rows[ZL1][schema.area_field] == pytest.approx(15000, rel=1e-3)
    assert rows[ZL2][schema.area_field] == pytest.approx(1600, rel=1e-3)  # 0103 filtered out
    assert rows[ZL1]["ZLDWMC"] == "一村"


def test_ranges_one_per_parcel_by_enum_index(landsurvey_provider, parcels, tmp_path):
    out = tmp_path / "ttq.gpkg"
    ids = list(load_profile("2024-national").single_layers)
    result = run(
        "singlelayerfromparcels",
        {"PARCELS": f"{parcels}|layername=DLTB", "LAYER": ids.index("TTQ"), "OUTPUT": str(out)},
    )
    assert result["COUNT"] == 4
    rows = features(out)
    assert sorted(f["TBBH"] for f in rows) == ["1", "2", "3", "4"]
    assert len({f["BSM"] for f in rows}) == 4


def test_erase_keeps_attributes_and_recomputes_the_area(landsurvey_provider, parcels, tmp_path):
    ranges = tmp_path / "ttq.gpkg"
    run(
        "singlelayerfromparcels",
        {"PARCELS": f"{parcels}|layername=DLTB", "LAYER": "TTQ", "OUTPUT": str(ranges)},
    )
    mask_wkt = (
        f"MULTIPOLYGON((({X - 1} {Y + 40},{X + 100} {Y + 40},{X + 100} {Y + 99.996},"
        f"{X - 1} {Y + 99.996},{X - 1} {Y + 40})))"
    )
    mask = write_parcels(
        tmp_path / "mask.gpkg",
        EPSG,
        [{"wkt": mask_wkt}, {"wkt": rectangle(X + 299, Y - 1, 50, 50)}],
        "MASK",
        fields=(),
    )
    before = {f["BSM"]: f for f in features(ranges)}
    out = tmp_path / "left.gpkg"
    result = run(
        "erasesinglelayer",
        {"INPUT": str(ranges), "MASK": f"{mask}|layername=MASK", "OUTPUT": str(out)},
    )
    assert (result["KEPT"], result["CHANGED"], result["REMOVED"]) == (3, 1, 1)
    after = {f["BSM"]: f for f in features(out)}
    cut = next(b for b, f in before.items() if f["TBBH"] == "1")
    gone = next(b for b, f in before.items() if f["TBBH"] == "3")
    assert gone not in after
    for name in ("YSDM", "TBBH", "ZLDWDM", "ZLDWMC"):
        assert after[cut][name] == before[cut][name]
    exact = shapely.difference(shape_of(before[cut]), shapely.from_wkt(mask_wkt))
    big = max(shapely.get_parts(exact), key=lambda p: p.area)
    assert shape_of(after[cut]).equals(big)  # the 0.4 m² strip is dropped (MIN_AREA 1 m²)
    assert after[cut]["TTQMJ"] == pytest.approx(float(ellipsoidal_areas([big], ZONE)[0]), abs=0.01)
    untouched = next(b for b, f in before.items() if f["TBBH"] == "2")
    assert after[untouched]["TTQMJ"] == before[untouched]["TTQMJ"]


def test_from_the_command_line_on_the_demo_county(packaged_plugin, demo_county, tmp_path):
    from tests.processing.test_qgis_process import QGIS_PROCESS, qgis_process

    if not QGIS_PROCESS.exists():
        pytest.skip("qgis_process.bin not installed")
    _, zip_path = packaged_plugin
    gpkg = demo_county / "county.gpkg"
    ranges = tmp_path / "ttq.gpkg"
    answer = qgis_process(
        zip_path,
        tmp_path,
        "landsurvey:singlelayerfromparcels",
        f"PARCELS={gpkg}|layername=DLTB",
        "FILTER=\"DLBM\" LIKE '07%'",
        "LAYER=TTQ",
        "DISSOLVE=true",
        "PROFILE=2024-national",
        f"OUTPUT={ranges}",
    )
    count = int(answer["results"]["COUNT"])
    assert count == len({f["ZLDWDM"] for f in features(ranges)}) > 0
    out = tmp_path / "left.gpkg"
    answer = qgis_process(
        zip_path,
        tmp_path,
        "landsurvey:erasesinglelayer",
        f"INPUT={ranges}",
        f"MASK={gpkg}|layername=TTQ",
        "MIN_AREA=1",
        f"OUTPUT={out}",
    )
    assert int(answer["results"]["KEPT"]) + int(answer["results"]["REMOVED"]) == count
