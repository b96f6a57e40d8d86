"""Evidence photos (举证照片): small JPEGs with the EXIF a field app writes (reference.md §5).

The camera stands 5–30 m outside the parcel (sometimes inside) and looks at it; the azimuth
is the true bearing from camera to parcel, computed on the ellipsoid coordinates, so the
GK grid convergence (≈0.6° here) is already in it.
"""

from __future__ import annotations

import dataclasses
import io
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path

import numpy as np
import piexif
import shapely
from osgeo import osr
from PIL import Image, ImageDraw, ImageFilter

from scripts.demo_data.defects import Defect, DefectLog
from scripts.demo_data.writer import srs_of

SIZE = (640, 480)
MAKE, MODEL = "DemoMake", "LandSurvey Demo Phone"


@dataclass
class Shot:
    """One photo: where it was taken, where it looks, and what it shows."""

    file_name: str
    row: int  # parcel it documents
    bsm: str
    e: float
    n: float
    lon: float
    lat: float
    altitude: float
    azimuth: float  # true, degrees clockwise from north
    taken_at: datetime
    dlbm: str
    gps: bool = True
    corrupt: bool = False
    direction: bool = True  # False: GPS block without GPSImgDirection
    scene_seed: int | None = None  # same seed and class: the same image content


def to_lonlat(epsg: int, e: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    geo = osr.SpatialReference()
    geo.ImportFromEPSG(4490)
    geo.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(srs_of(epsg), geo)
    pts = np.asarray(ct.TransformPoints(np.column_stack([e, n]).tolist()))
    return pts[:, 0], pts[:, 1]


def bearing(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Initial great-circle bearing, degrees clockwise from true north."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360.0


def camera_for(
    rng: np.random.Generator, poly: shapely.Geometry, distance: float | None = None
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Camera position and the point it looks at (the parcel's inner point)."""
    target = shapely.point_on_surface(poly)
    tx, ty = target.x, target.y
    if distance is None and rng.random() < 0.2:
        ang = rng.uniform(0, 2 * math.pi)
        for step in (8.0, 4.0, 2.0, 0.0):
            cx, cy = tx + step * math.cos(ang), ty + step * math.sin(ang)
            if poly.contains(shapely.Point(cx, cy)):
                break
        look = ang + math.pi + rng.uniform(-0.5, 0.5)
        return (cx, cy), (cx + 20 * math.cos(look), cy + 20 * math.sin(look))
    ang = rng.uniform(0, 2 * math.pi)
    far = shapely.LineString([(tx, ty), (tx + 5000 * math.cos(ang), ty + 5000 * math.sin(ang))])
    exit_pts = shapely.get_parts(shapely.intersection(far, poly.boundary))
    d_exit = min((math.hypot(p.x - tx, p.y - ty) for p in exit_pts), default=0.0)
    gap = rng.uniform(5, 30) if distance is None else distance
    d = d_exit + gap
    return (tx + d * math.cos(ang), ty + d * math.sin(ang)), (tx, ty)


def _rational(value: float, scale: int = 100) -> tuple[int, int]:
    return (round(value * scale), scale)


def _dms(value: float) -> tuple[tuple[int, int], ...]:
    value = abs(value)
    d = int(value)
    m = int((value - d) * 60)
    s = (value - d - m / 60) * 3600
    return ((d, 1), (m, 1), _rational(s, 10000))


def exif_bytes(shot: Shot) -> bytes:
    stamp = shot.taken_at.strftime("%Y:%m:%d %H:%M:%S")
    zeroth = {
        piexif.ImageIFD.Make: MAKE,
        piexif.ImageIFD.Model: MODEL,
        piexif.ImageIFD.DateTime: stamp,
        piexif.ImageIFD.Software: "make_demo_data.py",
    }
    exif = {piexif.ExifIFD.DateTimeOriginal: stamp, piexif.ExifIFD.DateTimeDigitized: stamp}
    gps = {}
    if shot.gps:
        az = Fraction(shot.azimuth).limit_denominator(100)
        utc = shot.taken_at - timedelta(hours=8)
        gps = {
            piexif.GPSIFD.GPSVersionID: (2, 3, 0, 0),
            piexif.GPSIFD.GPSLatitudeRef: "N" if shot.lat >= 0 else "S",
            piexif.GPSIFD.GPSLatitude: _dms(shot.lat),
            piexif.GPSIFD.GPSLongitudeRef: "E" if shot.lon >= 0 else "W",
            piexif.GPSIFD.GPSLongitude: _dms(shot.lon),
            piexif.GPSIFD.GPSAltitudeRef: 0,
            piexif.GPSIFD.GPSAltitude: _rational(shot.altitude),
            piexif.GPSIFD.GPSMapDatum: "CGCS2000",
            piexif.GPSIFD.GPSDateStamp: utc.strftime("%Y:%m:%d"),
            piexif.GPSIFD.GPSTimeStamp: ((utc.hour, 1), (utc.minute, 1), (utc.second, 1)),
        }
        if shot.direction:
            gps[piexif.GPSIFD.GPSImgDirectionRef] = "T"
            gps[piexif.GPSIFD.GPSImgDirection] = (az.numerator, az.denominator)
    return piexif.dump({"0th": zeroth, "Exif": exif, "GPS": gps, "1st": {}, "thumbnail": None})


SCENE = {  # ground colour and texture by the first two digits of DLBM
    "01": ((120, 140, 60), "rows"),
    "02": ((70, 120, 50), "shrubs"),
    "03": ((35, 85, 35), "trees"),
    "04": ((130, 160, 80), "grass"),
    "05": ((170, 170, 175), "houses"),
    "06": ((150, 150, 160), "houses"),
    "07": ((180, 175, 170), "houses"),
    "08": ((175, 170, 165), "houses"),
    "09": ((160, 160, 160), "houses"),
    "10": ((120, 120, 120), "road"),
    "11": ((60, 100, 150), "water"),
    "12": ((150, 120, 90), "soil"),
}


def draw(rng: np.random.Generator, dlbm: str) -> Image.Image:
    """A plausible scene: sky, distant hills, and the class's ground with texture."""
    w, h = SIZE
    img = Image.new("RGB", SIZE)
    d = ImageDraw.Draw(img)
    horizon = int(h * rng.uniform(0.35, 0.5))
    for y in range(horizon):
        t = y / max(1, horizon)
        d.line([(0, y), (w, y)], fill=(int(120 + 80 * t), int(160 + 60 * t), int(220 + 20 * t)))
    hill = [(0, horizon)]
    for x in range(0, w + 40, 40):
        hill.append((x, horizon - int(rng.uniform(10, 60))))
    hill.append((w, horizon))
    d.polygon(hill, fill=(50, 80, 55))
    colour, texture = SCENE.get(dlbm[:2], ((140, 130, 110), "soil"))
    d.rectangle([0, horizon, w, h], fill=colour)
    dark = tuple(max(0, c - 35) for c in colour)
    light = tuple(min(255, c + 40) for c in colour)
    if texture == "rows":
        for k in range(-12, 13):
            d.line([(w / 2 + k * 6, horizon), (w / 2 + k * 70, h)], fill=dark, width=3)
    elif texture == "trees":
        for _ in range(60):
            x, y = rng.uniform(0, w), rng.uniform(horizon - 20, h)
            r = 8 + (y - horizon) / 6
            d.ellipse([x - r, y - 2 * r, x + r, y], fill=dark if rng.random() < 0.5 else light)
    elif texture == "houses":
        for _ in range(6):
            x, bw = rng.uniform(0, w - 80), rng.uniform(60, 140)
            top = horizon - rng.uniform(30, 110)
            d.rectangle([x, top, x + bw, horizon + 40], fill=(200, 196, 190), outline=dark)
            d.polygon([(x - 5, top), (x + bw / 2, top - 25), (x + bw + 5, top)], fill=(120, 60, 50))
    elif texture == "road":
        d.polygon([(w / 2 - 10, horizon), (w / 2 + 10, horizon), (w, h), (0, h)], fill=(90, 90, 90))
        d.line([(w / 2, horizon), (w / 2, h)], fill=(230, 230, 230), width=3)
    elif texture == "water":
        for k in range(20):
            y = horizon + k * (h - horizon) / 20
            d.line([(0, y), (w, y)], fill=light, width=1)
    else:
        for _ in range(200):
            x, y = rng.uniform(0, w), rng.uniform(horizon, h)
            d.ellipse([x, y, x + 4, y + 3], fill=dark if rng.random() < 0.5 else light)
    return img.filter(ImageFilter.GaussianBlur(0.8))


def write_photo(rng: np.random.Generator, folder: Path, shot: Shot) -> None:
    buffer = io.BytesIO()
    scene_rng = rng if shot.scene_seed is None else np.random.default_rng(shot.scene_seed)
    draw(scene_rng, shot.dlbm).save(buffer, "JPEG", quality=80, exif=exif_bytes(shot))
    data = buffer.getvalue()
    if shot.corrupt:
        data = data[:160]  # cut inside the EXIF IFDs: the header no longer parses
    (folder / shot.file_name).write_bytes(data)


def plant_evidence_defects(
    rng: np.random.Generator,
    shots: list[Shot],
    spare: list[int],
    changed: dict[int, str],
    bsms,
    codes,
    geoms,
    log: DefectLog,
    epsg: int,
) -> None:
    """One planted case for each evidence rule the four classic photo defects do not cover.

    ``spare`` are sampled clean parcels no other defect uses; ``changed`` the changed
    parcels (row -> kind). Each case touches its own parcel, so a finding traces back to
    exactly one entry: a changed parcel left without photos, a photo without azimuth, one
    taken before the survey window, one image re-used (re-tagged) for another parcel, and
    three photos sharing one position.
    """
    spare = [r for r in spare if r not in {s.row for s in shots if s.file_name.endswith("_10.jpg")}]
    if len(spare) < 5 or not changed:
        return
    # 1. a changed parcel whose photos were never taken (000:三(六)2)
    missing = sorted(changed)[len(changed) // 2]
    shots[:] = [s for s in shots if s.row != missing]
    detail = f"changed parcel ({changed[missing]}) without any evidence photo"
    log.add(Defect("photo", "evidence_missing", "DLTB", str(bsms[missing]), detail), (missing,))
    start = max(s.taken_at for s in shots) + timedelta(minutes=13)

    def shot(row: int, name: str, cam, look, minutes: int, **extra) -> Shot:
        lon, lat = to_lonlat(epsg, np.array([cam[0], look[0]]), np.array([cam[1], look[1]]))
        made = Shot(
            file_name=name, row=row, bsm=str(bsms[row]), e=float(cam[0]), n=float(cam[1]),
            lon=float(lon[0]), lat=float(lat[0]), altitude=1100.0,
            azimuth=round(bearing(lon[0], lat[0], lon[1], lat[1]), 2),
            taken_at=start + timedelta(minutes=minutes), dlbm=str(codes[row]),
        )  # fmt: skip
        made = dataclasses.replace(made, **extra)
        shots.append(made)
        return made

    # 2. located but no azimuth
    row = spare[0]
    cam, look = camera_for(rng, geoms[row], distance=10.0)
    made = shot(row, f"{bsms[row]}_11.jpg", cam, look, 0, direction=False)
    log.add(Defect("photo", "no_direction", "photos", made.file_name,
                   "GPS block without GPSImgDirection", [made.bsm]))  # fmt: skip
    # 3. taken months before the survey window
    row = spare[1]
    cam, look = camera_for(rng, geoms[row], distance=10.0)
    made = shot(row, f"{bsms[row]}_12.jpg", cam, look, 0)
    made.taken_at = datetime(2024, 6, 15, 10, 30, 0)
    log.add(Defect("photo", "outside_window", "photos", made.file_name,
                   "taken 2024-06-15, before the survey window", [made.bsm]))  # fmt: skip
    # 4. one image re-tagged for another parcel (same pixels, plausible EXIF of its own)
    original = next(s for s in shots if s.row not in spare and s.gps and not s.corrupt)
    seed = int(rng.integers(1 << 30))
    original.scene_seed = seed
    row = spare[2]
    cam, look = camera_for(rng, geoms[row], distance=10.0)
    made = shot(row, f"{bsms[row]}_13.jpg", cam, look, 5, scene_seed=seed, dlbm=original.dlbm)
    log.add(Defect("photo", "hash_reused", "photos", made.file_name,
                   f"the image of {original.file_name} re-used for another parcel",
                   [made.bsm, original.file_name, original.bsm]))  # fmt: skip
    # 5. three photos with one copied position, each looking at its parcel
    row = spare[3]
    cam, look = camera_for(rng, geoms[row], distance=10.0)
    names = []
    for k in range(3):
        names.append(shot(row, f"{bsms[row]}_{14 + k}.jpg", cam, look, 9 + 3 * k).file_name)
    detail = "three photos with identical coordinates"
    log.add(
        Defect("photo", "same_position", "photos", names[0], detail, [str(bsms[row]), *names[1:]])
    )
