"""Area rules: TBMJ against the ellipsoidal area, KCMJ/TBDLMJ, minimum mapping area."""

from __future__ import annotations

import numpy as np

from landsurvey_plugin.rules.catalogue import RuleSpec
from landsurvey_plugin.rules.context import CheckContext
from landsurvey_plugin.rules.findings import Finding
from landsurvey_plugin.rules.registry import register

_SLACK = 1e-6  # float noise on values stored with 2 decimals


def round2(values: np.ndarray) -> np.ndarray:
    """Half away from zero to 0.01, as TBMJ is rounded (reference §6.1), vectorised."""
    return np.sign(values) * np.floor(np.abs(values) * 100.0 + 0.5 + 1e-9) / 100.0


@register("area_tbmj")
def tbmj(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    field = rule.params.get("field", "TBMJ")
    tolerance = context.threshold(rule.params["threshold"])
    stored = context.layer(rule.layer).number(field)
    true = round2(context.areas(rule.layer))
    with np.errstate(invalid="ignore"):
        wrong = (np.abs(stored - true) > tolerance + _SLACK) | (np.isnan(stored) & ~np.isnan(true))
    rows = np.flatnonzero(wrong)
    return context.row_findings(
        rule,
        rule.layer,
        rows,
        lambda i: {
            "stored": "NULL" if np.isnan(stored[i]) else f"{stored[i]:.2f}",
            "true": f"{true[i]:.2f}",
            "diff": f"{stored[i] - true[i]:+.2f}" if not np.isnan(stored[i]) else "",
        },
    )


@register("area_derived")
def derived(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """KCMJ = round(TBMJ × KCXS, 2) and TBDLMJ = round(TBMJ − KCMJ, 2) (reference §6.1)."""
    layer = context.layer(rule.layer)
    tbmj = layer.number("TBMJ")
    kcxs = np.nan_to_num(layer.number("KCXS"), nan=0.0)
    kcmj = np.nan_to_num(layer.number("KCMJ"), nan=0.0)
    tbdlmj = layer.number("TBDLMJ")
    want_kcmj = round2(tbmj * kcxs)
    want_tbdlmj = round2(tbmj - want_kcmj)
    with np.errstate(invalid="ignore"):
        wrong = (
            (np.abs(kcmj - want_kcmj) > 0.005 + _SLACK)
            | (np.abs(tbdlmj - want_tbdlmj) > 0.005 + _SLACK)
            | (np.isnan(tbdlmj) & ~np.isnan(tbmj))
        )
    rows = np.flatnonzero(wrong & ~np.isnan(tbmj))
    return context.row_findings(
        rule,
        rule.layer,
        rows,
        lambda i: {"want_kcmj": f"{want_kcmj[i]:.2f}", "want_tbdlmj": f"{want_tbdlmj[i]:.2f}"},
    )


@register("min_area")
def min_area(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Below the 最小上图面积 of the parcel's class group (001:四(一)3)."""
    layer = context.layer(rule.layer)
    codes = layer.text(rule.params.get("class_field", "DLBM"))
    limits_of = {c: context.profile.min_mapping_area(c) for c in set(codes.tolist())}
    limits = np.array([limits_of[c] if limits_of[c] is not None else np.nan for c in codes])
    areas = context.areas(rule.layer)
    when = context.evaluator(rule.layer)(rule.params.get("when"))
    with np.errstate(invalid="ignore"):
        rows = np.flatnonzero((areas < limits) & when)
    return context.row_findings(
        rule, rule.layer, rows, lambda i: {"area": f"{areas[i]:.2f}", "limit": f"{limits[i]:g}"}
    )
