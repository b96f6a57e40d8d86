"""The whole national catalogue on the demo county, read through the QGIS adapters.

``demo_county`` (tests/conftest.py) is the real generator's output with its ``defects.json``.
Every planted defect (photos aside: they are another issue's checks) must be found by the
rule family of its kind, and no finding may be about a clean parcel: each one names a
planted feature, a feature related to one, or a parcel whose class changed (the 流出耕地
review list).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from qgis.core import QgsProject, QgsVectorLayer

from landsurvey_plugin.adapters import expression_rules  # noqa: F401  (registers the kind)
from landsurvey_plugin.adapters.check_dataset import build_dataset, snapshot
from landsurvey_plugin.model.profile import load_profile
from landsurvey_plugin.rules.catalogue import rules_of
from landsurvey_plugin.rules.engine import CheckRun, run_checks

# rules whose photos or imagery the run has no reason to have: skipped, with that reason
NOT_LOADED = {f"layer {role} not loaded" for role in ("PHOTOS", "IMAGERY", "PREVIOUS_IMAGERY")}

ROLES = {
    "DLTB": "DLTB",
    "DLTB_PREV": "DLTB_2023",
    "XZQ": "XZQ",
    "TTQ": "TTQ",
    "GFBQ": "GFBQ",
    "CCWJQ": "CCWJQ",
    "GCHZZ": "GCHZZ",
}
# the rules that must report each kind of planted defect (defects.json "kind")
FAMILY = {
    "self_intersection": {"dltb_geometry_invalid"},
    "duplicate_vertex": {"dltb_duplicate_vertex"},
    "sliver": {"dltb_sliver"},
    "multipart": {"dltb_multipart"},
    "overlap": {"dltb_overlap"},
    "gap": {"dltb_gap"},
    "below_min_mapping_area": {"min_mapping_area"},
    "dlmc_mismatch": {"dlmc_mismatch"},
    "duplicate_bsm": {"bsm_unique"},
    "duplicate_tbbh": {"tbbh_unique"},
    "qsdwdm_length": {"qsdwdm_length"},
    "missing_zzsxdm": {"zzsxdm_required"},
    "gdpdjb_range": {"gdpdjb_domain", "gdpdjb_required"},
    "kcxs_without_kcdlbm": {"kcdlbm_with_kcxs"},
    "rural_road_width": {"rural_road_width"},
    "new_cultivated_fallow": {"new_cultivated_zzsx"},
    "tbmj_off": {"tbmj_ellipsoidal"},
    "ttq_wrong_host": {"ttq_on_new_construction"},
    "ccwjq_wrong_host": {"ccwjq_not_on_construction"},
    "gchzz_wrong_host": {"gchzz_outside_hosts"},
}
PLACEHOLDER = re.compile(r"\{[^{}\s]*\}")


def read(demo: Path, arrow: bool = True):
    gpkg = demo / "county.gpkg"
    layers = {r: QgsVectorLayer(f"{gpkg}|layername={n}", n, "ogr") for r, n in ROLES.items()}
    inputs = {}
    for role, layer in layers.items():
        assert layer.isValid(), role
        inputs[role] = snapshot(layer, role)
        assert inputs[role].ogr_path is not None  # a saved GeoPackage takes the Arrow path
        if not arrow:
            inputs[role].ogr_path = None  # force the QGIS feature path
    dataset, notes = build_dataset(inputs, QgsProject.instance().transformContext())
    return dataset, notes, layers


@pytest.fixture(scope="module")
def sidecar(demo_county) -> dict:
    return json.loads((demo_county / "defects.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def national_run(qgis_app, demo_county) -> CheckRun:
    dataset, notes, _ = read(demo_county)
    assert notes == []  # EPSG:4524 is the survey CRS: nothing assumed, nothing transformed
    return run_checks(dataset, load_profile("2024-national"), lang="zh")


def allowed_keys(sidecar: dict) -> set[str]:
    keys = set(sidecar["changes"])
    for defect in sidecar["defects"]:
        if defect["category"] != "photo":
            keys.add(defect["key"])
            keys.update(defect["related"])
    return keys


def test_every_rule_ran(national_run):
    assert national_run.errors == []
    # evidence rules need the photos (tests/qgis_core/test_evidence_demo.py)
    skipped = {
        o.rule.id: o.skipped
        for o in national_run.outcomes
        if o.skipped and o.skipped not in NOT_LOADED
    }
    assert skipped == {}
    assert len(national_run.outcomes) == len(rules_of(load_profile("2024-national")))


def test_every_planted_defect_is_found_by_its_rule(national_run, sidecar):
    defects = [d for d in sidecar["defects"] if d["category"] != "photo"]
    assert {d["kind"] for d in defects} <= FAMILY.keys(), "a new kind of planted defect"
    missed = []
    for defect in defects:
        wanted = {defect["key"], *defect["related"]}
        found = [
            f
            for f in national_run.findings
            if f.rule in FAMILY[defect["kind"]] and wanted.intersection(f.keys)
        ]
        if not found or not any(f.layer == defect["layer"] for f in found):
            missed.append((defect["kind"], defect["key"], defect["detail"]))
    assert missed == []


def test_no_finding_on_a_clean_parcel(national_run, sidecar):
    allowed = allowed_keys(sidecar)
    strays = [
        (f.rule, f.feature_key, f.message)
        for f in national_run.findings
        if not allowed.intersection(f.keys)
    ]
    assert strays == []


def test_messages_are_rendered(national_run):
    assert national_run.findings
    for finding in national_run.findings:
        assert not PLACEHOLDER.search(finding.message), finding.message
        assert finding.fids, finding


def test_the_outflow_review_list_is_the_changed_cultivated_land(national_run, sidecar):
    outflow = {
        bsm
        for bsm, change in sidecar["changes"].items()
        if change["was"].startswith("01") and not change["now"].startswith("01")
    }
    found = {f.feature_key for f in national_run.findings if f.rule == "cultivated_outflow"}
    assert outflow <= found
    # a parcel the generator cut off a 耕地 parcel as another class has no BSM last year: it
    # is matched to the 耕地 parcel under it, and is 流出耕地 too
    split_off = {
        d["key"] for d in sidecar["defects"] if d["kind"] in ("sliver", "below_min_mapping_area")
    }
    assert found - outflow <= split_off
    assert all(f.severity == "warning" for f in national_run.findings if f.rule in found)


def test_planted_areas_are_measured(national_run, sidecar):
    """The gap and overlap findings of the planted defects report the planted areas."""
    for kind, rule, total in [
        ("gap", "dltb_gap", sidecar["gap_area_m2"]),
        ("overlap", "dltb_overlap", sidecar["overlap_area_m2"]),
    ]:
        keys = {d["key"] for d in sidecar["defects"] if d["kind"] == kind}
        measured = sum(
            float(re.search(r"([0-9.]+) m²", f.message).group(1))
            for f in national_run.findings
            if f.rule == rule and keys.intersection(f.keys)
        )
        assert measured == pytest.approx(total, abs=0.01 * max(len(keys), 1)), kind


def test_both_read_paths_give_the_same_findings(qgis_app, demo_county, national_run):
    dataset, _, _ = read(demo_county, arrow=False)
    slow = run_checks(dataset, load_profile("2024-national"), lang="zh")
    assert slow.errors == []

    def rows(run: CheckRun):
        return sorted((f.rule, f.feature_key, f.message, f.fids, f.zldwdm) for f in run.findings)

    assert rows(slow) == rows(national_run)


def test_guizhou_runs_on_the_demo_county(qgis_app, demo_county, national_run, sidecar):
    dataset, _, _ = read(demo_county)
    guizhou = run_checks(dataset, load_profile("2024-guizhou"), lang="en")
    assert guizhou.errors == []
    assert {
        o.rule.id for o in guizhou.outcomes if o.skipped and o.skipped not in NOT_LOADED
    } == set()
    assert "remark_2024_weizhongzhi" in {o.rule.id for o in guizhou.outcomes}
    national = {f.identity for f in national_run.findings}
    remark = {f.identity for f in guizhou.findings if f.rule == "remark_2024_weizhongzhi"}
    assert {f.identity for f in guizhou.findings} == national | remark
    allowed = allowed_keys(sidecar)
    assert all(allowed.intersection(f.keys) for f in guizhou.findings)
