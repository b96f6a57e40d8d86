"""Common machinery of the layers that fill themselves: single-layer ranges and DLTB parcels.

``RangeAutofill`` (single layers) and ``ParcelAutofill`` (DLTB) both

- compute areas through an expression function used as a field default with *apply on
  update*, so QGIS itself recomputes the area after every ``changeGeometry`` inside the edit
  command of that change (one undo reverts the geometry and its area together);
- fill new features from ``featureAdded`` by writing the values into the added feature.

Why ``featureAdded`` does not call ``changeAttributeValue``: in QGIS 3.22 the signal is
emitted from inside ``QgsVectorLayerUndoCommandAddFeature::redo()``, i.e. while
``QUndoStack::push`` has not yet appended the add to the open edit command. A nested
``changeAttributeValue`` would be appended *before* the add, so undoing the command would
first remove the feature and then change an attribute of a feature that is gone (a crash in
QGIS's buffer). The values are instead written into the added feature itself (the change
command is run without being pushed): they belong to the add, one undo removes the feature
with them, and a redo re-adds the bare feature, emits ``featureAdded`` again and is filled
again. Only new features (negative ids) are touched this way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from functools import partial

from qgis.core import (
    QgsCoordinateTransform,
    QgsDefaultValue,
    QgsExpression,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
    QgsVectorLayerUndoCommandChangeAttribute,
    qgsfunction,
)

from landsurvey_plugin.adapters.single_layer_edit import highest_bsm
from landsurvey_plugin.model.single_layers import next_bsm


def text(value: object) -> str:
    """A field value as stripped text; NULL (None or a null QVariant) is ''."""
    if value is None:
        return ""
    with suppress(Exception):
        if hasattr(value, "isNull") and value.isNull():
            return ""
    return str(value).strip()


class LayerFunction:
    """An expression function ``name(geometry, layer_id, …)`` answered by the autofill
    attached to that layer: registered while at least one layer uses it.

    ``evaluate(owner, geometry, extra_args)`` computes the value. A fresh QGIS function is
    made at each registration: QGIS owns and deletes an unregistered one.
    """

    def __init__(self, name: str, help_text: str, evaluate: Callable) -> None:
        self.name = name
        self.help_text = help_text
        self.evaluate = evaluate
        self.owners: dict[str, object] = {}  # layer id -> autofill
        self._wrapper: list = []  # the registered wrapper must outlive the registration

    def _register(self) -> None:
        if QgsExpression.isFunctionName(self.name):
            QgsExpression.unregisterFunction(self.name)
        owners, evaluate = self.owners, self.evaluate

        def dispatch(values, feature, parent):
            geometry, layer_id, *extra = values
            owner = owners.get(str(layer_id))
            if owner is None or geometry is None:
                return None
            return evaluate(owner, geometry, extra)

        wrapper = qgsfunction(
            args=-1,
            group="Land Survey",
            register=False,
            name=self.name,
            handlesnull=True,  # a NULL extra argument (KCXS of a non-耕地 parcel) is a value
            helpText=self.help_text,
        )(dispatch)
        QgsExpression.registerFunction(wrapper)
        self._wrapper[:] = [wrapper]

    def attach(self, layer_id: str, owner: object) -> None:
        if not self.owners or not QgsExpression.isFunctionName(self.name):
            self.owners[layer_id] = owner
            self._register()
        self.owners[layer_id] = owner

    def detach(self, layer_id: str, owner: object) -> None:
        if self.owners.get(layer_id) is owner:
            del self.owners[layer_id]
        if not self.owners:
            with suppress(Exception):
                QgsExpression.unregisterFunction(self.name)

    def layer_id_of(self, owner: object) -> str:
        return next((k for k, v in self.owners.items() if v is owner), "")


def area_default(call: str, field_name: str) -> str:
    """A field default computing ``call`` through eval(), falling back to the stored value.

    A project saved with this default and opened without the plugin then keeps the areas as
    they are on a geometry edit (an unknown function inside eval() gives NULL at evaluation
    instead of a parse error that would write NULL into the field).
    """
    quoted = QgsExpression.quotedString(call)
    return f"coalesce(eval({quoted}), {QgsExpression.quotedColumnRef(field_name)})"


def set_defaults(
    layer: QgsVectorLayer, defaults: Iterable[tuple[int, str | None, bool]]
) -> dict[int, QgsDefaultValue]:
    """Set (field index, expression, apply on update) defaults, skipping absent fields and
    empty expressions; returns the layer's previous ones for ``restore_defaults``."""
    saved: dict[int, QgsDefaultValue] = {}
    for index, expression, on_update in defaults:
        if index < 0 or not expression:
            continue
        saved[index] = layer.defaultValueDefinition(index)
        layer.setDefaultValueDefinition(index, QgsDefaultValue(expression, on_update))
    return saved


def restore_defaults(layer: QgsVectorLayer, saved: dict[int, QgsDefaultValue]) -> None:
    for index, default in saved.items():
        layer.setDefaultValueDefinition(index, default)


def is_new_in_buffer(layer: QgsVectorLayer, fid: int) -> bool:
    """A feature added in the open edit session (never a saved one: those are not filled)."""
    if fid >= 0 or not layer.isEditable():
        return False
    buffer = layer.editBuffer()
    return buffer is not None and fid in buffer.addedFeatures()


def write_into_added(layer: QgsVectorLayer, fid: int, values: dict[int, object]) -> None:
    """Write values into a feature added in this edit command (see the module docstring)."""
    buffer = layer.editBuffer()
    current = layer.getFeature(fid)
    for index, value in values.items():
        # run, not pushed: the value becomes part of the added feature
        command = QgsVectorLayerUndoCommandChangeAttribute(
            buffer, fid, index, value, current.attribute(index)
        )
        command.redo()


def value_taken(
    layer: QgsVectorLayer, field: str, value: str, fid: int | None = None, where: str = ""
) -> bool:
    """Whether another feature than ``fid`` (edit buffer included) has ``value`` in ``field``."""
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    expression = f"{QgsExpression.quotedColumnRef(field)} = {QgsExpression.quotedString(value)}"
    request.setFilterExpression(f"({expression}){' AND ' + where if where else ''}")
    request.setSubsetOfAttributes([field], layer.fields())
    return any(f.id() != fid for f in layer.getFeatures(request))


def buffer_values(layer: QgsVectorLayer, field: str) -> list[object]:
    """The values of ``field`` in the edit buffer (added features, changed values)."""
    index = layer.fields().lookupField(field)
    buffer = layer.editBuffer() if layer.isEditable() else None
    if index < 0 or buffer is None:
        return []
    values = [f.attribute(index) for f in buffer.addedFeatures().values()]
    changed = buffer.changedAttributeValues().values()
    return values + [attributes[index] for attributes in changed if index in attributes]


class BsmSequence:
    """New BSMs under a 6-digit county prefix, after the highest of the given layers.

    The saved data's highest BSM is read once per layer and prefix (``highest_bsm`` reads
    every BSM: about 0.7 s per 200,000 parcels) and forgotten when the layer commits; the
    edit buffer's BSMs are added at each call, and each candidate is checked with one lookup
    per layer, so no BSM in use is ever given. (A BSM whose add was undone is free again:
    that parcel never existed, and a redo gets the same BSM back.)
    """

    def __init__(self) -> None:
        self._saved: dict[tuple[str, str], list[str]] = {}  # (layer id, prefix) -> highest
        self._watched: set[str] = set()

    def _forget(self, layer_id: str) -> None:
        for key in [k for k in self._saved if k[0] == layer_id]:
            del self._saved[key]

    def _saved_highest(self, layer: QgsVectorLayer, prefix: str) -> list[str]:
        key = (layer.id(), prefix)
        if key not in self._saved:
            if layer.id() not in self._watched:
                self._watched.add(layer.id())
                layer.afterCommitChanges.connect(partial(self._forget, layer.id()))
            self._saved[key] = highest_bsm(layer, prefix)
        return self._saved[key]

    def next(self, prefix: str, layers: Iterable[QgsVectorLayer | None]) -> str | None:
        if len(prefix) != 6 or not prefix.isdigit():
            return None
        usable = [
            layer
            for layer in layers
            if layer is not None and layer.fields().lookupField("BSM") >= 0
        ]
        existing: list[str] = []
        for layer in usable:
            existing += self._saved_highest(layer, prefix)
            existing += [text(v) for v in buffer_values(layer, "BSM")]
        for candidate in next_bsm(existing, prefix):
            if not any(value_taken(layer, "BSM", candidate) for layer in usable):
                return candidate
        return None  # not reached: next_bsm raises when the prefix is used up


def attributes_at(
    source_crs_layer: QgsVectorLayer,
    geometry: QgsGeometry,
    target: QgsVectorLayer | None,
    names: Sequence[str],
) -> dict[str, str] | None:
    """The ``names`` of the ``target`` feature under the geometry's interior point (only
    the fields the target has), or None when no feature is there."""
    if target is None or geometry is None or geometry.isEmpty():
        return None
    point = geometry.pointOnSurface()
    if point.isNull() or point.isEmpty():
        return None
    source, crs = source_crs_layer.crs(), target.crs()
    if source.isValid() and crs.isValid() and source != crs:
        point = QgsGeometry(point)
        try:
            point.transform(QgsCoordinateTransform(source, crs, QgsProject.instance()))
        except Exception:  # QgsCsException
            return None
    fields = target.fields()
    wanted = [n for n in names if fields.lookupField(n) >= 0]
    request = QgsFeatureRequest().setFilterRect(point.boundingBox())
    request.setSubsetOfAttributes(wanted, fields)
    for feature in target.getFeatures(request):
        if feature.hasGeometry() and feature.geometry().intersects(point):
            return {n: text(feature[n]) for n in wanted}
    return None
