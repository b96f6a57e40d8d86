"""Land classes and DLTB attributes for both survey years, consistent with reference.md §1–§3.

Every name (DLMC, ZZSXMC, TBXHMC) comes from the loaded profile, so a profile change shows
up here without editing this file; the few tables below only say how likely a class is in
which terrain, which no standard prescribes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely

from scripts.demo_data.geometry import HAMLET_RADIUS, County, Pieces

COUNTY_CODE = "520199"  # fictional county code in Guizhou (52)
COUNTY_NAME = "演示县"
YSDM_DLTB = "2001010100"  # reference.md §1 (inferred)
STATE_QSDW = COUNTY_CODE + "0" * 13

# terrain zone -> class weights (Guizhou: mostly forest and dry land, paddies in valleys)
ZONES: dict[str, dict[str, float]] = {
    "hamlet": {
        "0702": 62, "0103": 6, "0101": 4, "1202": 4, "08H2": 2, "05H1": 3, "1201": 3,
        "0601": 2, "0201": 4, "1104": 2, "0301": 5, "09": 0.5, "1004": 2.5,
    },
    "valley": {
        "0101": 44, "0103": 22, "0102": 3, "1104": 4, "1104A": 1, "0201": 4, "0202": 2,
        "0301": 8, "0404": 4, "1202": 3, "0307": 3, "1206": 1, "0601": 1,
    },
    "slope": {
        "0103": 38, "0301": 25, "0305": 6, "0307": 5, "0202": 7, "0201": 4, "0404": 7,
        "0302": 2, "0101": 4, "1206": 1, "1207": 1,
    },
    "hill": {
        "0301": 56, "0305": 14, "0307": 6, "0302": 4, "0404": 8, "0103": 6, "1207": 3,
        "1206": 1, "0602": 0.5, "0202": 2,
    },
}  # fmt: skip
PLANTING = {"LS": 60, "FLS": 18, "LYFL": 10, "WG": 6, "XG": 3, "LLJZ": 3}
# 田坎系数 by (GDLX, GDPDJB); TT from reference.md §3.5, PD values are made up for the demo
TIANKAN = {
    ("TT", "2"): 0.068, ("TT", "3"): 0.1195, ("TT", "4"): 0.1886, ("TT", "5"): 0.2557,
    ("PD", "2"): 0.0352, ("PD", "3"): 0.0781, ("PD", "4"): 0.1193, ("PD", "5"): 0.1589,
}  # fmt: skip
CZC_CODES = {"0601": "203A", "0602": "204", "09": "205"}
STATE_OWNED = ("1101", "1003", "0601", "08H2", "09", "0602")
RECOVERABLE = ("0201", "0202", "0204", "0301", "0302", "0305", "0307", "1104")
FALLBACK_NAMES = {  # reference.md §3.1/§3.2, used only if the profile lacks the domain
    "LS": "种植粮食作物", "FLS": "种植非粮作物", "LYFL": "粮与非粮轮作", "XG": "休耕",
    "LLJZ": "林粮间作", "WG": "未耕种", "JKHF": "即可恢复", "GCHF": "工程恢复",
    "SMGD": "石漠化耕地",
}  # fmt: skip
SYLLABLES = list("石桥坪寨沙坝龙井水田塘山岩花竹松云凤马牛新大小上下高平安乐青河溪")


@dataclass
class Units:
    """Towns and villages (坐落单位) with their codes and names."""

    village_code: list[str]  # 12 digits
    village_name: list[str]
    town_name: list[str]

    def zldwdm(self, v: int) -> str:
        return self.village_code[v] + "0000000"


@dataclass
class Parcels:
    """The parcel table: one geometry and one value per field and parcel, both years."""

    geoms: np.ndarray
    village: np.ndarray
    dlbm: list[str]
    dlbm_prev: list[str]
    width: list[float | None]
    attrs: dict[str, list] = field(default_factory=dict)
    prev: dict[str, list] = field(default_factory=dict)
    geoms_prev: np.ndarray | None = None
    changes: dict[int, str] = field(default_factory=dict)  # parcel -> change kind

    def __len__(self) -> int:
        return len(self.dlbm)


def make_units(rng: np.random.Generator, county: County) -> Units:
    """Names are two random syllables; codes are town 100+t, village 200+v."""
    used: set[str] = set()

    def name(suffix: str) -> str:
        while True:
            cand = "".join(rng.choice(SYLLABLES, 2)) + suffix
            if cand not in used:
                used.add(cand)
                return cand

    towns = [name("镇") for _ in range(int(county.village_town.max()) + 1)]
    codes, names = [], []
    for v, t in enumerate(county.village_town):
        codes.append(f"{COUNTY_CODE}{100 + int(t):03d}{200 + v:03d}")
        names.append(name("村"))
    return Units(codes, names, [towns[int(t)] for t in county.village_town])


def assign_cell_classes(
    rng: np.random.Generator, county: County, classification: dict
) -> np.ndarray:
    """One DLBM per Voronoi cell from terrain height and nearness to a hamlet."""
    sx, sy = county.seeds[:, 0] - county.centre[0], county.seeds[:, 1] - county.centre[1]
    h = county.height(sx, sy)
    zone = np.where(h < 0.3, "valley", np.where(h < 0.55, "slope", "hill")).astype(object)
    zone[county.hamlet_dist < HAMLET_RADIUS] = "hamlet"
    out = np.empty(len(h), dtype=object)
    for name, weights in ZONES.items():
        codes = [c for c in weights if c in classification]
        p = np.array([weights[c] for c in codes], dtype=float)
        sel = np.flatnonzero(zone == name)
        out[sel] = np.asarray(codes, dtype=object)[rng.choice(len(codes), sel.size, p=p / p.sum())]
    return out


def min_areas(profile, codes: np.ndarray) -> np.ndarray:
    """Minimum mapping area per parcel, never below 300 m² (the demo's smallest parcel).

    Pieces are merged by planar area, which here is ~0.04 % above the ellipsoidal area the
    checks use (130 km off the central meridian): a 0.2 % margin keeps clean parcels clean.
    """
    cache = {c: max(300.0, float(profile.min_mapping_area(c))) * 1.002 for c in set(codes)}
    return np.array([cache[c] for c in codes])


def domain_names(profile, field_name: str) -> dict[str, str]:
    """Code -> name for the value domain of a DLTB field, from the profile when it has one."""
    spec = next((f for f in profile.dltb.fields if f.name == field_name), None)
    domain = getattr(spec, "domain", None) if spec else None
    values = {}
    if domain and domain in profile.domains:
        values = dict(profile.domains[domain].values)
    return {**FALLBACK_NAMES, **values}


def width_field(profile) -> str:
    names = {f.name for f in profile.dltb.fields}
    return "XZDWKD" if "XZDWKD" in names else "XXTBKD"


def build_parcels(county: County, pieces: Pieces, codes: np.ndarray) -> Parcels:
    """Order parcels north-west first per village so TBBH reads like a real survey."""
    reps = shapely.point_on_surface(pieces.geoms)
    x, y = shapely.get_x(reps), shapely.get_y(reps)
    order = np.lexsort((x, -np.round(y, -2), pieces.village))
    widths: list[float | None] = []
    for f in pieces.feature[order]:
        widths.append(county.features[f].width if f >= 0 else None)
    codes = np.asarray(codes, dtype=object)[order]
    return Parcels(
        geoms=pieces.geoms[order],
        village=pieces.village[order],
        dlbm=list(codes),
        dlbm_prev=list(codes),
        width=widths,
    )


def cultivated(code: str) -> bool:
    return code[:2] == "01"


def make_draws(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Random numbers per parcel, drawn once so that both years share them."""
    u = rng.random((n, 6))
    planting_codes = list(PLANTING)
    weights = np.array([PLANTING[c] for c in planting_codes], dtype=float)
    return u, rng.choice(planting_codes, n, p=weights / weights.sum())


def fill_attributes(
    draws: tuple[np.ndarray, np.ndarray],
    county: County,
    units: Units,
    profile,
    geoms: np.ndarray,
    village: np.ndarray,
    width: list[float | None],
    codes: list[str],
    year: int,
    bsm_start: int,
) -> dict[str, list]:
    """All DLTB fields except the areas, for one year's classes ``codes``."""
    n = len(codes)
    classification = profile.classification
    zzsx_names = domain_names(profile, "ZZSXDM")
    tbxh_names = domain_names(profile, "TBXHDM")
    wfield = width_field(profile)
    reps = shapely.point_on_surface(geoms)
    h = county.height(
        shapely.get_x(reps) - county.centre[0], shapely.get_y(reps) - county.centre[1]
    )
    u, planting = draws
    cols: dict[str, list] = {f.name: [None] * n for f in profile.dltb.fields}
    tbbh_next: dict[int, int] = {}
    for i, code in enumerate(codes):
        v = int(village[i])
        tbbh_next[v] = tbbh_next.get(v, 0) + 1
        zldwdm = units.zldwdm(v)
        cols["BSM"][i] = f"{COUNTY_CODE}{bsm_start + i:012d}"
        cols["YSDM"][i] = YSDM_DLTB
        cols["TBBH"][i] = str(tbbh_next[v])
        cols["DLBM"][i] = code
        cols["DLMC"][i] = classification[code].name
        if code in STATE_OWNED:
            qsxz, qsdm, qsmc = "10", STATE_QSDW, COUNTY_NAME + "国有"
        elif u[i, 0] < 0.25:
            group = 1 + int(u[i, 1] * 6)
            qsxz = "31"
            qsdm = units.village_code[v] + f"{group:03d}0000"
            qsmc = f"{units.village_name[v]}{group}组农民集体"
        else:
            qsxz, qsdm, qsmc = "30", zldwdm, units.village_name[v] + "农民集体"
        cols["QSXZ"][i], cols["QSDWDM"][i], cols["QSDWMC"][i] = qsxz, qsdm, qsmc
        cols["ZLDWDM"][i], cols["ZLDWMC"][i] = zldwdm, units.village_name[v]
        cols["KCXS"][i] = 0.0
        if cultivated(code):
            slope = h[i] * 4.2 + u[i, 2] * 1.6 - (0.9 if code == "0101" else 0.0)
            level = str(int(np.clip(1 + np.floor(slope), 1, 5)))
            cols["GDPDJB"][i] = level
            if level != "1":
                terraced = code == "0101" or u[i, 3] < 0.35
                gdlx = "TT" if terraced else "PD"
                cols["GDLX"][i] = gdlx
                cols["KCXS"][i] = TIANKAN[(gdlx, level)]
                cols["KCDLBM"][i] = "1203"
            zz = str(planting[i])
            if code == "0103" and h[i] > 0.5 and u[i, 4] < 0.25:
                cols["TBXHDM"][i], cols["TBXHMC"][i] = "SMGD", tbxh_names["SMGD"]
                zz = zz if zz in ("LS", "FLS", "LYFL") else "LS"
            cols["ZZSXDM"][i], cols["ZZSXMC"][i] = zz, zzsx_names[zz]
            grade = 9 + round(float(h[i] * 5 + u[i, 5] * 2))
            cols["GDDB"][i] = int(np.clip(grade, 1, 15))
        elif code in RECOVERABLE and u[i, 4] < 0.04:
            zz = "JKHF" if u[i, 5] < 0.5 else "GCHF"
            cols["ZZSXDM"][i], cols["ZZSXMC"][i] = zz, zzsx_names[zz]
        elif code == "0404" and u[i, 4] < 0.03:
            cols["ZZSXDM"][i], cols["ZZSXMC"][i] = "GCHF", zzsx_names["GCHF"]
        if code[:2] in ("05", "06", "07", "08", "09") or code in ("1004", "1005", "1201"):
            cols["CZCSXM"][i] = CZC_CODES.get(code, "203")  # reference.md §3.3: mandatory
        if width[i] is not None and code in ("1001", "1003", "1006", "1009", "1101", "1107"):
            cols[wfield][i] = float(width[i])
        cols["SJNF"][i] = year
        cols["MSSM"][i] = "00"
    return cols


def plan_changes(
    rng: np.random.Generator, parcels: Parcels, classification: dict
) -> dict[int, str]:
    """Pick last year's classes for a few parcels: 新增耕地, 耕地 to construction, others."""
    codes = parcels.dlbm
    linear = np.array([w is not None for w in parcels.width])
    n = len(codes)
    idx = np.arange(n)
    changes: dict[int, str] = {}

    def pick(mask: np.ndarray, count: int) -> np.ndarray:
        cand = idx[mask & ~np.isin(idx, list(changes))]
        return rng.choice(cand, min(count, cand.size), replace=False) if cand.size else cand

    code_arr = np.asarray(codes, dtype=object)
    is_gd = np.array([cultivated(c) for c in codes])
    scale = max(1.0, n / 1000)
    for i in pick(is_gd & ~linear, max(5, round(4 * scale))):
        parcels.dlbm_prev[i] = str(rng.choice(["0307", "0404", "1206"]))
        changes[int(i)] = "新增耕地"
    built = np.isin(code_arr, ["0702", "0601"]) & ~linear
    for i in pick(built, max(4, round(3 * scale))):
        parcels.dlbm_prev[i] = str(rng.choice(["0103", "0101"]))
        changes[int(i)] = "耕地转建设"
    road = code_arr == "1003"
    for i in pick(road, 1):
        parcels.dlbm_prev[i] = "0103"
        changes[int(i)] = "耕地转建设"
    others = [("0301", "1206"), ("0301", "0103"), ("1202", "0103"), ("1104A", "0101")]
    for now, before in others:
        if now not in classification or before not in classification:
            continue
        for i in pick((code_arr == now) & ~linear, max(1, round(scale))):
            parcels.dlbm_prev[i] = before
            changes[int(i)] = f"{before}→{now}"
    return changes


def tidy_new_cultivated(
    rng: np.random.Generator, cols: dict, prev: dict, parcels: Parcels, zzsx_names: dict
) -> None:
    """新增耕地 never carries 休耕/未耕种; some are marked 「2024未种植」 (seed 000, 新增耕地)."""
    for i, kind in sorted(parcels.changes.items()):
        if kind != "新增耕地":
            continue
        if cols["ZZSXDM"][i] not in ("LS", "FLS", "LYFL"):
            cols["ZZSXDM"][i], cols["ZZSXMC"][i] = "LS", zzsx_names["LS"]
        if rng.random() < 0.3:
            cols["BZ"][i] = "2024未种植"
        if cols["TBXHDM"][i]:
            cols["TBXHDM"][i] = cols["TBXHMC"][i] = None
        if parcels.dlbm_prev[i] in ("0404", "0307") and rng.random() < 0.5:
            prev["ZZSXDM"][i], prev["ZZSXMC"][i] = "GCHF", zzsx_names["GCHF"]
