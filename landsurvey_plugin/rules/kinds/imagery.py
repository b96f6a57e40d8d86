"""Imagery rules, part A: is every parcel on valid, fine enough and current base imagery.

They read ``Dataset.imagery`` (``ImageryStats`` computed once by the raster pass, see
``adapters/raster_zonal``); with no imagery loaded they find nothing. The pixel content
rules (class signatures, single layers, two dates) live in ``imagery_signatures``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import shapely

from landsurvey_plugin.model.imagery_stats import CURRENT, ImageryStats, ZoneStats
from landsurvey_plugin.rules.catalogue import RuleSpec
from landsurvey_plugin.rules.context import CheckContext
from landsurvey_plugin.rules.dataset import PARCELS
from landsurvey_plugin.rules.findings import Finding
from landsurvey_plugin.rules.registry import register

IMAGERY_LAYER = "imagery"  # the ``layer`` of findings about a whole raster (its date)


def _stats(rule: RuleSpec, context: CheckContext) -> ImageryStats | None:
    return context.dataset.imagery.get(rule.params.get("imagery", CURRENT))


def _zone(rule: RuleSpec, context: CheckContext, role: str) -> ZoneStats | None:
    stats = _stats(rule, context)
    if stats is None or role not in context.dataset:
        return None
    zone = stats.zones.get(role)
    if zone is None or len(zone) != len(context.layer(role)):
        return None  # stats of another snapshot of the layer: never misattribute rows
    return zone


@register("imagery_coverage")
def coverage(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Features (parcels and single-layer ranges) not, or only partly, on valid imagery;
    the finding's geometry is the uncovered part."""
    limit = float(rule.params["min_uncovered_m2"])
    found: list[Finding] = []
    for role in rule.params.get("layers", [rule.layer]):
        zone = _zone(rule, context, role)
        if zone is not None:
            found += _uncovered(rule, context, role, zone, limit)
    return found


def _uncovered(
    rule: RuleSpec, context: CheckContext, role: str, zone: ZoneStats, limit: float
) -> list[Finding]:
    usable = context.usable(role)
    part_area = np.zeros(len(zone))
    has_part = np.array([g is not None for g in zone.uncovered], bool)
    part_area[has_part] = shapely.area(zone.uncovered[has_part])
    outside = usable & np.isnan(zone.covered)
    rows = np.flatnonzero(outside | (usable & (part_area > limit)))
    share = np.where(np.isnan(zone.covered), 1.0, 1.0 - zone.covered)
    areas = context.areas(role)  # ellipsoidal, as TBMJ: the figure users compare with
    area = np.where(np.isfinite(areas), areas * share, part_area)
    where = np.where(has_part, zone.uncovered, context.layer(role).shapes)
    return context.row_findings(
        rule,
        role,
        rows,
        lambda i: {"percent": f"{100 * share[i]:.0f}", "area": f"{area[i]:.1f}"},
        lambda i: where[i],
    )


@register("imagery_resolution")
def resolution(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Parcels whose finest imagery is coarser than the limit of their area: urban (城市,
    建制镇 by CZCSXM) or rural."""
    zone = _zone(rule, context, PARCELS)
    if zone is None:
        return []
    rural = float(rule.params["rural_max_m"])
    urban = float(rule.params["urban_max_m"])
    parcels = context.layer(PARCELS)
    codes = set(rule.params.get("urban_codes", ()))
    if parcels.has("CZCSXM"):
        is_urban = np.isin(parcels.text("CZCSXM"), list(codes))
    else:
        is_urban = np.zeros(len(parcels), bool)
    limit = np.where(is_urban, urban, rural)
    pixel = zone.pixel_size_m
    known = np.isfinite(pixel)
    # 1 mm slack: a 1.0 m DOM whose geotransform says 1.0000001 m is still a 1 m DOM
    rows = np.flatnonzero(known & (pixel > limit + 1e-3) & context.usable(PARCELS))
    return context.row_findings(
        rule,
        PARCELS,
        rows,
        lambda i: {
            "pixel": f"{pixel[i]:.2f}",
            "limit": f"{limit[i]:g}",
            "where": ("urban" if is_urban[i] else "rural"),
            "where_zh": ("城镇" if is_urban[i] else "农村"),
        },
    )


def _window(rule: RuleSpec) -> tuple[str, str]:
    start, end = rule.params["window"]
    date.fromisoformat(start), date.fromisoformat(end)  # a bad profile date fails loudly
    return start, end


def _raster_finding(
    rule: RuleSpec, context: CheckContext, stats: ImageryStats, path: str, **args: str
) -> Finding:
    return context.finding(
        rule,
        Path(path).name,
        stats.footprints.get(path),
        layer=IMAGERY_LAYER,
        file=Path(path).name,
        path=path,
        **args,
    )


@register("imagery_date_window")
def date_window(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Rasters acquired outside the survey's imagery window of the profile."""
    stats = _stats(rule, context)
    if stats is None:
        return []
    start, end = _window(rule)
    found = []
    for path in stats.sources:
        acquired = stats.acquired.get(path, "")
        if acquired and not start <= acquired <= end:
            source = stats.date_source.get(path, "")
            found.append(
                _raster_finding(
                    rule, context, stats, path, date=acquired, start=start, end=end, how=source
                )
            )
    return found


@register("imagery_date_unknown")
def date_unknown(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Rasters whose acquisition date nothing states: the date rules cannot vouch for them."""
    stats = _stats(rule, context)
    if stats is None:
        return []
    return [
        _raster_finding(rule, context, stats, path)
        for path in stats.sources
        if not stats.acquired.get(path, "")
    ]


@register("imagery_older_than_previous")
def older_than_previous(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Changed parcels (class differs from the previous year's, or new) whose imagery was
    acquired before the previous survey's time point: it cannot show the change."""
    zone = _zone(rule, context, PARCELS)
    stats = _stats(rule, context)
    if zone is None or stats is None or zone.source is None:
        return []
    cutoff = rule.params["previous_survey"]
    date.fromisoformat(cutoff)
    source_dates = np.array([stats.acquired.get(p, "") for p in stats.sources] + [""], object)
    parcel_dates = source_dates[zone.source]  # -1 picks the trailing ''
    columns = context.columns(PARCELS)
    changed = columns.text("DLBM") != columns.text("PREV.DLBM")
    old = np.array([bool(d) and d < cutoff for d in parcel_dates], bool)
    rows = np.flatnonzero(changed & old & context.usable(PARCELS))
    names = [Path(p).name for p in stats.sources] + [""]
    return context.row_findings(
        rule,
        PARCELS,
        rows,
        lambda i: {
            "date": parcel_dates[i],
            "cutoff": cutoff,
            "file": names[zone.source[i]],
        },
    )
