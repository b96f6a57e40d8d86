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

The area default, the filling of added features and the BSM numbering are the common
machinery of ``adapters.autofill`` (shared with the DLTB parcels' ``ParcelAutofill``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from contextlib import contextmanager, suppress
from typing import Union

from qgis.core import QgsDefaultValue, QgsExpression, QgsGeometry, QgsProject, QgsVectorLayer

from landsurvey_plugin.adapters.autofill import (
    BsmSequence,
    LayerFunction,
    area_default,
    attributes_at,
    is_new_in_buffer,
    restore_defaults,
    set_defaults,
    text,
    value_taken,
    write_into_added,
)
from landsurvey_plugin.adapters.crs import AreaFrame, area_frame
from landsurvey_plugin.adapters.single_layer_edit import area_field_of, geometry_areas
from landsurvey_plugin.model.profile import LayerSchema
from landsurvey_plugin.toolbelt.log import log_warning

AREA_FUNCTION = "landsurvey_range_area"
ParcelSource = Union[QgsVectorLayer, Callable[[], Union[QgsVectorLayer, None]], None]

_AREA = LayerFunction(
    AREA_FUNCTION,
    "Ellipsoidal area (m², 0.01) of a range of a single layer with Land Survey autofill "
    "(the TBMJ code); NULL when the layer has none.",
    lambda autofill, geometry, _: autofill.area_of(geometry),
)


def _area_default(fields, index: int) -> str | None:
    if index < 0:
        return None
    return area_default(f"{AREA_FUNCTION}($geometry, @layer_id)", fields.at(index).name())


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
        self._bsm = BsmSequence()

    # -- wiring ---------------------------------------------------------------------------
    def connect(self) -> None:
        if self.connected:
            return
        layer = self.layer
        _AREA.attach(layer.id(), self)
        fields = layer.fields()
        ysdm = fields.lookupField("YSDM")
        area = area_field_of(layer, self.schema)
        ysdm_default = QgsExpression.quotedString(self.schema.ysdm) if self.schema.ysdm else None
        self._saved_defaults = set_defaults(
            layer, ((ysdm, ysdm_default, True), (area, _area_default(fields, area), True))
        )
        layer.featureAdded.connect(self._feature_added)
        self.connected = True

    def disconnect(self) -> None:
        """Detach; safe to call twice and after the layer was deleted."""
        if not self.connected:
            return
        self.connected = False
        _AREA.detach(self._layer_id(), self)
        with suppress(TypeError, RuntimeError):
            self.layer.featureAdded.disconnect(self._feature_added)
            restore_defaults(self.layer, self._saved_defaults)
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
            return _AREA.layer_id_of(self)

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
        names = ("ZLDWDM", "ZLDWMC", "BSM")
        found = attributes_at(self.layer, geometry, self.parcels(), names) or {}
        return tuple(found.get(n, "") for n in names)  # type: ignore[return-value]

    def _bsm_taken(self, bsm: str, fid: int) -> bool:
        return value_taken(self.layer, "BSM", bsm, fid)

    def new_bsm(self, prefix: str) -> str | None:
        return self._bsm.next(prefix, (self.layer, self.parcels()))

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
            return index[name] >= 0 and not text(feature.attribute(index[name]))

        geometry = feature.geometry()
        zldwdm = text(feature.attribute(index["ZLDWDM"])) if index["ZLDWDM"] >= 0 else ""
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
            bsm = text(feature.attribute(index["BSM"]))
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
            if area is not None and (text(old) == "" or abs(float(old) - area) > 1e-9):
                out[area_index] = area
        return out

    # -- the signal -----------------------------------------------------------------------
    def _feature_added(self, fid: int) -> None:
        if self._filling or not is_new_in_buffer(self.layer, fid):
            return  # committed ids are announced too; never touch saved features here
        self._filling = True
        try:
            write_into_added(self.layer, fid, self.values_for(fid))
        except Exception as exc:  # a failed fill must never break the user's edit
            log_warning(f"{self.layer.name()}: range {fid} not filled: {exc}")
        finally:
            self._filling = False
