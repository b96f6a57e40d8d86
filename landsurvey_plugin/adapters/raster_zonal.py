"""Per-feature imagery statistics in one blocked pass over each raster (GDAL + numpy).

Why not QGIS's zonal statistics: it reads the raster once per feature and one band per run;
a county has 10⁵ parcels over a 10⁹-pixel DOM. Here each raster is read once, in strips of
whole rows at one pyramid level, every layer's features are burnt into an Int32 label strip
(``gdal.RasterizeLayer`` from an in-memory OGR layer), and the per-feature sums (count,
sum and sum of squares per band, greenness, gradient texture; brightness follows from the
band means) are accumulated per run of equal labels (``np.add.reduceat``) and then per
label (``np.bincount``): the Python cost is per strip, never per feature or per pixel. A
strip where a layer's labelled pixels are few (the ranges' layers) is summed over those
pixels only (``_accumulate_sparse``), and a strip without any of its features is skipped.

The level: the statistics describe a parcel's cover, so they need a few dozen pixels on the
smallest parcel that is mapped (200 m², seed 001 四(一)3) — ``STATS_PIXEL_M`` = 2 m gives
50. The pass reads the pyramid level whose ground pixel is the coarsest one not coarser than
that (``choose_level``); when that level is still finer than half the target (no fitting
overview), rows and columns are decimated on read by the remaining integer factor (GDAL's
nearest neighbour), so a 0.1 m DOM without overviews still costs a 2 m read. Only the
window under the features is read. The valid-pixel footprint (nodata, mask and alpha
aware: GDAL's mask band) is gathered at a coarser grid on the way and polygonised once
(``gdal.Polygonize``); each feature's uncovered part is its shapely difference with it.
Rasters in another CRS are never warped: the shapes are reprojected (GDAL osr) to the raster.
The label strip is rasterised per strip rather than once for the whole extent: at the level
of a 60,000-parcel demo DOM (9,829 × 9,385 px at 1.6 m) one Int32 label raster per layer
would take 369 MB each; a strip of 4 M pixels takes 16 MB.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from osgeo import gdal, gdal_array, ogr, osr

from landsurvey_plugin.model.imagery_stats import ImageryStats, ZoneStats
from landsurvey_plugin.rules.context import Cancelled
from landsurvey_plugin.rules.dataset import BOUNDARY, PREVIOUS, VILLAGES, Dataset

gdal.UseExceptions()

STATS_PIXEL_M = 2.0  # ground pixel the statistics need (see the module docstring)
FOOTPRINT_PIXEL_M = 4.0  # footprint grid: coverage is reported to about this precision
STRIP_PIXELS = 4_000_000  # pixels per strip: bounds memory (~16 MB per Int32 label strip)
# a strip whose labelled pixels are fewer than 1/SPARSE_SHARE of it is summed pixel by pixel
SPARSE_SHARE = 4
BAND_ORDER = ("red", "green", "blue", "nir", "gray")
# layer roles that get no statistics: the previous year's parcels and the boundaries
SKIP_ROLES = {PREVIOUS, BOUNDARY, VILLAGES}

_INTERP = {
    gdal.GCI_RedBand: "red",
    gdal.GCI_GreenBand: "green",
    gdal.GCI_BlueBand: "blue",
    gdal.GCI_GrayIndex: "gray",
}


class ImageryError(ValueError):
    """A raster that cannot be used, with a message naming the file and the reason."""


@dataclass
class RasterSource:
    """One opened raster: which band is what, how to scale it, its ground pixel size."""

    path: str
    dataset: gdal.Dataset
    band_names: list[str]  # canonical names of the data bands, in band order
    data_bands: list[int]  # 1-based band numbers matching band_names
    scale: float  # divide by this to get 0..1
    pixel_m: float  # native ground pixel size (the larger of x and y), metres
    crs: osr.SpatialReference | None
    notes: list[str] = field(default_factory=list)


def _band_names(ds: gdal.Dataset) -> tuple[list[str], list[int]]:
    """Data bands and their meaning: colour interpretation, then description, then order.

    A 4-band raster without an alpha band is read as R, G, B, NIR (the usual 4-band DOM and
    satellite product order); a 1- or 2-band raster is grey.
    """
    names: list[str] = []
    numbers: list[int] = []
    for i in range(1, ds.RasterCount + 1):
        band = ds.GetRasterBand(i)
        interp = band.GetColorInterpretation()
        if interp == gdal.GCI_AlphaBand:
            continue
        description = (band.GetDescription() or "").strip().lower()
        name = _INTERP.get(interp)
        if description in ("nir", "near infrared", "near-infrared", "nir1") or "nir" in description:
            name = "nir"
        names.append(name or "")
        numbers.append(i)
    if len(numbers) <= 2:  # grey (with a second band we do not know how to read)
        return ["gray"], numbers[:1]
    else:
        defaults = ["red", "green", "blue", "nir"]
        names = [n or (defaults[k] if k < 4 else "") for k, n in enumerate(names)]
        if "gray" in names:  # a 3+ band raster with grey interpretation: take band order
            names = [defaults[k] if k < 4 else "" for k in range(len(names))]
    keep = [k for k, n in enumerate(names) if n and n not in names[:k]]
    return [names[k] for k in keep], [numbers[k] for k in keep]


def _scale(ds: gdal.Dataset, bands: Sequence[int]) -> float:
    """What maps the raster's values to 0..1: 255 for bytes, else the bands' largest value
    (GDAL's approximate min/max, read from an overview) rounded up to a power of two for
    integer data (12-bit stays 4095 whatever the scene holds)."""
    band = ds.GetRasterBand(bands[0])
    if band.DataType == gdal.GDT_Byte:
        return 255.0
    top = 0.0
    for number in bands:
        try:
            top = max(top, ds.GetRasterBand(number).ComputeRasterMinMax(True)[1])
        except RuntimeError:  # all nodata: any scale will do
            continue
    if top <= 0:
        return 1.0
    if band.DataType in (gdal.GDT_Float32, gdal.GDT_Float64) and top <= 1.5:
        return 1.0
    if band.DataType in (gdal.GDT_Float32, gdal.GDT_Float64):
        return float(top)
    return float(2 ** math.ceil(math.log2(top + 1)) - 1)


def _srs(wkt: str) -> osr.SpatialReference | None:
    if not wkt:
        return None
    srs = osr.SpatialReference()
    srs.ImportFromWkt(wkt)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)  # x = easting/longitude
    return srs


def _crs_of(ds: gdal.Dataset) -> osr.SpatialReference | None:
    return _srs(ds.GetProjection())


def _transformer(
    src: osr.SpatialReference | None, dst: osr.SpatialReference | None
) -> osr.CoordinateTransformation | None:
    """GDAL's osr, not pyproj: inside QGIS a second PROJ library (pyproj's wheel) next to
    QGIS's own corrupts the heap at exit."""
    if src is None or dst is None or src.IsSame(dst) or _same_definition(src, dst):
        return None
    return osr.CoordinateTransformation(src, dst)


def _same_definition(a: osr.SpatialReference, b: osr.SpatialReference) -> bool:
    """The same registry entry with the same parameters, the WKTs differing only in the
    axis order they declare (QGIS writes EPSG:4524 easting first, GDAL northing first, and
    IsSame tells them apart): both are read x = easting (``_srs``), so moving between them
    is the identity, and skipping it saves moving every vertex (0.3 s on 500k)."""
    code_a = (a.GetAuthorityName(None), a.GetAuthorityCode(None))
    code_b = (b.GetAuthorityName(None), b.GetAuthorityCode(None))
    if None in code_a or code_a != code_b:
        return False
    traditional = osr.OAMS_TRADITIONAL_GIS_ORDER
    if a.GetAxisMappingStrategy() != traditional or b.GetAxisMappingStrategy() != traditional:
        return False  # x is not easting in both (never so from _srs, but be explicit)
    return a.ExportToProj4() == b.ExportToProj4()


def _move(transformer: osr.CoordinateTransformation, x, y) -> tuple[np.ndarray, np.ndarray]:
    points = np.column_stack([np.asarray(x, float), np.asarray(y, float)])
    # the array itself, not .tolist(): GDAL reads its buffer (3x faster on 500k points)
    moved = np.asarray(transformer.TransformPoints(points), float)
    return moved[:, 0], moved[:, 1]


def _reproject(geoms: np.ndarray, transformer: osr.CoordinateTransformation | None) -> np.ndarray:
    """All shapes' coordinates in one transform call (shapely hands them over as one array)."""
    if transformer is None or len(geoms) == 0:
        return geoms

    def move(xy: np.ndarray) -> np.ndarray:
        if len(xy) == 0:
            return xy
        return np.column_stack(_move(transformer, xy[:, 0], xy[:, 1]))

    return shapely.transform(geoms, move)


def _ground_pixel(ds: gdal.Dataset, to_dataset: osr.CoordinateTransformation | None) -> float:
    """The native pixel's ground size in metres at the raster's centre (the larger side):
    the pixel's edges moved into the dataset's planar GK CRS, so degrees work too."""
    gt = ds.GetGeoTransform()
    cx, cy = ds.RasterXSize / 2, ds.RasterYSize / 2
    corners = np.array([[cx, cy], [cx + 1, cy], [cx, cy + 1]], float)
    x = gt[0] + corners[:, 0] * gt[1] + corners[:, 1] * gt[2]
    y = gt[3] + corners[:, 0] * gt[4] + corners[:, 1] * gt[5]
    if to_dataset is not None:
        x, y = _move(to_dataset, x, y)
    x, y = np.asarray(x), np.asarray(y)
    dx = math.hypot(x[1] - x[0], y[1] - y[0])
    dy = math.hypot(x[2] - x[0], y[2] - y[0])
    return max(dx, dy)


def open_source(path: str | Path, dataset_crs: osr.SpatialReference | None) -> RasterSource:
    """Open a raster and say what its bands are; a clear ImageryError when it cannot serve."""
    path = str(path)
    try:
        ds = gdal.Open(path)
    except RuntimeError as exc:
        raise ImageryError(f"{path}: GDAL cannot open it ({exc})") from exc
    if ds is None or ds.RasterCount == 0:
        raise ImageryError(f"{path}: not a raster GDAL can read")
    gt = ds.GetGeoTransform(can_return_null=True)
    if gt is None:
        raise ImageryError(f"{path}: no georeferencing (no geotransform)")
    if gt[2] != 0 or gt[4] != 0:
        raise ImageryError(f"{path}: rotated rasters are not supported; warp it north-up first")
    names, numbers = _band_names(ds)
    if not numbers:
        raise ImageryError(f"{path}: no data band (only alpha)")
    crs = _crs_of(ds)
    notes = []
    if crs is None:
        notes.append(f"{path}: no CRS, taken to be in the parcels' CRS")
    pixel = _ground_pixel(ds, _transformer(crs, dataset_crs))
    return RasterSource(path, ds, names, numbers, _scale(ds, numbers), pixel, crs, notes)


def choose_level(band: gdal.Band, pixel_m: float, target_m: float) -> tuple[int, int]:
    """(overview index or -1 for full resolution, extra decimation factor).

    The level whose ground pixel is the coarsest not coarser than ``target_m``: fewer
    pixels to read while still resolving what the statistic needs. When even the full
    resolution is coarser, it is used as is; when no overview comes close (finer than half
    the target), rows and columns are decimated on read by the remaining integer factor.
    """
    best, best_px = -1, pixel_m
    for i in range(band.GetOverviewCount()):
        overview = band.GetOverview(i)
        px = pixel_m * band.XSize / overview.XSize
        if px <= target_m * 1.0001 and px > best_px:
            best, best_px = i, px
    factor = max(1, int(target_m // best_px)) if best_px * 2 <= target_m else 1
    return best, factor


@dataclass
class _Grid:
    """The grid the pass reads: a pyramid level, possibly decimated."""

    width: int
    height: int
    geotransform: tuple[float, ...]
    level: int
    factor: int
    level_width: int
    level_height: int


def _grid(src: RasterSource, target_m: float) -> _Grid:
    band = src.dataset.GetRasterBand(src.data_bands[0])
    level, factor = choose_level(band, src.pixel_m, target_m)
    level_band = band if level < 0 else band.GetOverview(level)
    lw, lh = level_band.XSize, level_band.YSize
    width, height = math.ceil(lw / factor), math.ceil(lh / factor)
    gt = src.dataset.GetGeoTransform()
    sx = gt[1] * src.dataset.RasterXSize / width
    sy = gt[5] * src.dataset.RasterYSize / height
    return _Grid(width, height, (gt[0], sx, 0.0, gt[3], 0.0, sy), level, factor, lw, lh)


def _level_band(ds: gdal.Dataset, number: int, level: int) -> gdal.Band:
    band = ds.GetRasterBand(number)
    return band if level < 0 else band.GetOverview(level)


def _read(
    band: gdal.Band,
    grid: _Grid,
    row0: int,
    rows: int,
    col0: int,
    cols: int,
    out: np.ndarray | None = None,
):
    """Grid rows [row0, row0 + rows) and columns [col0, col0 + cols) of one level band,
    decimated when the grid says so (into ``out`` when given)."""
    f = grid.factor
    x0, y0 = col0 * f, row0 * f
    xsize = min(cols * f, grid.level_width - x0)
    ysize = min(rows * f, grid.level_height - y0)
    return band.ReadAsArray(x0, y0, xsize, ysize, cols, rows, buf_obj=out)


def _mask_bands(src: RasterSource, level: int) -> list[gdal.Band]:
    """GDAL's mask bands to AND together (none when every pixel is valid).

    GMF_PER_DATASET (alpha, .msk, dataset mask) is one band for all; per-band nodata masks
    are combined so a pixel counts only where every band holds data.
    """
    first = src.dataset.GetRasterBand(src.data_bands[0])
    flags = first.GetMaskFlags()
    if flags & gdal.GMF_ALL_VALID:
        return []
    if flags & gdal.GMF_PER_DATASET:
        return [_level_band(src.dataset, src.data_bands[0], level).GetMaskBand()]
    return [_level_band(src.dataset, n, level).GetMaskBand() for n in src.data_bands]


def _memory_layer(shapes: np.ndarray, srs: osr.SpatialReference | None):
    """An in-memory OGR layer of the shapes with their 1-based row as ``lab``."""
    ds = ogr.GetDriverByName("Memory").CreateDataSource("")
    layer = ds.CreateLayer("zones", srs, ogr.wkbUnknown)
    layer.CreateField(ogr.FieldDefn("lab", ogr.OFTInteger))
    present = np.flatnonzero(~shapely.is_missing(shapes) & ~shapely.is_empty(shapes))
    # one feature object refilled per shape: the layer stores a copy of it
    feature = ogr.Feature(layer.GetLayerDefn())
    for row, wkb in zip((present + 1).tolist(), shapely.to_wkb(shapes[present])):
        feature.SetFID(ogr.NullFID)
        feature.SetFieldInteger64(0, row)
        feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb))
        layer.CreateFeature(feature)
    return ds, layer


class _Sums:
    """Running per-feature sums of one layer role over every raster of one date."""

    def __init__(self, n: int, bands: int) -> None:
        self.n = n
        self.count = np.zeros(n + 1, np.int64)
        self.band_count = np.zeros((n + 1, bands), np.int64)
        self.sum = np.zeros((n + 1, bands))
        self.sq = np.zeros((n + 1, bands))
        self.green = np.zeros(n + 1)
        self.green_n = np.zeros(n + 1, np.int64)
        self.grad = np.zeros(n + 1)
        self.grad_n = np.zeros(n + 1, np.int64)
        self.pixel_m = np.full(n + 1, np.inf)
        self.source = np.full(n + 1, -1, np.int64)


def _bincount(index: np.ndarray, n: int, weights: np.ndarray | None = None) -> np.ndarray:
    return np.bincount(index, weights=weights, minlength=n + 1)[: n + 1]


@dataclass
class _Pixels:
    """One strip's pixels as 0..1 floats, with what every role shares."""

    valid: np.ndarray  # bool (rows, width), core rows plus the look-ahead row
    bands: dict[int, np.ndarray]  # index in the date's band list -> values
    green: np.ndarray | None
    bright: np.ndarray
    scratch: _Scratch | None = None  # arrays the sums may reuse within the strip


class _Scratch:
    """Arrays kept from one strip to the next: a fresh 16 MB array per strip and band is
    mapped anew by the allocator and costs its page faults each time (on a cold pass that
    doubled the time spent gathering the pixels)."""

    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}

    def get(self, name: str, rows: int, cols: int, dtype) -> np.ndarray:
        """A (rows, cols) array (a contiguous view of the kept one), contents undefined."""
        kept = self.arrays.get(name)
        if kept is None or kept.dtype != dtype or kept.shape[1] != cols or len(kept) < rows:
            kept = self.arrays[name] = np.empty((rows, cols), dtype)
        return kept[:rows]


def _strip_pixels(
    src: RasterSource,
    grid: _Grid,
    window: tuple[int, int, int, int],
    band_index: list[int],
    index: str,
    scratch: _Scratch | None = None,
) -> _Pixels:
    """(row0, rows, col0, cols) of the grid as 0..1 floats, the valid mask, the indices.

    The arrays returned live in ``scratch`` and are overwritten by the next strip. The
    arithmetic is the same float32 operations in the same order as plain expressions
    (``raw.astype(float32) / scale``, ``(r + g + b) / 3``, ``(2g - r - b) / (r + g + b)``),
    written into kept arrays."""
    row0, rows, col0, cols = window
    scratch = scratch or _Scratch()
    scale = np.float32(src.scale)
    values = {}
    signed = False  # unsigned data: a zero sum has a zero numerator too, and 0/0 is NaN
    for k, n in zip(band_index, src.data_bands):
        band = _level_band(src.dataset, n, grid.level)
        dtype = gdal_array.GDALTypeCodeToNumericTypeCode(band.DataType)
        raw = _read(band, grid, row0, rows, col0, cols, scratch.get(f"raw{k}", rows, cols, dtype))
        signed |= raw.dtype.kind != "u"
        values[k] = np.divide(
            raw, scale, out=scratch.get(f"band{k}", rows, cols, np.float32), dtype=np.float32
        )
    valid = scratch.get("valid", rows, cols, bool)
    valid.fill(True)
    for number, mask in enumerate(_mask_bands(src, grid.level)):
        flags = _read(mask, grid, row0, rows, col0, cols, scratch.get("mask", rows, cols, np.uint8))
        if number == 0:
            np.greater(flags, 0, out=valid)
        else:
            valid &= flags > 0
    named = dict(zip(src.band_names, band_index))
    shown = [n for n in ("red", "green", "blue", "gray") if n in named]
    visible = [values[named[n]] for n in shown]
    total = None
    if len(visible) == 1:
        bright = visible[0]
    else:
        total = np.add(visible[0], visible[1], out=scratch.get("total", rows, cols, np.float32))
        for more in visible[2:]:
            np.add(total, more, out=total)
        bright = np.divide(
            total, np.float32(len(visible)), out=scratch.get("bright", rows, cols, np.float32)
        )
    green = None
    if index == "NDVI" and "nir" in named and "red" in named:
        nir, red = values[named["nir"]], values[named["red"]]
        total = np.add(nir, red, out=scratch.get("total", rows, cols, np.float32))
        green = np.subtract(nir, red, out=scratch.get("green", rows, cols, np.float32))
    elif index == "ExG" and all(n in named for n in ("red", "green", "blue")):
        r, g, b = (values[named[n]] for n in ("red", "green", "blue"))
        if shown != ["red", "green", "blue"]:  # else the brightness's sum is r + g + b
            total = np.add(r, g, out=scratch.get("total", rows, cols, np.float32))
            np.add(total, b, out=total)
        green = np.multiply(g, np.float32(2), out=scratch.get("green", rows, cols, np.float32))
        np.subtract(green, r, out=green)
        np.subtract(green, b, out=green)
    if green is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            np.divide(green, total, out=green)
        if signed:
            green[~(total > 0)] = np.nan
    return _Pixels(valid, values, green, bright, scratch)


def _gradient(
    bright: np.ndarray,
    labels: np.ndarray,
    valid: np.ndarray,
    rows: int,
    scratch: _Scratch | None = None,
):
    """Per pixel of the first ``rows`` rows, the gradient magnitude to its right and lower
    neighbours, and its label where both lie in the same feature and hold data (a parcel's
    edge is not its texture), else label 0. Written into ``scratch``'s arrays when given:
    sqrt(gx * gx + gy * gy) in float32, the same operations as the plain expression."""
    scratch = scratch or _Scratch()
    cols = labels.shape[1] - 1
    lab = labels[:rows, :-1]
    ok = np.logical_and(
        valid[:rows, :-1], valid[:rows, 1:], out=scratch.get("grad_ok", rows, cols, bool)
    )
    ok &= valid[1 : rows + 1, :-1]
    same = scratch.get("grad_same", rows, cols, bool)
    ok &= np.equal(lab, labels[:rows, 1:], out=same)
    ok &= np.equal(lab, labels[1 : rows + 1, :-1], out=same)
    base = bright[:rows, :-1]
    gx = np.subtract(bright[:rows, 1:], base, out=scratch.get("grad_x", rows, cols, np.float32))
    gy = np.subtract(
        bright[1 : rows + 1, :-1], base, out=scratch.get("grad_y", rows, cols, np.float32)
    )
    np.multiply(gx, gx, out=gx)
    np.multiply(gy, gy, out=gy)
    np.add(gx, gy, out=gx)
    glab = np.multiply(lab, ok, out=scratch.get("grad_lab", rows, cols, labels.dtype))
    return np.sqrt(gx, out=gx), glab


def _window(labels: np.ndarray, core: int) -> slice | None:
    """The rows of the strip that hold any feature, plus the look-ahead row (None: none
    does). Whole rows: a row slice of the strip stays one contiguous block, so nothing is
    copied to flatten it (the strips with few labelled pixels go to _accumulate_sparse)."""
    rows = np.flatnonzero(labels[:core].max(axis=1))  # labels are >= 0: max beats any
    if len(rows) == 0:
        return None
    return slice(rows[0], rows[-1] + 2)


class _Runs:
    """Runs of equal labels along the flattened window: pixels of one parcel come in row
    runs of tens of pixels, so summing each run with ``np.add.reduceat`` (sequential) and
    then the runs per label with ``np.bincount`` reads the pixels once, in order, instead
    of scattering every pixel into the per-label bins (cache misses on 10⁵ bins)."""

    def __init__(self, labels: np.ndarray, n: int) -> None:
        flat = labels.ravel()
        change = np.empty(len(flat), bool)
        if len(flat):  # a window may be empty (one column: no horizontal gradient)
            change[0] = True
            np.not_equal(flat[1:], flat[:-1], out=change[1:])
        self.starts = np.flatnonzero(change)
        self.labels = flat[self.starts].astype(np.intp)
        self.n = n
        self.lengths = np.diff(np.append(self.starts, len(flat)))

    def count(self) -> np.ndarray:
        return _bincount(self.labels, self.n, self.lengths.astype(np.float64)).astype(np.int64)

    def total(self, values: np.ndarray) -> np.ndarray:
        if not len(self.starts):
            return np.zeros(self.n + 1, np.float64)
        sums = np.add.reduceat(values.ravel(), self.starts, dtype=np.float64)
        return _bincount(self.labels, self.n, sums)


def _accumulate(
    sums: _Sums, labels: np.ndarray, px: _Pixels, core: int, band_index: list[int]
) -> None:
    """Add one strip to the sums; pixels without data get label 0 (bin 0 is dropped)."""
    labelled = np.count_nonzero(labels[:core])
    if labelled == 0:
        return
    if labelled * SPARSE_SHARE < core * labels.shape[1]:
        _accumulate_sparse(sums, labels, px, core, band_index)
        return
    window = _window(labels, core)
    if window is None:
        return
    rs = window
    labels = labels[rs]
    core = min(core - rs.start, labels.shape[0])
    valid = px.valid[rs]
    n = sums.n
    scratch = px.scratch or _Scratch()
    cols = labels.shape[1]
    # label 0 where the pixel has no data
    runs = _Runs(
        np.multiply(labels[:core], valid[:core], out=scratch.get("runs", core, cols, labels.dtype)),
        n,
    )
    counts = runs.count()
    sums.count += counts
    for k in band_index:
        v = px.bands[k][rs][:core]
        sums.band_count[:, k] += counts
        sums.sum[:, k] += runs.total(v)
        sums.sq[:, k] += runs.total(np.multiply(v, v, out=scratch.get("sq", core, cols, v.dtype)))
    if px.green is not None:
        g = px.green[rs][:core]
        bad = ~np.isfinite(g)
        if bad.any():  # black pixels (r + g + b = 0) have no index
            g = np.where(bad, 0.0, g)
            sums.green_n -= _bincount(runs_labels(labels[:core], valid[:core], bad), n)
        sums.green_n += counts
        sums.green += runs.total(g)
    # texture for every core row with a row below it (the look-ahead row, but for the last
    # strip of the raster)
    rows = core if labels.shape[0] > core else core - 1
    if rows > 0:
        grad, glab = _gradient(px.bright[rs], labels, valid, rows, scratch)
        texture = _Runs(glab, n)
        sums.grad += texture.total(grad)
        sums.grad_n += texture.count()


def _accumulate_sparse(
    sums: _Sums, labels: np.ndarray, px: _Pixels, core: int, band_index: list[int]
) -> None:
    """``_accumulate`` for a strip where few pixels carry a label (the ranges' layers: a
    few hundred features spread over the county): only the labelled pixels are gathered
    and summed per label, not every pixel of the window around them."""
    n = sums.n
    height, width = labels.shape
    flat = labels.ravel()
    valid = px.valid.ravel()
    at = np.flatnonzero(flat[: core * width] != 0)  # 6x faster than on the Int32 itself
    pick = at[valid[at]]
    lab = flat[pick].astype(np.intp)
    counts = _bincount(lab, n)
    sums.count += counts
    for k in band_index:
        v = px.bands[k].ravel()[pick]
        sums.band_count[:, k] += counts
        sums.sum[:, k] += _bincount(lab, n, v.astype(np.float64))
        sums.sq[:, k] += _bincount(lab, n, (v * v).astype(np.float64))
    if px.green is not None:
        g = px.green.ravel()[pick]
        bad = ~np.isfinite(g)
        if bad.any():  # black pixels (r + g + b = 0) have no index
            g = np.where(bad, 0.0, g)
            sums.green_n -= _bincount(lab[bad], n)
        sums.green_n += counts
        sums.green += _bincount(lab, n, g.astype(np.float64))
    # texture: as in _gradient, for labelled pixels with a row below and a column right
    rows = min(core, height - 1)
    at = at[(at < rows * width) & (at % width < width - 1)]
    right, below = at + 1, at + width
    own = flat[at]
    ok = valid[at] & valid[right] & valid[below] & (flat[right] == own) & (flat[below] == own)
    at, right, below = at[ok], right[ok], below[ok]
    bright = px.bright.ravel()
    base = bright[at]
    gx = bright[right] - base
    gy = bright[below] - base
    grad = np.sqrt(gx * gx + gy * gy)
    glab = own[ok].astype(np.intp)
    sums.grad += _bincount(glab, n, grad.astype(np.float64))
    sums.grad_n += _bincount(glab, n)


def runs_labels(labels: np.ndarray, valid: np.ndarray, where: np.ndarray) -> np.ndarray:
    """Labels of the valid pixels picked by ``where`` (rare cases: a plain index is fine)."""
    return labels[valid & where].astype(np.intp)


def _footprint(coarse: np.ndarray, gt: tuple[float, ...], srs) -> shapely.Geometry:
    """The valid cells of the coarse grid as one (multi)polygon, via gdal.Polygonize."""
    height, width = coarse.shape
    mem = gdal.GetDriverByName("MEM").Create("", width, height, 1, gdal.GDT_Byte)
    mem.SetGeoTransform(gt)
    band = mem.GetRasterBand(1)
    band.WriteArray(coarse.astype(np.uint8))
    out = ogr.GetDriverByName("Memory").CreateDataSource("")
    layer = out.CreateLayer("fp", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("v", ogr.OFTInteger))
    gdal.Polygonize(band, band, layer, 0)
    wkbs = [bytes(f.GetGeometryRef().ExportToWkb()) for f in layer]
    if not wkbs:
        return shapely.Polygon()
    return shapely.coverage_union_all(shapely.from_wkb(wkbs))


@dataclass
class _RasterResult:
    footprint: shapely.Geometry  # in the dataset CRS
    extent: shapely.Geometry  # raster extent in the dataset CRS
    pixels_read: int
    bytes_read: int


def _one_raster(
    src: RasterSource,
    number: int,
    role_shapes: dict[str, np.ndarray],
    sums: dict[str, _Sums],
    band_names: list[str],
    index: str,
    dataset_crs: osr.SpatialReference | None,
    target_m: float,
    progress: Callable[[float], None],
    is_canceled: Callable[[], bool],
) -> _RasterResult:
    grid = _grid(src, target_m)
    to_raster = _transformer(dataset_crs, src.crs)
    to_dataset = _transformer(src.crs, dataset_crs)
    srs = src.crs
    layers = {}
    for role, shapes in role_shapes.items():
        moved = _reproject(shapes, to_raster)
        layers[role] = (moved, *_memory_layer(moved, srs))
    bounds = {role: shapely.bounds(moved) for role, (moved, _, _) in layers.items()}
    band_index = [band_names.index(n) for n in src.band_names]
    level_px = src.pixel_m * (grid.geotransform[1] / src.dataset.GetGeoTransform()[1])
    k = max(1, round(FOOTPRINT_PIXEL_M / level_px))
    gt = grid.geotransform
    x0, y0 = gt[0], gt[3]
    x1, y1 = gt[0] + grid.width * gt[1], gt[3] + grid.height * gt[5]
    extent = shapely.box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    # only the part of the raster under the features is read (a re-check of a selection,
    # a DOM larger than the county), aligned to the footprint grid
    c0, r0, c1, r1 = _feature_window([m for m, _, _ in layers.values()], gt, grid, k)
    cols = c1 - c0
    strip = max(k, (STRIP_PIXELS // max(cols, 1)) // k * k)
    has_mask = bool(_mask_bands(src, grid.level))
    coarse = None
    if has_mask and cols > 0:
        coarse = np.zeros((math.ceil((r1 - r0) / k), math.ceil(cols / k)), bool)
    scratch = _Scratch()
    label_ds = gdal.GetDriverByName("MEM").Create("", max(cols, 1), strip + 1, 1, gdal.GDT_Int32)
    if srs is not None:
        label_ds.SetProjection(srs.ExportToWkt())
    pixels_read = 0
    itemsize = gdal.GetDataTypeSize(src.dataset.GetRasterBand(src.data_bands[0]).DataType) // 8
    before = {role: sums[role].count.copy() for role in layers}
    left = gt[0] + c0 * gt[1]
    right = gt[0] + c1 * gt[1]
    for row0 in range(r0, r1 if cols > 0 else r0, strip):
        if is_canceled():
            raise Cancelled()
        progress(100.0 * (row0 - r0) / (r1 - r0))
        core = min(strip, r1 - row0)
        rows = min(core + 1, grid.height - row0)  # one look-ahead row for the texture
        px = _strip_pixels(src, grid, (row0, rows, c0, cols), band_index, index, scratch)
        pixels_read += core * cols * len(src.data_bands)
        top = gt[3] + row0 * gt[5]
        bottom = gt[3] + (row0 + rows) * gt[5]
        label_ds.SetGeoTransform((left, gt[1], 0.0, top, 0.0, gt[5]))
        band = label_ds.GetRasterBand(1)
        rect = (min(left, right), min(top, bottom), max(left, right), max(top, bottom))
        for role, (_, _, layer) in layers.items():
            if not _any_within(bounds[role], rect):
                continue  # no feature of the role in the strip: nothing would be burnt
            band.Fill(0)
            layer.SetSpatialFilterRect(*rect)
            gdal.RasterizeLayer(label_ds, [1], layer, options=["ATTRIBUTE=lab"])
            layer.SetSpatialFilter(None)
            labels = band.ReadAsArray(
                0, 0, cols, rows, buf_obj=scratch.get("labels", rows, cols, np.int32)
            )
            _accumulate(sums[role], labels, px, core, band_index)
        if coarse is not None:
            valid = px.valid[:core]
            pad_r, pad_c = (-core) % k, (-cols) % k
            if pad_r or pad_c:
                valid = np.pad(valid, ((0, pad_r), (0, pad_c)))
            cells = _any_blocks(valid, k)
            at = (row0 - r0) // k
            coarse[at : at + cells.shape[0]] = cells
    if coarse is not None:
        coarse_gt = (left, gt[1] * k, 0.0, gt[3] + r0 * gt[5], 0.0, gt[5] * k)
        footprint = _footprint(coarse, coarse_gt, srs)
    elif cols > 0:
        footprint = extent
    else:
        footprint = shapely.Polygon()
    # the extent's straight edges bend in another CRS: densify before moving
    step = abs(gt[1]) * 64
    footprint = _reproject(np.array([shapely.segmentize(footprint, step)]), to_dataset)[0]
    extent = _reproject(np.array([shapely.segmentize(extent, step)]), to_dataset)[0]
    for role in layers:
        hit = sums[role].count[1:] > before[role][1:]  # valid pixels of this raster
        finer = hit & (src.pixel_m < sums[role].pixel_m[1:])
        sums[role].pixel_m[1:][finer] = src.pixel_m
        sums[role].source[1:][finer] = number
    progress(100.0)
    return _RasterResult(footprint, extent, pixels_read, pixels_read * itemsize)


def _any_blocks(valid: np.ndarray, k: int) -> np.ndarray:
    """Whether each k × k block of ``valid`` (its sides multiples of k) holds a True: k ORs
    of strided rows then of strided columns, ten times faster than ``any(axis=(1, 3))``
    on the 4-D reshape (numpy reduces over two axes pixel by pixel)."""
    rows = valid.reshape(valid.shape[0] // k, k, valid.shape[1])
    merged = rows[:, 0].copy()
    for i in range(1, k):
        merged |= rows[:, i]
    cols = merged.reshape(merged.shape[0], merged.shape[1] // k, k)
    cells = cols[:, :, 0].copy()
    for i in range(1, k):
        cells |= cols[:, :, i]
    return cells


def _any_within(bounds: np.ndarray, rect: tuple[float, float, float, float]) -> bool:
    """Whether any of the (minx, miny, maxx, maxy) boxes meets the rectangle (NaN: none)."""
    return bool(
        np.any(
            (bounds[:, 0] <= rect[2])
            & (bounds[:, 2] >= rect[0])
            & (bounds[:, 1] <= rect[3])
            & (bounds[:, 3] >= rect[1])
        )
    )


def _feature_window(
    shapes: list[np.ndarray], gt: tuple[float, ...], grid: _Grid, k: int
) -> tuple[int, int, int, int]:
    """(col0, row0, col1, row1) of the grid under the features' bounds, clipped to the
    grid, its origin aligned to ``k``; col1 <= col0 when no feature lies on the raster."""
    bounds = [shapely.total_bounds(s[[g is not None for g in s]]) for s in shapes if len(s)]
    bounds = [b for b in bounds if np.isfinite(b).all()]
    if not bounds:
        return 0, 0, 0, 0
    minx, miny = min(b[0] for b in bounds), min(b[1] for b in bounds)
    maxx, maxy = max(b[2] for b in bounds), max(b[3] for b in bounds)
    cols = sorted(((minx - gt[0]) / gt[1], (maxx - gt[0]) / gt[1]))
    rows = sorted(((miny - gt[3]) / gt[5], (maxy - gt[3]) / gt[5]))
    c0 = max(0, math.floor(cols[0])) // k * k
    r0 = max(0, math.floor(rows[0])) // k * k
    c1 = min(grid.width, math.ceil(cols[1]) + 1)
    r1 = min(grid.height, math.ceil(rows[1]) + 1)
    if c1 <= c0 or r1 <= r0:
        return 0, 0, 0, 0
    return c0, r0, c1, r1


def _greenness_index(sources: list[RasterSource]) -> str:
    names = set().union(*(s.band_names for s in sources))
    if {"nir", "red"} <= names:
        return "NDVI"
    if {"red", "green", "blue"} <= names:
        return "ExG"
    return ""


@dataclass
class PassReport:
    """What the pass did, for the log and the benchmark."""

    seconds: float = 0.0
    pixels_read: int = 0
    bytes_read: int = 0
    notes: list[str] = field(default_factory=list)


def compute_imagery(
    dataset: Dataset,
    paths: Sequence[str | Path],
    label: str = "current",
    *,
    dates: dict[str, tuple[str, str]] | None = None,
    target_m: float = STATS_PIXEL_M,
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
    report: PassReport | None = None,
) -> ImageryStats:
    """Per-feature statistics of the rasters (a mosaic of tiles is summed tile by tile;
    the finest raster under a feature gives its pixel size) for every parcel and single-
    layer role of the dataset. ``dates`` maps a path to (ISO date, where it came from)."""
    import time

    started = time.perf_counter()
    progress = progress or (lambda p: None)
    is_canceled = is_canceled or (lambda: False)
    report = report if report is not None else PassReport()
    dataset_crs = _srs(dataset.crs)
    sources = [open_source(p, dataset_crs) for p in paths]
    if not sources:
        raise ImageryError("no raster given")
    for src in sources:
        report.notes.extend(src.notes)
    band_names = [n for n in BAND_ORDER if any(n in s.band_names for s in sources)]
    index = _greenness_index(sources)
    visible = [k for k, name in enumerate(band_names) if name in ("red", "green", "blue", "gray")]
    roles = {
        role: layer.shapes
        for role, layer in dataset.layers.items()
        if role not in SKIP_ROLES and len(layer)
    }
    sums = {role: _Sums(len(shapes), len(band_names)) for role, shapes in roles.items()}
    footprints: dict[str, shapely.Geometry] = {}
    extents: list[shapely.Geometry] = []
    for number, src in enumerate(sources):

        def part(p: float, number: int = number) -> None:
            progress((number + p / 100.0) * 100.0 / len(sources))

        result = _one_raster(
            src, number, roles, sums, band_names, index, dataset_crs, target_m, part, is_canceled
        )
        footprints[src.path] = result.footprint
        extents.append(result.extent)
        report.pixels_read += result.pixels_read
        report.bytes_read += result.bytes_read
    coverage = shapely.union_all(list(footprints.values()))
    shapely.prepare(coverage)
    extent = shapely.union_all(extents)
    shapely.prepare(extent)
    zones = {
        role: _zone(visible, role, roles[role], sums[role], coverage, extent, is_canceled)
        for role in roles
    }
    dates = dates or {}
    stats = ImageryStats(
        label=label,
        sources=[s.path for s in sources],
        band_names=band_names,
        greenness_index=index,
        acquired={s.path: dates.get(s.path, ("", ""))[0] for s in sources},
        date_source={s.path: dates.get(s.path, ("", ""))[1] for s in sources},
        zones=zones,
        footprints=footprints,
    )
    report.seconds = time.perf_counter() - started
    return stats


def _zone(
    visible: list[int],
    role: str,
    shapes: np.ndarray,
    sums: _Sums,
    coverage: shapely.Geometry,
    extent: shapely.Geometry,
    is_canceled: Callable[[], bool],
) -> ZoneStats:
    n = sums.n
    zone = ZoneStats.empty(role, n, sums.sum.shape[1])
    with np.errstate(divide="ignore", invalid="ignore"):
        bc = sums.band_count[1:]
        mean = np.where(bc > 0, sums.sum[1:] / bc, np.nan)
        var = np.where(bc > 0, sums.sq[1:] / bc - mean * mean, np.nan)
        zone.mean = mean
        zone.std = np.sqrt(np.clip(var, 0, None))
        count = sums.count[1:]
        # the mean of the visible bands' means: brightness is linear in the bands
        zone.brightness = mean[:, visible].mean(axis=1) if visible else np.full(n, np.nan)
        zone.greenness = np.where(sums.green_n[1:] > 0, sums.green[1:] / sums.green_n[1:], np.nan)
        zone.texture = np.where(sums.grad_n[1:] > 0, sums.grad[1:] / sums.grad_n[1:], np.nan)
    zone.pixels = count.copy()
    zone.pixel_size_m = np.where(np.isfinite(sums.pixel_m[1:]), sums.pixel_m[1:], np.nan)
    zone.source = sums.source[1:].copy()
    if is_canceled():
        raise Cancelled()
    # coverage: inside the valid footprint (prepared, vectorised) needs no overlay at all
    usable = np.array([s is not None and not s.is_empty for s in shapes], bool)
    rows = np.flatnonzero(usable)
    inside = shapely.contains_properly(coverage, shapes[rows])
    zone.covered[rows[inside]] = 1.0
    rest = rows[~inside]
    if len(rest):
        touching = shapely.intersects(extent, shapes[rest])
        part = shapely.difference(shapely.make_valid(shapes[rest]), coverage)
        areas = shapely.area(shapes[rest])
        with np.errstate(divide="ignore", invalid="ignore"):
            frac = np.clip(1.0 - shapely.area(part) / areas, 0.0, 1.0)
        zone.covered[rest] = np.where(touching, frac, np.nan)
        empty = shapely.is_empty(part)
        zone.uncovered[rest[~empty]] = part[~empty]
    return zone


def imagery_for(
    dataset: Dataset,
    paths: Sequence[str | Path],
    label: str = "current",
    *,
    user_date: str = "",
    pieces: Sequence[tuple[shapely.Geometry, str]] = (),
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
    report: PassReport | None = None,
) -> ImageryStats:
    """The pass, then each raster's acquisition date (see ``imagery_dates``); ``pieces`` are
    (footprint polygon in the dataset's CRS, date text) of a DOM's footprint layer."""
    from landsurvey_plugin.adapters.imagery_dates import acquisition_dates

    stats = compute_imagery(
        dataset, paths, label, progress=progress, is_canceled=is_canceled, report=report
    )
    found = acquisition_dates(stats.sources, user_date, stats.footprints, pieces)
    stats.acquired = {path: found[path][0] for path in stats.sources}
    stats.date_source = {path: found[path][1] for path in stats.sources}
    return stats


_PREVIOUS_NAMES = ("前时相", "上年", "previous", "prev_", "_prev")


def project_imagery(project) -> dict[str, list[str]]:
    """The project's file rasters as imagery: label -> paths.

    A raster layer counts when GDAL reads it from a file and it looks like an image (3+
    bands, or 8-bit): a DEM or a slope grid loaded beside the DOM is not base imagery.
    Layers named like the previous date (前时相, 上年, previous) are the previous imagery.
    """
    from qgis.core import QgsProviderRegistry, QgsRasterLayer

    found: dict[str, list[str]] = {}
    for layer in project.mapLayers().values():
        if not isinstance(layer, QgsRasterLayer) or layer.providerType() != "gdal":
            continue
        path = QgsProviderRegistry.instance().decodeUri("gdal", layer.source()).get("path")
        if not path or not Path(path).is_file():
            continue
        provider = layer.dataProvider()
        eight_bit = provider.dataType(1) == 1  # Qgis.Byte
        if layer.bandCount() < 3 and not eight_bit:
            continue
        name = layer.name().lower()
        label = "previous" if any(k in name for k in _PREVIOUS_NAMES) else "current"
        found.setdefault(label, []).append(path)
    return {label: sorted(paths) for label, paths in found.items()}
