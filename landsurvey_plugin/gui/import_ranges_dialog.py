"""Choose a delivered range layer and how its fields map onto a single layer's schema."""

from __future__ import annotations

from qgis.core import QgsMapLayerProxyModel, QgsVectorLayer
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from landsurvey_plugin.adapters.single_layer_import import guess_mapping
from landsurvey_plugin.model.profile import LayerSchema
from landsurvey_plugin.toolbelt.i18n import tr


class ImportRangesDialog(QDialog):
    """A source layer (LandSurveyImportSource) and one combo box per schema field
    (LandSurveyImportField_<NAME>), prefilled by ``guess_mapping``."""

    def __init__(
        self,
        schema: LayerSchema,
        target: QgsVectorLayer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("LandSurveyImportDialog")
        self.schema = schema
        self.setWindowTitle(tr("Import ranges into {table}").format(table=schema.table))
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "Ranges of a delivered layer (national or provincial) are added to {layer} as "
                "one undo step. Fields left empty are not imported; BSM, YSDM and the area "
                "are then computed."
            ).format(layer=target.name()),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.source_combo = QgsMapLayerComboBox(self)
        self.source_combo.setObjectName("LandSurveyImportSource")
        self.source_combo.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.source_combo.setExceptedLayerList([target])
        self.source_combo.setAllowEmptyLayer(True)
        self.source_combo.setLayer(None)
        form.addRow(tr("Source layer"), self.source_combo)
        self.field_combos: dict[str, QComboBox] = {}
        for spec in schema.fields:
            combo = QComboBox(self)
            combo.setObjectName(f"LandSurveyImportField_{spec.name}")
            self.field_combos[spec.name] = combo
            form.addRow(f"{spec.name} {spec.alias_zh}", combo)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.setObjectName("LandSurveyImportButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.Ok)
        layout.addWidget(buttons)
        self.source_combo.layerChanged.connect(self._source_changed)
        self._source_changed(None)

    def source(self) -> QgsVectorLayer | None:
        layer = self.source_combo.currentLayer()
        return layer if isinstance(layer, QgsVectorLayer) else None

    def set_source(self, layer: QgsVectorLayer | None) -> None:
        self.source_combo.setLayer(layer)
        self._source_changed(layer)

    def _source_changed(self, _layer) -> None:
        source = self.source()
        names = [f.name() for f in source.fields()] if source is not None else []
        guess = guess_mapping(source.fields(), self.schema) if source is not None else {}
        for name, combo in self.field_combos.items():
            combo.clear()
            combo.addItem("", None)
            for field_name in names:
                combo.addItem(field_name, field_name)
            chosen = guess.get(name)
            combo.setCurrentIndex(combo.findData(chosen) if chosen else 0)
        self.ok_button.setEnabled(source is not None)

    def mapping(self) -> dict[str, str | None]:
        return {name: combo.currentData() for name, combo in self.field_combos.items()}
