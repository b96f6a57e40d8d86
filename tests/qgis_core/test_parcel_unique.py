"""BSM / TBBH uniqueness in the one-parcel check: the value index (saved data + edit
buffer), the county check's own messages, and batch edits refusing duplicates (real GPKG)."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest
from qgis.core import QgsFeature, QgsFeatureRequest, QgsProject, QgsVectorLayer

from landsurvey_plugin.adapters.check_dataset import build_dataset, snapshot
from landsurvey_plugin.adapters.parcel_edit import ParcelChecker, batch_edit, schema_values
from landsurvey_plugin.model.profile import load_profile
from landsurvey_plugin.rules.catalogue import rules_of
from landsurvey_plugin.rules.dataset import PARCELS
from landsurvey_plugin.rules.engine import run_checks

PROFILE = load_profile("2024-national")


@pytest.fixture
def dltb(tmp_path, demo_county, qgis_app):
    target = tmp_path / "county.gpkg"
    shutil.copy(demo_county / "county.gpkg", target)
    layer = QgsVectorLayer(f"{target}|layername=DLTB", "DLTB", "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)  # the project deletes it (not Python at exit)
    yield layer
    if layer.isEditable():
        layer.rollBack()
    QgsProject.instance().removeMapLayer(layer.id())


@pytest.fixture
def checker(dltb):
    found = ParcelChecker(dltb, PROFILE, QgsProject.instance(), None, "zh")
    yield found
    found.close()


def features(layer: QgsVectorLayer) -> list[QgsFeature]:
    return list(layer.getFeatures(QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)))


def clean(layer: QgsVectorLayer) -> list[QgsFeature]:
    """Parcels whose BSM and (ZLDWDM, TBBH) no other parcel holds (the demo plants one of
    each duplicate)."""
    all_ = features(layer)
    bsm = Counter(f["BSM"] for f in all_)
    tbbh = Counter((f["ZLDWDM"], f["TBBH"]) for f in all_)
    return [f for f in all_ if bsm[f["BSM"]] == 1 and tbbh[(f["ZLDWDM"], f["TBBH"])] == 1]


def feature(layer: QgsVectorLayer, fid: int) -> QgsFeature:
    return next(layer.getFeatures(QgsFeatureRequest(fid)))


def check(checker: ParcelChecker, fid: int, **typed) -> dict[str, object]:
    """The findings of parcel ``fid`` with ``typed`` values: rule -> FieldFinding."""
    stored = feature(checker.layer, fid)
    row = {**schema_values(stored, checker.mapping), **typed}
    return {f.finding.rule: f for f in checker.check(fid, row, stored.geometry()).findings}


def county_check(layer: QgsVectorLayer, rule_id: str):
    """The county check's findings of one rule (edit buffer included)."""
    dataset, _ = build_dataset(
        {PARCELS: snapshot(layer, PARCELS)}, QgsProject.instance().transformContext()
    )
    rules = [r for r in rules_of(PROFILE) if r.id == rule_id]
    return run_checks(dataset, PROFILE, rules=rules, lang="zh").findings


def test_the_index_holds_the_saved_parcels_and_the_planted_duplicates(dltb, checker):
    index = checker.values
    assert set(index.keys) == {"bsm_unique", "tbbh_unique"}
    all_ = features(dltb)
    bsm = Counter(f["BSM"] for f in all_)
    planted = [value for value, n in bsm.items() if n == 2]
    assert len(planted) == 1
    holders = index.holders("bsm_unique", [planted[0]])
    assert sorted(holders) == sorted(f.id() for f in all_ if f["BSM"] == planted[0])
    one = clean(dltb)[0]
    assert index.holders("bsm_unique", [one["BSM"]]) == [one.id()]
    assert index.holders("tbbh_unique", [one["ZLDWDM"], one["TBBH"]]) == [one.id()]
    assert index.holders("tbbh_unique", ["", one["TBBH"]]) == []  # empty keys: not indexed
    assert index.build_seconds > 0


def test_the_index_follows_the_edit_buffer_commit_and_rollback(dltb, checker):
    index = checker.values
    a, b = clean(dltb)[:2]
    bsm = dltb.fields().lookupField("BSM")
    assert index.holders("bsm_unique", [a["BSM"]]) == [a.id()]
    dltb.startEditing()
    dltb.changeAttributeValue(a.id(), bsm, "520199000000999001")  # a frees its BSM
    assert index.holders("bsm_unique", [a["BSM"]]) == []
    assert index.holders("bsm_unique", ["520199000000999001"]) == [a.id()]
    new = QgsFeature(dltb.fields())
    new.setAttribute(bsm, b["BSM"])  # a parcel added with b's BSM
    assert dltb.addFeature(new)
    added = [fid for fid in dltb.editBuffer().addedFeatures()]
    assert sorted(index.holders("bsm_unique", [b["BSM"]])) == sorted([b.id(), *added])
    dltb.deleteFeature(b.id())
    assert index.holders("bsm_unique", [b["BSM"]]) == added
    dltb.rollBack()
    assert index.holders("bsm_unique", [a["BSM"]]) == [a.id()]
    assert index.holders("bsm_unique", [b["BSM"]]) == [b.id()]
    assert index.holders("bsm_unique", ["520199000000999001"]) == []
    dltb.startEditing()
    dltb.changeAttributeValue(a.id(), bsm, "520199000000999002")
    assert dltb.commitChanges()  # the saved part is read again
    assert index.holders("bsm_unique", ["520199000000999002"]) == [a.id()]
    assert index.holders("bsm_unique", [a["BSM"]]) == []


def test_a_typed_bsm_of_another_parcel_gives_the_county_checks_finding(dltb, checker):
    a, b = clean(dltb)[:2]
    found = check(checker, a.id(), BSM=b["BSM"])
    assert set(found) >= {"bsm_unique"}
    live = found["bsm_unique"]
    assert live.fields == ("BSM",)
    assert set(live.finding.fids) == {a.id(), b.id()}
    assert "bsm_unique" not in check(checker, a.id())  # its own BSM: no finding
    dltb.startEditing()  # the same value written: the county check says the same
    dltb.changeAttributeValue(a.id(), dltb.fields().lookupField("BSM"), b["BSM"])
    county = [f for f in county_check(dltb, "bsm_unique") if b["BSM"] in f.feature_key]
    assert len(county) == 1
    assert live.finding.message == county[0].message
    assert live.finding.source == county[0].source and live.finding.severity == "error"


def test_a_tbbh_counts_within_its_zuoluo_unit_only(dltb, checker):
    parcels = clean(dltb)
    units = Counter(f["ZLDWDM"] for f in features(dltb))
    smallest = min(units, key=units.get)  # parcels are numbered 1, 2, … in each unit
    a = next(f for f in parcels if f["ZLDWDM"] == smallest)
    same = next(f for f in parcels if f["ZLDWDM"] == smallest and f.id() != a.id())
    taken = {f["TBBH"] for f in features(dltb) if f["ZLDWDM"] == smallest}
    # a TBBH only another 坐落单位 uses
    other = next(f for f in parcels if f["ZLDWDM"] != smallest and f["TBBH"] not in taken)
    found = check(checker, a.id(), TBBH=same["TBBH"])
    assert found["tbbh_unique"].fields == ("TBBH",)
    assert set(found["tbbh_unique"].finding.fids) == {a.id(), same.id()}
    assert "tbbh_unique" not in check(checker, a.id(), TBBH=other["TBBH"])
    # typing the other unit's ZLDWDM moves the parcel there: the TBBH now collides
    moved = check(checker, a.id(), ZLDWDM=other["ZLDWDM"], TBBH=other["TBBH"])
    assert set(moved["tbbh_unique"].finding.fids) == {a.id(), other.id()}
    dltb.startEditing()
    dltb.changeAttributeValue(a.id(), dltb.fields().lookupField("TBBH"), same["TBBH"])
    county = [f for f in county_check(dltb, "tbbh_unique") if a.id() in f.fids]
    assert [f.message for f in county] == [found["tbbh_unique"].finding.message]


def test_batch_edit_refuses_parcels_it_would_give_one_bsm_or_tbbh(dltb, checker):
    parcels = clean(dltb)
    dltb.startEditing()
    three = [f.id() for f in parcels[:3]]
    report = batch_edit(checker, three, {"BSM": "520199000000999003"}, "one BSM")
    assert report.changed == 0 and sorted(fid for fid, _, _ in report.refused) == sorted(three)
    assert all(
        any("520199000000999003" in why and "3" in why for why in reasons)
        for _, _, reasons in report.refused
    )
    report = batch_edit(checker, [three[0]], {"BSM": parcels[5]["BSM"]}, "a taken BSM")
    assert report.changed == 0 and len(report.refused) == 1
    assert "标识码" in report.refused[0][2][0]
    assert all(feature(dltb, fid)["BSM"] == f["BSM"] for fid, f in zip(three, parcels))
    # one TBBH on parcels of different 坐落单位 is fine; two in one unit are refused
    by_unit: dict[str, list[int]] = {}
    for f in parcels:
        by_unit.setdefault(f["ZLDWDM"], []).append(f.id())
    units = [ids for ids in by_unit.values() if len(ids) >= 3]
    assert len(units) >= 2
    report = batch_edit(checker, [units[0][0], units[1][0]], {"TBBH": "9001"}, "per unit")
    assert report.changed == 2 and not report.refused
    together = units[0][1:3]
    report = batch_edit(checker, together, {"TBBH": "9002"}, "two in one unit")
    assert report.changed == 0 and sorted(fid for fid, _, _ in report.refused) == together
    assert all("图斑编号" in reasons[0] for _, _, reasons in report.refused)
    # 9001 is now held in the edit buffer by units[0][0]: the index sees it
    report = batch_edit(checker, [units[0][1]], {"TBBH": "9001"}, "9001 again in the unit")
    assert report.changed == 0 and [fid for fid, _, _ in report.refused] == [units[0][1]]
    assert all(feature(dltb, fid)["TBBH"] != "9002" for fid in together)
    assert feature(dltb, units[0][0])["TBBH"] == "9001"


def test_the_arrow_and_provider_reads_agree_and_an_edited_layer_is_read_by_qgis(dltb, checker):
    index = checker.values
    fids, columns = index._read_arrow()  # a saved GeoPackage: GDAL's bulk reader
    assert len(fids) == dltb.featureCount()
    saved_fids, saved_columns = index._read_provider()  # QGIS's provider, one by one
    assert sorted(zip(fids, *columns)) == sorted(zip(saved_fids, *saved_columns))
    dltb.startEditing()
    a, b = clean(dltb)[:2]
    dltb.changeAttributeValue(a.id(), dltb.fields().lookupField("BSM"), b["BSM"])
    assert index._read_arrow() is None  # unsaved edits: the provider, then the buffer
    fresh = ParcelChecker(dltb, PROFILE, QgsProject.instance(), None, "zh")
    try:
        assert sorted(fresh.values.holders("bsm_unique", [b["BSM"]])) == sorted([a.id(), b.id()])
        assert fresh.values.holders("bsm_unique", [a["BSM"]]) == []
    finally:
        fresh.close()


def test_check_unique_keeps_the_edited_parcels_findings_in_the_county_order():
    from landsurvey_plugin.model.gauss_kruger import GKZone
    from landsurvey_plugin.rules.single_feature import UNIQUE_KIND, check_unique, parcel_rules

    rules = parcel_rules(PROFILE, {UNIQUE_KIND})
    unit = "5201991002000000000"
    edited = {"BSM": "520199000000100009", "ZLDWDM": unit, "TBBH": "7"}
    others = [
        {"BSM": "520199000000100002", "ZLDWDM": unit, "TBBH": "7"},  # same TBBH, same unit
        {"BSM": "520199000000100003", "ZLDWDM": unit, "TBBH": "8"},  # these two share a
        {"BSM": "520199000000100004", "ZLDWDM": unit, "TBBH": "8"},  # TBBH: not the edited's
        {"BSM": "520199000000100005", "ZLDWDM": "5201991003000000000", "TBBH": "7"},
    ]
    zone = GKZone(108.0, 36_500_000.0, 36, 3)
    [found] = check_unique([edited], [None], [9], others, [2, 3, 4, 5], zone, PROFILE, rules)
    assert [f.finding.rule for f in found] == ["tbbh_unique"]
    assert found[0].fields == ("TBBH",) and set(found[0].finding.fids) == {2, 9}
    # the parcels listed as the county check reads them: by fid (2 before the edited 9)
    key = "520199000000100002;520199000000100009"
    assert found[0].finding.feature_key == key and found[0].finding.message.endswith(key)
    [alone] = check_unique([{**edited, "TBBH": "9"}], [None], [9], [], [], zone, PROFILE, rules)
    assert alone == []
