"""Parcel edits of the dock and of batch edits: read, check with the county's rules, write.

Every write is one ``beginEditCommand``/``endEditCommand`` of the layer's edit buffer, so
Ctrl+Z undoes exactly one user action; nothing here starts editing or commits: the caller
asks the user first. The checks are ``rules.single_feature`` over the form's values plus
the parcel's previous-year candidates (by BSM through a cached index, else under its
bounding box), so the engine's own previous-year match decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant

from landsurvey_plugin.adapters import expression_rules  # noqa: F401  (registers the kind)
from landsurvey_plugin.adapters.check_dataset import _field_types, frame_crs
from landsurvey_plugin.adapters.crs import AreaFrame, area_frame
from landsurvey_plugin.adapters.geometry import to_shapely
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.model.profile import Profile
from landsurvey_plugin.rules.catalogue import rules_of
from landsurvey_plugin.rules.dataset import PARCELS, PREVIOUS, Dataset, LayerData
from landsurvey_plugin.rules.engine import run_checks
from landsurvey_plugin.rules.findings import Finding
from landsurvey_plugin.rules.single_feature import (
    EXPRESSION_KIND,
    PARCEL_KINDS,
    FieldFinding,
    check_parcels,
    derive,
    layer_data,
    parcel_rules,
    parcels_dataset,
    previous_rows,
)


class EditError(LandSurveyError):
    """A parcel edit cannot be written (layer not editable, feature gone, …)."""


def python_value(value: Any) -> Any:
    """A QGIS attribute as plain Python: NULL is None, dates as ISO text."""
    if value is None or isinstance(value, QVariant):
        return None
    if hasattr(value, "toString") and not isinstance(value, str):
        return value.toString("yyyy-MM-dd")
    return value


def values_of(feature: QgsFeature) -> dict[str, Any]:
    """Upper-case field name -> value of a feature."""
    names = feature.fields().names()
    return {n.upper(): python_value(v) for n, v in zip(names, feature.attributes())}


def field_map(layer: QgsVectorLayer, profile: Profile) -> dict[str, str]:
    """Schema field -> the layer's field holding it (XXTBKD for XZDWKD, …)."""
    present = {n.upper(): n for n in layer.fields().names()}
    found = {}
    for spec in profile.dltb.fields:
        name = next((present[n] for n in (spec.name, *spec.aliases) if n in present), None)
        if name is not None:
            found[spec.name] = name
    return found


def schema_values(feature: QgsFeature, mapping: Mapping[str, str]) -> dict[str, Any]:
    """The feature's values under the schema names, for the form and the rules."""
    raw = values_of(feature)
    return {spec: raw.get(name.upper()) for spec, name in mapping.items()}


class PreviousYear:
    """The previous year's parcels: a BSM index built once, candidates per parcel."""

    def __init__(
        self, layer: QgsVectorLayer, parcels: QgsVectorLayer, frame: AreaFrame, project: QgsProject
    ) -> None:
        self.layer = layer
        context = project.transformContext()
        target = frame_crs(frame)
        if layer.crs() == parcels.crs():
            self.to_frame = frame.transform
        else:
            self.to_frame = QgsCoordinateTransform(layer.crs(), target, context)
        self.from_parcels = (
            None if layer.crs() == parcels.crs() else
            QgsCoordinateTransform(parcels.crs(), layer.crs(), context)
        )  # fmt: skip
        self._bsm: dict[str, int] | None = None

    def bsm_index(self) -> dict[str, int]:
        """BSM -> fid, read once (attributes only: ~1 s on 200,000 parcels)."""
        if self._bsm is None:
            index = self.layer.fields().lookupField("BSM")
            self._bsm = {}
            if index >= 0:
                request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
                request.setSubsetOfAttributes([index])
                for feature in self.layer.getFeatures(request):
                    value = python_value(feature.attribute(index))
                    if value:
                        self._bsm.setdefault(str(value).strip(), feature.id())
        return self._bsm

    def candidates(self, parcels: Iterable[tuple[str, QgsRectangle]]) -> LayerData:
        """The previous parcels that may match: same BSM, else under the bounding box."""
        index = self.bsm_index()
        fids: set[int] = set()
        for bsm, box in parcels:
            fid = index.get(bsm) if bsm else None
            if fid is not None:
                fids.add(fid)
                continue
            if self.from_parcels is not None:
                box = self.from_parcels.transformBoundingBox(box)
            request = QgsFeatureRequest().setFilterRect(box).setNoAttributes()
            request.setFlags(QgsFeatureRequest.NoGeometry)
            fids.update(f.id() for f in self.layer.getFeatures(request))
        features = list(self.layer.getFeatures(QgsFeatureRequest().setFilterFids(list(fids))))
        shapes, _ = to_shapely([f.geometry() for f in features], self.to_frame)
        rows = [values_of(f) for f in features]
        names = [n.upper() for n in self.layer.fields().names()]
        return layer_data(PREVIOUS, rows, list(shapes), [f.id() for f in features], names)


@dataclass
class ParcelCheck:
    findings: list[FieldFinding]
    previous: dict[str, Any] | None  # the previous-year parcel's values, None: no match


class ParcelChecker:
    """The county's one-parcel rules for a DLTB layer (the dock and batch edits)."""

    def __init__(
        self,
        layer: QgsVectorLayer,
        profile: Profile,
        project: QgsProject,
        previous: QgsVectorLayer | None = None,
        lang: str = "zh",
    ) -> None:
        self.layer = layer
        self.profile = profile
        self.lang = lang
        self.rules = parcel_rules(profile, PARCEL_KINDS | {EXPRESSION_KIND})
        self._scratch: QgsVectorLayer | None = None  # the form's values for expression rules
        self.frame = area_frame(layer.crs(), layer.extent(), project.transformContext())
        self.mapping = field_map(layer, profile)
        self.previous = PreviousYear(previous, layer, self.frame, project) if previous else None

    def shapes(self, geometries: Sequence[QgsGeometry]) -> list[Any]:
        return list(to_shapely(geometries, self.frame.transform)[0])

    def _previous(self, rows: Sequence[Mapping[str, Any]], geometries) -> LayerData | None:
        if self.previous is None:
            return None
        keys = [
            (str(row.get("BSM") or "").strip(), g.boundingBox()) for row, g in zip(rows, geometries)
        ]
        return self.previous.candidates(keys)

    def check_many(
        self,
        fids: Sequence[int],
        rows: Sequence[Mapping[str, Any]],
        geometries: Sequence[QgsGeometry],
        previous: LayerData | None = None,
    ) -> list[ParcelCheck]:
        """Findings (and the previous-year match) per parcel, one engine run for all."""
        if previous is None:
            previous = self._previous(rows, geometries)
        names = list(self.profile.dltb.field_names)
        source = self._expression_source(rows)
        if source is not None:  # the memory layer's ids stand for the parcels' in this run
            source, fids = source
        dataset = parcels_dataset(rows, self.shapes(geometries), fids, self.frame.zone, names)
        dataset.layers[PARCELS].source = source
        if previous is not None:
            dataset.layers[PREVIOUS] = previous
        found = check_parcels(dataset, self.profile, self.rules, self.lang)
        matches = previous_rows(dataset, self.profile) if previous is not None else None
        result = []
        for i, findings in enumerate(found):
            prev = None
            if matches is not None and matches[i] >= 0:
                prev = {n: previous.columns[n][matches[i]] for n in previous.columns}
            result.append(ParcelCheck(findings, prev))
        return result

    def _expression_source(
        self, rows: Sequence[Mapping[str, Any]]
    ) -> tuple[QgsVectorLayer, list[int]] | None:
        """A memory layer with the layer's fields holding ``rows``: QGIS evaluates the
        profile's expression rules on it exactly as on the county (same engine kind)."""
        if not any(r.kind == EXPRESSION_KIND for r in self.rules):
            return None
        fields = self.layer.fields()
        if self._scratch is None:
            self._scratch = QgsVectorLayer("None", "parcel form", "memory")
            self._scratch.dataProvider().addAttributes(fields.toList())
            self._scratch.updateFields()
        provider = self._scratch.dataProvider()
        provider.truncate()
        by_layer_name = {name.upper(): spec for spec, name in self.mapping.items()}
        features = []
        for row in rows:
            feature = QgsFeature(self._scratch.fields())
            feature.setAttributes(
                [row.get(by_layer_name.get(n.upper(), ""), None) for n in fields.names()]
            )
            features.append(feature)
        ok, added = provider.addFeatures(features)
        if not ok:
            return None
        return self._scratch, [f.id() for f in added]

    def schema_findings(self) -> list[Finding]:
        """The county check's schema rule on the layer's fields (missing or mistyped),
        said once when the dock opens the layer rather than under every parcel."""
        data = layer_data(PARCELS, [], [], [], self.layer.fields().names())
        data.field_types = _field_types(self.layer.fields())  # the check's own type names
        rules = [
            r
            for r in rules_of(self.profile)
            if r.layer == PARCELS and r.kind == "schema" and r.enabled
        ]
        dataset = Dataset(layers={PARCELS: data}, zone=self.frame.zone)
        return run_checks(dataset, self.profile, rules=rules, lang=self.lang).findings

    def check(self, fid: int, row: Mapping[str, Any], geometry: QgsGeometry) -> ParcelCheck:
        return self.check_many([fid], [row], [geometry])[0]


def apply_changes(
    layer: QgsVectorLayer, fid: int, changes: Mapping[str, Any], command: str
) -> None:
    """Write the changed fields of one parcel as one undo step (the layer must be editable)."""
    apply_many(layer, {fid: changes}, command)


def apply_many(
    layer: QgsVectorLayer, changes: Mapping[int, Mapping[str, Any]], command: str
) -> int:
    """Write several parcels' changes as ONE undo step; returns how many parcels changed."""
    if not layer.isEditable():
        raise EditError("The layer {name} is not in edit mode.", name=layer.name())
    fields = layer.fields()
    todo = {}
    for fid, values in changes.items():
        indexed = {}
        for name, value in values.items():
            index = fields.lookupField(name)
            if index < 0:
                raise EditError(
                    "The layer {name} has no field {field}.", name=layer.name(), field=name
                )
            indexed[index] = value
        if indexed:
            todo[fid] = indexed
    if not todo:
        return 0
    layer.beginEditCommand(command)
    try:
        for fid, indexed in todo.items():
            if not layer.changeAttributeValues(fid, indexed):
                raise EditError("Parcel {fid} could not be changed.", fid=fid)
    except Exception:
        layer.destroyEditCommand()
        raise
    layer.endEditCommand()
    return len(todo)


@dataclass
class BatchReport:
    changed: int = 0
    unchanged: int = 0
    refused: list[tuple[int, str, list[str]]] = field(default_factory=list)  # fid, key, why


def batch_edit(
    checker: ParcelChecker,
    fids: Iterable[int],
    values: Mapping[str, Any],
    command: str,
) -> BatchReport:
    """Set ``values`` (schema names) on every parcel in one undo step, with what they
    imply (names, 耕地 fields, KCXS, areas); a parcel the change would give a new
    error-level finding is refused, with the messages as the reason."""
    layer, profile = checker.layer, checker.profile
    ids = list(fids)
    features = list(layer.getFeatures(QgsFeatureRequest().setFilterFids(ids)))
    old_rows = [schema_values(f, checker.mapping) for f in features]
    new_rows = []
    for row in old_rows:
        new = {**row, **{k: v for k, v in values.items() if k in row}}
        new.update(derive(new, profile))
        new_rows.append(new)
    fids_read = [f.id() for f in features]
    geometries = [f.geometry() for f in features]
    previous = checker._previous(old_rows, geometries)
    before = checker.check_many(fids_read, old_rows, geometries, previous)
    after = checker.check_many(fids_read, new_rows, geometries, previous)
    report = BatchReport()
    writes: dict[int, dict[str, Any]] = {}
    for i, fid in enumerate(fids_read):
        had = {f.finding.rule for f in before[i].findings if f.finding.severity == "error"}
        new_errors = [
            f.finding
            for f in after[i].findings
            if f.finding.severity == "error" and f.finding.rule not in had
        ]
        if new_errors:
            key = str(new_rows[i].get("BSM") or f"fid:{fid}")
            report.refused.append((fid, key, [f.message for f in new_errors]))
            continue
        diff = {
            checker.mapping[k]: v
            for k, v in new_rows[i].items()
            if k in checker.mapping and not _equal(old_rows[i].get(k), v)
        }
        if diff:
            writes[fid] = diff
        else:
            report.unchanged += 1
    report.changed = apply_many(layer, writes, command)
    return report


def _equal(old: Any, new: Any) -> bool:
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return abs(float(old) - float(new)) < 1e-9
    return (old if old not in ("",) else None) == (new if new not in ("",) else None)
