"""Open county database…: pick a GeoPackage, FileGDB or shapefile folder, check the role of
each table, read the warnings (CRS, fields, encoding), load.

Object names: the dialog ``LandSurveyOpenCountyDialog``, the path ``LandSurveyOpenCountyPath``,
one combo per role ``LandSurveyOpenCountyRole_<ROLE>`` (DLTB, DLTB_PREV, XZQ, CJDCQ, TTQ, …),
the warnings ``LandSurveyOpenCountyWarnings``, the buttons ``LandSurveyOpenCountyButtons``.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProject
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from landsurvey_plugin.adapters.county_open import (
    CountyOpenError,
    CountyOpenResult,
    CountyScan,
    TablePreview,
    open_county,
    preview_table,
    scan_county,
)
from landsurvey_plugin.adapters.layer_roles import roles_of
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.model.profile import Profile
from landsurvey_plugin.rules.dataset import PARCELS
from landsurvey_plugin.toolbelt.i18n import tr


def encoding_text(encoding: str, reason: str | None) -> str:
    reasons = {
        "cpg": tr("declared in the .cpg file"),
        "ldid": tr("declared in the DBF header"),
        "utf-8 content": tr("detected from the text (no .cpg)"),
        "gbk content": tr("detected from the text (no .cpg)"),
        "gb18030 content": tr("detected from the text (no .cpg)"),
    }
    why = reasons.get(reason or "", "")
    return f"{encoding} ({why})" if why else encoding


def preview_lines(preview: TablePreview, title: str) -> list[str]:
    """The warnings of one mapped table, as shown before loading."""
    lines: list[str] = []
    if not preview.valid:
        return [tr("{role}: {table} cannot be opened.").format(role=title, table=preview.table)]
    if not preview.crs_ok:
        lines.append(
            tr(
                "{role}: {table} is not in CGCS2000 Gauss-Krüger (CRS: {crs}); areas will be "
                "computed through a transformation."
            ).format(role=title, table=preview.table, crs=preview.crs or tr("none"))
        )
    if preview.missing_fields:
        lines.append(
            tr("{role}: {table} lacks the fields {names}.").format(
                role=title, table=preview.table, names=", ".join(preview.missing_fields)
            )
        )
    for name, want, got in preview.mistyped_fields:
        lines.append(
            tr("{role}: {table}.{field} is {got}, the schema wants {want}.").format(
                role=title, table=preview.table, field=name, got=got, want=want
            )
        )
    if preview.encoding:
        lines.append(
            tr("{role}: {table} read as {encoding}.").format(
                role=title,
                table=preview.table,
                encoding=encoding_text(preview.encoding, preview.encoding_reason),
            )
        )
    return lines


def result_summary(result: CountyOpenResult, profile: Profile) -> str:
    """One line for the message bar after loading."""
    titles = roles_of(profile)
    text = tr("{count} layers of {path} loaded in the group {group}.").format(
        count=len(result.layers), path=result.path.name, group=result.group_name
    )
    if result.crs_problems:
        text += " " + tr("Not in CGCS2000 Gauss-Krüger: {names}.").format(
            names=", ".join(f"{r.table} ({r.crs or tr('no CRS')})" for r in result.crs_problems)
        )
    if result.field_problems:
        text += " " + tr("Schema fields missing or mistyped in: {names}.").format(
            names=", ".join(
                f"{r.table} ({', '.join(r.missing_fields + [m[0] for m in r.mistyped_fields])})"
                for r in result.field_problems
            )
        )
    unverified = [r.table for r in result.layers.values() if not r.encoding_verified]
    if unverified:
        text += " " + tr("Check the text of {names}: the encoding could not be verified.").format(
            names=", ".join(unverified)
        )
    missing = [titles[r] for r in result.not_found if r in titles]
    if missing:
        text += " " + tr("Not found: {names}.").format(names=", ".join(missing))
    if result.failed:
        text += " " + tr("Not loaded: {names}.").format(
            names=", ".join(f"{t} ({why})" for t, why in result.failed)
        )
    return text


class OpenCountyDialog(QDialog):
    """Scan a county database, map tables to roles, load them (``result`` after accept)."""

    def __init__(
        self, profile: Profile, project: QgsProject, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("LandSurveyOpenCountyDialog")
        self.setWindowTitle(tr("Open county database"))
        self.profile = profile
        self.project = project
        self.scan: CountyScan | None = None
        self.result: CountyOpenResult | None = None
        self._previews: dict[tuple[str, str], TablePreview] = {}
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "A GeoPackage, a FileGDB (.gdb folder) or a folder of shapefiles. Tables are "
                "recognised by their standard names; change a role below when yours differ."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("LandSurveyOpenCountyPath")
        self.path_edit.editingFinished.connect(lambda: self.set_path(self.path_edit.text()))
        row.addWidget(self.path_edit, 1)
        file_button = QPushButton(tr("File…"), self)
        file_button.setObjectName("LandSurveyOpenCountyFile")
        file_button.clicked.connect(self._pick_file)
        folder_button = QPushButton(tr("Folder…"), self)
        folder_button.setObjectName("LandSurveyOpenCountyFolder")
        folder_button.clicked.connect(self._pick_folder)
        row.addWidget(file_button)
        row.addWidget(folder_button)
        layout.addLayout(row)
        self.status = QLabel(self)
        self.status.setObjectName("LandSurveyOpenCountyStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        form = QFormLayout()
        self.role_combos: dict[str, QComboBox] = {}
        for role, title in roles_of(profile).items():
            combo = QComboBox(self)
            combo.setObjectName(f"LandSurveyOpenCountyRole_{role}")
            combo.currentIndexChanged.connect(self._update_warnings)
            self.role_combos[role] = combo
            form.addRow(f"{title} ({role})", combo)
        layout.addLayout(form)
        self.warnings = QPlainTextEdit(self)  # scrolls: a bad delivery has many lines
        self.warnings.setObjectName("LandSurveyOpenCountyWarnings")
        self.warnings.setReadOnly(True)
        layout.addWidget(self.warnings, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.setObjectName("LandSurveyOpenCountyButtons")
        self.load_button = buttons.button(QDialogButtonBox.Ok)
        self.load_button.setText(tr("Load"))
        buttons.accepted.connect(self.load)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill_combos()

    # -- choosing the source --------------------------------------------------------------
    def _pick_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("County database"),
            self.path_edit.text(),
            tr("GeoPackage or shapefile (*.gpkg *.shp)"),
        )
        if path:
            self.set_path(path)

    def _pick_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, tr("FileGDB (.gdb) or folder of shapefiles"), self.path_edit.text()
        )
        if path:
            self.set_path(path)

    def set_path(self, path: str | Path) -> None:
        """Scan the source and preset each role with the table its name suggests."""
        text = str(path).strip()
        self.path_edit.setText(text)
        self.scan, self._previews = None, {}
        if text:
            try:
                self.scan = scan_county(Path(text), self.profile)
            except CountyOpenError as exc:
                self.status.setText(exc.user_message(tr))
            else:
                self.status.setText(
                    tr("{count} polygon tables found in {path}.").format(
                        count=len(self.scan.polygon_tables), path=self.scan.path.name
                    )
                )
        else:
            self.status.clear()
        self._fill_combos()

    def _fill_combos(self) -> None:
        tables = [t.name for t in self.scan.polygon_tables] if self.scan else []
        guessed = self.scan.guessed if self.scan else {}
        for role, combo in self.role_combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr("(none)"), None)
            for name in tables:
                combo.addItem(name, name)
            chosen = guessed.get(role)
            combo.setCurrentIndex(combo.findData(chosen) if chosen else 0)
            combo.setEnabled(bool(tables))
            combo.blockSignals(False)
        self._update_warnings()

    # -- mapping and warnings -------------------------------------------------------------
    def mapping(self) -> dict[str, str]:
        """Role -> table name as chosen in the combos."""
        return {
            role: combo.currentData()
            for role, combo in self.role_combos.items()
            if combo.currentData()
        }

    def set_role(self, role: str, table: str | None) -> None:
        combo = self.role_combos[role]
        combo.setCurrentIndex(combo.findData(table) if table else 0)

    def _update_warnings(self) -> None:
        if self.scan is None:
            self.warnings.clear()
            self.load_button.setEnabled(False)
            return
        titles = roles_of(self.profile)
        mapping = self.mapping()
        lines: list[str] = []
        used: dict[str, str] = {}
        for role, table in mapping.items():
            if table in used:
                lines.append(
                    tr("{table} is chosen for both {a} and {b}.").format(
                        table=table, a=titles[used[table]], b=titles[role]
                    )
                )
            used[table] = role
            key = (role, table)
            if key not in self._previews:
                self._previews[key] = preview_table(self.scan, table, role, self.profile)
            lines += preview_lines(self._previews[key], titles[role])
        if PARCELS not in mapping:
            lines.insert(0, tr("Choose the parcel layer (DLTB)."))
        self.warnings.setPlainText("\n".join(lines))
        duplicate = len(set(mapping.values())) != len(mapping)
        self.load_button.setEnabled(PARCELS in mapping and not duplicate)

    # -- loading --------------------------------------------------------------------------
    def load(self) -> None:
        """Load the mapped tables; the dialog closes with ``result`` set."""
        if self.scan is None:
            return
        try:
            self.result = open_county(self.scan, self.mapping(), self.project, self.profile)
        except LandSurveyError as exc:
            self.status.setText(exc.user_message(tr))
            return
        self.accept()
