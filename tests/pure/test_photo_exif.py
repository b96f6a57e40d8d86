"""EXIF reading of evidence photos on real JPEG files and on the real photo corpus.

The small JPEGs are written here with Pillow and piexif (the same writers the demo
generator uses) so each test controls one header detail; the corpus
(``/work/shared/corpora/photos``, 290 files from cameras, phones, raws and broken files)
checks the reader against what ``manifest.csv`` lists for every file.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import piexif
import pytest
from PIL import Image

from landsurvey_plugin.model.photo_exif import (
    SOURCE_EXIF,
    SOURCE_FLIGHT,
    SOURCE_GIMBAL,
    STATUS_NO_DIRECTION,
    STATUS_NO_POSITION,
    STATUS_OK,
    STATUS_UNREADABLE,
    read_photo,
    scan_folder,
)

ROOT = Path(__file__).resolve().parents[2]
CORPUS = next(
    (
        p / "photos"
        for p in (
            Path(os.environ.get("LANDSURVEY_CORPORA", "/nonexistent")),
            ROOT.parent / "shared" / "corpora",
            Path("/work/shared/corpora"),
        )
        if (p / "photos" / "manifest.csv").is_file()
    ),
    None,
)
MANIFEST = list(csv.DictReader((CORPUS / "manifest.csv").open(encoding="utf-8"))) if CORPUS else []

# what a manifest note promises -> the reason codes that say the same thing
G = piexif.GPSIFD
NOTE_CODES = {
    "no EXIF found": {"no_exif", "not_an_image", "empty_file", "bad_header"},
    "GPS IFD present without lat/lon": {"gps_empty", "lat_without_lon", "lon_without_lat"},
    "zero denominator": {"zero_denominator"},
}


def dms(value: float) -> tuple[tuple[int, int], ...]:
    value = abs(value)
    d = int(value)
    m = int((value - d) * 60)
    s = round((value - d - m / 60) * 3600 * 10000)
    return ((d, 1), (m, 1), (s, 10000))


def jpeg(
    path: Path,
    gps: dict | None = None,
    exif: dict | None = None,
    colour: tuple[int, int, int] = (90, 140, 60),
    orientation: int | None = None,
) -> Path:
    zeroth = {piexif.ImageIFD.Make: "DemoMake", piexif.ImageIFD.Model: "Phone X"}
    if orientation:
        zeroth[piexif.ImageIFD.Orientation] = orientation
    data = piexif.dump({"0th": zeroth, "Exif": exif or {}, "GPS": gps or {}, "1st": {}})
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG", quality=85, exif=data)
    path.write_bytes(buffer.getvalue())
    return path


def full_gps(lat: float = 26.5825, lon: float = 106.7125, azimuth=(12345, 100)) -> dict:
    gps = {
        piexif.GPSIFD.GPSLatitudeRef: "N" if lat >= 0 else "S",
        piexif.GPSIFD.GPSLatitude: dms(lat),
        piexif.GPSIFD.GPSLongitudeRef: "E" if lon >= 0 else "W",
        piexif.GPSIFD.GPSLongitude: dms(lon),
        piexif.GPSIFD.GPSAltitudeRef: 0,
        piexif.GPSIFD.GPSAltitude: (107525, 100),
    }
    if azimuth is not None:
        gps[piexif.GPSIFD.GPSImgDirectionRef] = "T"
        gps[piexif.GPSIFD.GPSImgDirection] = azimuth
    return gps


def with_xmp(path: Path, xmp: str) -> Path:
    """Insert an XMP APP1 segment after the EXIF one, where DJI cameras put it."""
    data = path.read_bytes()
    packet = b"http://ns.adobe.com/xap/1.0/\x00" + xmp.encode()
    segment = b"\xff\xe1" + (len(packet) + 2).to_bytes(2, "big") + packet
    exif_len = int.from_bytes(data[4:6], "big")  # APP1 EXIF right after SOI
    cut = 4 + exif_len
    path.write_bytes(data[:cut] + segment + data[cut:])
    return path


def test_full_header(tmp_path):
    exif = {
        piexif.ExifIFD.DateTimeOriginal: "2024:10:16 09:07:31",
        piexif.ExifIFD.SubSecTimeOriginal: "250",
        piexif.ExifIFD.OffsetTimeOriginal: "+08:00",
    }
    rec = read_photo(jpeg(tmp_path / "a.jpg", full_gps(), exif, orientation=6))
    assert rec.status == STATUS_OK and rec.reason is None
    assert rec.lat == pytest.approx(26.5825, abs=1e-7)
    assert rec.lon == pytest.approx(106.7125, abs=1e-7)
    assert rec.altitude == pytest.approx(1075.25)
    assert (rec.azimuth, rec.azimuth_ref, rec.azimuth_source) == (123.45, "T", SOURCE_EXIF)
    assert rec.taken_at == "2024-10-16T09:07:31.250+08:00"
    assert (rec.make, rec.model, rec.orientation, rec.format) == ("DemoMake", "Phone X", 6, "jpeg")
    assert rec.path == str(tmp_path / "a.jpg") and rec.file_name == "a.jpg"


@pytest.mark.parametrize(
    ("utc", "offset"),
    [
        (((1, 1), (7, 1), (29, 1)), "+08:00"),  # fix 2 s before the shutter
        (((14, 1), (37, 1), (31, 1)), "-05:30"),  # half-hour zones too
        (((0, 1), (57, 1), (31, 1)), ""),  # fix 10 min stale: no offset claimed
    ],
)
def test_offset_from_gps_utc(tmp_path, utc, offset):
    """Without OffsetTimeOriginal the GPS UTC stamp gives the offset, when it is trustworthy."""
    gps = full_gps()
    gps[piexif.GPSIFD.GPSDateStamp] = "2024:10:16"
    gps[piexif.GPSIFD.GPSTimeStamp] = utc
    exif = {
        piexif.ExifIFD.DateTimeOriginal: "2024:10:16 09:07:31",
        piexif.ExifIFD.SubSecTimeOriginal: "7",
    }
    rec = read_photo(jpeg(tmp_path / "t.jpg", gps, exif))
    assert rec.taken_at == "2024-10-16T09:07:31.700" + offset


def test_southern_western_below_sea_magnetic(tmp_path):
    gps = full_gps(-33.8568, -70.25)
    gps[piexif.GPSIFD.GPSAltitudeRef] = 1
    gps[piexif.GPSIFD.GPSImgDirectionRef] = "M"
    rec = read_photo(jpeg(tmp_path / "s.jpg", gps))
    assert rec.lat == pytest.approx(-33.8568, abs=1e-7)
    assert rec.lon == pytest.approx(-70.25, abs=1e-7)
    assert rec.altitude == pytest.approx(-1075.25)
    assert rec.azimuth_ref == "M"
    assert rec.taken_at is None and rec.time_issue.code == "no_time"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda g: g.clear(), "no_gps"),
        (lambda g: g.update({G.GPSLatitude: ((26, 0), (0, 1), (0, 1))}), "zero_denominator"),
        (lambda g: g.pop(G.GPSLongitude), "lat_without_lon"),
        (lambda g: g.pop(G.GPSLatitude), "lon_without_lat"),
        (lambda g: [g.pop(G.GPSLatitude), g.pop(G.GPSLongitude)], "gps_empty"),
        (lambda g: g.update({G.GPSLatitude: ((95, 1), (0, 1), (0, 1))}), "out_of_range"),
        (lambda g: g.update({G.GPSLongitude: ((106, 1), (75, 1), (0, 1))}), "out_of_range"),
        (lambda g: g.pop(G.GPSLatitudeRef), "bad_gps_ref"),
        (
            lambda g: g.update({G.GPSLatitude: ((0, 1),) * 3, G.GPSLongitude: ((0, 1),) * 3}),
            "null_island",
        ),
    ],
)
def test_unusable_position_has_its_reason(tmp_path, change, code):
    gps = full_gps()
    change(gps)
    rec = read_photo(jpeg(tmp_path / "bad.jpg", gps))
    assert rec.status == STATUS_NO_POSITION
    assert rec.lat is None and rec.lon is None
    assert rec.reason.code == code and rec.reason.text
    if code != "no_gps":  # the direction is still read: the viewer can show it
        assert rec.azimuth == pytest.approx(123.45)


def test_no_direction(tmp_path):
    rec = read_photo(jpeg(tmp_path / "n.jpg", full_gps(azimuth=None)))
    assert rec.status == STATUS_NO_DIRECTION and rec.reason.code == "no_direction"
    assert rec.lat is not None and rec.azimuth is None and rec.azimuth_source == ""


@pytest.mark.parametrize(
    ("xmp", "azimuth", "source"),
    [
        (
            '<rdf:Description drone-dji:GimbalYawDegree="-91.30"'
            ' drone-dji:FlightYawDegree="+12.5"/>',
            268.7,
            SOURCE_GIMBAL,
        ),
        ('<rdf:Description drone-dji:FlightYawDegree="+12.5"/>', 12.5, SOURCE_FLIGHT),
        ("<drone-dji:GimbalYawDegree>45.0</drone-dji:GimbalYawDegree>", 45.0, SOURCE_GIMBAL),
    ],
)  # fmt: skip
def test_drone_yaw_from_xmp(tmp_path, xmp, azimuth, source):
    packet = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:drone-dji="http://www.dji.com/drone-dji/1.0/">' + xmp + "</rdf:RDF></x:xmpmeta>"
    )
    path = with_xmp(jpeg(tmp_path / "dji.jpg", full_gps(azimuth=None)), packet)
    rec = read_photo(path)
    assert rec.status == STATUS_OK
    assert rec.azimuth == pytest.approx(azimuth) and rec.azimuth_source == source
    assert rec.azimuth_ref == ""
    with Image.open(path) as img:  # the segment keeps the file a valid JPEG
        img.load()


def test_exif_direction_wins_over_xmp(tmp_path):
    packet = '<x:xmpmeta><rdf:Description drone-dji:GimbalYawDegree="10"/></x:xmpmeta>'
    rec = read_photo(with_xmp(jpeg(tmp_path / "d.jpg", full_gps()), packet))
    assert (rec.azimuth, rec.azimuth_source) == (123.45, SOURCE_EXIF)


def test_content_hash_survives_retagging(tmp_path):
    """A copy re-tagged with another position has the same content hash; another picture not."""
    original = jpeg(tmp_path / "o.jpg", full_gps())
    copy = tmp_path / "copy.jpg"
    copy.write_bytes(original.read_bytes())
    piexif.insert(piexif.dump({"GPS": full_gps(30.0, 110.0, (5, 1))}), str(copy))
    other = jpeg(tmp_path / "x.jpg", full_gps(), colour=(10, 20, 200))
    a, b, c = read_photo(original), read_photo(copy), read_photo(other)
    assert b.lat == pytest.approx(30.0, abs=1e-7)  # really re-tagged
    assert original.read_bytes() != copy.read_bytes()
    assert a.content_hash == b.content_hash
    assert a.content_hash != c.content_hash and len(a.content_hash) == 40


def test_broken_files(tmp_path):
    good = jpeg(tmp_path / "g.jpg", full_gps()).read_bytes()
    (tmp_path / "cut.jpg").write_bytes(good[:160])
    (tmp_path / "empty.jpg").write_bytes(b"")
    (tmp_path / "text.jpg").write_text("not a photo", encoding="utf-8")
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG")
    (tmp_path / "bare.jpg").write_bytes(buffer.getvalue())
    codes = {
        name: read_photo(tmp_path / name)
        for name in ("cut.jpg", "empty.jpg", "text.jpg", "bare.jpg", "gone.jpg")
    }
    assert codes["cut.jpg"].reason.code == "truncated"
    assert codes["empty.jpg"].reason.code == "empty_file"
    assert codes["text.jpg"].reason.code == "not_an_image"
    assert codes["bare.jpg"].reason.code == "no_exif"
    assert codes["gone.jpg"].reason.code == "file_missing"
    assert codes["gone.jpg"].status == STATUS_UNREADABLE
    assert all(not r.has_position for r in codes.values())


def test_scan_folder_is_recursive_and_counts_the_rest(tmp_path):
    jpeg(tmp_path / "a.JPG", full_gps())
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    jpeg(tmp_path / "sub" / "deeper" / "b.jpeg", full_gps())
    (tmp_path / "sub" / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".thumbs").mkdir()
    jpeg(tmp_path / ".thumbs" / "c.jpg", full_gps())
    found = scan_folder(tmp_path)
    assert [p.name for p in found.photos] == ["a.JPG", "b.jpeg"]
    assert found.other_files == 1


@pytest.mark.skipif(CORPUS is None, reason="photo corpus not present")
@pytest.mark.parametrize("row", MANIFEST, ids=[r["path"] for r in MANIFEST])
def test_corpus_file(row):
    """Each corpus file imports with the manifest's values or carries a specific reason."""
    rec = read_photo(CORPUS / row["path"])
    if not (CORPUS / row["path"]).exists():
        assert rec.reason.code == "file_missing"
        return
    if row["has_gps"] == "1" and "zero denominator" not in row["notes"]:
        assert rec.has_position, rec.reason
        assert rec.lat == pytest.approx(float(row["lat"]), abs=5e-7)
        assert rec.lon == pytest.approx(float(row["lon"]), abs=5e-7)
    else:
        assert not rec.has_position
        assert rec.status in (STATUS_NO_POSITION, STATUS_UNREADABLE)
        assert rec.reason is not None and rec.reason.code and rec.reason.text
        for note, codes in NOTE_CODES.items():
            if note in row["notes"]:
                assert rec.reason.code in codes, (note, rec.reason)
        if row["format"] in ("sidecar/text", "empty"):
            assert rec.reason.code in ("not_an_image", "empty_file")
    if row["has_direction"] == "1":
        value, ref = row["direction"].split()
        assert rec.azimuth == pytest.approx(float(value), abs=5e-4)
        assert rec.azimuth_ref == ref and rec.azimuth_source == SOURCE_EXIF
    else:
        assert rec.azimuth is None
        if rec.has_position:
            assert rec.status == STATUS_NO_DIRECTION
    if row["datetime"]:
        expected = row["datetime"].replace(":", "-", 2).replace(" ", "T")
        if rec.taken_at is None:  # only an impossible stamp may be refused, and it is said
            assert rec.time_issue.code == "bad_time", rec.time_issue
        else:
            assert rec.taken_at[:19] == expected
    else:
        assert rec.taken_at is None
    if row["make_model"] and rec.tags:
        assert row["make_model"].startswith(rec.make) or rec.model in row["make_model"]


@pytest.mark.skipif(CORPUS is None, reason="photo corpus not present")
def test_corpus_nothing_silently_skipped():
    """A folder scan of the corpus reaches every image the manifest lists."""
    found = {p.relative_to(CORPUS).as_posix() for p in scan_folder(CORPUS).photos}
    suffixes = (".jpg", ".jpeg", ".tif", ".tiff", ".heic", ".heif", ".png", ".webp")
    listed_images = {
        r["path"]
        for r in MANIFEST
        if r["format"] in ("jpeg", "tiff", "isobmff:heic", "png", "webp")
        and Path(r["path"]).suffix.lower() in suffixes
        and (CORPUS / r["path"]).exists()
    }
    assert listed_images <= found
