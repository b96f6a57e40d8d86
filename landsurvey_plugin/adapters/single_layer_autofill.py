"""Fill the attributes of ranges digitised (or pasted, or added by any tool) in a single layer.

``RangeAutofill(layer, schema, parcels, frame)`` listens to one single layer while it is
mapped by the dock:

- YSDM is the field's default value (``QgsDefaultValue``, schema.ysdm, applied on update);
- the area field's default value is the ellipsoidal area of the range (the TBMJ code,
  ``single_layer_edit.geometry_areas``) with *apply on update*, so QGIS itself recomputes it
  after every ``changeGeometry`` (vertex tool, reshape, erase…) inside the edit command of
  that change: one undo reverts the geometry and its area together;
- on ``featureAdded`` (QGIS's add-feature tool, paste, ``addFeature``) an empty BSM gets the
  next free one (``model.single_layers.next_bsm`` after ``highest_bsm`` of the layer and of
  the parcels, as ``add_ranges_from_parcels`` numbers), a BSM another range already has is
  renumbered (split parts copy it), and empty ZLDWDM/ZLDWMC, YSDM and the area are filled.

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

import math
from collections.abc import Callable
from contextlib import contextmanager, suppress
from typing import Union

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

from landsurvey_plugin.adapters.crs import AreaFrame, area_frame
from landsurvey_plugin.adapters.single_layer_edit import area_field_of, geometry_areas, highest_bsm
from landsurvey_plugin.model.profile import LayerSchema
from landsurvey_plugin.model.single_layers import next_bsm
from landsurvey_plugin.toolbelt.log import log_warning

AREA_FUNCTION = "landsurvey_range_area"
ParcelSource = Union[QgsVectorLayer, Callable[[], Union[QgsVectorLayer, None]], None]

_ACTIVE: dict[str, RangeAutofill] = {}  # layer id -> its autofill
_REGISTERED: list = []


def _register_area_function() -> None:
    """A fresh expression function each time: QGIS owns and deletes the unregistered one."""
    if QgsExpression.isFunctionName(AREA_FUNCTION):
        QgsExpression.unregisterFunction(AREA_FUNCTION)

    @qgsfunction(args="auto", group="Land Survey", register=False, name=AREA_FUNCTION)
    def range_area(geometry, layer_id, feature, parent):
        """Ellipsoidal area (m², 0.01) of a range of a single layer with Land Survey
        autofill (the TBMJ code); NULL when the layer has none."""
        autofill = _ACTIVE.get(str(layer_id))
        if autofill is None or geometry is None:
            return None
        return autofill.area_of(geometry)

    QgsExpression.registerFunction(range_area)
    _REGISTERED[:] = [range_area]  # the wrapper must outlive this call


def _area_default(fields, index: int) -> str | None:
    """The area field's default: our function through eval(), falling back to the stored
    value. A project saved with this default and opened without the plugin then keeps the
    areas as they are on a geometry edit (an unknown function inside eval() gives NULL at
    evaluation instead of a parse error that would write NULL into the field)."""
    if index < 0:
        return None
    call = QgsExpression.quotedString(f"{AREA_FUNCTION}($geometry, @layer_id)")
    return f"coalesce(eval({call}), {QgsExpression.quotedColumnRef(fields.at(index).name())})"


def _text(value: object) -> str:
    if value is None:
        return ""
    with suppress(Exception):
        if hasattr(value, "isNull") and value.isNull():
            return ""
    return str(value).strip()


class RangeAutofill:
    """Attach with ``connect()``, detach with ``disconnect()`` (restores the defaults)."""

    def __init__(
        self,
        layer: QgsVectorLayer,
        schema: LayerSchema,
        parcels: ParcelSource = None,
        frame: AreaFrame | None = None,
    ) -> None:
        self.layer = layer
        self.schema = schema
        self._parcels = parcels
        self.frame = frame
        self.connected = False
        self._saved_defaults: dict[int, QgsDefaultValue] = {}
        self._filling = False

    # -- wiring ---------------------------------------------------------------------------
    def connect(self) -> None:
        if self.connected:
            return
        layer = self.layer
        if not _ACTIVE or not QgsExpression.isFunctionName(AREA_FUNCTION):
            _register_area_function()
        _ACTIVE[layer.id()] = self
        fields = layer.fields()
        ysdm = fields.lookupField("YSDM")
        area = area_field_of(layer, self.schema)
        for index, expression in (
            (ysdm, QgsExpression.quotedString(self.schema.ysdm) if self.schema.ysdm else None),
            (area, _area_default(fields, area)),
        ):
            if index < 0 or not expression:
                continue
            self._saved_defaults[index] = layer.defaultValueDefinition(index)
            layer.setDefaultValueDefinition(index, QgsDefaultValue(expression, True))
        layer.featureAdded.connect(self._feature_added)
        self.connected = True

    def disconnect(self) -> None:
        """Detach; safe to call twice and after the layer was deleted."""
        if not self.connected:
            return
        self.connected = False
        if _ACTIVE.get(self._layer_id()) is self:
            del _ACTIVE[self._layer_id()]
        if not _ACTIVE:
            with suppress(Exception):
                QgsExpression.unregisterFunction(AREA_FUNCTION)
        with suppress(TypeError, RuntimeError):
            self.layer.featureAdded.disconnect(self._feature_added)
            for index, default in self._saved_defaults.items():
                self.layer.setDefaultValueDefinition(index, default)
        self._saved_defaults.clear()

    @contextmanager
    def suspended(self):
        """No filling inside (bulk imports fill their own values)."""
        filling, self._filling = self._filling, True
        try:
            yield self
        finally:
            self._filling = filling

    def _layer_id(self) -> str:
        try:
            return self.layer.id()
        except RuntimeError:  # the C++ layer is gone
            return next((k for k, v in _ACTIVE.items() if v is self), "")

    # -- values ---------------------------------------------------------------------------
    def parcels(self) -> QgsVectorLayer | None:
        source = self._parcels
        if source is None or isinstance(source, QgsVectorLayer):
            return source
        return source()

    def area_of(self, geometry: QgsGeometry) -> float | None:
        """The range's ellipsoidal area rounded to 0.01 m² (TBMJ code); None if unusable."""
        if geometry is None or geometry.isNull() or geometry.isEmpty():
            return None
        frame = self.frame
        if frame is None:
            try:
                frame = area_frame(
                    self.layer.crs(),
                    geometry.boundingBox(),
                    QgsProject.instance().transformContext(),
                )
            except Exception as exc:  # CrsError: no area rather than a wrong one
                log_warning(f"{self.layer.name()}: no area: {exc}")
                return None
        [area] = geometry_areas([geometry], frame)
        return area if math.isfinite(area) else None

    def parcel_under(self, geometry: QgsGeometry) -> tuple[str, str, str]:
        """(ZLDWDM, ZLDWMC, BSM) of the parcel under the range's interior point."""
        parcels = self.parcels()
        if parcels is None or geometry is None or geometry.isEmpty():
            return "", "", ""
        point = geometry.pointOnSurface()
        if point.isNull() or point.isEmpty():
            return "", "", ""
        source, target = self.layer.crs(), parcels.crs()
        if source.isValid() and target.isValid() and source != target:
            point = QgsGeometry(point)
            try:
                point.transform(QgsCoordinateTransform(source, target, QgsProject.instance()))
            except Exception:  # QgsCsException
                return "", "", ""
        fields = parcels.fields()
        wanted = [n for n in ("ZLDWDM", "ZLDWMC", "BSM") if fields.lookupField(n) >= 0]
        request = QgsFeatureRequest().setFilterRect(point.boundingBox())
        request.setSubsetOfAttributes(wanted, fields)
        for parcel in parcels.getFeatures(request):
            if parcel.hasGeometry() and parcel.geometry().intersects(point):
                return tuple(  # type: ignore[return-value]
                    _text(parcel[n]) if n in wanted else "" for n in ("ZLDWDM", "ZLDWMC", "BSM")
                )
        return "", "", ""

    def _bsm_taken(self, bsm: str, fid: int) -> bool:
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        request.setFilterExpression(f'"BSM" = {QgsExpression.quotedString(bsm)}')
        request.setSubsetOfAttributes(["BSM"], self.layer.fields())
        return any(f.id() != fid for f in self.layer.getFeatures(request))

    def new_bsm(self, prefix: str) -> str | None:
        if len(prefix) != 6 or not prefix.isdigit():
            return None
        existing = highest_bsm(self.layer, prefix)
        parcels = self.parcels()
        if parcels is not None:
            existing += highest_bsm(parcels, prefix)
        return next(next_bsm(existing, prefix))

    def values_for(self, fid: int) -> dict[int, object]:
        """Field index -> value to write into the new range ``fid`` (what is missing)."""
        layer = self.layer
        feature = layer.getFeature(fid)
        if not feature.isValid():
            return {}
        fields = layer.fields()
        index = {n: fields.lookupField(n) for n in ("BSM", "YSDM", "ZLDWDM", "ZLDWMC")}
        out: dict[int, object] = {}

        def empty(name: str) -> bool:
            return index[name] >= 0 and not _text(feature.attribute(index[name]))

        geometry = feature.geometry()
        zldwdm = _text(feature.attribute(index["ZLDWDM"])) if index["ZLDWDM"] >= 0 else ""
        zldwmc = pbsm = ""
        if empty("ZLDWDM") or empty("ZLDWMC") or empty("BSM") or index["BSM"] >= 0:
            code, zldwmc, pbsm = self.parcel_under(geometry)
            if empty("ZLDWDM") and code:
                out[index["ZLDWDM"]] = zldwdm = code
            if empty("ZLDWMC") and zldwmc and (not zldwdm or zldwdm == code):
                out[index["ZLDWMC"]] = zldwmc
        if empty("YSDM") and self.schema.ysdm:
            out[index["YSDM"]] = self.schema.ysdm
        if index["BSM"] >= 0:
            bsm = _text(feature.attribute(index["BSM"]))
            if not bsm or self._bsm_taken(bsm, fid):
                prefix = zldwdm[:6] if zldwdm[:6].isdigit() else ""
                prefix = prefix or (pbsm[:6] if pbsm[:6].isdigit() else "")
                prefix = prefix or (bsm[:6] if bsm[:6].isdigit() else "")
                new = self.new_bsm(prefix)
                if new is not None:
                    out[index["BSM"]] = new
        area_index = area_field_of(layer, self.schema)
        if area_index >= 0:
            area = self.area_of(geometry)
            old = feature.attribute(area_index)
            if area is not None and (_text(old) == "" or abs(float(old) - area) > 1e-9):
                out[area_index] = area
        return out

    # -- the signal -----------------------------------------------------------------------
    def _feature_added(self, fid: int) -> None:
        if fid >= 0 or self._filling or not self.layer.isEditable():
            return  # committed ids are announced too; never touch saved features here
        buffer = self.layer.editBuffer()
        if buffer is None or fid not in buffer.addedFeatures():
            return
        self._filling = True
        try:
            values = self.values_for(fid)
            current = self.layer.getFeature(fid)
            for index, value in values.items():
                # run, not pushed: the value becomes part of the added feature (see above)
                command = QgsVectorLayerUndoCommandChangeAttribute(
                    buffer, fid, index, value, current.attribute(index)
                )
                command.redo()
        except Exception as exc:  # a failed fill must never break the user's edit
            log_warning(f"{self.layer.name()}: range {fid} not filled: {exc}")
        finally:
            self._filling = False
