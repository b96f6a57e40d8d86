"""The parcel form, generated from the active profile's DLTB schema and code lists.

One editor per schema field, named by its field code (``DLBM``, ``ZZSXDM``, … — the QGIS
custom-form convention), in the groups the schema data gives each field. Coded fields are
editable combo boxes listing ``code name`` with a completer matching anywhere in the text
(type 水田 or 0101); the classification is listed under its level-1 classes. Each field
has a message line under it for the live validation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QDoubleValidator, QIntValidator, QStandardItemModel
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from landsurvey_plugin.model.profile import CLASSIFICATION_DOMAIN, FIELD_GROUPS, FieldSpec, Profile
from landsurvey_plugin.rules.findings import Finding
from landsurvey_plugin.rules.single_feature import name_pairs, plain
from landsurvey_plugin.toolbelt.i18n import tr

MESSAGE_SUFFIX = "_message"


def group_title(group: str) -> str:
    """The translated title of a schema field group (looked up when shown)."""
    titles = {
        "identity": tr("Numbering and ownership"),
        "class": tr("Land class"),
        "cultivated": tr("Cultivated land"),
        "refinement": tr("Refinement and attributes"),
        "area": tr("Areas"),
        "other": tr("Other"),
    }
    return titles.get(group, group)


class CodeCombo(QComboBox):
    """A searchable code list: ``code name`` items, the code as item data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.NoInsert)
        self.setMaxVisibleItems(20)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchContains)
        completer.setCaseSensitivity(Qt.CaseInsensitive)
        completer.setCompletionMode(QCompleter.PopupCompletion)
        self.setCompleter(completer)

    def add_header(self, text: str) -> None:
        """A level-1 class heading: shown, not selectable."""
        self.addItem(text, None)
        model = self.model()
        if isinstance(model, QStandardItemModel):
            item = model.item(self.count() - 1)
            item.setEnabled(False)
            font = item.font()
            font.setBold(True)
            item.setFont(font)

    def code(self) -> str | None:
        text = self.currentText().strip()
        return text.split()[0] if text else None

    def set_code(self, code: str | None) -> None:
        if not code:
            self.setCurrentIndex(-1)
            self.setEditText("")
            return
        index = self.findData(code)
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setCurrentIndex(-1)
            self.setEditText(code)


class ParcelForm(QWidget):
    """The schema-driven editors; emits ``edited(field)`` when the user changes a value."""

    edited = pyqtSignal(str)

    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LandSurveyParcelForm")
        self.profile = profile
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.messages: dict[str, QLabel] = {}
        self.specs: dict[str, FieldSpec] = {f.name: f for f in profile.dltb.fields}
        self.name_fields = {n for n, _ in name_pairs(profile).values()}
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.groups: dict[str, QGroupBox] = {}
        for group in FIELD_GROUPS:
            fields = [f for f in profile.dltb.fields if f.group == group]
            if not fields:
                continue
            box = QGroupBox(group_title(group), self)
            box.setObjectName(f"group_{group}")
            form = QFormLayout(box)
            for spec in fields:
                editor = self._editor(spec, box)
                label = QLabel(f"{spec.alias_zh} {spec.name}", box)
                label.setObjectName(f"{spec.name}_label")
                label.setBuddy(editor)
                message = QLabel(box)
                message.setObjectName(spec.name + MESSAGE_SUFFIX)
                message.setWordWrap(True)
                message.hide()
                form.addRow(label, editor)
                form.addRow(message)  # the whole width: messages cite long clauses
                self.editors[spec.name] = editor
                self.labels[spec.name] = label
                self.messages[spec.name] = message
            layout.addWidget(box)
            self.groups[group] = box
        layout.addStretch(1)

    # -- editors ------------------------------------------------------------------------

    def _editor(self, spec: FieldSpec, parent: QWidget) -> QWidget:
        if spec.domain is not None:
            combo = CodeCombo(parent)
            self._fill(combo, spec)
            combo.currentTextChanged.connect(lambda _=None, n=spec.name: self._changed(n))
            editor: QWidget = combo
        else:
            line = QLineEdit(parent)
            line.setMaxLength(max(spec.length, 1))
            if spec.type == "int":
                line.setValidator(QIntValidator(line))
            elif spec.type == "double":
                validator = QDoubleValidator(line)
                validator.setDecimals(spec.precision)
                validator.setNotation(QDoubleValidator.StandardNotation)
                line.setValidator(validator)
            read_only = spec.group == "area" or spec.name in self.name_fields
            line.setReadOnly(read_only)
            line.textEdited.connect(lambda _=None, n=spec.name: self._changed(n))
            editor = line
        editor.setObjectName(spec.name)
        editor.setToolTip(f"{spec.alias_zh} ({spec.name})")
        return editor

    def _fill(self, combo: CodeCombo, spec: FieldSpec) -> None:
        if spec.domain == CLASSIFICATION_DOMAIN:
            level1 = None
            for code, land_class in self.profile.classification.items():
                if land_class.level1 != level1:
                    level1 = land_class.level1
                    combo.add_header(f"{land_class.level1} {land_class.level1_name}")
                combo.addItem(f"{code} {land_class.name}", code)
        else:
            for code, name in self.profile.domains[spec.domain].values.items():
                combo.addItem(f"{code} {name}", code)
        combo.setCurrentIndex(-1)

    def _changed(self, name: str) -> None:
        if not self._loading:
            self.edited.emit(name)

    # -- values -------------------------------------------------------------------------

    def value(self, name: str) -> Any:
        editor, spec = self.editors[name], self.specs[name]
        if isinstance(editor, CodeCombo):
            return editor.code()
        text = editor.text().strip()
        if not text:
            return None
        try:
            if spec.type == "int":
                return int(text)
            if spec.type == "double":
                return float(text)
        except ValueError:
            return text  # kept as typed: the rules say what is wrong with it
        return text

    def values(self) -> dict[str, Any]:
        return {name: self.value(name) for name in self.editors}

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show values without emitting ``edited`` (loading a parcel, derived fields)."""
        self._loading = True
        try:
            for name, value in values.items():
                editor = self.editors.get(name)
                if editor is None:
                    continue
                if isinstance(editor, CodeCombo):
                    editor.set_code(None if value is None else str(value))
                else:
                    editor.setText(_display(value, self.specs[name]))
        finally:
            self._loading = False

    def set_states(self, enabled: Mapping[str, bool], visible: Mapping[str, bool]) -> None:
        for name, on in enabled.items():
            if name in self.editors:
                self.editors[name].setEnabled(on)
        for name, shown in visible.items():
            if name in self.editors:
                self.editors[name].setVisible(shown)
                self.labels[name].setVisible(shown)

    def restrict(self, name: str, allowed: Iterable[str] | None) -> None:
        """Grey out the codes the parcel's class does not allow (None: all allowed)."""
        editor = self.editors.get(name)
        if not isinstance(editor, CodeCombo) or not isinstance(editor.model(), QStandardItemModel):
            return
        wanted = None if allowed is None else set(allowed)
        model = editor.model()
        for row in range(editor.count()):
            code = editor.itemData(row)
            if code is not None:  # level-1 headings stay disabled
                model.item(row).setEnabled(wanted is None or code in wanted)

    def set_read_only(self, name: str, read_only: bool) -> None:
        editor = self.editors.get(name)
        if isinstance(editor, QLineEdit):
            editor.setReadOnly(read_only)

    def show_findings(self, by_field: Mapping[str, Iterable[Finding]]) -> None:
        """Each field's messages (with the clause) under its editor; others are hidden."""
        for name, label in self.messages.items():
            found = list(by_field.get(name, ()))
            if not found:
                label.hide()
                label.clear()
                continue
            error = any(f.severity == "error" for f in found)
            label.setText("\n".join(f"{_own(f)} [{f.source}]" for f in found))
            label.setStyleSheet("color: #b00020;" if error else "color: #a15c00;")
            label.setProperty("severity", "error" if error else "warning")
            label.show()

    def mark_changed(self, previous: Mapping[str, Any] | None, fields: Iterable[str]) -> None:
        """Bold labels for fields whose value differs from the previous year's."""
        for name in fields:
            label = self.labels.get(name)
            if label is None:
                continue
            old = None if previous is None else previous.get(name)
            changed = previous is not None and plain(old) != plain(self.value(name))
            font = label.font()
            font.setBold(changed)
            label.setFont(font)
            label.setProperty("changed", changed)
            label.setToolTip(
                tr("Previous year: {value}").format(value=plain(old)) if changed else ""
            )


def _own(finding: Finding) -> str:
    """The message without the parcel's key in front: the dock shows one parcel."""
    message = finding.message
    for separator in (": ", "："):
        prefix = finding.feature_key + separator
        if finding.feature_key and message.startswith(prefix):
            return message[len(prefix) :]
    return message


def _display(value: Any, spec: FieldSpec) -> str:
    if value is None:
        return ""
    if spec.type == "double":
        try:
            return f"{float(value):.{spec.precision}f}"
        except (TypeError, ValueError):
            return str(value)
    return str(value)
