"""Acquisition dates of real GeoTIFFs: metadata, TIFF tag, sidecars, footprint, the user."""

from __future__ import annotations

import json

import pytest
import shapely
from osgeo import gdal

from landsurvey_plugin.adapters.imagery_dates import (
    DateError,
    acquisition_dates,
    metadata_date,
    parse_date,
    sidecar_date,
    user_date,
)


def tiff(path, **metadata: str):
    ds = gdal.GetDriverByName("GTiff").Create(str(path), 4, 4, 1, gdal.GDT_Byte)
    ds.SetGeoTransform((0, 1, 0, 4, 0, -1))
    for key, value in metadata.items():
        ds.SetMetadataItem(key, value)
    ds = None
    return path


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024-10-15", "2024-10-15"),
        ("2024:10:15 08:30:00", "2024-10-15"),
        ("acquired 2024/9/3 by UAV", "2024-09-03"),
        ("20241101", "2024-11-01"),
        ("影像时相2024年11月2日", "2024-11-02"),
        ("2024-13-45 then 2024-02-29", "2024-02-29"),  # an impossible date is skipped
        ("no date", ""),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_acquisition_date_beats_the_tiff_datetime(tmp_path):
    both = tiff(
        tmp_path / "both.tif", TIFFTAG_DATETIME="2025:01:20 10:00:00", ACQUISITION_DATE="2024-10-15"
    )
    assert metadata_date(both) == ("2024-10-15", "gdal_metadata")
    only = tiff(tmp_path / "only.tif", TIFFTAG_DATETIME="2024:10:16 00:00:00")
    assert metadata_date(only) == ("2024-10-16", "tiff_datetime")
    assert metadata_date(tiff(tmp_path / "none.tif")) == ("", "")


def test_sidecars_json_and_txt(tmp_path):
    a = tiff(tmp_path / "a.tif", TIFFTAG_DATETIME="2025:01:20 10:00:00")
    (tmp_path / "a.json").write_text(json.dumps({"acquired": "2024-09-30"}), encoding="utf-8")
    b = tiff(tmp_path / "b.tif")
    (tmp_path / "b.tif.txt").write_text("DOM 接边说明\n时相：2024年10月8日\n", encoding="utf-8")
    c = tiff(tmp_path / "c.tif")
    (tmp_path / "c.json").write_text("{broken", encoding="utf-8")  # ignored, not fatal
    assert sidecar_date(a) == "2024-09-30" and sidecar_date(b) == "2024-10-08"
    assert sidecar_date(c) == ""
    found = acquisition_dates([a, b, c])
    assert found == {
        str(a): ("2024-09-30", "sidecar"),
        str(b): ("2024-10-08", "sidecar"),
        str(c): ("", ""),
    }


def test_footprint_layer_gives_the_oldest_piece_over_the_raster(tmp_path):
    a = tiff(tmp_path / "a.tif", ACQUISITION_DATE="2024-10-15")
    pieces = [
        (shapely.box(0, 0, 10, 10), "2024-10-01"),
        (shapely.box(5, 5, 20, 20), "2024/09/12"),
        (shapely.box(50, 50, 60, 60), "2023-01-01"),  # elsewhere
    ]
    found = acquisition_dates([a], extents={str(a): shapely.box(0, 0, 8, 8)}, pieces=pieces)
    assert found[str(a)] == ("2024-09-12", "footprint")


def test_the_users_date_overrides_and_must_be_a_date(tmp_path):
    a = tiff(tmp_path / "a.tif", ACQUISITION_DATE="2024-10-15")
    assert acquisition_dates([a], user="2024-11-20")[str(a)] == ("2024-11-20", "user")
    assert user_date(" 2024.11.20 ") == "2024-11-20"
    with pytest.raises(DateError, match="YYYY-MM-DD"):
        acquisition_dates([a], user="last autumn")
