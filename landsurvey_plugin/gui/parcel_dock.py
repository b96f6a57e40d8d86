"""The parcel dock (``LandSurveyParcelDock``): one DLTB parcel, edited with live validation.

Shows the first selected parcel of the DLTB layer (or the one ``show_parcel`` names, for the
review worklist) in the schema-driven form; every value the user sets is checked at once
by the county check's own one-parcel rules (``adapters.parcel_edit.ParcelChecker``), with
each message and its clause under the field; a BSM, or a TBBH in its 坐落单位, that another
parcel holds (edit buffer included) gets the county check's uniqueness message under it.
What a value implies (names, the 耕地 fields a class allows, GDLX on slopes, KCXS from the
田坎系数 table, KCMJ/TBDLMJ) is ``rules.single_feature.derive``, shared with batch edits.

Writes: Apply writes the changed fields as one undo step; the dock never starts editing on
its own (Apply asks), never commits, and asks before saving a parcel that breaks an
error-level rule. Typed values are not lost when the selection changes: the dock asks, or
keeps them per parcel (setting ``parcel_dock_unapplied``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from qgis.core import QgsFeatureRequest, QgsProject, QgsVectorLayer
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import QTimer, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from landsurvey_plugin.adapters.layer_roles import detect_roles
from landsurvey_plugin.adapters.parcel_edit import (
    EditError,
    ParcelChecker,
    apply_changes,
    batch_edit,
    schema_values,
)
from landsurvey_plugin.adapters.tiankan_import import (
    TiankanError,
    load_county_tiankan,
    read_tiankan_table,
    save_county_tiankan,
)
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.gui.parcel_form import ParcelForm
from landsurvey_plugin.model.profile import CLASSIFICATION_DOMAIN, Profile
from landsurvey_plugin.rules.dataset import PARCELS, PREVIOUS
from landsurvey_plugin.rules.single_feature import (
    FieldFinding,
    allowed_codes,
    derive,
    field_enabled,
    is_cultivated,
    plain,
    with_tiankan,
)
from landsurvey_plugin.toolbelt.i18n import current_lang, tr
from landsurvey_plugin.toolbelt.settings import load_settings

DOCK_NAME = "LandSurveyParcelDock"
BADGE_NEW = "new_cultivated"
BADGE_OUT = "outflow"
# Fields compared with the previous year's parcel (the others change with every edit).
COMPARED_GROUPS = ("class", "cultivated", "refinement")


class ParcelDock(QgsDockWidget):
    """The parcel dock; ``show_parcel(layer, fid)`` is its entry for other tools."""

    parcelShown = pyqtSignal(int)  # fid, -1 when none

    def __init__(
        self,
        profile: Profile,
        project: QgsProject,
        message_bar=None,
        parent: QWidget | None = None,
        ask: Callable[[str, str, Any, Any], Any] | None = None,
    ) -> None:
        super().__init__(tr("Parcel"), parent)
        self.setObjectName(DOCK_NAME)
        self.base_profile = profile
        self.project = project
        self.message_bar = message_bar
        self._ask = ask or (lambda title, text, buttons, default: QMessageBox.question(
            self, title, text, buttons, default
        ))  # fmt: skip
        self.layer: QgsVectorLayer | None = None
        self.previous_layer: QgsVectorLayer | None = None
        self.checker: ParcelChecker | None = None
        self.fid: int | None = None
        self.original: dict[str, Any] = {}  # the parcel's values as stored
        self.typed: dict[str, Any] = {}  # what the user set
        self.implied: dict[str, Any] = {}  # what that implies (names, 耕地 fields, KCXS, …)
        self.pending: dict[str, Any] = {}  # both, where they differ from the stored values
        # unapplied values kept per (layer id, fid), shown again when the parcel is
        self.kept: dict[tuple[str, int], dict[str, Any]] = {}
        self.findings: list[FieldFinding] = []
        self.previous: dict[str, Any] | None = None
        self._writing = False
        self._reload = QTimer(self)
        self._reload.setSingleShot(True)
        self._reload.setInterval(0)
        self._reload.timeout.connect(self._reload_from_layer)
        # another parcel took or freed a BSM / TBBH: the shown parcel is checked again
        self._revalidate = QTimer(self)
        self._revalidate.setSingleShot(True)
        self._revalidate.setInterval(0)
        self._revalidate.timeout.connect(self._validate_again)
        self.profile = with_tiankan(profile, load_county_tiankan(project))

        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.title = QLabel(tr("No parcel selected."), body)
        self.title.setObjectName("parcelTitle")
        self.previous_label = QLabel(body)
        self.previous_label.setObjectName("previousClass")
        self.badge = QLabel(body)
        self.badge.setObjectName("changeBadge")
        self.badge.setProperty("kind", "")
        self.badge.hide()
        self.missing_label = QLabel(body)
        self.missing_label.setObjectName("missingFields")
        self.missing_label.setWordWrap(True)
        self.missing_label.hide()
        top = QHBoxLayout()
        top.addWidget(self.previous_label, 1)
        top.addWidget(self.badge)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.missing_label)
        self.form = ParcelForm(self.profile, body)
        # coded fields whose codes depend on the class (ZZSX, TBXH, CZCSX, …; not DLBM itself)
        self.restricted = [
            f.name
            for f in self.profile.dltb.fields
            if f.domain is not None
            and f.domain in self.profile.domains
            and self.profile.domains[f.domain].applies_to
        ]
        self.form.edited.connect(self._on_edited)
        scroll = QScrollArea(body)
        scroll.setObjectName("parcelScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        layout.addWidget(scroll, 1)
        self.summary = QLabel(body)
        self.summary.setObjectName("validationSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QHBoxLayout()
        self.apply_button = QPushButton(tr("Apply"), body)
        self.apply_button.setObjectName("applyButton")
        self.apply_button.clicked.connect(self.apply)
        self.revert_button = QPushButton(tr("Revert"), body)
        self.revert_button.setObjectName("revertButton")
        self.revert_button.clicked.connect(self.revert)
        self.batch_button = QPushButton(tr("Batch edit…"), body)
        self.batch_button.setObjectName("batchEditButton")
        self.batch_button.clicked.connect(self.open_batch_edit)
        self.tiankan_button = QPushButton(tr("Terrace coefficients…"), body)
        self.tiankan_button.setObjectName("importTiankanButton")
        self.tiankan_button.setToolTip(
            tr("Import the county's terrace coefficient (KCXS) table, CSV or XLSX")
        )
        self.tiankan_button.clicked.connect(self.import_tiankan)
        for button in (
            self.apply_button,
            self.revert_button,
            self.batch_button,
            self.tiankan_button,
        ):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.setWidget(body)
        self._update_buttons()
        project.layersWillBeRemoved.connect(self._layers_removed)

    # -- layers -------------------------------------------------------------------------

    def find_layers(self) -> None:
        """Take DLTB and the previous year's DLTB from the project (standard names)."""
        roles = detect_roles(self.project, self.base_profile)
        self.set_layer(roles.get(PARCELS), roles.get(PREVIOUS))

    def set_layer(
        self, layer: QgsVectorLayer | None, previous: QgsVectorLayer | None = None
    ) -> None:
        if layer is self.layer and previous is self.previous_layer:
            return
        self._disconnect()
        self.layer, self.previous_layer = layer, previous
        if self.checker is not None:
            self.checker.close()
        self.checker = None
        if layer is not None:
            try:
                self.checker = ParcelChecker(
                    layer, self.profile, self.project, previous, current_lang()
                )
            except LandSurveyError as exc:
                self._say(exc.user_message(tr), warning=True)
            layer.selectionChanged.connect(self._selection_changed)
            layer.attributeValueChanged.connect(self._layer_changed)
            layer.geometryChanged.connect(self._layer_changed)
            layer.afterRollBack.connect(self._layer_changed)
            layer.featureAdded.connect(self._other_parcels_changed)
            layer.featureDeleted.connect(self._other_parcels_changed)
            layer.editingStopped.connect(self._update_buttons)
            layer.editingStarted.connect(self._update_buttons)
            self._show_missing_fields()
        self._clear()
        if layer is not None and layer.selectedFeatureCount():
            self._selection_changed()

    def _disconnect(self) -> None:
        layer = self.layer
        if layer is None:
            return
        for signal, slot in (
            (layer.selectionChanged, self._selection_changed),
            (layer.attributeValueChanged, self._layer_changed),
            (layer.geometryChanged, self._layer_changed),
            (layer.afterRollBack, self._layer_changed),
            (layer.featureAdded, self._other_parcels_changed),
            (layer.featureDeleted, self._other_parcels_changed),
            (layer.editingStopped, self._update_buttons),
            (layer.editingStarted, self._update_buttons),
        ):
            with suppress(TypeError, RuntimeError):
                signal.disconnect(slot)

    def _layers_removed(self, ids: list[str]) -> None:
        if self.layer is not None and self.layer.id() in ids:
            self.set_layer(None)
        elif self.previous_layer is not None and self.previous_layer.id() in ids:
            layer = self.layer
            self._disconnect()
            self.layer = self.previous_layer = None
            self.set_layer(layer, None)

    def dispose(self) -> None:
        """Disconnect from the layers and the project (plugin unload)."""
        self._disconnect()
        if self.checker is not None:
            self.checker.close()
            self.checker = None
        with suppress(TypeError, RuntimeError):
            self.project.layersWillBeRemoved.disconnect(self._layers_removed)
        self.layer = None

    def _show_missing_fields(self) -> None:
        """Fields the layer lacks or mistypes (the schema rule's findings) stay listed."""
        if self.checker is None:
            return
        missing = [f.name for f in self.profile.dltb.fields if f.name not in self.checker.mapping]
        for name in missing:
            self.form.editors[name].setEnabled(False)
        problems = [f.message for f in self.checker.schema_findings()]
        self.missing_label.setText("\n".join(problems))
        self.missing_label.setStyleSheet("color: #b00020;")
        self.missing_label.setVisible(bool(problems))

    # -- showing a parcel ---------------------------------------------------------------

    def _selection_changed(self, *_: Any) -> None:
        if self.layer is None:
            return
        ids = sorted(self.layer.selectedFeatureIds())
        if ids and ids[0] == self.fid:
            return
        if not ids:
            return  # keep showing the parcel: an empty selection is not "show nothing"
        if not self.show_parcel(self.layer, ids[0]) and self.fid is not None:
            # the user chose to stay (Cancel): the map selects the parcel the dock shows,
            # so what is selected is what would be edited
            self.layer.selectByIds([self.fid])

    def show_parcel(self, layer: QgsVectorLayer, fid: int) -> bool:
        """Show parcel ``fid`` of ``layer``; False when the user chose to stay."""
        if layer is not self.layer:
            previous = self.previous_layer or detect_roles(self.project, self.base_profile).get(
                PREVIOUS
            )
            if not self._leave_current():
                return False
            self.set_layer(layer, previous)
        elif fid != self.fid and not self._leave_current():
            return False
        feature = next(layer.getFeatures(QgsFeatureRequest(fid)), None)
        if feature is None or self.checker is None:
            self._clear()
            return False
        self.fid = fid
        self.geometry = feature.geometry()
        self.original = schema_values(feature, self.checker.mapping)
        self.typed, self.implied, self.pending = self.kept.pop((layer.id(), fid), {}), {}, {}
        self.form.set_values(self.original)
        if self.typed:
            self._recompute(None, rederive=True)
        key = self.original.get("BSM") or f"fid {fid}"
        self.title.setText(
            tr("Parcel {key} (TBBH {tbbh})").format(key=key, tbbh=self.original.get("TBBH") or "")
        )
        self.validate()
        self.parcelShown.emit(fid)
        return True

    def _leave_current(self) -> bool:
        """Before another parcel is shown: apply, keep or drop what the user typed."""
        if self.fid is None or not self.pending:
            return True
        if load_settings().parcel_dock_unapplied == "keep":
            self.kept[(self.layer.id(), self.fid)] = dict(self.typed)
            self._say(tr("Unapplied values of parcel {fid} kept.").format(fid=self.fid))
            return True
        answer = self._ask(
            tr("Unapplied values"),
            tr("Parcel {key} has values that are not applied. Apply them?").format(
                key=self.original.get("BSM") or self.fid
            ),
            QMessageBox.Apply | QMessageBox.Discard | QMessageBox.Cancel,
            QMessageBox.Apply,
        )
        if answer == QMessageBox.Apply:
            return self.apply()
        if answer == QMessageBox.Discard:
            self.typed, self.implied, self.pending = {}, {}, {}
            return True
        return False

    def _clear(self) -> None:
        self.fid = None
        self.original, self.findings, self.previous = {}, [], None
        self.typed, self.implied, self.pending = {}, {}, {}
        self.form.set_values({name: None for name in self.form.editors})
        self.form.show_findings({})
        self.title.setText(tr("No parcel selected."))
        self.previous_label.clear()
        self.badge.hide()
        self.badge.setProperty("kind", "")
        self.summary.clear()
        self._update_buttons()
        self.parcelShown.emit(-1)

    # -- editing ------------------------------------------------------------------------

    def current_values(self) -> dict[str, Any]:
        return {**self.original, **self.pending}

    def _on_edited(self, name: str) -> None:
        if self.fid is None:
            return
        value = self.form.value(name)
        self.typed[name] = value
        # "0" on the way to "0102" is not a class: deriving from it would clear the 耕地
        # fields of a parcel that stays 耕地; what a value implies is derived from whole codes
        self._recompute(name, rederive=self._complete(name, value))
        self.validate()

    def _complete(self, name: str, value: Any) -> bool:
        """Whether a value is one to derive from: a code of the field's list, or no code."""
        spec = self.profile.dltb.field(name)
        if spec is None or spec.domain is None or value is None:
            return True
        if spec.domain == CLASSIFICATION_DOMAIN:
            return value in self.profile.classification
        domain = self.profile.domains.get(spec.domain)
        return domain is None or value in domain.values

    def _recompute(self, current: str | None, rederive: bool) -> None:
        """Pending values from the stored ones and what the user set, derived afresh each
        time (so a passing value implies nothing once the user moves on); the field being
        typed in is never overwritten."""
        if rederive:
            implied = derive({**self.original, **self.typed}, self.profile)
            implied.pop(current, None)
            for name in implied:
                self.typed.pop(name, None)  # a rule of the model supersedes an earlier input
            self.implied = implied
        before = self.pending
        merged = {**self.typed, **self.implied}
        self.pending = {k: v for k, v in merged.items() if plain(v) != plain(self.original.get(k))}
        shown = {**self.original, **self.pending}
        self.form.set_values(
            {k: shown.get(k) for k in set(before) | set(self.pending) if k != current}
        )

    def validate(self) -> list[FieldFinding]:
        """Run the one-parcel rules on the form's values and show what they find."""
        if self.fid is None or self.checker is None:
            return []
        row = self.current_values()
        result = self.checker.check(self.fid, row, self.geometry)
        self.findings, self.previous = result.findings, result.previous
        by_field: dict[str, list] = defaultdict(list)
        for found in self.findings:
            for name in found.fields or ("DLBM",):
                by_field[name].append(found.finding)
        self.form.show_findings(by_field)
        enabled = {n: field_enabled(self.profile, n, row) for n in self.form.editors}
        for name in self.form.editors:
            if name not in self.checker.mapping:
                enabled[name] = False
        visible = {"GDLX": enabled.get("GDLX", True)}
        self.form.set_states(enabled, visible)
        dlbm = str(row.get("DLBM") or "")
        for name in self.restricted:
            self.form.restrict(name, allowed_codes(self.profile, name, dlbm) if dlbm else None)
        has_table = (
            is_cultivated(str(row.get("DLBM") or ""))
            and self.profile.tiankan_coefficient(
                str(row.get("GDLX") or ""), str(row.get("GDPDJB") or "")
            )
            is not None
        )
        self.form.set_read_only("KCXS", has_table or not is_cultivated(str(row.get("DLBM") or "")))
        self._show_previous(row)
        errors = sum(f.finding.severity == "error" for f in self.findings)
        warnings = len(self.findings) - errors
        self.summary.setText(
            tr("{errors} error(s), {warnings} warning(s)").format(errors=errors, warnings=warnings)
            + (tr(" — {n} unapplied value(s)").format(n=len(self.pending)) if self.pending else "")
        )
        self.summary.setProperty("errors", errors)
        self._update_buttons()
        return self.findings

    def _show_previous(self, row: dict[str, Any]) -> None:
        compared = [f.name for f in self.profile.dltb.fields if f.group in COMPARED_GROUPS]
        previous = self.previous
        self.form.mark_changed(previous, compared)
        if previous is None:
            self.previous_label.setText(
                tr("Previous year: no parcel") if self.previous_layer else ""
            )
            self.badge.hide()
            self.badge.setProperty("kind", "")
            return
        before = str(previous.get("DLBM") or "")
        land_class = self.profile.land_class(before)
        now = str(row.get("DLBM") or "")
        text = tr("Previous year: {code} {name}").format(
            code=before, name=land_class.name if land_class else ""
        )
        if before != now:
            text += " → " + now
        self.previous_label.setText(text)
        kind = ""
        if is_cultivated(now) and not is_cultivated(before):
            kind, label, color = BADGE_NEW, tr("New cultivated land"), "#1b7f3b"
        elif is_cultivated(before) and not is_cultivated(now):
            kind, label, color = BADGE_OUT, tr("Cultivated land lost"), "#b00020"
        self.badge.setProperty("kind", kind)
        if kind:
            self.badge.setText(label)
            self.badge.setStyleSheet(
                f"color: white; background: {color}; border-radius: 3px; padding: 1px 4px;"
            )
        self.badge.setVisible(bool(kind))

    def revert(self) -> None:
        """Drop what the user typed: the stored values again."""
        if self.fid is None:
            return
        self.typed, self.implied, self.pending = {}, {}, {}
        self.form.set_values(self.original)
        self.validate()

    def apply(self) -> bool:
        """Write the pending values as one undo step; False when nothing was written."""
        if self.layer is None or self.fid is None or self.checker is None:
            return False
        if not self.pending:
            return True
        if not self._ensure_editable():
            return False
        self.validate()
        errors = [f.finding for f in self.findings if f.finding.severity == "error"]
        if errors:
            answer = self._ask(
                tr("Rules broken"),
                tr("The parcel breaks {n} rule(s):\n{messages}\n\nApply anyway?").format(
                    n=len(errors), messages="\n".join(f.message for f in errors[:8])
                ),
                QMessageBox.Yes | QMessageBox.No,
                QMessageBox.No,
            )
            if answer != QMessageBox.Yes:
                return False
        changes = {self.checker.mapping[k]: v for k, v in self.pending.items()}
        key = self.original.get("BSM") or self.fid
        self._writing = True
        try:
            apply_changes(self.layer, self.fid, changes, tr("Edit parcel {key}").format(key=key))
        except EditError as exc:
            self._say(exc.user_message(tr), warning=True)
            return False
        finally:
            self._writing = False
        self.original.update(self.pending)
        self.typed, self.implied, self.pending = {}, {}, {}
        self.validate()
        return True

    def _ensure_editable(self) -> bool:
        """The layer in edit mode, started only when the user says so."""
        if self.layer.isEditable():
            return True
        answer = self._ask(
            tr("Start editing"),
            tr("The layer {name} is not in edit mode. Start editing it to apply?").format(
                name=self.layer.name()
            ),
            QMessageBox.Yes | QMessageBox.No,
            QMessageBox.Yes,
        )
        if answer != QMessageBox.Yes:
            return False
        if not self.layer.startEditing():
            self._say(tr("The layer cannot be edited."), warning=True)
            return False
        return True

    def _layer_changed(self, *args: Any) -> None:
        """Undo, redo, rollback or another tool changed the layer: show the stored values."""
        if self._writing or self.fid is None:
            return
        if args and isinstance(args[0], int) and args[0] != self.fid:
            if len(args) > 1 and isinstance(args[1], int) and self._unique_field(args[1]):
                self._revalidate.start()
            return
        self._reload.start()

    def _unique_field(self, index: int) -> bool:
        """Whether field ``index`` of the layer is a field of a uniqueness rule."""
        if self.layer is None or self.checker is None:
            return False
        names = set(self.checker.values.fields)
        return 0 <= index < self.layer.fields().count() and (
            self.layer.fields().at(index).name() in names
        )

    def _other_parcels_changed(self, *_: Any) -> None:
        if not self._writing and self.fid is not None:
            self._revalidate.start()

    def _validate_again(self) -> None:
        if self.fid is not None and self.checker is not None:
            self.validate()

    def _reload_from_layer(self) -> None:
        if self.layer is None or self.fid is None or self.checker is None:
            return
        feature = next(self.layer.getFeatures(QgsFeatureRequest(self.fid)), None)
        if feature is None:
            self._clear()
            return
        self.geometry = feature.geometry()
        self.original = schema_values(feature, self.checker.mapping)
        self.form.set_values(self.original)
        self._recompute(None, rederive=bool(self.typed or self.implied))
        self.validate()

    def _update_buttons(self) -> None:
        has = self.fid is not None
        self.apply_button.setEnabled(has and bool(self.pending))
        self.revert_button.setEnabled(has and bool(self.pending))
        self.batch_button.setEnabled(self.layer is not None and self.checker is not None)

    # -- batch edit and terrace coefficients ----------------------------------------------

    def open_batch_edit(self) -> None:
        from landsurvey_plugin.gui.batch_edit_dialog import BatchEditDialog

        if self.layer is None or self.checker is None:
            return
        ids = list(self.layer.selectedFeatureIds())
        if not ids:
            self._say(tr("Select the parcels to edit first."), warning=True)
            return
        dialog = BatchEditDialog(self.profile, len(ids), self)
        if dialog.exec_() != dialog.Accepted:
            return
        self.batch_edit(ids, dialog.values())

    def batch_edit(self, fids: list[int], values: dict[str, Any]):
        """Set ``values`` on the parcels as one undo step; returns the report (or None)."""
        if self.layer is None or self.checker is None or not values:
            return None
        if not self._ensure_editable():
            return None
        names = ", ".join(f"{k}={v}" for k, v in values.items())
        self._writing = True
        try:
            report = batch_edit(
                self.checker,
                fids,
                values,
                tr("Batch edit {fields} on {n} parcels").format(fields=names, n=len(fids)),
            )
        finally:
            self._writing = False
        text = tr("{changed} parcel(s) changed, {unchanged} already so, {refused} refused.").format(
            changed=report.changed, unchanged=report.unchanged, refused=len(report.refused)
        )
        self._say(text, warning=bool(report.refused))
        if report.refused:
            box = QMessageBox(QMessageBox.Warning, tr("Batch edit"), text, QMessageBox.Ok, self)
            box.setObjectName("batchEditSummary")
            box.setDetailedText(
                "\n".join(f"{key}: {'; '.join(why)}" for _, key, why in report.refused)
            )
            box.setModal(False)
            box.show()
            self.batch_summary = box
        if self.fid is not None and self.fid in fids:
            self._reload_from_layer()
        elif self.fid is not None:
            self._revalidate.start()  # the parcels changed may have taken its BSM / TBBH
        return report

    def import_tiankan(self, path: str | None = None) -> bool:
        """Read the county's 田坎系数 table and keep it in the project."""
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, tr("County terrace coefficient table"), "", tr("Tables (*.csv *.xlsx)")
            )
            if not path:
                return False
        try:
            table = read_tiankan_table(path, self.base_profile)
        except TiankanError as exc:
            self._say(exc.user_message(tr), warning=True)
            return False
        save_county_tiankan(self.project, table)
        self.reload_profile()
        self._say(
            tr("{n} terrace coefficient(s) read from {path}.").format(n=len(table), path=path)
        )
        return True

    def reload_profile(self) -> None:
        """Take the county table (and a changed profile) into the checks and the form."""
        self.profile = with_tiankan(self.base_profile, load_county_tiankan(self.project))
        self.form.profile = self.profile
        layer, previous, fid = self.layer, self.previous_layer, self.fid
        typed = dict(self.typed)
        self._disconnect()
        self.layer = None
        self.set_layer(layer, previous)
        if layer is not None and fid is not None:
            self.kept[(layer.id(), fid)] = typed
            self.show_parcel(layer, fid)
            self._recompute(None, rederive=True)  # KCXS of the new table
            self.validate()

    def _say(self, text: str, warning: bool = False) -> None:
        if self.message_bar is not None:
            from qgis.core import Qgis

            level = Qgis.Warning if warning else Qgis.Info
            self.message_bar.pushMessage(tr("Parcel"), text, level, 5)
