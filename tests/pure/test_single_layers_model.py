"""Single-layer domain: BSM numbering, ranges from parcels, erase without slivers, areas."""

from __future__ import annotations

import pytest
import shapely

from landsurvey_plugin.model.area import ellipsoidal_areas, round_half_away
from landsurvey_plugin.model.gauss_kruger import zone_from_epsg
from landsurvey_plugin.model.single_layers import (
    erase,
    next_bsm,
    range_areas,
    ranges_from_parcel_shapes,
)

ZONE = zone_from_epsg(4527)  # CGCS2000 3° zone 39, eastings with prefix
X0, Y0 = 39_500_000.0, 3_000_000.0


def box(x, y, w, h):
    return shapely.box(X0 + x, Y0 + y, X0 + x + w, Y0 + y + h)


def test_next_bsm_continues_after_the_highest_and_never_reuses():
    existing = ["520102000000000007", "520102000000000003", "520103000000000099", None]
    gen = next_bsm(existing, "520102")
    first, second = next(gen), next(gen)
    assert first == "520102000000000008"
    assert second == "520102000000000009"
    assert all(len(b) == 18 for b in (first, second))
    assert next(next_bsm([], "520102")) == "520102000000000001"


def test_next_bsm_refuses_a_bad_prefix():
    with pytest.raises(ValueError):
        next(next_bsm([], "52A102"))


def test_ranges_one_per_parcel_or_dissolved_per_zldwdm():
    shapes = [box(0, 0, 10, 10), box(10, 0, 10, 10), box(100, 0, 5, 5), None]
    codes = ["5201020010010000000", "5201020010010000000", "5201020010020000000", "x"]
    single = ranges_from_parcel_shapes(shapes, codes, dissolve=False)
    assert len(single) == 3
    assert all(s.geom_type == "MultiPolygon" for s, _ in single)
    dissolved = ranges_from_parcel_shapes(shapes, codes, dissolve=True)
    assert [c for _, c in dissolved] == codes[:1] + codes[2:3]
    merged = dissolved[0][0]
    assert merged.area == pytest.approx(200.0)
    assert len(shapely.get_parts(merged)) == 1  # the shared edge is gone


def test_erase_gives_the_exact_difference_and_drops_slivers():
    ranges = [box(0, 0, 100, 100), box(200, 0, 10, 10), box(300, 0, 10, 10)]
    # cuts the first range in two: a 100 x 60 block and a 100 x 0.005 sliver
    mask = box(-1, 0.005, 102, 39.995)
    out = dict(erase(ranges, mask, 1.0, ZONE))
    assert set(out) == {0}
    remainder = out[0]
    expected = shapely.difference(ranges[0], mask)
    big = max(shapely.get_parts(expected), key=lambda p: p.area)
    assert remainder.equals(shapely.multipolygons([big]))
    assert len(shapely.get_parts(remainder)) == 1


def test_erase_whole_range_gives_none_and_touching_changes_nothing():
    ranges = [box(0, 0, 10, 10), box(20, 0, 10, 10)]
    mask = [box(-1, -1, 12, 12), box(30, 0, 5, 5)]  # the second only touches range 1
    assert erase(ranges, mask, 1.0, ZONE) == [(0, None)]


def test_range_areas_are_ellipsoidal_to_the_cent():
    shape = box(0, 0, 123.456, 78.9)
    [area] = range_areas([shape], ZONE)
    assert area == round_half_away(float(ellipsoidal_areas([shape], ZONE)[0]), 2)
    assert area == pytest.approx(123.456 * 78.9, rel=1e-3)


def test_erase_leaves_invalid_ranges_alone_and_repairs_the_mask():
    bowtie = shapely.from_wkt(
        f"POLYGON(({X0} {Y0},{X0 + 10} {Y0 + 10},{X0 + 10} {Y0},{X0} {Y0 + 10},{X0} {Y0}))"
    )
    ranges = [bowtie, box(20, 0, 10, 10)]
    out = erase(ranges, [bowtie, box(25, -1, 10, 12)], 1.0, ZONE)
    assert [i for i, _ in out] == [1]
    assert out[0][1].area == pytest.approx(50.0)
