"""When was each raster acquired: the user's date, a footprint layer, a sidecar, or metadata.

Precedence, most deliberate first: a date the user entered (it overrides everything), the
date field of a DOM mosaic's footprint layer (镶嵌线/接边 polygons carry the date of each
piece; a raster gets the oldest date of the pieces over it: the stale piece decides), a
sidecar file written by whoever delivered the image, then GDAL metadata that names an
acquisition (ACQUISITION_DATE, IMD's FIRSTLINETIME…), and last TIFFTAG_DATETIME, which the
TIFF standard defines as the file's creation time and is only a fallback.

Sidecar format (documented in the user guide): next to ``dom.tif`` either ``dom.json`` or
``dom.tif.json`` holding an object with an ``acquired`` (or ``acquisition_date``, ``date``)
string, e.g. ``{"acquired": "2024-10-15"}``; or ``dom.txt`` / ``dom.tif.txt`` whose first
date (``2024-10-15``, ``2024/10/15``, ``20241015`` or ``2024年10月15日``) is taken.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import shapely
from osgeo import gdal

gdal.UseExceptions()

# GDAL metadata items that name an acquisition, by domain ("" is the default domain)
_METADATA_KEYS = (
    ("", "ACQUISITION_DATE"),
    ("", "ACQUISITIONDATE"),
    ("", "DATE_ACQUIRED"),
    ("", "ACQUISITION_START_TIME"),
    ("", "SENSING_TIME"),
    ("", "PRODUCT_START_TIME"),
    ("IMAGERY", "ACQUISITIONDATETIME"),  # GDAL's normalised IMD/RPB/DIMAP reading
    ("IMD", "IMAGE_1.FIRSTLINETIME"),
)
_SIDECAR_KEYS = ("acquired", "acquisition_date", "date")
_DATE = re.compile(r"(\d{4})\s*[-/.:年]\s*(\d{1,2})\s*[-/.:月]\s*(\d{1,2})|(\d{4})(\d{2})(\d{2})")


class DateError(ValueError):
    """A date that cannot be read, with the text that was given."""


def parse_date(text: str) -> str:
    """The first date in ``text`` as ISO ``YYYY-MM-DD``; '' when there is none."""
    for match in _DATE.finditer(text or ""):
        parts = match.groups()
        y, m, d = (parts[0], parts[1], parts[2]) if parts[0] else (parts[3], parts[4], parts[5])
        try:
            return date(int(y), int(m), int(d)).isoformat()
        except ValueError:
            continue
    return ""


def user_date(text: str) -> str:
    """A date the user typed, strictly: a clear error rather than a silently wrong date."""
    iso = parse_date(text)
    if not iso:
        raise DateError(f"{text!r} is not a date (write it as YYYY-MM-DD)")
    return iso


def sidecar_date(path: str | Path) -> str:
    path = Path(path)
    for candidate in (path.with_suffix(".json"), Path(f"{path}.json")):
        if candidate.is_file():
            try:
                data = json.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict):
                for key in _SIDECAR_KEYS:
                    iso = parse_date(str(data.get(key, "")))
                    if iso:
                        return iso
    for candidate in (path.with_suffix(".txt"), Path(f"{path}.txt")):
        if candidate.is_file():
            try:
                iso = parse_date(candidate.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
            if iso:
                return iso
    return ""


def metadata_date(path: str | Path) -> tuple[str, str]:
    """(ISO date, 'gdal_metadata' | 'tiff_datetime') from the raster's own metadata."""
    try:
        ds = gdal.Open(str(path))
    except RuntimeError:
        return "", ""
    for domain, key in _METADATA_KEYS:
        iso = parse_date(ds.GetMetadataItem(key, domain) or "")
        if iso:
            return iso, "gdal_metadata"
    iso = parse_date(ds.GetMetadataItem("TIFFTAG_DATETIME") or "")
    return (iso, "tiff_datetime") if iso else ("", "")


def footprint_date(extent: shapely.Geometry, pieces: Sequence[tuple[shapely.Geometry, str]]) -> str:
    """The oldest date of the footprint pieces over the raster (both in one CRS)."""
    dates = [
        iso
        for geom, text in pieces
        if geom is not None and (iso := parse_date(text)) and geom.intersects(extent)
    ]
    return min(dates) if dates else ""


def acquisition_dates(
    paths: Sequence[str | Path],
    user: str = "",
    extents: dict[str, shapely.Geometry] | None = None,
    pieces: Sequence[tuple[shapely.Geometry, str]] = (),
) -> dict[str, tuple[str, str]]:
    """path -> (ISO date or '', where it came from), by the precedence of the module doc."""
    given = user_date(user) if user.strip() else ""
    found: dict[str, tuple[str, str]] = {}
    for path in map(str, paths):
        if given:
            found[path] = (given, "user")
            continue
        extent = (extents or {}).get(path)
        iso = footprint_date(extent, pieces) if extent is not None and pieces else ""
        if iso:
            found[path] = (iso, "footprint")
            continue
        iso = sidecar_date(path)
        found[path] = (iso, "sidecar") if iso else metadata_date(path)
    return found


# names a footprint layer's date field goes by, upper case (后时相 HSX of the national
# monitoring parcels, 时相, 拍摄/获取日期, and the usual English ones)
_DATE_FIELDS = ("HSX", "SX", "时相", "获取日期", "拍摄日期", "日期", "ACQ_DATE", "ACQUIRED", "DATE")


def date_field(fields) -> str | None:
    """The footprint layer's date field: a Date/DateTime field, else a known name."""
    from qgis.PyQt.QtCore import QVariant

    for f in fields:
        if f.type() in (QVariant.Date, QVariant.DateTime):
            return f.name()
    names = {f.name().upper(): f.name() for f in fields}
    return next((names[n] for n in _DATE_FIELDS if n in names), None)


def footprint_pieces(source, dataset_wkt: str, context, field: str | None = None):
    """(polygon in the dataset's CRS, date text) of a DOM's footprint layer (a QGIS feature
    source); a clear DateError when no date field can be found."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform

    from landsurvey_plugin.adapters.geometry import to_shapely

    name = field or date_field(source.fields())
    if not name or source.fields().indexOf(name) < 0:
        raise DateError(
            "the footprint layer has no date field (a Date field, or one named "
            + ", ".join(_DATE_FIELDS)
            + ")"
        )
    target = QgsCoordinateReferenceSystem.fromWkt(dataset_wkt)
    transform = None
    if source.sourceCrs().isValid() and target.isValid() and source.sourceCrs() != target:
        transform = QgsCoordinateTransform(source.sourceCrs(), target, context)
    geometries, dates = [], []
    for feature in source.getFeatures():
        value = feature[name]
        if hasattr(value, "toString") and not isinstance(value, str):
            value = value.toString("yyyy-MM-dd")
        geometries.append(feature.geometry())
        dates.append("" if value is None else str(value))
    shapes, _ = to_shapely(geometries, transform)
    return [(shape, text) for shape, text in zip(shapes, dates) if shape is not None]
