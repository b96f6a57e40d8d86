"""County boundary, villages and an exact parcel tessellation, with shapely 2 array ops.

Parcels start as Voronoi cells of a jittered grid whose density follows the terrain (large
forest parcels on the hills, small ones in valleys and hamlets). The county is the union of
the first N cells by a wobbly radius, so every parcel, village and the county share exact
edges. Linear features (river, highway, rural roads, canals) are cut in by polygonising the
noded linework of the cells they touch, which keeps shared edges bit-identical.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from shapely import STRtree

COARSE_STEP = 120.0  # m; a coarse cell holds k×k seeds, k = 1 (hills) … 3 (valley, hamlet)
HAMLET_RADIUS = 90.0  # m around a settlement centre where parcels are small
ROAD_CHUNK = 600.0  # m; a road or river parcel ends at the cell edge near every chunk
RIVER_PRIORITY = ("1101", "1003", "1107", "1006")  # who owns a face where buffers cross


@dataclass(frozen=True)
class Field2D:
    """A smooth random field in [0, 1] from a few plane waves: terrain without a DEM."""

    kx: np.ndarray
    ky: np.ndarray
    phase: np.ndarray
    amp: np.ndarray

    @classmethod
    def random(cls, rng: np.random.Generator, waves: int, shortest: float, longest: float):
        wavelength = rng.uniform(shortest, longest, waves)
        theta = rng.uniform(0.0, 2 * math.pi, waves)
        k = 2 * math.pi / wavelength
        amp = wavelength / longest  # long waves dominate, like real relief
        return cls(k * np.cos(theta), k * np.sin(theta), rng.uniform(0, 2 * math.pi, waves), amp)

    def __call__(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        total = np.zeros(x.shape)
        for kx, ky, ph, a in zip(self.kx, self.ky, self.phase, self.amp):
            total += a * np.cos(kx * x + ky * y + ph)
        total /= math.sqrt(float((self.amp**2).sum()) / 2.0)
        return 0.5 + 0.5 * np.tanh(0.9 * total)


@dataclass
class LinearFeature:
    """A river, road or canal centre line that becomes long thin parcels of one class."""

    dlbm: str
    width: float
    line: shapely.LineString


@dataclass
class County:
    """Everything geometric the generator needs; arrays are aligned per cell / per village."""

    centre: tuple[float, float]
    boundary: shapely.Polygon
    cells: np.ndarray  # Voronoi cells (object array of Polygons)
    seeds: np.ndarray  # (n, 2) seed coordinates
    cell_village: np.ndarray  # village index per cell
    hamlet_dist: np.ndarray  # distance of each seed to the nearest settlement centre
    villages: np.ndarray  # village polygons
    village_town: np.ndarray  # town index per village
    settlements: np.ndarray  # (s, 2) settlement centres
    features: list[LinearFeature]
    height: Field2D
    moisture: Field2D


@dataclass
class Pieces:
    """Parcels before attributes: geometry plus where each came from."""

    geoms: np.ndarray
    cell: np.ndarray  # source cell, or -1 for a linear-feature parcel
    feature: np.ndarray  # source linear feature, or -1
    village: np.ndarray


def _densify(points: np.ndarray, step: float) -> shapely.LineString:
    return shapely.segmentize(shapely.LineString(points), step)


def _blob_radius(rng: np.random.Generator, r0: float):
    harmonics = np.arange(2, 6)
    amps = rng.uniform(0.03, 0.1, harmonics.size) / np.sqrt(harmonics - 1)
    phases = rng.uniform(0, 2 * math.pi, harmonics.size)

    def radius(theta: np.ndarray) -> np.ndarray:
        wobble = (amps[:, None] * np.cos(np.outer(harmonics, theta) + phases[:, None])).sum(0)
        return r0 * (1.0 + wobble)

    return radius, r0 * (1.0 + amps.sum())


def _poisson_points(
    rng: np.random.Generator, count: int, inside, min_dist: float, weight
) -> np.ndarray:
    """Dart throwing: ``count`` points at least ``min_dist`` apart, accepted by ``weight``."""
    chosen: list[tuple[float, float]] = []
    tries = 0
    while len(chosen) < count and tries < count * 400:
        tries += 1
        x, y = inside()
        if rng.random() > weight(x, y):
            continue
        if chosen:
            arr = np.asarray(chosen)
            if np.min(np.hypot(arr[:, 0] - x, arr[:, 1] - y)) < min_dist:
                continue
        chosen.append((x, y))
    return np.asarray(chosen, dtype=float)


def _nearest(points: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of and distance to the nearest target for every point (STRtree, no scipy)."""
    tree = STRtree(shapely.points(targets))
    idx, dist = tree.query_nearest(shapely.points(points), return_distance=True, all_matches=False)
    out_idx = np.empty(len(points), dtype=np.int64)
    out_dist = np.empty(len(points))
    out_idx[idx[0]] = idx[1]
    out_dist[idx[0]] = dist
    return out_idx, out_dist


def _farthest_points(points: np.ndarray, count: int, first: int) -> np.ndarray:
    chosen = [first]
    dist = np.hypot(*(points - points[first]).T)
    for _ in range(1, min(count, len(points))):
        nxt = int(np.argmax(dist))
        chosen.append(nxt)
        dist = np.minimum(dist, np.hypot(*(points - points[nxt]).T))
    return np.asarray(chosen)


def build_county(rng: np.random.Generator, n_cells: int, centre: tuple[float, float]) -> County:
    """Cells, county, villages and linear features for about ``n_cells`` Voronoi cells."""
    cx, cy = centre
    height = Field2D.random(rng, 9, 1500.0, 7000.0)
    moisture = Field2D.random(rng, 7, 600.0, 3000.0)
    r0 = math.sqrt(n_cells * 4200.0 / math.pi)
    radius, r_max = _blob_radius(rng, r0)

    # settlements: hamlets in the valleys, at least 280 m apart
    n_settle = max(6, round(n_cells / 170))

    def inside() -> tuple[float, float]:
        t = rng.uniform(0, 2 * math.pi)
        r = radius(np.array([t]))[0] * math.sqrt(rng.uniform(0, 0.8))
        return cx + r * math.cos(t), cy + r * math.sin(t)

    settlements = _poisson_points(
        rng,
        n_settle,
        inside,
        280.0,
        lambda x, y: 1.0 - 0.8 * float(height(np.array([x - cx]), np.array([y - cy]))[0]),
    )

    # seeds: k×k per coarse cell, k from terrain and nearness to a hamlet
    half = r_max * 1.25
    steps = np.arange(-half, half, COARSE_STEP)
    gx, gy = np.meshgrid(steps, steps)
    gx = gx.ravel() + COARSE_STEP / 2
    gy = gy.ravel() + COARSE_STEP / 2
    theta = np.arctan2(gy, gx)
    keep = np.hypot(gx, gy) / radius(theta) < 1.3
    gx, gy = gx[keep], gy[keep]
    h = height(gx, gy)
    _, d_hamlet = _nearest(np.column_stack([gx + cx, gy + cy]), settlements)
    k = np.where(h < 0.3, 3, np.where(h < 0.55, 2, 1))
    k[d_hamlet < HAMLET_RADIUS + COARSE_STEP / 2] = 3
    xs, ys = [], []
    for kk in (1, 2, 3):
        sel = k == kk
        sub = (np.arange(kk) + 0.5) / kk * COARSE_STEP - COARSE_STEP / 2
        ox, oy = np.meshgrid(sub, sub)
        px = (gx[sel][:, None] + ox.ravel()[None, :]).ravel()
        py = (gy[sel][:, None] + oy.ravel()[None, :]).ravel()
        jitter = COARSE_STEP / kk * (0.22 if kk == 1 else 0.32)  # keeps forest cells < 2 ha
        xs.append(px + rng.uniform(-jitter, jitter, px.size))
        ys.append(py + rng.uniform(-jitter, jitter, py.size))
    px = np.concatenate(xs)
    py = np.concatenate(ys)
    order = np.lexsort((px, py))  # a fixed order before ranking keeps runs identical
    px, py = px[order], py[order]
    rho = np.hypot(px, py) / radius(np.arctan2(py, px))
    rank = np.argsort(rho, kind="stable")
    n_cells = min(n_cells, rank.size)
    cutoff = rho[rank[n_cells - 1]]
    near = np.flatnonzero(rho <= cutoff * 1.15 + 0.02)
    pts = np.column_stack([px[near] + cx, py[near] + cy])
    box = shapely.box(cx - half * 1.1, cy - half * 1.1, cx + half * 1.1, cy + half * 1.1)
    cells_all = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=box, ordered=True)
    )
    selected = rho[near] <= cutoff
    selected = _fill_holes(cells_all, selected, pts)
    cells = cells_all[selected]
    seeds = pts[selected]
    boundary = shapely.coverage_union_all(cells)

    cell_village, villages, village_centres = _villages(rng, cells, seeds, settlements, n_cells)
    village_town = _towns(village_centres)
    _, hamlet_dist = _nearest(seeds, settlements)
    features = _linear_features(rng, boundary, centre, r0, settlements, height)
    return County(
        centre=centre,
        boundary=boundary,
        cells=cells,
        seeds=seeds,
        cell_village=cell_village,
        hamlet_dist=hamlet_dist,
        villages=villages,
        village_town=village_town,
        settlements=settlements,
        features=features,
        height=height,
        moisture=moisture,
    )


def _fill_holes(cells: np.ndarray, selected: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Make the county one polygon without holes: enclaves join, outliers leave."""
    selected = selected.copy()
    for _ in range(5):
        union = shapely.coverage_union_all(cells[selected])
        parts = shapely.get_parts(union)
        main = parts[int(np.argmax(shapely.area(parts)))]
        filled = shapely.Polygon(main.exterior)
        inside = shapely.contains_xy(filled, pts[:, 0], pts[:, 1])
        if np.array_equal(inside, selected):
            break
        selected = inside
    return selected


def _villages(
    rng: np.random.Generator,
    cells: np.ndarray,
    seeds: np.ndarray,
    settlements: np.ndarray,
    n_cells: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Villages as connected groups of cells around every few settlements."""
    n_villages = max(4, min(len(settlements), round(n_cells / 350)))
    inside = shapely.contains_xy(shapely.coverage_union_all(cells), *settlements.T)
    candidates = settlements[inside] if inside.sum() >= n_villages else settlements
    first = int(rng.integers(len(candidates)))
    centres = candidates[_farthest_points(candidates, n_villages, first)]
    for _ in range(3):  # a few Lloyd steps to even out village sizes
        owner, _ = _nearest(seeds, centres)
        centres = np.array(
            [
                seeds[owner == v].mean(axis=0) if np.any(owner == v) else centres[v]
                for v in range(len(centres))
            ]
        )
    warp = Field2D.random(rng, 5, 800.0, 2500.0)
    wx = seeds[:, 0] + 220.0 * (warp(seeds[:, 0], seeds[:, 1]) - 0.5)
    wy = seeds[:, 1] + 220.0 * (warp(seeds[:, 1], seeds[:, 0]) - 0.5)
    owner, _ = _nearest(np.column_stack([wx, wy]), centres)
    owner = _make_connected(cells, seeds, owner)
    used = np.unique(owner)
    remap = np.full(len(centres), -1)
    remap[used] = np.arange(used.size)
    owner = remap[owner]
    villages = np.array(
        [shapely.coverage_union_all(cells[owner == v]) for v in range(used.size)], dtype=object
    )
    centres = np.array([seeds[owner == v].mean(axis=0) for v in range(used.size)])
    return owner, villages, centres


def _make_connected(cells: np.ndarray, seeds: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """Hand detached bits of a village to the neighbouring village that surrounds them."""
    tree = STRtree(cells)
    for _ in range(10):
        changed = False
        for v in np.unique(owner):
            members = np.flatnonzero(owner == v)
            parts = shapely.get_parts(shapely.coverage_union_all(cells[members]))
            if len(parts) == 1:
                continue
            main = parts[int(np.argmax(shapely.area(parts)))]
            stray = members[~shapely.contains_xy(main, *seeds[members].T)]
            for cell in stray:
                neighbours = tree.query(cells[cell], predicate="touches")
                others = owner[neighbours][owner[neighbours] != v]
                if others.size:
                    owner[cell] = np.bincount(others).argmax()
                    changed = True
        if not changed:
            break
    return owner


def _towns(village_centres: np.ndarray) -> np.ndarray:
    n_towns = max(1, round(len(village_centres) / 7))
    centres = village_centres[_farthest_points(village_centres, n_towns, 0)]
    town, _ = _nearest(village_centres, centres)
    return town


def _crossing_line(
    rng: np.random.Generator,
    centre: tuple[float, float],
    r0: float,
    amplitude: float,
    waves: float,
) -> np.ndarray:
    angle = rng.uniform(0, math.pi)
    ux, uy = math.cos(angle), math.sin(angle)
    offset = rng.uniform(-0.3, 0.3) * r0
    t = np.linspace(-1.6, 1.6, 400)
    lateral = offset + amplitude * r0 * np.sin(waves * math.pi * t + rng.uniform(0, 6.3))
    return np.column_stack(
        [centre[0] + t * r0 * ux - lateral * uy, centre[1] + t * r0 * uy + lateral * ux]
    )


def _mst_edges(points: np.ndarray) -> list[tuple[int, int]]:
    """Prim's minimum spanning tree: rural roads that join every hamlet."""
    n = len(points)
    in_tree = np.zeros(n, dtype=bool)
    in_tree[0] = True
    best = np.hypot(*(points - points[0]).T)
    parent = np.zeros(n, dtype=int)
    edges = []
    for _ in range(n - 1):
        cand = np.where(in_tree, np.inf, best)
        j = int(np.argmin(cand))
        edges.append((int(parent[j]), j))
        in_tree[j] = True
        d = np.hypot(*(points - points[j]).T)
        closer = d < best
        best = np.where(closer, d, best)
        parent = np.where(closer, j, parent)
    return edges


def _linear_features(
    rng: np.random.Generator,
    boundary: shapely.Polygon,
    centre: tuple[float, float],
    r0: float,
    settlements: np.ndarray,
    height: Field2D,
) -> list[LinearFeature]:
    """River 1101, highway 1003, canals 1107 and rural roads 1006 between hamlets."""
    features: list[LinearFeature] = []
    river = _densify(_crossing_line(rng, centre, r0, 0.18, 2.5), 15.0)
    features.append(LinearFeature("1101", float(rng.choice([22.0, 26.0, 30.0])), river))
    highway = _densify(_crossing_line(rng, centre, r0, 0.08, 1.0), 20.0)
    features.append(LinearFeature("1003", 24.0, highway))
    n_canals = max(1, round(len(settlements) / 8))
    for _ in range(n_canals):
        start = shapely.line_interpolate_point(river, rng.uniform(0.3, 0.7), normalized=True)
        sx, sy = start.x, start.y
        angle = rng.uniform(0, 2 * math.pi)
        length = rng.uniform(400, 900)
        t = np.linspace(0, 1, 30)
        bend = 40.0 * np.sin(math.pi * t)
        pts = np.column_stack(
            [
                sx + t * length * math.cos(angle) - bend * math.sin(angle),
                sy + t * length * math.sin(angle) + bend * math.cos(angle),
            ]
        )
        features.append(
            LinearFeature("1107", float(rng.choice([2.0, 2.5, 3.0])), _densify(pts, 10))
        )
    inside = settlements[shapely.contains_xy(boundary, *settlements.T)]
    for a, b in _mst_edges(inside):
        pa, pb = inside[a], inside[b]
        length = float(np.hypot(*(pb - pa)))
        t = np.linspace(0, 1, max(3, int(length / 25)))
        bend = rng.uniform(-0.08, 0.08) * length * np.sin(math.pi * t)
        nx, ny = -(pb - pa)[1] / length, (pb - pa)[0] / length
        pts = np.column_stack(
            [pa[0] + t * (pb - pa)[0] + bend * nx, pa[1] + t * (pb - pa)[1] + bend * ny]
        )
        width = float(rng.choice([3.5, 4.0, 4.5, 5.0, 6.0]))
        features.append(LinearFeature("1006", width, _densify(pts, 10)))
    # the hamlet nearest the highway gets a link road to it
    if len(inside):
        d = shapely.distance(shapely.points(inside), highway)
        j = int(np.argmin(d))
        near = shapely.line_interpolate_point(
            highway, shapely.line_locate_point(highway, shapely.Point(inside[j]))
        )
        pts = np.array([inside[j], [near.x, near.y]])
        if np.hypot(*(pts[1] - pts[0])) > 30:
            features.append(LinearFeature("1006", 5.0, _densify(pts, 10)))
    return features


def cut_features(county: County) -> Pieces:
    """Cut the linear features into the cells; every face keeps exact shared edges."""
    cells = county.cells
    feats = county.features
    priority = {code: i for i, code in enumerate(RIVER_PRIORITY)}
    buffers = np.array(
        [
            shapely.buffer(f.line, f.width / 2, cap_style="flat", join_style="round", quad_segs=4)
            for f in feats
        ],
        dtype=object,
    )
    tree = STRtree(cells)
    _, hit = tree.query(buffers, predicate="intersects")
    affected = np.unique(hit)
    untouched = np.setdiff1d(np.arange(len(cells)), affected)

    lines = np.concatenate([shapely.boundary(cells[affected]), shapely.boundary(buffers)])
    noded = shapely.union_all(lines)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    reps = shapely.point_on_surface(faces)
    aff_tree = STRtree(cells[affected])
    f_idx, c_idx = aff_tree.query(reps, predicate="within")
    face_cell = np.full(len(faces), -1)
    face_cell[f_idx] = affected[c_idx]
    keep = face_cell >= 0
    faces, reps, face_cell = faces[keep], reps[keep], face_cell[keep]

    buf_tree = STRtree(buffers)
    r_idx, b_idx = buf_tree.query(reps, predicate="within")
    face_feat = np.full(len(faces), -1)
    rank = np.array([priority[feats[b].dlbm] * 100000 + b for b in b_idx])
    order = np.lexsort((rank, r_idx))  # lowest rank first per face
    first = np.ones(order.size, dtype=bool)
    first[1:] = r_idx[order][1:] != r_idx[order][:-1]
    face_feat[r_idx[order][first]] = b_idx[order][first]

    village = county.cell_village[face_cell]
    chunk = np.zeros(len(faces), dtype=np.int64)
    on_feat = face_feat >= 0
    for b in np.unique(face_feat[on_feat]):
        sel = np.flatnonzero(face_feat == b)
        chunk[sel] = (shapely.line_locate_point(feats[b].line, reps[sel]) // ROAD_CHUNK).astype(
            np.int64
        )
    # group key: a cell's own faces, or (feature, village, chunk) for linear parcels
    n_cells = len(cells)
    key = np.where(
        on_feat,
        n_cells + (face_feat.astype(np.int64) * 100_000 + village) * 10_000 + chunk,
        face_cell,
    )
    order = np.argsort(key, kind="stable")
    key_sorted = key[order]
    bounds = np.flatnonzero(np.r_[True, key_sorted[1:] != key_sorted[:-1], True])
    merged, g_cell, g_feat, g_village = [], [], [], []
    for s, e in zip(bounds[:-1], bounds[1:]):
        members = order[s:e]
        geom = faces[members[0]] if e - s == 1 else shapely.coverage_union_all(faces[members])
        merged.append(geom)
        m0 = members[0]
        g_feat.append(face_feat[m0])
        g_cell.append(-1 if face_feat[m0] >= 0 else face_cell[m0])
        g_village.append(village[m0])
    merged_arr = np.empty(len(merged), dtype=object)
    merged_arr[:] = merged
    parts, part_of = shapely.get_parts(merged_arr, return_index=True)
    geoms = np.concatenate([cells[untouched], parts])
    cell = np.concatenate([untouched, np.asarray(g_cell)[part_of]])
    feature = np.concatenate([np.full(untouched.size, -1), np.asarray(g_feat)[part_of]])
    vill = np.concatenate([county.cell_village[untouched], np.asarray(g_village)[part_of]])
    return Pieces(geoms, cell.astype(np.int64), feature.astype(np.int64), vill.astype(np.int64))


def merge_small(pieces: Pieces, min_area: np.ndarray, klass: np.ndarray, rounds: int = 4):
    """Fold pieces below their minimum area into the neighbour with the longest shared edge.

    Only neighbours in the same village qualify, so parcels stay inside villages; a linear
    piece prefers the same feature, a cell piece the same class. Returns the merged pieces and,
    per piece, the index of the input piece that lent it its class.
    """
    geoms = pieces.geoms.copy()
    donor = np.arange(len(geoms))
    alive = np.ones(len(geoms), dtype=bool)
    for _ in range(rounds):
        areas = shapely.area(geoms)
        small = np.flatnonzero(alive & (areas < min_area[donor]))
        if small.size == 0:
            break
        idx_alive = np.flatnonzero(alive)
        tree = STRtree(geoms[idx_alive])
        s_idx, t_idx = tree.query(geoms[small], predicate="intersects")
        a = small[s_idx]
        b = idx_alive[t_idx]
        ok = (a != b) & (pieces.village[a] == pieces.village[b])
        a, b = a[ok], b[ok]
        shared = shapely.length(
            shapely.intersection(shapely.boundary(geoms[a]), shapely.boundary(geoms[b]))
        )
        same_feat = (pieces.feature[donor[a]] >= 0) & (
            pieces.feature[donor[a]] == pieces.feature[donor[b]]
        )
        same_class = klass[donor[a]] == klass[donor[b]]
        score = shared * np.where(same_feat, 10.0, 1.0) * np.where(same_class, 2.0, 1.0)
        enough = np.minimum(0.5, 0.25 * shapely.length(shapely.boundary(geoms[a])))
        score[shared < enough] = -1
        taken = np.zeros(len(geoms), dtype=bool)
        order = np.lexsort((-score, a))
        done_a = set()
        for i in order:
            if score[i] <= 0 or a[i] in done_a:
                continue
            src, dst = a[i], b[i]
            if taken[src] or taken[dst] or not alive[dst]:
                continue  # one merge per piece per round keeps the geometry bookkeeping simple
            done_a.add(src)
            geoms[dst] = shapely.coverage_union_all(np.array([geoms[dst], geoms[src]]))
            alive[src] = False
            taken[src] = taken[dst] = True
    keep = np.flatnonzero(alive)
    result = Pieces(
        geoms[keep],
        pieces.cell[donor[keep]],
        pieces.feature[donor[keep]],
        pieces.village[keep],
    )
    return result, donor[keep]
