"""Evidence photo metadata (举证照片, 001:四(四)2): position, azimuth and time from the headers.

Pure (exifread, no Qt). Only headers are read: ``exifread.process_file(details=False)``
(no maker notes, no thumbnail decoding) and, for drones, the XMP packet found in the first
bytes of the file. Image data is never decoded; it is only hashed (``content_hash``).

Every file gives a :class:`PhotoRecord`. When the position cannot be used the record says
exactly why (:class:`Reason`: a stable machine code for rules and tests, plus English text
for people), so a broken photo is listed, never dropped.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

import exifread

# The suffixes a folder scan treats as photos. exifread reads EXIF from JPEG, TIFF (and the
# TIFF-based raws), HEIC/HEIF, PNG and WebP; field apps deliver JPEG, phones also HEIC.
PHOTO_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".jpe", ".tif", ".tiff", ".heic", ".heif", ".png", ".webp"}
)

STATUS_OK = "ok"
STATUS_NO_POSITION = "no_position"
STATUS_NO_DIRECTION = "no_direction"
STATUS_UNREADABLE = "unreadable"

SOURCE_EXIF = "exif"
SOURCE_GIMBAL = "xmp_gimbal"
SOURCE_FLIGHT = "xmp_flight"

# The photos layer's fields (name, type, length; 0 = unbounded): a contract linking, the
# evidence rules, the viewer and the demo generator code against. Keep the names.
PHOTO_FIELDS: tuple[tuple[str, str, int], ...] = (
    ("path", "string", 0),  # absolute path: the key of re-imports
    ("file_name", "string", 255),
    ("content_hash", "string", 40),
    ("lat", "double", 0),
    ("lon", "double", 0),
    ("altitude", "double", 0),
    ("azimuth", "double", 0),
    ("azimuth_ref", "string", 1),  # 'T', 'M' or ''
    ("azimuth_source", "string", 12),  # 'exif', 'xmp_gimbal', 'xmp_flight' or ''
    ("taken_at", "string", 40),  # ISO 8601, with the offset when known
    ("make", "string", 100),
    ("model", "string", 100),
    ("orientation", "int", 0),
    ("status", "string", 16),  # 'ok', 'no_position', 'no_direction', 'unreadable'
    ("reason", "string", 0),  # 'code: text' of each issue, '; '-separated
)

HEAD_BYTES = 256 * 1024  # the XMP packet of DJI JPEGs sits after the EXIF APP1 (<64 KiB)
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Reason:
    """Why a photo's position (or time) cannot be used: a code for code, a text for people."""

    code: str
    text: str

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"


@dataclass
class PhotoRecord:
    """What one file says about where, which way and when it was taken.

    ``lat``/``lon`` are set only when usable (decimal degrees, WGS 84 / CGCS2000 as the
    receiver reports them); otherwise ``reason`` tells why. ``time_issue`` is separate: a
    photo can be well placed but carry an unreadable timestamp.
    """

    path: str
    file_name: str
    format: str = ""
    content_hash: str = ""
    lat: float | None = None
    lon: float | None = None
    altitude: float | None = None
    azimuth: float | None = None
    azimuth_ref: str = ""  # 'T' true north, 'M' magnetic north, '' not stated
    azimuth_source: str = ""  # 'exif', 'xmp_gimbal', 'xmp_flight' or ''
    taken_at: str | None = None  # ISO 8601, with the offset when the file states it
    make: str = ""
    model: str = ""
    orientation: int | None = None
    status: str = STATUS_NO_POSITION
    reason: Reason | None = None
    time_issue: Reason | None = None
    tags: int = 0  # number of EXIF tags exifread found (0: no EXIF)

    @property
    def has_position(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def reason_text(self) -> str:
        """The ``reason`` field: every issue as 'code: text', the position's first."""
        return "; ".join(str(r) for r in (self.reason, self.time_issue) if r is not None)

    def attributes(self) -> dict[str, object]:
        """The values of :data:`PHOTO_FIELDS` (None for NULL)."""
        return {
            "path": self.path,
            "file_name": self.file_name,
            "content_hash": self.content_hash or None,
            "lat": self.lat,
            "lon": self.lon,
            "altitude": self.altitude,
            "azimuth": self.azimuth,
            "azimuth_ref": self.azimuth_ref,
            "azimuth_source": self.azimuth_source,
            "taken_at": self.taken_at,
            "make": self.make,
            "model": self.model,
            "orientation": self.orientation,
            "status": self.status,
            "reason": self.reason_text,
        }


class _Unusable(Exception):
    """The GPS block is there but cannot give a position."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(text)
        self.reason = Reason(code, text)


# ---------------------------------------------------------------- file format sniffing


def sniff_format(head: bytes) -> str:
    """The container format from its magic bytes ('' when not an image we know).

    Done by hand because it needs only the first 16 bytes we already hold; a library
    (imghdr is deprecated, Pillow would open the image) adds nothing here.
    """
    if head[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"IIU\x00", b"IIRO", b"IIRS", b"II+\x00"):
        return "tiff"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif"):
            return "heic"
        return "isobmff"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:2] == b"\xff\x0a" or head[:12] == b"\x00\x00\x00\x0cJXL \r\n\x87\n":
        return "jxl"
    if head[:15] == b"FUJIFILMCCD-RAW" or head[:4] in (b"FOVb", b"\x00MRM"):
        return "raw"
    return ""


# ---------------------------------------------------------------- content hash


def jpeg_data_offset(fh: BinaryIO) -> int:
    """Offset of the first JPEG segment after the metadata (APPn and COM) segments."""
    fh.seek(2)
    offset = 2
    while True:
        marker = fh.read(4)
        if len(marker) < 4 or marker[0] != 0xFF:
            return offset
        kind = marker[1]
        if not (0xE0 <= kind <= 0xEF or kind == 0xFE):
            return offset
        offset += 2 + int.from_bytes(marker[2:4], "big")
        fh.seek(offset)


def content_hash(fh: BinaryIO, start: int = 0) -> str:
    """SHA-1 of the image content, read in 1 MiB chunks.

    For JPEG the metadata segments (APP0–APP15: JFIF, EXIF, XMP, ICC…; COM) are skipped and
    the rest — quantisation and Huffman tables, frame header, compressed scan — is hashed.
    Why: the evidence rules look for one picture reused for several parcels (seed 002/004,
    弄虚作假); such a copy is usually re-tagged with a new position or time, which rewrites
    the EXIF but not the compressed pixels, so it must hash the same. The other formats
    have no cheap, stable split between tags and pixels: the whole file is hashed.
    SHA-1 is for identity, not security; hashing runs at disk-cache speed (hundreds of
    MB/s), far below the cost of the EXIF parse for the ~50–200 KB field photos.
    """
    fh.seek(start)
    digest = hashlib.sha1(usedforsecurity=False)
    while chunk := fh.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------- XMP (drones)

_XMP_RE = re.compile(rb"<x:xmpmeta.*?</x:xmpmeta>", re.S)


def _xmp_number(xmp: bytes, name: str) -> float | None:
    """``drone-dji:Name="-12.3"`` (attribute) or ``<drone-dji:Name>-12.3</…>`` (element)."""
    pattern = rb"drone-dji:" + name.encode() + rb"""\s*(?:=\s*["']|>)\s*([+-]?[0-9.]+)"""
    found = re.search(pattern, xmp)
    if found is None:
        return None
    try:
        value = float(found.group(1))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def xmp_yaw(head: bytes) -> tuple[float, str] | None:
    """Drone yaw from the XMP packet: the gimbal's when present (where the camera looks),
    else the aircraft's; normalised to 0–360°."""
    packet = _XMP_RE.search(head)
    if packet is None:
        return None
    for name, source in (("GimbalYawDegree", SOURCE_GIMBAL), ("FlightYawDegree", SOURCE_FLIGHT)):
        value = _xmp_number(packet.group(0), name)
        if value is not None:
            return value % 360.0, source
    return None


# ---------------------------------------------------------------- EXIF values


def _text(tags: dict, key: str) -> str:
    tag = tags.get(key)
    if tag is None:
        return ""
    values = tag.values
    if isinstance(values, bytes):
        values = values.decode("ascii", "replace")
    return str(values).strip().strip("\x00").strip()


def _ratio(value) -> float:
    den = getattr(value, "den", 1)
    if den == 0:
        raise ZeroDivisionError
    return float(value)


def _coordinate(tags: dict, axis: str) -> float:
    """Decimal degrees of GPSLatitude/GPSLongitude with its hemisphere ref."""
    name = "Latitude" if axis == "lat" else "Longitude"
    limit = 90.0 if axis == "lat" else 180.0
    tag = tags[f"GPS GPS{name}"]
    values = list(tag.values) if isinstance(tag.values, list) else [tag.values]
    if not values or len(values) > 3:
        raise _Unusable("bad_gps_value", f"GPS{name} has {len(values)} values, expected 1 to 3")
    if any(getattr(v, "den", 1) == 0 for v in values):
        raise _Unusable(
            "zero_denominator",
            f"GPS{name} has a zero denominator (0/0 is how some cameras write 'no fix')",
        )
    try:
        parts = [_ratio(v) for v in values] + [0.0, 0.0]
    except (TypeError, ValueError) as exc:
        raise _Unusable("bad_gps_value", f"GPS{name} is not a number: {exc}") from exc
    degrees, minutes, seconds = parts[:3]
    if min(degrees, minutes, seconds) < 0 or minutes >= 60 or seconds >= 60:
        raise _Unusable(
            "out_of_range",
            f"GPS{name} {degrees:g}° {minutes:g}' {seconds:g}\" is not a valid "
            "degrees-minutes-seconds value",
        )
    value = degrees + minutes / 60.0 + seconds / 3600.0
    if value > limit:
        raise _Unusable("out_of_range", f"GPS{name} {value:.6f}° is beyond ±{limit:g}°")
    ref = _text(tags, f"GPS GPS{name}Ref").upper()[:1]
    allowed = ("N", "S") if axis == "lat" else ("E", "W")
    if ref not in allowed:
        shown = repr(ref) if ref else "missing"
        raise _Unusable(
            "bad_gps_ref",
            f"GPS{name}Ref is {shown} (expected {' or '.join(allowed)}): hemisphere unknown",
        )
    return -value if ref in ("S", "W") else value


def read_position(tags: dict) -> tuple[float, float, float | None]:
    """lat, lon, altitude from the GPS IFD; raises :class:`_Unusable` with the reason."""
    gps = [k for k in tags if k.startswith("GPS ")]
    if not gps:
        raise _Unusable("no_gps", "the EXIF has no GPS block")
    has_lat, has_lon = "GPS GPSLatitude" in tags, "GPS GPSLongitude" in tags
    if not has_lat and not has_lon:
        present = ", ".join(sorted(k[4:] for k in gps))
        raise _Unusable("gps_empty", f"the GPS block has no latitude or longitude ({present})")
    if has_lat and not has_lon:
        raise _Unusable("lat_without_lon", "the GPS block has a latitude but no longitude")
    if has_lon and not has_lat:
        raise _Unusable("lon_without_lat", "the GPS block has a longitude but no latitude")
    lat = _coordinate(tags, "lat")
    lon = _coordinate(tags, "lon")
    if lat == 0.0 and lon == 0.0:
        raise _Unusable(
            "null_island", "the GPS position is exactly 0°, 0° (a receiver without fix)"
        )
    altitude = None
    if "GPS GPSAltitude" in tags:
        try:
            altitude = _ratio(tags["GPS GPSAltitude"].values[0])
        except (ZeroDivisionError, TypeError, ValueError, IndexError):
            altitude = None
        ref = tags.get("GPS GPSAltitudeRef")
        if altitude is not None and ref is not None and list(ref.values)[:1] == [1]:
            altitude = -altitude  # 1: below sea level
    return lat, lon, altitude


def read_direction(tags: dict) -> tuple[float, str] | None:
    """GPSImgDirection (degrees, 0–360) and its ref 'T'/'M' ('' when the file omits it)."""
    tag = tags.get("GPS GPSImgDirection")
    if tag is None:
        return None
    try:
        value = _ratio(tag.values[0])
    except (ZeroDivisionError, TypeError, ValueError, IndexError):
        return None
    if not math.isfinite(value) or not 0.0 <= value <= 360.0:
        return None
    ref = _text(tags, "GPS GPSImgDirectionRef").upper()[:1]
    return value % 360.0, ref if ref in ("T", "M") else ""


_OFFSET_RE = re.compile(r"^[+-]\d\d:\d\d$")


def read_time(tags: dict) -> tuple[str | None, Reason | None]:
    """ISO 8601 of DateTimeOriginal (+ SubSecTimeOriginal, OffsetTimeOriginal).

    Falls back to the IFD0 DateTime when a camera writes no DateTimeOriginal (old TIFF
    writers do), as exiftool does. Without OffsetTimeOriginal the offset is derived from
    the GPS UTC stamp when there is one (:func:`gps_offset`); else the time is the camera's
    local time without offset.
    """
    raw = _text(tags, "EXIF DateTimeOriginal")
    sub, offset = _text(tags, "EXIF SubSecTimeOriginal"), _text(tags, "EXIF OffsetTimeOriginal")
    if not raw:
        raw = _text(tags, "Image DateTime")
        sub, offset = _text(tags, "EXIF SubSecTime"), _text(tags, "EXIF OffsetTime")
    if not raw:
        return None, Reason("no_time", "the EXIF has no DateTimeOriginal or DateTime")
    try:
        stamp = datetime.strptime(raw[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None, Reason("bad_time", f"the EXIF time {raw!r} is not a valid date and time")
    text = stamp.isoformat()
    if sub.isdigit():  # milliseconds, always three digits: every ISO reader takes them
        text += "." + (sub + "00")[:3]
    if _OFFSET_RE.match(offset):
        text += offset
    else:
        text += gps_offset(tags, stamp)
    return text, None


def gps_offset(tags: dict, local: datetime) -> str:
    """'+08:00' from the camera's local time minus GPSDateStamp/GPSTimeStamp (UTC), or ''.

    The GPS stamp is the time of the fix, which can lag the shutter: the difference must
    lie within 2 minutes of a whole quarter hour (every UTC offset in use is one) and
    within ±14 h, else no offset is claimed.
    """
    date, stamp = _text(tags, "GPS GPSDate"), tags.get("GPS GPSTimeStamp")
    if not date or stamp is None:
        return ""
    try:
        hours, minutes, seconds = (_ratio(v) for v in list(stamp.values)[:3])
        utc = datetime.strptime(date[:10], "%Y:%m:%d") + timedelta(
            hours=hours, minutes=minutes, seconds=seconds
        )
    except (ZeroDivisionError, TypeError, ValueError, OverflowError):
        return ""
    delta = (local - utc).total_seconds()
    quarters = round(delta / 900)
    if abs(delta - quarters * 900) > 120 or abs(quarters) > 14 * 4:
        return ""
    sign, total = ("+" if quarters >= 0 else "-"), abs(quarters) * 15
    return f"{sign}{total // 60:02d}:{total % 60:02d}"


def _orientation(tags: dict) -> int | None:
    tag = tags.get("Image Orientation")
    try:
        value = int(next(iter(tag.values))) if tag is not None else None
    except (TypeError, ValueError, IndexError):
        return None
    return value if value is not None and 1 <= value <= 8 else None


# ---------------------------------------------------------------- one file


def read_photo(path: str | Path) -> PhotoRecord:
    """Read one file's headers into a record; never raises for a bad file."""
    path = Path(path)
    record = PhotoRecord(path=str(path.absolute()), file_name=path.name)
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
            _fill(record, fh, head)
    except FileNotFoundError:
        _unreadable(record, "file_missing", "the file does not exist")
    except IsADirectoryError:
        _unreadable(record, "not_a_file", "the path is a folder, not a file")
    except OSError as exc:
        _unreadable(record, "unreadable", f"the file cannot be read: {exc.strerror or exc}")
    return record


def _unreadable(record: PhotoRecord, code: str, text: str) -> None:
    record.status = STATUS_UNREADABLE
    record.reason = Reason(code, text)


def _fill(record: PhotoRecord, fh: BinaryIO, head: bytes) -> None:
    if not head:
        _unreadable(record, "empty_file", "the file is empty (0 bytes)")
        return
    record.format = sniff_format(head[:16])
    if not record.format:
        _unreadable(record, "not_an_image", "not an image file (no JPEG/TIFF/HEIC signature)")
        return
    start = jpeg_data_offset(fh) if record.format == "jpeg" else 0
    if start >= fh.seek(0, 2):
        # exifread would read past the end as zeros and report a 0/0 position: say what it is
        size = fh.tell()
        _unreadable(
            record, "truncated", f"the file ends inside its metadata ({size} bytes): truncated"
        )
        return
    record.content_hash = content_hash(fh, start)
    fh.seek(0)
    try:
        tags = exifread.process_file(fh, details=False, extract_thumbnail=False)
    except Exception as exc:  # exifread raises anything on a broken header
        kind = type(exc).__name__
        _unreadable(record, "bad_header", f"the {record.format} header is corrupt ({kind}: {exc})")
        return
    record.tags = len(tags)
    record.make = _text(tags, "Image Make")
    record.model = _text(tags, "Image Model")
    record.orientation = _orientation(tags)
    if tags:
        record.taken_at, record.time_issue = read_time(tags)
    try:
        if not tags:
            raise _Unusable("no_exif", f"the {record.format} file has no EXIF metadata")
        record.lat, record.lon, record.altitude = read_position(tags)
    except _Unusable as unusable:
        record.status, record.reason = STATUS_NO_POSITION, unusable.reason
    direction = read_direction(tags)
    if direction is not None:
        record.azimuth, record.azimuth_ref = direction
        record.azimuth_source = SOURCE_EXIF
    else:
        yaw = xmp_yaw(head)
        if yaw is not None:
            # DJI yaw: degrees from north as the flight controller reports it; the reference
            # (true or magnetic) is not written, so it stays ''.
            record.azimuth, record.azimuth_source = yaw
    if record.has_position:
        if record.azimuth is None:
            record.status = STATUS_NO_DIRECTION
            record.reason = Reason(
                "no_direction", "no GPSImgDirection and no drone yaw in XMP: direction unknown"
            )
        else:
            record.status = STATUS_OK


# ---------------------------------------------------------------- folders


@dataclass
class ScanResult:
    """The photo files under a folder, and how many other files were passed over."""

    photos: list[Path] = field(default_factory=list)
    other_files: int = 0


def scan_folder(folder: str | Path) -> ScanResult:
    """Photo files under ``folder`` (recursive, sorted, hidden folders skipped)."""
    result = ScanResult()
    for path in sorted(Path(folder).rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if not path.is_file():
            continue
        if path.suffix.lower() in PHOTO_SUFFIXES:
            result.photos.append(path)
        else:
            result.other_files += 1
    return result


def read_photos(paths: Iterable[str | Path]) -> Iterator[PhotoRecord]:
    for path in paths:
        yield read_photo(path)
