"""Planted defects: small, realistic mistakes a checker must find, each logged once.

Every defect touches parcels nobody else uses (no other defect, change or single layer), so a
finding can be traced to exactly one entry of ``defects.json``; geometry edits keep the rest
of the tessellation exact.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np
import shapely
from shapely import STRtree


@dataclass
class Defect:
    """One entry of defects.json."""

    category: str  # geometry, topology, attribute, area, change, single_layer, photo
    kind: str
    layer: str
    key: str  # BSM for features, file name for photos
    detail: str
    related: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


class DefectLog:
    """Defects in planting order, plus the parcel rows they occupy."""

    def __init__(self) -> None:
        self.items: list[Defect] = []
        self.rows: dict[int, list[int]] = {}  # parcel row -> defect indexes

    def add(self, defect: Defect, rows: tuple[int, ...] = ()) -> None:
        for r in rows:
            self.rows.setdefault(int(r), []).append(len(self.items))
        self.items.append(defect)

    def as_json(self) -> list[dict]:
        return [{"id": i + 1, **asdict(d)} for i, d in enumerate(self.items)]


def _ring(poly: shapely.Polygon) -> np.ndarray:
    return np.asarray(poly.exterior.coords)[:-1]


def _with_ring(poly: shapely.Polygon, ring: np.ndarray) -> shapely.Polygon:
    closed = np.vstack([ring, ring[:1]])
    return shapely.Polygon(closed, [i.coords for i in poly.interiors])


def _edges(ring: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    nxt = np.roll(ring, -1, axis=0)
    return nxt - ring, np.hypot(*(nxt - ring).T)


def _inward(poly: shapely.Polygon, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    t = (b - a) / np.hypot(*(b - a))
    n = np.array([-t[1], t[0]])
    mid = (a + b) / 2
    return n if poly.contains(shapely.Point(mid + n * 0.05)) else -n


class Planter:
    """Plants defects into the 2024 parcel table; rows listed in ``busy`` are never reused."""

    def __init__(self, rng: np.random.Generator, geoms: np.ndarray, busy: set[int]) -> None:
        self.rng = rng
        self.geoms = geoms
        self.busy = set(busy)
        self.tree = STRtree(geoms)

    def take(self, candidates: np.ndarray) -> int | None:
        free = [int(c) for c in candidates if int(c) not in self.busy]
        if not free:
            return None
        row = free[int(self.rng.integers(len(free)))]
        self.busy.add(row)
        return row

    def neighbours(self, row: int) -> list[tuple[int, shapely.Geometry]]:
        """Neighbours sharing an edge longer than 8 m, with that shared line."""
        out = []
        for j in self.tree.query(self.geoms[row], predicate="touches"):
            if j == row or j in self.busy:
                continue
            shared = shapely.line_merge(
                shapely.intersection(self.geoms[row].boundary, self.geoms[j].boundary)
            )
            if shared.geom_type == "LineString" and shared.length > 8:
                out.append((int(j), shared))
        return out

    # --- geometry -------------------------------------------------------------------------

    def bowtie(self, row: int, size: float = 1.5) -> tuple[shapely.Polygon, float]:
        """A self-crossing loop on the longest edge: the ring crosses itself once.

        Returns the new polygon and the area of the notch it leaves between the parcel
        and its neighbour (size²/4), which a coverage check sees as a tiny gap.
        """
        poly = self.geoms[row]
        ring = _ring(poly)
        _, length = _edges(ring)
        i = int(np.argmax(length))
        a, b = ring[i], ring[(i + 1) % len(ring)]
        t = (b - a) / length[i]
        n = _inward(poly, a, b)
        p0 = a + t * length[i] * 0.4
        loop = [p0, p0 + t * size + n * size, p0 + n * size, p0 + t * size]
        new = np.vstack([ring[: i + 1], loop, ring[i + 1 :]])
        return _with_ring(poly, new), size * size / 4

    def duplicate_vertex(self, row: int) -> shapely.Polygon:
        poly = self.geoms[row]
        ring = _ring(poly)
        k = int(self.rng.integers(len(ring)))
        return _with_ring(poly, np.insert(ring, k, ring[k], axis=0))

    def sliver(self, row: int) -> tuple[shapely.Polygon, shapely.Polygon] | None:
        """Split a < 10 m² strip off an 8–18 m edge, reusing the edge's own vertices."""
        poly = self.geoms[row]
        ring = _ring(poly)
        _, length = _edges(ring)
        for i in np.flatnonzero((length > 8) & (length < 18)):
            a, b = ring[i], ring[(i + 1) % len(ring)]
            t = (b - a) / length[i]
            n = _inward(poly, a, b)
            q1, q2 = a + t * 0.5 + n * 0.5, b - t * 0.5 + n * 0.5
            rest = _with_ring(poly, np.vstack([ring[: i + 1], [q1, q2], ring[i + 1 :]]))
            strip = shapely.Polygon([a, b, q2, q1])
            if rest.is_valid and strip.is_valid and strip.area < 10:
                return rest, strip
        return None

    def corner_cut(self, row: int, target: float):
        """Cut a triangle of ``target`` m² off a convex corner; neighbours get the new vertices.

        Returns (rest, triangle, {neighbour row: new polygon}) or None.
        """
        poly = self.geoms[row]
        ring = _ring(poly)
        m = len(ring)
        for k in range(m):
            v, vp, vn = ring[k], ring[k - 1], ring[(k + 1) % m]
            tri = shapely.Polygon([vp, v, vn])
            if tri.area <= 0 or not poly.contains(tri.buffer(-0.01)):
                continue
            s = math.sqrt(target / tri.area)
            if s > 0.7:
                continue
            a, b = v + (vp - v) * s, v + (vn - v) * s
            rest = _with_ring(poly, np.vstack([ring[:k], [a, b], ring[k + 1 :]]))
            triangle = shapely.Polygon([a, v, b])
            if not rest.is_valid:
                continue
            updates = {}
            for j in self.tree.query(poly, predicate="touches"):
                new = _insert_on_edges(self.geoms[j], [(vp, v, a), (v, vn, b)])
                if new is not None:
                    if int(j) in self.busy:
                        break
                    updates[int(j)] = new
            else:
                return rest, triangle, updates
        return None

    def overlap(self, row: int) -> tuple[int, shapely.Geometry, float] | None:
        """Grow the parcel 6 m into a neighbour: returns (neighbour, new geometry, overlap)."""
        for j, shared in self.neighbours(row):
            mid = shapely.line_interpolate_point(shared, 0.5, normalized=True)
            bite = shapely.intersection(self.geoms[j], shapely.buffer(mid, 6.0))
            grown = shapely.union(self.geoms[row], bite)
            if grown.geom_type == "Polygon" and bite.area > 20:
                self.busy.add(j)
                return j, grown, float(bite.area)
        return None

    def gap(self, row: int) -> tuple[int, shapely.Geometry, shapely.Geometry, float] | None:
        """Bite a 4 m disc out of two neighbours at their shared edge."""
        for j, shared in self.neighbours(row):
            mid = shapely.line_interpolate_point(shared, 0.5, normalized=True)
            hole = shapely.buffer(mid, 4.0)
            both = shapely.union(self.geoms[row], self.geoms[j])
            if not shapely.contains(both, hole):
                continue
            a = shapely.difference(self.geoms[row], hole)
            b = shapely.difference(self.geoms[j], hole)
            if a.geom_type == "Polygon" and b.geom_type == "Polygon":
                self.busy.add(j)
                return j, a, b, float(hole.area)
        return None


def _insert_on_edges(poly: shapely.Polygon, edits) -> shapely.Polygon | None:
    """Insert point x between consecutive ring vertices p, q (either direction), exactly."""
    ring = _ring(poly)
    changed = False
    for p, q, x in edits:
        m = len(ring)
        for k in range(m):
            r0, r1 = ring[k], ring[(k + 1) % m]
            if (np.array_equal(r0, p) and np.array_equal(r1, q)) or (
                np.array_equal(r0, q) and np.array_equal(r1, p)
            ):
                ring = np.insert(ring, k + 1, x, axis=0)
                changed = True
                break
    return _with_ring(poly, ring) if changed else None
