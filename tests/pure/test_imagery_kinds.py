"""Imagery rules, part A (coverage, resolution, dates): each fails and passes on purpose.

The test county of test_rule_kinds with ImageryStats written by hand, as the raster pass
would leave them: the rules only read ``Dataset.imagery``.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from landsurvey_plugin.model.imagery_stats import ImageryStats, ZoneStats
from landsurvey_plugin.rules.dataset import Dataset
from tests.pure.test_rule_kinds import (
    PLACEHOLDER,
    SINGLE_ROLES,
    County,
    box,
    keys_of,
    outcome,
    run,
    spec_of,
)

PATH = "/data/dom.tif"
OLD = "/data/old_tile.tif"


def imagery(dataset: Dataset, *, pixel: float = 0.5, date: str = "2024-10-15") -> ImageryStats:
    """Every feature fully on one 0.5 m raster dated inside the window."""
    zones = {}
    for role in ("DLTB", *SINGLE_ROLES):
        n = len(dataset.layers[role])
        zone = ZoneStats.empty(role, n, 3)
        zone.pixels[:] = 100
        zone.covered[:] = 1.0
        zone.pixel_size_m[:] = pixel
        zone.source = np.zeros(n, np.int64)
        zones[role] = zone
    return ImageryStats(
        label="current",
        sources=[PATH],
        band_names=["red", "green", "blue"],
        greenness_index="ExG",
        acquired={PATH: date},
        date_source={PATH: "gdal_metadata"},
        zones=zones,
        footprints={PATH: shapely.box(0, 0, 1, 1)},
    )


def checked(dataset: Dataset, rule_id: str, lang: str = "en"):
    spec = spec_of(rule_id)
    result = run(dataset, [spec], lang=lang)
    done = outcome(result, rule_id)
    assert done.skipped is None and done.error is None, (done.skipped, done.error)
    for finding in result.findings:
        assert (finding.category, finding.source) == ("imagery", spec.source)
        assert not PLACEHOLDER.search(finding.message), finding.message
    return result


def row_of(dataset: Dataset, role: str, key: str) -> int:
    return int(np.flatnonzero(dataset.layers[role].keys == key)[0])


@pytest.mark.parametrize(
    "rule_id",
    [
        "imagery_not_covered",
        "imagery_resolution",
        "imagery_date_outside_window",
        "imagery_date_unknown",
        "imagery_older_than_previous",
    ],
)
def test_clean_imagery_and_no_imagery_find_nothing(rule_id):
    dataset = County().dataset()
    result = run(dataset, [spec_of(rule_id)], lang="en")  # no imagery loaded: skipped, said
    assert result.findings == []
    assert outcome(result, rule_id).skipped == "layer IMAGERY not loaded"
    dataset.imagery["current"] = imagery(dataset)
    assert checked(dataset, rule_id).findings == []


def test_not_covered_reports_the_uncovered_part_of_parcels_and_ranges():
    dataset = County().dataset()
    stats = imagery(dataset)
    dltb, ttq = stats.zones["DLTB"], stats.zones["TTQ"]
    partly = row_of(dataset, "DLTB", "B02")
    hole = box(50, 0, 20, 50)  # the western 20 m of B02 (50 × 50 m)
    dltb.covered[partly] = 0.6
    dltb.uncovered[partly] = hole
    outside = row_of(dataset, "DLTB", "B12")
    dltb.covered[outside] = np.nan
    dltb.uncovered[outside] = dataset.layers["DLTB"].shapes[outside]
    sliver = row_of(dataset, "DLTB", "B03")  # below min_uncovered_m2: footprint noise
    dltb.covered[sliver] = 0.999
    dltb.uncovered[sliver] = box(100, 0, 0.5, 5)
    ttq.covered[0] = 0.0
    ttq.uncovered[0] = dataset.layers["TTQ"].shapes[0]
    dataset.imagery["current"] = stats
    result = checked(dataset, "imagery_not_covered")
    assert keys_of(result) == ["B02", "B12", "T1"]
    found = {f.feature_key: f for f in result.findings}
    assert found["B02"].geometry.equals(hole) and found["B02"].layer == "DLTB"
    assert "40% (1000.0 m²)" in found["B02"].message
    assert "100%" in found["B12"].message and found["T1"].layer == "TTQ"
    zh = checked(dataset, "imagery_not_covered", "zh").findings
    assert sorted(f.message for f in zh) != sorted(f.message for f in result.findings)


def test_resolution_urban_and_rural_limits():
    county = County().dltb("B05", CZCSXM="202").dltb("B09", CZCSXM="203")
    dataset = county.dataset()
    stats = imagery(dataset, pixel=0.5)
    dataset.imagery["current"] = stats
    # 0.5 m: fine for rural land (≤ 1 m), too coarse for 建制镇 B05 (≤ 0.2 m); B09 村庄 is rural
    result = checked(dataset, "imagery_resolution")
    assert keys_of(result) == ["B05"]
    assert "0.50 m is coarser than the 0.2 m required for urban" in result.findings[0].message
    stats.zones["DLTB"].pixel_size_m[:] = 0.2
    assert checked(dataset, "imagery_resolution").findings == []
    stats.zones["DLTB"].pixel_size_m[:] = 1.2  # every parcel now too coarse
    assert len(checked(dataset, "imagery_resolution").findings) == len(dataset.layers["DLTB"])
    stats.zones["DLTB"].pixel_size_m[:] = np.nan  # no imagery under them: coverage says so
    assert checked(dataset, "imagery_resolution").findings == []


def test_date_outside_window_and_unknown_are_per_raster():
    dataset = County().dataset()
    stats = imagery(dataset, date="2024-05-20")
    stats.sources.append(OLD)
    stats.acquired[OLD] = ""
    stats.date_source[OLD] = ""
    dataset.imagery["current"] = stats
    result = checked(dataset, "imagery_date_outside_window")
    (finding,) = result.findings
    assert (finding.feature_key, finding.layer) == ("dom.tif", "imagery")
    assert "2024-05-20 (gdal_metadata)" in finding.message and finding.geometry is not None
    (unknown,) = checked(dataset, "imagery_date_unknown").findings
    assert unknown.feature_key == "old_tile.tif"
    stats.acquired[PATH] = "2024-12-31"  # the window's last day is inside
    assert checked(dataset, "imagery_date_outside_window").findings == []


def test_changed_parcel_on_imagery_older_than_the_previous_survey():
    county = County().prev("B02", DLBM="0301").prev("B04", DLBM="0301")
    dataset = county.dataset()
    stats = imagery(dataset)
    stats.sources.append(OLD)
    stats.acquired[OLD] = "2023-08-01"
    stats.date_source[OLD] = "sidecar"
    zone = stats.zones["DLTB"]
    for key in ("B02", "B03"):  # B02 changed, B03 did not: only B02 is stale evidence
        zone.source[row_of(dataset, "DLTB", key)] = 1
    dataset.imagery["current"] = stats
    result = checked(dataset, "imagery_older_than_previous")
    assert keys_of(result) == ["B02"]
    assert "old_tile.tif, 2023-08-01" in result.findings[0].message
    stats.acquired[OLD] = "2024-01-05"
    assert checked(dataset, "imagery_older_than_previous").findings == []


def test_stats_of_another_snapshot_are_ignored():
    """Rows must line up with the layer: stats of a different feature count are not used."""
    dataset = County().dataset()
    stats = imagery(dataset)
    zone = stats.zones["DLTB"]
    short = ZoneStats.empty("DLTB", len(zone) - 1, 3)
    stats.zones["DLTB"] = short  # covered all NaN: would flag every parcel if misread
    dataset.imagery["current"] = stats
    assert checked(dataset, "imagery_not_covered").findings == []
