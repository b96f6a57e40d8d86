"""Rule kind ``expression``: profile rules written as QGIS expressions.

A row passes when the expression is true. QGIS's engine evaluates it, and the filter
``NOT (expr)`` goes into the feature request so that providers that can compile it
(GeoPackage, PostGIS, …) select the failing rows in SQL.
"""

from __future__ import annotations

import numpy as np
from qgis.core import QgsExpression, QgsFeatureRequest

from landsurvey_plugin.model.profile import ProfileError
from landsurvey_plugin.rules.catalogue import RuleSpec
from landsurvey_plugin.rules.context import CheckContext
from landsurvey_plugin.rules.dataset import MissingField
from landsurvey_plugin.rules.findings import Finding
from landsurvey_plugin.rules.registry import register


@register("expression")
def expression_rule(rule: RuleSpec, context: CheckContext) -> list[Finding]:
    layer = context.layer(rule.layer)
    text = rule.params.get("expression", "")
    expression = QgsExpression(text)
    if expression.hasParserError():
        raise ProfileError(f"rule {rule.id}: {expression.parserErrorString()} in {text!r}")
    if layer.source is None:
        return []
    for name in expression.referencedColumns():
        if name and name != QgsFeatureRequest.ALL_ATTRIBUTES and not layer.has(name):
            raise MissingField(rule.layer, name.upper())  # skipped like the built-in rules
    request = QgsFeatureRequest().setFilterExpression(f"NOT coalesce(({text}), false)")
    request.setFlags(QgsFeatureRequest.NoGeometry)
    request.setNoAttributes()
    failing = {f.id() for f in layer.source.getFeatures(request)}
    rows = np.flatnonzero(np.isin(layer.fids, np.fromiter(failing, np.int64, len(failing))))
    return context.row_findings(rule, rule.layer, rows)
