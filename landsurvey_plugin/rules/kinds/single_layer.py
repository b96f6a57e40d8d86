"""Single-layer rules: a range on parcels it may not lie on, one place in two layers."""

from __future__ import annotations

import itertools

import numpy as np
import shapely

from landsurvey_plugin.rules.catalogue import RuleSpec
from landsurvey_plugin.rules.context import CheckContext
from landsurvey_plugin.rules.dataset import PARCELS
from landsurvey_plugin.rules.findings import Finding
from landsurvey_plugin.rules.registry import register


def _pairs(context: CheckContext, role: str, other: str, limit: float):
    """(row in role, row in other, shared polygon, area) sharing more than ``limit`` m²."""
    shapes = context.valid_shapes(role)
    rows = np.flatnonzero(np.array([s is not None for s in shapes]))
    if len(rows) == 0:
        return np.zeros(0, int), np.zeros(0, int), np.array([]), np.array([])
    hits = context.tree(other).query(shapes[rows], predicate="intersects")
    a, b = rows[hits[0]], hits[1]
    shared = shapely.intersection(shapes[a], context.valid_shapes(other)[b])
    areas = shapely.area(shared)
    keep = areas > limit
    return a[keep], b[keep], shared[keep], areas[keep]


@register("host")
def host(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Ranges lying (by more than the tolerance) on parcels that ``bad_host`` describes."""
    layer = context.layer(rule.layer)
    parcels = context.layer(PARCELS)
    limit = context.threshold(rule.params["threshold"])
    bad = context.evaluator(PARCELS)(rule.params["bad_host"])
    a, b, shared, _ = _pairs(context, rule.layer, PARCELS, limit)
    keep = bad[b]
    a, b, shared = a[keep], b[keep], shared[keep]
    dlbm = parcels.text("DLBM") if parcels.has("DLBM") else np.full(len(parcels), "")
    keys, pkeys = layer.keys, parcels.keys
    found = []
    for row in np.unique(a):
        mine = a == row
        hosts = b[mine]
        found.append(
            context.finding(
                rule,
                [keys[row], *(pkeys[h] for h in hosts)],
                shapely.union_all(shared[mine]),
                zldwdm=str(layer.zldwdm()[row]),
                fids=[layer.fids[row]],
                hosts=", ".join(f"{pkeys[h]} ({dlbm[h]})" for h in hosts),
                DLBM=", ".join(sorted({str(dlbm[h]) for h in hosts})),
            )
        )
    return found


@register("cross_layer")
def cross_layer(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """One place in two of the listed layers (a range is in one state at a time)."""
    limit = context.threshold(rule.params["threshold"])
    roles = [r for r in rule.params["layers"] if r in context.dataset]
    found = []
    for first, second in itertools.combinations(roles, 2):
        one, two = context.layer(first), context.layer(second)
        a, b, shared, areas = _pairs(context, first, second, limit)
        for i, j, geometry, area in zip(a, b, shared, areas):
            found.append(
                context.finding(
                    rule,
                    [one.keys[i], two.keys[j]],
                    geometry,
                    layer=first,
                    zldwdm=str(one.zldwdm()[i]),
                    fids=[one.fids[i]],
                    other=second,
                    area=f"{area:.2f}",
                )
            )
    return found
