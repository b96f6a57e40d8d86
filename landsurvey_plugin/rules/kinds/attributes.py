"""Attribute rules: schema, conditional field rules (the condition language), uniqueness."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import shapely

from landsurvey_plugin.model.profile import LayerSchema
from landsurvey_plugin.rules.catalogue import RuleSpec
from landsurvey_plugin.rules.context import CheckContext
from landsurvey_plugin.rules.dataset import PARCELS
from landsurvey_plugin.rules.findings import Finding
from landsurvey_plugin.rules.registry import register

# Field types that hold each schema type (QGIS/OGR names, lower case, normalised by the
# adapter); a schema int stored as a wider integer is the same thing.
_COMPATIBLE = {
    "string": {"string"},
    "int": {"int"},
    "double": {"double"},
}


def schema_of(context: CheckContext, role: str) -> LayerSchema | None:
    if role == PARCELS:
        return context.profile.dltb
    return context.profile.single_layers.get(role)


@register("attribute")
def attribute(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Rows where ``when`` holds and ``require`` does not."""
    evaluate = context.evaluator(rule.layer)
    when = evaluate(rule.params.get("when"))
    require = evaluate(rule.params["require"])
    rows = np.flatnonzero(when & ~require)
    return context.row_findings(rule, rule.layer, rows)


@register("schema")
def schema(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Each schema field that is missing or has another type: one finding per field.

    The rules reading a missing field are skipped (and say so), the others still run.
    """
    layer = context.layer(rule.layer)
    spec = schema_of(context, rule.layer)
    if spec is None:
        return []
    constraints = set(rule.params.get("constraints", ["M", "C"]))
    found = []
    for field in spec.fields:
        present = next((n for n in (field.name, *field.aliases) if layer.has(n)), None)
        if present is None:
            if field.constraint in constraints:
                found.append(
                    context.finding(
                        rule,
                        f"field:{field.name}",
                        None,
                        field=field.name,
                        alias=field.alias_zh,
                        problem="missing",
                        problem_zh="缺失",
                    )
                )
            continue
        actual = layer.field_types.get(present.upper(), "")
        if actual and actual not in _COMPATIBLE[field.type]:
            found.append(
                context.finding(
                    rule,
                    f"field:{field.name}",
                    None,
                    field=field.name,
                    alias=field.alias_zh,
                    problem=f"is {actual}, the standard says {field.type}",
                    problem_zh=f"类型为 {actual}，标准为 {field.type}",
                )
            )
    return found


@register("unique")
def unique(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Groups of rows sharing the values of ``fields`` (empty values are another rule's)."""
    layer = context.layer(rule.layer)
    fields = [f.upper() for f in rule.params["fields"]]
    columns = [layer.text(f) for f in fields]
    filled = np.all([c != "" for c in columns], axis=0)
    combined = columns[0].astype(str)
    for column in columns[1:]:
        combined = np.char.add(np.char.add(combined, "\x1f"), column.astype(str))
    rows = np.flatnonzero(filled)
    _, inverse, counts = np.unique(combined[rows], return_inverse=True, return_counts=True)
    duplicated = counts[inverse.reshape(-1)] > 1
    groups: dict[str, list[int]] = defaultdict(list)
    for i in rows[duplicated]:
        groups[combined[i]].append(int(i))
    keys, shapes, zl = layer.keys, layer.shapes, layer.zldwdm()
    found = []
    for value, members in groups.items():
        parts = [shapes[i] for i in members if shapes[i] is not None]
        found.append(
            context.finding(
                rule,
                [keys[i] for i in members],
                shapely.geometrycollections(parts) if parts else None,
                zldwdm=str(zl[members[0]]),
                fids=[layer.fids[i] for i in members],
                value=value.replace("\x1f", " / "),
                count=len(members),
            )
        )
    return found


@register("required")
def required(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    """Mandatory (M) fields of the schema left empty: one finding per row, naming them.

    Fields the layer lacks are the schema rule's finding, not one per row here.
    """
    layer = context.layer(rule.layer)
    spec = schema_of(context, rule.layer)
    names = rule.params.get("fields") or [f.name for f in spec.fields if f.constraint == "M"]
    present = [n for n in names if layer.has(n)]
    if not present:
        return []
    empty = np.array([layer.text(n) == "" for n in present])
    rows = np.flatnonzero(empty.any(axis=0))
    return context.row_findings(
        rule,
        rule.layer,
        rows,
        lambda i: {"fields": ", ".join(n for n, e in zip(present, empty[:, i]) if e)},
    )
