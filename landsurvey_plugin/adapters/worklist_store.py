"""The review worklist on real layers: built from an expression, the selection or the changes
against the previous year, found again parcel by parcel, and kept in the project.

Where it is kept: in the QGIS project (``QgsProject.writeEntry``), not in the county
GeoPackage. The worklist and its cursor are one reviewer's session — where *they* stopped —
while the county database is shared by every operator (the accepted exceptions, which all
must see, live there). The project also works for county data we must not write to (a
FileGDB, read-only shapefiles, a GeoPackage another program holds), and saving it is the
moment users already expect their session to be kept. Three entries keep each write small:
the list (written when it is built), the marks (at each mark) and the cursor (at each step),
so walking a list of thousands of parcels never re-serialises it.
"""

from __future__ import annotations

from collections.abc import Callable

from qgis.core import (
    QgsCoordinateTransformContext,
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSource,
    QgsProject,
    QgsTask,
    QgsVectorLayer,
    QgsVectorLayerFeatureSource,
)
from qgis.PyQt.QtCore import pyqtSignal

from landsurvey_plugin.adapters.check_dataset import LayerInput, build_dataset
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.model import worklist as wl
from landsurvey_plugin.model.profile import Profile
from landsurvey_plugin.rules.context import Cancelled, CheckContext
from landsurvey_plugin.rules.dataset import PARCELS, PREVIOUS
from landsurvey_plugin.toolbelt.i18n import tr

SCOPE = "landsurvey"
LIST_ENTRY = "worklist/list"
MARKS_ENTRY = "worklist/marks"
CURSOR_ENTRY = "worklist/cursor"
KEY_FIELD = "BSM"
CLASS_FIELD = "DLBM"


class WorklistStore:
    """Save and load the project's worklist (one per project)."""

    def __init__(self, project: QgsProject | None = None) -> None:
        self.project = project or QgsProject.instance()

    def save(self, worklist: wl.Worklist) -> None:
        """The whole list: when it is built or replaced."""
        self.project.writeEntry(SCOPE, LIST_ENTRY, worklist.to_json())
        self.save_marks(worklist)
        self.save_cursor(worklist)

    def save_marks(self, worklist: wl.Worklist) -> None:
        self.project.writeEntry(SCOPE, MARKS_ENTRY, worklist.marks_json())
        self.project.setDirty(True)

    def save_cursor(self, worklist: wl.Worklist) -> None:
        self.project.writeEntry(SCOPE, CURSOR_ENTRY, int(worklist.cursor))
        self.project.setDirty(True)

    def load(self) -> wl.Worklist | None:
        """The saved worklist with its marks and cursor; None when the project has none.

        Raises ``WorklistError`` when the entry is damaged (the dock says so and keeps it
        untouched until the user builds a new list).
        """
        text, found = self.project.readEntry(SCOPE, LIST_ENTRY, "")
        if not found or not text:
            return None
        worklist = wl.Worklist.from_json(text)
        marks, found = self.project.readEntry(SCOPE, MARKS_ENTRY, "")
        if found and marks:
            worklist.apply_marks_json(marks)
        cursor, found = self.project.readNumEntry(SCOPE, CURSOR_ENTRY, 0)
        if found:
            worklist.go_to(cursor)
        return worklist

    def clear(self) -> None:
        for entry in (LIST_ENTRY, MARKS_ENTRY, CURSOR_ENTRY):
            self.project.removeEntry(SCOPE, entry)
        self.project.setDirty(True)


class ParcelLocator:
    """Find a worklist parcel in its layer: by the fid hint, checked against the key, else by
    BSM through an index built once (one attribute-only read of BSM)."""

    def __init__(self, layer: QgsVectorLayer) -> None:
        self.layer = layer
        self.key_index = layer.fields().lookupField(KEY_FIELD)
        self._by_key: dict[str, int] | None = None
        # added, deleted or re-keyed parcels (edit buffer or saved) make the index stale
        for signal in (
            layer.featureAdded,
            layer.featureDeleted,
            layer.attributeValueChanged,
            layer.dataChanged,
        ):
            signal.connect(self.invalidate)

    def invalidate(self, *_args) -> None:
        """Features were added, deleted or re-keyed: rebuild the BSM index when next needed."""
        self._by_key = None

    def _request(self, fid: int, geometry: bool) -> QgsFeatureRequest:
        request = QgsFeatureRequest().setFilterFid(fid)
        if not geometry:
            request.setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes([self.key_index] if self.key_index >= 0 else [])
        return request

    def _fetch(self, fid: int, geometry: bool) -> QgsFeature | None:
        feature = QgsFeature()
        if self.layer.getFeatures(self._request(fid, geometry)).nextFeature(feature):
            return feature
        return None

    def key_of(self, feature: QgsFeature) -> str:
        value = feature.attribute(self.key_index) if self.key_index >= 0 else None
        if value is not None and not isinstance(value, (str, int, float)):
            value = None  # a NULL QVariant
        return wl.parcel_key(value, feature.id())

    def _index(self) -> dict[str, int]:
        if self._by_key is None:
            request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
            request.setSubsetOfAttributes([self.key_index] if self.key_index >= 0 else [])
            self._by_key = {}
            for feature in self.layer.getFeatures(request):
                self._by_key.setdefault(self.key_of(feature), feature.id())
        return self._by_key

    def locate(self, item: wl.WorkItem, geometry: bool = True) -> QgsFeature | None:
        """The parcel's feature (with its geometry), None when it is no longer in the layer.

        Updates the item's fid hint when the parcel was found under another id.
        """
        hint = item.fid if item.fid is not None else wl.fid_of_key(item.key)
        if hint is not None:
            feature = self._fetch(hint, geometry)
            if feature is not None and self.key_of(feature) == item.key:
                item.fid = feature.id()
                return feature
        fid = self._index().get(item.key)
        if fid is None and self._by_key is not None and hint is not None:
            self.invalidate()  # the layer changed since the index was built: look once more
            fid = self._index().get(item.key)
        if fid is None:
            return None
        feature = self._fetch(fid, geometry)
        if feature is None or self.key_of(feature) != item.key:
            return None
        item.fid = feature.id()
        return feature


# -- sources on real layers -------------------------------------------------------------


def keys_of_features(
    source: QgsFeatureSource | QgsVectorLayer,
    request: QgsFeatureRequest,
    key_index: int,
    is_canceled: Callable[[], bool] = lambda: False,
    progress: Callable[[float], None] | None = None,
    expected: int = 0,
) -> tuple[list[str], list[int]]:
    keys: list[str] = []
    fids: list[int] = []
    for n, feature in enumerate(source.getFeatures(request)):
        if n % 5000 == 0:
            if is_canceled():
                raise Cancelled()
            if progress is not None and expected > 0:
                progress(min(99.0, 100.0 * n / expected))
        value = feature.attribute(key_index) if key_index >= 0 else None
        if value is not None and not isinstance(value, (str, int, float)):
            value = None
        keys.append(wl.parcel_key(value, feature.id()))
        fids.append(feature.id())
    return keys, fids


def from_selection(layer: QgsVectorLayer) -> wl.Worklist:
    """The selected parcels, in feature id order (the order of the layer)."""
    fids = sorted(layer.selectedFeatureIds())
    key_index = layer.fields().lookupField(KEY_FIELD)
    request = QgsFeatureRequest().setFilterFids(fids).setFlags(QgsFeatureRequest.NoGeometry)
    request.setSubsetOfAttributes([key_index] if key_index >= 0 else [])
    keys, found = keys_of_features(layer, request, key_index)
    order = sorted(range(len(found)), key=lambda i: found[i])
    return wl.from_keys(
        [keys[i] for i in order],
        [found[i] for i in order],
        wl.SOURCE_SELECTION,
        tr("{count} selected parcels").format(count=len(found)),
        layer.id(),
    )


class ExpressionSource:
    """The parcels an expression selects, read in a task from a thread-safe copy."""

    def __init__(self, layer: QgsVectorLayer, expression: str) -> None:
        parsed = QgsExpression(expression)
        if parsed.hasParserError():
            raise LandSurveyError(
                "The expression is not valid: {error}", error=parsed.parserErrorString()
            )
        names = {name.upper() for name in layer.fields().names()}
        unknown = sorted(
            c
            for c in parsed.referencedColumns()
            if c != QgsFeatureRequest.ALL_ATTRIBUTES and c.upper() not in names
        )
        if unknown:
            raise LandSurveyError(
                "The expression names fields {layer} does not have: {fields}",
                layer=layer.name(),
                fields=", ".join(unknown),
            )
        self.expression = expression
        self.layer_id = layer.id()
        self.key_index = layer.fields().lookupField(KEY_FIELD)
        self.source = QgsVectorLayerFeatureSource(layer)
        self.context = QgsExpressionContext(
            QgsExpressionContextUtils.globalProjectLayerScopes(layer)
        )
        self.needs_geometry = parsed.needsGeometry()
        self.expected = max(int(layer.featureCount()), 0)

    def __call__(
        self, is_canceled: Callable[[], bool], progress: Callable[[float], None] | None = None
    ) -> wl.Worklist:
        request = QgsFeatureRequest().setFilterExpression(self.expression)
        request.setExpressionContext(self.context)
        if not self.needs_geometry:
            request.setFlags(QgsFeatureRequest.NoGeometry)
        # progress counts the matching parcels against all: a rough but moving bar
        keys, fids = keys_of_features(
            self.source, request, self.key_index, is_canceled, progress, self.expected
        )
        return wl.from_keys(keys, fids, wl.SOURCE_EXPRESSION, self.expression, self.layer_id)


class ChangesSource:
    """New parcels and class changes against the previous year, matched by the rule engine
    (``CheckContext.previous_index``: same BSM, else the previous parcel under the interior
    point), so the list shows exactly what the change rules look at."""

    def __init__(
        self,
        parcels: LayerInput,
        previous: LayerInput,
        profile: Profile,
        transform_context: QgsCoordinateTransformContext,
        layer_id: str,
    ) -> None:
        self.inputs = {PARCELS: parcels, PREVIOUS: previous}
        self.profile = profile
        self.transform_context = transform_context
        self.layer_id = layer_id

    def __call__(
        self, is_canceled: Callable[[], bool], progress: Callable[[float], None] | None = None
    ) -> wl.Worklist:
        report = progress or (lambda _p: None)
        dataset, _notes = build_dataset(
            self.inputs, self.transform_context, is_canceled, lambda p: report(p * 0.8)
        )
        report(80.0)
        context = CheckContext(dataset, self.profile, is_canceled=is_canceled)
        index = context.previous_index()
        current, previous = dataset.get(PARCELS), dataset.get(PREVIOUS)
        for layer in (current, previous):
            if not layer.has(CLASS_FIELD):
                raise LandSurveyError(
                    "{layer} has no field {field}: the class changes cannot be listed.",
                    layer=layer.name,
                    field=CLASS_FIELD,
                )
        return wl.from_changes(
            current.keys,
            current.fids,
            current.text(CLASS_FIELD),
            previous.text(CLASS_FIELD),
            index,
            self.layer_id,
            f"{current.name} / {previous.name}",
        )


class WorklistTask(QgsTask):
    """Builds a worklist off the UI thread; ``completed`` (main thread) gets it or None."""

    completed = pyqtSignal(object, str)  # Worklist | None, error ('' when cancelled)

    def __init__(
        self,
        description: str,
        build: Callable[[Callable[[], bool], Callable[[float], None]], wl.Worklist],
    ) -> None:
        super().__init__(description, QgsTask.CanCancel)
        self.build = build
        self.result_list: wl.Worklist | None = None
        self.error = ""

    def run(self) -> bool:
        try:
            self.result_list = self.build(self.isCanceled, self.setProgress)
        except Cancelled:
            return False
        except Exception as exc:  # shown by the dock; a task must not raise
            self.error = exc.user_message(tr) if isinstance(exc, LandSurveyError) else str(exc)
            return False
        return not self.isCanceled()

    def finished(self, result: bool) -> None:
        self.completed.emit(self.result_list if result else None, self.error)
