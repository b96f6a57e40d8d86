"""Evidence-photo rules (举证照片, category ``evidence``): is there a photo, is it usable,
does it show its parcel, and does it look reused or faked (seed 001 四(四)2, 000 三(六)).

The photo layer (role ``PHOTOS``, one point per photo, NULL where it has no position) is
linked to the parcels once per run with :mod:`landsurvey_plugin.model.photo_links`; the
manual rows of a link store (role ``PHOTO_LINKS``) override the automatic links, so the
check sees what the viewer shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from landsurvey_plugin.model.photo_links import (
    AUTO,
    LinkResult,
    LinkSettings,
    grid_azimuths,
    link_photos,
    with_manual,
)
from landsurvey_plugin.model.profile import Profile
from landsurvey_plugin.rules.catalogue import RuleSpec
from landsurvey_plugin.rules.context import CheckContext
from landsurvey_plugin.rules.dataset import PARCELS, PHOTO_LINKS, PHOTOS, LayerData
from landsurvey_plugin.rules.findings import Finding
from landsurvey_plugin.rules.registry import register

STATUS_UNREADABLE = "unreadable"


def link_settings(profile: Profile) -> LinkSettings:
    """The profile's tolerances as link settings (defaults where the profile has none)."""
    default = LinkSettings()

    def value(key: str, fallback: float) -> float:
        return profile.thresholds[key].value if key in profile.thresholds else fallback

    return LinkSettings(
        max_distance_m=value("photo_view_distance", default.max_distance_m),
        tolerance_m=value("photo_distance", default.tolerance_m),
        field_of_view_deg=2.0 * value("photo_view_half_angle", default.half_angle_deg),
        magnetic_declination_deg=value("photo_magnetic_declination", 0.0),
    )


def _column(layer: LayerData, name: str, fallback: np.ndarray) -> np.ndarray:
    return layer.text(name) if layer.has(name) else fallback


@dataclass
class PhotoView:
    """The photo columns every evidence rule reads, with NULL-tolerant defaults."""

    layer: LayerData
    points: np.ndarray  # shapely points (None: no position)
    names: np.ndarray
    paths: np.ndarray
    azimuth: np.ndarray  # grid bearings, NaN where none
    status: np.ndarray

    @property
    def located(self) -> np.ndarray:
        located = ~shapely.is_missing(self.points)
        located[located] &= ~shapely.is_empty(self.points[located])
        return located


def view_of(layer: LayerData, central_meridian: float, declination: float = 0.0) -> PhotoView:
    """The photo layer's columns, azimuths turned into grid bearings of the zone (magnetic
    ones corrected by ``declination``, see model/photo_links.py)."""
    n = len(layer)
    points = np.empty(n, dtype=object)
    for i, shape in enumerate(layer.shapes):
        points[i] = shape if shape is not None and shape.geom_type == "Point" else None
    names = _column(layer, "FILE_NAME", layer.keys)
    paths = _column(layer, "PATH", names)
    azimuth = layer.number("AZIMUTH") if layer.has("AZIMUTH") else np.full(n, np.nan)
    if layer.has("LON") and layer.has("LAT"):
        ref = layer.text("AZIMUTH_REF") if layer.has("AZIMUTH_REF") else None
        grid = grid_azimuths(
            azimuth, layer.number("LON"), layer.number("LAT"), central_meridian, ref, declination
        )
        azimuth = np.where(np.isfinite(azimuth), grid, np.nan)
    status = _column(layer, "STATUS", np.full(n, "", dtype=object))
    return PhotoView(layer, points, names, paths, azimuth, status)


def auto_links(
    view: PhotoView,
    parcel_shapes: np.ndarray,
    parcel_keys: np.ndarray,
    settings: LinkSettings,
    tree: shapely.STRtree | None = None,
) -> LinkResult:
    """The automatic links of a photo layer: shared by the check run and the link store."""
    return link_photos(
        view.points,
        view.azimuth,
        parcel_shapes,
        settings,
        parcel_keys=parcel_keys,
        names=view.names,
        tree=tree,
    )


def photo_view(context: CheckContext) -> PhotoView:
    return context.cached(
        ("photo_view",),
        lambda: view_of(
            context.layer(PHOTOS),
            context.dataset.zone.central_meridian,
            link_settings(context.profile).magnetic_declination_deg,
        ),
    )


def photo_links(context: CheckContext) -> LinkResult:
    """The run's links: automatic, then the store's manual decisions on top."""

    def compute() -> LinkResult:
        view = photo_view(context)
        parcels = context.valid_shapes(PARCELS)
        keys = context.layer(PARCELS).keys
        settings = link_settings(context.profile)
        result = auto_links(view, parcels, keys, settings, context.tree(PARCELS))
        store = context.dataset.get(PHOTO_LINKS)
        if store is None or len(store) == 0:
            return result
        photo_row = {str(p): i for i, p in enumerate(view.paths)}
        photo_row.update({str(n): i for i, n in enumerate(view.names) if str(n) not in photo_row})
        parcel_row = {str(k): j for j, k in enumerate(keys)}
        decisions = []
        manual = store.number("MANUAL")
        for path, bsm, flag in zip(store.text("PHOTO_PATH"), store.text("BSM"), manual):
            i, j = photo_row.get(path, -1), parcel_row.get(bsm, -1)
            if i >= 0 and j >= 0 and np.isfinite(flag) and int(flag) != AUTO:
                decisions.append((i, j, int(flag)))
        return with_manual(result, decisions, view.points, view.azimuth, parcels, settings)

    return context.cached(("photo_links",), compute)


def _photo_finding(
    context: CheckContext,
    rule: RuleSpec,
    view: PhotoView,
    i: int,
    keys: list,
    geometry,
    zldwdm: str = "",
    **args,
) -> Finding:
    return context.finding(
        rule,
        keys,
        geometry,
        layer=PHOTOS,
        zldwdm=zldwdm,
        fids=[int(view.layer.fids[i])],
        file=str(view.names[i]),
        **args,
    )


@register("evidence_missing")
def evidence_missing(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Parcels that need evidence (the rule's ``when``) with no linked photo."""
    parcels = context.layer(PARCELS)
    need = context.evaluator(PARCELS)(rule.params.get("when"))
    linked = np.zeros(len(parcels), bool)
    linked[photo_links(context).parcel] = True
    return context.row_findings(rule, PARCELS, np.flatnonzero(need & ~linked))


@register("photo_too_far")
def photo_too_far(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """A linked photo standing farther than the tolerance from its parcel."""
    limit = context.threshold(rule.params["threshold"])
    view, links = photo_view(context), photo_links(context)
    parcels = context.layer(PARCELS)
    shapes = context.valid_shapes(PARCELS)
    found = []
    for k in np.flatnonzero(np.nan_to_num(links.distance, nan=-1.0) > limit):
        i, j = int(links.photo[k]), int(links.parcel[k])
        found.append(
            _photo_finding(
                context,
                rule,
                view,
                i,
                [view.names[i], parcels.keys[j]],
                shapely.shortest_line(view.points[i], shapes[j]),
                zldwdm=str(parcels.zldwdm()[j]),
                bsm=str(parcels.keys[j]),
                distance=f"{links.distance[k]:.1f}",
                limit=f"{limit:g}",
                method=str(links.method[k]),
            )
        )
    return found


@register("photo_looking_away")
def photo_looking_away(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """A linked photo whose azimuth is more than the half-angle off every direction into
    its parcel."""
    limit = context.threshold(rule.params["threshold"])
    view, links = photo_view(context), photo_links(context)
    parcels = context.layer(PARCELS)
    found = []
    for k in np.flatnonzero(np.nan_to_num(links.angle_off, nan=-1.0) > limit):
        i, j = int(links.photo[k]), int(links.parcel[k])
        found.append(
            _photo_finding(
                context,
                rule,
                view,
                i,
                [view.names[i], parcels.keys[j]],
                view.points[i],
                zldwdm=str(parcels.zldwdm()[j]),
                bsm=str(parcels.keys[j]),
                azimuth=f"{view.layer.number('AZIMUTH')[i]:.0f}",
                angle=f"{links.angle_off[k]:.0f}",
                limit=f"{limit:g}",
            )
        )
    return found


@register("photo_no_position")
def photo_no_position(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Photos without a usable position (the importer's reason is in the message)."""
    view = photo_view(context)
    reasons = _column(view.layer, "REASON", np.full(len(view.layer), "", dtype=object))
    found = []
    for i in np.flatnonzero(~view.located):
        reason = str(reasons[i]) or str(view.status[i]) or "no GPS position"
        found.append(
            _photo_finding(context, rule, view, int(i), [view.names[i]], None, reason=reason)
        )
    return found


@register("photo_no_direction")
def photo_no_direction(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Located photos without an azimuth (a photo without position is reported once, by
    ``photo_no_position``: its direction means nothing without it)."""
    view = photo_view(context)
    view.layer.raw("AZIMUTH")  # a layer without the field: skipped, not all flagged
    rows = np.flatnonzero(view.located & ~np.isfinite(view.azimuth))
    return [
        _photo_finding(context, rule, view, int(i), [view.names[i]], view.points[i]) for i in rows
    ]


@register("photo_time_window")
def photo_time_window(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Photos taken outside the profile's survey window (or with no readable time)."""
    view = photo_view(context)
    start, end = str(rule.params["start"]), str(rule.params["end"])
    taken = view.layer.text("TAKEN_AT")  # a layer without the field: skipped, not all flagged
    unreadable = view.status == STATUS_UNREADABLE
    found = []
    for i, stamp in enumerate(taken):
        if unreadable[i]:
            continue  # reported by photo_no_position with the reason
        day = str(stamp)[:10]  # ISO date; the offset cannot move a date across the window
        if day and start <= day <= end:
            continue
        found.append(
            _photo_finding(
                context,
                rule,
                view,
                i,
                [view.names[i]],
                view.points[i],
                taken_at=str(stamp) or "—",
                start=start,
                end=end,
            )
        )
    return found


@register("photo_hash_reused")
def photo_hash_reused(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """The same image content (hash) linked to different parcels: one finding per hash."""
    view, links = photo_view(context), photo_links(context)
    hashes = view.layer.text("CONTENT_HASH")
    parcels = context.layer(PARCELS)
    groups: dict[str, dict[int, set[int]]] = {}
    for i, j in zip(links.photo, links.parcel):
        digest = hashes[i]
        if digest:
            groups.setdefault(digest, {}).setdefault(int(j), set()).add(int(i))
    found = []
    for digest, by_parcel in groups.items():
        if len(by_parcel) < 2:
            continue
        photos = sorted(set().union(*by_parcel.values()))
        bsms = [str(parcels.keys[j]) for j in sorted(by_parcel)]
        located = [view.points[i] for i in photos if view.points[i] is not None]
        found.append(
            context.finding(
                rule,
                [*(view.names[i] for i in photos), *bsms],
                shapely.multipoints(located) if located else None,
                layer=PHOTOS,
                fids=[int(view.layer.fids[i]) for i in photos],
                files=", ".join(str(view.names[i]) for i in photos),
                parcels=", ".join(bsms),
                hash=digest[:12],
            )
        )
    return found


@register("photo_same_position")
def photo_same_position(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """At least ``threshold`` photos with identical coordinates (to the millimetre)."""
    limit = context.threshold(rule.params["threshold"])
    view = photo_view(context)
    rows = np.flatnonzero(view.located)
    if len(rows) == 0:
        return []
    xy = np.round(shapely.get_coordinates(view.points[rows]), 3)
    _, group, counts = np.unique(xy, axis=0, return_inverse=True, return_counts=True)
    group = np.asarray(group).reshape(-1)
    found = []
    for g in np.flatnonzero(counts >= limit):
        members = rows[group == g]
        found.append(
            context.finding(
                rule,
                [view.names[i] for i in members],
                view.points[members[0]],
                layer=PHOTOS,
                fids=[int(view.layer.fids[i]) for i in members],
                count=len(members),
                files=", ".join(str(view.names[i]) for i in members),
            )
        )
    return found
