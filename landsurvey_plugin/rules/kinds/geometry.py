"""Geometry rules on one layer: validity, empties, multipart, repeated vertices, slivers."""

from __future__ import annotations

import re

import numpy as np
import shapely

from landsurvey_plugin.rules.catalogue import RuleSpec
from landsurvey_plugin.rules.context import CheckContext
from landsurvey_plugin.rules.findings import Finding
from landsurvey_plugin.rules.registry import register

_LOCATION = re.compile(r"\[\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\]")
_NO_SHAPE = "no geometry"


def _when(rule: RuleSpec, context: CheckContext) -> np.ndarray:
    return context.evaluator(rule.layer)(rule.params.get("when"))


@register("geometry_invalid")
def invalid(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """GEOS-invalid shapes, located at the point GEOS names; unreadable WKB too."""
    layer = context.layer(rule.layer)
    usable = context.usable(rule.layer)
    bad = np.flatnonzero(usable & ~context.validity(rule.layer))
    reasons = dict(zip(bad, shapely.is_valid_reason(layer.shapes[bad])))
    unreadable = [
        i
        for i, problem in enumerate(layer.problems)
        if problem and not problem.startswith(_NO_SHAPE) and not problem.startswith("not a")
    ]
    for i in unreadable:
        reasons[i] = layer.problems[i]

    def where(i: int) -> shapely.Geometry | None:
        match = _LOCATION.search(reasons[i] or "")
        if match:
            return shapely.Point(float(match.group(1)), float(match.group(2)))
        return layer.shapes[i]

    rows = sorted(reasons)
    return context.row_findings(
        rule, rule.layer, rows, lambda i: {"reason": reasons[i]}, geometry=where
    )


@register("geometry_empty")
def empty(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Features without a usable polygon: NULL, empty, or another geometry type."""
    layer = context.layer(rule.layer)
    usable = context.usable(rule.layer)
    reasons = {}
    for i in np.flatnonzero(~usable):
        problem = layer.problems[i] or _NO_SHAPE
        if problem.startswith(_NO_SHAPE) or problem.startswith("not a"):
            reasons[int(i)] = problem
    return context.row_findings(rule, rule.layer, sorted(reasons), lambda i: {"reason": reasons[i]})


@register("multipart")
def multipart(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    layer = context.layer(rule.layer)
    usable = np.flatnonzero(context.usable(rule.layer))
    parts = np.zeros(len(layer), int)
    parts[usable] = shapely.get_num_geometries(layer.shapes[usable])
    rows = np.flatnonzero(parts > 1)
    return context.row_findings(rule, rule.layer, rows, lambda i: {"parts": int(parts[i])})


@register("duplicate_vertex")
def duplicate_vertex(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """A ring vertex repeated right after itself: invisible, valid for GEOS, but it breaks
    vertex-based edits and exports (VCT) and doubles as a zero-length edge."""
    layer = context.layer(rule.layer)
    usable = np.flatnonzero(context.usable(rule.layer))
    parts, part_row = shapely.get_parts(layer.shapes[usable], return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)  # polygons only
    ring_row = part_row[ring_part]
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    same = np.all(coords[1:] == coords[:-1], axis=1) & (coord_ring[1:] == coord_ring[:-1])
    at = np.flatnonzero(same)
    rows_of = usable[ring_row[coord_ring[at]]]
    points: dict[int, list] = {}
    for row, k in zip(rows_of, at):
        points.setdefault(int(row), []).append(coords[k])
    return context.row_findings(
        rule,
        rule.layer,
        sorted(points),
        lambda i: {"count": len(points[i])},
        geometry=lambda i: shapely.multipoints(points[i]),
    )


@register("sliver")
def sliver(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Polygons smaller than the sliver threshold (TDDC3D 4601 碎片多边形)."""
    limit = context.threshold(rule.params["threshold"])
    areas = context.areas(rule.layer)
    with np.errstate(invalid="ignore"):
        rows = np.flatnonzero((areas < limit) & _when(rule, context))
    return context.row_findings(
        rule, rule.layer, rows, lambda i: {"area": f"{areas[i]:.2f}", "limit": f"{limit:g}"}
    )


@register("narrow")
def narrow(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Perimeter × 2 / area above the threshold: strips too thin to be a parcel."""
    limit = context.threshold(rule.params["threshold"])
    shapes = context.valid_shapes(rule.layer)
    usable = np.flatnonzero(context.usable(rule.layer) & _when(rule, context))
    index = np.full(len(shapes), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        index[usable] = 2 * shapely.length(shapes[usable]) / shapely.area(shapes[usable])
        rows = np.flatnonzero(index > limit)
    return context.row_findings(
        rule, rule.layer, rows, lambda i: {"index": f"{index[i]:.2f}", "limit": f"{limit:g}"}
    )
