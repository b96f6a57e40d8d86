"""Image chips: a small picture of the imagery under a finding, the feature outlined, and
the previous image beside it when there is one — what a reviewer looks at to judge it.

GDAL reads the chip window (``gdal.Warp`` into memory: any CRS, a mosaic of tiles, the
fitting overview level chosen by GDAL), QImage/QPainter draw the outline and captions, and
the result is a PNG. One small warp per chip is fine here (chips are made for the imagery
findings a reviewer sees, capped by ``limit``); the statistics never read per feature.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import shapely
from osgeo import gdal
from qgis.PyQt.QtCore import QPointF, QRectF, Qt
from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen, QPolygonF

from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.model.imagery_stats import CURRENT, PREVIOUS
from landsurvey_plugin.rules.findings import Finding

gdal.UseExceptions()

CHIP_SIZE = 240  # px per image
CAPTION_PX = 20
GAP_PX = 6
NO_DATA_RGB = (215, 215, 215)  # where no image has valid pixels: visibly "nothing here"
OUTLINE = QColor(255, 224, 0)
HALO = QColor(0, 0, 0, 200)
DEFAULT_LIMIT = 300


def chip_window(geometry: shapely.Geometry, margin: float = 0.35, minimum: float = 40.0):
    """A square window around the geometry with a margin, at least ``minimum`` m wide,
    so that the neighbours show what the feature should be compared with."""
    x0, y0, x1, y1 = shapely.bounds(geometry)
    half = max((x1 - x0), (y1 - y0), minimum) * (0.5 + margin)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - half, cy - half, cx + half, cy + half


def read_window(
    sources: Sequence[str], window: tuple[float, float, float, float], crs_wkt: str, size: int
) -> np.ndarray | None:
    """(size, size, 3) uint8 RGB of the sources over ``window`` (dataset CRS), NO_DATA_RGB
    where none has valid pixels; None when no source can be read there."""
    if not sources:
        return None
    try:
        ds = gdal.Warp(
            "",
            [str(s) for s in sources],
            format="MEM",
            outputBounds=window,
            width=size,
            height=size,
            dstSRS=crs_wkt or None,
            resampleAlg="bilinear",
            dstAlpha=True,
        )
    except RuntimeError:
        return None
    if ds is None:
        return None
    count = ds.RasterCount
    data = ds.ReadAsArray().reshape(count, size, size)
    alpha = data[-1] > 0
    bands = data[:-1]
    rgb = bands[:3] if len(bands) >= 3 else np.repeat(bands[:1], 3, axis=0)
    if rgb.dtype != np.uint8:
        rgb = _stretch(rgb.astype(float), alpha)
    out = np.transpose(rgb, (1, 2, 0)).astype(np.uint8)
    out[~alpha] = NO_DATA_RGB
    return np.ascontiguousarray(out)


def _stretch(values: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """12/16-bit or float imagery to 0..255 by the 2–98 % range of its valid pixels."""
    if not valid.any():
        return np.zeros(values.shape, np.uint8)
    low, high = np.percentile(values[:, valid], [2, 98])
    scaled = (values - low) / max(high - low, 1e-9) * 255.0
    return np.clip(scaled, 0, 255).astype(np.uint8)


def _qimage(rgb: np.ndarray) -> QImage:
    height, width, _ = rgb.shape
    return QImage(rgb.tobytes(), width, height, 3 * width, QImage.Format_RGB888).copy()


def _outline(painter: QPainter, geometry: shapely.Geometry, window, size: int, dx: float) -> None:
    x0, y0, x1, y1 = window
    sx, sy = size / (x1 - x0), size / (y1 - y0)
    path = QPainterPath()
    shape = geometry
    if shape.geom_type in ("Point", "MultiPoint", "LineString", "MultiLineString"):
        shape = shapely.buffer(shape, 1.5 / sx)
    for poly in shapely.get_parts(shape):
        if poly.geom_type != "Polygon":
            continue
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)
            points = [QPointF(dx + (x - x0) * sx, (y1 - y) * sy) for x, y in xy[:, :2]]
            path.addPolygon(QPolygonF(points))
    for colour, width in ((HALO, 4.0), (OUTLINE, 2.0)):
        pen = QPen(colour, width)
        pen.setJoinStyle(Qt.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.NoBrush)
        painter.drawPath(path)


def chip_image(
    geometry: shapely.Geometry,
    current: Sequence[str],
    previous: Sequence[str] | None = None,
    crs_wkt: str = "",
    *,
    size: int = CHIP_SIZE,
    captions: Sequence[str] = (),
) -> QImage | None:
    """The chip: current imagery, then the previous one when given, side by side, the
    geometry outlined on each; a caption under each. None when no imagery covers it."""
    if geometry is None or shapely.is_empty(geometry):
        return None
    window = chip_window(geometry)
    panels = [read_window(current, window, crs_wkt, size)]
    if previous:
        panels.append(read_window(previous, window, crs_wkt, size))
    if all(p is None for p in panels):
        return None
    width = len(panels) * size + (len(panels) - 1) * GAP_PX
    image = QImage(width, size + CAPTION_PX, QImage.Format_RGB32)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.Antialiasing, True)
        font = QFont()
        font.setPixelSize(CAPTION_PX - 6)
        painter.setFont(font)
        for n, rgb in enumerate(panels):
            dx = n * (size + GAP_PX)
            if rgb is None:
                rgb = np.full((size, size, 3), NO_DATA_RGB, np.uint8)
            painter.drawImage(int(dx), 0, _qimage(rgb))
            _outline(painter, geometry, window, size, dx)
            if n < len(captions) and captions[n]:
                painter.setPen(QColor(40, 40, 40))
                rect = QRectF(dx, size, size, CAPTION_PX)
                painter.drawText(rect, int(Qt.AlignCenter), captions[n])
    finally:
        painter.end()
    return image


def write_chip(image: QImage, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        raise LandSurveyError("Cannot write the image chip {path}", path=str(path))
    return path


def chip_name(finding: Finding, n: int) -> str:
    """A file name from the rule and key that any file system accepts."""
    key = re.sub(r"[^0-9A-Za-z_.-]+", "_", finding.feature_key)[:60]
    return f"{n:04d}_{finding.rule}_{key}.png"


def write_chips(
    findings: Iterable[Finding],
    imagery: Mapping[str, Sequence[str]],
    folder: str | Path,
    crs_wkt: str,
    *,
    size: int = CHIP_SIZE,
    captions: Sequence[str] = (),
    limit: int = DEFAULT_LIMIT,
) -> dict[tuple[str, str, str], Path]:
    """A PNG chip per imagery finding with a geometry (at most ``limit``), keyed by the
    finding's identity; the imagery is ``{"current": [...], "previous": [...]}``."""
    current = list(imagery.get(CURRENT, ()))
    previous = list(imagery.get(PREVIOUS, ()))
    if not current and not previous:
        return {}
    captions = list(captions) or [_caption(current), _caption(previous)]
    written: dict[tuple[str, str, str], Path] = {}
    for finding in findings:
        if len(written) >= limit:
            break
        if finding.category != "imagery" or finding.geometry is None:
            continue
        if finding.identity in written:
            continue
        image = chip_image(
            finding.geometry, current, previous, crs_wkt, size=size, captions=captions
        )
        if image is None:
            continue
        path = Path(folder) / chip_name(finding, len(written) + 1)
        written[finding.identity] = write_chip(image, path)
    return written


def _caption(sources: Sequence[str]) -> str:
    if not sources:
        return ""
    name = Path(sources[0]).name
    return name if len(sources) == 1 else f"{name} +{len(sources) - 1}"


def report_chips(
    findings: Iterable[Finding],
    imagery: Mapping[str, Sequence[str]],
    report_path: str | Path,
    crs_wkt: str,
    **options,
) -> dict[tuple[str, str, str], Path]:
    """The chips of a report, in ``<report name>_chips/`` beside it (PNG files saved with
    the report, linked from its HTML)."""
    report_path = Path(report_path)
    folder = report_path.with_name(report_path.stem + "_chips")
    return write_chips(findings, imagery, folder, crs_wkt, **options)
