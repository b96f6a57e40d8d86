#!/usr/bin/env python3
"""Generate a deterministic synthetic county for demos and tests of the plugin.

Writes into ``--out``: county.gpkg (XZQ, CJDCQ, DLTB, DLTB_2023, TTQ, GFBQ, CCWJQ, GCHZZ,
photos), dom.tif, photos/*.jpg, county.qgs and defects.json (every planted defect). The same
``--seed`` gives the same attribute data; re-running replaces the outputs.

CRS: EPSG:4524, CGCS2000 3° Gauss-Krüger zone 36 (CM 108°E, zone prefix in the easting).
106.5°E is the edge between zones 35 and 36, so the county is centred at 106.70°E 26.55°N,
well inside zone 36 (about 130 km west of its central meridian, where ellipsoidal and
planar areas differ by ~0.04 %, enough to catch a planar-area bug).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import shapely  # noqa: E402
from osgeo import ogr  # noqa: E402

from landsurvey_plugin.model.area import ellipsoidal_areas, parcel_areas  # noqa: E402
from landsurvey_plugin.model.gauss_kruger import zone_from_epsg  # noqa: E402
from landsurvey_plugin.model.photo_exif import PHOTO_FIELDS, read_photo  # noqa: E402
from landsurvey_plugin.model.profile import load_profile  # noqa: E402
from scripts.demo_data import classes, geometry, imagery, photos, singles  # noqa: E402
from scripts.demo_data.defects import Defect, DefectLog, Planter  # noqa: E402
from scripts.demo_data.writer import Column, open_gpkg, write_layer  # noqa: E402

EPSG = 4524
CENTRE_LONLAT = (106.70, 26.55)
PROFILE = "2024-national"
HEAVY_LIMIT = 50_000  # above this many parcels imagery and photos are off unless asked for
SURVEY_YEAR, PREVIOUS_YEAR = 2024, 2023
BSM_DLTB, BSM_SINGLE = 100_000, 900_000_000

XZQ_COLUMNS = [
    Column("BSM", "string", 18, alias="标识码"),
    Column("XZQDM", "string", 12, alias="行政区代码"),
    Column("XZQMC", "string", 100, alias="行政区名称"),
    Column("DCMJ", "double", 18, 2, alias="调查面积"),
]
CJDCQ_COLUMNS = [
    Column("BSM", "string", 18, alias="标识码"),
    Column("ZLDWDM", "string", 19, alias="坐落单位代码"),
    Column("ZLDWMC", "string", 255, alias="坐落单位名称"),
    Column("XZMC", "string", 100, alias="乡镇名称"),
    Column("DCMJ", "double", 18, 2, alias="调查面积"),
]
# the photo import's own schema (model.photo_exif.PHOTO_FIELDS): the demo layer is what an
# import of the photos folder writes, so a re-import updates it in place
PHOTO_COLUMNS = [Column(name, kind, length) for name, kind, length in PHOTO_FIELDS]
OUTPUTS = (
    "county.gpkg", "dom.tif", "dom_2023.tif", "dom_patch.tif", "dom_tile.tif", "county.qgs",
    "defects.json",
)  # fmt: skip


@dataclass
class Table:
    """The 2024 parcel table while it is being built; ``deleted`` rows are not written."""

    geoms: list
    village: list[int]
    codes: list[str]
    width: list[float | None]
    deleted: set[int] = field(default_factory=set)

    def append(self, geom, village: int, code: str) -> int:
        self.geoms.append(geom)
        self.village.append(village)
        self.codes.append(code)
        self.width.append(None)
        return len(self.geoms) - 1


def gk_centre() -> tuple[float, float]:
    from osgeo import osr

    from scripts.demo_data.writer import srs_of

    geo = osr.SpatialReference()
    geo.ImportFromEPSG(4490)
    geo.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    e, n, _ = osr.CoordinateTransformation(geo, srs_of(EPSG)).TransformPoint(*CENTRE_LONLAT)
    return round(e, -1), round(n, -1)


def area_columns(geoms, kcxs, zone) -> dict[str, list]:
    """TBMJ/KCMJ/TBDLMJ from the project's own ellipsoidal-area code (reference.md §7)."""
    raw = np.asarray(ellipsoidal_areas(np.asarray(geoms, dtype=object), zone), dtype=float)
    out: dict[str, list] = {"TBMJ": [], "KCMJ": [], "TBDLMJ": []}
    for area, k in zip(raw, kcxs):
        pa = parcel_areas(float(area), float(k or 0.0))
        out["TBMJ"].append(float(pa.tbmj))
        out["KCMJ"].append(float(pa.kcmj))
        out["TBDLMJ"].append(float(pa.tbdlmj))
    return out


def clean_outputs(out: Path) -> None:
    """Remove what an earlier run wrote (only our own files) so a re-run starts clean."""
    for name in OUTPUTS:
        target = out / name
        if target.is_file():
            target.unlink()
    for extra in out.glob("county.gpkg-*"):
        extra.unlink()
    for aux in [*out.glob("dom.tif.*"), *out.glob("dom_*.tif.*")]:
        aux.unlink()
    if (out / "photos").is_dir():
        shutil.rmtree(out / "photos")


def plant_geometry(rng, table: Table, busy: set[int], profile, linear) -> dict:
    """Geometry, topology and minimum-area defects; returns facts the tests need."""
    geoms = np.asarray(table.geoms, dtype=object)
    planter = Planter(rng, geoms, busy | set(np.flatnonzero(linear).tolist()))
    codes = np.asarray(table.codes, dtype=object)
    areas = shapely.area(geoms)
    big = np.flatnonzero((areas > 3000) & np.isin(codes, ["0301", "0103", "0404", "0305"]))
    facts: dict = {"gap_area": 0.0, "overlap_area": 0.0, "notch_area": 0.0}
    pending: list[tuple[str, str, str, list[int], dict]] = []

    row = planter.take(big)
    if row is not None:
        geom, _ = planter.bowtie(row)
        # coverage lost when a checker repairs the ring (notch plus the inverted lobe)
        notch = float(shapely.area(geoms[row]) - shapely.area(shapely.make_valid(geom)))
        table.geoms[row] = geom
        facts["notch_area"] += notch
        pending.append(
            ("geometry", "self_intersection", "ring crosses itself (bowtie loop on its longest "
             f"edge; repairing it loses {notch:.2f} m²)", [row], {"notch_area": notch})
        )  # fmt: skip
    row = planter.take(big)
    if row is not None:
        table.geoms[row] = planter.duplicate_vertex(row)
        pending.append(("geometry", "duplicate_vertex", "a ring vertex is repeated", [row], {}))
    for _ in range(10):
        row = planter.take(big)
        if row is None:
            break
        cut = planter.sliver(row)
        if cut is None:
            continue
        rest, strip = cut
        table.geoms[row] = rest
        new = table.append(strip, table.village[row], table.codes[row])
        pending.append(
            ("geometry", "sliver", f"sliver parcel of {strip.area:.2f} m² (< 10 m²) split off "
             "an edge of its neighbour", [new], {"area": float(strip.area), "parent": row})
        )  # fmt: skip
        break
    # multipart: two same-class parcels of one village a few metres apart become one feature
    tree = shapely.STRtree(geoms)
    for _ in range(30):
        row = planter.take(big)
        if row is None:
            break
        near = tree.query(geoms[row], predicate="dwithin", distance=40.0)
        cands = [
            int(j)
            for j in near
            if j != row
            and int(j) not in planter.busy
            and table.codes[j] == table.codes[row]
            and table.village[j] == table.village[row]
            and not shapely.intersects(geoms[row], geoms[j])
        ]
        if cands:
            other = cands[0]
            planter.busy.add(other)
            table.geoms[row] = shapely.MultiPolygon([geoms[row], geoms[other]])
            table.deleted.add(other)
            pending.append(
                ("geometry", "multipart", "one feature with two separate parts (a parcel across "
                 "a road merged with its twin)", [row], {})
            )  # fmt: skip
            break
    row = planter.take(big)
    if row is not None and (hit := planter.overlap(row)) is not None:
        other, grown, area = hit
        table.geoms[row] = grown
        facts["overlap_area"] += area
        pending.append(
            ("topology", "overlap", f"overlaps its neighbour by {area:.1f} m²", [row, other],
             {"overlap_area": area})
        )  # fmt: skip
    row = planter.take(big)
    if row is not None and (hit := planter.gap(row)) is not None:
        other, a, b, area = hit
        table.geoms[row], table.geoms[other] = a, b
        facts["gap_area"] += area
        pending.append(
            ("topology", "gap", f"a {area:.1f} m² hole between two parcels is not covered by "
             "any parcel", [row, other], {"gap_area": area})
        )  # fmt: skip
    # a parcel below the minimum mapping area, cut off a corner
    for _ in range(20):
        row = planter.take(big)
        if row is None:
            break
        code = "0404" if "0404" in profile.classification else table.codes[row]
        minimum = float(profile.min_mapping_area(code))
        cut = planter.corner_cut(row, minimum * 0.55)
        if cut is None:
            continue
        rest, triangle, updates = cut
        table.geoms[row] = rest
        for j, g in updates.items():
            table.geoms[j] = g
        new = table.append(triangle, table.village[row], code)
        pending.append(
            ("area", "below_min_mapping_area", f"{code} parcel of {triangle.area:.0f} m² is below "
             f"the minimum mapping area {minimum:.0f} m²", [new],
             {"area": float(triangle.area), "min_area": minimum})
        )  # fmt: skip
        break
    facts["pending"] = pending
    facts["busy"] = planter.busy
    return facts


def plant_attributes(rng, cols, table: Table, busy: set[int], profile, wfield):
    """One parcel per attribute defect; BSMs are read after all edits."""
    n = len(table.codes)
    idx = np.array([i for i in range(n) if i not in busy and i not in table.deleted])
    codes = np.asarray(table.codes, dtype=object)

    def take(mask) -> int | None:
        cand = [int(i) for i in idx[mask[idx]] if int(i) not in busy]
        if not cand:
            return None
        row = cand[int(rng.integers(len(cand)))]
        busy.add(row)
        return row

    is_gd = np.array([c[:2] == "01" for c in codes])
    items: list[tuple[str, str, list[int]]] = []
    if (r := take(codes == "0103")) is not None:
        cols["DLMC"][r] = profile.classification["0101"].name
        items.append(("dlmc_mismatch", f"DLBM 0103 but DLMC {cols['DLMC'][r]}", [r]))
    if (r := take(np.ones(n, bool))) is not None and (o := take(np.ones(n, bool))) is not None:
        cols["BSM"][r] = cols["BSM"][o]
        items.append(("duplicate_bsm", f"BSM {cols['BSM'][o]} used twice", [r, o]))
    if (r := take(np.ones(n, bool))) is not None:
        same = np.asarray(table.village) == table.village[r]
        if (o := take(same)) is not None:
            cols["TBBH"][r] = cols["TBBH"][o]
            items.append(
                ("duplicate_tbbh", f"TBBH {cols['TBBH'][o]} twice in {cols['ZLDWDM'][o]}", [r, o])
            )
    if (r := take(np.ones(n, bool))) is not None:
        cols["QSDWDM"][r] = cols["QSDWDM"][r][:18]
        items.append(("qsdwdm_length", "QSDWDM has 18 characters instead of 19", [r]))
    if (r := take(is_gd)) is not None:
        cols["ZZSXDM"][r] = cols["ZZSXMC"][r] = None
        items.append(("missing_zzsxdm", "耕地 without ZZSXDM/ZZSXMC", [r]))
    if (r := take(is_gd)) is not None:
        cols["GDPDJB"][r] = "6"
        items.append(("gdpdjb_range", "GDPDJB 6 (allowed 1–5)", [r]))
    kcxs = np.array([float(k or 0) for k in cols["KCXS"]])
    if (r := take(kcxs > 0)) is not None:
        cols["KCDLBM"][r] = None
        items.append(("kcxs_without_kcdlbm", f"KCXS {kcxs[r]} > 0 but KCDLBM empty", [r]))
    if (r := take(codes == "1006")) is not None:
        cols[wfield][r] = 12.0
        items.append(("rural_road_width", f"1006 农村道路 with {wfield} 12 (> 8 m)", [r]))
    return items


def generate(
    out: Path,
    n_parcels: int = 3000,
    seed: int = 1,
    with_photos: bool | None = None,
    with_imagery: bool | None = None,
    with_project: bool = True,
) -> dict:
    """Write the whole demo county into ``out``; returns timings and counts."""
    times: dict[str, float] = {}
    t0 = time.perf_counter()

    def lap(name: str) -> None:
        times[name] = round(time.perf_counter() - t0 - sum(times.values()), 2)

    heavy_ok = n_parcels <= HEAVY_LIMIT
    with_photos = heavy_ok if with_photos is None else with_photos
    with_imagery = heavy_ok if with_imagery is None else with_imagery
    out.mkdir(parents=True, exist_ok=True)
    clean_outputs(out)
    profile = load_profile(PROFILE)
    zone = zone_from_epsg(EPSG)
    classification = profile.classification
    rng = np.random.default_rng(seed)
    wfield = classes.width_field(profile)

    # geometry: cells -> linear features cut in -> small pieces merged
    county = geometry.build_county(rng, max(50, round(n_parcels * 0.94)), gk_centre())
    pieces = geometry.cut_features(county)
    cell_codes = classes.assign_cell_classes(rng, county, classification)
    piece_codes = np.where(
        pieces.feature >= 0,
        np.array([county.features[f].dlbm if f >= 0 else "" for f in pieces.feature], object),
        cell_codes[np.maximum(pieces.cell, 0)],
    )
    merged, donor = geometry.merge_small(
        pieces, classes.min_areas(profile, piece_codes), piece_codes
    )
    units = classes.make_units(rng, county)
    parcels = classes.build_parcels(county, merged, piece_codes[donor])
    lap("geometry")

    # last year's classes, then both years' attributes from the same random draws
    parcels.changes = classes.plan_changes(rng, parcels, classification)
    n_base = len(parcels)
    draws = classes.make_draws(rng, n_base + 64)
    base_draws = (draws[0][:n_base], draws[1][:n_base])
    prev_cols = classes.fill_attributes(
        base_draws, county, units, profile, parcels.geoms, parcels.village, parcels.width,
        parcels.dlbm_prev, PREVIOUS_YEAR, BSM_DLTB,
    )  # fmt: skip
    linear = np.array([w is not None for w in parcels.width])
    table = Table(list(parcels.geoms), list(parcels.village), list(parcels.dlbm), parcels.width)
    log = DefectLog()
    busy = set(parcels.changes)  # change parcels stay clean, except the one reserved here
    new_gd = sorted(i for i, k in parcels.changes.items() if k == "新增耕地")
    change_row = int(new_gd[0]) if new_gd else None
    facts = plant_geometry(rng, table, busy, profile, linear)
    busy = (set(facts["busy"]) - set(np.flatnonzero(linear).tolist())) | table.deleted
    n_all = len(table.codes)
    draws_all = (draws[0][:n_all], draws[1][:n_all])
    geoms = np.asarray(table.geoms, dtype=object)
    cols = classes.fill_attributes(
        draws_all, county, units, profile, geoms, np.asarray(table.village), table.width,
        table.codes, SURVEY_YEAR, BSM_DLTB,
    )  # fmt: skip
    zzsx_names = classes.domain_names(profile, "ZZSXDM")
    classes.tidy_new_cultivated(rng, cols, prev_cols, parcels, zzsx_names)

    # single layers: normal ranges on fitting, unchanged parcels, then the misplaced ones
    layers = singles.schemas(profile)
    codes = np.asarray(table.codes, dtype=object)
    unchanged = np.array(
        [i < n_base and table.codes[i] == parcels.dlbm_prev[i] for i in range(n_all)]
    )
    per_layer = max(4, min(40, round(n_all / 700)))
    linear_all = np.r_[linear, np.zeros(n_all - n_base, dtype=bool)]
    free = np.array([i not in busy for i in range(n_all)]) & ~linear_all
    single_pending: list[tuple[str, str, str, int]] = []
    for table_name, layer in layers.items():
        ok = np.flatnonzero(np.isin(codes, singles.HOSTS[table_name]) & unchanged & free)
        for row in rng.choice(ok, min(per_layer, ok.size), replace=False) if ok.size else []:
            row = int(row)
            busy.add(row)
            free[row] = False
            layer.geoms.append(singles.range_shape(rng, geoms[row]))
            layer.hosts.append(row)
    wrong = [
        ("TTQ", lambda i: parcels.changes.get(i) == "耕地转建设" and table.codes[i] == "0702",
         "推(堆)土区 over a parcel that became 0702 (built: the range should have been removed)"),
        ("CCWJQ", lambda i: table.codes[i] == "0101",
         "拆除未尽区 over 0101 水田 (cleared and farmed: the range should have been removed)"),
        ("GCHZZ", lambda i: table.codes[i] == "0301",
         "工厂化种植 on 0301 乔木林地 (allowed only in 1202 or 0601)"),
    ]  # fmt: skip
    for table_name, test, detail in wrong:
        cands = [
            i
            for i in range(n_base)
            if test(i) and (i not in busy or table_name == "TTQ") and not linear[i]
        ]
        if not cands:
            continue
        row = int(cands[int(rng.integers(len(cands)))])
        busy.add(row)
        layers[table_name].geoms.append(singles.range_shape(rng, geoms[row]))
        layers[table_name].hosts.append(row)
        single_pending.append((table_name, detail, "", row))

    attr_items = plant_attributes(rng, cols, table, busy, profile, wfield)
    if change_row is not None:  # change defect: 新增耕地 marked 休耕
        cols["ZZSXDM"][change_row], cols["ZZSXMC"][change_row] = "XG", zzsx_names["XG"]
        cols["BZ"][change_row] = None
    lap("attributes")

    # areas with the project's ellipsoidal-area code, then the area defect
    kcxs = [k or 0.0 for k in cols["KCXS"]]
    cols.update(area_columns(geoms, kcxs, zone))
    prev_cols.update(area_columns(parcels.geoms, [k or 0.0 for k in prev_cols["KCXS"]], zone))
    tbmj_row = None
    cands = [i for i in range(n_all) if i not in busy and i not in table.deleted]
    if cands:
        tbmj_row = int(cands[int(rng.integers(len(cands)))])
        busy.add(tbmj_row)
        true_area = cols["TBMJ"][tbmj_row]
        wrong_pa = parcel_areas(true_area + 5.0, float(kcxs[tbmj_row]))
        cols["TBMJ"][tbmj_row] = float(wrong_pa.tbmj)
        cols["KCMJ"][tbmj_row] = float(wrong_pa.kcmj)
        cols["TBDLMJ"][tbmj_row] = float(wrong_pa.tbdlmj)
    lap("areas")

    # log every defect now that BSMs are final
    def bsm(row: int) -> str:
        return str(cols["BSM"][row])

    for category, kind, detail, rows, extra in facts["pending"]:
        related = [bsm(r) for r in rows[1:]]
        extra = extra | {"tbbh": cols["TBBH"][rows[0]]}
        log.add(Defect(category, kind, "DLTB", bsm(rows[0]), detail, related, extra), tuple(rows))
    for kind, detail, rows in attr_items:
        related = [bsm(r) for r in rows[1:]]
        where = {"zldwdm": cols["ZLDWDM"][rows[0]], "tbbh": cols["TBBH"][rows[0]]}
        log.add(
            Defect("attribute", kind, "DLTB", bsm(rows[0]), detail, related, where), tuple(rows)
        )
    if change_row is not None:
        was = parcels.dlbm_prev[change_row]
        detail = f"新增耕地 (was {was} in {PREVIOUS_YEAR}) with ZZSXDM XG 休耕, not allowed"
        log.add(Defect("change", "new_cultivated_fallow", "DLTB", bsm(change_row), detail))
    if tbmj_row is not None:
        tbmj = cols["TBMJ"][tbmj_row]
        detail = (
            f"TBMJ {tbmj:.2f} is 5.00 m² more than the ellipsoidal area "
            "(KCMJ/TBDLMJ follow the wrong TBMJ)"
        )
        extra = {"tbmj_true": round(tbmj - 5.0, 2)}
        log.add(Defect("area", "tbmj_off", "DLTB", bsm(tbmj_row), detail, extra=extra))

    # single layers: areas and values, BSMs continue after DLTB
    single_values: dict[str, dict] = {}
    next_bsm = BSM_SINGLE
    for table_name, layer in layers.items():
        n_rng = len(layer.geoms)
        bsms = [f"{classes.COUNTY_CODE}{next_bsm + i:012d}" for i in range(n_rng)]
        next_bsm += n_rng
        if n_rng:
            raw = np.asarray(ellipsoidal_areas(np.asarray(layer.geoms, dtype=object), zone))
            areas = [float(parcel_areas(float(a), 0.0).tbmj) for a in raw]
        else:
            areas = []
        zldw = [(cols["ZLDWDM"][h], cols["ZLDWMC"][h]) for h in layer.hosts]
        single_values[table_name] = singles.fill(layer, np.asarray(areas), zldw, bsms, SURVEY_YEAR)
        for s_name, detail, _, row in single_pending:
            if s_name == table_name:
                k = layer.hosts.index(row)
                log.add(Defect("single_layer", f"{table_name.lower()}_wrong_host", table_name,
                               bsms[k], detail, [bsm(row)],
                               {"host_dlbm": table.codes[row]}), (row,))  # fmt: skip

    # photos
    shots: list[photos.Shot] = []
    if with_photos:
        shots = make_shots(rng, table, cols, parcels, busy, log, geoms, county)
        folder = out / "photos"
        folder.mkdir(parents=True, exist_ok=True)
        for shot in shots:
            photos.write_photo(rng, folder, shot)
    lap("photos")

    keep = [i for i in range(n_all) if i not in table.deleted]
    write_gpkg(out, county, units, geoms, cols, keep, parcels, prev_cols, layers,
               single_values, shots, profile)  # fmt: skip
    lap("gpkg")
    imagery_sidecar: dict = {}
    imagery_defects: list[dict] = []
    if with_imagery:
        overlays = {t: layers[t].geoms for t in layers}
        # what the images show where it differs from the records (imagery rules' cases)
        plan = imagery.plan_cases(
            np.random.default_rng(seed + 808), geoms, list(table.codes),
            imagery.previous_looks(geoms, list(table.codes), list(parcels.dlbm_prev),
                                   np.asarray(parcels.geoms, dtype=object)),
            np.array([i not in busy and i not in parcels.changes for i in range(n_all)]),
            parcels.changes, {t: layers[t].hosts for t in layers},
            {(t, row) for t, _, _, row in single_pending}, set(table.deleted), linear_all,
        )  # fmt: skip
        imagery_sidecar = imagery.write_images(
            out, EPSG, tuple(county.boundary.bounds), geoms, keep, overlays, plan, seed
        )
        for n_case, case in enumerate(plan.cases):
            if case.key:  # a case about a whole raster (its date)
                key = case.key
            elif case.layer == "DLTB":
                key = bsm(case.row)
            else:
                key = str(single_values[case.layer]["BSM"][case.row])
            imagery_defects.append({
                "id": n_case + 1, "category": "imagery", "kind": case.kind,
                "layer": case.layer, "key": key, "detail": case.detail,
                "related": [bsm(r) for r in case.related], "extra": case.extra,
            })  # fmt: skip
    lap("imagery")
    if with_project:
        from scripts.demo_data.project import write_project

        write_project(out, EPSG, with_imagery, bool(shots))
    lap("project")

    summary = {
        "seed": seed,
        "parcels": len(keep),
        "parcels_2023": n_base,
        "villages": len(county.villages),
        "photos": len(shots),
        "crs": f"EPSG:{EPSG}",
        "county_area_m2": round(float(county.boundary.area), 2),
        "gap_area_m2": round(facts["gap_area"], 4),
        "overlap_area_m2": round(facts["overlap_area"], 4),
        "notch_area_m2": round(facts["notch_area"], 4),
    }
    sidecar = {
        **summary,
        "defect_bsms": sorted({d.key for d in log.items if d.layer == "DLTB"}
                              | {r for d in log.items if d.layer == "DLTB" for r in d.related}),
        "changes": {bsm(i): {"was": parcels.dlbm_prev[i], "now": table.codes[i], "kind": k}
                    for i, k in sorted(parcels.changes.items())},
        "photo_targets": {s.file_name: s.bsm for s in shots},
        "defects": log.as_json(),
        "imagery": imagery_sidecar,  # which raster is which date (IMAGERY / PREVIOUS_IMAGERY)
        "imagery_defects": imagery_defects,  # planted imagery cases, found only with the images
    }  # fmt: skip
    (out / "defects.json").write_text(
        json.dumps(sidecar, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    lap("sidecar")
    times["total"] = round(time.perf_counter() - t0, 2)
    return {**summary, "defects": len(log.items), "times": times}


def make_shots(rng, table: Table, cols, parcels, busy, log: DefectLog, geoms, county):
    """Photos for 新增耕地, 耕地→construction and a sample of other parcels, plus 4 bad ones."""
    n_base = len(parcels)
    targets = [i for i, k in sorted(parcels.changes.items()) if i not in table.deleted]
    others = [i for i in range(n_base) if i not in parcels.changes and i not in table.deleted]
    sample = rng.choice(others, min(len(others), max(10, len(others) // 40)), replace=False)
    targets += sorted(int(i) for i in sample)
    start = datetime(2024, 10, 16, 9, 0, 0)
    shots: list[photos.Shot] = []
    positions = []
    for row in targets:
        count = 2 if parcels.changes.get(row) == "新增耕地" else 1
        for j in range(count):
            cam, look = photos.camera_for(rng, geoms[row])
            positions.append((row, j, cam, look, None))
    # the four photo defects, each on its own extra shot of a sampled parcel
    bad = [("no_gps", None), ("far_away", 310.0), ("looking_away", None), ("truncated", None)]
    spare = [int(i) for i in sample if int(i) not in busy][: len(bad)]
    for (kind, dist), row in zip(bad, spare):
        cam, look = photos.camera_for(rng, geoms[row], distance=dist)
        if kind == "looking_away":
            cam, look = photos.camera_for(rng, geoms[row], distance=12.0)
            look = (2 * cam[0] - look[0], 2 * cam[1] - look[1])
        positions.append((row, 9, cam, look, kind))
    cams = np.array([p[2] for p in positions])
    looks = np.array([p[3] for p in positions])
    lon, lat = photos.to_lonlat(EPSG, cams[:, 0], cams[:, 1])
    llon, llat = photos.to_lonlat(EPSG, looks[:, 0], looks[:, 1])
    height = county.height(cams[:, 0] - county.centre[0], cams[:, 1] - county.centre[1])
    for k, (row, j, cam, _look, kind) in enumerate(positions):
        name = f"{cols['BSM'][row]}_{j + 1}.jpg"
        shot = photos.Shot(
            file_name=name,
            row=row,
            bsm=str(cols["BSM"][row]),
            e=float(cam[0]),
            n=float(cam[1]),
            lon=float(lon[k]),
            lat=float(lat[k]),
            altitude=round(1000.0 + 350.0 * float(height[k]), 1),
            azimuth=round(photos.bearing(lon[k], lat[k], llon[k], llat[k]), 2),
            taken_at=start + timedelta(minutes=7 * k, seconds=int(rng.integers(60))),
            dlbm=table.codes[row],
            gps=kind != "no_gps",
            corrupt=kind == "truncated",
        )
        shots.append(shot)
        if kind is None:
            continue
        poly = geoms[row]
        dist = float(shapely.distance(shapely.Point(cam), poly))
        detail = {
            "no_gps": "EXIF has no GPS block (no position, no azimuth)",
            "far_away": f"taken {dist:.0f} m from the parcel it documents",
            "looking_away": f"camera {dist:.0f} m outside the parcel but azimuth "
            f"{shot.azimuth:.0f}° points away from it",
            "truncated": "file truncated to 160 bytes: the JPEG/EXIF header is corrupt",
        }[kind]
        log.add(
            Defect(
                "photo", kind, "photos", name, detail, [shot.bsm], {"distance_m": round(dist, 1)}
            )
        )
    free = [int(i) for i in others if int(i) not in busy and int(i) not in spare]
    changed = {i: parcels.changes[i] for i in targets if i in parcels.changes and i not in busy}
    photos.plant_evidence_defects(
        rng, shots, free, changed, cols["BSM"], table.codes, geoms, log, EPSG
    )
    return shots


def write_gpkg(
    out, county, units, geoms, cols, keep, parcels, prev_cols, layers, single_values, shots, profile
) -> None:
    ds = open_gpkg(out / "county.gpkg")
    poly = ogr.wkbMultiPolygon
    tbmj = np.asarray(cols["TBMJ"], dtype=float)
    keep_arr = np.asarray(keep)
    write_layer(ds, "XZQ", EPSG, poly, XZQ_COLUMNS, [county.boundary], {
        "BSM": [f"{classes.COUNTY_CODE}{1:012d}"],
        "XZQDM": [classes.COUNTY_CODE], "XZQMC": [classes.COUNTY_NAME],
        "DCMJ": [round(float(tbmj[keep_arr].sum()), 2)],
    })  # fmt: skip
    village_arr = np.asarray(cols["ZLDWDM"], dtype=object)[keep_arr]
    write_layer(ds, "CJDCQ", EPSG, poly, CJDCQ_COLUMNS, county.villages, {
        "BSM": [f"{classes.COUNTY_CODE}{10 + v:012d}" for v in range(len(county.villages))],
        "ZLDWDM": [units.zldwdm(v) for v in range(len(county.villages))],
        "ZLDWMC": units.village_name,
        "XZMC": units.town_name,
        "DCMJ": [round(float(tbmj[keep_arr][village_arr == units.zldwdm(v)].sum()), 2)
                 for v in range(len(county.villages))],
    })  # fmt: skip
    dltb_cols = [Column.of(f) for f in profile.dltb.fields]
    write_layer(ds, "DLTB", EPSG, poly, dltb_cols, geoms[keep_arr],
                {k: [v[i] for i in keep] for k, v in cols.items()})  # fmt: skip
    write_layer(ds, "DLTB_2023", EPSG, poly, dltb_cols, parcels.geoms, prev_cols)
    for table_name, layer in layers.items():
        write_layer(ds, table_name, EPSG, poly, layer.columns, layer.geoms,
                    single_values[table_name])  # fmt: skip
    located = [s for s in shots if s.gps and not s.corrupt]
    records = [read_photo(out / "photos" / s.file_name).attributes() for s in located]
    write_layer(ds, "photos", EPSG, ogr.wkbPoint, PHOTO_COLUMNS,
                [shapely.Point(s.e, s.n) for s in located],
                {c.name: [r[c.name] for r in records] for c in PHOTO_COLUMNS})  # fmt: skip
    ds = None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "demo")
    parser.add_argument("--parcels", type=int, default=3000, help="about this many parcels")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-photos", action="store_true")
    parser.add_argument("--no-imagery", action="store_true")
    parser.add_argument("--photos", action="store_true", help="force photos on big counties")
    parser.add_argument("--imagery", action="store_true", help="force imagery on big counties")
    parser.add_argument("--no-project", action="store_true", help="skip county.qgs (no QGIS)")
    args = parser.parse_args(argv)
    with_photos = False if args.no_photos else (True if args.photos else None)
    with_imagery = False if args.no_imagery else (True if args.imagery else None)
    result = generate(
        args.out.resolve(), args.parcels, args.seed, with_photos, with_imagery, not args.no_project
    )
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
