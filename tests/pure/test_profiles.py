"""The national model as data: the shipped profiles load, and broken ones fail loudly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from landsurvey_plugin.model.profile import ProfileError, available_profiles, load_profile
from landsurvey_plugin.toolbelt.paths import profiles_dir

DLTB_ORDER = [
    "BSM",
    "YSDM",
    "TBYBH",
    "TBBH",
    "DLBM",
    "DLMC",
    "QSXZ",
    "QSDWDM",
    "QSDWMC",
    "ZLDWDM",
    "ZLDWMC",
    "TBMJ",
    "KCDLBM",
    "KCXS",
    "KCMJ",
    "TBDLMJ",
    "GDLX",
    "GDPDJB",
    "XZDWKD",
    "TBXHDM",
    "TBXHMC",
    "ZZSXDM",
    "ZZSXMC",
    "GDDB",
    "FRDBS",
    "CZCSXM",
    "SJNF",
    "MSSM",
    "HDMC",
    "BZ",
]


@pytest.fixture
def national():
    return load_profile("2024-national")


def test_shipped_profiles(national):
    assert available_profiles() == ["2024-guizhou", "2024-national"]
    assert national.year == 2024 and national.parents == ()


def test_dltb_schema(national):
    assert [f.name for f in national.dltb.fields] == DLTB_ORDER
    assert national.dltb.ysdm == "2001010100"
    tbmj = national.dltb.field("tbmj")
    assert (tbmj.type, tbmj.length, tbmj.precision, tbmj.constraint) == ("double", 15, 2, "M")
    assert national.dltb.field("KCXS").precision == 4
    assert national.dltb.field("XXTBKD").name == "XZDWKD"  # newer name accepted
    assert national.dltb.field("GDZZSXDM").name == "ZZSXDM"
    for f in national.dltb.fields:
        assert f.domain is None or f.domain == "DLBM" or f.domain in national.domains


def test_classification(national):
    c = national.classification
    assert c["0101"].name == "水田" and c["0101"].is_cultivated
    assert c["1104A"].name == "养殖坑塘" and c["1104A"].level1 == "11"
    assert c["0303"].wetland and c["0303"].level1 == "00"
    assert c["0702"].category == "construction"
    assert c["1006"].category == "agricultural"  # 农村道路 counts as 农用地
    assert c["1206"].category == "unused"
    assert "1208" not in c, "后备耕地 is a Guizhou 2024 addition, not national"
    assert national.min_mapping_area("0702") == 200
    assert national.min_mapping_area("1202") == 200  # 设施农用地 with construction land
    assert national.min_mapping_area("0101") == 400
    assert national.min_mapping_area("1207") == 600
    assert national.min_mapping_area("9999") is None


def test_domains(national):
    zzsx = national.domains["ZZSX"]
    assert set(zzsx.values) >= {"LS", "FLS", "LYFL", "XG", "LLJZ", "WG"}
    assert zzsx.allowed_on("LS", "0103") and not zzsx.allowed_on("LS", "0301")
    assert zzsx.allowed_on("GCHF", "0404") and not zzsx.allowed_on("JKHF", "0404")
    assert national.domains["TBXH"].values["SMGD"] == "石漠化耕地"
    assert set(national.domains["GDPDJB"].values) == {"1", "2", "3", "4", "5"}
    assert national.domains["QSXZ"].values["30"] == "集体土地所有权"


def test_single_layers(national):
    layers = national.single_layers
    assert {"TTQ", "GFBQ", "CCWJQ", "GCHZZ"} <= set(layers)
    assert all(layers[t].required for t in ("TTQ", "GFBQ", "CCWJQ", "GCHZZ"))
    assert not layers["LMFW"].required and not layers["CZCDYD"].required
    assert layers["TTQ"].area_field == "TTQMJ" and layers["TTQ"].field("ttqmj")
    assert layers["GCHZZ"].allowed_parcel_classes == ("1202", "0601")
    assert all(layer.source for layer in layers.values())


def test_thresholds_have_reasons(national):
    for threshold in national.thresholds.values():
        assert threshold.reason and threshold.unit
    assert national.threshold("tbmj_tolerance") == 0.01


def test_guizhou_override():
    gz = load_profile("2024-guizhou")
    assert gz.parents == ("2024-national",)
    assert gz.province.startswith("52")
    assert gz.land_class("1208").name == "后备耕地"
    assert gz.land_class("1208").source.startswith("000:三(五)3")
    assert gz.land_class("0101") == load_profile("2024-national").land_class("0101")
    remark = next(r for r in gz.rules if r["id"] == "remark_weizhongzhi")
    assert remark["value"] == "2024未种植" and set(remark["forbidden_zzsx"]) == {"XG", "WG"}


# -- malformed profiles --------------------------------------------------------------------


@pytest.fixture
def root(tmp_path) -> Path:
    shutil.copytree(profiles_dir(), tmp_path / "profiles")
    return tmp_path / "profiles"


def edit(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_bad_json_names_line_and_column(root):
    (root / "2024-national" / "domains.json").write_text('{"domains": [\n  {"id": }\n]}')
    with pytest.raises(ProfileError, match=r"domains.json: invalid JSON at line 2 column"):
        load_profile("2024-national", root)


def test_missing_key(root):
    edit(root / "2024-national" / "dltb_schema.json", lambda d: d["fields"][4].pop("length"))
    with pytest.raises(ProfileError, match=r"\$\.fields\[4\]: missing key\(s\) length"):
        load_profile("2024-national", root)


def test_unknown_key_and_wrong_type(root):
    edit(
        root / "2024-national" / "thresholds.json",
        lambda d: d["thresholds"]["sliver_area"].update(value="10"),
    )
    with pytest.raises(ProfileError, match=r"thresholds.sliver_area.value: expected int/float"):
        load_profile("2024-national", root)


def test_unknown_domain(root):
    edit(
        root / "2024-national" / "dltb_schema.json", lambda d: d["fields"][6].update(domain="NOPE")
    )
    with pytest.raises(ProfileError, match="QSXZ names unknown domain 'NOPE'"):
        load_profile("2024-national", root)


def test_duplicate_class_code(root):
    def dup(d):
        d["classes"].append(dict(d["classes"][0]))

    edit(root / "2024-national" / "classification.json", dup)
    with pytest.raises(ProfileError, match="duplicate class code 0303"):
        load_profile("2024-national", root)


def test_29_fields(root):
    edit(root / "2024-national" / "dltb_schema.json", lambda d: d["fields"].pop())
    with pytest.raises(ProfileError, match="has 29 fields, the national standard has 30"):
        load_profile("2024-national", root)


def test_parent_cycle_and_unknown_parent(root):
    edit(root / "2024-national" / "profile.json", lambda d: d.update(parent="2024-guizhou"))
    with pytest.raises(
        ProfileError, match="parent cycle 2024-guizhou -> 2024-national -> 2024-guizhou"
    ):
        load_profile("2024-guizhou", root)
    edit(root / "2024-guizhou" / "profile.json", lambda d: d.update(parent="2023-national"))
    with pytest.raises(ProfileError, match="unknown profile '2023-national'"):
        load_profile("2024-guizhou", root)


def test_bad_class_code_in_override(root):
    def bad(d):
        d["classification"]["add"][0]["code"] = "12080"

    edit(root / "2024-guizhou" / "profile.json", bad)
    with pytest.raises(ProfileError, match="'12080' is not a 三调 class code"):
        load_profile("2024-guizhou", root)


def test_unknown_profile(root):
    with pytest.raises(ProfileError, match="no profile '2099-mars'"):
        load_profile("2099-mars", root)
