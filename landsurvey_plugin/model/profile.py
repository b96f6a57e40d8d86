"""Year/province profiles: the national model read from data files, validated strictly.

Rules and code lists change by year and province (seed 000 adds 1208 for Guizhou 2024), so
they live in ``profiles/<id>/*.json``; a child profile states only what differs from its
parent. JSON, not TOML or YAML: QGIS on Windows ships Python 3.9 without ``tomllib`` and
PyYAML is not guaranteed. A malformed file raises ``ProfileError`` naming the file, the
JSON path and the problem — a profile that loads half-way would mis-check a whole county.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from landsurvey_plugin.toolbelt.paths import profiles_dir

DLTB_FIELD_COUNT = 30
_CODE = re.compile(r"^(\d{2}|\d{4}|\d{2}H\d)[A-Z]?$")
_TYPES = {"string", "int", "double"}
_CONSTRAINTS = {"M", "O", "C"}
_CATEGORIES = {"construction", "agricultural", "unused"}
_GROUPS = {
    "construction": "min_area_construction",
    "agricultural": "min_area_agricultural",
    "other": "min_area_other",
}
_FILES = (
    "classification.json",
    "dltb_schema.json",
    "domains.json",
    "single_layers.json",
    "thresholds.json",
)


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

    def matches(self, name: str) -> bool:
        wanted = name.upper()
        return wanted == self.name.upper() or wanted in (a.upper() for a in self.aliases)


@dataclass(frozen=True)
class Domain:
    id: str
    name_zh: str
    values: dict[str, str]
    applies_to: dict[str, tuple[str, ...]]
    source: str

    def allowed_on(self, value: str, dlbm: str) -> bool:
        """Whether ``value`` may be used on class ``dlbm`` (no restriction when unlisted)."""
        prefixes = self.applies_to.get(value)
        if prefixes is None:
            return True
        return any(dlbm == p or (len(p) == 2 and dlbm.startswith(p)) for p in prefixes)


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
    allowed_parcel_classes: tuple[str, ...] | None = None
    rule: str = ""

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.matches(name)), None)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


@dataclass(frozen=True)
class Threshold:
    key: str
    value: float
    unit: str
    reason: str


@dataclass(frozen=True)
class Profile:
    id: str
    year: int
    province: str | None
    title_zh: str
    title_en: str
    parents: tuple[str, ...]
    classification: dict[str, LandClass]
    dltb: LayerSchema
    domains: dict[str, Domain]
    single_layers: dict[str, LayerSchema]
    thresholds: dict[str, Threshold]
    rules: tuple[dict, ...] = field(default=())

    def land_class(self, code: str) -> LandClass | None:
        return self.classification.get(code)

    def min_mapping_area(self, dlbm: str) -> float | None:
        land_class = self.land_class(dlbm)
        if land_class is None:
            return None
        return self.threshold(_GROUPS[land_class.min_area_group])

    def threshold(self, key: str) -> float:
        try:
            return self.thresholds[key].value
        except KeyError:
            raise ProfileError(f"profile {self.id}: no threshold {key!r}") from None


# -- reading and checking ------------------------------------------------------------------


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
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ProfileError(
                f"{self.file}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
            ) from exc

    def obj(self, value: Any, where: str, required: set[str], optional: set[str] = frozenset()):
        if not isinstance(value, dict):
            raise self.fail(where, f"expected an object, got {type(value).__name__}")
        missing = required - value.keys()
        if missing:
            raise self.fail(where, f"missing key(s) {', '.join(sorted(missing))}")
        unknown = value.keys() - required - optional - {"_comment"}
        if unknown:
            raise self.fail(where, f"unknown key(s) {', '.join(sorted(unknown))}")
        return value

    def typed(self, value: Any, kind: type | tuple[type, ...], where: str) -> Any:
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise self.fail(where, "expected a number, got a boolean")
        if not isinstance(value, kind):
            expected = (
                kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            )
            raise self.fail(where, f"expected {expected}, got {type(value).__name__}")
        return value

    def choice(self, value: Any, allowed: set[str], where: str) -> str:
        if value not in allowed:
            raise self.fail(where, f"{value!r} is not one of {', '.join(sorted(allowed))}")
        return value


def _field(r: _Reader, raw: Any, where: str) -> FieldSpec:
    keys = {"name", "alias_zh", "type", "length", "precision", "constraint", "domain", "aliases"}
    r.obj(raw, where, keys)
    return FieldSpec(
        name=r.typed(raw["name"], str, f"{where}.name"),
        alias_zh=r.typed(raw["alias_zh"], str, f"{where}.alias_zh"),
        type=r.choice(raw["type"], _TYPES, f"{where}.type"),
        length=r.typed(raw["length"], int, f"{where}.length"),
        precision=r.typed(raw["precision"], int, f"{where}.precision"),
        constraint=r.choice(raw["constraint"], _CONSTRAINTS, f"{where}.constraint"),
        domain=r.typed(raw["domain"], (str, type(None)), f"{where}.domain"),
        aliases=tuple(
            r.typed(a, str, f"{where}.aliases")
            for a in r.typed(raw["aliases"], list, f"{where}.aliases")
        ),
    )


def _layer(r: _Reader, raw: Any, where: str) -> LayerSchema:
    keys = {"table", "name_zh", "name_en", "ysdm", "area_field", "required", "source", "fields"}
    r.obj(raw, where, keys, {"allowed_parcel_classes", "rule"})
    fields = tuple(
        _field(r, f, f"{where}.fields[{i}]")
        for i, f in enumerate(r.typed(raw["fields"], list, f"{where}.fields"))
    )
    names = [f.name.upper() for f in fields]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise r.fail(f"{where}.fields", f"duplicate field(s) {', '.join(sorted(duplicates))}")
    area = r.typed(raw["area_field"], (str, type(None)), f"{where}.area_field")
    if area is not None and area.upper() not in names:
        raise r.fail(f"{where}.area_field", f"{area!r} is not one of the layer's fields")
    allowed = raw.get("allowed_parcel_classes")
    return LayerSchema(
        table=r.typed(raw["table"], str, f"{where}.table"),
        name_zh=r.typed(raw["name_zh"], str, f"{where}.name_zh"),
        name_en=r.typed(raw["name_en"], str, f"{where}.name_en"),
        ysdm=r.typed(raw["ysdm"], str, f"{where}.ysdm"),
        fields=fields,
        area_field=area,
        required=r.typed(raw["required"], bool, f"{where}.required"),
        source=r.typed(raw["source"], str, f"{where}.source"),
        allowed_parcel_classes=None
        if allowed is None
        else tuple(r.typed(allowed, list, f"{where}.allowed_parcel_classes")),
        rule=r.typed(raw.get("rule", ""), str, f"{where}.rule"),
    )


def _land_class(r: _Reader, raw: Any, where: str) -> LandClass:
    keys = {
        "code",
        "name",
        "level1",
        "level1_name",
        "category",
        "min_area_group",
        "wetland",
        "source",
    }
    r.obj(raw, where, keys)
    code = r.typed(raw["code"], str, f"{where}.code")
    if not _CODE.match(code):
        raise r.fail(f"{where}.code", f"{code!r} is not a 三调 class code")
    return LandClass(
        code=code,
        name=r.typed(raw["name"], str, f"{where}.name"),
        level1=r.typed(raw["level1"], str, f"{where}.level1"),
        level1_name=r.typed(raw["level1_name"], str, f"{where}.level1_name"),
        category=r.choice(raw["category"], _CATEGORIES, f"{where}.category"),
        min_area_group=r.choice(raw["min_area_group"], set(_GROUPS), f"{where}.min_area_group"),
        wetland=r.typed(raw["wetland"], bool, f"{where}.wetland"),
        source=r.typed(raw["source"], str, f"{where}.source"),
    )


def _classes(r: _Reader, items: Any, where: str, into: dict[str, LandClass]) -> None:
    for i, raw in enumerate(r.typed(items, list, where)):
        land_class = _land_class(r, raw, f"{where}[{i}]")
        if land_class.code in into:
            raise r.fail(f"{where}[{i}].code", f"duplicate class code {land_class.code}")
        into[land_class.code] = land_class


def _domain(r: _Reader, raw: Any, where: str) -> Domain:
    r.obj(raw, where, {"id", "name_zh", "values", "source"}, {"applies_to"})
    values = r.typed(raw["values"], dict, f"{where}.values")
    for code, name in values.items():
        r.typed(name, str, f"{where}.values.{code}")
    applies = r.typed(raw.get("applies_to", {}), dict, f"{where}.applies_to")
    for code in applies:
        if code not in values:
            raise r.fail(f"{where}.applies_to.{code}", "code is not in the domain's values")
    return Domain(
        id=r.typed(raw["id"], str, f"{where}.id"),
        name_zh=r.typed(raw["name_zh"], str, f"{where}.name_zh"),
        values=dict(values),
        applies_to={
            k: tuple(r.typed(v, list, f"{where}.applies_to.{k}")) for k, v in applies.items()
        },
        source=r.typed(raw["source"], str, f"{where}.source"),
    )


def _threshold(r: _Reader, key: str, raw: Any, where: str) -> Threshold:
    r.obj(raw, where, {"value", "unit", "reason"})
    return Threshold(
        key=key,
        value=float(r.typed(raw["value"], (int, float), f"{where}.value")),
        unit=r.typed(raw["unit"], str, f"{where}.unit"),
        reason=r.typed(raw["reason"], str, f"{where}.reason"),
    )


def _keyed_list(file: Path, key: str, parse, id_attr: str) -> dict[str, Any]:
    """A file holding ``{key: [items]}``, parsed into a dict by each item's unique id."""
    reader = _Reader(file)
    items: dict[str, Any] = {}
    raw_items = reader.typed(reader.obj(reader.load(), "$", {key})[key], list, f"$.{key}")
    for i, raw in enumerate(raw_items):
        item = parse(reader, raw, f"$.{key}[{i}]")
        item_id = getattr(item, id_attr)
        if item_id in items:
            raise reader.fail(f"$.{key}[{i}].{id_attr}", f"duplicate {key} entry {item_id}")
        items[item_id] = item
    return items


_PROFILE_KEYS = {"id", "year", "province", "title_zh", "title_en", "parent"}
_OVERRIDES = {"classification", "thresholds", "rules", "single_layers", "domains"}


def _merge(base: dict[str, Any] | None, folder: Path, meta: dict[str, Any], r: _Reader) -> dict:
    """Apply one profile folder onto its parent's parsed parts (None: a root profile)."""
    parts: dict[str, Any] = (
        {k: dict(v) if isinstance(v, dict) else v for k, v in base.items()} if base else {}
    )
    if base is None:
        missing = [name for name in _FILES if not (folder / name).is_file()]
        if missing:
            raise ProfileError(f"{folder}: a root profile needs {', '.join(missing)}")
        classes: dict[str, LandClass] = {}
        cr = _Reader(folder / "classification.json")
        _classes(cr, cr.obj(cr.load(), "$", {"classes"})["classes"], "$.classes", classes)
        parts["classification"] = classes
        sr = _Reader(folder / "dltb_schema.json")
        parts["dltb"] = _layer(sr, sr.load(), "$")
        parts["domains"] = _keyed_list(folder / "domains.json", "domains", _domain, "id")
        parts["single_layers"] = _keyed_list(
            folder / "single_layers.json", "layers", _layer, "table"
        )
        tr = _Reader(folder / "thresholds.json")
        raw_t = tr.typed(tr.obj(tr.load(), "$", {"thresholds"})["thresholds"], dict, "$.thresholds")
        parts["thresholds"] = {
            k: _threshold(tr, k, v, f"$.thresholds.{k}") for k, v in raw_t.items()
        }
        parts["rules"] = ()
    else:
        stray = [name for name in _FILES if (folder / name).is_file()]
        if stray:
            raise ProfileError(
                f"{folder}: an override profile states its changes in profile.json, "
                f"not in {', '.join(stray)}"
            )
        changes = meta.get("classification", {})
        r.obj(changes, "$.classification", set(), {"add", "replace", "remove"})
        _classes(r, changes.get("add", []), "$.classification.add", parts["classification"])
        for i, raw in enumerate(
            r.typed(changes.get("replace", []), list, "$.classification.replace")
        ):
            land_class = _land_class(r, raw, f"$.classification.replace[{i}]")
            if land_class.code not in parts["classification"]:
                raise r.fail(
                    f"$.classification.replace[{i}]", f"no class {land_class.code} to replace"
                )
            parts["classification"][land_class.code] = land_class
        for code in r.typed(changes.get("remove", []), list, "$.classification.remove"):
            if parts["classification"].pop(code, None) is None:
                raise r.fail("$.classification.remove", f"no class {code} to remove")
        for key, raw in r.typed(meta.get("thresholds", {}), dict, "$.thresholds").items():
            if key not in parts["thresholds"]:
                raise r.fail(
                    f"$.thresholds.{key}", "overrides a threshold the parent does not have"
                )
            parts["thresholds"][key] = _threshold(r, key, raw, f"$.thresholds.{key}")
    rules = r.typed(meta.get("rules", []), list, "$.rules")
    parts["rules"] = tuple(parts.get("rules", ())) + tuple(rules)
    for domain_field in parts["dltb"].fields:
        if (
            domain_field.domain not in (None, "DLBM")
            and domain_field.domain not in parts["domains"]
        ):
            raise ProfileError(
                f"{folder}: DLTB field {domain_field.name} names unknown domain "
                f"{domain_field.domain!r}"
            )
    if len(parts["dltb"].fields) != DLTB_FIELD_COUNT:
        raise ProfileError(
            f"{folder}: the DLTB schema has {len(parts['dltb'].fields)} fields, "
            f"the national standard has {DLTB_FIELD_COUNT}"
        )
    for group_key in _GROUPS.values():
        if group_key not in parts["thresholds"]:
            raise ProfileError(f"{folder}: threshold {group_key} is required")
    return parts


def available_profiles(root: Path | None = None) -> list[str]:
    root = root or profiles_dir()
    return sorted(p.name for p in root.iterdir() if (p / "profile.json").is_file())


def load_profile(profile_id: str, root: Path | None = None) -> Profile:
    """The profile with its parents resolved; cached, so call it freely."""
    return _load(profile_id, (root or profiles_dir()).resolve())


@lru_cache(maxsize=32)
def _load(profile_id: str, root: Path) -> Profile:
    chain: list[tuple[Path, dict[str, Any], _Reader]] = []
    current: str | None = profile_id
    while current is not None:
        if any(folder.name == current for folder, _, _ in chain):
            names = " -> ".join([f.name for f, _, _ in chain] + [current])
            raise ProfileError(f"{root}: profile parent cycle {names}")
        folder = root / current
        reader = _Reader(folder / "profile.json")
        if not reader.file.is_file():
            if chain:
                raise ProfileError(f"{chain[-1][2].file}: $.parent: unknown profile {current!r}")
            raise ProfileError(
                f"{root}: no profile {current!r} (have: {', '.join(available_profiles(root))})"
            )
        meta = reader.obj(reader.load(), "$", _PROFILE_KEYS, _OVERRIDES)
        if meta["id"] != current:
            raise reader.fail("$.id", f"{meta['id']!r} does not match the folder name {current!r}")
        chain.append((folder, meta, reader))
        current = reader.typed(meta["parent"], (str, type(None)), "$.parent")
    parts: dict[str, Any] | None = None
    for folder, meta, reader in reversed(chain):
        parts = _merge(parts, folder, meta, reader)
    _, meta, reader = chain[0]
    assert parts is not None
    return Profile(
        id=meta["id"],
        year=reader.typed(meta["year"], int, "$.year"),
        province=reader.typed(meta["province"], (str, type(None)), "$.province"),
        title_zh=reader.typed(meta["title_zh"], str, "$.title_zh"),
        title_en=reader.typed(meta["title_en"], str, "$.title_en"),
        parents=tuple(f.name for f, _, _ in chain[1:]),
        classification=parts["classification"],
        dltb=parts["dltb"],
        domains=parts["domains"],
        single_layers=parts["single_layers"],
        thresholds=parts["thresholds"],
        rules=parts["rules"],
    )
