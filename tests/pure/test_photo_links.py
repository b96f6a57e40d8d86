"""Linking photos to parcels: inside, view ray/wedge, nearest, name, manual; angles off."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely

from landsurvey_plugin.model.photo_links import (
    MANUAL_LINK,
    MANUAL_UNLINK,
    LinkSettings,
    PhotoLink,
    angles_off,
    confidences,
    declared_bsm,
    effective,
    grid_azimuths,
    link_photos,
    links_of,
    merge_manual,
)

# three 100 m squares in a row along x: A [0,100], B [200,300], C [400,500]; y 0..100
PARCELS = np.array(
    [shapely.box(0, 0, 100, 100), shapely.box(200, 0, 300, 100), shapely.box(400, 0, 500, 100)],
    dtype=object,
)
KEYS = np.array(["A", "B", "C"], dtype=object)


def _link(points, azimuths, settings=None, names=None):
    pts = np.array([None if p is None else shapely.Point(p) for p in points], dtype=object)
    return link_photos(
        pts, np.array(azimuths, float), PARCELS, settings, parcel_keys=KEYS, names=names
    )


def test_inside_wins_and_has_zero_distance_and_angle():
    result = _link([(50, 50)], [270.0])  # looking west, still inside A
    assert list(result.photo) == [0]
    assert KEYS[result.parcel[0]] == "A"
    assert result.method[0] == "inside"
    assert result.distance[0] == 0.0
    assert result.angle_off[0] == 0.0
    assert result.confidence[0] == pytest.approx(1.0)


def test_view_ray_takes_the_first_parcel_hit():
    # camera between A and B at x=150 looking east (90°): B first (50 m), C behind it
    result = _link([(150, 50)], [90.0])
    assert KEYS[result.parcel[0]] == "B"
    assert result.method[0] == "view"
    assert result.distance[0] == pytest.approx(50.0)
    assert result.angle_off[0] == pytest.approx(0.0)


def test_view_ignores_a_nearer_parcel_behind_the_camera():
    # at x=110 A is 10 m away behind; looking east the ray reaches B at 90 m
    result = _link([(110, 50)], [90.0])
    assert KEYS[result.parcel[0]] == "B"
    assert result.method[0] == "view"


def test_wedge_catches_a_parcel_the_ray_misses():
    # 40 m above B's top edge looking east: the ray (y = 140) misses every square, the
    # wedge's lower edge (120°) reaches B's top at x ≈ 219
    result = _link([(150, 140)], [90.0])
    assert result.method[0] == "view"
    assert KEYS[result.parcel[0]] == "B"
    assert result.distance[0] == pytest.approx(math.hypot(50, 40))
    # B's nearest direction is its top-right corner, 90° + atan(40/150) from north
    assert result.angle_off[0] == pytest.approx(math.degrees(math.atan2(40, 150)))


def test_nearest_within_tolerance_when_no_direction():
    result = _link([(140, 105)], [math.nan])  # 40 m from A's corner, 60 m from B's
    assert result.method[0] == "nearest"
    assert KEYS[result.parcel[0]] == "A"
    assert result.distance[0] == pytest.approx(math.hypot(40, 5))
    assert math.isnan(result.angle_off[0])


def test_nothing_within_reach_stays_unlinked():
    result = _link([(150, 400), None], [0.0, 90.0])  # 300 m north looking north; no position
    assert len(result) == 0


def test_looking_away_beyond_the_ray_is_nearest_with_an_angle():
    # 20 m above B looking north (away): ray and wedge miss, nearest is B 20 m off
    result = _link([(250, 120)], [0.0])
    assert result.method[0] == "nearest"
    assert KEYS[result.parcel[0]] == "B"
    # B spans bearings ~[112°, 248°] from the camera: 0° is 112° off the nearest edge
    assert result.angle_off[0] == pytest.approx(180 - math.degrees(math.atan2(50, 20)), abs=0.01)


def test_name_claims_its_parcel_even_far_away():
    names = ["C_1.jpg"]
    settings = LinkSettings(name_pattern=r"^([A-Z])(?=_)")
    result = _link([(50, 50)], [90.0], settings, names=names)
    assert KEYS[result.parcel[0]] == "C"
    assert result.method[0] == "name"
    assert result.distance[0] == pytest.approx(350.0)
    assert result.angle_off[0] == pytest.approx(0.0)  # inside A looking east at C


def test_name_that_agrees_keeps_the_geometric_method():
    settings = LinkSettings(name_pattern=r"^([A-Z])(?=_)")
    result = _link([(50, 50)], [90.0], settings, names=["A_1.jpg"])
    assert result.method[0] == "inside"


def test_declared_bsm_default_pattern():
    got = declared_bsm(
        ["520199000000102962_10.jpg", "IMG_0001.JPG", "520199000000102962.jpg"],
        LinkSettings().name_pattern,
    )
    assert list(got) == ["520199000000102962", "", "520199000000102962"]


def test_angles_off_arc_wraps_north():
    # a parcel straddling north of the camera: bearings from ~-45° to ~45°
    parcel = np.array([shapely.box(-10, 10, 10, 20)], dtype=object)
    point = np.array([shapely.Point(0, 0)], dtype=object)
    assert angles_off(point, np.array([350.0]), parcel)[0] == 0.0
    assert angles_off(point, np.array([90.0]), parcel)[0] == pytest.approx(45.0)
    assert angles_off(point, np.array([180.0]), parcel)[0] == pytest.approx(180 - 45.0)


def test_angles_off_inside_a_hole_is_zero():
    ring = shapely.box(-50, -50, 50, 50).difference(shapely.box(-5, -5, 5, 5))
    got = angles_off(
        np.array([shapely.Point(0, 0)], dtype=object), np.array([123.0]), np.array([ring], object)
    )
    assert got[0] == 0.0


def test_grid_azimuth_subtracts_convergence_and_magnetic_declination():
    # east of the central meridian in the north, grid north is east of true north (γ > 0)
    got = grid_azimuths(
        np.array([90.0, 90.0]),
        np.array([106.5, 106.5]),
        np.array([26.5, 26.5]),
        105.0,
        ref=np.array(["T", "M"]),
        magnetic_declination_deg=-3.0,
    )
    gamma = math.degrees(math.atan(math.tan(math.radians(1.5)) * math.sin(math.radians(26.5))))
    assert got[0] == pytest.approx(90.0 - gamma)
    assert got[1] == pytest.approx(87.0 - gamma)


def test_confidence_formula():
    settings = LinkSettings(tolerance_m=50.0)
    got = confidences(
        np.array(["inside", "view", "nearest"], object),
        np.array([0.0, 50.0, 50.0]),
        np.array([0.0, 90.0, np.nan]),
        settings,
    )
    assert list(got) == pytest.approx([1.0, 0.8 * 0.5 * 0.5, 0.5 * 0.5 * 0.5])


def test_links_of_and_manual_merge():
    result = _link([(50, 50), (150, 50)], [0.0, 90.0])
    auto = links_of(result, ["/p/a.jpg", "/p/b.jpg"], ["a.jpg", "b.jpg"], KEYS, "t")
    assert [(link.file_name, link.bsm, link.method) for link in auto] == [
        ("a.jpg", "A", "inside"),
        ("b.jpg", "B", "view"),
    ]
    manual = [
        PhotoLink("/p/a.jpg", "a.jpg", "A", "manual", manual=MANUAL_UNLINK),
        PhotoLink("/p/b.jpg", "b.jpg", "C", "manual", manual=MANUAL_LINK),
    ]
    merged = merge_manual(auto, manual)
    assert {(m.file_name, m.bsm, m.manual) for m in merged} == {
        ("b.jpg", "B", 0),
        ("a.jpg", "A", -1),
        ("b.jpg", "C", 1),
    }
    assert {(m.file_name, m.bsm) for m in effective(merged)} == {("b.jpg", "B"), ("b.jpg", "C")}
