"""``dom.tif``: a synthetic orthophoto whose pixels follow the parcels' land classes.

Rasterised block by block (GDAL RasterizeLayer into a MEM band of parcel ids) and coloured
with numpy, so memory stays bounded; JPEG-in-TIFF keeps it small and fast to write.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import shapely
from osgeo import gdal, ogr
from PIL import Image

from scripts.demo_data.writer import srs_of

gdal.UseExceptions()

PIXEL = 0.8  # m
BLOCK_ROWS = 1024
DATE_TIFF = "2024:10:15 00:00:00"
DATE_ISO = "2024-10-15"

# texture kinds: 0 outside, 1 field rows, 2 forest, 3 orchard, 4 grass, 5 roofs, 6 road,
# 7 water, 8 greenhouse, 9 bare soil, 10 rock, 11 panels, 12 rubble
BASE = {
    "0101": ((105, 135, 70), 1), "0102": ((125, 145, 75), 1), "0103": ((150, 145, 85), 1),
    "02": ((75, 110, 50), 3), "03": ((38, 78, 40), 2), "0305": ((70, 100, 55), 2),
    "0307": ((85, 110, 65), 4), "04": ((125, 150, 85), 4), "05": ((185, 180, 178), 5),
    "06": ((175, 175, 185), 5), "07": ((190, 182, 172), 5), "08": ((185, 180, 175), 5),
    "09": ((170, 170, 170), 5), "1003": ((178, 178, 172), 6), "1004": ((170, 168, 165), 6),
    "10": ((165, 158, 145), 6), "11": ((48, 88, 125), 7), "1202": ((215, 220, 222), 8),
    "1201": ((165, 150, 130), 9), "1206": ((152, 118, 82), 9), "1207": ((172, 166, 156), 10),
    "12": ((150, 130, 100), 9),
}  # fmt: skip
OVERLAY = {
    "TTQ": ((160, 122, 84), 9),
    "GFBQ": ((32, 42, 72), 11),
    "CCWJQ": ((150, 140, 128), 12),
    "GCHZZ": ((232, 236, 236), 8),
}
OUTSIDE = ((55, 90, 50), 2)


def style_of(code: str) -> tuple[tuple[int, int, int], int]:
    for key in (code, code[:4], code[:2]):
        if key in BASE:
            return BASE[key]
    return (140, 130, 110), 9


def _memory_layer(geoms, ids: np.ndarray, srs) -> tuple[ogr.DataSource, ogr.Layer]:
    ds = ogr.GetDriverByName("Memory").CreateDataSource("")
    layer = ds.CreateLayer("p", srs, ogr.wkbMultiPolygon)
    layer.CreateField(ogr.FieldDefn("pid", ogr.OFTInteger))
    defn = layer.GetLayerDefn()
    for wkb, pid in zip(shapely.to_wkb(shapely.make_valid(np.asarray(geoms))), ids):
        f = ogr.Feature(defn)
        f.SetField(0, int(pid))
        f.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb))
        layer.CreateFeature(f)
    return ds, layer


def _smooth_noise(rng: np.random.Generator, shape: tuple[int, int], cell: int) -> np.ndarray:
    """Blotchy noise with ~``cell`` pixel features (canopies, soil patches)."""
    small = rng.normal(0, 1, (shape[0] // cell + 2, shape[1] // cell + 2)).astype(np.float32)
    img = Image.fromarray(small, mode="F").resize(
        ((shape[1] // cell + 2) * cell, (shape[0] // cell + 2) * cell), Image.BILINEAR
    )
    return np.asarray(img)[: shape[0], : shape[1]]


def write_dom(
    path: Path,
    epsg: int,
    bounds: tuple[float, float, float, float],
    geoms: np.ndarray,
    codes: list[str],
    overlays: dict[str, list],
    seed: int,
) -> None:
    """Write the RGB GeoTIFF with overviews and the 2024-10-15 acquisition date."""
    x0, y0, x1, y1 = bounds
    x0, y0 = math.floor(x0 / 10 - 5) * 10, math.floor(y0 / 10 - 5) * 10
    width = math.ceil((x1 + 50 - x0) / PIXEL)
    height = math.ceil((y1 + 50 - y0) / PIXEL)
    top = y0 + height * PIXEL
    gt = (x0, PIXEL, 0.0, top, 0.0, -PIXEL)
    if path.exists():
        gdal.GetDriverByName("GTiff").Delete(str(path))
    opts = [
        "TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "COMPRESS=JPEG",
        "PHOTOMETRIC=YCBCR", "JPEG_QUALITY=85", "INTERLEAVE=PIXEL",
    ]  # fmt: skip
    out = gdal.GetDriverByName("GTiff").Create(str(path), width, height, 3, gdal.GDT_Byte, opts)
    out.SetGeoTransform(gt)
    out.SetProjection(srs_of(epsg).ExportToWkt())
    out.SetMetadataItem("TIFFTAG_DATETIME", DATE_TIFF)
    out.SetMetadataItem("ACQUISITION_DATE", DATE_ISO)
    out.SetMetadataItem("TIFFTAG_IMAGEDESCRIPTION", f"synthetic DOM {DATE_ISO}, 0.8 m, demo")
    out.SetMetadataItem("TIFFTAG_SOFTWARE", "make_demo_data.py")

    # lookup tables: pid -> colour, texture, stripe angle; overlays use pids after parcels
    styles = [OUTSIDE] + [style_of(c) for c in codes]
    all_geoms = list(geoms)
    for table, shapes in overlays.items():
        styles += [OVERLAY[table]] * len(shapes)
        all_geoms += list(shapes)
    colour = np.array([s[0] for s in styles], dtype=np.float32)
    texture = np.array([s[1] for s in styles], dtype=np.uint8)
    angle_rng = np.random.default_rng(seed + 17)
    angle = angle_rng.uniform(0, np.pi, len(styles)).astype(np.float32)
    tint = angle_rng.normal(0, 8, (len(styles), 3)).astype(np.float32)
    mem_ds, layer = _memory_layer(
        np.asarray(all_geoms, dtype=object), np.arange(1, len(styles)), srs_of(epsg)
    )

    mem = gdal.GetDriverByName("MEM")
    for b, row0 in enumerate(range(0, height, BLOCK_ROWS)):
        rows = min(BLOCK_ROWS, height - row0)
        btop = top - row0 * PIXEL
        ids_ds = mem.Create("", width, rows, 1, gdal.GDT_Int32)
        ids_ds.SetGeoTransform((x0, PIXEL, 0.0, btop, 0.0, -PIXEL))
        layer.SetSpatialFilterRect(x0, btop - rows * PIXEL, x0 + width * PIXEL, btop)
        gdal.RasterizeLayer(ids_ds, [1], layer, options=["ATTRIBUTE=pid"])
        layer.SetSpatialFilter(None)
        pid = ids_ds.GetRasterBand(1).ReadAsArray()
        rgb = _colour(np.random.default_rng([seed, b]), pid, row0, colour, texture, angle, tint)
        out.WriteRaster(0, row0, width, rows, rgb.tobytes(), band_list=[1, 2, 3],
                        buf_pixel_space=3, buf_line_space=3 * width, buf_band_space=1)  # fmt: skip
    del mem_ds
    gdal.SetConfigOption("COMPRESS_OVERVIEW", "JPEG")
    gdal.SetConfigOption("PHOTOMETRIC_OVERVIEW", "YCBCR")
    gdal.SetConfigOption("INTERLEAVE_OVERVIEW", "PIXEL")
    out.BuildOverviews("AVERAGE", [2, 4, 8, 16])
    out.FlushCache()
    out = None


def _colour(
    rng: np.random.Generator,
    pid: np.ndarray,
    row0: int,
    colour: np.ndarray,
    texture: np.ndarray,
    angle: np.ndarray,
    tint: np.ndarray,
) -> np.ndarray:
    rows, cols = pid.shape
    yy, xx = np.mgrid[row0 : row0 + rows, 0:cols].astype(np.float32) * PIXEL
    tex = texture[pid]
    base = colour[pid] + tint[pid]
    fine = rng.normal(0, 1, pid.shape).astype(np.float32)
    blotch = _smooth_noise(rng, pid.shape, 5)
    shade = 6 * fine + 8 * blotch
    a = angle[pid]
    along = xx * np.cos(a) + yy * np.sin(a)
    across = -xx * np.sin(a) + yy * np.cos(a)
    stripes = np.sin(along * (2 * np.pi / 5.0))
    shade += np.where(tex == 1, 14 * stripes, 0)
    shade += np.where(tex == 2, 22 * blotch + 6 * fine, 0)
    shade += np.where(tex == 3, 18 * (np.sin(along * 1.6) * np.sin(across * 1.6) > 0.3), 0)
    roofs = ((np.floor(along / 11) * 7 + np.floor(across / 8) * 13) % 5).astype(np.float32)
    shade += np.where(tex == 5, 9 * roofs - 18 + 8 * fine, 0)
    shade += np.where(tex == 7, -0.6 * shade + 3 * blotch, 0)
    shade += np.where(tex == 8, 12 * (np.sin(along * (2 * np.pi / 7.0)) > 0.7), 0)
    shade += np.where(tex == 10, 14 * fine, 0)
    panel = (np.sin(along * (2 * np.pi / 6.0)) > -0.4) & (np.sin(across * (2 * np.pi / 3.0)) > -0.9)
    shade += np.where(tex == 11, np.where(panel, 0, 80), 0)
    shade += np.where(tex == 12, 20 * fine + 10 * blotch, 0)
    rgb = base + shade[..., None] * np.array([1.0, 1.0, 0.9], dtype=np.float32)
    return np.clip(rgb, 0, 255).astype(np.uint8)
