"""Ellipsoidal parcel area (reference.md §7) and the CGCS2000 GK inverse (§8), without QGIS."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import shapely
from shapely import affinity

from landsurvey_plugin.model import area as area_mod
from landsurvey_plugin.model.area import (
    E2,
    SEMI_MINOR,
    ParcelAreas,
    ellipsoidal_areas,
    parcel_areas,
    polygon_area,
    ring_area,
    round_half_away,
    trapezoid_area,
)
from landsurvey_plugin.model.gauss_kruger import (
    GKZone,
    inverse,
    zone_from_easting,
    zone_from_epsg,
)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # pyproj warns about proj.db; GK + 4490 need no grids
    import pyproj

CGCS2000_F = 1 / 298.257222101
GEOD = pyproj.Geod(a=6378137.0, f=CGCS2000_F)
ZONE_4527 = zone_from_epsg(4527)


def dms(deg: float, minutes: float = 0.0, seconds: float = 0.0) -> float:
    return math.radians(deg + minutes / 60 + seconds / 3600)


def q(phi: float) -> float:
    """Authalic q(φ) of §7(a)."""
    e = math.sqrt(E2)
    s = math.sin(phi)
    return s / (1 - E2 * s * s) + 1 / (2 * e) * math.log((1 + e * s) / (1 - e * s))


def closed_form(b1: float, b2: float, l1: float, l2: float) -> float:
    return SEMI_MINOR**2 * (l2 - l1) / 2 * (q(b2) - q(b1))


def quad_ring(b1: float, b2: float, l1: float, l2: float) -> tuple[np.ndarray, np.ndarray]:
    """Counter-clockwise in (lon, lat)."""
    return np.array([b1, b1, b2, b2]), np.array([l1, l2, l2, l1])


# --- §7 series coefficients -------------------------------------------------------------


def test_series_coefficients_match_section_7():
    computed = [
        area_mod.SERIES_A,
        area_mod.SERIES_B,
        area_mod.SERIES_C,
        area_mod.SERIES_D,
        area_mod.SERIES_E,
    ]
    printed = [
        1.0033640898341927,
        0.001124189381927124,
        1.699459473518905e-06,
        2.7178578455775555e-09,
        4.358419004834514e-12,
    ]
    assert computed == pytest.approx(printed, rel=1e-12)
    eccentricity2, minor = E2, SEMI_MINOR
    assert eccentricity2 == pytest.approx(0.00669438002290, abs=1e-14)
    assert minor == pytest.approx(6356752.3141403558, abs=1e-8)


# --- §7(a) quadrangles --------------------------------------------------------------------

QUADRANGLES = [
    ((dms(39, 50), dms(39, 52, 30), dms(116, 15), dms(116, 18, 45)), 24_743_685.7491),
    ((dms(30), dms(30, 2, 30), dms(114), dms(114, 3, 45)), 27_847_757.0265),
    ((dms(20), dms(21), dms(110), dms(111)), 11_548_376_595.951),
    ((dms(39), dms(39, 0, 1), dms(116), dms(116, 0, 1)), 742.0412),
]


@pytest.mark.parametrize(("bounds", "expected"), QUADRANGLES)
def test_quadrangle_series_and_closed_form(bounds, expected):
    lat, lon = quad_ring(*bounds)
    series = ring_area(lat, lon)
    assert series == pytest.approx(expected, abs=0.01 if expected < 1e9 else 0.001)
    assert closed_form(*bounds) == pytest.approx(series, abs=0.001)
    b1, b2, l1, l2 = bounds
    assert trapezoid_area(b1, b2, l2 - l1) == pytest.approx(series, rel=1e-12)


def test_ring_area_sign_and_closure():
    lat, lon = quad_ring(*QUADRANGLES[0][0])
    ccw = ring_area(lat, lon)
    assert ccw > 0
    assert ring_area(lat[::-1], lon[::-1]) == pytest.approx(-ccw, rel=1e-12)
    closed = ring_area(np.r_[lat, lat[0]], np.r_[lon, lon[0]])
    assert closed == pytest.approx(ccw, rel=1e-12)


# --- §7(b) full path from GK coordinates ---------------------------------------------------

SHEET_4527 = shapely.Polygon(
    [
        (39435798.8376409, 4411292.69245474),
        (39441148.9832737, 4411249.69910276),
        (39441184.5594848, 4415876.08568246),
        (39435837.6485058, 4415919.09048878),
    ]
)


def test_full_path_sheet():
    area = polygon_area(SHEET_4527, ZONE_4527)
    assert round_half_away(area) == 24_743_685.75
    assert SHEET_4527.area > area  # §6.3


def test_full_path_rectangles():
    west = shapely.box(39435800, 4411300, 39436000, 4411450)
    on_cm = shapely.box(39499900, 4411300, 39500100, 4411450)
    assert west.area == pytest.approx(30_000.0)
    assert round_half_away(polygon_area(west, ZONE_4527)) == 29_996.97
    assert round_half_away(polygon_area(on_cm, ZONE_4527)) == 30_000.00


def test_no_prefix_family_gives_same_area():
    # Zone 39 without prefix is CM 117°E: EPSG:4534 + (117 − 75) / 3 = EPSG:4548 (not 4541,
    # which is CM 96°E).
    zone = zone_from_epsg(4548)
    assert zone.central_meridian == 117 and zone.false_easting == 500_000
    assert zone_from_epsg(4541).central_meridian == 96
    prefixed = shapely.box(39435800, 4411300, 39436000, 4411450)
    bare = affinity.translate(prefixed, -39_000_000)
    expected = polygon_area(prefixed, ZONE_4527)
    assert polygon_area(bare, zone) == pytest.approx(expected, abs=1e-6)
    # Either zone object reads either easting form.
    assert polygon_area(bare, ZONE_4527) == pytest.approx(expected, abs=1e-6)
    assert polygon_area(prefixed, zone) == pytest.approx(expected, abs=1e-6)


def test_planar_larger_than_ellipsoidal_off_cm():
    """§6.3: with k0 = 1 the GK plane only enlarges, so planar > ellipsoidal off the CM."""
    for dx in (-140_000, -60_000, 60_000, 140_000):
        parcel = shapely.box(39500000 + dx, 3300000, 39500000 + dx + 120, 3300000 + 90)
        assert polygon_area(parcel, ZONE_4527) < parcel.area


# --- zones -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("epsg", "cm", "fe", "zone", "width"),
    [
        (4491, 75, 13_500_000, 13, 6),
        (4501, 135, 23_500_000, 23, 6),
        (4502, 75, 500_000, 13, 6),
        (4512, 135, 500_000, 23, 6),
        (4513, 75, 25_500_000, 25, 3),
        (4527, 117, 39_500_000, 39, 3),
        (4533, 135, 45_500_000, 45, 3),
        (4534, 75, 500_000, 25, 3),
        (4545, 108, 500_000, 36, 3),
        (4554, 135, 500_000, 45, 3),
    ],
)
def test_zone_from_epsg(epsg, cm, fe, zone, width):
    assert zone_from_epsg(epsg) == GKZone(cm, fe, zone, width)


def test_zone_from_epsg_matches_proj():
    for epsg in range(4491, 4555):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            params = pyproj.CRS.from_epsg(epsg).to_dict()
        zone = zone_from_epsg(epsg)
        assert params["lon_0"] == zone.central_meridian, epsg
        assert params["x_0"] == zone.false_easting, epsg


@pytest.mark.parametrize("epsg", [4490, 4490 + 65, 32650, 4326])
def test_zone_from_epsg_rejects_others(epsg):
    with pytest.raises(ValueError, match="not a CGCS2000 Gauss-Kruger"):
        zone_from_epsg(epsg)


def test_zone_from_easting():
    assert zone_from_easting(39435800.0) == zone_from_epsg(4527)
    assert zone_from_easting(20_400_000.0, zone_width=6) == zone_from_epsg(4498)
    with pytest.raises(ValueError, match="no zone prefix"):
        zone_from_easting(435800.0)
    with pytest.raises(ValueError, match="not a CGCS2000 3-degree zone"):
        zone_from_easting(20_400_000.0)  # a 6° prefix read as 3°


def test_wrong_prefix_is_rejected():
    with pytest.raises(ValueError, match="prefix 38"):
        inverse(np.array([38_435_800.0]), np.array([4411300.0]), ZONE_4527)


# --- inverse vs PROJ ---------------------------------------------------------------------


@pytest.mark.parametrize("epsg", [4491, 4496, 4501, 4504, 4512, 4513, 4524, 4527, 4533, 4537, 4548])
def test_inverse_matches_pyproj(epsg):
    zone = zone_from_epsg(epsg)
    rng = np.random.default_rng(epsg)
    half = zone.zone_width / 2
    lon = zone.central_meridian + rng.uniform(-half, half, 500)
    lat = rng.uniform(3.0, 54.0, 500)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        easting, northing = pyproj.Transformer.from_crs(4490, epsg, always_xy=True).transform(
            lon, lat
        )
        ref_lon, ref_lat = pyproj.Transformer.from_crs(epsg, 4490, always_xy=True).transform(
            easting, northing
        )
    got_lat, got_lon = inverse(np.asarray(easting), np.asarray(northing), zone)
    assert np.max(np.abs(np.degrees(got_lat) - ref_lat)) < 1e-9
    assert np.max(np.abs(np.degrees(got_lon) - ref_lon)) < 1e-9


# --- random parcels vs GeographicLib -------------------------------------------------------


def random_parcel(rng: np.random.Generator, cx: float, cy: float):
    """A random convex or concave parcel of 200–20 000 m², sometimes with a hole or two parts."""
    target = math.exp(rng.uniform(math.log(200), math.log(20_000)))
    while True:
        n = int(rng.integers(3, 13))
        angles = np.sort(rng.uniform(0, 2 * np.pi, n))
        radii = rng.uniform(0.45, 1.0, n) if rng.random() < 0.6 else np.ones(n)
        ring = np.c_[np.cos(angles) * radii, np.sin(angles) * radii * rng.uniform(0.3, 1.0)]
        shape = shapely.Polygon(ring)
        if shape.is_valid and shape.area > 0.05:
            break
    shape = affinity.rotate(shape, rng.uniform(0, 180), origin=(0, 0))
    kind = rng.random()
    if kind < 0.25:
        hole = affinity.scale(shapely.convex_hull(shape), 0.3, 0.3, origin=shape.centroid)
        if shape.contains(hole):
            shape = shapely.Polygon(shape.exterior, [hole.exterior.coords[::-1]])
    elif kind < 0.45:
        shape = shapely.MultiPolygon([shape, affinity.translate(shape, 2.5, 0.3)])
    scale = math.sqrt(target / shape.area)
    shape = affinity.scale(shape, scale, scale, origin=(0, 0))
    if rng.random() < 0.5:
        shape = shapely.reverse(shape)
    return affinity.translate(shape, cx, cy)


def geodesic_area(geom, zone: GKZone) -> float:
    """GeographicLib's exact area of the polygon whose vertices are those of ``geom``."""
    total = 0.0
    for part in shapely.get_parts(geom):
        for k, ring in enumerate(shapely.get_rings(part)):
            xy = shapely.get_coordinates(ring)
            lat, lon = inverse(xy[:, 0], xy[:, 1], zone)
            signed, _ = GEOD.polygon_area_perimeter(np.degrees(lon), np.degrees(lat))
            total += abs(signed) if k == 0 else -abs(signed)
    return total


# (EPSG, latitude band) across China, both families, 3° and 6° zones.
SITES = [(4513, 39.0), (4520, 30.0), (4527, 40.0), (4533, 47.0), (4495, 25.0), (4548, 21.0)]


def random_parcels(per_site: int = 60):
    rng = np.random.default_rng(20240601)
    for epsg, lat in SITES:
        zone = zone_from_epsg(epsg)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fwd = pyproj.Transformer.from_crs(4490, epsg, always_xy=True)
        half = zone.zone_width / 2
        lons = zone.central_meridian + rng.uniform(-half, half, per_site)
        lats = lat + rng.uniform(-4, 4, per_site)
        for cx, cy in zip(*fwd.transform(lons, lats)):
            yield random_parcel(rng, cx, cy), zone


def test_random_parcels_match_geographiclib():
    """Same figure on both sides: GK-straight edges, densified to 2 m.

    GeographicLib joins vertices by geodesics and §7 joins them by straight lines in (L, area);
    a straight GK edge is neither, so both are given the edge as many 2 m pieces.
    """
    worst = 0.0
    count = 0
    for parcel, zone in random_parcels():
        fine = shapely.segmentize(parcel, 2.0)
        worst = max(worst, abs(polygon_area(fine, zone) - geodesic_area(fine, zone)))
        count += 1
    assert count >= 300
    assert worst < 0.01, worst


def test_vertex_only_formula_error_is_the_edge_curvature_term():
    """§7 on the vertices alone, as the survey tools compute TBMJ, is what polygon_area returns.

    It differs from the true area of the figure by a term of order s³·tanφ/R per edge that
    cancels between parallel opposite edges: nil for rectangles, growing as s³ for triangles.
    """
    zone = ZONE_4527
    rect = shapely.box(39435800, 4411300, 39436000, 4411450)
    assert polygon_area(rect, zone) == pytest.approx(
        polygon_area(shapely.segmentize(rect, 1.0), zone), abs=1e-5
    )
    gaps = []
    for size in (100.0, 200.0):
        tri = shapely.Polygon(
            [
                (39435800, 4411300),
                (39435800 + size, 4411300 + size / 4),
                (39435800 + size / 3, 4411300 + size),
            ]
        )
        gaps.append(polygon_area(tri, zone) - polygon_area(shapely.segmentize(tri, 1.0), zone))
    assert gaps[1] == pytest.approx(8 * gaps[0], rel=0.05)
    assert 0.05 < abs(gaps[1]) < 0.2  # measured 0.108 m² for this 200 m triangle at 40°N


# --- polygon_area behaviour ---------------------------------------------------------------


def test_holes_are_subtracted_and_orientation_is_ignored():
    outer = shapely.box(39435800, 4411300, 39436000, 4411450)
    hole = shapely.box(39435850, 4411350, 39435900, 4411400)
    with_hole = outer.difference(hole)
    assert len(with_hole.interiors) == 1
    expected = polygon_area(outer, ZONE_4527) - polygon_area(hole, ZONE_4527)
    assert polygon_area(with_hole, ZONE_4527) == pytest.approx(expected, abs=1e-6)
    # Every orientation of exterior and hole gives the same area.
    ext, inner = np.asarray(with_hole.exterior.coords), np.asarray(with_hole.interiors[0].coords)
    for e in (ext, ext[::-1]):
        for h in (inner, inner[::-1]):
            poly = shapely.Polygon(e, [h])
            assert polygon_area(poly, ZONE_4527) == pytest.approx(expected, abs=1e-6)


def test_polygon_area_rejects_lines():
    with pytest.raises(TypeError):
        polygon_area(shapely.LineString([(39435800, 4411300), (39435900, 4411300)]), ZONE_4527)


def test_ellipsoidal_areas_matches_polygon_area_on_mixed_array():
    zone = zone_from_epsg(SITES[0][0])
    parcels = [p for (p, _), _ in zip(random_parcels(6), range(6))]  # the 4513 site
    square = shapely.box(25_500_000, 4_300_000, 25_500_120, 4_300_100)
    two_part = shapely.MultiPolygon([square, affinity.translate(square, 300, 0)])
    geoms = np.array(
        [
            None,
            shapely.Polygon(),
            parcels[0],
            shapely.MultiPolygon(),
            two_part,
            None,
            *parcels[1:],
            shapely.Point(1, 2),
        ],
        dtype=object,
    )
    got = ellipsoidal_areas(geoms, zone)
    assert got.shape == geoms.shape
    assert np.isnan(got[[0, 1, 3, 5, -1]]).all()
    for i in [2, 4, *range(6, len(geoms) - 1)]:
        assert got[i] == pytest.approx(polygon_area(geoms[i], zone), abs=1e-9)
    parts = polygon_area(square, zone) + polygon_area(two_part.geoms[1], zone)
    assert got[4] == pytest.approx(parts, abs=1e-6)
    assert ellipsoidal_areas([], zone).shape == (0,)
    assert list(ellipsoidal_areas(list(geoms[[2, 4]]), zone)) == list(got[[2, 4]])


# --- rounding ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.005, 0.01),
        (2.675, 2.68),
        (-1.005, -1.01),
        (1.004, 1.0),
        (0.125, 0.13),
        (29996.96646902, 29996.97),
        (-0.004, -0.0),
    ],
)
def test_round_half_away(value, expected):
    assert round_half_away(value) == expected


def test_round_half_away_digits_and_nan():
    assert round_half_away(2.5, 0) == 3.0
    assert round_half_away(0.0005, 3) == 0.001
    assert math.isnan(round_half_away(float("nan")))


def test_parcel_areas():
    assert parcel_areas(29996.966469, 0.1195) == ParcelAreas(29996.97, 3584.64, 26412.33)
    assert parcel_areas(1234.565, None) == ParcelAreas(1234.57, 0.0, 1234.57)
    assert parcel_areas(1234.565, float("nan")) == ParcelAreas(1234.57, 0.0, 1234.57)
    # 100.05 × 0.1 = 10.005 exactly in decimal: rounds up even if the float product is below.
    assert parcel_areas(100.05, 0.1) == ParcelAreas(100.05, 10.01, 90.04)
    tbmj, kcmj, tbdlmj = (lambda p: (p.tbmj, p.kcmj, p.tbdlmj))(parcel_areas(5000.0, 0.05))
    assert (tbmj, kcmj, tbdlmj) == (5000.0, 250.0, 4750.0)
    assert all(math.isnan(v) for v in vars(parcel_areas(float("nan"), 0.1)).values())
