"""DLTB parcels fill themselves: new parcels, split parts, and areas that are always true.

``ParcelAutofill(layer, profile, villages, previous)`` listens to the DLTB layer; attach with
``connect()``, detach with ``disconnect()`` (restores the layer's own defaults). It uses the
machinery of ``adapters.autofill`` (shared with the single layers' ``RangeAutofill``):

- TBMJ, KCMJ and TBDLMJ get a default value computing the ellipsoidal areas
  (``parcel_areas.compute_areas``, KCXS from the feature) with *apply on update*: QGIS
  recomputes them after every ``changeGeometry`` (vertex tool, reshape, split, merge) and
  after a KCXS change, inside the edit command of that change — one undo reverts both;
- on ``featureAdded`` (add-feature tool, paste, split parts) the new parcel gets, inside the
  add's undo step: a BSM (county prefix + sequence after the highest BSM of this layer and
  the previous year's, never reused) when empty or already used by another parcel; the
  next TBBH of its 坐落单位 when empty or used there already; ZLDWDM/ZLDWMC and
  QSDWDM/QSDWMC from the CJDCQ feature under it (else the most common ones among the
  parcels it touches); YSDM and SJNF from the profile; the three areas;
- parts below the minimum mapping area of their class (``Profile.min_mapping_area``,
  001:四(一)3) are announced with ``belowMinimumArea`` once per user action (at the end of
  its edit command), for the GUI's message bar; ``parcelAdded`` names each filled parcel
  so the dock can open on it.

Split (QGIS's split tool, ``QgsVectorLayer.splitFeatures``): the original keeps its id and
attributes and its areas follow its new geometry (the defaults); each new part is added
with a copy of the attributes, so its BSM and TBBH are taken and are renumbered here.

Merge (QGIS's *Merge selected features*): QGIS's dialog lets the user pick the feature whose
attributes stay (or take values field by field, e.g. a sum); in one edit command QGIS then
either writes the merged geometry to the kept feature and deletes the others, or deletes
them all and adds one feature with the chosen attributes. In the first case the geometry
change and the attribute writes re-evaluate the area defaults; in the second the added
feature is filled here, and its BSM and TBBH are kept because the parcels that had them
are already deleted. Either way the merged parcel keeps the chosen parcel's BSM and TBBH
and gets the true ellipsoidal areas of the merged geometry, whatever the dialog put in
TBMJ/KCMJ/TBDLMJ (tested both ways in ``tests/qgis_core/test_parcel_autofill.py``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from typing import Union

from qgis.core import (
    QgsDefaultValue,
    QgsExpression,
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QObject, pyqtSignal

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
from landsurvey_plugin.adapters.parcel_areas import AREA_FIELDS, KCXS_FIELD, compute_areas
from landsurvey_plugin.model.area import ParcelAreas
from landsurvey_plugin.model.profile import Profile
from landsurvey_plugin.toolbelt.log import log_warning

AREA_FUNCTION = "landsurvey_parcel_area"
LOCATION_FIELDS = ("ZLDWDM", "ZLDWMC", "QSDWDM", "QSDWMC")
LayerSource = Union[QgsVectorLayer, Callable[[], Union[QgsVectorLayer, None]], None]


def _evaluate(autofill: ParcelAutofill, geometry: QgsGeometry, extra: list) -> object:
    which, kcxs = [*list(extra), None, None][:2]
    areas = autofill.areas_of(geometry, kcxs)
    if areas is None:
        return None
    return {"TBMJ": areas.tbmj, "KCMJ": areas.kcmj, "TBDLMJ": areas.tbdlmj}.get(str(which))


_AREAS = LayerFunction(
    AREA_FUNCTION,
    "landsurvey_parcel_area(geometry, layer_id, 'TBMJ'|'KCMJ'|'TBDLMJ', KCXS): the parcel's "
    "ellipsoidal areas (m², 0.01) computed by Land Survey; NULL when the layer has no "
    "parcel autofill.",
    _evaluate,
)


def next_tbbh(existing: list[str]) -> str:
    """The TBBH after the highest numeric one of a 坐落单位 (non-numeric ones are ignored).

    Assumption (reference.md gives TBBH as text of 8): parcels are numbered 1, 2, 3… within
    each 坐落单位, as the demo county and the 三调 tools number them.
    """
    numbers = [int(t) for t in existing if t.isdigit()]
    return str(max(numbers, default=0) + 1)


def _source(source: LayerSource) -> QgsVectorLayer | None:
    if source is None or isinstance(source, QgsVectorLayer):
        return source
    return source()


class ParcelAutofill(QObject):
    """See the module docstring. Signals carry plain values for the GUI."""

    belowMinimumArea = pyqtSignal(list)  # [(fid, area m², minimum m², DLBM)] of one action
    parcelAdded = pyqtSignal(int)  # a new parcel (digitised, pasted or split part) filled

    def __init__(
        self,
        layer: QgsVectorLayer,
        profile: Profile,
        villages: LayerSource = None,
        previous: LayerSource = None,
        frame: AreaFrame | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.layer = layer
        self.profile = profile
        self._villages = villages
        self._previous = previous
        self.frame = frame
        self.connected = False
        self._saved_defaults: dict[int, QgsDefaultValue] = {}
        self._filling = False
        self._bsm = BsmSequence()
        self._in_command = False
        self._pending: dict[int, tuple[int, float, float, str]] = {}
        self._cache: tuple[bytes, str, ParcelAreas | None] | None = None

    # -- wiring ---------------------------------------------------------------------------
    def connect(self) -> None:
        if self.connected:
            return
        layer = self.layer
        _AREAS.attach(layer.id(), self)
        fields = layer.fields()
        kcxs = (
            QgsExpression.quotedColumnRef(KCXS_FIELD)
            if fields.lookupField(KCXS_FIELD) >= 0
            else "NULL"
        )
        call = f"{AREA_FUNCTION}($geometry, @layer_id, '{{}}', {kcxs})"
        ysdm = QgsExpression.quotedString(self.profile.dltb.ysdm) if self.profile.dltb.ysdm else ""
        defaults = [
            (fields.lookupField(name), area_default(call.format(name), name), True)
            for name in AREA_FIELDS
        ]
        defaults.append((fields.lookupField("YSDM"), ysdm, False))
        defaults.append((fields.lookupField("SJNF"), str(self.profile.year), False))
        self._saved_defaults = set_defaults(layer, defaults)
        layer.featureAdded.connect(self._feature_added)
        layer.geometryChanged.connect(self._geometry_changed)
        layer.editCommandStarted.connect(self._command_started)
        layer.editCommandEnded.connect(self._command_ended)
        layer.editCommandDestroyed.connect(self._command_destroyed)
        self.connected = True

    def disconnect(self) -> None:
        """Detach; safe to call twice and after the layer was deleted."""
        if not self.connected:
            return
        self.connected = False
        try:
            layer_id = self.layer.id()
        except RuntimeError:
            layer_id = _AREAS.layer_id_of(self)
        _AREAS.detach(layer_id, self)
        with suppress(TypeError, RuntimeError):
            self.layer.featureAdded.disconnect(self._feature_added)
            self.layer.geometryChanged.disconnect(self._geometry_changed)
            self.layer.editCommandStarted.disconnect(self._command_started)
            self.layer.editCommandEnded.disconnect(self._command_ended)
            self.layer.editCommandDestroyed.disconnect(self._command_destroyed)
            restore_defaults(self.layer, self._saved_defaults)
        self._saved_defaults.clear()

    # -- values ---------------------------------------------------------------------------
    def villages(self) -> QgsVectorLayer | None:
        return _source(self._villages)

    def previous(self) -> QgsVectorLayer | None:
        return _source(self._previous)

    def _frame(self, geometry: QgsGeometry) -> AreaFrame | None:
        if self.frame is None:
            extent = self.layer.extent()
            if extent.isEmpty():
                extent = geometry.boundingBox()
            try:
                self.frame = area_frame(
                    self.layer.crs(), extent, QgsProject.instance().transformContext()
                )
            except Exception as exc:  # CrsError: no area rather than a wrong one
                log_warning(f"{self.layer.name()}: no area: {exc}")
                return None
        return self.frame

    def areas_of(self, geometry: QgsGeometry, kcxs: object = None) -> ParcelAreas | None:
        """TBMJ/KCMJ/TBDLMJ of a geometry with KCXS (``compute_areas``); None if unusable."""
        if geometry is None or geometry.isNull() or geometry.isEmpty():
            return None
        key = (bytes(geometry.asWkb()), text(kcxs))
        if self._cache is not None and self._cache[:2] == key:
            return self._cache[2]  # the three area defaults of one update ask in a row
        frame = self._frame(geometry)
        if frame is None:
            return None
        fields = self.layer.fields()
        feature = QgsFeature(fields)
        feature.setGeometry(geometry)
        kcxs_index = fields.lookupField(KCXS_FIELD)
        if kcxs_index >= 0:
            feature.setAttribute(kcxs_index, None if text(kcxs) == "" else kcxs)
        [outcome] = compute_areas([feature], frame, kcxs_index)
        self._cache = (*key, outcome.areas)
        return outcome.areas

    def location_of(self, geometry: QgsGeometry, fid: int) -> dict[str, str]:
        """ZLDWDM/ZLDWMC/QSDWDM/QSDWMC at a place: the CJDCQ feature under it for what it
        holds, the rest the most common among the parcels it touches (same 坐落单位)."""
        found = attributes_at(self.layer, geometry, self.villages(), LOCATION_FIELDS) or {}
        found = {k: v for k, v in found.items() if v}
        if all(found.get(n) for n in LOCATION_FIELDS):
            return found
        fields = self.layer.fields()
        names = [n for n in LOCATION_FIELDS if fields.lookupField(n) >= 0]
        request = QgsFeatureRequest().setFilterRect(geometry.boundingBox())
        request.setSubsetOfAttributes(names, fields)
        votes: Counter[tuple[str, ...]] = Counter()
        for parcel in self.layer.getFeatures(request):
            if parcel.id() == fid or not parcel.hasGeometry():
                continue
            if not parcel.geometry().intersects(geometry):
                continue
            values = tuple(text(parcel[n]) for n in names)
            zldwdm = dict(zip(names, values)).get("ZLDWDM", "")
            if found.get("ZLDWDM") and zldwdm and zldwdm != found["ZLDWDM"]:
                continue  # a neighbour in another village says nothing about this one
            votes[values] += 1
        if votes:
            best = dict(zip(names, votes.most_common(1)[0][0]))
            for name, value in best.items():
                if value and not found.get(name):
                    found[name] = value
        return found

    def _tbbh_taken(self, tbbh: str, zldwdm: str, fid: int) -> bool:
        where = f'"ZLDWDM" = {QgsExpression.quotedString(zldwdm)}' if zldwdm else ""
        return value_taken(self.layer, "TBBH", tbbh, fid, where)

    def new_tbbh(self, zldwdm: str) -> str:
        """The next TBBH in a 坐落单位 (edit buffer included)."""
        fields = self.layer.fields()
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes(["TBBH"], fields)
        if zldwdm and fields.lookupField("ZLDWDM") >= 0:
            request.setFilterExpression(f'"ZLDWDM" = {QgsExpression.quotedString(zldwdm)}')
        return next_tbbh([text(f["TBBH"]) for f in self.layer.getFeatures(request)])

    def values_for(self, fid: int) -> dict[int, object]:
        """Field index -> value to write into the new parcel ``fid`` (what is missing, a
        BSM/TBBH another parcel has, and the areas)."""
        layer = self.layer
        feature = layer.getFeature(fid)
        if not feature.isValid():
            return {}
        fields = layer.fields()
        current = {f.name().upper(): (i, text(feature.attribute(i))) for i, f in enumerate(fields)}
        out: dict[int, object] = {}

        def value(name: str) -> str:
            return current.get(name, (-1, ""))[1]

        def put(name: str, new: object) -> None:
            if name in current:
                out[current[name][0]] = new
                current[name] = (current[name][0], text(new))

        geometry = feature.geometry()
        if any(n in current and not value(n) for n in LOCATION_FIELDS):
            for name, found in self.location_of(geometry, fid).items():
                if not value(name):
                    put(name, found)
        if not value("YSDM") and self.profile.dltb.ysdm:
            put("YSDM", self.profile.dltb.ysdm)
        if "SJNF" in current and not value("SJNF"):
            put("SJNF", self.profile.year)
        zldwdm = value("ZLDWDM")
        bsm = value("BSM")
        if "BSM" in current and (not bsm or value_taken(layer, "BSM", bsm, fid)):
            prefix = next((c[:6] for c in (zldwdm, bsm, value("QSDWDM")) if c[:6].isdigit()), "")
            new = self._bsm.next(prefix, (layer, self.previous()))
            if new is not None:
                put("BSM", new)
        tbbh = value("TBBH")
        if "TBBH" in current and (not tbbh or self._tbbh_taken(tbbh, zldwdm, fid)):
            put("TBBH", self.new_tbbh(zldwdm))
        kcxs_index = fields.lookupField(KCXS_FIELD)
        kcxs = feature.attribute(kcxs_index) if kcxs_index >= 0 else None
        areas = self.areas_of(geometry, kcxs)
        if areas is not None:
            for name, area in zip(AREA_FIELDS, (areas.tbmj, areas.kcmj, areas.tbdlmj)):
                old = value(name)
                try:
                    same = old != "" and abs(float(old) - area) < 1e-9
                except ValueError:
                    same = False
                if name in current and not same:
                    put(name, area)
        return out

    # -- minimum mapping area -------------------------------------------------------------
    def _check_minimum(self, fid: int, geometry: QgsGeometry | None = None) -> None:
        if not self._in_command:
            return  # undo/redo and programmatic writes outside a user action: not flagged
        feature = self.layer.getFeature(fid)
        if not feature.isValid():
            return
        dlbm = text(feature["DLBM"]) if self.layer.fields().lookupField("DLBM") >= 0 else ""
        minimum = self.profile.min_mapping_area(dlbm) if dlbm else None
        if minimum is None:
            return
        areas = self.areas_of(geometry or feature.geometry())
        if areas is None or not math.isfinite(areas.tbmj):
            return
        if areas.tbmj < minimum:
            self._pending[fid] = (fid, areas.tbmj, minimum, dlbm)
        else:
            self._pending.pop(fid, None)

    def _command_started(self) -> None:
        self._in_command = True
        self._pending.clear()

    def _command_ended(self) -> None:
        self._in_command = False
        pending, self._pending = list(self._pending.values()), {}
        if pending:
            self.belowMinimumArea.emit(pending)

    def _command_destroyed(self) -> None:
        self._in_command = False
        self._pending.clear()

    # -- signals of the layer -------------------------------------------------------------
    def _geometry_changed(self, fid: int, geometry: QgsGeometry) -> None:
        if not self._filling:
            self._check_minimum(fid, geometry)

    def _feature_added(self, fid: int) -> None:
        if self._filling or not is_new_in_buffer(self.layer, fid):
            return  # committed ids are announced too; never touch saved features here
        self._filling = True
        try:
            write_into_added(self.layer, fid, self.values_for(fid))
        except Exception as exc:  # a failed fill must never break the user's edit
            log_warning(f"{self.layer.name()}: parcel {fid} not filled: {exc}")
            return
        finally:
            self._filling = False
        self._check_minimum(fid)
        if self._in_command:
            self.parcelAdded.emit(fid)
