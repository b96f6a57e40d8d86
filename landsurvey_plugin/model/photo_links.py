"""Which parcel an evidence photo (举证照片) documents: pure, vectorised, STRtree-backed.

A photo is linked, in this order of preference, to

1. ``name``    – the parcel whose BSM the file name carries (field apps name each photo
                 after its 图斑, e.g. ``520199000000102962_1.jpg``): that is the parcel
                 the photo claims to document, so the evidence rules judge it against that
                 claim even when the camera stands elsewhere;
2. ``inside``  – the parcel the camera stands in;
3. ``view``    – the parcel the view ray (the azimuth) hits first within
                 ``max_distance_m``; when the ray hits nothing, the nearest parcel the view
                 wedge (``field_of_view_deg``) touches;
4. ``nearest`` – the nearest parcel within ``tolerance_m``.

``manual`` rows from the viewer override the automatic result for their (photo, parcel)
pair: a manual link (+1) adds or keeps the pair, a manual unlink (-1) removes it; both
survive a re-run (:func:`merge_manual`).

Directions. EXIF azimuths are bearings from true north ('T'); the parcels are in a
Gauss-Krüger grid whose north differs by the meridian convergence
γ = atan(tan(λ − λ0)·sin φ) (≈ 0.6° at the edge of a 3° zone in Guizhou), so a bearing
becomes a grid bearing by subtracting γ (:func:`grid_azimuths`). Magnetic azimuths ('M')
are used as they are plus ``magnetic_declination_deg`` (default 0): no geomagnetic model
ships with QGIS, and the declination over China (about +1° … −11°, −2° … −3° in Guizhou)
is well inside the 30° half-angle the rules allow; a county that needs it sets its local
declination (profile threshold ``photo_magnetic_declination``, degrees east positive).

Confidence (0 … 1) = method weight × distance factor × angle factor, where

* method weight: manual 1.0, inside 1.0, name 0.9, view 0.8, nearest 0.5 (how much the
  method alone says about the photo showing the parcel);
* distance factor: 1 / (1 + distance_m / tolerance_m) – 1 inside, ½ at the tolerance;
* angle factor: 1 − angle_off_deg / 180 with an azimuth, 0.5 without one (a photo with
  no direction neither confirms nor rules out the parcel).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely

METHODS = ("inside", "view", "nearest", "name", "manual")
MANUAL_LINK, AUTO, MANUAL_UNLINK = 1, 0, -1
_WEIGHT = {"manual": 1.0, "inside": 1.0, "name": 0.9, "view": 0.8, "nearest": 0.5}


@dataclass(frozen=True)
class PhotoLink:
    """One photo ↔ parcel link as the store keeps it and the viewer shows it."""

    photo_path: str
    file_name: str
    bsm: str
    method: str
    distance_m: float | None = None
    angle_off_deg: float | None = None  # None when the photo has no direction
    confidence: float = 0.0
    manual: int = AUTO  # 0 automatic, 1 manual link, -1 manual unlink
    linked_at: str = ""


@dataclass(frozen=True)
class LinkSettings:
    """Tolerances of the linking; none has an official value (reference.md §5).

    * ``tolerance_m`` 50 m: a camera within 50 m of its parcel still shows it at the
      1:2000 detail the survey maps at; it is also how far the ``nearest`` fallback looks
      and the distance the evidence rule allows (profile threshold ``photo_distance``).
    * ``max_distance_m`` 150 m: a phone photo still tells land use apart across about
      three field widths; farther, the ray would hit parcels the photo cannot show.
    * ``field_of_view_deg`` 60°: the horizontal field of view of a phone's main camera
      (≈ 60–70°); its half (30°) is the profile's ``photo_view_half_angle``.
    """

    max_distance_m: float = 150.0
    tolerance_m: float = 50.0
    field_of_view_deg: float = 60.0
    magnetic_declination_deg: float = 0.0
    name_pattern: str | None = r"^(\d{18})(?=[_\-. ]|$)"  # the 18-digit BSM a file starts with

    @property
    def half_angle_deg(self) -> float:
        return self.field_of_view_deg / 2.0


@dataclass
class LinkResult:
    """Links as parallel arrays: row ``k`` links photo ``photo[k]`` to parcel ``parcel[k]``."""

    photo: np.ndarray
    parcel: np.ndarray
    method: np.ndarray
    distance: np.ndarray
    angle_off: np.ndarray  # NaN without azimuth
    confidence: np.ndarray

    def __len__(self) -> int:
        return len(self.photo)


@dataclass
class LinkSummary:
    """What a (re)link did, for the log and the message bar."""

    photos: int = 0
    linked: int = 0
    unlinked: int = 0
    by_method: dict[str, int] = field(default_factory=dict)
    manual_kept: int = 0


def grid_azimuths(
    azimuth: np.ndarray,
    lon: np.ndarray,
    lat: np.ndarray,
    central_meridian: float,
    ref: np.ndarray | None = None,
    magnetic_declination_deg: float = 0.0,
) -> np.ndarray:
    """EXIF bearings (true, or magnetic per ``ref``) as Gauss-Krüger grid bearings."""
    az = np.asarray(azimuth, float).copy()
    if ref is not None:
        magnetic = np.array([str(r).strip().upper() == "M" for r in ref], bool)
        az[magnetic] += magnetic_declination_deg
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    gamma = np.degrees(
        np.arctan(np.tan(np.radians(lon - central_meridian)) * np.sin(np.radians(lat)))
    )
    gamma = np.where(np.isfinite(gamma), gamma, 0.0)
    return np.mod(az - gamma, 360.0)


def declared_bsm(names: Sequence[str], pattern: str | None) -> np.ndarray:
    """The BSM each file name claims ('' when none), by the settings' pattern."""
    out = np.full(len(names), "", dtype=object)
    if not pattern:
        return out
    regex = re.compile(pattern)
    for i, name in enumerate(names):
        match = regex.search(str(name or ""))
        if match:
            out[i] = match.group(1)
    return out


def _rays(points: np.ndarray, azimuth: np.ndarray, length: float) -> np.ndarray:
    x, y = shapely.get_x(points), shapely.get_y(points)
    rad = np.radians(azimuth)
    ends = np.column_stack([x + length * np.sin(rad), y + length * np.cos(rad)])
    coords = np.stack([np.column_stack([x, y]), ends], axis=1)
    return shapely.linestrings(coords)


def _wedges(points: np.ndarray, azimuth: np.ndarray, length: float, half: float) -> np.ndarray:
    """Sectors of radius ``length`` and half-angle ``half`` (9 arc vertices each)."""
    x, y = shapely.get_x(points), shapely.get_y(points)
    steps = np.linspace(-half, half, 9)
    ang = np.radians(azimuth[:, None] + steps[None, :])
    ax, ay = x[:, None] + length * np.sin(ang), y[:, None] + length * np.cos(ang)
    ring = np.concatenate(
        [
            np.column_stack([x, y])[:, None, :],
            np.stack([ax, ay], axis=2),
            np.column_stack([x, y])[:, None, :],
        ],
        axis=1,
    )
    return shapely.polygons(ring)


def _first_per_photo(photo: np.ndarray, parcel: np.ndarray, dist: np.ndarray):
    """For each photo the pair with the smallest distance (ties: lowest parcel row)."""
    if len(photo) == 0:
        return photo, parcel, dist
    order = np.lexsort((parcel, dist, photo))
    photo, parcel, dist = photo[order], parcel[order], dist[order]
    first = np.concatenate([[True], photo[1:] != photo[:-1]])
    return photo[first], parcel[first], dist[first]


def angles_off(points: np.ndarray, azimuth: np.ndarray, parcels: np.ndarray) -> np.ndarray:
    """Degrees between each azimuth and the nearest direction from the camera into the
    parcel: 0 when the view ray's direction hits the parcel (or the camera is inside it).

    The directions into a polygon seen from outside form one arc per part; unwrapping the
    bearings to its boundary vertices gives the arc, and a ring that winds all the way
    round (the camera in a hole) leaves no direction off it.
    """
    n = len(points)
    out = np.full(n, np.nan)
    if n == 0:
        return out
    has_az = np.isfinite(azimuth)
    out[has_az] = 0.0
    todo = np.flatnonzero(
        has_az & ~shapely.intersects(points, parcels) & ~shapely.is_missing(parcels)
    )
    if len(todo) == 0:
        return out
    parts, part_owner = shapely.get_parts(parcels[todo], return_index=True)
    rings = shapely.get_exterior_ring(parts)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    owner = todo[part_owner[ring_of]]
    px, py = shapely.get_x(points[owner]), shapely.get_y(points[owner])
    bearing = np.degrees(np.arctan2(coords[:, 0] - px, coords[:, 1] - py))
    rel = (bearing - azimuth[owner] + 180.0) % 360.0 - 180.0
    starts = np.flatnonzero(np.concatenate([[True], ring_of[1:] != ring_of[:-1]]))
    step = np.diff(rel, prepend=rel[0])
    step = (step + 180.0) % 360.0 - 180.0
    step[starts] = rel[starts]
    total = np.cumsum(step)
    offset = np.repeat(total[starts] - rel[starts], np.diff(np.append(starts, len(rel))))
    unwrapped = total - offset
    lo = np.minimum.reduceat(unwrapped, starts)
    hi = np.maximum.reduceat(unwrapped, starts)
    covers = (hi - lo >= 360.0 - 1e-9) | (np.floor(hi / 360.0) >= np.ceil(lo / 360.0))
    off = np.where(covers, 0.0, np.minimum(np.mod(lo, 360.0), np.mod(-hi, 360.0)))
    per_ring_owner = owner[starts]
    result = np.full(n, np.inf)
    np.minimum.at(result, per_ring_owner, off)
    out[todo] = result[todo]
    return out


def confidences(
    method: np.ndarray, distance: np.ndarray, angle_off: np.ndarray, settings: LinkSettings
) -> np.ndarray:
    """The module docstring's formula, vectorised."""
    weight = np.array([_WEIGHT.get(str(m), 0.5) for m in method], float)
    dist = np.nan_to_num(np.asarray(distance, float), nan=settings.tolerance_m)
    dist_factor = 1.0 / (1.0 + np.maximum(dist, 0.0) / max(settings.tolerance_m, 1e-9))
    angle = np.asarray(angle_off, float)
    angle_factor = np.where(np.isfinite(angle), 1.0 - np.clip(angle, 0.0, 180.0) / 180.0, 0.5)
    return np.round(weight * dist_factor * angle_factor, 4)


def link_photos(
    points: np.ndarray,
    azimuth: np.ndarray,
    parcels: np.ndarray,
    settings: LinkSettings | None = None,
    *,
    parcel_keys: np.ndarray | None = None,
    names: Sequence[str] | None = None,
    tree: shapely.STRtree | None = None,
) -> LinkResult:
    """One automatic link per photo that any method reaches (see the module docstring).

    ``points`` are camera points (None where no position), ``azimuth`` grid bearings in
    degrees (NaN where none), ``parcels`` polygons (None where unusable), all in one
    planar CRS in metres. ``parcel_keys`` and ``names`` enable the ``name`` method.
    """
    settings = settings or LinkSettings()
    points = np.asarray(points, dtype=object)
    azimuth = np.asarray(azimuth, float)
    parcels = np.asarray(parcels, dtype=object)
    n = len(points)
    tree = tree if tree is not None else shapely.STRtree(parcels)
    located = ~shapely.is_missing(points)
    located[located] &= ~shapely.is_empty(points[located])
    parcel_of = np.full(n, -1, np.int64)
    method = np.full(n, "", dtype=object)
    distance = np.full(n, np.nan)

    def assign(photo, parcel, dist, how):
        parcel_of[photo], method[photo], distance[photo] = parcel, how, dist

    # inside: the camera stands in (or on the edge of) a parcel
    rows = np.flatnonzero(located)
    if len(rows):
        hit = tree.query(points[rows], predicate="intersects")
        p, q, d = _first_per_photo(rows[hit[0]], hit[1], np.zeros(len(hit[0])))
        assign(p, q, d, "inside")
    # view: first parcel along the ray, else nearest the wedge touches
    rows = np.flatnonzero(located & (parcel_of < 0) & np.isfinite(azimuth))
    if len(rows):
        rays = _rays(points[rows], azimuth[rows], settings.max_distance_m)
        hit = tree.query(rays, predicate="intersects")
        a, b = rows[hit[0]], hit[1]
        along = shapely.distance(points[a], shapely.intersection(rays[hit[0]], parcels[b]))
        p, q, _ = _first_per_photo(a, b, along)
        assign(p, q, shapely.distance(points[p], parcels[q]), "view")
        rest = np.flatnonzero(located & (parcel_of < 0) & np.isfinite(azimuth))
        if len(rest):
            wedges = _wedges(
                points[rest], azimuth[rest], settings.max_distance_m, settings.half_angle_deg
            )
            hit = tree.query(wedges, predicate="intersects")
            a, b = rest[hit[0]], hit[1]
            seen = shapely.intersection(wedges[hit[0]], parcels[b])
            p, q, _ = _first_per_photo(a, b, shapely.distance(points[a], seen))
            assign(p, q, shapely.distance(points[p], parcels[q]), "view")
    # nearest within the tolerance
    rows = np.flatnonzero(located & (parcel_of < 0))
    if len(rows):
        hit, d = tree.query_nearest(
            points[rows], max_distance=settings.tolerance_m, return_distance=True, all_matches=True
        )
        p, q, d = _first_per_photo(rows[hit[0]], hit[1], d)
        assign(p, q, d, "nearest")
    # name: the parcel the file name claims wins over geometry when it is another one
    if names is not None and parcel_keys is not None and settings.name_pattern:
        claimed = declared_bsm(names, settings.name_pattern)
        lookup: dict[str, list[int]] = {}
        for i, key in enumerate(parcel_keys):
            if key and parcels[i] is not None:
                lookup.setdefault(str(key), []).append(i)
        for i in np.flatnonzero(claimed != ""):
            rows = lookup.get(claimed[i], [])
            if not rows:
                continue
            dist = np.full(len(rows), np.nan)
            if located[i]:
                dist = shapely.distance(points[i], parcels[rows])
            # a BSM used twice (a data error of its own): the nearer parcel is the claim
            best = int(np.argmin(dist)) if located[i] else 0
            if rows[best] != parcel_of[i]:
                parcel_of[i], method[i], distance[i] = rows[best], "name", dist[best]
    linked = np.flatnonzero(parcel_of >= 0)
    rows, cols = linked, parcel_of[linked]
    angle = np.full(len(rows), np.nan)
    ok = located[rows]
    angle[ok] = angles_off(points[rows[ok]], azimuth[rows[ok]], parcels[cols[ok]])
    return LinkResult(
        photo=rows,
        parcel=cols,
        method=method[rows],
        distance=distance[rows],
        angle_off=angle,
        confidence=confidences(method[rows], distance[rows], angle, settings),
    )


def links_of(
    result: LinkResult,
    paths: Sequence[str],
    names: Sequence[str],
    parcel_keys: Sequence[str],
    linked_at: str = "",
) -> list[PhotoLink]:
    """The result as PhotoLink rows (the store's and the viewer's shape)."""
    out = []
    for k in range(len(result)):
        i, j = int(result.photo[k]), int(result.parcel[k])
        dist, angle = float(result.distance[k]), float(result.angle_off[k])
        out.append(
            PhotoLink(
                photo_path=str(paths[i]),
                file_name=str(names[i]),
                bsm=str(parcel_keys[j]),
                method=str(result.method[k]),
                distance_m=None if math.isnan(dist) else round(dist, 2),
                angle_off_deg=None if math.isnan(angle) else round(angle, 2),
                confidence=float(result.confidence[k]),
                manual=AUTO,
                linked_at=linked_at,
            )
        )
    return out


def merge_manual(auto: Iterable[PhotoLink], manual: Iterable[PhotoLink]) -> list[PhotoLink]:
    """Automatic links with the user's decisions applied: a manual row replaces the
    automatic one of its (photo, parcel) pair; an unlink row hides the pair and stays
    stored so that the next run does not bring the link back."""
    decided = {(m.photo_path, m.bsm): m for m in manual if m.manual != AUTO}
    out = [a for a in auto if (a.photo_path, a.bsm) not in decided]
    out.extend(decided.values())
    return out


def effective(links: Iterable[PhotoLink]) -> list[PhotoLink]:
    """The links that count (manual unlink rows removed)."""
    return [link for link in links if link.manual != MANUAL_UNLINK]


def with_manual(
    result: LinkResult,
    decisions: Iterable[tuple[int, int, int]],
    points: np.ndarray,
    azimuth: np.ndarray,
    parcels: np.ndarray,
    settings: LinkSettings,
) -> LinkResult:
    """``result`` with the user's (photo row, parcel row, +1 link / -1 unlink) decisions
    applied the way :func:`merge_manual` applies them to stored rows."""
    decided = {(int(p), int(q)): int(m) for p, q, m in decisions if m != AUTO}
    keep = np.array(
        [(int(p), int(q)) not in decided for p, q in zip(result.photo, result.parcel)], bool
    )
    added = [(p, q) for (p, q), m in decided.items() if m == MANUAL_LINK]
    if not added:
        return LinkResult(
            *(getattr(result, name)[keep] for name in LinkResult.__dataclass_fields__)
        )
    photo = np.array([p for p, _ in added], np.int64)
    parcel = np.array([q for _, q in added], np.int64)
    pts, shapes = np.asarray(points, object)[photo], np.asarray(parcels, object)[parcel]
    located = ~shapely.is_missing(pts) & ~shapely.is_missing(shapes)
    distance = np.full(len(added), np.nan)
    distance[located] = shapely.distance(pts[located], shapes[located])
    angle = np.full(len(added), np.nan)
    angle[located] = angles_off(
        pts[located], np.asarray(azimuth, float)[photo][located], shapes[located]
    )
    method = np.full(len(added), "manual", dtype=object)
    return LinkResult(
        photo=np.concatenate([result.photo[keep], photo]),
        parcel=np.concatenate([result.parcel[keep], parcel]),
        method=np.concatenate([result.method[keep], method]),
        distance=np.concatenate([result.distance[keep], distance]),
        angle_off=np.concatenate([result.angle_off[keep], angle]),
        confidence=np.concatenate(
            [result.confidence[keep], confidences(method, distance, angle, settings)]
        ),
    )
