"""The checks engine on a few parcels: the parcel dock's live validation and batch edits.

ONE rule set: the dock builds a small Dataset from the form's values (one row, or the rows
of a batch edit) and runs ``engine.run_checks`` with the profile's own rules, so a parcel
the dock accepts is one the county check accepts.

Which rules run here: the kinds that judge one parcel by its own attributes and shape
(``PARCEL_KINDS``), and uniqueness (``UNIQUE_KIND``: BSM, ZLDWDM/TBBH): ``check_unique``
runs the profile's own ``unique`` rules on the parcels being edited plus the OTHER parcels
that share one of their keys (the adapter finds those in a value index of the layer, edit
buffer included, instead of reading 200,000 rows per keystroke), with the dataset's
``focus`` on the edited parcels, so the message and clause are the county check's and
only the edited parcels' findings are kept. Whole-county kinds are skipped and left to the
county check: topology and geometry (the dock edits attributes; digitising has its own
checks), the layer schema (the dock says once which fields the layer lacks) and
single-layer rules. ``expression`` rules (``EXPRESSION_KIND``) need a QGIS feature source:
the adapter adds them with one (a memory layer holding the form's values).
Change rules (新增耕地, 流出耕地) do run: the adapter passes the previous-year candidates
of the parcel, and the engine's own ``previous_index`` picks the match (BSM, else location).

The same module holds what the form derives from a value the user sets (the names, the
耕地 fields a class allows, GDLX with slope grades 2–5, KCXS from the 田坎系数 table,
KCMJ/TBDLMJ by the area formulas), so the dock and a batch edit derive alike.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from landsurvey_plugin.model.area import parcel_areas
from landsurvey_plugin.model.gauss_kruger import GKZone
from landsurvey_plugin.model.profile import CLASSIFICATION_DOMAIN, Profile
from landsurvey_plugin.rules.catalogue import RuleSpec, rules_of
from landsurvey_plugin.rules.conditions import Evaluator
from landsurvey_plugin.rules.context import CheckContext
from landsurvey_plugin.rules.dataset import PARCELS, PREVIOUS, Dataset, LayerData
from landsurvey_plugin.rules.engine import run_checks
from landsurvey_plugin.rules.findings import Finding

PARCEL_KINDS = frozenset({"attribute", "required", "area_derived", "area_tbmj", "min_area"})
EXPRESSION_KIND = "expression"
UNIQUE_KIND = "unique"
CULTIVATED_PREFIX = "01"  # 耕地
CULTIVATED_GROUP = "cultivated"
# GDLX is stated only on sloping 耕地 (rules gdlx_required / gdlx_flat, reference §1 row 17).
GDLX_GRADES = ("2", "3", "4", "5")
KCXS_NONE = 0.0  # KCXS of a parcel without 田坎 (rule kcxs_not_cultivated: NULL or ≤ 0)


def parcel_rules(profile: Profile, kinds: Iterable[str] = PARCEL_KINDS) -> list[RuleSpec]:
    """The profile's enabled rules of these kinds that judge one DLTB parcel on its own."""
    wanted = set(kinds)
    return [r for r in rules_of(profile) if r.layer == PARCELS and r.kind in wanted and r.enabled]


def with_tiankan(profile: Profile, county: Mapping[str, float]) -> Profile:
    """The profile with the county's 田坎系数 table over the province's (county wins)."""
    if not county:
        return profile
    return replace(profile, tiankan={**profile.tiankan, **county})


def _column(values: Sequence[Any]) -> np.ndarray:
    column = np.empty(len(values), dtype=object)
    column[:] = list(values)
    return column


def layer_data(
    role: str,
    rows: Sequence[Mapping[str, Any]],
    shapes: Sequence[Any],
    fids: Sequence[int],
    field_names: Iterable[str],
) -> LayerData:
    """Rows of field values (upper-case names) as the engine's LayerData."""
    names = [n.upper() for n in field_names]
    columns = {n: _column([row.get(n) for row in rows]) for n in names}
    return LayerData(
        role=role,
        name=role,
        fids=np.asarray(list(fids), dtype=np.int64),
        shapes=_column(shapes),
        problems=[None if s is not None else "no geometry" for s in shapes],
        columns=columns,
    )


def parcels_dataset(
    rows: Sequence[Mapping[str, Any]],
    shapes: Sequence[Any],
    fids: Sequence[int],
    zone: GKZone,
    field_names: Iterable[str],
    previous: LayerData | None = None,
) -> Dataset:
    """A Dataset of the given parcels (and their previous-year candidates)."""
    layers = {PARCELS: layer_data(PARCELS, rows, shapes, fids, field_names)}
    if previous is not None:
        layers[PREVIOUS] = previous
    return Dataset(layers=layers, zone=zone)


@dataclass(frozen=True)
class FieldFinding:
    """A finding of the live validation with the form fields it is about."""

    finding: Finding
    fields: tuple[str, ...]


def rule_fields(rule: RuleSpec, row: Mapping[str, Any], profile: Profile) -> tuple[str, ...]:
    """The fields a finding of ``rule`` is shown next to: what its requirement reads."""
    if rule.kind == "required":
        names = rule.params.get("fields") or [
            f.name for f in profile.dltb.fields if f.constraint == "M"
        ]
        return tuple(n for n in names if plain(row.get(n.upper())) == "")
    if rule.kind == "area_derived":
        return ("KCMJ", "TBDLMJ")
    if rule.kind in ("area_tbmj", "min_area"):
        return (rule.params.get("field", "TBMJ"),)
    if rule.kind == UNIQUE_KIND:  # the last field: the earlier ones scope it (TBBH in ZLDWDM)
        return tuple(f.upper() for f in rule.params["fields"][-1:])
    if rule.kind == EXPRESSION_KIND:  # the quoted field names of the QGIS expression
        quoted = re.findall(r'"([^"]+)"', str(rule.params.get("expression", "")))
        return tuple(dict.fromkeys(name.upper() for name in quoted))
    evaluator = Evaluator(profile, None)  # fields_of reads only the condition
    found = evaluator.fields_of(rule.params.get("require"))
    found = {f for f in found if not f.startswith("PREV.")}
    if not found:
        found = {f for f in evaluator.fields_of(rule.params.get("when")) if "." not in f}
    order = {f.name: i for i, f in enumerate(profile.dltb.fields)}
    return tuple(sorted(found, key=lambda f: order.get(f, len(order))))


def check_parcels(
    dataset: Dataset,
    profile: Profile,
    rules: Sequence[RuleSpec],
    lang: str = "zh",
) -> list[list[FieldFinding]]:
    """Per parcel row of ``dataset``, its findings with the fields they concern."""
    parcels = dataset.layers[PARCELS]
    by_rule = {r.id: r for r in rules}
    row_of = {int(fid): i for i, fid in enumerate(parcels.fids)}
    result: list[list[FieldFinding]] = [[] for _ in range(len(parcels))]
    run = run_checks(dataset, profile, rules=rules, lang=lang)
    for finding in run.findings:
        if finding.layer != PARCELS:
            continue
        for fid in finding.fids:
            i = row_of.get(int(fid))
            if i is None:
                continue
            row = {n: parcels.columns[n][i] for n in parcels.columns}
            fields = rule_fields(by_rule[finding.rule], row, profile)
            result[i].append(FieldFinding(finding, fields))
    return result


def unique_fields(rule: RuleSpec) -> tuple[str, ...]:
    """The fields whose values a ``unique`` rule's parcels share (upper case)."""
    return tuple(f.upper() for f in rule.params["fields"])


def check_unique(
    rows: Sequence[Mapping[str, Any]],
    shapes: Sequence[Any],
    fids: Sequence[int],
    others: Sequence[Mapping[str, Any]],
    other_fids: Sequence[int],
    zone: GKZone,
    profile: Profile,
    rules: Sequence[RuleSpec],
    lang: str = "zh",
) -> list[list[FieldFinding]]:
    """Per row of ``rows`` (the parcels being edited), the findings of the ``unique`` rules
    among them and ``others``: the other parcels sharing one of their keys, with their
    values (the key fields and BSM; no geometry needed). The engine runs the rules with the
    dataset's focus on ``rows``; a finding is kept on the rows it names. The rows are put
    in fid order, the order the county check reads a saved layer in, so a message listing
    the parcels (``{key}``) lists them alike."""
    if not rules or not rows:
        return [[] for _ in rows]
    names = {"BSM", *(f for rule in rules for f in unique_fields(rule))}
    all_rows = [*rows, *others]
    all_shapes = [*shapes, *([None] * len(others))]
    all_fids = [int(f) for f in (*fids, *other_fids)]
    order = sorted(range(len(all_rows)), key=all_fids.__getitem__)
    dataset = parcels_dataset(
        [all_rows[i] for i in order],
        [all_shapes[i] for i in order],
        [all_fids[i] for i in order],
        zone,
        sorted(names),
    )
    position = {i: n for n, i in enumerate(order)}
    keys = dataset.layers[PARCELS].keys
    dataset.focus = {PARCELS: {keys[position[i]] for i in range(len(rows))}}
    found = check_parcels(dataset, profile, rules, lang)
    return [found[position[i]] for i in range(len(rows))]


def previous_rows(dataset: Dataset, profile: Profile) -> np.ndarray | None:
    """Per parcel, the row of its previous-year parcel (-1: none) — the engine's own match."""
    return CheckContext(dataset, profile).previous_index()


# -- what a value implies -------------------------------------------------------------------


def plain(value: Any) -> str:
    """A value as the rules compare it: NULL and blanks are '', 2.0 is '2'."""
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:g}"
    return str(value).strip()


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def is_cultivated(dlbm: str) -> bool:
    return dlbm.startswith(CULTIVATED_PREFIX)


def name_pairs(profile: Profile) -> dict[str, tuple[str, str]]:
    """Code field -> (name field, domain), read from the rules' ``name_of`` requirements
    (DLBM -> DLMC by the classification, ZZSXDM -> ZZSXMC by ZZSX, TBXHDM -> TBXHMC)."""
    pairs: dict[str, tuple[str, str]] = {}

    def walk(cond: Any) -> None:
        if isinstance(cond, dict):
            if "name_of" in cond and "class_field" in cond:
                pairs[cond["class_field"].upper()] = (cond["field"].upper(), cond["name_of"])
            for key in ("all", "any"):
                for item in cond.get(key, []) if isinstance(cond.get(key), list) else []:
                    walk(item)
            if "not" in cond:
                walk(cond["not"])

    for raw in profile.rules:
        if raw.get("layer") == PARCELS:
            walk(raw.get("require"))
    return pairs


def code_name(profile: Profile, domain: str, code: str) -> str | None:
    if domain in ("classification", CLASSIFICATION_DOMAIN):
        land_class = profile.land_class(code)
        return land_class.name if land_class else None
    found = profile.domains.get(domain)
    return found.values.get(code) if found else None


def allowed_codes(profile: Profile, field: str, dlbm: str) -> list[str] | None:
    """The codes of a coded field allowed on class ``dlbm`` (None: not a coded field)."""
    spec = profile.dltb.field(field)
    if spec is None or spec.domain is None:
        return None
    if spec.domain == CLASSIFICATION_DOMAIN:
        return list(profile.classification)
    domain = profile.domains[spec.domain]
    if not dlbm:
        return list(domain.values)
    return [v for v in domain.values if domain.allowed_on(v, dlbm)]


def field_enabled(profile: Profile, field: str, row: Mapping[str, Any]) -> bool:
    """Whether a field may hold a value for this parcel: a 耕地-group field only where the
    class allows it (its domain's applicability, else 耕地 itself); GDLX only on slopes."""
    spec = profile.dltb.field(field)
    if spec is None or spec.group != CULTIVATED_GROUP:
        return True
    dlbm = plain(row.get("DLBM"))
    if spec.name == "GDLX" and plain(row.get("GDPDJB")) not in GDLX_GRADES:
        return False
    codes = allowed_codes(profile, spec.name, dlbm)
    if codes is not None:
        return bool(codes)
    names = name_pairs(profile)
    for code_field, (name_field, _) in names.items():
        if name_field == spec.name:
            return field_enabled(profile, code_field, row)
    return is_cultivated(dlbm)


def derive(row: Mapping[str, Any], profile: Profile) -> dict[str, Any]:
    """The fields that follow from ``row`` (upper-case names): only those that change.

    Profile's ``tiankan`` must already hold the county table (``with_tiankan``).
    """
    new = dict(row)
    for spec in profile.dltb.fields:
        if spec.name not in new:
            continue
        if not field_enabled(profile, spec.name, new) and spec.name != "KCXS":
            new[spec.name] = None
            continue
        codes = allowed_codes(profile, spec.name, plain(new.get("DLBM")))
        value = plain(new.get(spec.name))
        coded = codes is not None and spec.domain != CLASSIFICATION_DOMAIN
        if coded and value and value not in codes and value in profile.domains[spec.domain].values:
            new[spec.name] = None  # a valid code the new class does not allow
    for code_field, (name_field, domain) in name_pairs(profile).items():
        if code_field in new and name_field in new:
            code = plain(new.get(code_field))
            name = code_name(profile, domain, code) if code else None
            if name is not None or not code:
                new[name_field] = name
    if "KCXS" in new:
        dlbm, gdpdjb = plain(new.get("DLBM")), plain(new.get("GDPDJB"))
        if not is_cultivated(dlbm):
            new["KCXS"] = KCXS_NONE
        else:
            table = profile.tiankan_coefficient(plain(new.get("GDLX")), gdpdjb)
            if table is not None:
                new["KCXS"] = table
            elif gdpdjb and gdpdjb not in GDLX_GRADES:
                new["KCXS"] = KCXS_NONE  # grade 1: flat, no 田坎
        kcxs = _number(new.get("KCXS")) or 0.0
        if "KCDLBM" in new:
            kcdl = allowed_codes(profile, "KCDLBM", dlbm) or []
            new["KCDLBM"] = (kcdl[0] if kcdl else None) if kcxs > 0 else None
    tbmj = _number(new.get("TBMJ"))
    if tbmj is not None and "KCMJ" in new:
        areas = parcel_areas(tbmj, _number(new.get("KCXS")))
        new["KCMJ"] = areas.kcmj
        if "TBDLMJ" in new:
            new["TBDLMJ"] = areas.tbdlmj
    return {k: v for k, v in new.items() if not _same(row.get(k), v)}


def _same(old: Any, new: Any) -> bool:
    a, b = _number(old), _number(new)
    if a is not None and b is not None and not isinstance(old, str) and not isinstance(new, str):
        return abs(a - b) < 1e-9
    return plain(old) == plain(new)
