"""Parcel edits of the dock and of batch edits: read, check with the county's rules, write.

Every write is one ``beginEditCommand``/``endEditCommand`` of the layer's edit buffer, so
Ctrl+Z undoes exactly one user action; nothing here starts editing or commits: the caller
asks the user first. The checks are ``rules.single_feature`` over the form's values plus
the parcel's previous-year candidates (by BSM through a cached index, else under its
bounding box), so the engine's own previous-year match decides.

Uniqueness (BSM, ZLDWDM/TBBH) is checked live too: ``ValueIndex`` keeps, per layer, which
parcels hold each key of the profile's ``unique`` rules (the saved data read once,
attributes only; the edit buffer laid over it), and the checker adds the other
parcels sharing a typed key to the small Dataset so the county check's own rule decides
(``rules.single_feature.check_unique``). A batch edit that would give several parcels one
BSM (or one TBBH in a 坐落单位) refuses them with that rule's message.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, Union

import numpy as np
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
from landsurvey_plugin.adapters.check_dataset import (
    _arrow_column,
    _field_types,
    arrow_source,
    frame_crs,
)
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
    UNIQUE_KIND,
    FieldFinding,
    check_parcels,
    check_unique,
    derive,
    layer_data,
    parcel_rules,
    parcels_dataset,
    plain,
    previous_rows,
    unique_fields,
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


def read_keys(source, indexes: Sequence[int]) -> Iterator[tuple[int, list[str]]]:
    """(fid, the values of the fields at ``indexes`` as the rules compare them) of every
    feature of ``source`` (a layer, edit buffer included, or its provider: saved data
    only), attributes only and no geometry."""
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    request.setSubsetOfAttributes(list(indexes))
    for feature in source.getFeatures(request):
        yield feature.id(), [plain(python_value(feature.attribute(i))) for i in indexes]


KEY_SEPARATOR = "\x1f"  # joins the values of a key, as the engine's unique rule does
Fids = Union[int, list]  # one fid, or a list when several parcels hold a key


def _add(index: dict[str, Fids], key: str, fid: int) -> None:
    held = index.get(key)
    if held is None:
        index[key] = fid
    elif isinstance(held, list):
        held.append(fid)
    else:
        index[key] = [held, fid]


def _fids(held: Fids | None) -> list[int]:
    if held is None:
        return []
    return list(held) if isinstance(held, list) else [held]


class ValueIndex:
    """Which parcels of a layer hold each key: key name -> (joined values -> fids).

    ``keys`` names each key's fields (the layer's field names), e.g. ``{"bsm_unique":
    ("BSM",), "tbbh_unique": ("ZLDWDM", "TBBH")}``. A key with an empty value is not
    indexed (the unique rules leave those to the required rule).

    The saved data is read once, on first use, and again only after a commit changed it:
    those fields only, no geometry, through GDAL's Arrow reader when the layer is a saved
    GeoPackage or FileGDB not being edited (``check_dataset.arrow_source``; ~0.15 s per
    200,000 parcels), else from the provider feature by feature (~1.4 s), like
    ``single_layer_edit.highest_bsm`` and never with ORDER BY (slow, and QGIS 3.22
    mishandles ORDER BY with an edit buffer: commit 16ac3d7). The edit buffer is laid over
    it: parcels added, deleted or with one of these fields changed hide their saved entry
    and are indexed with their current values, re-read after the layer's edit signals
    (``attributeValueChanged``, ``featureAdded``, ``featureDeleted``, rollback) mark the
    buffer part dirty. Memory: ~50 MB for both keys of 196,000 parcels.
    """

    def __init__(self, layer: QgsVectorLayer, keys: Mapping[str, Sequence[str]]) -> None:
        self.layer = layer
        self.keys = {name: tuple(fields) for name, fields in keys.items()}
        self.fields = sorted({f for fields in self.keys.values() for f in fields})
        self._saved: dict[str, dict[str, Fids]] | None = None
        self._buffer: tuple[dict[str, dict[str, Fids]], set[int]] | None = None
        self.build_seconds = 0.0  # the last read of the saved data
        self._connections = [
            (layer.committedAttributeValuesChanges, self._saved_changed),
            (layer.committedFeaturesAdded, self._saved_changed),
            (layer.committedFeaturesRemoved, self._saved_changed),
            (layer.updatedFields, self._saved_changed),
            (layer.dataSourceChanged, self._saved_changed),
            (layer.attributeValueChanged, self._buffer_changed),
            (layer.featureAdded, self._buffer_changed),
            (layer.featureDeleted, self._buffer_changed),
            (layer.afterRollBack, self._buffer_changed),
            (layer.editingStopped, self._buffer_changed),
        ]
        for signal, slot in self._connections:
            signal.connect(slot)

    def disconnect(self) -> None:
        for signal, slot in self._connections:
            with suppress(TypeError, RuntimeError):
                signal.disconnect(slot)
        self._connections = []

    def _saved_changed(self, *_: Any) -> None:
        self._saved = None
        self._buffer = None

    def _buffer_changed(self, *_: Any) -> None:
        self._buffer = None

    def _empty(self) -> dict[str, dict[str, Fids]]:
        return {name: {} for name in self.keys}

    def _index(
        self, index: dict[str, dict[str, Fids]], fids: Sequence[int], columns: Sequence[list]
    ) -> None:
        """Index parcels by key: ``columns`` holds per field of ``self.fields`` the values
        as text ('' for NULL), in the order of ``fids`` (plain lists: C-speed zips)."""
        by_name = dict(zip(self.fields, columns))
        for key, fields in self.keys.items():
            parts = [by_name[f] for f in fields]
            if len(parts) == 1:
                pairs = [(t, fid) for t, fid in zip(parts[0], fids) if t]
            else:
                pairs = [
                    (KEY_SEPARATOR.join(values), fid)
                    for *values, fid in zip(*parts, fids)
                    if all(values)
                ]
            target = index[key]
            target.update(pairs)  # most keys have one parcel; a repeated key kept its last
            if len(target) < len(pairs):  # a key held by several parcels: lists of fids
                shared = {t for t, fid in pairs if target[t] != fid}
                for t in shared:
                    del target[t]
                for t, fid in pairs:
                    if t in shared:
                        _add(target, t, fid)

    def _read_arrow(self) -> tuple[list[int], list[list[str]]] | None:
        """The saved values through GDAL's Arrow reader (a GeoPackage not being edited:
        ``check_dataset.arrow_source``): ~0.15 s instead of ~1.4 s per 200,000 parcels."""
        path, table = arrow_source(self.layer)
        if path is None:
            return None
        from osgeo import ogr  # the library QGIS reads with

        data = ogr.Open(path)
        source = data.GetLayerByName(table) if data is not None else None
        if source is None:
            return None
        definition = source.GetLayerDefn()
        names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
        by_upper = {n.upper(): n for n in names}
        if any(f.upper() not in by_upper for f in self.fields):
            return None
        wanted = {by_upper[f.upper()] for f in self.fields}
        source.SetIgnoredFields([n for n in names if n not in wanted] + ["OGR_GEOMETRY"])
        chunks: dict[str, list[np.ndarray]] = {}
        for batch in source.GetArrowStreamAsNumPy(options=["INCLUDE_FID=YES"]):
            for name, values in batch.items():
                chunks.setdefault(name.upper(), []).append(values)
        fid_name = (source.GetFIDColumn() or "OGC_FID").upper()

        def joined(name: str) -> np.ndarray:
            parts = chunks.get(name, [])
            return np.ma.concatenate(parts) if parts else np.zeros(0, dtype=object)

        fids = np.asarray(np.ma.getdata(joined(fid_name)), dtype=np.int64).tolist()
        columns = []
        for name in self.fields:
            raw = joined(name.upper())
            values = np.ma.getdata(raw)
            if values.dtype.kind == "S":  # text: bytes decoded and stripped as plain() does
                texts = [b.decode("utf-8").strip() for b in values.tolist()]
                if np.ma.isMaskedArray(raw):
                    for i in np.flatnonzero(np.ma.getmaskarray(raw)).tolist():
                        texts[i] = ""
            else:
                texts = [plain(v) for v in _arrow_column(raw)]
            columns.append(texts)
        return fids, columns

    def _read_provider(self) -> tuple[list[int], list[list[str]]]:
        """The saved values from the provider, one feature at a time."""
        provider = self.layer.dataProvider()
        indexes = [provider.fields().lookupField(name) for name in self.fields]
        fids: list[int] = []
        columns: list[list[str]] = [[] for _ in self.fields]
        if all(i >= 0 for i in indexes):  # provider and layer indexes may differ
            for fid, values in read_keys(provider, indexes):
                fids.append(fid)
                for column, value in zip(columns, values):
                    column.append(value)
        return fids, columns

    def saved(self) -> dict[str, dict[str, Fids]]:
        """The provider's (saved) data, read once per commit."""
        if self._saved is None:
            started = time.perf_counter()
            index = self._empty()
            if self.fields:
                read = self._read_arrow() or self._read_provider()
                self._index(index, *read)
            self._saved = index
            self.build_seconds = time.perf_counter() - started
        return self._saved

    def buffer(self) -> tuple[dict[str, dict[str, Fids]], set[int]]:
        """The edit buffer's parcels: their index and the fids whose saved entry it hides."""
        if self._buffer is None:
            index, hidden = self._empty(), set()
            layer = self.layer
            buffer = layer.editBuffer() if layer.isEditable() else None
            if buffer is not None:
                fields = layer.fields()
                indexes = [fields.lookupField(name) for name in self.fields]
                watched = set(indexes)
                hidden.update(buffer.deletedFeatureIds())
                current = list(buffer.addedFeatures())
                current += [
                    fid
                    for fid, changed in buffer.changedAttributeValues().items()
                    if watched.intersection(changed)
                ]
                hidden.update(current)
                if current and all(i >= 0 for i in indexes):
                    request = QgsFeatureRequest().setFilterFids(current)
                    request.setFlags(QgsFeatureRequest.NoGeometry)
                    request.setSubsetOfAttributes(indexes)
                    fids, columns = [], [[] for _ in indexes]
                    for feature in layer.getFeatures(request):
                        fids.append(feature.id())
                        for column, i in zip(columns, indexes):
                            column.append(plain(python_value(feature.attribute(i))))
                    self._index(index, fids, columns)
            self._buffer = (index, hidden)
        return self._buffer

    def holders(self, key: str, values: Sequence[Any]) -> list[int]:
        """The parcels (edit buffer included) whose ``key`` fields hold ``values``."""
        texts = [plain(v) for v in values]
        if key not in self.keys or not all(texts):
            return []
        joined = KEY_SEPARATOR.join(texts)
        saved = self.saved()[key]
        buffered, hidden = self.buffer()
        found = [fid for fid in _fids(saved.get(joined)) if fid not in hidden]
        return found + _fids(buffered[key].get(joined))


class PreviousYear:
    """The previous year's parcels: a BSM index (``ValueIndex``), candidates per parcel."""

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
        index = layer.fields().lookupField("BSM")
        bsm = {"BSM": (layer.fields().at(index).name(),)} if index >= 0 else {}
        self.bsm = ValueIndex(layer, bsm)  # read once, on the first parcel (0.1–1.4 s)

    def close(self) -> None:
        self.bsm.disconnect()

    def match(self, bsm: str) -> int | None:
        """The previous parcel with this BSM (the first by fid), or None."""
        held = self.bsm.holders("BSM", [bsm]) if bsm else []
        return held[0] if held else None

    def candidates(self, parcels: Iterable[tuple[str, QgsRectangle]]) -> LayerData:
        """The previous parcels that may match: same BSM, else under the bounding box."""
        fids: set[int] = set()
        for bsm, box in parcels:
            fid = self.match(bsm)
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
    """The county's one-parcel rules for a DLTB layer (the dock and batch edits), and its
    uniqueness rules against the layer's other parcels (``values``, a ``ValueIndex``)."""

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
        # the profile's uniqueness rules whose fields the layer has, and their value index
        self.unique_rules = [
            r
            for r in parcel_rules(profile, {UNIQUE_KIND})
            if all(f in self.mapping for f in unique_fields(r))
        ]
        self.values = ValueIndex(
            layer, {r.id: [self.mapping[f] for f in unique_fields(r)] for r in self.unique_rules}
        )

    def close(self) -> None:
        """Stop following the layers' edits (the checker is dropped)."""
        self.values.disconnect()
        if self.previous is not None:
            self.previous.close()

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
        shapes = self.shapes(geometries)
        unique = self._unique(fids, rows, shapes)
        source = self._expression_source(rows)
        if source is not None:  # the memory layer's ids stand for the parcels' in this run
            source, fids = source
        dataset = parcels_dataset(rows, shapes, fids, self.frame.zone, names)
        dataset.layers[PARCELS].source = source
        if previous is not None:
            dataset.layers[PREVIOUS] = previous
        found = check_parcels(dataset, self.profile, self.rules, self.lang)
        found = [[*own, *shared] for own, shared in zip(found, unique)]
        matches = previous_rows(dataset, self.profile) if previous is not None else None
        result = []
        for i, findings in enumerate(found):
            prev = None
            if matches is not None and matches[i] >= 0:
                prev = {n: previous.columns[n][matches[i]] for n in previous.columns}
            result.append(ParcelCheck(findings, prev))
        return result

    def others(self, fids: Sequence[int], rows: Sequence[Mapping[str, Any]]) -> list[int]:
        """The parcels other than ``fids`` that share a key of a unique rule with ``rows``
        (edit buffer included)."""
        found: set[int] = set()
        for rule in self.unique_rules:
            names = unique_fields(rule)
            for row in rows:
                found.update(self.values.holders(rule.id, [row.get(n) for n in names]))
        return sorted(found - set(fids))

    def _unique(
        self, fids: Sequence[int], rows: Sequence[Mapping[str, Any]], shapes: Sequence[Any]
    ) -> list[list[FieldFinding]]:
        """The unique rules on ``rows`` and the other parcels sharing their keys."""
        others = self.others(fids, rows) if self.unique_rules else []
        other_rows, other_fids = [], []
        if others:
            wanted = {"BSM", *(f for r in self.unique_rules for f in unique_fields(r))}
            layer_names = [self.mapping[f] for f in wanted if f in self.mapping]
            request = QgsFeatureRequest().setFilterFids(others)
            request.setFlags(QgsFeatureRequest.NoGeometry)
            request.setSubsetOfAttributes(layer_names, self.layer.fields())
            for feature in self.layer.getFeatures(request):
                other_rows.append(schema_values(feature, self.mapping))
                other_fids.append(feature.id())
        return check_unique(
            rows,
            shapes,
            fids,
            other_rows,
            other_fids,
            self.frame.zone,
            self.profile,
            self.unique_rules,
            self.lang,
        )

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
