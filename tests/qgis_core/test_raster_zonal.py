"""The imagery pass on real GDAL rasters written here, against independent computations.

Each expected value comes from a plain per-pixel numpy computation (pixel centres in the
parcel by shapely.contains_xy, the rasters' own arrays), or from QGIS's
``native:zonalstatisticsfb``; never from the pass itself.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import shapely
from osgeo import gdal, osr

from landsurvey_plugin.adapters.raster_zonal import (
    ImageryError,
    PassReport,
    choose_level,
    compute_imagery,
    imagery_for,
)
from landsurvey_plugin.model.gauss_kruger import zone_from_epsg
from landsurvey_plugin.rules.dataset import PARCELS, Dataset, LayerData

GK = 4524  # CGCS2000 3-degree GK zone 36
X0, Y0 = 36_500_000.0, 3_000_000.0


def _srs(epsg: int) -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    return srs


def write_raster(
    path: Path,
    bands: np.ndarray,
    origin: tuple[float, float],
    pixel: float,
    epsg: int = GK,
    *,
    nodata: float | None = None,
    alpha: np.ndarray | None = None,
    interp: list[int] | None = None,
    descriptions: list[str] | None = None,
    overviews: list[int] | None = None,
    options: tuple[str, ...] = (),
) -> Path:
    """A real GeoTIFF: bands (b, rows, cols), optional alpha band, nodata, overviews."""
    count = len(bands) + (alpha is not None)
    dtype = gdal.GDT_Byte if bands.dtype == np.uint8 else gdal.GDT_UInt16
    ds = gdal.GetDriverByName("GTiff").Create(
        str(path), bands.shape[2], bands.shape[1], count, dtype, ["TILED=YES", *options]
    )
    ds.SetGeoTransform((origin[0], pixel, 0, origin[1], 0, -pixel))
    ds.SetProjection(_srs(epsg).ExportToWkt())
    for i, values in enumerate(bands):
        band = ds.GetRasterBand(i + 1)
        band.WriteArray(values)
        if nodata is not None:
            band.SetNoDataValue(nodata)
        if interp:
            band.SetColorInterpretation(interp[i])
        if descriptions:
            band.SetDescription(descriptions[i])
    if alpha is not None:
        band = ds.GetRasterBand(count)
        band.WriteArray(alpha)
        band.SetColorInterpretation(gdal.GCI_AlphaBand)
    if overviews:
        ds.BuildOverviews("AVERAGE", overviews)
    ds = None
    return path


def dataset_of(shapes: list, epsg: int = GK, role: str = PARCELS) -> Dataset:
    n = len(shapes)
    layer = LayerData(
        role=role,
        name=role,
        fids=np.arange(n, dtype=np.int64),
        shapes=np.array(shapes, dtype=object),
        problems=[None] * n,
        columns={"BSM": np.array([f"P{i}" for i in range(n)], dtype=object)},
    )
    return Dataset(layers={role: layer}, zone=zone_from_epsg(GK), crs=_srs(epsg).ExportToWkt())


def centres(shape: tuple[int, int], origin: tuple[float, float], pixel: float):
    rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]]
    return origin[0] + (cols + 0.5) * pixel, origin[1] - (rows + 0.5) * pixel


def expected(shapes, bands, valid, origin, pixel):
    """Plain numpy: per parcel, the pixels whose centre lies inside and that hold data."""
    xs, ys = centres(bands.shape[1:], origin, pixel)
    out = []
    scaled = bands.astype(float) / 255.0
    for shape in shapes:
        inside = shapely.contains_xy(shape, xs, ys) & valid
        values = scaled[:, inside]
        out.append((inside, values))
    return out


@pytest.fixture
def rgb(tmp_path):
    rng = np.random.default_rng(3)
    bands = rng.integers(1, 256, (3, 60, 80), dtype=np.uint8)
    bands[:, 20:30, 50:70] = 0  # a nodata hole of 20 × 10 px
    origin = (X0, Y0)
    path = write_raster(tmp_path / "rgb.tif", bands, origin, 1.0, nodata=0)
    shapes = [
        shapely.box(X0 + 3.2, Y0 - 17.6, X0 + 21.3, Y0 - 4.1),
        shapely.Polygon([(X0 + 30, Y0 - 50), (X0 + 45, Y0 - 35), (X0 + 44, Y0 - 55)]),
        shapely.box(X0 + 45, Y0 - 32, X0 + 60, Y0 - 15),  # half on the hole
        shapely.box(X0 + 75, Y0 - 20, X0 + 90, Y0 - 10),  # partly off the raster
        shapely.box(X0 + 200, Y0 - 20, X0 + 210, Y0 - 10),  # off the raster
    ]
    valid = (bands != 0).all(axis=0)
    return path, bands, valid, origin, shapes


def test_rgb_statistics_match_plain_numpy(rgb):
    path, bands, valid, origin, shapes = rgb
    stats = compute_imagery(dataset_of(shapes), [path], target_m=1.0)
    zone = stats.zones[PARCELS]
    assert stats.band_names == ["red", "green", "blue"] and stats.greenness_index == "ExG"
    xs, ys = centres(bands.shape[1:], origin, 1.0)
    scaled = bands.astype(float) / 255.0
    bright = scaled.mean(axis=0)
    labels = np.zeros(bands.shape[1:], int)
    for i, shape in enumerate(shapes):
        labels[shapely.contains_xy(shape, xs, ys)] = i + 1
    for i, (inside, values) in enumerate(expected(shapes, bands, valid, origin, 1.0)):
        assert zone.pixels[i] == inside.sum()
        if not inside.any():
            assert np.isnan(zone.mean[i]).all()
            continue
        np.testing.assert_allclose(zone.mean[i], values.mean(axis=1), rtol=1e-6)
        np.testing.assert_allclose(zone.std[i], values.std(axis=1), rtol=1e-5, atol=1e-7)
        assert zone.brightness[i] == pytest.approx(values.mean(), rel=1e-6)
        r, g, b = values
        assert zone.greenness[i] == pytest.approx(((2 * g - r - b) / (r + g + b)).mean(), 1e-5)
        # texture: |∇| to the right and lower neighbours inside the same parcel, with data
        ok = np.zeros(labels.shape, bool)
        ok[:-1, :-1] = (
            (labels[:-1, :-1] == i + 1)
            & (labels[:-1, 1:] == i + 1)
            & (labels[1:, :-1] == i + 1)
            & valid[:-1, :-1]
            & valid[:-1, 1:]
            & valid[1:, :-1]
        )
        gx = np.zeros(labels.shape)
        gy = np.zeros(labels.shape)
        gx[:, :-1] = bright[:, 1:] - bright[:, :-1]
        gy[:-1, :] = bright[1:, :] - bright[:-1, :]
        assert zone.texture[i] == pytest.approx(np.hypot(gx, gy)[ok].mean(), rel=1e-5)
    assert zone.pixel_size_m[0] == pytest.approx(1.0)
    assert np.isnan(zone.pixel_size_m[4]) and zone.source[4] == -1


def test_rgb_coverage_reports_the_hole_and_the_edge(rgb):
    path, _bands, _valid, _origin, shapes = rgb
    zone = compute_imagery(dataset_of(shapes), [path], target_m=1.0).zones[PARCELS]
    assert zone.covered[0] == 1.0 and zone.uncovered[0] is None
    assert zone.covered[1] == 1.0
    hole = shapely.box(X0 + 50, Y0 - 30, X0 + 70, Y0 - 20)
    # parcel 2 (15 × 17 m) meets the hole on 10 × 10 m; the footprint grid is 4 m
    lost = shapes[2].intersection(hole).area
    assert zone.uncovered[2] is not None
    assert abs(zone.uncovered[2].area - lost) <= 4 * 10 + 4 * 10
    assert zone.uncovered[2].intersects(hole)
    # parcel 3 sticks out of the raster's east edge (x = 80) by 10 of its 15 m
    assert zone.covered[3] == pytest.approx(5 / 15, abs=1e-6)
    assert zone.uncovered[3].equals(shapely.box(X0 + 80, Y0 - 20, X0 + 90, Y0 - 10))
    assert math.isnan(zone.covered[4]) and zone.uncovered[4].equals(shapes[4])


def test_counts_and_means_agree_with_qgis_zonal_statistics(rgb, qgis_processing, tmp_path):
    """Band 1 count and mean against QGIS's own native:zonalstatisticsfb."""
    from qgis import processing
    from qgis.core import QgsVectorLayer

    from tests.parcels import write_parcels

    path, _bands, _valid, _origin, shapes = rgb
    gpkg = write_parcels(
        tmp_path / "p.gpkg", GK, [{"wkt": s.wkt, "BSM": f"P{i}"} for i, s in enumerate(shapes)]
    )
    result = processing.run(
        "native:zonalstatisticsfb",
        {
            "INPUT": f"{gpkg}|layername=DLTB",
            "INPUT_RASTER": str(path),
            "RASTER_BAND": 1,
            "COLUMN_PREFIX": "z_",
            "STATISTICS": [0, 2],  # count, mean
            "OUTPUT": "memory:",
        },
    )
    layer: QgsVectorLayer = result["OUTPUT"]
    qgis = {f["BSM"]: (f["z_count"], f["z_mean"]) for f in layer.getFeatures()}
    zone = compute_imagery(dataset_of(shapes), [path], target_m=1.0).zones[PARCELS]
    for i in range(len(shapes)):
        count, mean = qgis[f"P{i}"]
        assert zone.pixels[i] == int(count or 0)
        if count:
            assert zone.mean[i, 0] * 255 == pytest.approx(mean, rel=1e-6)  # float32 pixels


def test_alpha_band_masks_the_transparent_part(tmp_path):
    rng = np.random.default_rng(5)
    bands = rng.integers(0, 256, (3, 40, 40), dtype=np.uint8)
    alpha = np.full((40, 40), 255, np.uint8)
    alpha[:, :20] = 0  # west half transparent
    path = write_raster(tmp_path / "rgba.tif", bands, (X0, Y0), 1.0, alpha=alpha)
    shapes = [shapely.box(X0 + 10, Y0 - 30, X0 + 30, Y0 - 10)]
    stats = compute_imagery(dataset_of(shapes), [path], target_m=1.0)
    zone = stats.zones[PARCELS]
    assert stats.band_names == ["red", "green", "blue"]  # the alpha band is no data band
    assert zone.pixels[0] == 20 * 10
    np.testing.assert_allclose(zone.mean[0], bands[:, 10:30, 20:30].reshape(3, -1).mean(1) / 255)
    assert zone.covered[0] == pytest.approx(0.5)
    assert zone.uncovered[0].equals(shapely.box(X0 + 10, Y0 - 30, X0 + 20, Y0 - 10))


def test_one_band_is_grey_without_greenness(tmp_path):
    values = np.arange(30 * 30, dtype=np.uint16).reshape(1, 30, 30) * 4  # 12-bit range
    path = write_raster(tmp_path / "grey.tif", values, (X0, Y0), 0.5)
    shapes = [shapely.box(X0 + 2, Y0 - 8, X0 + 6, Y0 - 2)]
    stats = compute_imagery(dataset_of(shapes), [path], target_m=0.5)
    zone = stats.zones[PARCELS]
    assert stats.band_names == ["gray"] and stats.greenness_index == ""
    inside, _ = expected(shapes, values.astype(float), np.ones((30, 30), bool), (X0, Y0), 0.5)[0]
    scale = 2**12 - 1  # the largest value 3596 is 12-bit data
    assert zone.brightness[0] == pytest.approx(values[0][inside].mean() / scale)
    assert np.isnan(zone.greenness[0]) and zone.pixel_size_m[0] == pytest.approx(0.5)


def test_four_bands_without_alpha_give_ndvi(tmp_path):
    rng = np.random.default_rng(9)
    bands = rng.integers(1, 256, (4, 30, 30), dtype=np.uint8)
    path = write_raster(
        tmp_path / "rgbn.tif",
        bands,
        (X0, Y0),
        1.0,
        options=("PHOTOMETRIC=MINISBLACK",),  # no alpha: four data bands, R G B NIR
    )
    shapes = [shapely.box(X0 + 3, Y0 - 20, X0 + 17, Y0 - 4)]
    stats = compute_imagery(dataset_of(shapes), [path], target_m=1.0)
    assert stats.band_names == ["red", "green", "blue", "nir"]
    assert stats.greenness_index == "NDVI"
    inside, values = expected(shapes, bands, np.ones((30, 30), bool), (X0, Y0), 1.0)[0]
    red, nir = values[0], values[3]
    zone = stats.zones[PARCELS]
    assert zone.greenness[0] == pytest.approx(((nir - red) / (nir + red)).mean(), rel=1e-5)
    assert zone.pixels[0] == inside.sum() == 14 * 16


def test_raster_in_another_crs_reprojects_the_shapes(tmp_path):
    """A UTM 49N raster under GK parcels: the shapes move, the raster is not warped."""
    gk = _srs(GK)
    utm = _srs(32649)
    for s in (gk, utm):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_utm = osr.CoordinateTransformation(gk, utm)
    ux, uy, _ = to_utm.TransformPoint(X0 + 50, Y0 - 50)
    origin = (math.floor(ux) - 100, math.floor(uy) + 100)
    bands = np.full((3, 200, 200), 50, np.uint8)
    bands[:, :, 100:] = 200  # east half bright (UTM east of ux)
    path = write_raster(tmp_path / "utm.tif", bands, origin, 1.0, epsg=32649)
    west = shapely.box(X0 + 20, Y0 - 60, X0 + 35, Y0 - 40)
    east = shapely.box(X0 + 65, Y0 - 60, X0 + 80, Y0 - 40)
    zone = compute_imagery(dataset_of([west, east]), [path], target_m=1.0).zones[PARCELS]
    np.testing.assert_allclose(zone.mean[0], 50 / 255)
    np.testing.assert_allclose(zone.mean[1], 200 / 255)
    assert zone.pixels[0] == pytest.approx(15 * 20, rel=0.1)
    assert zone.pixel_size_m[0] == pytest.approx(1.0, abs=0.01)  # metres on the ground
    assert (zone.covered == 1.0).all()


def test_mosaic_finest_tile_wins(tmp_path):
    fine = write_raster(
        tmp_path / "fine.tif", np.full((3, 80, 80), 100, np.uint8), (X0, Y0), 0.5
    )  # 40 × 40 m
    coarse = write_raster(
        tmp_path / "coarse.tif", np.full((3, 40, 40), 200, np.uint8), (X0 + 20, Y0), 2.0
    )  # 80 × 80 m from x + 20
    shapes = [
        shapely.box(X0 + 2, Y0 - 10, X0 + 10, Y0 - 2),  # fine only
        shapely.box(X0 + 25, Y0 - 12, X0 + 35, Y0 - 2),  # both
        shapely.box(X0 + 60, Y0 - 12, X0 + 70, Y0 - 2),  # coarse only
        shapely.box(X0 - 30, Y0 - 12, X0 - 20, Y0 - 2),  # neither
    ]
    stats = compute_imagery(dataset_of(shapes), [fine, coarse], target_m=0.5)
    zone = stats.zones[PARCELS]
    np.testing.assert_allclose(zone.pixel_size_m[:3], [0.5, 0.5, 2.0])
    assert list(zone.source) == [0, 0, 1, -1]
    assert zone.mean[0, 0] == pytest.approx(100 / 255) and zone.mean[2, 0] == pytest.approx(
        200 / 255
    )
    # both tiles' pixels count where they overlap: 40 fine + 2.5 coarse px per metre row
    assert zone.pixels[1] == 20 * 20 + 5 * 5
    assert math.isnan(zone.covered[3]) and list(zone.covered[:3]) == [1.0, 1.0, 1.0]


def test_overview_level_is_the_coarsest_not_coarser_than_needed(tmp_path):
    bands = np.zeros((3, 512, 512), np.uint8)
    path = write_raster(tmp_path / "ov.tif", bands, (X0, Y0), 0.25, overviews=[2, 4, 8, 16])
    ds = gdal.Open(str(path))  # kept: a band outliving its dataset crashes GDAL
    band = ds.GetRasterBand(1)
    assert choose_level(band, 0.25, 2.0) == (2, 1)  # 0.25 × 8 = 2.0 m
    assert choose_level(band, 0.25, 1.5) == (1, 1)  # 1.0 m; 2.0 m would be coarser
    assert choose_level(band, 0.25, 0.1) == (-1, 1)  # already coarser: full resolution
    assert choose_level(band, 0.25, 20.0) == (3, 5)  # 4 m overview, decimated by 5 more
    plain = write_raster(tmp_path / "plain.tif", bands, (X0, Y0), 0.25)
    plain_ds = gdal.Open(str(plain))
    assert choose_level(plain_ds.GetRasterBand(1), 0.25, 2.0) == (-1, 8)


def test_decimated_level_still_measures_the_parcel(tmp_path):
    bands = np.full((3, 400, 400), 120, np.uint8)
    path = write_raster(tmp_path / "dec.tif", bands, (X0, Y0), 0.25, overviews=[2, 4])
    shapes = [shapely.box(X0 + 10, Y0 - 60, X0 + 50, Y0 - 20)]  # 1600 m²
    zone = compute_imagery(dataset_of(shapes), [path]).zones[PARCELS]  # 2 m: 400 px
    assert zone.pixels[0] == 400
    assert zone.pixel_size_m[0] == pytest.approx(0.25)  # the native pixel, not the level's
    np.testing.assert_allclose(zone.mean[0], 120 / 255)


def test_unusable_raster_is_a_clear_error(tmp_path):
    text = tmp_path / "not.tif"
    text.write_text("hello")
    with pytest.raises(ImageryError, match=r"not\.tif"):
        compute_imagery(dataset_of([shapely.box(0, 0, 1, 1)]), [text])
    bare = tmp_path / "bare.tif"
    gdal.GetDriverByName("GTiff").Create(str(bare), 4, 4, 1, gdal.GDT_Byte)
    with pytest.raises(ImageryError, match="georeferencing"):
        compute_imagery(dataset_of([shapely.box(0, 0, 1, 1)]), [bare])


def test_cancel_stops_the_pass(rgb):
    from landsurvey_plugin.rules.context import Cancelled

    path, *_rest, shapes = rgb
    with pytest.raises(Cancelled):
        compute_imagery(dataset_of(shapes), [path], is_canceled=lambda: True)


def test_imagery_for_fills_the_dates(rgb):
    path, *_rest, shapes = rgb
    ds = gdal.Open(str(path), gdal.GA_Update)
    ds.SetMetadataItem("ACQUISITION_DATE", "2024-10-03")
    ds = None
    stats = imagery_for(dataset_of(shapes), [path])
    assert stats.acquired == {str(path): "2024-10-03"}
    assert stats.date_source == {str(path): "gdal_metadata"}
    stats = imagery_for(dataset_of(shapes), [path], user_date="2024/11/2")
    assert stats.acquired[str(path)] == "2024-11-02" and stats.date_source[str(path)] == "user"


def test_only_the_window_under_the_features_is_read(tmp_path):
    bands = np.full((3, 400, 400), 80, np.uint8)
    path = write_raster(tmp_path / "big.tif", bands, (X0, Y0), 1.0)
    shapes = [shapely.box(X0 + 300, Y0 - 120, X0 + 320, Y0 - 100)]
    report = PassReport()
    zone = compute_imagery(dataset_of(shapes), [path], target_m=1.0, report=report).zones[PARCELS]
    assert zone.pixels[0] == 400 and zone.covered[0] == 1.0
    assert report.pixels_read <= 3 * 28 * 28  # the 20 m box, aligned to the 4 m grid
    report = PassReport()
    far = [shapely.box(X0 + 900, Y0 - 120, X0 + 920, Y0 - 100)]
    zone = compute_imagery(dataset_of(far), [path], target_m=1.0, report=report).zones[PARCELS]
    assert report.pixels_read == 0 and np.isnan(zone.covered[0]) and zone.pixels[0] == 0


def test_a_window_without_pixels_adds_nothing():
    """A feature touching one raster column has no horizontal gradient: the texture's
    window is empty (this raised IndexError on the demo's undated tile)."""
    from landsurvey_plugin.adapters.raster_zonal import _Runs

    runs = _Runs(np.zeros((3, 0), np.int32), 4)
    assert runs.count().tolist() == [0] * 5
    assert runs.total(np.zeros((3, 0))).tolist() == [0.0] * 5
