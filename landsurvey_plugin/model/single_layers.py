"""Single layers (推(堆)土区, 光伏板区, 拆除未尽区, 工厂化种植): ranges, erase, BSM, areas.

Pure shapely/numpy (000:三(三)4, 000:三(四)2): the edit adapters, the Processing algorithms
and the tests share this arithmetic; the areas are the ellipsoidal areas of ``model.area``
rounded like TBMJ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np
import shapely

from landsurvey_plugin.model.area import ellipsoidal_areas, round_half_away
from landsurvey_plugin.model.gauss_kruger import GKZone

BSM_LENGTH = 18

AreaFunction = Callable[[Sequence], np.ndarray]


def next_bsm(existing: Iterable[str], prefix: str) -> Iterator[str]:
    """New 标识码 (BSM) after the highest one already used under ``prefix``.

    Assumption (reference.md §6.3 gives BSM as 18 characters without fixing how they are
    built): BSM = the 6-digit county code (the first six digits of ZLDWDM) followed by a
    zero-padded sequence number, 18 characters in all. The generator starts after the
    largest sequence found among the existing BSMs with that prefix and skips any value that
    exists already, so an existing BSM is never reused, whatever the gaps in the numbering.
    """
    prefix = str(prefix)
    if not prefix.isdigit() or len(prefix) >= BSM_LENGTH:
        raise ValueError(f"BSM prefix must be digits shorter than {BSM_LENGTH}: {prefix!r}")
    width = BSM_LENGTH - len(prefix)
    used = {str(b) for b in existing if b is not None}
    highest = 0
    for bsm in used:
        if len(bsm) == BSM_LENGTH and bsm.startswith(prefix) and bsm[len(prefix) :].isdigit():
            highest = max(highest, int(bsm[len(prefix) :]))
    sequence = highest
    limit = 10**width - 1
    while True:
        sequence += 1
        if sequence > limit:
            raise ValueError(f"no BSM left under prefix {prefix}")
        candidate = f"{prefix}{sequence:0{width}d}"
        if candidate not in used:
            used.add(candidate)
            yield candidate


def polygonal(geometry: shapely.Geometry | None) -> shapely.Geometry | None:
    """The polygon parts of a geometry as one MultiPolygon; None when there are none."""
    if geometry is None or shapely.is_empty(geometry):
        return None
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")]
    flat = [q for p in parts for q in shapely.get_parts(p)]
    flat = [p for p in flat if not p.is_empty]
    return shapely.multipolygons(flat) if flat else None


def group_parcels(
    shapes: Sequence, zldwdm: Sequence, dissolve: bool
) -> list[tuple[shapely.Geometry, str, list[int]]]:
    """(range shape, ZLDWDM, indexes of the parcels it came from), in input order.

    Without ``dissolve`` every usable parcel gives one range; with it, the parcels of one
    坐落单位 (ZLDWDM) are unioned into one range. None or empty shapes are left out.
    """
    items = [
        (i, shapes[i], "" if zldwdm[i] is None else str(zldwdm[i]))
        for i in range(len(shapes))
        if shapes[i] is not None and not shapely.is_empty(shapes[i])
    ]
    if not dissolve:
        out = []
        for i, shape, code in items:
            poly = polygonal(shape)
            if poly is not None:
                out.append((poly, code, [i]))
        return out
    groups: dict[str, list[int]] = {}
    for i, _, code in items:
        groups.setdefault(code, []).append(i)
    out = []
    for code, members in groups.items():
        union = polygonal(shapely.union_all([shapes[i] for i in members]))
        if union is not None:
            out.append((union, code, members))
    return out


def ranges_from_parcel_shapes(
    shapes: Sequence, zldwdm: Sequence, dissolve: bool
) -> list[tuple[shapely.Geometry, str]]:
    """Range shapes (MultiPolygon) and their ZLDWDM from parcel shapes; see group_parcels."""
    return [(shape, code) for shape, code, _ in group_parcels(shapes, zldwdm, dissolve)]


def range_areas(shapes: Sequence, zone: GKZone) -> list[float]:
    """Ellipsoidal areas rounded half away from zero to 0.01 m², like TBMJ (nan: no area)."""
    return [round_half_away(float(a), 2) for a in ellipsoidal_areas(list(shapes), zone)]


def erase(
    shapes: Sequence,
    mask: shapely.Geometry | Sequence,
    min_area_m2: float,
    zone: GKZone,
    area_fn: AreaFunction | None = None,
) -> list[tuple[int, shapely.Geometry | None]]:
    """Ranges minus the mask, for the ranges the mask actually takes area from.

    Returns (index, remainder) for each changed range: the remainder is a MultiPolygon
    without the parts smaller than ``min_area_m2`` (ellipsoidal m², so no sliver is left
    behind), or None when nothing is left. Ranges the mask misses or only touches are not
    listed. ``area_fn`` measures parts (default: ellipsoidal area in ``zone``, the shapes
    being in that GK zone); callers whose shapes are in another CRS pass their own.
    """
    if mask is None:
        return []
    # The mask stays in pieces under an STRtree: each range is cut by the union of the few
    # pieces it meets, not by one county-wide union (12x slower on 20,000 ranges).
    pieces = [mask] if isinstance(mask, shapely.Geometry) else [m for m in mask if m is not None]
    pieces = [polygonal(shapely.make_valid(p)) for p in pieces]
    parts = np.array(
        [q for p in pieces if p is not None for q in shapely.get_parts(p)], dtype=object
    )
    if len(parts) == 0:
        return []
    measure = area_fn or (lambda parts: ellipsoidal_areas(list(parts), zone))
    candidates = np.array(
        [
            shape is not None and not shapely.is_empty(shape) and shapely.is_valid(shape)
            for shape in shapes
        ],
        bool,
    )  # the caller reports unusable ranges; they are never rewritten
    rows = np.flatnonzero(candidates)
    if len(rows) == 0:
        return []
    hits = shapely.STRtree(parts).query(np.asarray(shapes, dtype=object)[rows], "intersects")
    if hits.shape[1] == 0:
        return []
    order = np.argsort(hits[0], kind="stable")
    firsts, pieces_hit = hits[0][order], hits[1][order]
    starts = np.flatnonzero(np.r_[True, np.diff(firsts) != 0])
    index = rows[firsts[starts]]
    local = np.array(
        [
            parts[g[0]] if len(g) == 1 else shapely.union_all(parts[g])
            for g in np.split(pieces_hit, starts[1:])
        ],
        dtype=object,
    )
    ranges = np.asarray(shapes, dtype=object)[index]
    taken = shapely.area(shapely.intersection(ranges, local)) > 0.0  # touching takes nothing
    index, ranges, local = index[taken], ranges[taken], local[taken]
    # All remainders at once, then one area call for every piece left: the ellipsoidal
    # area is vectorised, per-range calls would dominate on thousands of ranges.
    left, owner = shapely.get_parts(shapely.difference(ranges, local), return_index=True)
    polygons = shapely.get_type_id(left) == 3
    left, owner = left[polygons], owner[polygons]
    areas = np.asarray(measure(list(left)), dtype=float) if len(left) else np.zeros(0)
    keep = np.isfinite(areas) & (areas >= min_area_m2)
    kept_owner = owner[keep]
    kept_by_range = np.split(left[keep], np.searchsorted(kept_owner, np.arange(1, len(index))))
    return [
        (int(row), shapely.multipolygons(list(kept)) if len(kept) else None)
        for row, kept in zip(index, kept_by_range)
    ]
