"""``dom.tif``: a synthetic orthophoto whose pixels follow the parcels' land classes.

Rasterised block by block (GDAL RasterizeLayer into a MEM band of parcel ids) and coloured
with numpy, so memory stays bounded; JPEG-in-TIFF keeps it small and fast to write.

Besides ``dom.tif`` the county gets ``dom_2023.tif`` (the previous year's image, following
the previous classes) and ``dom_patch.tif`` (a coarse, old tile filling a hole of the DOM),
and the imagery rules get planted cases (``plan_cases``): what a parcel or range *looks
like* differs from what it records, a hole without any imagery, a coarse and old tile, and
changes between the two images the parcels do not record (or the reverse).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
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
    *,
    pixel: float = PIXEL,
    date: str = DATE_ISO,
    overlay_codes: dict[str, list[str | None]] | None = None,
    holes: shapely.Geometry | None = None,
    margin: bool = True,
    levels: tuple[int, ...] = (2, 4, 8, 16),
) -> None:
    """Write an RGB GeoTIFF with overviews and its acquisition date.

    ``codes`` are the classes the pixels show (normally the parcels' own); a range of
    ``overlays`` is drawn with its layer's look, or per ``overlay_codes`` with the look of
    another class ('' leaves it out). Every call numbers parcels and ranges the same way, so
    a parcel keeps its tint and texture angle across images. ``holes`` are masked out
    (internal mask band: no valid pixels there).
    """
    x0, y0, x1, y1 = bounds
    if margin:
        x0, y0 = math.floor(x0 / 10 - 5) * 10, math.floor(y0 / 10 - 5) * 10
        x1, y1 = x1 + 50, y1 + 50
    width = math.ceil((x1 - x0) / pixel)
    height = math.ceil((y1 - y0) / pixel)
    top = y0 + height * pixel
    gt = (x0, pixel, 0.0, top, 0.0, -pixel)
    if path.exists():
        gdal.GetDriverByName("GTiff").Delete(str(path))
    opts = [
        "TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "COMPRESS=JPEG",
        "PHOTOMETRIC=YCBCR", "JPEG_QUALITY=85", "INTERLEAVE=PIXEL",
    ]  # fmt: skip
    out = gdal.GetDriverByName("GTiff").Create(str(path), width, height, 3, gdal.GDT_Byte, opts)
    out.SetGeoTransform(gt)
    out.SetProjection(srs_of(epsg).ExportToWkt())
    if date:  # an undated tile states no date anywhere
        out.SetMetadataItem("TIFFTAG_DATETIME", date.replace("-", ":") + " 00:00:00")
        out.SetMetadataItem("ACQUISITION_DATE", date)
    out.SetMetadataItem("TIFFTAG_IMAGEDESCRIPTION", f"synthetic DOM {date}, {pixel:g} m, demo")
    out.SetMetadataItem("TIFFTAG_SOFTWARE", "make_demo_data.py")
    mask_band = None
    if holes is not None:
        gdal.SetConfigOption("GDAL_TIFF_INTERNAL_MASK", "YES")
        out.CreateMaskBand(gdal.GMF_PER_DATASET)
        mask_band = out.GetRasterBand(1).GetMaskBand()

    # lookup tables: pid -> colour, texture, stripe angle; overlays use pids after parcels
    styles = [OUTSIDE] + [style_of(c) for c in codes]
    all_geoms = list(geoms)
    drawn = list(range(1, len(styles)))
    for table, shapes in overlays.items():
        looks = (overlay_codes or {}).get(table) or [None] * len(shapes)
        for shape, look in zip(shapes, looks):
            styles.append(OVERLAY[table] if look is None else style_of(look or "12"))
            all_geoms.append(shape)
            if look != "":
                drawn.append(len(styles) - 1)
    colour = np.array([s[0] for s in styles], dtype=np.float32)
    texture = np.array([s[1] for s in styles], dtype=np.uint8)
    angle_rng = np.random.default_rng(seed + 17)
    angle = angle_rng.uniform(0, np.pi, len(styles)).astype(np.float32)
    tint = angle_rng.normal(0, 8, (len(styles), 3)).astype(np.float32)
    picked = np.asarray(drawn, dtype=np.int64)
    mem_ds, layer = _memory_layer(
        np.asarray(all_geoms, dtype=object)[picked - 1], picked, srs_of(epsg)
    )
    hole_ds = hole_layer = None
    if holes is not None:
        hole_ds, hole_layer = _memory_layer(
            np.array([holes], dtype=object), np.ones(1), srs_of(epsg)
        )

    mem = gdal.GetDriverByName("MEM")
    for b, row0 in enumerate(range(0, height, BLOCK_ROWS)):
        rows = min(BLOCK_ROWS, height - row0)
        btop = top - row0 * pixel
        ids_ds = mem.Create("", width, rows, 1, gdal.GDT_Int32)
        ids_ds.SetGeoTransform((x0, pixel, 0.0, btop, 0.0, -pixel))
        layer.SetSpatialFilterRect(x0, btop - rows * pixel, x0 + width * pixel, btop)
        gdal.RasterizeLayer(ids_ds, [1], layer, options=["ATTRIBUTE=pid"])
        layer.SetSpatialFilter(None)
        pid = ids_ds.GetRasterBand(1).ReadAsArray()
        rgb = _colour(
            np.random.default_rng([seed, b]), pid, row0, colour, texture, angle, tint, pixel
        )
        if mask_band is not None:
            hole = mem.Create("", width, rows, 1, gdal.GDT_Byte)
            hole.SetGeoTransform((x0, pixel, 0.0, btop, 0.0, -pixel))
            gdal.RasterizeLayer(hole, [1], hole_layer, burn_values=[1])
            inside = hole.GetRasterBand(1).ReadAsArray() > 0
            rgb[inside] = 0
            mask_band.WriteArray(np.where(inside, 0, 255).astype(np.uint8), 0, row0)
        out.WriteRaster(0, row0, width, rows, rgb.tobytes(), band_list=[1, 2, 3],
                        buf_pixel_space=3, buf_line_space=3 * width, buf_band_space=1)  # fmt: skip
    del mem_ds, hole_ds
    gdal.SetConfigOption("COMPRESS_OVERVIEW", "JPEG")
    gdal.SetConfigOption("PHOTOMETRIC_OVERVIEW", "YCBCR")
    gdal.SetConfigOption("INTERLEAVE_OVERVIEW", "PIXEL")
    out.BuildOverviews("AVERAGE", list(levels))
    out.FlushCache()
    out = None
    gdal.SetConfigOption("GDAL_TIFF_INTERNAL_MASK", None)


def _colour(
    rng: np.random.Generator,
    pid: np.ndarray,
    row0: int,
    colour: np.ndarray,
    texture: np.ndarray,
    angle: np.ndarray,
    tint: np.ndarray,
    pixel: float = PIXEL,
) -> np.ndarray:
    rows, cols = pid.shape
    yy, xx = np.mgrid[row0 : row0 + rows, 0:cols].astype(np.float32) * pixel
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


# -- planted imagery cases ---------------------------------------------------------------

PREVIOUS_NAME, PATCH_NAME, UNDATED_NAME = "dom_2023.tif", "dom_patch.tif", "dom_tile.tif"
RASTER_LAYER = "imagery"  # the ``layer`` of findings about a whole raster (its date)
DATE_PREVIOUS = "2023-10-20"
DATE_PATCH = "2022-05-10"  # before the 2024 survey window and before the previous survey
PATCH_PIXEL = 2.0  # m: coarser than the 1 m rural standard (seed 001 四(一)3)
MIN_AREA = 2500.0  # m²: planted parcels hold a few hundred pixels at the statistics level


@dataclass
class Case:
    """One planted imagery case: ``row`` is a parcel row, or a range index of ``layer``."""

    kind: str
    layer: str
    row: int
    detail: str
    related: list[int] = field(default_factory=list)  # parcel rows a rule may also name
    extra: dict = field(default_factory=dict)
    key: str = ""  # a raster's file name for the cases about a whole raster


@dataclass
class ImageryPlan:
    """What each image shows where it differs from the records, and the cases logged."""

    now: list[str]  # look of each parcel row on dom.tif
    before: list[str]  # look of each parcel row on dom_2023.tif
    now_overlays: dict[str, list[str | None]]
    before_overlays: dict[str, list[str | None]]
    hole: shapely.Geometry | None = None  # no imagery at all
    patch: shapely.Geometry | None = None  # dom.tif masked here, dom_patch.tif covers it
    patch_bounds: tuple[float, float, float, float] | None = None
    undated_bounds: tuple[float, float, float, float] | None = None  # a tile without a date
    cases: list[Case] = field(default_factory=list)


def plan_cases(
    rng: np.random.Generator,
    geoms: np.ndarray,
    codes: list[str],
    prev_codes: list[str],
    free: np.ndarray,
    changes: dict[int, str],
    hosts: dict[str, list[int]],
    wrong_hosts: set[tuple[str, int]],
    avoid: set[int],
    linear: np.ndarray,
) -> ImageryPlan:
    """Pick clean parcels and ranges for every imagery rule and say how they look.

    ``free`` marks parcels no other defect, change or range uses; ``avoid`` are rows a
    planted look must not touch (deleted or merged rows). Linear parcels (roads, rivers:
    a few pixels wide) are used only for water, which a small county may have no other of.
    """
    from landsurvey_plugin.model.class_signatures import groups_of

    n = len(codes)
    now, before = list(codes), list(prev_codes)
    plan = ImageryPlan(
        now, before, {t: [None] * len(h) for t, h in hosts.items()},
        {t: [None] * len(h) for t, h in hosts.items()},
    )  # fmt: skip
    area = shapely.area(geoms)
    compact = area / np.maximum(shapely.length(geoms) ** 2, 1e-9)
    fit = free & ~np.isin(np.arange(n), sorted(avoid))
    used: set[int] = set()
    tree = shapely.STRtree(geoms)

    def clear(row: int, pad: float) -> bool:
        """No other case within ``pad`` metres of the parcel's bounding box (a tile
        covering it changes its neighbours' statistics too)."""
        box = shapely.box(*(shapely.bounds(geoms[row]) + np.array([-pad, -pad, pad, pad])))
        return not ({int(j) for j in tree.query(box)} - {row}) & used

    def take(
        mask: np.ndarray, min_area: float = MIN_AREA, lines: bool = False, pad: float = 0.0
    ) -> int | None:
        ok = fit & (area >= min_area) & ((compact > 0.03) & ~linear | (lines & linear))
        cands = [int(i) for i in np.flatnonzero(mask & ok) if int(i) not in used]
        if pad:
            cands = [i for i in cands if clear(i, pad)]
        if not cands:
            return None
        row = cands[int(rng.integers(len(cands)))]
        used.add(row)
        used.update(int(j) for j in tree.query(geoms[row], predicate="touches"))
        return row

    host_rows = {r for rows in hosts.values() for r in rows}
    # a hole without imagery inside one parcel, and a coarse old tile over another
    if (row := take(np.ones(n, bool))) is not None:
        inner = shapely.buffer(geoms[row], -10.0)
        disc = shapely.buffer(shapely.point_on_surface(inner), 14.0) if not inner.is_empty else None
        if disc is not None and not shapely.intersection(inner, disc).is_empty:
            plan.hole = shapely.intersection(inner, disc)
            hole_m2 = round(float(plan.hole.area), 1)
            detail = f"{hole_m2:.0f} m² of the parcel have no imagery (masked, no other tile)"
            plan.cases.append(
                Case("uncovered", "DLTB", row, detail, extra={"uncovered_m2": hole_m2})
            )
    # the coarse old tile lies over a changed parcel: its image predates the change too
    changed = np.isin(np.arange(n), sorted(set(changes) - host_rows - set(avoid) - used))
    changed &= (area >= MIN_AREA) & (compact > 0.03) & ~linear
    changed = [int(i) for i in np.flatnonzero(changed) if clear(int(i), 40.0)]
    row = int(rng.choice(changed)) if changed else take(np.ones(n, bool), pad=40.0)
    if row is not None:
        used.add(row)
        plan.patch = shapely.buffer(geoms[row], 6.0)
        x0, y0, x1, y1 = shapely.bounds(geoms[row]) + np.array([-40.0, -40.0, 40.0, 40.0])
        x0, y0 = (
            math.floor(x0 / PATCH_PIXEL) * PATCH_PIXEL,
            math.floor(y0 / PATCH_PIXEL) * PATCH_PIXEL,
        )
        plan.patch_bounds = (x0, y0, x1, y1)
        box = shapely.box(x0, y0, x1, y1)
        near = sorted(int(j) for j in tree.query(box, predicate="intersects") if int(j) != row)
        used.update(near)
        plan.cases.append(Case("coarse_resolution", "DLTB", row, f"only {PATCH_NAME} "
                               f"({PATCH_PIXEL:g} m) covers the parcel: dom.tif is masked there",
                               related=near, extra={"pixel_m": PATCH_PIXEL}))  # fmt: skip
        plan.cases.append(Case("date_outside_window", RASTER_LAYER, row, f"{PATCH_NAME} was "
                               f"taken on {DATE_PATCH}, outside the 2024 survey window",
                               related=[row, *near], extra={"date": DATE_PATCH},
                               key=PATCH_NAME))  # fmt: skip
        if row in changes:
            plan.cases.append(Case("older_than_previous", "DLTB", row, f"changed parcel "
                                   f"({prev_codes[row]}→{codes[row]}) seen only on {PATCH_NAME} "
                                   f"of {DATE_PATCH}, before the previous survey",
                                   related=near))  # fmt: skip
    # a tile without any acquisition date over a clean parcel (same pixels as dom.tif)
    if (row := take(np.ones(n, bool), pad=20.0)) is not None:
        x0, y0, x1, y1 = shapely.bounds(geoms[row]) + np.array([-20.0, -20.0, 20.0, 20.0])
        x0, y0 = math.floor(x0 / PIXEL) * PIXEL, math.floor(y0 / PIXEL) * PIXEL
        plan.undated_bounds = (x0, y0, x1, y1)
        near = sorted(int(j) for j in tree.query(shapely.box(x0, y0, x1, y1)))
        used.update(near)
        plan.cases.append(Case("date_unknown", RASTER_LAYER, row, f"{UNDATED_NAME} carries no "
                               "acquisition date (no TIFF/GDAL date, no sidecar)", related=near,
                               key=UNDATED_NAME))  # fmt: skip
    code = np.asarray(codes, dtype=object)
    two = np.array([c[:2] for c in codes], dtype=object)
    looks = [
        ("cultivated_looks_built", two == "01", "0702",
         "耕地 whose pixels show roofs (0702) on both images"),
        ("built_looks_vegetated", np.isin(two, ["05", "06", "07", "08", "09"]), "0301",
         "construction land whose pixels show forest (0301) on both images"),
        ("water_looks_dry", (two == "11") & (code != "1109"), "0702",
         "water whose pixels show roofs (0702: filled in and built over) on both images"),
        ("vegetated_looks_built", two == "03", "0702",
         "forest whose pixels show roofs (0702) on both images"),
    ]  # fmt: skip
    for kind, mask, look, detail in looks:
        # built-up parcels are small; water may only exist as rivers and ditches
        if (row := take(mask, 1000.0, lines=kind == "water_looks_dry")) is not None:
            now[row] = before[row] = look
            plan.cases.append(
                Case(kind, "DLTB", row, f"{codes[row]} {detail}", extra={"looks": look})
            )
    unrecorded = [
        (two == "01", "0702", "a new building on 耕地"),
        (two == "03", "1206", "forest cleared to bare soil"),
        (code == "0404", "0601", "a new factory on grassland"),
    ]
    for mask, look, what in unrecorded:
        if (row := take(mask)) is not None:
            now[row] = look
            detail = f"{codes[row]} unchanged in the survey, the images show {what} ({look})"
            plan.cases.append(Case("change_unrecorded", "DLTB", row, detail, extra={"looks": look}))
    group_now, group_before = groups_of(codes), groups_of(prev_codes)
    seen = [
        i for i in sorted(changes)
        if i < n and i not in host_rows and i not in avoid and i not in used
        and group_now[i] and group_before[i] and group_now[i] != group_before[i]
        and area[i] >= 1000.0 and not linear[i]
    ]  # fmt: skip
    if seen:
        row = seen[int(rng.integers(len(seen)))]
        used.add(row)
        now[row] = prev_codes[row]
        was = prev_codes[row]
        detail = f"{was}→{codes[row]} in the survey, both images still show {was}"
        plan.cases.append(Case("change_unseen", "DLTB", row, detail))
    ranges = [
        ("TTQ", "ttq_vegetated", "", None,
         "推(堆)土区 shows its host class on dom.tif (soil in 2023)"),
        ("CCWJQ", "ccwjq_vegetated", "0301", None,
         "拆除未尽区 re-greened with trees (0301) on dom.tif"),
        ("GFBQ", "gfbq_without_panels", "", "", "光伏板区 without panel rows on both images"),
        ("GCHZZ", "gchzz_without_cover", "0404", "0404",
         "工厂化种植 without cover, grassed over (0404), on both images"),
    ]  # fmt: skip
    for table, kind, look_now, look_before, detail in ranges:
        normal = [k for k, h in enumerate(hosts.get(table, [])) if (table, h) not in wrong_hosts]
        # the largest range of the layer: a small one has too few pixels to tell anything
        k = max(normal, key=lambda k: area[hosts[table][k]]) if normal else None
        if k is None:
            continue
        plan.now_overlays[table][k] = look_now
        plan.before_overlays[table][k] = look_before
        plan.cases.append(Case(kind, table, k, detail, related=[hosts[table][k]]))

    return plan


def write_images(
    out: Path,
    epsg: int,
    bounds: tuple[float, float, float, float],
    geoms: np.ndarray,
    keep: list[int],
    overlays: dict[str, list],
    plan: ImageryPlan,
    seed: int,
) -> dict:
    """dom.tif, dom_2023.tif and dom_patch.tif from the plan; returns the sidecar's
    ``imagery`` entry (which files are which date)."""
    parcels = geoms[keep]
    now = [plan.now[i] for i in keep]
    write_dom(out / "dom.tif", epsg, bounds, parcels, now, overlays, seed,
              overlay_codes=plan.now_overlays, holes=_union(plan.hole, plan.patch))  # fmt: skip
    write_dom(out / PREVIOUS_NAME, epsg, bounds, parcels, [plan.before[i] for i in keep],
              overlays, seed, date=DATE_PREVIOUS, overlay_codes=plan.before_overlays)  # fmt: skip
    current = ["dom.tif"]
    if plan.patch_bounds is not None:
        write_dom(out / PATCH_NAME, epsg, plan.patch_bounds, parcels, now, overlays, seed,
                  pixel=PATCH_PIXEL, date=DATE_PATCH, overlay_codes=plan.now_overlays,
                  margin=False, levels=(2,))  # fmt: skip
        current.append(PATCH_NAME)
    if plan.undated_bounds is not None:
        write_dom(out / UNDATED_NAME, epsg, plan.undated_bounds, parcels, now, overlays, seed,
                  date="", overlay_codes=plan.now_overlays, margin=False, levels=(2,))  # fmt: skip
        current.append(UNDATED_NAME)
    dates = {"dom.tif": DATE_ISO, PREVIOUS_NAME: DATE_PREVIOUS, PATCH_NAME: DATE_PATCH}
    dates[UNDATED_NAME] = ""
    return {
        "current": current,
        "previous": [PREVIOUS_NAME],
        "dates": {name: dates[name] for name in [*current, PREVIOUS_NAME]},
        "pixel_m": {
            "dom.tif": PIXEL,
            PREVIOUS_NAME: PIXEL,
            PATCH_NAME: PATCH_PIXEL,
            UNDATED_NAME: PIXEL,
        },
    }


def _union(*parts: shapely.Geometry | None) -> shapely.Geometry | None:
    present = [p for p in parts if p is not None]
    return shapely.union_all(present) if present else None


def previous_looks(
    geoms: np.ndarray, codes: list[str], prev_codes: list[str], prev_geoms: np.ndarray
) -> list[str]:
    """Each row's class on the previous image: its own previous class, or for a parcel
    cut off another this year (rows after ``prev_codes``) the class of the previous parcel
    under it — the previous image shows the ground as it was."""
    looks = list(prev_codes) + list(codes[len(prev_codes) :])
    new = np.arange(len(prev_codes), len(codes))
    if len(new):
        points = shapely.point_on_surface(shapely.make_valid(geoms[new]))
        hits = shapely.STRtree(prev_geoms).query(points, predicate="within")
        for i, j in zip(hits[0], hits[1]):
            looks[int(new[i])] = prev_codes[int(j)]
    return looks
