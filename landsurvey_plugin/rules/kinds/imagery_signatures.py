"""Imagery rules on what the pixels show: a parcel or range whose signature belongs to
another class group, and changes between two image dates the parcels do not record.

Signatures are learned per run from the county's own parcels (``model.class_signatures``)
from the per-feature statistics in ``Dataset.imagery``; without imagery these kinds find
nothing. Thresholds are the rules' parameters in the profile (rules_imagery.json).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import shapely

from landsurvey_plugin.model import class_signatures as cs
from landsurvey_plugin.model.imagery_stats import CURRENT, PREVIOUS, ImageryStats, ZoneStats
from landsurvey_plugin.rules.catalogue import RuleSpec
from landsurvey_plugin.rules.context import CheckContext
from landsurvey_plugin.rules.dataset import PARCELS
from landsurvey_plugin.rules.dataset import PREVIOUS as PREVIOUS_LAYER
from landsurvey_plugin.rules.findings import Finding
from landsurvey_plugin.rules.registry import register

# ranges that legitimately change what a parcel looks like (seed 000 三(四)2)
RANGE_ROLES = ("TTQ", "GFBQ", "CCWJQ", "GCHZZ")


def _zone(context: CheckContext, label: str, role: str) -> ZoneStats | None:
    stats: ImageryStats | None = context.dataset.imagery.get(label)
    if stats is None or role not in stats.zones or role not in context.dataset:
        return None
    zone = stats.zones[role]
    return zone if len(zone) == len(context.layer(role)) else None


def _groups(rule: RuleSpec) -> dict[str, tuple[str, ...]]:
    raw = rule.params.get("groups")
    return cs.DEFAULT_GROUPS if not raw else {g: tuple(p) for g, p in raw.items()}


def _usable(zone: ZoneStats, rule: RuleSpec) -> np.ndarray:
    """Rows with enough valid pixels to say what they show (small or half-covered parcels
    mix their neighbours' pixels in)."""
    covered = np.nan_to_num(np.asarray(zone.covered, float), nan=0.0)
    return (np.asarray(zone.pixels) >= int(rule.params.get("min_pixels", 100))) & (
        covered >= float(rule.params.get("min_covered", 0.9))
    )


def _dlbm(context: CheckContext) -> np.ndarray:
    return context.layer(PARCELS).text("DLBM")


def signatures(context: CheckContext, rule: RuleSpec, label: str = CURRENT):
    """The county's class-group signatures of one image date, learned once per run."""
    groups = _groups(rule)
    min_count = int(rule.params.get("min_count", 8))
    floor = float(rule.params.get("floor", 0.1))
    key = ("imagery_signatures", label, repr(sorted(groups.items())), rule.params.get("min_pixels"),
           rule.params.get("min_covered"), min_count, floor)  # fmt: skip

    def compute():
        zone = _zone(context, label, PARCELS)
        if zone is None:
            return None
        x = cs.feature_matrix(zone)
        labels = cs.groups_of(_dlbm(context), groups)
        usable = _usable(zone, rule)
        learned = cs.learn(
            x, labels, usable, classes=_dlbm(context), min_count=min_count, floor=floor
        )
        return x, labels, usable, learned

    return context.cached(key, compute)


def range_share(context: CheckContext) -> np.ndarray:
    """Fraction of each parcel under any single-layer range: a 推土区, panel array or
    half-demolished range explains pixels that differ from the parcel's class."""

    def compute() -> np.ndarray:
        n = len(context.layer(PARCELS))
        covered = np.zeros(n)
        shapes = context.valid_shapes(PARCELS)
        for role in RANGE_ROLES:
            if role not in context.dataset:
                continue
            ranges = context.valid_shapes(role)
            rows = np.flatnonzero(np.array([r is not None for r in ranges], bool))
            if not len(rows):
                continue
            hits = context.tree(PARCELS).query(ranges[rows], predicate="intersects")
            if not hits.shape[1]:
                continue
            shared = shapely.area(shapely.intersection(ranges[rows][hits[0]], shapes[hits[1]]))
            covered += np.bincount(hits[1], weights=shared, minlength=n)
        area = np.array([s.area if s is not None else np.nan for s in shapes])
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.nan_to_num(covered / area, nan=0.0)

    return context.cached(("imagery_range_share",), compute)


def _with_score(found: list[Finding], scores: list[float], likely: list[str]) -> list[Finding]:
    return [
        dataclasses.replace(f, score=round(float(s), 2), likely=g)
        for f, s, g in zip(found, scores, likely)
    ]


def _args(context: CheckContext, zone: ZoneStats, i: int, **extra: Any) -> dict[str, Any]:
    return {
        "greenness": f"{float(zone.greenness[i]):.2f}",
        "brightness": f"{float(zone.brightness[i]):.2f}",
        "texture": f"{float(zone.texture[i]):.3f}",
        **extra,
    }


@register("imagery_class_mismatch")
def class_mismatch(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Parcels far from their own group's signature and nearer another group's.

    ``own``/``looks`` restrict the groups (耕地 that looks built-up …); ``unless`` lists
    [own, looks] pairs other rules report, so that one parcel is reported once.
    """
    learned = signatures(context, rule)
    if learned is None:
        return []
    x, labels, usable, sig = learned
    zone = _zone(context, CURRENT, PARCELS)
    verdict = cs.classify(sig, x, labels, _dlbm(context))
    p = rule.params
    own_ok = np.isin(labels, list(p["own"])) if p.get("own") else labels != ""
    looks_ok = np.isin(verdict.likely, list(p["looks"])) if p.get("looks") else verdict.likely != ""
    flagged = (
        usable
        & own_ok
        & looks_ok
        & (verdict.likely != labels)
        & (np.nan_to_num(verdict.own, nan=0.0) > float(p.get("score_min", 3.5)))
        & (verdict.likely_distance * float(p.get("ratio", 2.0)) < verdict.own)
        & (range_share(context) <= float(p.get("max_range_share", 0.2)))
    )
    for own, looks in p.get("unless", ()):
        flagged &= ~((labels == own) & (verdict.likely == looks))
    rows = np.flatnonzero(flagged)
    lang = context.lang
    found = context.row_findings(
        rule,
        PARCELS,
        rows,
        args=lambda i: _args(
            context,
            zone,
            i,
            score=f"{verdict.own[i]:.1f}",
            likely=cs.group_name(str(verdict.likely[i]), lang),
            own=cs.group_name(str(labels[i]), lang),
        ),
    )
    return _with_score(
        found,
        [verdict.own[i] for i in rows],
        [cs.group_name(str(verdict.likely[i]), lang) for i in rows],
    )


@register("imagery_range_looks")
def range_looks(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Single-layer ranges that look like ordinary ground of ``looks`` groups: a 推土区 now
    green (the state has ended), panels or greenhouse cover that are not there.

    The score is the range's distance from its own layer's signature (learned from the
    layer's ranges when there are ``min_ranges`` of them), else from the nearest group.
    """
    learned = signatures(context, rule)
    zone = _zone(context, CURRENT, rule.layer)
    if learned is None or zone is None:
        return []
    sig = learned[3]
    x = cs.feature_matrix(zone)
    usable = _usable(zone, rule)
    verdict = cs.classify(sig, x, None)
    p = rule.params
    flagged = (
        usable
        & np.isin(verdict.likely, list(p["looks"]))
        & (verdict.likely_distance <= float(p.get("typical_max", 2.5)))
    )
    own = cs.learn(
        x,
        np.full(len(x), rule.layer, dtype=object),
        usable,
        min_count=int(p.get("min_ranges", 3)),
        floor=float(p.get("floor", 0.1)),
    )
    score = cs.classify(own, x, np.full(len(x), rule.layer, dtype=object)).own
    # with enough ranges to learn the layer's look, a flagged range must also be unlike it
    flagged &= ~(score <= float(p.get("own_min", 1.5)))
    score = np.where(np.isfinite(score), score, verdict.likely_distance)
    rows = np.flatnonzero(flagged)
    lang = context.lang
    names = [cs.group_name(str(verdict.likely[i]), lang) for i in rows]
    found = context.row_findings(
        rule,
        rule.layer,
        rows,
        args=lambda i: _args(
            context,
            zone,
            i,
            score=f"{score[i]:.1f}",
            likely=cs.group_name(str(verdict.likely[i]), lang),
        ),
    )
    return _with_score(found, [score[i] for i in rows], names)


@register("imagery_change")
def change(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Two dates: ``mode`` "unrecorded" — the pixels changed strongly while DLBM stayed the
    same (漏变更 candidates); "unseen" — the class group changed while the pixels did not.
    """
    learned = signatures(context, rule)
    before_zone = _zone(context, PREVIOUS, PARCELS)
    index = context.previous_index()
    if learned is None or before_zone is None or index is None:
        return []
    x, labels, usable, sig = learned
    p = rule.params
    now_zone = _zone(context, CURRENT, PARCELS)
    before = cs.feature_matrix(before_zone, spread=False)
    both = usable & _usable(before_zone, rule) & (index >= 0)
    dlbm = _dlbm(context)
    prev_dlbm = np.full(len(dlbm), "", dtype=object)
    prev_dlbm[index >= 0] = context.layer(PREVIOUS_LAYER).text("DLBM")[index[index >= 0]]
    same_class = both & (dlbm == prev_dlbm)
    now = cs.feature_matrix(now_zone, spread=False)
    score = cs.change_scores(now, before, same_class, floor=float(p.get("floor", 0.1)))
    now_likely = cs.classify(sig, x, labels).likely
    before_likely = cs.classify(sig, cs.feature_matrix(before_zone), None).likely
    if p["mode"] == "unrecorded":
        flagged = (
            same_class
            & (np.nan_to_num(score, nan=0.0) > float(p.get("change_min", 3.0)))
            & (range_share(context) <= float(p.get("max_range_share", 0.2)))
        )
    else:
        prev_labels = cs.groups_of(prev_dlbm, _groups(rule))
        flagged = (
            both
            & (labels != "")
            & (prev_labels != "")
            & (labels != prev_labels)
            & (np.nan_to_num(score, nan=np.inf) < float(p.get("change_max", 2.0)))
        )
    rows = np.flatnonzero(flagged)
    lang = context.lang
    names = [cs.group_name(str(now_likely[i]), lang) for i in rows]
    found = context.row_findings(
        rule,
        PARCELS,
        rows,
        args=lambda i: _args(
            context,
            now_zone,
            i,
            score=f"{score[i]:.1f}",
            likely=cs.group_name(str(now_likely[i]), lang),
            likely_before=cs.group_name(str(before_likely[i]), lang),
            prev_dlbm=str(prev_dlbm[i]),
        ),
    )
    return _with_score(found, [score[i] for i in rows], names)
