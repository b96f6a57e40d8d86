"""The national model as data: the shipped profiles load, and broken ones fail loudly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from landsurvey_plugin.model.profile import (
    FIELD_GROUPS,
    ProfileError,
    available_profiles,
    clear_profile_cache,
    load_profile,
)
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


def test_dltb_field_groups(national):
    """The parcel form's groups come from the schema data: every group is used."""
    groups = {f.name: f.group for f in national.dltb.fields}
    assert set(groups.values()) == set(FIELD_GROUPS)
    assert groups["DLBM"] == "class" and groups["ZZSXDM"] == "cultivated"
    assert [n for n, g in groups.items() if g == "area"] == ["TBMJ", "KCMJ", "TBDLMJ"]


# 三调工作分类 of reference:§2, every code with its name.
REFERENCE_CLASSES = {
    "0303": "红树林地", "0304": "森林沼泽", "0306": "灌丛沼泽", "0402": "沼泽草地", "0603": "盐田",
    "1105": "沿海滩涂", "1106": "内陆滩涂", "1108": "沼泽地",
    "0101": "水田", "0102": "水浇地", "0103": "旱地",
    "0201": "果园", "0202": "茶园", "0203": "橡胶园", "0204": "其他园地",
    "0201K": "可调整果园", "0202K": "可调整茶园", "0203K": "可调整橡胶园",
    "0204K": "可调整其他园地",
    "0301": "乔木林地", "0302": "竹林地", "0305": "灌木林地", "0307": "其他林地",
    "0301K": "可调整乔木林地", "0302K": "可调整竹林地", "0307K": "可调整其他林地",
    "0401": "天然牧草地", "0403": "人工牧草地", "0404": "其他草地", "0403K": "可调整人工牧草地",
    "05H1": "商业服务业设施用地", "0508": "物流仓储用地", "0601": "工业用地", "0602": "采矿用地",
    "0701": "城镇住宅用地", "0702": "农村宅基地",
    "08H1": "机关团体新闻出版用地", "08H2": "科教文卫用地", "08H2A": "高教用地",
    "0809": "公用设施用地", "0810": "公园与绿地", "0810A": "广场用地", "09": "特殊用地",
    "1001": "铁路用地", "1002": "轨道交通用地", "1003": "公路用地", "1004": "城镇村道路用地",
    "1005": "交通服务场站用地", "1006": "农村道路", "1007": "机场用地", "1008": "港口码头用地",
    "1009": "管道运输用地",
    "1101": "河流水面", "1102": "湖泊水面", "1103": "水库水面", "1104": "坑塘水面",
    "1104A": "养殖坑塘", "1104K": "可调整养殖坑塘", "1107": "沟渠", "1107A": "干渠",
    "1109": "水工建筑用地", "1110": "冰川及永久积雪",
    "1201": "空闲地", "1202": "设施农用地", "1203": "田坎", "1204": "盐碱地", "1205": "沙地",
    "1206": "裸土地", "1207": "裸岩石砾地",
}  # fmt: skip


def test_classification_matches_reference(national):
    names = {code: c.name for code, c in national.classification.items()}
    assert names == REFERENCE_CLASSES
    assert all(c.source for c in national.classification.values())


def test_classification(national):
    c = national.classification
    assert c["0101"].name == "水田" and c["0101"].is_cultivated
    assert not c["0201"].is_cultivated
    assert c["1104A"].name == "养殖坑塘" and c["1104A"].level1 == "11"
    assert c["0303"].wetland and c["0303"].level1 == "00"
    assert {code for code, k in c.items() if k.wetland} == {
        "0303", "0304", "0306", "0402", "0603", "1105", "1106", "1108"
    }  # fmt: skip
    assert "1208" not in c, "后备耕地 is a Guizhou 2024 addition, not national"


def test_three_categories(national):
    category = {code: c.category for code, c in national.classification.items()}
    for code in ("0702", "05H1", "0601", "0603", "09", "1001", "1109", "1201"):
        assert category[code] == "construction", code
    for code in ("0101", "0201K", "0301", "0401", "1006", "1103", "1104", "1107", "1202", "1203"):
        assert category[code] == "agricultural", code
    for code in ("0404", "1101", "1102", "1105", "1110", "1204", "1207"):
        assert category[code] == "unused", code


def test_min_mapping_areas(national):
    assert national.min_mapping_area("0702") == 200
    assert national.min_mapping_area("1202") == 200  # 设施农用地 with construction land
    assert national.min_mapping_area("0101") == 400
    assert national.min_mapping_area("1103") == 400
    assert national.min_mapping_area("1101") == 600  # 河流水面 is 未利用地: 其他地类
    assert national.min_mapping_area("1207") == 600
    assert national.min_mapping_area("9999") is None


def test_domains(national):
    zzsx = national.domains["ZZSX"]
    assert list(zzsx.values)[:6] == ["LS", "FLS", "LYFL", "XG", "LLJZ", "WG"]
    assert zzsx.allowed_on("LS", "0103") and not zzsx.allowed_on("LS", "0301")
    assert zzsx.allowed_on("GCHF", "0404") and not zzsx.allowed_on("JKHF", "0404")
    tbxh = national.domains["TBXH"]
    assert tbxh.values["SMGD"] == "石漠化耕地" and tbxh.allowed_on("SMGD", "0102")
    assert tbxh.allowed_on("FQ", "0602") and not tbxh.allowed_on("FQ", "0601")
    gdpdjb = national.domains["GDPDJB"]
    assert list(gdpdjb.values) == ["1", "2", "3", "4", "5"]
    assert gdpdjb.ranges["3"] == (6, 15)
    assert national.domains["CZCSX"].allowed_on("203A", "0601")
    assert not national.domains["CZCSX"].allowed_on("205", "0702")
    assert national.domains["QSXZ"].values["30"] == "集体土地所有权"
    assert national.dltb.field("KCDLBM").domain == "KCDL"


def test_single_layers(national):
    layers = national.single_layers
    assert {"TTQ", "GFBQ", "CCWJQ", "GCHZZ"} <= set(layers)
    assert all(layers[t].required for t in ("TTQ", "GFBQ", "CCWJQ", "GCHZZ"))
    assert not any(layers[t].required for t in ("LMFW", "CZCDYD", "LSYD"))
    assert layers["TTQ"].area_field == "TTQMJ" and layers["TTQ"].field("ttqmj")
    assert layers["GCHZZ"].allowed_parcel_classes == ("1202", "0601")
    assert layers["GCHZZ"].allows_parcel_class("1202")
    assert not layers["GCHZZ"].allows_parcel_class("0101")
    assert layers["CCWJQ"].allows_parcel_class("0702")
    assert not layers["CCWJQ"].allows_parcel_class("0101")
    assert layers["TTQ"].allows_parcel_class("0101")
    for layer in layers.values():
        assert layer.source and layer.notes and layer.id == layer.table
        assert [f.name for f in layer.fields][:2] == ["BSM", "YSDM"]
    assert "000:三(四)2" in layers["TTQ"].rule


def test_thresholds_have_reasons(national):
    for threshold in national.thresholds.values():
        assert threshold.reason and threshold.unit
    assert national.threshold("tbmj_tolerance") == 0.01
    assert national.threshold("sliver_area") == 10
    assert national.threshold("photo_distance") > 0
    assert 0 < national.threshold("photo_view_half_angle") < 90
    with pytest.raises(ProfileError, match="no threshold 'nope'"):
        national.threshold("nope")


def test_tiankan_empty_nationally(national):
    assert national.tiankan == {}
    assert national.tiankan_coefficient("TT", "2") is None


def test_guizhou_override():
    gz = load_profile("2024-guizhou")
    national = load_profile("2024-national")
    assert gz.parents == ("2024-national",)
    assert (gz.province, gz.province_code, gz.year) == ("贵州省", "52", 2024)
    hbgd = gz.land_class("1208")
    assert hbgd.name == "后备耕地" and hbgd.level1 == "12"
    assert hbgd.source.startswith("000:三(五)3")
    assert gz.min_mapping_area("1208") == 400
    assert gz.land_class("0101") == national.land_class("0101")
    assert len(gz.classification) == len(national.classification) + 1
    assert gz.dltb == national.dltb and gz.thresholds == national.thresholds
    remark = gz.rule("remark_2024_weizhongzhi")
    assert remark["when"] == {"field": "BZ", "matches": ".*2024年?未种植.*"}
    assert {"not": {"field": "ZZSXDM", "in": ["XG", "WG"]}} in remark["require"]["all"]
    assert remark["source"] == "000:三(一)1"
    assert national.rule("remark_2024_weizhongzhi") is None


def test_cached():
    assert load_profile("2024-guizhou") is load_profile("2024-guizhou")


# -- malformed profiles --------------------------------------------------------------------
# Each test copies the shipped profiles to tmp_path, breaks one thing and checks that the
# error names the file, the JSON path and the problem.


@pytest.fixture
def root(tmp_path) -> Path:
    shutil.copytree(profiles_dir(), tmp_path / "profiles")
    return tmp_path / "profiles"


def edit(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def fails(root: Path, profile_id: str, pattern: str) -> str:
    with pytest.raises(ProfileError, match=pattern) as info:
        load_profile(profile_id, root)
    return str(info.value)


def test_copy_loads(root):
    assert load_profile("2024-guizhou", root).land_class("1208")


def test_bad_json_names_line_and_column(root):
    (root / "2024-national" / "domains.json").write_text('{"domains": [\n  {"id": }\n]}')
    fails(root, "2024-national", r"domains\.json: invalid JSON at line 2 column 10")


def test_duplicate_json_key(root):
    path = root / "2024-national" / "domains.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"FLS": "种植非粮作物"', '"LS": "种植非粮作物"', 1), "utf-8")
    fails(root, "2024-national", r"domains\.json: duplicate key 'LS'")


def test_missing_key(root):
    edit(root / "2024-national" / "dltb_schema.json", lambda d: d["fields"][4].pop("length"))
    fails(root, "2024-national", r"dltb_schema\.json: \$\.fields\[4\]: missing key\(s\) length")


def test_unknown_key(root):
    edit(root / "2024-national" / "classification.json", lambda d: d["classes"][2].update(x=1))
    fails(root, "2024-national", r"classification\.json: \$\.classes\[2\]: unknown key\(s\) x")


def test_wrong_type(root):
    edit(
        root / "2024-national" / "thresholds.json",
        lambda d: d["thresholds"]["sliver_area"].update(value="10"),
    )
    fails(
        root, "2024-national", r"\$\.thresholds\.sliver_area\.value: expected int/float, got a str"
    )


def test_unknown_field_group(root):
    edit(root / "2024-national" / "dltb_schema.json", lambda d: d["fields"][4].update(group="x"))
    fails(root, "2024-national", r"dltb_schema\.json: \$\.fields\[4\]\.group: 'x' is not one of")


def test_unknown_domain(root):
    edit(
        root / "2024-national" / "dltb_schema.json", lambda d: d["fields"][6].update(domain="NOPE")
    )
    fails(
        root,
        "2024-national",
        r"dltb_schema\.json: \$\.fields\[6\]\.domain: field QSXZ names unknown domain 'NOPE'",
    )


def test_duplicate_class_code(root):
    edit(
        root / "2024-national" / "classification.json",
        lambda d: d["classes"].append(dict(d["classes"][0])),
    )
    fails(
        root, "2024-national", r"classification\.json: \$\.classes\[69\]\.code: duplicate code 0303"
    )


def test_bad_class_code(root):
    edit(
        root / "2024-national" / "classification.json",
        lambda d: d["classes"][8].update(code="101"),
    )
    fails(root, "2024-national", r"\$\.classes\[8\]\.code: '101' is not a 三调 class code")


def test_29_fields(root):
    edit(root / "2024-national" / "dltb_schema.json", lambda d: d["fields"].pop())
    fails(root, "2024-national", r"dltb_schema\.json: \$\.fields: .* has 29 fields, .* has 30")


def test_parent_cycle(root):
    edit(root / "2024-national" / "profile.json", lambda d: d.update(parent="2024-guizhou"))
    fails(root, "2024-guizhou", "parent cycle 2024-guizhou -> 2024-national -> 2024-guizhou")


def test_unknown_parent(root):
    edit(root / "2024-guizhou" / "profile.json", lambda d: d.update(parent="2023-national"))
    fails(root, "2024-guizhou", r"2024-guizhou/profile\.json: \$\.parent: unknown profile")


def test_bad_class_code_in_override(root):
    def bad(d):
        d["classification"]["add"][0]["code"] = "12080"

    edit(root / "2024-guizhou" / "profile.json", bad)
    fails(root, "2024-guizhou", r"\$\.classification\.add\[0\]\.code: '12080' is not a 三调")


def test_override_cannot_remove_required_layer(root):
    edit(
        root / "2024-guizhou" / "profile.json",
        lambda d: d.update(single_layers={"remove": ["TTQ"]}),
    )
    fails(root, "2024-guizhou", r"\$\.single_layers\.remove\[0\]: single layer TTQ is required")


def test_override_cannot_remove_a_referenced_class(root):
    edit(
        root / "2024-guizhou" / "profile.json",
        lambda d: d["classification"].update(remove=["1202"]),
    )
    message = fails(root, "2024-guizhou", r"'1202' matches no class of the classification")
    assert "2024-guizhou/profile.json: after this profile's changes, single_layers[id=" in message


def test_override_cannot_remove_a_used_domain(root):
    edit(root / "2024-guizhou" / "profile.json", lambda d: d.update(domains={"remove": ["ZZSX"]}))
    fails(root, "2024-guizhou", r"2024-guizhou/profile\.json: .*ZZSXDM names unknown domain 'ZZSX'")


def test_override_unknown_threshold(root):
    bad = {"min_area_agricultral": {"value": 500, "unit": "m2", "reason": "typo"}}
    edit(root / "2024-guizhou" / "profile.json", lambda d: d.update(thresholds=bad))
    fails(root, "2024-guizhou", "min_area_agricultral: overrides a threshold the parent does not")


def test_child_overrides_apply(root):
    """A province can raise a minimum area, rename GCHZZ's table and set 田坎 coefficients."""

    def change(d):
        d["thresholds"] = {"min_area_agricultural": {"value": 500, "unit": "m2", "reason": "x"}}
        d["tiankan"] = {"TT2": 0.068, "PD5": 0.2557}
        layers = json.loads((root / "2024-national" / "single_layers.json").read_text("utf-8"))
        gchzz = next(x for x in layers["layers"] if x["id"] == "GCHZZ")
        d["single_layers"] = {"replace": [dict(gchzz, table="GCZZQ")]}

    edit(root / "2024-guizhou" / "profile.json", change)
    gz = load_profile("2024-guizhou", root)
    assert gz.min_mapping_area("0101") == 500 and gz.min_mapping_area("0702") == 200
    assert gz.single_layers["GCHZZ"].table == "GCZZQ"
    assert gz.tiankan_coefficient("TT", "2") == 0.068


def test_bad_tiankan(root):
    edit(root / "2024-guizhou" / "profile.json", lambda d: d.update(tiankan={"TT2": 6.8}))
    fails(root, "2024-guizhou", r"\$\.tiankan\.TT2: a 田坎系数 is a fraction")
    clear_profile_cache()  # same id and root: the cache would answer
    edit(root / "2024-guizhou" / "profile.json", lambda d: d.update(tiankan={"XX2": 0.1}))
    fails(root, "2024-guizhou", r"tiankan\.XX2: expected a GDLX code \+ GDPDJB level")


def test_root_profile_missing_file(root):
    (root / "2024-national" / "thresholds.json").unlink()
    fails(root, "2024-national", "a root profile needs thresholds.json")


def test_unknown_profile(root):
    fails(root, "2099-mars", r"no profile '2099-mars' \(have: 2024-guizhou, 2024-national\)")


def _family_rule(national_rules: Path, rule_id: str) -> dict:
    rules = json.loads(national_rules.read_text(encoding="utf-8"))["rules"]
    return {**next(r for r in rules if r["kind"] == "attribute"), "id": rule_id}


def test_rule_family_files_load_beside_rules_json(root):
    folder = root / "2024-national"
    extra = _family_rule(folder / "rules.json", "family_extra_rule")
    (folder / "rules_family.json").write_text(json.dumps({"rules": [extra]}), "utf-8")
    profile = load_profile("2024-national", root)
    assert profile.rule("family_extra_rule")["kind"] == "attribute"
    assert profile.rule("bsm_unique") is not None


def test_rule_id_in_two_files_names_both(root):
    folder = root / "2024-national"
    twin = _family_rule(folder / "rules.json", "bsm_unique")
    (folder / "rules_family.json").write_text(json.dumps({"rules": [twin]}), "utf-8")
    fails(
        root,
        "2024-national",
        r"rules_family\.json: \$\.rules: rule bsm_unique is also in rules\.json",
    )


def test_child_profile_has_no_rule_family_files(root):
    (root / "2024-guizhou" / "rules_family.json").write_text('{"rules": []}', "utf-8")
    fails(root, "2024-guizhou", r"not in rules_family\.json")
