"""Single-layer conflicts of the demo county, found by the profile's rules, and their fixes."""

from __future__ import annotations

import json
import shutil

import pytest
import shapely
from osgeo import ogr
from qgis.core import QgsProject, QgsVectorLayer

from landsurvey_plugin.adapters.single_layer_consistency import (
    CHANGE_CLASS,
    DELETE_RANGE,
    apply_fix,
    find_conflicts,
)
from landsurvey_plugin.model.profile import load_profile
from tests.parcels import rectangle, write_parcels

SINGLE = ("TTQ", "GFBQ", "CCWJQ", "GCHZZ")


def open_layer(path, name) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert layer.isValid(), name
    return layer


@pytest.fixture
def county(qgis_app, demo_county, tmp_path):
    gpkg = tmp_path / "county.gpkg"
    shutil.copy(demo_county / "county.gpkg", gpkg)
    sidecar = json.loads((demo_county / "defects.json").read_text(encoding="utf-8"))
    layers = {name: open_layer(gpkg, name) for name in SINGLE}
    return open_layer(gpkg, "DLTB"), open_layer(gpkg, "DLTB_2023"), layers, sidecar


def conflicts_of(parcels, previous, layers):
    return find_conflicts(
        parcels,
        previous,
        layers,
        load_profile("2024-national"),
        QgsProject.instance().transformContext(),
    )


def test_each_planted_conflict_is_found_with_its_fix(county):
    parcels, previous, layers, sidecar = county
    planted = [d for d in sidecar["defects"] if d["kind"].endswith("_wrong_host")]
    assert {d["layer"] for d in planted} == {"TTQ", "CCWJQ", "GCHZZ"}
    conflicts = conflicts_of(parcels, previous, layers)
    for defect in planted:
        mine = [c for c in conflicts if defect["key"] in c.finding.keys]
        assert mine, defect
        [conflict] = mine
        assert conflict.layer == defect["layer"]
        assert conflict.fix == DELETE_RANGE
        assert set(defect["related"]) <= set(conflict.parcel_keys)
        assert conflict.mask is not None and conflict.mask.area() > 1.0
        assert conflict.range_fids
    # nothing but the planted ones
    assert {c.finding.keys[0] for c in conflicts} == {d["key"] for d in planted}


def test_applying_every_fix_leaves_no_conflict(county):
    parcels, previous, layers, _ = county
    conflicts = conflicts_of(parcels, previous, layers)
    for conflict in conflicts:
        outcome = apply_fix(conflict, layers, "fix")
        assert outcome.applied, outcome.message
    assert conflicts_of(parcels, previous, layers) == []
    for layer in layers.values():
        layer.rollBack()


def test_fix_erases_the_ttq_part_under_the_parcel_changed_to_construction(county):
    parcels, previous, layers, sidecar = county
    [defect] = [d for d in sidecar["defects"] if d["kind"] == "ttq_wrong_host"]
    [conflict] = [c for c in conflicts_of(parcels, previous, layers) if c.layer == "TTQ"]
    ttq = layers["TTQ"]
    [fid] = conflict.range_fids
    before = ttq.getFeature(fid)
    host = next(p for p in parcels.getFeatures() if p["BSM"] == defect["related"][0])
    range_shape = shapely.from_wkb(bytes(before.geometry().asWkb()))
    host_shape = shapely.from_wkb(bytes(host.geometry().asWkb()))
    assert shapely.intersection(range_shape, host_shape).area > 1.0

    outcome = apply_fix(conflict, layers, "delete TTQ part")
    assert outcome.applied
    assert ttq.undoStack().count() == 1
    after = ttq.getFeature(fid)
    if fid in outcome.report.deleted:
        assert not after.isValid()
    else:
        shape = shapely.from_wkb(bytes(after.geometry().asWkb()))
        assert shapely.intersection(shape, host_shape).area < 0.01
        expected = shapely.difference(range_shape, host_shape).area
        assert shape.area == pytest.approx(expected, abs=1.0)
        assert after["BSM"] == before["BSM"]
        assert after["TTQMJ"] < before["TTQMJ"]
    ttq.undoStack().undo()
    restored = ttq.getFeature(fid)
    assert restored.geometry().asWkt() == before.geometry().asWkt()
    assert restored.attributes() == before.attributes()
    ttq.rollBack()


def test_clean_data_has_no_conflict_and_gfbq_asks_for_a_class_review(qgis_app, tmp_path):
    path = tmp_path / "clean.gpkg"
    x, y = 39_435_800.0, 4_411_300.0
    fields = (("BSM", ogr.OFTString), ("DLBM", ogr.OFTString), ("ZLDWDM", ogr.OFTString))
    parcels = [
        dict(wkt=rectangle(x, y, 100, 100), BSM="370102000000000001", DLBM="0103"),
        dict(wkt=rectangle(x + 100, y, 100, 100), BSM="370102000000000002", DLBM="0601"),
    ]
    write_parcels(path, 4527, parcels, fields=fields)
    write_parcels(path, 4527, parcels, "DLTB_2023", fields=fields)
    write_parcels(
        path, 4527, [dict(wkt=rectangle(x + 10, y + 10, 50, 50), BSM="370102000000000101")],
        "TTQ", fields=fields,
    )  # fmt: skip
    write_parcels(
        path, 4527, [dict(wkt=rectangle(x + 150, y + 10, 20, 20), BSM="370102000000000201")],
        "GFBQ", fields=fields,
    )  # fmt: skip
    dltb, prev = open_layer(path, "DLTB"), open_layer(path, "DLTB_2023")
    ttq, gfbq = open_layer(path, "TTQ"), open_layer(path, "GFBQ")
    assert conflicts_of(dltb, prev, {"TTQ": ttq}) == []
    [conflict] = conflicts_of(dltb, prev, {"TTQ": ttq, "GFBQ": gfbq})
    assert conflict.fix == CHANGE_CLASS and conflict.layer == "GFBQ"
    assert conflict.parcel_keys == ("370102000000000002",)
    outcome = apply_fix(conflict, {"GFBQ": gfbq}, "fix")
    assert not outcome.applied and "manual" in outcome.message
    assert not gfbq.isEditable()


def test_fix_erases_only_the_part_over_the_new_construction(qgis_app, tmp_path):
    path = tmp_path / "split.gpkg"
    x, y = 39_435_800.0, 4_411_300.0
    fields = (("BSM", ogr.OFTString), ("DLBM", ogr.OFTString), ("ZLDWDM", ogr.OFTString))
    now = [
        dict(wkt=rectangle(x, y, 100, 100), BSM="370102000000000001", DLBM="0103"),
        dict(wkt=rectangle(x + 100, y, 100, 100), BSM="370102000000000002", DLBM="0702"),
    ]
    before = [dict(p, DLBM="0103") for p in now]
    write_parcels(path, 4527, now, fields=fields)
    write_parcels(path, 4527, before, "DLTB_2023", fields=fields)
    ttq_fields = (*fields, ("TTQMJ", ogr.OFTReal))
    write_parcels(
        path, 4527, [dict(wkt=rectangle(x + 50, y + 10, 100, 50), BSM="370102000000000101",
                          TTQMJ=5000.0)],
        "TTQ", fields=ttq_fields,
    )  # fmt: skip
    dltb, prev, ttq = (open_layer(path, n) for n in ("DLTB", "DLTB_2023", "TTQ"))
    [conflict] = conflicts_of(dltb, prev, {"TTQ": ttq})
    assert conflict.rule == "ttq_on_new_construction"
    assert conflict.parcel_keys == ("370102000000000002",)
    assert conflict.mask.area() == pytest.approx(2500.0)
    outcome = apply_fix(conflict, {"TTQ": ttq}, "fix")
    assert outcome.applied and outcome.report.changed == list(conflict.range_fids)
    [feature] = list(ttq.getFeatures())
    shape = shapely.from_wkb(bytes(feature.geometry().asWkb()))
    assert shape.equals(shapely.box(x + 50, y + 10, x + 100, y + 60))
    assert feature["TTQMJ"] == pytest.approx(2500.0, rel=1e-3)
    assert feature["BSM"] == "370102000000000101"
    assert conflicts_of(dltb, prev, {"TTQ": ttq}) == []
    ttq.rollBack()
