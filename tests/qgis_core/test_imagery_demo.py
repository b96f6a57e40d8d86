"""The imagery rules on the demo county: its images (dom.tif, the coarse old dom_patch.tif,
the undated dom_tile.tif, and dom_2023.tif as the previous image) through the real raster
pass, every planted imagery case of ``defects.json`` found by its rule, and no imagery
finding on a clean parcel."""

from __future__ import annotations

import json

import pytest

from landsurvey_plugin.adapters.raster_zonal import imagery_for
from landsurvey_plugin.model.profile import load_profile
from landsurvey_plugin.rules.catalogue import rules_of
from landsurvey_plugin.rules.engine import CheckRun, run_checks
from tests.qgis_core.test_checks_demo import read

# planted case kind (scripts/demo_data/imagery.py) -> the rule that must report it
FAMILY = {
    "uncovered": "imagery_not_covered",
    "coarse_resolution": "imagery_resolution",
    "date_outside_window": "imagery_date_outside_window",
    "date_unknown": "imagery_date_unknown",
    "older_than_previous": "imagery_older_than_previous",
    "cultivated_looks_built": "imagery_cultivated_looks_built",
    "built_looks_vegetated": "imagery_built_looks_vegetated",
    "water_looks_dry": "imagery_water_looks_dry",
    "vegetated_looks_built": "imagery_class_mismatch",
    "ttq_vegetated": "imagery_ttq_vegetated",
    "ccwjq_vegetated": "imagery_ccwjq_vegetated",
    "gfbq_without_panels": "imagery_gfbq_without_panels",
    "gchzz_without_cover": "imagery_gchzz_without_cover",
    "change_unrecorded": "imagery_change_unrecorded",
    "change_unseen": "imagery_change_unseen",
}


@pytest.fixture(scope="module")
def sidecar(demo_county) -> dict:
    return json.loads((demo_county / "defects.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def imagery_run(qgis_app, demo_county, sidecar) -> CheckRun:
    dataset, _, _ = read(demo_county)
    for label in ("current", "previous"):
        paths = [str(demo_county / name) for name in sidecar["imagery"][label]]
        dataset.imagery[label] = imagery_for(dataset, paths, label)
    profile = load_profile("2024-national")
    rules = [r for r in rules_of(profile) if r.category == "imagery"]
    return run_checks(dataset, profile, rules=rules, lang="zh")


def test_the_demo_plants_a_case_of_every_imagery_rule(sidecar):
    imagery_rules = {
        r.id for r in rules_of(load_profile("2024-national")) if r.category == "imagery"
    }
    planted = {FAMILY[d["kind"]] for d in sidecar["imagery_defects"]}
    assert planted == imagery_rules
    assert sidecar["imagery"]["dates"]["dom_patch.tif"] < "2023-12-31"


def test_every_imagery_rule_ran(imagery_run):
    assert imagery_run.errors == []
    assert [o.rule.id for o in imagery_run.outcomes if o.skipped] == []


def test_every_planted_imagery_case_is_found_by_its_rule(imagery_run, sidecar):
    missed = []
    for case in sidecar["imagery_defects"]:
        found = [
            f
            for f in imagery_run.findings
            if f.rule == FAMILY[case["kind"]] and case["key"] in f.keys and f.layer == case["layer"]
        ]
        if not found:
            missed.append((case["kind"], case["key"], case["detail"]))
    assert missed == []


def test_no_imagery_finding_on_a_clean_parcel(imagery_run, sidecar):
    allowed = set()
    for case in sidecar["imagery_defects"]:
        allowed.add(case["key"])
        allowed.update(case["related"])
    strays = [
        (f.rule, f.feature_key, f.message)
        for f in imagery_run.findings
        if not allowed.intersection(f.keys)
    ]
    assert strays == []


def test_what_the_pixels_show_carries_a_score_and_the_likely_class(imagery_run, sidecar):
    likely_of = {
        "cultivated_looks_built": "建设用地",
        "built_looks_vegetated": "园地/林地/草地",
        "vegetated_looks_built": "建设用地",
        "water_looks_dry": "建设用地",
    }
    for case in sidecar["imagery_defects"]:
        if case["kind"] not in likely_of:
            continue
        likely = likely_of[case["kind"]]
        rule = FAMILY[case["kind"]]
        (finding,) = [
            f for f in imagery_run.findings if f.rule == rule and f.feature_key == case["key"]
        ]
        assert finding.likely == likely and likely in finding.message
        assert finding.score is not None and finding.score >= 3.5
