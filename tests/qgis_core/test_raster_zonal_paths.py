"""The imagery pass's two ways of summing a strip (runs of equal labels over the window
under the features, or only the labelled pixels when they are few) and its strip
boundaries give the same statistics, equal to plain numpy on a real GeoTIFF."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from landsurvey_plugin.adapters import raster_zonal
from landsurvey_plugin.adapters.raster_zonal import compute_imagery
from landsurvey_plugin.rules.dataset import PARCELS
from tests.qgis_core.test_raster_zonal import X0, Y0, centres, dataset_of, write_raster

# EPSG:4524 as QGIS hands it to the pass (a GeoPackage layer's crs().toWkt(WKT1_GDAL))
QGIS_4524 = (
    'PROJCS["CGCS2000 / 3-degree Gauss-Kruger zone 36",GEOGCS["China Geodetic Coordinate '
    'System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY['
    '"EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"'
    ']],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4490"]]'
    ',PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER['
    '"central_meridian",108],PARAMETER["scale_factor",1],PARAMETER["false_easting",36500000]'
    ',PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY['
    '"EPSG","4524"]]'
)
FIELDS = ("pixels", "mean", "std", "greenness", "brightness", "texture")


@pytest.fixture
def scene(tmp_path):
    rng = np.random.default_rng(11)
    bands = rng.integers(0, 256, (3, 90, 120), dtype=np.uint8)
    bands[:, 40:44, 10:100] = 0  # a nodata band across several parcels
    bands[:, 70:72, 5:9] = [[[7]], [[1]], [[1]]]  # dark pixels
    path = write_raster(tmp_path / "scene.tif", bands, (X0, Y0), 1.0, nodata=0)
    shapes = [
        shapely.box(X0 + 2.2, Y0 - 60.4, X0 + 30.7, Y0 - 3.1),  # tall: crosses strips
        shapely.box(X0 + 31.0, Y0 - 80.0, X0 + 33.0, Y0 - 10.0),  # two columns wide
        shapely.Polygon([(X0 + 50, Y0 - 85), (X0 + 80, Y0 - 35), (X0 + 110, Y0 - 88)]),
        shapely.box(X0 + 3.0, Y0 - 74.0, X0 + 10.0, Y0 - 68.0),  # on the dark pixels
        shapely.box(X0 + 115.3, Y0 - 5.4, X0 + 125.0, Y0 + 3.0),  # a corner off the raster
        shapely.box(X0 + 60.0, Y0 - 30.0, X0 + 61.0, Y0 - 2.0),  # one column: no texture
    ]
    valid = (bands != 0).all(axis=0)
    return path, bands, valid, shapes


def _run(monkeypatch, path, shapes, sparse_share: int, strip_pixels: int):
    monkeypatch.setattr(raster_zonal, "SPARSE_SHARE", sparse_share)
    monkeypatch.setattr(raster_zonal, "STRIP_PIXELS", strip_pixels)
    return compute_imagery(dataset_of(shapes), [path], target_m=1.0).zones[PARCELS]


@pytest.mark.parametrize("strip_pixels", [120 * 7, 120 * 90, 4_000_000])
def test_sparse_and_run_sums_agree_with_numpy(monkeypatch, scene, strip_pixels):
    path, bands, valid, shapes = scene
    sparse = _run(monkeypatch, path, shapes, 0, strip_pixels)  # every strip sparse
    dense = _run(monkeypatch, path, shapes, 10**9, strip_pixels)  # none
    for name in FIELDS:
        np.testing.assert_allclose(
            getattr(sparse, name), getattr(dense, name), rtol=1e-9, err_msg=name
        )
    xs, ys = centres(bands.shape[1:], (X0, Y0), 1.0)
    scaled = bands.astype(float) / 255.0
    for i, shape in enumerate(shapes):
        inside = shapely.contains_xy(shape, xs, ys) & valid
        assert dense.pixels[i] == sparse.pixels[i] == inside.sum()
        np.testing.assert_allclose(dense.mean[i], scaled[:, inside].mean(axis=1), rtol=1e-6)
        np.testing.assert_allclose(
            dense.std[i], scaled[:, inside].std(axis=1), rtol=1e-5, atol=1e-7
        )
        r, g, b = scaled[:, inside]
        assert dense.greenness[i] == pytest.approx(((2 * g - r - b) / (r + g + b)).mean(), 1e-5)
    assert np.isnan(dense.texture[5]) and np.isnan(sparse.texture[5])
    assert (dense.texture[:5] > 0).all()


@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_footprint_blocks_match_a_plain_any(k):
    from landsurvey_plugin.adapters.raster_zonal import _any_blocks

    rng = np.random.default_rng(k)
    valid = rng.random((6 * k, 4 * k)) < 0.05
    expected = [
        [valid[r * k : (r + 1) * k, c * k : (c + 1) * k].any() for c in range(4)] for r in range(6)
    ]
    assert _any_blocks(valid, k).tolist() == expected


def test_axis_order_only_crs_difference_is_not_transformed():
    """QGIS writes EPSG:4524 without its AXIS nodes (easting first), GDAL with northing
    first; read x = easting, moving between them is the identity and is skipped, while a
    changed parameter under the same code, or x = northing, still gets a transform."""
    from osgeo import osr

    from landsurvey_plugin.adapters.raster_zonal import _srs, _transformer

    gdal_wkt = osr.SpatialReference()
    gdal_wkt.ImportFromEPSG(4524)
    raster, parcels = _srs(gdal_wkt.ExportToWkt()), _srs(QGIS_4524)
    assert 'AXIS["Northing",NORTH],AXIS["Easting",EAST]' in raster.ExportToWkt()
    assert not raster.IsSame(parcels)
    points = [(36_512_345.6, 3_012_345.6), (36_480_000.1, 2_990_000.2)]
    moved = osr.CoordinateTransformation(parcels, raster).TransformPoints(points)
    assert [p[:2] for p in moved] == points  # what the skip relies on
    assert _transformer(parcels, raster) is None and _transformer(raster, parcels) is None

    shifted = _srs(QGIS_4524.replace('"central_meridian",108', '"central_meridian",111'))
    assert _transformer(shifted, raster) is not None
    northing_first = osr.SpatialReference()
    northing_first.ImportFromEPSG(4524)  # authority order: x = northing
    assert _transformer(parcels, northing_first) is not None
