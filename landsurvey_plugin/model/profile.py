"""Year/province profiles: the national model read from data files, validated strictly.

Rules and code lists change by year and province (seed 000 adds 1208 for Guizhou 2024), so
they live in ``profiles/<id>/*.json``. A root profile (``parent: null``) holds the whole
model in several files; a child profile states only what differs, in its ``profile.json``
(add/replace/remove classes, domains and single layers by id, replace thresholds by key,
set 田坎 coefficients, add or replace rules by id). A later year can be a child of the
year before in the same way.

JSON, not TOML or YAML: QGIS on Windows ships Python 3.9 without ``tomllib`` and PyYAML is
not guaranteed, and this module must stay standard-library only (no Qt, no qgis).

A malformed profile raises ``ProfileError`` naming the file, the JSON path and the
problem: a profile that loads half-way would mis-check a whole county.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from landsurvey_plugin.toolbelt.paths import profiles_dir

DLTB_FIELD_COUNT = 30
# 三调工作分类 codes: 09, 0101, 0201K, 1104A, 05H1, 08H2A (reference:§2).
_CODE = re.compile(r"^(\d{2}|\d{4}|\d{2}H\d)[A-Z]?$")
_LEVEL1 = re.compile(r"^\d{2}$")
_NAME = re.compile(r"^[A-Z][A-Z0-9_]{0,30}$")  # table and field names
_YSDM = re.compile(r"^\d{10}$")
_TYPES = {"string", "int", "double"}
_CONSTRAINTS = {"M", "O", "C"}
_CATEGORIES = {"construction", "agricultural", "unused"}
# The groups the parcel form shows a DLTB field in (编号与权属, 地类, 耕地, 细化与属性, 面积, 其他).
FIELD_GROUPS = ("identity", "class", "cultivated", "refinement", "area", "other")
_GROUPS = {
    "construction": "min_area_construction",
    "agricultural": "min_area_agricultural",
    "other": "min_area_other",
}
# DLBM's value domain is the classification itself, not an entry of domains.json.
CLASSIFICATION_DOMAIN = "DLBM"
_ROOT_FILES = (
    "classification.json",
    "dltb_schema.json",
    "domains.json",
    "single_layers.json",
    "thresholds.json",
)
_OPTIONAL_ROOT_FILES = ("tiankan.json", "rules.json")
_META_KEYS = {"id", "year", "province", "title_zh", "title_en", "parent"}
_META_OPTIONAL = {"province_code", "rules"}
_OVERRIDE_KEYS = {"classification", "domains", "single_layers", "thresholds", "tiankan"}


class ProfileError(ValueError):
    """A profile file is missing, unreadable or does not match the expected structure."""


@dataclass(frozen=True)
class LandClass:
    code: str
    name: str
    level1: str
    level1_name: str
    category: str  # 三大类: construction | agricultural | unused
    min_area_group: str  # construction | agricultural | other
    wetland: bool
    source: str

    @property
    def is_cultivated(self) -> bool:
        """耕地 (01xx): the classes most rules are about."""
        return self.code.startswith("01")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    alias_zh: str
    type: str  # string | int | double
    length: int
    precision: int
    constraint: str  # M | O | C
    domain: str | None
    aliases: tuple[str, ...]
    group: str = "other"  # one of FIELD_GROUPS: where the parcel form shows the field

    def matches(self, name: str) -> bool:
        """Case-insensitive match on the name or an alias (XXTBKD for XZDWKD, …)."""
        wanted = name.upper()
        return wanted == self.name.upper() or wanted in (a.upper() for a in self.aliases)


def _class_matches(entry: str, dlbm: str) -> bool:
    """An applicability entry is a full class code or a 2-digit level-1 prefix."""
    return dlbm == entry or (len(entry) == 2 and dlbm.startswith(entry))


@dataclass(frozen=True)
class Domain:
    id: str
    name_zh: str
    values: dict[str, str]  # code -> name, in file order
    applies_to: dict[str, tuple[str, ...]]  # code -> class codes / level-1 prefixes
    source: str
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)  # e.g. slope degrees

    def allowed_on(self, value: str, dlbm: str) -> bool:
        """Whether ``value`` may be used on class ``dlbm`` (no restriction when unlisted)."""
        entries = self.applies_to.get(value)
        if entries is None:
            return True
        return any(_class_matches(e, dlbm) for e in entries)


@dataclass(frozen=True)
class LayerSchema:
    table: str
    name_zh: str
    name_en: str
    ysdm: str
    fields: tuple[FieldSpec, ...]
    area_field: str | None
    required: bool
    source: str
    allowed_parcel_classes: tuple[str, ...] | None = None  # None: any class
    notes: tuple[str, ...] = ()  # survey rules for the layer, each citing its clause
    id: str = ""  # stable id rules refer to; the table name may differ by province

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", self.table)

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.matches(name)), None)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def rule(self) -> str:
        """The notes as one line, for tooltips and logs."""
        return "; ".join(self.notes)

    def allows_parcel_class(self, dlbm: str) -> bool:
        if self.allowed_parcel_classes is None:
            return True
        return any(_class_matches(e, dlbm) for e in self.allowed_parcel_classes)


@dataclass(frozen=True)
class Threshold:
    key: str
    value: float
    unit: str
    reason: str


@dataclass(frozen=True)
class Profile:
    """One survey model, parents resolved. Treat the dicts as read-only: profiles are cached."""

    id: str
    year: int
    province: str | None
    title_zh: str
    title_en: str
    parents: tuple[str, ...]  # nearest first
    classification: dict[str, LandClass]
    dltb: LayerSchema
    domains: dict[str, Domain]
    single_layers: dict[str, LayerSchema]  # keyed by LayerSchema.id
    thresholds: dict[str, Threshold]
    rules: tuple[dict, ...] = ()  # raw declarative rules for the rule engine
    tiankan: dict[str, float] = field(default_factory=dict)  # GDLX + GDPDJB -> KCXS
    province_code: str | None = None

    def land_class(self, code: str) -> LandClass | None:
        return self.classification.get(code)

    def min_mapping_area(self, dlbm: str) -> float | None:
        """最小上图面积 in m² for a class (001:四(一)3); None for an unknown code."""
        land_class = self.land_class(dlbm)
        if land_class is None:
            return None
        return self.threshold(_GROUPS[land_class.min_area_group])

    def threshold(self, key: str) -> float:
        try:
            return self.thresholds[key].value
        except KeyError:
            raise ProfileError(f"profile {self.id}: no threshold {key!r}") from None

    def rule(self, rule_id: str) -> dict | None:
        return next((r for r in self.rules if r["id"] == rule_id), None)

    def tiankan_coefficient(self, gdlx: str, gdpdjb: str) -> float | None:
        """The province's 田坎系数 for a 耕地类型 and 坡度级; None when not configured."""
        return self.tiankan.get(f"{gdlx}{gdpdjb}")


# -- reading one file ----------------------------------------------------------------------


class _DuplicateKeyError(Exception):
    pass


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's default keeps the last of two equal keys; a duplicated code is an error here."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


class _Reader:
    """Typed access to one JSON document that reports the path of whatever is wrong."""

    def __init__(self, file: Path) -> None:
        self.file = file

    def fail(self, where: str, problem: str) -> ProfileError:
        return ProfileError(f"{self.file}: {where}: {problem}")

    def load(self) -> Any:
        try:
            text = self.file.read_text(encoding="utf-8")
        except OSError as exc:
            raise ProfileError(f"{self.file}: cannot read: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise ProfileError(f"{self.file}: not UTF-8 at byte {exc.start}") from exc
        try:
            return json.loads(text, object_pairs_hook=_unique_pairs)
        except json.JSONDecodeError as exc:
            raise ProfileError(
                f"{self.file}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
            ) from exc
        except _DuplicateKeyError as exc:
            raise ProfileError(f"{self.file}: duplicate key {exc.args[0]!r} in an object") from exc

    def obj(
        self,
        value: Any,
        where: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> dict[str, Any]:
        """An object with exactly these keys (plus free ``_comment``)."""
        if not isinstance(value, dict):
            raise self.fail(where, f"expected an object, got {_kind(value)}")
        required = set(required)
        missing = required - value.keys()
        if missing:
            raise self.fail(where, f"missing key(s) {', '.join(sorted(missing))}")
        unknown = value.keys() - required - set(optional) - {"_comment"}
        if unknown:
            raise self.fail(where, f"unknown key(s) {', '.join(sorted(unknown))}")
        return value

    def typed(self, value: Any, kind: type | tuple[type, ...], where: str) -> Any:
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds:
            raise self.fail(where, f"expected {_names(kinds)}, got a boolean")
        if not isinstance(value, kinds):
            raise self.fail(where, f"expected {_names(kinds)}, got {_kind(value)}")
        return value

    def text(self, value: Any, where: str, pattern: re.Pattern[str] | None = None) -> str:
        value = self.typed(value, str, where)
        if pattern is not None and not pattern.match(value):
            raise self.fail(where, f"{value!r} does not match {pattern.pattern}")
        return value

    def optional_text(self, value: Any, where: str) -> str | None:
        return self.typed(value, (str, type(None)), where)

    def number(self, value: Any, where: str) -> float:
        value = float(self.typed(value, (int, float), where))
        if not math.isfinite(value):
            raise self.fail(where, "expected a finite number")
        return value

    def strings(self, value: Any, where: str) -> tuple[str, ...]:
        items = self.typed(value, list, where)
        return tuple(self.text(item, f"{where}[{i}]") for i, item in enumerate(items))

    def choice(self, value: Any, allowed: Iterable[str], where: str) -> str:
        allowed = set(allowed)
        if value not in allowed:
            raise self.fail(where, f"{value!r} is not one of {', '.join(sorted(allowed))}")
        return value


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def _names(kinds: tuple[type, ...]) -> str:
    return "/".join("null" if k is type(None) else k.__name__ for k in kinds)


# -- parsing the parts ---------------------------------------------------------------------


def _field(r: _Reader, raw: Any, where: str) -> FieldSpec:
    keys = ("name", "alias_zh", "type", "length", "precision", "constraint", "domain", "aliases")
    r.obj(raw, where, keys, ("group",))
    spec = FieldSpec(
        name=r.text(raw["name"], f"{where}.name", _NAME),
        alias_zh=r.text(raw["alias_zh"], f"{where}.alias_zh"),
        type=r.choice(raw["type"], _TYPES, f"{where}.type"),
        length=r.typed(raw["length"], int, f"{where}.length"),
        precision=r.typed(raw["precision"], int, f"{where}.precision"),
        constraint=r.choice(raw["constraint"], _CONSTRAINTS, f"{where}.constraint"),
        domain=r.optional_text(raw["domain"], f"{where}.domain"),
        aliases=tuple(a.upper() for a in r.strings(raw["aliases"], f"{where}.aliases")),
        group=r.choice(raw.get("group", "other"), FIELD_GROUPS, f"{where}.group"),
    )
    if spec.length < 1:
        raise r.fail(f"{where}.length", "must be at least 1")
    if spec.type != "double" and spec.precision != 0:
        raise r.fail(f"{where}.precision", f"a {spec.type} field has precision 0")
    if not 0 <= spec.precision < spec.length:
        raise r.fail(f"{where}.precision", "must be in 0 … length − 1")
    return spec


def _layer(r: _Reader, raw: Any, where: str) -> LayerSchema:
    keys = ("table", "name_zh", "name_en", "ysdm", "area_field", "required", "source", "fields")
    r.obj(raw, where, keys, ("id", "allowed_parcel_classes", "notes"))
    fields = tuple(
        _field(r, f, f"{where}.fields[{i}]")
        for i, f in enumerate(r.typed(raw["fields"], list, f"{where}.fields"))
    )
    seen: dict[str, int] = {}
    for i, spec in enumerate(fields):
        for name in (spec.name.upper(), *spec.aliases):
            if name in seen:
                raise r.fail(f"{where}.fields[{i}]", f"field name or alias {name} used twice")
            seen[name] = i
    area = r.optional_text(raw["area_field"], f"{where}.area_field")
    if area is not None and area.upper() not in seen:
        raise r.fail(f"{where}.area_field", f"{area!r} is not one of the layer's fields")
    allowed = raw.get("allowed_parcel_classes")
    table = r.text(raw["table"], f"{where}.table", _NAME)
    return LayerSchema(
        table=table,
        name_zh=r.text(raw["name_zh"], f"{where}.name_zh"),
        name_en=r.text(raw["name_en"], f"{where}.name_en"),
        ysdm=r.text(raw["ysdm"], f"{where}.ysdm", _YSDM),
        fields=fields,
        area_field=area,
        required=r.typed(raw["required"], bool, f"{where}.required"),
        source=r.text(raw["source"], f"{where}.source"),
        allowed_parcel_classes=None
        if allowed is None
        else r.strings(allowed, f"{where}.allowed_parcel_classes"),
        notes=r.strings(raw.get("notes", []), f"{where}.notes"),
        id=r.text(raw.get("id", table), f"{where}.id", _NAME),
    )


def _land_class(r: _Reader, raw: Any, where: str) -> LandClass:
    keys = ("code", "name", "level1", "level1_name", "category", "min_area_group")
    r.obj(raw, where, (*keys, "wetland", "source"))
    code = r.typed(raw["code"], str, f"{where}.code")
    if not _CODE.match(code):
        raise r.fail(f"{where}.code", f"{code!r} is not a 三调 class code")
    land_class = LandClass(
        code=code,
        name=r.text(raw["name"], f"{where}.name"),
        level1=r.text(raw["level1"], f"{where}.level1", _LEVEL1),
        level1_name=r.text(raw["level1_name"], f"{where}.level1_name"),
        category=r.choice(raw["category"], _CATEGORIES, f"{where}.category"),
        min_area_group=r.choice(raw["min_area_group"], _GROUPS, f"{where}.min_area_group"),
        wetland=r.typed(raw["wetland"], bool, f"{where}.wetland"),
        source=r.text(raw["source"], f"{where}.source"),
    )
    # 湿地 classes keep their 03/04/06/11 codes but sit under level 1 "00" (reference:§2).
    expected = "00" if land_class.wetland else code[:2]
    if land_class.level1 != expected:
        raise r.fail(f"{where}.level1", f"{code} belongs under level 1 {expected!r}")
    return land_class


def _domain(r: _Reader, raw: Any, where: str) -> Domain:
    r.obj(raw, where, ("id", "name_zh", "values", "source"), ("applies_to", "ranges"))
    values = r.typed(raw["values"], dict, f"{where}.values")
    if not values:
        raise r.fail(f"{where}.values", "a domain needs at least one value")
    for code, name in values.items():
        r.text(name, f"{where}.values.{code}")
    applies = r.typed(raw.get("applies_to", {}), dict, f"{where}.applies_to")
    ranges = r.typed(raw.get("ranges", {}), dict, f"{where}.ranges")
    for part, mapping in (("applies_to", applies), ("ranges", ranges)):
        for code in mapping:
            if code not in values:
                raise r.fail(f"{where}.{part}.{code}", "code is not in the domain's values")
    parsed_ranges: dict[str, tuple[float, float]] = {}
    for code, pair in ranges.items():
        here = f"{where}.ranges.{code}"
        pair = r.typed(pair, list, here)
        if len(pair) != 2:
            raise r.fail(here, "expected [low, high]")
        low, high = (r.number(v, f"{here}[{i}]") for i, v in enumerate(pair))
        if low >= high:
            raise r.fail(here, "low must be below high")
        parsed_ranges[code] = (low, high)
    return Domain(
        id=r.text(raw["id"], f"{where}.id", _NAME),
        name_zh=r.text(raw["name_zh"], f"{where}.name_zh"),
        values=dict(values),
        applies_to={k: r.strings(v, f"{where}.applies_to.{k}") for k, v in applies.items()},
        source=r.text(raw["source"], f"{where}.source"),
        ranges=parsed_ranges,
    )


def _threshold(r: _Reader, key: str, raw: Any, where: str) -> Threshold:
    r.obj(raw, where, ("value", "unit", "reason"))
    reason = r.text(raw["reason"], f"{where}.reason")
    if not reason.strip():
        raise r.fail(f"{where}.reason", "every tolerance states where its number comes from")
    return Threshold(
        key=key,
        value=r.number(raw["value"], f"{where}.value"),
        unit=r.text(raw["unit"], f"{where}.unit"),
        reason=reason,
    )


def _rule(r: _Reader, raw: Any, where: str) -> dict:
    """Rules stay raw for the rule engine; only their identity and source are checked here."""
    r.typed(raw, dict, where)
    for key in ("id", "kind", "source"):
        if key not in raw:
            raise r.fail(where, f"missing key(s) {key}")
        r.text(raw[key], f"{where}.{key}")
    return dict(raw)


_Parse = Callable[[_Reader, Any, str], Any]


def _items(r: _Reader, raw: Any, where: str, parse: _Parse, id_attr: str) -> dict[str, Any]:
    """A list of items parsed into a dict by each item's unique id, in file order."""
    items: dict[str, Any] = {}
    for i, entry in enumerate(r.typed(raw, list, where)):
        item = parse(r, entry, f"{where}[{i}]")
        item_id = item[id_attr] if isinstance(item, dict) else getattr(item, id_attr)
        if item_id in items:
            raise r.fail(f"{where}[{i}].{id_attr}", f"duplicate {id_attr} {item_id}")
        items[item_id] = item
    return items


def _tiankan(r: _Reader, raw: Any, where: str) -> dict[str, float]:
    result: dict[str, float] = {}
    for key, value in r.typed(raw, dict, where).items():
        coefficient = r.number(value, f"{where}.{key}")
        if not 0 <= coefficient < 1:
            raise r.fail(f"{where}.{key}", "a 田坎系数 is a fraction: 0 ≤ KCXS < 1")
        result[key] = coefficient
    return result


# -- assembling a profile ------------------------------------------------------------------


@dataclass
class _Parts:
    """The mutable model while a profile chain is applied, root first."""

    classification: dict[str, LandClass]
    dltb: LayerSchema
    domains: dict[str, Domain]
    single_layers: dict[str, LayerSchema]
    thresholds: dict[str, Threshold]
    tiankan: dict[str, float]
    rules: dict[str, dict]

    def copy(self) -> _Parts:
        return _Parts(
            dict(self.classification),
            self.dltb,
            dict(self.domains),
            dict(self.single_layers),
            dict(self.thresholds),
            dict(self.tiankan),
            dict(self.rules),
        )


def _read_root(folder: Path, meta: dict[str, Any], meta_reader: _Reader) -> _Parts:
    missing = [name for name in _ROOT_FILES if not (folder / name).is_file()]
    if missing:
        raise ProfileError(f"{folder}: a root profile needs {', '.join(missing)}")
    overrides = _OVERRIDE_KEYS & meta.keys()
    if overrides:
        raise meta_reader.fail(
            "$", f"a root profile has no parent to override: {', '.join(sorted(overrides))}"
        )

    def keyed(name: str, key: str, parse: _Parse, id_attr: str) -> dict[str, Any]:
        r = _Reader(folder / name)
        return _items(r, r.obj(r.load(), "$", (key,))[key], f"$.{key}", parse, id_attr)

    tr = _Reader(folder / "thresholds.json")
    raw_t = tr.typed(tr.obj(tr.load(), "$", ("thresholds",))["thresholds"], dict, "$.thresholds")
    tiankan: dict[str, float] = {}
    if (folder / "tiankan.json").is_file():
        kr = _Reader(folder / "tiankan.json")
        tiankan = _tiankan(kr, kr.obj(kr.load(), "$", ("tiankan",))["tiankan"], "$.tiankan")
    rules: dict[str, dict] = {}
    seen_in: dict[str, str] = {}
    for path in _rule_files(folder):
        rr = _Reader(path)
        found = _items(rr, rr.obj(rr.load(), "$", ("rules",))["rules"], "$.rules", _rule, "id")
        for rule_id, rule in found.items():
            if rule_id in rules:
                raise rr.fail("$.rules", f"rule {rule_id} is also in {seen_in[rule_id]}")
            rules[rule_id] = rule
            seen_in[rule_id] = path.name
    for rule_id, rule in _items(meta_reader, meta.get("rules", []), "$.rules", _rule, "id").items():
        if rule_id in rules:
            raise meta_reader.fail("$.rules", f"rule {rule_id} is also in {seen_in[rule_id]}")
        rules[rule_id] = rule
    dr = _Reader(folder / "dltb_schema.json")
    return _Parts(
        classification=keyed("classification.json", "classes", _land_class, "code"),
        dltb=_layer(dr, dr.load(), "$"),
        domains=keyed("domains.json", "domains", _domain, "id"),
        single_layers=keyed("single_layers.json", "layers", _layer, "id"),
        thresholds={k: _threshold(tr, k, v, f"$.thresholds.{k}") for k, v in raw_t.items()},
        tiankan=tiankan,
        rules=rules,
    )


def _apply(
    r: _Reader,
    target: dict[str, Any],
    raw: Any,
    where: str,
    parse: _Parse,
    id_attr: str,
    what: str,
    protect: Callable[[Any], bool] = lambda item: False,
) -> None:
    """Apply ``{"add": [...], "replace": [...], "remove": [ids]}`` to ``target`` in place."""
    changes = r.obj(raw, where, (), ("add", "replace", "remove"))
    for i, entry in enumerate(r.typed(changes.get("add", []), list, f"{where}.add")):
        item = parse(r, entry, f"{where}.add[{i}]")
        item_id = getattr(item, id_attr)
        if item_id in target:
            raise r.fail(f"{where}.add[{i}]", f"{what} {item_id} exists already: use replace")
        target[item_id] = item
    for i, entry in enumerate(r.typed(changes.get("replace", []), list, f"{where}.replace")):
        item = parse(r, entry, f"{where}.replace[{i}]")
        item_id = getattr(item, id_attr)
        if item_id not in target:
            raise r.fail(f"{where}.replace[{i}]", f"no {what} {item_id} to replace")
        target[item_id] = item
    for i, item_id in enumerate(r.strings(changes.get("remove", []), f"{where}.remove")):
        if item_id not in target:
            raise r.fail(f"{where}.remove[{i}]", f"no {what} {item_id} to remove")
        if protect(target[item_id]):
            raise r.fail(f"{where}.remove[{i}]", f"{what} {item_id} is required")
        del target[item_id]


def _rule_files(folder: Path) -> list[Path]:
    """rules.json, then one rules_<family>.json per rule family (evidence, imagery…).

    Separate files let each family be reviewed and diffed on its own; ids stay unique
    across all of them.
    """
    main = [folder / "rules.json"] if (folder / "rules.json").is_file() else []
    return main + sorted(folder.glob("rules_*.json"))


def _apply_child(base: _Parts, folder: Path, meta: dict[str, Any], r: _Reader) -> _Parts:
    stray = [name for name in (*_ROOT_FILES, *_OPTIONAL_ROOT_FILES) if (folder / name).is_file()]
    stray += [path.name for path in folder.glob("rules_*.json")]
    if stray:
        raise ProfileError(
            f"{folder}: a child profile states its changes in profile.json, "
            f"not in {', '.join(stray)}"
        )
    parts = base.copy()
    if "classification" in meta:
        changes = meta["classification"]
        _apply(r, parts.classification, changes, "$.classification", _land_class, "code", "class")
    if "domains" in meta:
        _apply(r, parts.domains, meta["domains"], "$.domains", _domain, "id", "domain")
    if "single_layers" in meta:
        changes = meta["single_layers"]
        _apply(
            r,
            parts.single_layers,
            changes,
            "$.single_layers",
            _layer,
            "id",
            "single layer",
            protect=lambda layer: layer.required,
        )
    for key, raw in r.typed(meta.get("thresholds", {}), dict, "$.thresholds").items():
        if key not in parts.thresholds:
            raise r.fail(f"$.thresholds.{key}", "overrides a threshold the parent does not have")
        parts.thresholds[key] = _threshold(r, key, raw, f"$.thresholds.{key}")
    parts.tiankan.update(_tiankan(r, meta.get("tiankan", {}), "$.tiankan"))
    # A child rule with a parent rule's id replaces it; any other id is added. An entry with
    # only an id and a few keys (no kind) patches the parent's rule: {"id": …, "enabled": false}.
    for i, raw in enumerate(r.typed(meta.get("rules", []), list, "$.rules")):
        where = f"$.rules[{i}]"
        if isinstance(raw, dict) and "kind" not in raw and "id" in raw:
            rule_id = r.text(raw["id"], f"{where}.id")
            if rule_id not in parts.rules:
                raise r.fail(where, f"patches rule {rule_id}, which the parent does not have")
            parts.rules[rule_id] = {**parts.rules[rule_id], **raw}
            continue
        rule = _rule(r, raw, where)
        parts.rules[rule["id"]] = rule
    return parts


def _check(parts: _Parts, blame: Callable[[str], Path], merged: bool) -> None:
    """Cross-file consistency, after each profile of the chain has been applied.

    For a child profile the JSON paths name the merged model, since the broken reference
    may sit in a parent file while this profile's change broke it.
    """

    def fail(part: str, where: str, problem: str) -> ProfileError:
        """``where`` starts with ``$``, the part's root, spelled for the file blamed."""
        start = f"after this profile's changes, {part}" if merged else _ROOT_PATHS[part]
        return ProfileError(f"{blame(part)}: {start}{where[1:]}: {problem}")

    if len(parts.dltb.fields) != DLTB_FIELD_COUNT:
        raise fail(
            "dltb",
            "$.fields",
            f"the DLTB schema has {len(parts.dltb.fields)} fields, "
            f"the national standard has {DLTB_FIELD_COUNT}",
        )
    layers = [("dltb", "$", parts.dltb)] + [
        ("single_layers", f"$[id={layer_id}]", layer)
        for layer_id, layer in parts.single_layers.items()
    ]
    tables: dict[str, str] = {}
    for part, where, layer in layers:
        if layer.table in tables:
            raise fail(
                part, f"{where}.table", f"table {layer.table} is used by {tables[layer.table]}"
            )
        tables[layer.table] = layer.id
        for i, spec in enumerate(layer.fields):
            if spec.domain not in (None, CLASSIFICATION_DOMAIN, *parts.domains):
                raise fail(
                    part,
                    f"{where}.fields[{i}].domain",
                    f"field {spec.name} names unknown domain {spec.domain!r}",
                )

    def known(entry: str) -> bool:
        return any(_class_matches(entry, code) for code in parts.classification)

    for layer_id, layer in parts.single_layers.items():
        for entry in layer.allowed_parcel_classes or ():
            if not known(entry):
                raise fail(
                    "single_layers",
                    f"$[id={layer_id}].allowed_parcel_classes",
                    f"{entry!r} matches no class of the classification",
                )
    for domain in parts.domains.values():
        for value, entries in domain.applies_to.items():
            for entry in entries:
                if not known(entry):
                    raise fail(
                        "domains",
                        f"$[id={domain.id}].applies_to.{value}",
                        f"{entry!r} matches no class of the classification",
                    )
    for key in _GROUPS.values():
        if key not in parts.thresholds:
            raise fail("thresholds", "$", f"threshold {key} is required")
    if parts.tiankan:
        gdlx, gdpdjb = parts.domains.get("GDLX"), parts.domains.get("GDPDJB")
        for key in parts.tiankan:
            if (
                gdlx is None
                or gdpdjb is None
                or not any(
                    key.startswith(t) and key[len(t) :] in gdpdjb.values for t in gdlx.values
                )
            ):
                raise fail("tiankan", f"$.{key}", "expected a GDLX code + GDPDJB level")


def available_profiles(root: Path | None = None) -> list[str]:
    """Ids of the profile folders under ``root`` (default: the shipped profiles)."""
    root = root or profiles_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "profile.json").is_file())


def load_profile(profile_id: str, root: Path | None = None) -> Profile:
    """The profile with its parents resolved; cached, so call it freely."""
    return _load(profile_id, (root or profiles_dir()).resolve())


def clear_profile_cache() -> None:
    """Forget loaded profiles, e.g. after the user edited a profile file."""
    _load.cache_clear()


# Where each part of the model sits in a root profile: file, and JSON path of its root.
_ROOT_PATHS = {
    "dltb": "$",
    "single_layers": "$.layers",
    "domains": "$.domains",
    "thresholds": "$.thresholds",
    "tiankan": "$.tiankan",
}
_ROOT_BLAME = {
    "dltb": "dltb_schema.json",
    "single_layers": "single_layers.json",
    "domains": "domains.json",
    "thresholds": "thresholds.json",
    "tiankan": "tiankan.json",
}


@lru_cache(maxsize=32)
def _load(profile_id: str, root: Path) -> Profile:
    chain: list[tuple[Path, dict[str, Any], _Reader]] = []
    current: str | None = profile_id
    while current is not None:
        if any(folder.name == current for folder, _, _ in chain):
            names = " -> ".join([f.name for f, _, _ in chain] + [current])
            raise ProfileError(f"{chain[-1][2].file}: $.parent: profile parent cycle {names}")
        folder = root / current
        reader = _Reader(folder / "profile.json")
        if not reader.file.is_file():
            if chain:
                raise ProfileError(f"{chain[-1][2].file}: $.parent: unknown profile {current!r}")
            have = ", ".join(available_profiles(root)) or "none"
            raise ProfileError(f"{root}: no profile {current!r} (have: {have})")
        meta = reader.obj(reader.load(), "$", _META_KEYS, _META_OPTIONAL | _OVERRIDE_KEYS)
        if meta["id"] != current:
            raise reader.fail("$.id", f"{meta['id']!r} does not match the folder name {current!r}")
        year = reader.typed(meta["year"], int, "$.year")
        if chain and year > chain[-1][1]["year"]:
            child_year = chain[-1][1]["year"]
            raise chain[-1][2].fail(
                "$.parent", f"a {child_year} profile cannot inherit from {current} ({year})"
            )
        for key in ("province", "province_code"):
            reader.optional_text(meta.get(key), f"$.{key}")
        reader.text(meta["title_zh"], "$.title_zh")
        reader.text(meta["title_en"], "$.title_en")
        chain.append((folder, meta, reader))
        current = reader.optional_text(meta["parent"], "$.parent")

    parts: _Parts | None = None
    for folder, meta, reader in reversed(chain):
        if parts is None:
            parts = _read_root(folder, meta, reader)
            _check(parts, lambda part, folder=folder: folder / _ROOT_BLAME[part], merged=False)
        else:
            parts = _apply_child(parts, folder, meta, reader)
            _check(parts, lambda part, reader=reader: reader.file, merged=True)
    assert parts is not None
    _, meta, _ = chain[0]
    return Profile(
        id=meta["id"],
        year=meta["year"],
        province=meta["province"],
        title_zh=meta["title_zh"],
        title_en=meta["title_en"],
        parents=tuple(f.name for f, _, _ in chain[1:]),
        classification=parts.classification,
        dltb=parts.dltb,
        domains=parts.domains,
        single_layers=parts.single_layers,
        thresholds=parts.thresholds,
        rules=tuple(parts.rules.values()),
        tiankan=parts.tiankan,
        province_code=meta.get("province_code"),
    )
