"""Class-group signatures learned from the parcels themselves (model/class_signatures.py)
and the imagery rule kinds built on them (rules/kinds/imagery_signatures.py), on synthetic
per-parcel statistics: a grid of parcels whose pixels follow their class group, with a few
planted parcels whose pixels follow another group."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from landsurvey_plugin.model import class_signatures as cs
from landsurvey_plugin.model.gauss_kruger import zone_from_epsg
from landsurvey_plugin.model.imagery_stats import ImageryStats, ZoneStats
from landsurvey_plugin.model.profile import load_profile
from landsurvey_plugin.rules.catalogue import rules_of
from landsurvey_plugin.rules.dataset import Dataset, LayerData
from landsurvey_plugin.rules.engine import run_checks

NATIONAL = load_profile("2024-national")
ZONE = zone_from_epsg(4524)
X0, Y0, CELL = 36_501_000.0, 2_940_000.0, 50.0

# mean R, G, B; std; greenness (ExG); brightness; texture — 0..1 like the raster pass
PROTO = {
    "cultivated": ((0.41, 0.53, 0.27), 0.06, 0.15, 0.40, 0.05),
    "vegetated": ((0.20, 0.35, 0.18), 0.08, 0.20, 0.24, 0.08),
    "built": ((0.72, 0.70, 0.69), 0.07, -0.02, 0.70, 0.10),
    "water": ((0.19, 0.35, 0.49), 0.02, 0.00, 0.34, 0.01),
    "bare": ((0.60, 0.48, 0.32), 0.05, -0.05, 0.47, 0.04),
    "facility": ((0.84, 0.86, 0.87), 0.05, 0.00, 0.86, 0.06),
    "panels": ((0.13, 0.16, 0.28), 0.20, 0.00, 0.19, 0.30),
}
CODE = {
    "cultivated": "0103",
    "vegetated": "0301",
    "built": "0702",
    "water": "1104",
    "bare": "1206",
    "facility": "1202",
}
PER_GROUP = 20
KINDS = ("imagery_class_mismatch", "imagery_range_looks", "imagery_change")


def zone_of(role: str, looks: list[str], seed: int, pixels: int = 2000) -> ZoneStats:
    """Statistics of parcels that look like ``looks``, with parcel-to-parcel noise."""
    rng = np.random.default_rng(seed)
    n = len(looks)
    mean = np.array([PROTO[g][0] for g in looks]) + rng.normal(0, 0.015, (n, 3))
    std = np.array([[PROTO[g][1]] * 3 for g in looks]) * rng.uniform(0.9, 1.1, (n, 1))
    col = [np.array([PROTO[g][k] for g in looks]) for k in (2, 3, 4)]
    return ZoneStats(
        role=role,
        pixels=np.full(n, pixels, np.int64),
        covered=np.ones(n),
        uncovered=np.full(n, None, dtype=object),
        pixel_size_m=np.full(n, 0.8),
        mean=mean,
        std=std,
        greenness=col[0] + rng.normal(0, 0.01, n),
        brightness=mean.mean(axis=1),
        texture=col[2] * rng.uniform(0.9, 1.1, n),
    )


def layer(role: str, bsm: list[str], shapes: list, columns: dict) -> LayerData:
    n = len(bsm)
    cols = {"BSM": np.array(bsm, dtype=object), **columns}
    return LayerData(role, role, np.arange(1, n + 1), np.array(shapes, dtype=object), [None] * n,
                     {k.upper(): np.asarray(v, dtype=object) for k, v in cols.items()})  # fmt: skip


class County:
    """PER_GROUP parcels per group in rows of a grid; ``looks`` overrides what a parcel's
    pixels show, ``before`` what they showed on the previous image."""

    def __init__(self) -> None:
        self.groups = [g for g in CODE for _ in range(PER_GROUP)]
        self.dlbm = [CODE[g] for g in self.groups]
        self.prev_dlbm = list(self.dlbm)
        self.looks = list(self.groups)
        self.before = list(self.groups)
        self.ranges: dict[str, list[tuple[int, str]]] = {}  # role -> (host row, looks)

    def row(self, group: str, k: int = 0) -> int:
        return [i for i, g in enumerate(self.groups) if g == group][k]

    def shape(self, i: int) -> shapely.Polygon:
        c, r = i % PER_GROUP, i // PER_GROUP
        return shapely.box(X0 + c * CELL, Y0 + r * CELL, X0 + (c + 1) * CELL, Y0 + (r + 1) * CELL)

    def dataset(self, previous_image: bool = True) -> Dataset:
        n = len(self.groups)
        bsm = [f"P{i:03d}" for i in range(n)]
        shapes = [self.shape(i) for i in range(n)]
        layers = {
            "DLTB": layer("DLTB", bsm, shapes, {"DLBM": self.dlbm}),
            "DLTB_PREV": layer("DLTB_PREV", bsm, shapes, {"DLBM": self.prev_dlbm}),
        }
        current = ImageryStats("current", ["dom.tif"], ["R", "G", "B"], "ExG")
        current.zones["DLTB"] = zone_of("DLTB", self.looks, 1)
        for role, items in self.ranges.items():
            keys = [f"{role}{k}" for k in range(len(items))]
            inset = [shapely.buffer(shapes[h], -5.0) for h, _ in items]
            layers[role] = layer(role, keys, inset, {})
            current.zones[role] = zone_of(role, [g for _, g in items], 3)
        imagery = {"current": current}
        if previous_image:
            previous = ImageryStats("previous", ["dom_2023.tif"], ["R", "G", "B"], "ExG")
            previous.zones["DLTB"] = zone_of("DLTB", self.before, 2)
            imagery["previous"] = previous
        return Dataset(layers, ZONE, "EPSG:4524", imagery=imagery)


def imagery_run(county: County, **kw):
    rules = [r for r in rules_of(NATIONAL) if r.kind in KINDS]
    run = run_checks(county.dataset(**kw), NATIONAL, rules=rules, lang="zh")
    assert run.errors == []
    return run


def found(run, rule: str) -> list[str]:
    return sorted(f.feature_key for f in run.findings if f.rule == rule)


# -- the model --------------------------------------------------------------------------


def test_groups_take_the_longest_prefix():
    got = cs.groups_of(["0101", "1109", "1101", "1202", "1206", "0702", "", "9999"])
    assert list(got) == ["cultivated", "built", "water", "facility", "bare", "built", "", ""]


def test_signatures_are_robust_to_a_few_wrong_parcels():
    county = County()
    clean = cs.feature_matrix(zone_of("DLTB", county.groups, 1))
    for k in range(4):  # 4 of 20 耕地 parcels look built-up
        county.looks[county.row("cultivated", k)] = "built"
    dirty = cs.feature_matrix(zone_of("DLTB", county.looks, 1))
    labels = cs.groups_of(county.dlbm)
    usable = np.ones(len(labels), bool)
    a = cs.learn(clean, labels, usable)
    b = cs.learn(dirty, labels, usable)
    g = a.index("cultivated")
    # the median moves by a fraction of the spread; a mean would move by ~0.2 × 0.3 = 0.06
    assert np.all(np.abs(a.centre[g] - b.centre[g]) < a.scale[g])
    verdict = cs.classify(b, dirty, labels)
    wrong = [county.row("cultivated", k) for k in range(4)]
    assert set(np.flatnonzero(verdict.own > 4.0)) == set(wrong)
    assert set(verdict.likely[wrong]) == {"built"}
    assert np.all(verdict.likely[np.setdiff1d(np.arange(len(labels)), wrong)] == labels[
        np.setdiff1d(np.arange(len(labels)), wrong)])  # fmt: skip


def test_small_groups_are_not_learned_and_their_parcels_get_no_score():
    county = County()
    x = cs.feature_matrix(zone_of("DLTB", county.groups, 1))
    labels = cs.groups_of(county.dlbm)
    sig = cs.learn(x, labels, np.ones(len(x), bool), min_count=PER_GROUP + 1)
    assert sig.groups == []
    verdict = cs.classify(sig, x, labels)
    assert np.all(np.isnan(verdict.own)) and set(verdict.likely) == {""}


def test_rows_without_pixels_are_nan_and_never_learned():
    county = County()
    zone = zone_of("DLTB", county.groups, 1)
    zone.pixels[:5] = 0
    x = cs.feature_matrix(zone)
    assert np.all(np.isnan(x[:5])) and np.all(np.isfinite(x[5:]))
    verdict = cs.classify(cs.learn(x, cs.groups_of(county.dlbm), np.ones(len(x), bool)), x, None)
    assert list(verdict.likely[:5]) == [""] * 5


def test_change_scores_cancel_a_global_shift_and_find_the_changed_parcel():
    county = County()
    before = cs.feature_matrix(zone_of("DLTB", county.groups, 2))
    county.looks[county.row("vegetated", 3)] = "built"
    now = cs.feature_matrix(zone_of("DLTB", county.looks, 1)) + 0.05  # brighter image
    score = cs.change_scores(now, before, np.ones(len(now), bool))
    assert np.argmax(score) == county.row("vegetated", 3)
    assert score[county.row("vegetated", 3)] > 4.0
    assert np.sum(score > 4.0) == 1


# -- the rule kinds ---------------------------------------------------------------------


def test_a_county_that_looks_like_its_classes_has_no_imagery_finding():
    run = imagery_run(County())
    assert run.findings == []


def test_no_imagery_no_findings():
    dataset = County().dataset()
    dataset.imagery = {}
    run = run_checks(dataset, NATIONAL, rules=[r for r in rules_of(NATIONAL) if r.kind in KINDS])
    assert run.errors == [] and run.findings == []


@pytest.mark.parametrize(
    ("own", "looks", "rule"),
    [
        ("cultivated", "built", "imagery_cultivated_looks_built"),
        ("built", "vegetated", "imagery_built_looks_vegetated"),
        ("water", "bare", "imagery_water_looks_dry"),
        ("vegetated", "built", "imagery_class_mismatch"),
    ],
)
def test_a_parcel_that_looks_like_another_group_is_reported_once(own, looks, rule):
    county = County()
    row = county.row(own, 5)
    county.looks[row] = looks
    county.before[row] = looks  # no change between the dates: only the class rule fires
    run = imagery_run(county)
    assert [(f.rule, f.feature_key) for f in run.findings] == [(rule, f"P{row:03d}")]
    finding = run.findings[0]
    assert finding.category == "imagery" and finding.score > 4.0
    assert finding.likely == cs.group_name(looks)
    assert cs.group_name(looks) in finding.message and "{" not in finding.message


def test_a_parcel_under_a_single_layer_range_is_explained_by_it():
    county = County()
    row = county.row("cultivated", 2)
    county.looks[row] = county.before[row] = "bare"
    county.ranges["TTQ"] = [(row, "bare")]
    run = imagery_run(county)
    assert found(run, "imagery_class_mismatch") == []


@pytest.mark.parametrize(
    ("role", "normal", "wrong", "rule"),
    [
        ("TTQ", "bare", "vegetated", "imagery_ttq_vegetated"),
        ("CCWJQ", "built", "cultivated", "imagery_ccwjq_vegetated"),
        ("GFBQ", "panels", "vegetated", "imagery_gfbq_without_panels"),
        ("GCHZZ", "facility", "cultivated", "imagery_gchzz_without_cover"),
    ],
)
def test_single_layer_ranges(role, normal, wrong, rule):
    county = County()
    hosts = [county.row("vegetated", k) for k in range(10, 15)]
    for h in hosts:  # the host parcels look like their range (explained by it)
        county.looks[h] = county.before[h] = normal
    county.ranges[role] = [(h, normal) for h in hosts[:4]] + [(hosts[4], wrong)]
    run = imagery_run(county)
    assert found(run, rule) == [f"{role}4"]
    finding = next(f for f in run.findings if f.rule == rule)
    assert finding.layer == role and finding.likely == cs.group_name(wrong)
    assert finding.score is not None and finding.score > 2.0  # unlike the layer's other ranges
    assert [f.rule for f in run.findings] == [rule]


def test_two_dates_unrecorded_change_and_unseen_change():
    county = County()
    quiet = county.row("vegetated", 7)
    county.before[quiet] = "vegetated"
    county.looks[quiet] = "bare"  # cleared on the ground, still 0301 in the survey
    paper = county.row("cultivated", 9)
    county.prev_dlbm[paper] = "0103"
    county.dlbm[paper] = "0702"  # changed to built-up on paper, the field is still a field
    county.groups[paper] = "built"
    county.looks[paper] = county.before[paper] = "cultivated"
    run = imagery_run(county)
    assert found(run, "imagery_change_unrecorded") == [f"P{quiet:03d}"]
    assert found(run, "imagery_change_unseen") == [f"P{paper:03d}"]
    unrec = next(f for f in run.findings if f.rule == "imagery_change_unrecorded")
    assert "园地/林地/草地" in unrec.message and "裸地" in unrec.message
    assert unrec.score > 4.0
    unseen = next(f for f in run.findings if f.rule == "imagery_change_unseen")
    assert "0103" in unseen.message and unseen.score < 2.0


def test_two_date_rules_need_the_previous_image():
    county = County()
    county.looks[county.row("vegetated", 7)] = "bare"
    run = imagery_run(county, previous_image=False)
    assert found(run, "imagery_change_unrecorded") == []
    assert found(run, "imagery_class_mismatch") == [f"P{county.row('vegetated', 7):03d}"]
