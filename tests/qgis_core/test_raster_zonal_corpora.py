"""The imagery pass on the real rasters of the shared corpora (see its manifest.csv):
RGBA aerial tiles in EPSG:4326 under real farm parcels in UTM 33S, a UInt16 COG, a Landsat
band with nodata, RGB tiles with alpha, .msk, internal mask and nodata, a drone mosaic."""

from __future__ import annotations

import csv
import math

import numpy as np
import pytest
import shapely
from osgeo import gdal, osr
from qgis.core import QgsFeatureRequest, QgsProcessingContext, QgsProject, QgsVectorLayer

from landsurvey_plugin.adapters.check_dataset import build_dataset, snapshot
from landsurvey_plugin.adapters.raster_zonal import compute_imagery
from landsurvey_plugin.model.gauss_kruger import zone_from_epsg
from landsurvey_plugin.rules.dataset import PARCELS, Dataset, LayerData

AERIAL = ("3320D_2010_315_RGB_LATLNG.tif", "3420B_2010_328_RGB_LATLNG.tif")


def manifest(corpora) -> list[dict]:
    with open(corpora / "raster" / "manifest.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_farms_over_the_aerial_mosaic(corpora, qgis_processing):
    """2,008 real farms (UTM 33S, read into a GK frame) over two RGBA tiles in degrees."""
    from qgis import processing

    farms = corpora / "vector/qgis_QGIS-Training-Data/projected_data/farms_33S.shp"
    layer = QgsVectorLayer(str(farms), "farms", "ogr")
    dataset, _ = build_dataset({PARCELS: snapshot(layer, PARCELS)}, QgsProject().transformContext())
    tiles = [str(corpora / "raster/qgis_QGIS-Training-Data" / name) for name in AERIAL]
    stats = compute_imagery(dataset, tiles)
    zone = stats.zones[PARCELS]
    assert stats.band_names == ["red", "green", "blue"]  # band 4 is alpha
    on = zone.pixels > 0
    assert 0 < on.sum() < len(zone)
    assert np.isnan(zone.covered[~on & np.isnan(zone.covered)]).all()
    assert ((zone.covered[on] > 0) & (zone.covered[on] <= 1)).all()
    assert np.isfinite(zone.mean[on]).all() and (zone.mean[on] >= 0).all()
    assert (zone.mean[on] <= 1).all() and np.isfinite(zone.greenness[on]).all()
    # 0.000025° at 34° S: 2.3 m east-west, 2.8 m north-south; the larger side counts
    assert np.nanmedian(zone.pixel_size_m[on]) == pytest.approx(2.77, abs=0.05)
    partly = on & (zone.covered < 1)
    assert partly.any() and all(zone.uncovered[i] is not None for i in np.flatnonzero(partly))
    # band 1 against QGIS's own zonal statistics on the first tile (its alpha is opaque
    # where these farms lie, so both count the same pixels)
    context = QgsProcessingContext()
    context.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)  # 16 farms are invalid
    result = processing.run(
        "native:zonalstatisticsfb",
        {
            "INPUT": str(farms),
            "INPUT_RASTER": tiles[0],
            "RASTER_BAND": 1,
            "COLUMN_PREFIX": "z_",
            "STATISTICS": [0, 2],
            "OUTPUT": "memory:",
        },
        context=context,
    )
    # the output keeps the input's order (a shapefile's fids 0..n-1, as the dataset read it)
    qgis = [(f["z_count"], f["z_mean"]) for f in result["OUTPUT"].getFeatures()]
    assert len(qgis) == len(zone) and list(dataset.layers[PARCELS].fids) == list(range(len(zone)))
    only_first = compute_imagery(dataset, tiles[:1]).zones[PARCELS]
    compared = 0
    for row, (count, mean) in enumerate(qgis):
        if only_first.pixels[row] > 200 and count:  # the farms are larger than the tile
            # same pixels up to the parcel edge: QGIS moves the parcel to degrees, the
            # pass moves it from the GK frame; a few edge pixels differ
            assert only_first.pixels[row] == pytest.approx(count, rel=0.05)
            assert only_first.mean[row, 0] * 255 == pytest.approx(mean, rel=0.03)
            compared += 1
    assert compared >= 3


def _utm_of(lon: float, lat: float) -> int:
    return (32600 if lat >= 0 else 32700) + int((lon + 180) // 6) + 1


@pytest.mark.parametrize("name", [
    "qgis_QGIS-Training-Data/SRTM/srtm_41_19.tif",
    "rio-tiler_fixtures/cog.tif",
    "rio-tiler_fixtures/scene_band1.tif",
    "rio-tiler_fixtures/my-bucket/hro_sources/colorado/201404_13SED190110_201404_0x1500m_CL_1.tif",
    "rio-tiler_fixtures/my-bucket/hro_sources/colorado/201404_13SED190110_201404_0x1500m_CL_1_alpha.tif",
    "rio-tiler_fixtures/my-bucket/hro_sources/colorado/201404_13SED190110_201404_0x1500m_CL_1_extmask.tif",
    "rio-tiler_fixtures/my-bucket/hro_sources/colorado/201404_13SED190110_201404_0x1500m_CL_1_mask.tif",
    "rio-tiler_fixtures/my-bucket/hro_sources/colorado/201404_13SED190110_201404_0x1500m_CL_1_nodata.tif",
    "rio-tiler_fixtures/my-bucket/pix4d/pix4d_alpha_nodata.tif",
    "qgis_QGIS-Training-Data/3320D_2010_315_RGB_LATLNG.tif",
])  # fmt: skip
def test_corpus_raster_runs(corpora, name):
    """A 3 × 3 grid of parcels over the raster and one across its east edge, in the UTM zone
    of its centre (another CRS than most of them): stats in range, the edge parcel half off."""
    row = next(r for r in manifest(corpora) if r["path"] == name)
    path = corpora / "raster" / name
    ds = gdal.Open(str(path))
    gt = ds.GetGeoTransform()
    raster_srs = osr.SpatialReference(wkt=ds.GetProjection())
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    for s in (raster_srs, wgs):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    cx = gt[0] + gt[1] * ds.RasterXSize / 2
    cy = gt[3] + gt[5] * ds.RasterYSize / 2
    lon, lat, _ = osr.CoordinateTransformation(raster_srs, wgs).TransformPoint(cx, cy)
    utm = osr.SpatialReference()
    utm.ImportFromEPSG(_utm_of(lon, lat))
    utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_utm = osr.CoordinateTransformation(raster_srs, utm)
    x0, y1, _ = to_utm.TransformPoint(gt[0], gt[3])
    x1, y0, _ = to_utm.TransformPoint(
        gt[0] + gt[1] * ds.RasterXSize, gt[3] + gt[5] * ds.RasterYSize
    )
    w, h = (x1 - x0) / 3, (y1 - y0) / 3
    shapes = [
        shapely.box(
            x0 + i * w + w * 0.1, y0 + j * h + h * 0.1, x0 + (i + 0.9) * w, y0 + (j + 0.9) * h
        )
        for i in range(3)
        for j in range(3)
    ]
    shapes.append(shapely.box(x1 - w * 0.5, y0 + h * 1.1, x1 + w * 0.5, y0 + h * 1.9))
    n = len(shapes)
    dataset = Dataset(
        layers={
            PARCELS: LayerData(
                PARCELS, "grid", np.arange(n), np.array(shapes, object), [None] * n, {}
            )
        },
        zone=zone_from_epsg(4524),
        crs=utm.ExportToWkt(),
    )
    stats = compute_imagery(dataset, [path])
    zone = stats.zones[PARCELS]
    on = zone.pixels > 0
    assert on.sum() >= 5, zone.pixels  # nodata may blank a few corners of a Landsat scene
    assert ((zone.mean[on] >= 0) & (zone.mean[on] <= 1)).all()
    assert np.isfinite(zone.brightness[on]).all()
    assert 0 < zone.covered[-1] < 0.6  # half of it lies east of the raster
    assert zone.uncovered[-1] is not None
    if "LATLNG" not in name:  # projected in metres: the manifest's pixel size
        manifest_px = max(float(v) for v in row["pixel_size"].split(" x "))
        assert np.nanmax(zone.pixel_size_m) == pytest.approx(manifest_px, rel=0.05)
    if int(row["bands"]) >= 3 and row["color"].startswith("Red"):
        assert stats.greenness_index == "ExG"
    if row["nodata"] or "Alpha" in row["color"] or "mask" in name:
        assert not math.isnan(np.nanmin(zone.covered))
