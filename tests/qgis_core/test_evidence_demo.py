"""The demo county's planted evidence defects are all found by the evidence rules, and
nothing is reported on clean parcels or photos (demo generated into tmp by the real
generator; photos read from the real JPEG folder with the EXIF reader)."""

from __future__ import annotations

import json

from qgis.core import QgsCoordinateTransformContext, QgsVectorLayer

from landsurvey_plugin.adapters.check_dataset import build_dataset, snapshot
from landsurvey_plugin.adapters.photo_links_store import folder_photo_layer
from landsurvey_plugin.model.profile import load_profile
from landsurvey_plugin.rules.engine import run_checks

RULE_OF = {
    "no_gps": "photo_no_position",
    "truncated": "photo_no_position",
    "far_away": "photo_too_far",
    "looking_away": "photo_looking_away",
    "evidence_missing": "evidence_missing",
    "no_direction": "photo_no_direction",
    "outside_window": "photo_time_window",
    "hash_reused": "photo_hash_reused",
    "same_position": "photo_same_position",
}


def _run(demo):
    gpkg = demo / "county.gpkg"

    def layer(name):
        found = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
        assert found.isValid()
        return found

    photos = folder_photo_layer(demo / "photos")
    inputs = {
        "DLTB": snapshot(layer("DLTB"), "DLTB"),
        "DLTB_PREV": snapshot(layer("DLTB_2023"), "DLTB_PREV"),
        "PHOTOS": snapshot(photos, "PHOTOS"),
    }
    dataset, _ = build_dataset(inputs, QgsCoordinateTransformContext())
    profile = load_profile("2024-national")
    run = run_checks(dataset, profile, lang="en", select=lambda r: r.category == "evidence")
    assert not run.errors, run.errors[0].error
    assert all(o.skipped is None for o in run.outcomes), [
        (o.rule.id, o.skipped) for o in run.outcomes if o.skipped
    ]
    return run


def test_every_planted_evidence_defect_is_found_and_nothing_else(demo_county):
    sidecar = json.loads((demo_county / "defects.json").read_text(encoding="utf-8"))
    planted = [d for d in sidecar["defects"] if d["category"] == "photo"]
    assert {d["kind"] for d in planted} == set(RULE_OF)  # one case per evidence rule
    run = _run(demo_county)
    by_rule: dict[str, set[str]] = {}
    for finding in run.findings:
        by_rule.setdefault(finding.rule, set()).update(finding.keys)
    for defect in planted:
        assert defect["key"] in by_rule.get(RULE_OF[defect["kind"]], set()), defect
    assert set(RULE_OF.values()) == set(by_rule)
    # clean parcels and their photos: no finding names only clean features
    dirty = set(sidecar["defect_bsms"])
    for defect in planted:
        dirty.add(defect["key"])
        dirty.update(defect["related"])
    for finding in run.findings:
        named = {k.split("_")[0] for k in finding.keys} | set(finding.keys)
        assert named & dirty, (finding.rule, finding.feature_key, finding.message)
