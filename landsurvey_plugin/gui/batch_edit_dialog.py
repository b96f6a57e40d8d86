"""Batch edit: the fields to set on every selected parcel, picked with a check box each.

The editors are the parcel form's own (same code lists, same object names); what the
values imply and which parcels are refused is ``adapters.parcel_edit.batch_edit``.
"""

from __future__ import annotations

from typing import Any

from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from landsurvey_plugin.gui.parcel_form import ParcelForm
from landsurvey_plugin.model.profile import Profile
from landsurvey_plugin.toolbelt.i18n import tr

# Fields a batch may set: identity and areas are per parcel, names follow their codes.
BATCH_GROUPS = ("class", "cultivated", "refinement", "other")
CHECK_SUFFIX = "_set"


class BatchEditDialog(QDialog):
    def __init__(self, profile: Profile, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LandSurveyBatchEditDialog")
        self.setWindowTitle(tr("Batch edit"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "Set the checked fields on the {n} selected parcel(s), in one undo step. "
                "Names, cultivated-land fields, KCXS and areas follow; a parcel the change "
                "would break is left as it is and listed."
            ).format(n=count),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = ParcelForm(profile, self)
        self.checks: dict[str, QCheckBox] = {}
        for name, editor in self.form.editors.items():
            spec = self.form.specs[name]
            label = self.form.labels[name]
            if spec.group not in BATCH_GROUPS or name in self.form.name_fields:
                editor.setVisible(False)
                label.setVisible(False)
                continue
            check = QCheckBox(label.text(), self)
            check.setObjectName(name + CHECK_SUFFIX)
            self.checks[name] = check
            form_layout = self.form.groups[spec.group].layout()
            form_layout.replaceWidget(label, check)
            label.hide()
            self.form.edited.connect(
                lambda field, n=name, c=check: c.setChecked(True) if field == n else None
            )
        for group, box in self.form.groups.items():
            box.setVisible(group in BATCH_GROUPS)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.setObjectName("buttons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 640)

    def values(self) -> dict[str, Any]:
        """Schema field -> value for the checked fields (None clears the field)."""
        return {n: self.form.value(n) for n, check in self.checks.items() if check.isChecked()}
