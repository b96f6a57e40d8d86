"""Ellipsoidal parcel areas (TBMJ, KCMJ, TBDLMJ) for QGIS features and layers.

The one area path of the plugin: the Processing algorithm, the toolbar action and later the
parcel dock all call ``compute_areas``; the arithmetic lives in ``model.area``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from qgis.core import QgsFeature, QgsFeatureRequest, QgsFields, QgsVectorLayer

from landsurvey_plugin.adapters.crs import AreaFrame
from landsurvey_plugin.adapters.geometry import to_shapely
from landsurvey_plugin.errors import SchemaError
from landsurvey_plugin.model.area import ParcelAreas, ellipsoidal_areas, parcel_areas

AREA_FIELDS = ("TBMJ", "KCMJ", "TBDLMJ")
KCXS_FIELD = "KCXS"


@dataclass(frozen=True)
class AreaOutcome:
    fid: int
    areas: ParcelAreas | None
    problem: str | None = None


@dataclass(frozen=True)
class AreaFieldIndexes:
    tbmj: int
    kcmj: int  # -1 when the layer lacks the field
    tbdlmj: int
    kcxs: int

    @classmethod
    def of(cls, fields: QgsFields) -> AreaFieldIndexes:
        tbmj = fields.lookupField("TBMJ")
        if tbmj < 0:
            raise SchemaError(
                "The layer has no TBMJ field; it is not a DLTB parcel layer "
                "(fields present: {names}).",
                names=", ".join(fields.names()[:12]),
            )
        return cls(
            tbmj,
            fields.lookupField("KCMJ"),
            fields.lookupField("TBDLMJ"),
            fields.lookupField(KCXS_FIELD),
        )

    @property
    def missing(self) -> list[str]:
        names = {"KCMJ": self.kcmj, "TBDLMJ": self.tbdlmj, "KCXS": self.kcxs}
        return [name for name, index in names.items() if index < 0]


def _kcxs(value: object) -> tuple[float | None, str | None]:
    """KCXS as a fraction; NULL counts as 0 (non-耕地), a percent or text is refused."""
    if value is None:
        return None, None
    if hasattr(value, "isNull") and value.isNull():  # QVariant NULL
        return None, None
    if isinstance(value, str) and not value.strip():
        return None, None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None, f"KCXS '{value}' is not a number"
    if math.isnan(number) or not 0.0 <= number < 1.0:
        return None, f"KCXS {number:g} is not a fraction in [0, 1) (a percent?)"
    return number, None


def compute_areas(
    features: Sequence[QgsFeature],
    frame: AreaFrame,
    kcxs_index: int = -1,
) -> list[AreaOutcome]:
    """Areas for a batch of features; unusable geometries or KCXS give a problem, not a value."""
    shapes, problems = to_shapely([f.geometry() for f in features], frame.transform)
    for i in np.flatnonzero(~shapely.is_valid(shapes)):  # None counts as invalid: skip those
        if shapes[i] is not None:
            problems[i] = f"invalid geometry: {shapely.is_valid_reason(shapes[i])}"
    raw = ellipsoidal_areas(shapes, frame.zone)
    outcomes: list[AreaOutcome] = []
    for i, feature in enumerate(features):
        problem = problems[i]
        kcxs = None
        if problem is None and kcxs_index >= 0:
            kcxs, problem = _kcxs(feature.attribute(kcxs_index))
        if problem is None and (raw[i] is None or math.isnan(raw[i])):
            problem = "no area (empty geometry)"
        if problem is not None:
            outcomes.append(AreaOutcome(feature.id(), None, problem))
        else:
            outcomes.append(AreaOutcome(feature.id(), parcel_areas(float(raw[i]), kcxs)))
    return outcomes


@dataclass
class AreaUpdateReport:
    changed: int = 0
    unchanged: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    missing_fields: list[str] = field(default_factory=list)
    note: str | None = None


def _same(old: object, new: float) -> bool:
    try:
        return old is not None and abs(float(old) - new) < 0.005  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def recompute_in_place(
    layer: QgsVectorLayer,
    feature_ids: Iterable[int],
    frame: AreaFrame,
    command_text: str,
) -> AreaUpdateReport:
    """Rewrite TBMJ/KCMJ/TBDLMJ of the given parcels as one undo step of the edit buffer.

    Starts editing when needed (the user still decides whether to save); unchanged values
    are not rewritten, so an all-correct selection leaves no undo step at all.
    """
    indexes = AreaFieldIndexes.of(layer.fields())
    report = AreaUpdateReport(missing_fields=indexes.missing)
    ids = list(feature_ids)
    if not ids:
        return report
    request = QgsFeatureRequest().setFilterFids(ids)
    features = list(layer.getFeatures(request))
    outcomes = compute_areas(features, frame, indexes.kcxs)
    by_id = {f.id(): f for f in features}
    if not layer.isEditable() and not layer.startEditing():
        raise SchemaError(
            "The layer {name} cannot be edited (read-only source).", name=layer.name()
        )
    layer.beginEditCommand(command_text)
    try:
        for outcome in outcomes:
            if outcome.areas is None:
                report.skipped.append((outcome.fid, outcome.problem or ""))
                continue
            feature = by_id[outcome.fid]
            values = {indexes.tbmj: outcome.areas.tbmj}
            if indexes.kcmj >= 0:
                values[indexes.kcmj] = outcome.areas.kcmj
            if indexes.tbdlmj >= 0:
                values[indexes.tbdlmj] = outcome.areas.tbdlmj
            changes = {i: v for i, v in values.items() if not _same(feature.attribute(i), v)}
            if not changes:
                report.unchanged += 1
                continue
            layer.changeAttributeValues(outcome.fid, changes)
            report.changed += 1
    except Exception:
        layer.destroyEditCommand()
        raise
    if report.changed:
        layer.endEditCommand()
    else:
        layer.destroyEditCommand()
    return report
