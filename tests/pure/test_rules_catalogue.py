"""Every rule of the national catalogue (and Guizhou's remark rule) fails and passes on purpose.

One table: for each rule id, edits of the hand-made county of test_rule_kinds.py that make the
rule fail (with the exact feature keys it must name) and edits that come close but must pass
(the boundary value, the class the rule exempts, the other rule's case). The failing run is
made in Chinese and English and every message must be fully rendered.

The QGIS-expression rule (``sjnf_year``) needs QGIS: tests/qgis_core/test_expression_rules.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import shapely

from landsurvey_plugin.model.profile import Profile
from landsurvey_plugin.rules.catalogue import rules_of
from tests.pure.test_rule_kinds import (
    CELL,
    GUIZHOU,
    NATIONAL,
    PLACEHOLDER,
    County,
    box,
    cell,
    keys_of,
    outcome,
    range_in,
    run,
    spec_of,
)

Edit = Callable[[County], object]
TIANKAN = dataclasses.replace(NATIONAL, tiankan={"PD2": 0.1, "TT2": 0.05})
OTHER_VILLAGE = "5201991002020000000"
VILLAGE18 = OTHER_VILLAGE[:18]
RANGE_KEYS = {"TTQ": "T1", "GFBQ": "G1", "CCWJQ": "C1", "GCHZZ": "Z1"}
EXPRESSION_RULES = {"sjnf_year"}


@dataclass(frozen=True)
class Fail:
    rule: str
    edit: Edit
    keys: tuple[str, ...]  # the feature_key of each finding, sorted
    profile: Profile = NATIONAL


@dataclass(frozen=True)
class Pass:
    rule: str
    edit: Edit
    profile: Profile = NATIONAL


# -- shapes -------------------------------------------------------------------------------


def bowtie(shape: shapely.Polygon) -> shapely.Polygon:
    x0, y0, x1, y1 = shape.bounds
    return shapely.Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])


def repeated_vertex(shape: shapely.Polygon) -> shapely.Polygon:
    x0, y0, x1, y1 = shape.bounds
    return shapely.Polygon([(x0, y0), (x1, y0), (x1, y0), (x1, y1), (x0, y1)])


def extra_vertex(shape: shapely.Polygon) -> shapely.Polygon:
    """A collinear vertex in the middle of an edge: not a repeated one."""
    x0, y0, x1, y1 = shape.bounds
    return shapely.Polygon([(x0, y0), ((x0 + x1) / 2, y0), (x1, y0), (x1, y1), (x0, y1)])


def two_parts(shape: shapely.Polygon) -> shapely.MultiPolygon:
    x0, y0, x1, y1 = shape.bounds
    third = (x1 - x0) / 3
    return shapely.MultiPolygon(
        [shapely.box(x0, y0, x0 + third, y1), shapely.box(x1 - third, y0, x1, y1)]
    )


def with_hole(shape: shapely.Polygon) -> shapely.Polygon:
    return shape.difference(shape.centroid.buffer(2.0, quad_segs=4))


def shape_of(county: County, role: str, key: str):
    return county.row(role, key)["geom"]


# -- the table ----------------------------------------------------------------------------

FAILS: list[Fail] = []
PASSES: list[Pass] = []


def fail(rule: str, edit: Edit, *keys: str, profile: Profile = NATIONAL) -> None:
    FAILS.append(Fail(rule, edit, tuple(sorted(keys)), profile))


def passes(rule: str, *edits: Edit, profile: Profile = NATIONAL) -> None:
    PASSES.extend(Pass(rule, edit, profile) for edit in edits)


def new_cultivated(county: County, key: str = "B03", **values) -> County:
    """B03 was 0301 last year and is 0103 now (新增耕地), with the given attributes."""
    attrs = {"ZZSXDM": "LS", "ZZSXMC": "种植粮食作物", "GDPDJB": "1", "GDDB": 5}
    return county.dltb(key, DLBM="0103", DLMC="旱地", **(attrs | values))


# geometry, for DLTB and the single layers
for role, key in [("DLTB", "B01"), *RANGE_KEYS.items()]:
    prefix = role.lower()

    def edit_shape(make, role=role, key=key) -> Edit:
        return lambda c: c.set(role, key, geom=make(shape_of(c, role, key)))

    fail(f"{prefix}_geometry_invalid", edit_shape(bowtie), key)
    fail(
        f"{prefix}_geometry_invalid",
        lambda c, role=role, key=key: c.set(role, key, geom=None, problem="unreadable geometry"),
        key,
    )
    passes(f"{prefix}_geometry_invalid", edit_shape(with_hole), edit_shape(repeated_vertex))
    fail(f"{prefix}_geometry_empty", lambda c, role=role, key=key: c.set(role, key, geom=None), key)
    fail(
        f"{prefix}_geometry_empty",
        lambda c, role=role, key=key: c.set(role, key, geom=shapely.Polygon()),
        key,
    )
    fail(
        f"{prefix}_geometry_empty",
        lambda c, role=role, key=key: c.set(
            role, key, geom=None, problem="not a polygon (LineString)"
        ),
        key,
    )
    passes(
        f"{prefix}_geometry_empty",
        lambda c, role=role, key=key: c.set(role, key, geom=None, problem="unreadable geometry"),
        edit_shape(bowtie),
    )
    fail(f"{prefix}_multipart", edit_shape(two_parts), key)
    passes(f"{prefix}_multipart", edit_shape(lambda s: shapely.MultiPolygon([s])))

fail("dltb_duplicate_vertex", lambda c: c.dltb("B02", geom=repeated_vertex(cell(1, 0))), "B02")
fail(
    "dltb_duplicate_vertex",
    lambda c: c.set("TTQ", "T1", geom=repeated_vertex(range_in("B03"))).dltb(
        "B04", geom=shapely.MultiPolygon([cell(3, 0), repeated_vertex(box(300, 0, 5, 5))])
    ),
    "B04",  # only DLTB is checked; the second part of a multipolygon counts too
)
passes("dltb_duplicate_vertex", lambda c: c.dltb("B02", geom=extra_vertex(cell(1, 0))))

fail("dltb_sliver", lambda c: c.add("DLTB", "B13", box(10, 10, 2, 2)), "B13")
passes("dltb_sliver", lambda c: c.add("DLTB", "B13", box(10, 10, 4, 4)))

fail("dltb_narrow", lambda c: c.add("DLTB", "B13", box(0, 0, 2, 60), DLBM="0301"), "B13")
passes(
    "dltb_narrow",
    lambda c: c.add("DLTB", "B13", box(0, 0, 2, 60), DLBM="1006"),  # linear classes are exempt
    lambda c: c.add("DLTB", "B13", box(0, 0, 10, 60), DLBM="0301"),
)

fail("dltb_overlap", lambda c: c.dltb("B02", geom=box(45, 0, 55, 50)), "B01;B02")
fail("dltb_overlap", lambda c: c.add("DLTB", "B13", box(180, 130, 40, 40)), "B12;B13")
passes(
    "dltb_overlap",
    lambda c: c.dltb("B02", geom=box(CELL - 1e-4, 0, CELL + 1e-4, CELL)),  # 0.005 m² < 0.01
    lambda c: c.dltb("B02", geom=box(CELL + 1, 0, CELL - 1, CELL)),  # a gap is not an overlap
)

fail("dltb_gap", lambda c: c.dltb("B06", geom=cell(1, 1).difference(box(99, 60, 1, 10))), "B06;B07")
fail("dltb_gap", lambda c: c.dltb("B03", geom=with_hole(cell(2, 0))), "B03")
fail("dltb_gap", lambda c: c.dltb("B04", geom=box(150, 0, 49, 50)), "B04;B08")
passes(
    "dltb_gap",
    lambda c: c.dltb("B06", geom=cell(1, 1).difference(box(99.95, 60, 0.05, 0.1))),  # 0.005 m²
    lambda c: c.dltb("B02", geom=box(45, 0, 55, 50)),  # an overlap is not a gap
)

fail("dltb_outside_xzq", lambda c: c.dltb("B04", geom=box(150, 0, 60, 50)), "B04")
fail("dltb_outside_xzq", lambda c: c.add("DLTB", "B13", box(300, 300, 20, 20)), "B13")
passes(
    "dltb_outside_xzq",
    lambda c: c.dltb("B04", geom=box(150, 0, CELL + 1e-4, CELL)),  # 0.005 m² < 0.01
    lambda c: c.dltb("B04", geom=box(150, 0, 40, 40)),  # inside, away from the line
)

for role, key in RANGE_KEYS.items():
    prefix = role.lower()
    fail(
        f"{prefix}_outside_xzq",
        lambda c, role=role, key=key: c.set(role, key, geom=box(190, 15, 20, 20)),
        key,
    )
    passes(
        f"{prefix}_outside_xzq",
        lambda c, role=role, key=key: c.set(role, key, geom=box(180, 15, 20, 20)),
    )
    fail(
        f"{prefix}_overlap",
        lambda c, role=role, key=key: c.add(role, key + "b", shape_of(c, role, key).buffer(-5)),
        f"{key};{key}b",
    )
    passes(
        f"{prefix}_overlap",
        lambda c, role=role, key=key: c.add(
            role, key + "b", shapely.affinity.translate(shape_of(c, role, key), 20, 0)
        ),  # touching along an edge
    )
    area_field = NATIONAL.single_layers[role].area_field
    fail(
        f"{prefix}_schema",
        lambda c, role=role, name=area_field: c.drop_field(role, name),
        f"field:{area_field}",
    )
    fail(
        f"{prefix}_schema",
        lambda c, role=role: c.fields[role].update(BSM="int"),
        "field:BSM",
    )
    passes(f"{prefix}_schema", lambda c, role=role: c.drop_field(role, "TBBH"))

fail("dltb_schema", lambda c: c.drop_field("DLTB", "MSSM"), "field:MSSM")
fail("dltb_schema", lambda c: c.drop_field("DLTB", "KCXS"), "field:KCXS")  # conditional (C)
fail("dltb_schema", lambda c: c.fields["DLTB"].update(TBMJ="string"), "field:TBMJ")
passes(
    "dltb_schema",
    lambda c: c.drop_field("DLTB", "TBYBH"),  # optional (O)
    lambda c: c.fields["DLTB"].update(DLBM="string"),
)

fail("dltb_required", lambda c: c.dltb("B02", MSSM=None).dltb("B05", TBBH=" "), "B02", "B05")
passes("dltb_required", lambda c: c.dltb("B02", TBYBH="", BZ=None))

fail("dlbm_unknown", lambda c: c.dltb("B01", DLBM="0199"), "B01")
fail("dlbm_unknown", lambda c: c.dltb("B01", DLBM="1208"), "B01")  # only Guizhou adds 1208
passes(
    "dlbm_unknown",
    lambda c: c.dltb("B01", DLBM=None),
    lambda c: c.dltb("B01", DLBM="0103 "),
)
passes("dlbm_unknown", lambda c: c.dltb("B01", DLBM="1208", DLMC="后备耕地"), profile=GUIZHOU)

fail("dlmc_mismatch", lambda c: c.dltb("B01", DLMC="水田"), "B01")
fail("dlmc_mismatch", lambda c: c.dltb("B01", DLMC=None), "B01")
passes("dlmc_mismatch", lambda c: c.dltb("B01", DLBM="0199", DLMC="其他"))

fail("bsm_unique", lambda c: c.dltb("B02", BSM="B01"), "B01")
passes("bsm_unique", lambda c: c.dltb("B01", BSM=None).dltb("B02", BSM=""))

fail("tbbh_unique", lambda c: c.dltb("B02", TBBH="1"), "B01;B02")
passes("tbbh_unique", lambda c: c.dltb("B02", TBBH="1", ZLDWDM=OTHER_VILLAGE))

for field in ("QSDWDM", "ZLDWDM"):
    fail(f"{field.lower()}_length", lambda c, f=field: c.dltb("B01", **{f: VILLAGE18}), "B01")
    passes(f"{field.lower()}_length", lambda c, f=field: c.dltb("B01", **{f: None}))

fail("qsxz_domain", lambda c: c.dltb("B01", QSXZ="99"), "B01")
passes("qsxz_domain", lambda c: c.dltb("B01", QSXZ="31"))

fail("zzsxdm_domain", lambda c: c.dltb("B01", ZZSXDM="XX"), "B01")
passes("zzsxdm_domain", lambda c: c.dltb("B01", ZZSXDM="FLS"))
fail("zzsxdm_class", lambda c: c.dltb("B01", ZZSXDM="JKHF"), "B01")
passes(
    "zzsxdm_class",
    lambda c: c.dltb("B03", ZZSXDM="JKHF"),
    lambda c: c.dltb("B01", ZZSXDM="XX"),  # not in the list: zzsxdm_domain's finding
)

fail("tbxhdm_domain", lambda c: c.dltb("B01", TBXHDM="ABCD"), "B01")
passes("tbxhdm_domain", lambda c: c.dltb("B10", TBXHDM="LQYD"))
fail("tbxhdm_class", lambda c: c.dltb("B01", TBXHDM="LQYD"), "B01")
passes("tbxhdm_class", lambda c: c.dltb("B10", TBXHDM="LQYD"))

fail("czcsxm_domain", lambda c: c.dltb("B05", CZCSXM="299"), "B05")
passes("czcsxm_domain", lambda c: c.dltb("B05", CZCSXM="202"))
fail("czcsxm_class", lambda c: c.dltb("B05", CZCSXM="204"), "B05")
fail("czcsxm_class", lambda c: c.dltb("B05", CZCSXM="203A"), "B05")
passes(
    "czcsxm_class", lambda c: c.dltb("B06", CZCSXM="201A"), lambda c: c.dltb("B05", CZCSXM="201")
)

fail("gdlx_domain", lambda c: c.dltb("B01", GDLX="XX"), "B01")
passes("gdlx_domain", lambda c: c.dltb("B01", GDLX="TT"))
fail("gdlx_class", lambda c: c.dltb("B03", GDLX="TT"), "B03")
passes("gdlx_class", lambda c: c.dltb("B02", GDLX="TT"))

fail("gdpdjb_domain", lambda c: c.dltb("B01", GDPDJB="6"), "B01")
passes("gdpdjb_domain", lambda c: c.dltb("B01", GDPDJB="5"))
fail("gdpdjb_class", lambda c: c.dltb("B03", GDPDJB="2"), "B03")
passes("gdpdjb_class", lambda c: c.dltb("B02", GDPDJB="3"))

fail("kcdlbm_domain", lambda c: c.dltb("B01", KCDLBM="1204"), "B01")
passes("kcdlbm_domain", lambda c: c.dltb("B02", KCDLBM="1203", KCXS=0.1))
fail("kcdlbm_class", lambda c: c.dltb("B03", KCDLBM="1203"), "B03")
passes("kcdlbm_class", lambda c: c.dltb("B02", KCDLBM="1203"))

fail("zzsxdm_required", lambda c: c.dltb("B01", ZZSXDM=None, ZZSXMC=None), "B01")
fail("zzsxdm_required", lambda c: c.dltb("B11", ZZSXDM="  "), "B11")
passes("zzsxdm_required", lambda c: c.dltb("B01", ZZSXDM="WG"), lambda c: c.dltb("B10", ZZSXDM=""))

fail("gdpdjb_required", lambda c: c.dltb("B02", GDPDJB=None), "B02")
fail("gdpdjb_required", lambda c: c.dltb("B02", GDPDJB="0"), "B02")
passes("gdpdjb_required", lambda c: c.dltb("B02", GDPDJB="5"), lambda c: c.dltb("B03", GDPDJB=""))

fail("gdlx_required", lambda c: c.dltb("B01", GDLX=None), "B01")
passes(
    "gdlx_required",
    lambda c: c.dltb("B01", GDLX=None, GDPDJB="1"),
    lambda c: c.dltb("B01", GDLX="TT"),
)

fail("gdlx_flat", lambda c: c.dltb("B02", GDLX="TT"), "B02")
passes("gdlx_flat", lambda c: c.dltb("B01", GDLX="TT"))

fail("kcxs_range", lambda c: c.dltb("B01", KCXS=1.5), "B01")
fail("kcxs_range", lambda c: c.dltb("B01", KCXS=-0.1), "B01")
fail("kcxs_range", lambda c: c.dltb("B01", KCXS=1), "B01")
passes("kcxs_range", lambda c: c.dltb("B01", KCXS=0.9999), lambda c: c.dltb("B01", KCXS=None))

fail("kcdlbm_with_kcxs", lambda c: c.dltb("B01", KCDLBM=None), "B01")
fail("kcdlbm_with_kcxs", lambda c: c.dltb("B03", KCXS=0.05), "B03")
passes("kcdlbm_with_kcxs", lambda c: c.dltb("B02", KCXS=0))

fail("kcxs_with_kcdlbm", lambda c: c.dltb("B01", KCXS=None), "B01")
fail("kcxs_with_kcdlbm", lambda c: c.dltb("B01", KCXS=0), "B01")
passes("kcxs_with_kcdlbm", lambda c: c.dltb("B01", KCXS=0.2))

fail("kcxs_not_cultivated", lambda c: c.dltb("B03", KCXS=0.1), "B03")
passes("kcxs_not_cultivated", lambda c: c.dltb("B03", KCXS=0), lambda c: c.dltb("B02", KCXS=0.1))

fail("kcxs_tiankan", lambda c: c.dltb("B01", KCXS=0.12), "B01", profile=TIANKAN)
fail("kcxs_tiankan", lambda c: c.dltb("B01", GDLX="TT"), "B01", profile=TIANKAN)
passes("kcxs_tiankan", lambda c: c.dltb("B01", KCXS=0.10004), profile=TIANKAN)
passes("kcxs_tiankan", lambda c: c.dltb("B01", GDPDJB="3"), profile=TIANKAN)  # not in the table
passes("kcxs_tiankan", lambda c: c.dltb("B01", KCXS=0.12))  # national: no coefficients

fail("xzdwkd_required", lambda c: c.dltb("B08", XZDWKD=None), "B08")
fail("xzdwkd_required", lambda c: c.dltb("B08", XZDWKD=0), "B08")
passes("xzdwkd_required", lambda c: c.dltb("B08", XZDWKD=0.5), lambda c: c.dltb("B12", XZDWKD=None))

fail("xzdwkd_allowed", lambda c: c.dltb("B01", XZDWKD=3), "B01")
passes("xzdwkd_allowed", lambda c: c.dltb("B01", XZDWKD=0), lambda c: c.dltb("B12", XZDWKD=80))

fail("rural_road_width", lambda c: c.dltb("B08", XZDWKD=12), "B08")
fail("rural_road_width", lambda c: c.dltb("B08", XZDWKD=8.1), "B08")
passes(
    "rural_road_width",
    lambda c: c.dltb("B08", XZDWKD=8),
    lambda c: c.dltb("B08", XZDWKD=None),  # missing width: xzdwkd_required's finding
    lambda c: c.dltb("B12", XZDWKD=30),
)

fail("czcsxm_required", lambda c: c.dltb("B05", CZCSXM=None), "B05")
fail("czcsxm_required", lambda c: c.dltb("B08", DLBM="1004", DLMC="城镇村道路用地"), "B08")
passes("czcsxm_required", lambda c: c.dltb("B08", CZCSXM=None), lambda c: c.dltb("B07", CZCSXM=""))

fail("czcsxm_mining", lambda c: c.dltb("B09", CZCSXM="203A"), "B09")
passes("czcsxm_mining", lambda c: c.dltb("B09", CZCSXM="205"), lambda c: c.dltb("B09", CZCSXM=None))

fail("zzsxmc_pair", lambda c: c.dltb("B01", ZZSXMC="休耕"), "B01")
fail("zzsxmc_pair", lambda c: c.dltb("B03", ZZSXMC="种植粮食作物"), "B03")
fail("zzsxmc_pair", lambda c: c.dltb("B01", ZZSXMC=None), "B01")
passes("zzsxmc_pair", lambda c: c.dltb("B01", ZZSXDM=None, ZZSXMC=" "))

fail("tbxhmc_pair", lambda c: c.dltb("B11", TBXHMC="河道耕地"), "B11")
fail("tbxhmc_pair", lambda c: c.dltb("B01", TBXHDM="HDGD"), "B01")
passes("tbxhmc_pair", lambda c: c.dltb("B01", TBXHDM="HDGD", TBXHMC="河道耕地"))

fail("tbxh_cultivated_zzsx", lambda c: c.dltb("B11", ZZSXDM="XG", ZZSXMC="休耕"), "B11")
fail("tbxh_cultivated_zzsx", lambda c: c.dltb("B11", ZZSXDM=None, ZZSXMC=None), "B11")
passes(
    "tbxh_cultivated_zzsx",
    lambda c: c.dltb("B11", ZZSXDM="FLS"),
    lambda c: c.dltb("B10", TBXHDM="LQYD", TBXHMC="林区园地"),
)


def tbmj_plus(delta: float) -> Edit:
    return lambda c: c.dltb("B01", TBMJ=c.row("DLTB", "B01")["TBMJ"] + delta)


fail("tbmj_ellipsoidal", tbmj_plus(0.5), "B01")
fail("tbmj_ellipsoidal", tbmj_plus(-0.02), "B01")
fail("tbmj_ellipsoidal", lambda c: c.dltb("B01", TBMJ=None), "B01")
fail("tbmj_ellipsoidal", lambda c: c.dltb("B04", geom=box(150, 0, 50, 40)), "B04")
passes(
    "tbmj_ellipsoidal",
    tbmj_plus(0.01),  # one unit of rounding
    lambda c: c.dltb("B04", geom=box(150, 0, 50, 40)).refresh_areas("B04"),
)

fail("area_derived", lambda c: c.dltb("B01", KCMJ=c.row("DLTB", "B01")["KCMJ"] + 0.02), "B01")
fail("area_derived", lambda c: c.dltb("B01", TBDLMJ=None), "B01")
fail("area_derived", lambda c: c.dltb("B02", KCMJ=10.0), "B02")
passes(
    "area_derived",
    lambda c: c.dltb("B02", KCXS=None, KCMJ=None),
    lambda c: c.dltb("B01", TBMJ=None),  # no TBMJ: tbmj_ellipsoidal's finding
)

fail("min_mapping_area", lambda c: c.add("DLTB", "B13", box(10, 10, 15, 15)), "B13")
fail("min_mapping_area", lambda c: c.add("DLTB", "B13", box(10, 10, 20, 20), DLBM="0404"), "B13")
passes(
    "min_mapping_area",
    lambda c: c.add("DLTB", "B13", box(10, 10, 15, 15), DLBM="0702"),  # construction: 200 m²
    lambda c: c.add("DLTB", "B13", box(10, 10, 21, 21)),
    lambda c: c.add("DLTB", "B13", box(10, 10, 15, 15), DLBM="0199"),  # unknown class
)

fail("new_cultivated_zzsx", lambda c: new_cultivated(c, ZZSXDM="XG", ZZSXMC="休耕"), "B03")
fail("new_cultivated_zzsx", lambda c: new_cultivated(c, ZZSXDM="WG", ZZSXMC="未耕种"), "B03")
passes(
    "new_cultivated_zzsx",
    new_cultivated,
    lambda c: c.dltb("B01", ZZSXDM="XG", ZZSXMC="休耕"),  # 耕地 last year too
)

fail("cultivated_outflow", lambda c: c.dltb("B01", DLBM="0301", DLMC="乔木林地"), "B01")
fail("cultivated_outflow", lambda c: c.prev("B03", DLBM="0101", DLMC="水田"), "B03")
passes("cultivated_outflow", lambda c: c.prev("B02", DLBM="0103", DLMC="旱地"))

fail("smgd_removed", lambda c: c.dltb("B11", TBXHDM=None, TBXHMC=None), "B11")
passes(
    "smgd_removed",
    lambda c: c.dltb("B11", DLBM="0301", DLMC="乔木林地", TBXHDM=None, TBXHMC=None),
    lambda c: c.prev("B11", TBXHDM=None, TBXHMC=None).dltb("B11", TBXHDM=None),
)


def became_construction(c: County) -> County:
    return c.dltb("B01", DLBM="0702", DLMC="农村宅基地", CZCSXM="203")


fail(
    "ttq_on_new_construction",
    lambda c: became_construction(c).set("TTQ", "T1", geom=range_in("B01")),
    "T1;B01",
)
fail(
    "ttq_on_new_construction",
    lambda c: became_construction(c).set("TTQ", "T1", geom=box(40, 10, 20, 20)),
    "T1;B01",  # over B01 (new) and B02 (0101): only B01 is named
)
passes(
    "ttq_on_new_construction",
    lambda c: c.set("TTQ", "T1", geom=range_in("B05")),  # 0702 last year too
    lambda c: became_construction(c).set("TTQ", "T1", geom=box(49.95, 10, 10, 10)),  # 0.5 m²
)

fail("ccwjq_not_on_construction", lambda c: c.set("CCWJQ", "C1", geom=range_in("B01")), "C1;B01")
fail(
    "ccwjq_not_on_construction",
    lambda c: c.set("CCWJQ", "C1", geom=box(40, 10, 20, 70)),  # B01, B02, B05, B06
    "C1;B01;B02",
)
passes("ccwjq_not_on_construction", lambda c: c.set("CCWJQ", "C1", geom=range_in("B06")))

fail("gchzz_outside_hosts", lambda c: c.set("GCHZZ", "Z1", geom=range_in("B03")), "Z1;B03")
fail("gchzz_outside_hosts", lambda c: c.set("GCHZZ", "Z1", geom=box(140, 60, 20, 20)), "Z1;B08")
passes(
    "gchzz_outside_hosts",
    lambda c: c.set("GCHZZ", "Z1", geom=range_in("B06")),
    lambda c: c.set("GCHZZ", "Z1", geom=box(90, 60, 20, 20)),  # 0601 and 1202
)

fail("gfbq_on_industrial", lambda c: c.set("GFBQ", "G1", geom=range_in("B06")), "G1;B06")
passes("gfbq_on_industrial", lambda c: c.set("GFBQ", "G1", geom=range_in("B07")))

fail("single_layer_conflict", lambda c: c.set("TTQ", "T1", geom=range_in("B05", dx=10)), "T1;C1")
fail(
    "single_layer_conflict",
    lambda c: c.set("GFBQ", "G1", geom=range_in("B05", dx=10)).set(
        "TTQ", "T1", geom=range_in("B05")
    ),
    "C1;G1",  # CCWJQ before GFBQ in the rule's layer list
    "T1;C1",
    "T1;G1",
)
passes(
    "single_layer_conflict",
    lambda c: c.set("TTQ", "T1", geom=box(0, 65, 15, 20)),  # touches C1
    lambda c: c.set("TTQ", "T1", geom=box(0, 65, 15.025, 20)),  # shares 0.5 m² < 1
    lambda c: c.set("GCHZZ", "Z1", geom=range_in("B03")),  # GCHZZ is not in the rule's list
)

fail(
    "remark_2024_weizhongzhi",
    lambda c: c.dltb("B01", BZ="2024未种植"),  # 耕地 last year: not 新增
    "B01",
    profile=GUIZHOU,
)
fail(
    "remark_2024_weizhongzhi",
    lambda c: new_cultivated(c, ZZSXDM="WG", ZZSXMC="未耕种", BZ="2024年未种植"),
    "B03",
    profile=GUIZHOU,
)
fail(
    "remark_2024_weizhongzhi",
    lambda c: c.dltb("B03", BZ="备注：2024未种植"),  # not 耕地 at all
    "B03",
    profile=GUIZHOU,
)
passes(
    "remark_2024_weizhongzhi",
    lambda c: new_cultivated(c, BZ="2024年未种植"),
    lambda c: new_cultivated(c, BZ="2024未种植（待核实）"),
    lambda c: c.dltb("B01", BZ="2023未种植"),
    profile=GUIZHOU,
)


# -- the tests ----------------------------------------------------------------------------


def _id(case: Fail | Pass) -> str:
    return case.rule


def _edited(case: Fail | Pass) -> County:
    county = County()
    case.edit(county)
    return county


def test_every_rule_has_failing_and_passing_cases():
    # rule families in their own rules_<family>.json have their own pass/fail tests
    # (imagery: tests/pure/test_imagery_kinds.py, test_class_signatures.py and the imagery
    # rasters' tests; evidence: tests/pure/test_evidence_rules.py)
    families = ("imagery", "evidence")
    national = {r.id for r in rules_of(NATIONAL) if r.category not in families}
    guizhou = {r.id for r in rules_of(GUIZHOU) if r.category not in families}
    assert len(national) == 83 and guizhou - national == {"remark_2024_weizhongzhi"}
    expression = {r.id for r in rules_of(GUIZHOU) if r.kind == "expression"}
    assert expression == EXPRESSION_RULES
    qgis_test = Path(__file__).parents[1] / "qgis_core" / "test_expression_rules.py"
    assert qgis_test.is_file()
    wanted = guizhou - EXPRESSION_RULES
    assert {c.rule for c in FAILS} == wanted, wanted ^ {c.rule for c in FAILS}
    assert {c.rule for c in PASSES} == wanted, wanted ^ {c.rule for c in PASSES}


@pytest.mark.parametrize("case", FAILS, ids=_id)
def test_rule_fails(case: Fail):
    spec = spec_of(case.rule, case.profile)
    county = _edited(case)
    messages = {}
    for lang in ("zh", "en"):
        result = run(county, [spec], profile=case.profile, lang=lang)
        done = outcome(result, case.rule)
        assert done.skipped is None and done.error is None, (done.skipped, done.error)
        assert tuple(keys_of(result)) == case.keys
        assert done.count == len(case.keys)
        for finding in result.findings:
            assert (finding.rule, finding.category, finding.severity, finding.source) == (
                spec.id,
                spec.category,
                spec.severity,
                spec.source,
            )
            if spec.kind != "cross_layer":
                assert finding.layer == spec.layer
            assert not PLACEHOLDER.search(finding.message), finding.message
            if spec.kind == "schema":  # about the layer, not a feature
                assert finding.fids == () and finding.geometry is None
            else:
                assert finding.fids, finding
                shaped = finding.geometry is not None
                assert shaped == (
                    spec.kind not in ("geometry_empty", "geometry_invalid")
                    or county.row(spec.layer, finding.keys[0])["geom"] is not None
                )
        messages[lang] = sorted(f.message for f in result.findings)
    for zh, en in zip(messages["zh"], messages["en"]):
        assert zh != en


@pytest.mark.parametrize("case", PASSES, ids=_id)
def test_rule_passes(case: Pass):
    spec = spec_of(case.rule, case.profile)
    result = run(_edited(case), [spec], profile=case.profile)
    done = outcome(result, case.rule)
    assert done.skipped is None and done.error is None, (done.skipped, done.error)
    assert result.findings == [], [f.message for f in result.findings]
