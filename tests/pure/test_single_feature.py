"""The checks engine on one parcel (the dock's live validation) and what a value implies."""

from __future__ import annotations

import pytest
import shapely

from landsurvey_plugin.model.gauss_kruger import zone_from_epsg
from landsurvey_plugin.model.profile import load_profile
from landsurvey_plugin.rules.dataset import PREVIOUS
from landsurvey_plugin.rules.single_feature import (
    PARCEL_KINDS,
    check_parcels,
    derive,
    field_enabled,
    layer_data,
    name_pairs,
    parcel_rules,
    parcels_dataset,
    previous_rows,
    with_tiankan,
)

ZONE = zone_from_epsg(4524)
SHAPE = shapely.box(36370000, 2939000, 36370040, 2939025)


@pytest.fixture(scope="module")
def profile():
    return with_tiankan(load_profile("2024-national"), {"PD3": 0.12})


@pytest.fixture
def row(profile):
    values = {f.name: None for f in profile.dltb.fields}
    values.update(
        BSM="520199000000100001", YSDM="2001010100", TBBH="1", DLBM="0103", DLMC="旱地",
        QSXZ="30", QSDWDM="5201991002000000000", QSDWMC="龙沙村农民集体",
        ZLDWDM="5201991002000000000", ZLDWMC="龙沙村", TBMJ=999.58, KCXS=0.12, KCMJ=119.95,
        TBDLMJ=879.63, KCDLBM="1203", GDLX="PD", GDPDJB="3", ZZSXDM="LS", ZZSXMC="种植粮食作物",
        SJNF=2024, MSSM="00",
    )  # fmt: skip
    return values


def findings(profile, row, previous=None):
    names = [f.name for f in profile.dltb.fields]
    dataset = parcels_dataset([row], [SHAPE], [7], ZONE, names, previous)
    return check_parcels(dataset, profile, parcel_rules(profile), "en")[0]


def test_only_parcel_kinds(profile):
    rules = parcel_rules(profile)
    assert rules and {r.kind for r in rules} <= PARCEL_KINDS
    assert not any(r.id in ("bsm_unique", "dltb_overlap", "dltb_schema") for r in rules)


def test_a_correct_parcel_has_no_findings(profile, row):
    assert findings(profile, row) == []


def test_bad_zzsxdm_is_found_on_its_field(profile, row):
    row.update(ZZSXDM="XX")
    found = {f.finding.rule: f for f in findings(profile, row)}
    assert "zzsxdm_domain" in found
    assert found["zzsxdm_domain"].fields == ("ZZSXDM",)
    assert "XX" in found["zzsxdm_domain"].finding.message
    assert found["zzsxdm_domain"].finding.source == "reference:§3.1"


def test_required_names_the_empty_fields(profile, row):
    row.update(QSDWMC=None)
    found = {f.finding.rule: f for f in findings(profile, row)}
    assert found["dltb_required"].fields == ("QSDWMC",)


def test_change_rules_with_the_previous_parcel(profile, row):
    names = [f.name for f in profile.dltb.fields]
    before = dict(row, BSM="other", DLBM="0301", DLMC="乔木林地")
    previous = layer_data(PREVIOUS, [before], [SHAPE.buffer(1)], [3], names)
    row.update(ZZSXDM="XG", ZZSXMC="休耕")
    dataset = parcels_dataset([row], [SHAPE], [7], ZONE, names, previous)
    assert previous_rows(dataset, profile).tolist() == [0]  # by location: BSMs differ
    found = {f.finding.rule for f in findings(profile, row, previous)}
    assert "new_cultivated_zzsx" in found


def test_non_cultivated_class_clears_the_cultivated_fields(profile, row):
    row["DLBM"] = "0301"
    changes = derive(row, profile)
    assert changes["DLMC"] == "乔木林地"
    for name in ("GDLX", "GDPDJB", "ZZSXDM", "ZZSXMC", "KCDLBM"):
        assert changes[name] is None
    assert changes["KCXS"] == 0.0 and changes["KCMJ"] == 0.0 and changes["TBDLMJ"] == 999.58
    assert not field_enabled(profile, "GDPDJB", {**row, **changes})
    # 即可恢复 is a 种植属性 of 园地/林地 too: ZZSXDM stays open on 0301
    assert field_enabled(profile, "ZZSXDM", {**row, **changes})


def test_kcxs_from_the_tiankan_table_and_areas_follow(profile, row):
    row.update(KCXS=0.0, KCDLBM=None, KCMJ=0.0, TBDLMJ=999.58)
    assert derive(row, profile) == {
        "KCXS": 0.12, "KCDLBM": "1203", "KCMJ": 119.95, "TBDLMJ": 879.63,
    }  # fmt: skip


def test_gdlx_only_on_slopes(profile, row):
    row.update(GDPDJB="1")
    changes = derive(row, profile)
    assert changes["GDLX"] is None and changes["KCXS"] == 0.0 and changes["KCDLBM"] is None


def test_names_follow_codes_from_the_rules(profile):
    assert name_pairs(profile) == {
        "DLBM": ("DLMC", "classification"),
        "ZZSXDM": ("ZZSXMC", "ZZSX"),
        "TBXHDM": ("TBXHMC", "TBXH"),
    }
