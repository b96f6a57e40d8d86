"""The single-layer dock: 推(堆)土区, 光伏板区, 拆除未尽区, 工厂化种植 and the optional layers.

One row per single layer of the profile (present or missing, count, area in m² and 亩, the
survey clauses as tooltip), a per-坐落单位 breakdown of the current layer, and the editing
steps an operator does all day: create the missing layer beside DLTB, add ranges from the
selected parcels, digitise one with QGIS's own tool (snapping to DLTB), erase the ranges
under the selected parcels, and the consistency of the ranges with the parcels (list, go to,
apply the proposed fix). Every change is one undo step of the layer's edit buffer.

Built by ``plugin.py`` with the canvas, the project, the message bar, and two things of the
QGIS window (this module never sees ``iface``): how to make a layer the active one, and
QGIS's own "Add polygon feature" action, which the digitise button starts.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import shapely
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsMapLayer,
    QgsProject,
    QgsProviderRegistry,
    QgsSnappingConfig,
    QgsTolerance,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.gui import QgsDockWidget, QgsMapCanvas
from qgis.PyQt.QtCore import QRect, QSize, Qt, QTimer, pyqtSignal
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QAction,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSplitter,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from landsurvey_plugin.adapters.crs import area_frame
from landsurvey_plugin.adapters.layer_roles import detect_roles, save_role, table_name
from landsurvey_plugin.adapters.single_layer_autofill import RangeAutofill
from landsurvey_plugin.adapters.single_layer_consistency import (
    CHANGE_CLASS,
    DELETE_RANGE,
    Conflict,
    apply_fix,
    find_conflicts,
)
from landsurvey_plugin.adapters.single_layer_edit import (
    add_ranges_from_parcels,
    create_single_layer,
    erase_ranges,
    layer_stats,
)
from landsurvey_plugin.adapters.single_layer_import import import_ranges
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.gui.draw_polygon_tool import DrawPolygonTool
from landsurvey_plugin.gui.import_ranges_dialog import ImportRangesDialog
from landsurvey_plugin.gui.results_dock import view_around
from landsurvey_plugin.gui.widgets import plugin_icon as _icon
from landsurvey_plugin.gui.widgets import theme_icon as _theme_icon
from landsurvey_plugin.gui.widgets import tool_button
from landsurvey_plugin.model.profile import LayerSchema, Profile
from landsurvey_plugin.rules.catalogue import rules_of
from landsurvey_plugin.rules.dataset import PARCELS, PREVIOUS
from landsurvey_plugin.toolbelt.i18n import current_lang, tr
from landsurvey_plugin.toolbelt.log import log, log_warning

DOCK_NAME = "LandSurveySingleLayerDock"
GROUP_NAME = "单独图层"
MU = 10_000 / 15  # m² in one 亩
LAYER_ROLE = Qt.UserRole + 1  # the layer id of a table row
CONFLICT_ROLE = Qt.UserRole + 2  # the index of a conflict row in ``conflicts``
SNAP_TOLERANCE_PX = 12

NAME_COLUMN, TABLE_COLUMN, STATUS_COLUMN, COUNT_COLUMN, AREA_COLUMN, MU_COLUMN = range(6)


def _number(value: float, decimals: int = 2) -> str:
    return f"{value:,.{decimals}f}"


class _NumberItem(QTableWidgetItem):
    """A right-aligned number that sorts by value."""

    def __init__(self, value: float | None, text: str) -> None:
        super().__init__(text)
        self.value = value
        self.setTextAlignment(int(Qt.AlignRight | Qt.AlignVCenter))

    def __lt__(self, other) -> bool:
        if isinstance(other, _NumberItem):
            return (self.value or -1.0) < (other.value or -1.0)
        return super().__lt__(other)


class _WrapDelegate(QStyledItemDelegate):
    """Rows as high as their wrapped text: QTreeView sizes rows without the column width."""

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option, index) -> QSize:
        size = super().sizeHint(option, index)
        width = max(self.view.header().sectionSize(index.column()) - 10, 20)
        rect = option.fontMetrics.boundingRect(
            QRect(0, 0, width, 100_000), int(Qt.TextWordWrap), str(index.data() or "")
        )
        return QSize(size.width(), max(size.height(), rect.height() + 6))


class SingleLayerDock(QgsDockWidget):
    """Manage the single layers of the survey profile.

    ``refreshed`` is emitted after the table was recomputed; ``conflicts_listed(int)`` after
    a consistency run with the number of conflicts.
    """

    refreshed = pyqtSignal()
    conflicts_listed = pyqtSignal(int)

    def __init__(
        self,
        canvas: QgsMapCanvas,
        profile: Profile | None,
        project: QgsProject | None = None,
        message_bar=None,
        parent: QWidget | None = None,
        activate_layer: Callable[[QgsMapLayer], object] | None = None,
        add_feature_action: QAction | None = None,
    ) -> None:
        super().__init__(tr("Single layers"), parent)
        self.setObjectName(DOCK_NAME)
        self.canvas = canvas
        self.project = project or QgsProject.instance()
        self.message_bar = message_bar
        self.activate_layer = activate_layer
        self.add_feature_action = add_feature_action
        self.profile = profile
        self.lang = current_lang()
        self.schemas: dict[str, LayerSchema] = dict(profile.single_layers) if profile else {}
        self.rules = {rule.id: rule for rule in rules_of(profile)} if profile else {}
        self.layers: dict[str, QgsVectorLayer] = {}  # single-layer id -> mapped layer
        self.stats: dict[str, tuple[int, float, dict]] = {}  # id -> layer_stats()
        self.conflicts: list[Conflict] = []
        self._connections: list[tuple[object, object]] = []
        self._layer_connections: list[tuple[str, object, object]] = []
        self.autofills: dict[str, RangeAutofill] = {}  # QGIS layer id -> its autofill
        self.draw_tool: DrawPolygonTool | None = None
        self._previous_tool = None
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(150)
        self._refresh_timer.timeout.connect(self.refresh)
        self._build()
        self._connect_project()
        self.remap()

    # -- building the widget --------------------------------------------------------------
    def _button(self, name: str, text: str, icon: QIcon, tip: str) -> QToolButton:
        return tool_button(self.body, name, text, icon, tip)

    def _build(self) -> None:
        self.body = QWidget(self)
        self.body.setObjectName("LandSurveySingleLayerBody")
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)

        # the layers
        self.table = QTableWidget(0, 6, self.body)
        self.table.setObjectName("LandSurveySingleLayerTable")
        self.table.setHorizontalHeaderLabels(
            [tr("Layer"), tr("Table"), tr("In the project"), tr("Ranges"), tr("Area (m²)"), "亩"]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(STATUS_COLUMN, QHeaderView.Stretch)

        # per 坐落单位 of the current layer
        self.breakdown = QTableWidget(0, 4, self.body)
        self.breakdown.setObjectName("LandSurveySingleLayerBreakdown")
        self.breakdown.setHorizontalHeaderLabels(
            [tr("Location unit (ZLDWDM)"), tr("Ranges"), tr("Area (m²)"), "亩"]
        )
        self.breakdown.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.breakdown.setAlternatingRowColors(True)
        self.breakdown.verticalHeader().setVisible(False)
        self.breakdown.setSortingEnabled(True)
        self.breakdown.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.breakdown.horizontalHeader().setStretchLastSection(True)

        # editing
        self.create_button = self._button(
            "LandSurveySingleLayerCreate",
            tr("Create layer"),
            _theme_icon("/mActionNewGeoPackageLayer.svg"),
            tr("Create the missing layer in the parcels' GeoPackage, with the profile's fields"),
        )
        self.add_button = self._button(
            "LandSurveySingleLayerAddFromParcels",
            tr("Add from parcels"),
            _theme_icon("/mActionCopySelected.svg"),
            tr("Add the selected parcels (DLTB) as ranges of this layer (one undo step)"),
        )
        self.dissolve_check = QCheckBox(tr("Dissolve"), self.body)
        self.dissolve_check.setObjectName("LandSurveySingleLayerDissolve")
        self.dissolve_check.setToolTip(tr("Merge adjacent selected parcels into one range"))
        self.digitise_button = self._button(
            "LandSurveySingleLayerDigitise",
            tr("Digitise"),
            _theme_icon("/mActionCapturePolygon.svg"),
            tr("Draw a range on the map, snapping to the parcels (DLTB)"),
        )
        self.erase_button = self._button(
            "LandSurveySingleLayerErase",
            tr("Erase under selection"),
            _theme_icon("/mActionDeleteSelected.svg"),
            tr("Cut the selected parcels out of this layer's ranges (one undo step)"),
        )
        self.erase_drawn_button = self._button(
            "LandSurveySingleLayerEraseDrawn",
            tr("Erase under drawn polygon"),
            _theme_icon("/mActionDeleteSelected.svg"),
            tr(
                "Draw a polygon on the map (left click: vertex, right click: finish, Esc: "
                "cancel) and cut it out of this layer's ranges (one undo step)"
            ),
        )
        self.import_button = self._button(
            "LandSurveySingleLayerImport",
            tr("Import…"),
            _theme_icon("/mActionAddOgrLayer.svg"),
            tr(
                "Add the ranges of a delivered layer (national or provincial) to this layer, "
                "with a field mapping (one undo step)"
            ),
        )
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.create_button)
        edit_row.addWidget(self.add_button)
        edit_row.addWidget(self.dissolve_check)
        edit_row.addWidget(self.digitise_button)
        edit_row.addWidget(self.erase_button)
        edit_row.addWidget(self.erase_drawn_button)
        edit_row.addWidget(self.import_button)
        edit_row.addStretch(1)

        # consistency with the parcels
        self.consistency_button = self._button(
            "LandSurveySingleLayerConsistency",
            tr("Check consistency"),
            _icon("run_checks.svg"),
            tr("Compare the ranges with the parcels and last year's parcels"),
        )
        self.apply_button = self._button(
            "LandSurveySingleLayerApplyFix",
            tr("Apply fix"),
            _theme_icon("/mActionToggleEditing.svg"),
            tr("Apply the proposed fix of the selected conflict (one undo step)"),
        )
        self.apply_all_button = self._button(
            "LandSurveySingleLayerApplyAll",
            tr("Apply all fixes…"),
            _theme_icon("/mActionToggleEditing.svg"),
            tr("Apply the proposed fix of every listed conflict, after a confirmation"),
        )
        check_row = QHBoxLayout()
        check_row.addWidget(self.consistency_button)
        check_row.addStretch(1)
        check_row.addWidget(self.apply_button)
        check_row.addWidget(self.apply_all_button)

        self.conflict_tree = QTreeWidget(self.body)
        self.conflict_tree.setObjectName("LandSurveySingleLayerConflicts")
        self.conflict_tree.setColumnCount(3)
        self.conflict_tree.setHeaderLabels([tr("Rule"), tr("Problem"), tr("Proposed fix")])
        self.conflict_tree.setRootIsDecorated(False)
        self.conflict_tree.setWordWrap(True)  # messages name the parcels: two or three lines
        self.conflict_tree.setAlternatingRowColors(True)
        self.conflict_tree.setSelectionMode(QAbstractItemView.ExtendedSelection)
        header = self.conflict_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        metrics = self.conflict_tree.fontMetrics()
        header.resizeSection(0, metrics.horizontalAdvance("推(堆)土区压盖新增建设") + 16)
        header.resizeSection(2, metrics.horizontalAdvance("Erase the range over") + 16)
        self.conflict_tree.setItemDelegate(_WrapDelegate(self.conflict_tree))
        header.sectionResized.connect(self.conflict_tree.scheduleDelayedItemsLayout)

        self.summary = QLabel(self.body)
        self.summary.setObjectName("LandSurveySingleLayerSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)

        top = QWidget(self.body)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 3)
        top_layout.addLayout(edit_row)
        bottom = QWidget(self.body)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(check_row)
        bottom_layout.addWidget(self.conflict_tree, 1)
        self.splitter = QSplitter(Qt.Vertical, self.body)
        self.splitter.setObjectName("LandSurveySingleLayerSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.breakdown)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 3)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.summary)
        self.setWidget(self.body)

        self.table.setRowCount(len(self.schemas))
        for row, (layer_id, schema) in enumerate(self.schemas.items()):
            name = QTableWidgetItem(schema.name_zh)
            name.setData(LAYER_ROLE, layer_id)
            table = QTableWidgetItem(schema.table)
            tip = self._schema_tip(schema)
            for column, item in ((NAME_COLUMN, name), (TABLE_COLUMN, table)):
                item.setToolTip(tip)
                self.table.setItem(row, column, item)
        if self.schemas:
            self.table.selectRow(0)

        # wiring
        self.table.itemSelectionChanged.connect(self._current_layer_changed)
        self.create_button.clicked.connect(self.create_layer)
        self.add_button.clicked.connect(self.add_from_parcels)
        self.digitise_button.clicked.connect(self.digitise)
        self.erase_button.clicked.connect(self.erase_under_selection)
        self.erase_drawn_button.clicked.connect(self.start_erase_drawn)
        self.import_button.clicked.connect(self.import_delivered)
        self.consistency_button.clicked.connect(self.check_consistency)
        self.apply_button.clicked.connect(self.apply_selected_fix)
        self.apply_all_button.clicked.connect(self.apply_all_fixes)
        self.conflict_tree.currentItemChanged.connect(self._conflict_current_changed)
        self.conflict_tree.itemActivated.connect(self._conflict_activated)
        self.conflict_tree.itemSelectionChanged.connect(self._update_buttons)

    def _schema_tip(self, schema: LayerSchema) -> str:
        lines = [f"{schema.name_zh} {schema.table} ({schema.name_en})"]
        if not schema.required:
            lines[0] += " · " + tr("optional")
        if schema.source:
            lines.append(schema.source)
        lines += [f"• {note}" for note in schema.notes]
        return "\n".join(lines)

    # -- the project and the layers -------------------------------------------------------
    def _connect(self, signal, slot) -> None:
        signal.connect(slot)
        self._connections.append((signal, slot))

    def _connect_project(self) -> None:
        self._connect(self.project.readProject, self._project_changed)
        self._connect(self.project.cleared, self._project_changed)
        self._connect(self.project.layersAdded, self._project_changed)
        self._connect(self.project.layersWillBeRemoved, self._layers_leaving)
        self._connect(self.project.layersRemoved, self._project_changed)

    def _layers_leaving(self, layer_ids) -> None:
        """Let go of layers while they still exist (their signals die with them)."""
        self._disconnect_layers(set(layer_ids))

    def _project_changed(self, *_args) -> None:
        self.clear_conflicts()
        self.remap()

    def role_layers(self) -> dict[str, QgsVectorLayer]:
        """Role -> layer: DLTB, the previous year, and every single layer found."""
        if self.profile is None:
            return {}
        found = dict(detect_roles(self.project, self.profile))
        taken = {layer.id() for layer in found.values()}
        for layer_id, schema in self.schemas.items():
            if layer_id in found:
                continue
            saved, ok = self.project.readEntry("landsurvey", f"roles/{layer_id}", "")
            layer = self.project.mapLayer(saved) if ok and saved else None
            if not isinstance(layer, QgsVectorLayer):
                layer = next(
                    (
                        candidate
                        for candidate in self.project.mapLayers().values()
                        if isinstance(candidate, QgsVectorLayer)
                        and candidate.id() not in taken
                        and candidate.isValid()
                        and candidate.geometryType() == QgsWkbTypes.PolygonGeometry
                        and table_name(candidate) == schema.table.upper()
                    ),
                    None,
                )
            if layer is not None:
                found[layer_id] = layer
                taken.add(layer.id())
        return {role: layer for role, layer in found.items() if layer.isValid()}

    def parcels(self) -> QgsVectorLayer | None:
        return self.role_layers().get(PARCELS)

    def remap(self) -> None:
        """Find the layer of every single layer again and listen to their edits."""
        self._disconnect_layers()
        roles = self.role_layers()
        self.layers = {i: roles[i] for i in self.schemas if i in roles}
        for layer in self.layers.values():
            for signal in (
                layer.featureAdded,
                layer.featuresDeleted,
                layer.geometryChanged,
                layer.attributeValueChanged,
                layer.editingStopped,
                layer.afterRollBack,
                layer.dataChanged,
            ):
                signal.connect(self._schedule_refresh)
                self._layer_connections.append((layer.id(), signal, self._schedule_refresh))
        for layer_id, layer in self.layers.items():
            # digitised or pasted ranges get BSM, YSDM, ZLDWDM/ZLDWMC and their area
            autofill = RangeAutofill(layer, self.schemas[layer_id], self.parcels)
            autofill.connect()
            self.autofills[layer.id()] = autofill
        self.refresh()

    def _disconnect_layers(self, only: set[str] | None = None) -> None:
        """Disconnect from the layers still in the project (a deleted layer's signals are
        gone with it; touching them would crash)."""
        kept = []
        for layer_id, signal, slot in self._layer_connections:
            if only is not None and layer_id not in only:
                kept.append((layer_id, signal, slot))
                continue
            if self.project.mapLayer(layer_id) is not None:
                with suppress(TypeError, RuntimeError):
                    signal.disconnect(slot)
        self._layer_connections = kept
        for layer_id in list(self.autofills):
            if only is None or layer_id in only:
                self.autofills.pop(layer_id).disconnect()

    def _schedule_refresh(self, *_args) -> None:
        self._refresh_timer.start()

    # -- the table ------------------------------------------------------------------------
    def current_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows(NAME_COLUMN)
        if not rows:
            return None
        return rows[0].data(LAYER_ROLE)

    def select_layer(self, layer_id: str) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, NAME_COLUMN).data(LAYER_ROLE) == layer_id:
                self.table.selectRow(row)
                return

    def current_layer(self) -> QgsVectorLayer | None:
        layer_id = self.current_id()
        return self.layers.get(layer_id) if layer_id else None

    def refresh(self) -> None:
        """Recompute counts and areas of every mapped layer and fill the table."""
        self._refresh_timer.stop()
        self.stats = {}
        for row in range(self.table.rowCount()):
            layer_id = self.table.item(row, NAME_COLUMN).data(LAYER_ROLE)
            schema = self.schemas[layer_id]
            layer = self.layers.get(layer_id)
            status = QTableWidgetItem()
            count_text = area_text = mu_text = ""
            count = area = None
            if layer is None:
                status.setText(tr("missing") if schema.required else tr("missing (optional)"))
                if schema.required:
                    status.setIcon(_theme_icon("/mIconWarning.svg"))
                status.setToolTip(
                    tr("No layer of table {table} in the project").format(table=schema.table)
                )
            else:
                status.setText(layer.name())
                status.setIcon(_theme_icon("/mIconPolygonLayer.svg"))
                status.setToolTip(layer.source())
                try:
                    stats = self._layer_stats(layer, schema)
                except Exception as exc:  # a broken layer must not break the dock
                    log_warning(f"{layer.name()}: no statistics: {exc}")
                    status.setToolTip(str(exc))
                else:
                    self.stats[layer_id] = stats
                    count, area = stats[0], stats[1]
                    count_text = str(count)
                    area_text = _number(area)
                    mu_text = _number(area / MU)
            self.table.setItem(row, STATUS_COLUMN, status)
            self.table.setItem(row, COUNT_COLUMN, _NumberItem(count, count_text))
            self.table.setItem(row, AREA_COLUMN, _NumberItem(area, area_text))
            self.table.setItem(row, MU_COLUMN, _NumberItem(area / MU if area else area, mu_text))
        self._fill_breakdown()
        self._update_buttons()
        self._update_summary()
        self.refreshed.emit()

    def _layer_stats(self, layer: QgsVectorLayer, schema: LayerSchema):
        frame = area_frame(layer.crs(), layer.extent(), self.project.transformContext())
        return layer_stats(layer, schema, frame)

    def _current_layer_changed(self) -> None:
        self._fill_breakdown()
        self._update_buttons()

    def _fill_breakdown(self) -> None:
        layer_id = self.current_id()
        per_unit = self.stats.get(layer_id, (0, 0.0, {}))[2] if layer_id else {}
        self.breakdown.setSortingEnabled(False)
        self.breakdown.setRowCount(len(per_unit))
        for row, (zldwdm, (count, area)) in enumerate(sorted(per_unit.items())):
            self.breakdown.setItem(row, 0, QTableWidgetItem(str(zldwdm or "")))
            self.breakdown.setItem(row, 1, _NumberItem(count, str(count)))
            self.breakdown.setItem(row, 2, _NumberItem(area, _number(area)))
            self.breakdown.setItem(row, 3, _NumberItem(area / MU, _number(area / MU)))
        self.breakdown.setSortingEnabled(True)

    def _update_buttons(self, *_args) -> None:
        layer_id = self.current_id()
        present = layer_id is not None and layer_id in self.layers
        self.create_button.setEnabled(layer_id is not None and not present)
        for button in (
            self.add_button,
            self.digitise_button,
            self.erase_button,
            self.erase_drawn_button,
            self.import_button,
        ):
            button.setEnabled(present)
        self.dissolve_check.setEnabled(present)
        self.apply_button.setEnabled(bool(self.selected_conflicts()))
        self.apply_all_button.setEnabled(bool(self.conflicts))
        self.consistency_button.setEnabled(self.profile is not None)

    def _update_summary(self) -> None:
        present = len(self.layers)
        missing = [
            s.name_zh for i, s in self.schemas.items() if s.required and i not in self.layers
        ]
        text = tr("{present} of {total} single layers in the project").format(
            present=present, total=len(self.schemas)
        )
        if missing:
            text += " · " + tr("missing: {names}").format(names="、".join(missing))
        if self.conflicts:
            text += " · " + tr("{count} conflicts with the parcels").format(
                count=len(self.conflicts)
            )
        self.summary.setText(text)

    # -- messages -------------------------------------------------------------------------
    def _say(self, text: str, level=Qgis.Warning) -> None:
        if self.message_bar is not None:
            self.message_bar.pushMessage(tr("Land Survey"), text, level, 6)
        else:
            log(text, level)

    def _failed(self, exc: Exception) -> None:
        text = exc.user_message(tr) if isinstance(exc, LandSurveyError) else str(exc)
        log_warning(f"single layers: {text}")
        self._say(text, Qgis.Critical)

    def _need_layer(self) -> tuple[str, QgsVectorLayer] | None:
        layer_id = self.current_id()
        layer = self.layers.get(layer_id) if layer_id else None
        if layer is None:
            self._say(tr("Choose a single layer that is in the project."))
            return None
        return layer_id, layer

    def _selected_parcels(self) -> tuple[QgsVectorLayer, list[int]] | None:
        parcels = self.parcels()
        if parcels is None:
            self._say(tr("No parcel layer (DLTB) in the project."))
            return None
        fids = parcels.selectedFeatureIds()
        if not fids:
            self._say(tr("Select parcels in {layer} first.").format(layer=parcels.name()))
            return None
        return parcels, list(fids)

    # -- editing --------------------------------------------------------------------------
    def create_layer(self, *_args) -> QgsVectorLayer | None:
        """Create the current (missing) layer in the parcels' GeoPackage, with DLTB's CRS."""
        layer_id = self.current_id()
        if layer_id is None or layer_id in self.layers:
            return None
        parcels = self.parcels()
        if parcels is None:
            self._say(tr("No parcel layer (DLTB) in the project."))
            return None
        source = QgsProviderRegistry.instance().decodeUri(parcels.providerType(), parcels.source())
        path = source.get("path") or ""
        if parcels.providerType() != "ogr" or not path.lower().endswith(".gpkg"):
            self._say(tr("The parcel layer (DLTB) is not in a GeoPackage."))
            return None
        schema = self.schemas[layer_id]
        existing = QgsVectorLayer(f"{path}|layername={schema.table}", schema.table, "ogr")
        if existing.isValid():  # the table is there, only not in the project: load it
            layer, done = existing, tr("Loaded {table} from {file}")
        else:
            try:
                layer = create_single_layer(schema, parcels.crs(), path)
            except Exception as exc:
                self._failed(exc)
                return None
            done = tr("Created {table} in {file}")
        if layer is None or not layer.isValid():
            self._say(tr("The layer {table} could not be created.").format(table=schema.table))
            return None
        layer.setName(f"{schema.name_zh} {schema.table}")
        root = self.project.layerTreeRoot()
        group = root.findGroup(GROUP_NAME) or root.addGroup(GROUP_NAME)
        self.project.addMapLayer(layer, False)
        group.addLayer(layer)
        save_role(self.project, layer_id, layer)
        self.remap()
        self.select_layer(layer_id)
        self._say(done.format(table=schema.table, file=Path(path).name), Qgis.Success)
        return layer

    def add_from_parcels(self, *_args):
        """The selected parcels become ranges of the current layer (one undo step)."""
        chosen = self._need_layer()
        selection = self._selected_parcels() if chosen else None
        if not chosen or not selection:
            return None
        layer_id, target = chosen
        parcels, fids = selection
        schema = self.schemas[layer_id]
        try:
            report = add_ranges_from_parcels(
                parcels,
                fids,
                target,
                schema,
                self.dissolve_check.isChecked(),
                tr("Add {table} ranges from parcels").format(table=schema.table),
            )
        except Exception as exc:
            self._failed(exc)
            return None
        self.refresh()
        text = tr("{table}: {added} ranges added from {count} parcels.").format(
            table=schema.table, added=len(report.added), count=len(fids)
        )
        for fid, problem in report.skipped:
            log_warning(f"{parcels.name()} feature {fid} not added to {schema.table}: {problem}")
        if report.skipped:
            text += " " + tr("{count} parcels skipped (see the Land Survey log).").format(
                count=len(report.skipped)
            )
        self._say(text, Qgis.Warning if report.skipped else Qgis.Success)
        return report

    def digitise(self, *_args) -> bool:
        """Make the layer active and editable, snap to DLTB, start QGIS's add-feature tool."""
        chosen = self._need_layer()
        if not chosen:
            return False
        _layer_id, target = chosen
        if not target.isEditable() and not target.startEditing():
            self._say(tr("{layer} cannot be edited.").format(layer=target.name()))
            return False
        self.enable_snapping(target)
        if self.activate_layer is not None:
            self.activate_layer(target)
        if self.add_feature_action is not None:
            self.add_feature_action.trigger()
        return True

    def enable_snapping(self, target: QgsVectorLayer) -> None:
        """Snapping on, to the parcels' vertices and segments (and the layer's own)."""
        config = QgsSnappingConfig(self.project.snappingConfig())
        config.setEnabled(True)
        if config.mode() != QgsSnappingConfig.AllLayers:
            config.setMode(QgsSnappingConfig.AdvancedConfiguration)
            flags = QgsSnappingConfig.VertexFlag | QgsSnappingConfig.SegmentFlag
            for layer in (self.parcels(), target):
                if layer is None:
                    continue
                settings = QgsSnappingConfig.IndividualLayerSettings(
                    True, flags, SNAP_TOLERANCE_PX, QgsTolerance.Pixels, 0.0, 0.0
                )
                config.setIndividualLayerSettings(layer, settings)
        self.project.setSnappingConfig(config)

    def erase_under_selection(self, *_args):
        """Cut the selected parcels out of the current layer's ranges (one undo step)."""
        chosen = self._need_layer()
        selection = self._selected_parcels() if chosen else None
        if not chosen or not selection:
            return None
        layer_id, target = chosen
        parcels, fids = selection
        transform = QgsCoordinateTransform(parcels.crs(), target.crs(), self.project)
        mask = []
        request = QgsFeatureRequest().setFilterFids(fids).setNoAttributes()
        for feature in parcels.getFeatures(request):
            if not feature.hasGeometry():
                continue
            geometry = QgsGeometry(feature.geometry())
            if parcels.crs() != target.crs():
                geometry.transform(transform)
            mask.append(geometry)
        return self._erase(
            layer_id,
            target,
            mask,
            tr("Erase {table} ranges under parcels"),
            tr("No {table} range under the selected parcels."),
        )

    def _erase(self, layer_id, target, mask, command, nothing):
        schema = self.schemas[layer_id]
        min_area = self.profile.threshold("sliver_area") if self.profile else 0.0
        try:
            report = erase_ranges(
                target,
                mask,
                min_area,
                command.format(table=schema.table),
                area_field=schema.area_field,
            )
        except Exception as exc:
            self._failed(exc)
            return None
        self.refresh()
        if not report.changed and not report.deleted:
            self._say(nothing.format(table=schema.table), Qgis.Info)
        else:
            self._say(
                tr("{table}: {changed} ranges cut, {deleted} deleted.").format(
                    table=schema.table, changed=len(report.changed), deleted=len(report.deleted)
                ),
                Qgis.Success,
            )
        return report

    def start_erase_drawn(self, *_args) -> DrawPolygonTool | None:
        """Let the user draw the polygon to erase with the map tool (back to the previous
        tool when it is finished or cancelled)."""
        if not self._need_layer():
            return None
        if self.draw_tool is None:
            self.draw_tool = DrawPolygonTool(self.canvas)
            self.draw_tool.finished.connect(self._drawn)
            self.draw_tool.cancelled.connect(self._restore_tool)
        current = self.canvas.mapTool()
        if current is not self.draw_tool:
            self._previous_tool = current
        self.canvas.setMapTool(self.draw_tool)
        self._say(
            tr("Draw the polygon to erase: left click adds a vertex, right click finishes."),
            Qgis.Info,
        )
        return self.draw_tool

    def _restore_tool(self) -> None:
        tool = self.draw_tool
        if tool is not None and self.canvas.mapTool() is tool:
            if self._previous_tool is not None:
                with suppress(RuntimeError):  # the previous tool may be gone
                    self.canvas.setMapTool(self._previous_tool)
                    return
            self.canvas.unsetMapTool(tool)

    def _drawn(self, geometry: QgsGeometry) -> None:
        self._restore_tool()
        self.erase_under_polygon(geometry, self.canvas.mapSettings().destinationCrs())

    def erase_under_polygon(self, geometry: QgsGeometry, crs: QgsCoordinateReferenceSystem):
        """Cut a polygon (in ``crs``) out of the current layer's ranges (one undo step)."""
        chosen = self._need_layer()
        if not chosen or geometry is None or geometry.isEmpty():
            return None
        layer_id, target = chosen
        mask = QgsGeometry(geometry)
        if crs.isValid() and target.crs().isValid() and crs != target.crs():
            try:
                mask.transform(QgsCoordinateTransform(crs, target.crs(), self.project))
            except Exception as exc:  # QgsCsException
                self._failed(exc)
                return None
        return self._erase(
            layer_id,
            target,
            [mask],
            tr("Erase {table} ranges under a drawn polygon"),
            tr("No {table} range under the drawn polygon."),
        )

    def import_dialog(self) -> ImportRangesDialog | None:
        """The import dialog for the current layer (not shown)."""
        chosen = self._need_layer()
        if not chosen:
            return None
        layer_id, target = chosen
        return ImportRangesDialog(self.schemas[layer_id], target, self)

    def import_delivered(self, *_args):
        """Ask for a delivered layer and its field mapping, then import it."""
        dialog = self.import_dialog()
        if dialog is None or dialog.exec_() != ImportRangesDialog.Accepted:
            return None
        source = dialog.source()
        if source is None:
            return None
        return self.import_from(source, dialog.mapping())

    def import_from(self, source: QgsVectorLayer, mapping: dict):
        """Import the ranges of ``source`` into the current layer (one undo step)."""
        chosen = self._need_layer()
        if not chosen:
            return None
        layer_id, target = chosen
        schema = self.schemas[layer_id]
        autofill = self.autofills.get(target.id())
        try:
            if autofill is not None:
                with autofill.suspended():  # the import fills its own values
                    report = self._import(source, target, schema, mapping)
            else:
                report = self._import(source, target, schema, mapping)
        except Exception as exc:
            self._failed(exc)
            return None
        self.refresh()
        text = tr("{table}: {added} ranges imported from {layer}.").format(
            table=schema.table, added=len(report.added), layer=source.name()
        )
        for fid, problem in report.skipped:
            log_warning(
                f"{source.name()} feature {fid} not imported into {schema.table}: {problem}"
            )
        if report.skipped:
            text += " " + tr("{count} ranges skipped (see the Land Survey log).").format(
                count=len(report.skipped)
            )
        self._say(text, Qgis.Warning if report.skipped else Qgis.Success)
        return report

    def _import(self, source, target, schema, mapping):
        return import_ranges(
            source,
            target,
            schema,
            mapping,
            None,
            tr("Import {table} ranges from {layer}").format(
                table=schema.table, layer=source.name()
            ),
        )

    # -- consistency ----------------------------------------------------------------------
    def check_consistency(self, *_args) -> list:
        """List the conflicts of the ranges with the parcels (and last year's parcels)."""
        if self.profile is None:
            return []
        self.lang = current_lang()
        roles = self.role_layers()
        parcels = roles.get(PARCELS)
        if parcels is None:
            self._say(tr("No parcel layer (DLTB) in the project."))
            return []
        try:
            conflicts = find_conflicts(
                parcels,
                roles.get(PREVIOUS),
                dict(self.layers),
                self.profile,
                self.project.transformContext(),
                lang=self.lang,
            )
        except Exception as exc:
            self._failed(exc)
            conflicts = []
        self.set_conflicts(conflicts)
        self.conflicts_listed.emit(len(self.conflicts))
        return self.conflicts

    def set_conflicts(self, conflicts: list[Conflict]) -> None:
        self.conflicts = list(conflicts)
        self.conflict_tree.clear()
        for index, conflict in enumerate(self.conflicts):
            finding = conflict.finding
            rule = self.rules.get(finding.rule)
            title = rule.title_in(self.lang) if rule is not None else finding.rule
            item = QTreeWidgetItem([title, short_message(finding), fix_text(conflict)])
            item.setData(0, CONFLICT_ROLE, index)
            item.setToolTip(0, f"{finding.rule} · {finding.layer} {finding.feature_key}")
            item.setToolTip(1, finding.message)  # with the keys
            item.setToolTip(2, fix_text(conflict))
            self.conflict_tree.addTopLevelItem(item)
        self._update_buttons()
        self._update_summary()

    def clear_conflicts(self) -> None:
        self.set_conflicts([])

    def selected_conflicts(self) -> list:
        chosen = []
        for item in self.conflict_tree.selectedItems():
            index = item.data(0, CONFLICT_ROLE)
            if index is not None and 0 <= index < len(self.conflicts):
                chosen.append(self.conflicts[index])
        return chosen

    def _conflict_current_changed(self, current, _previous) -> None:
        if current is not None:
            self._show_item(current)

    def _conflict_activated(self, item, _column) -> None:
        self._show_item(item)

    def _show_item(self, item) -> None:
        index = item.data(0, CONFLICT_ROLE)
        if index is not None and 0 <= index < len(self.conflicts):
            self.show_conflict(self.conflicts[index])

    def show_conflict(self, conflict: Conflict) -> bool:
        """Zoom to the conflict and flash it (same approach as the results dock): the range
        part at fault, else the range(s), else the finding's place."""
        finding = conflict.finding
        layer = self.layers.get(conflict.layer)
        geometry, crs = None, QgsCoordinateReferenceSystem()
        if conflict.mask is not None and not conflict.mask.isEmpty() and layer is not None:
            geometry, crs = QgsGeometry(conflict.mask), layer.crs()
        if geometry is None and layer is not None and finding.fids:
            request = QgsFeatureRequest().setFilterFids(list(finding.fids)).setNoAttributes()
            shapes = [f.geometry() for f in layer.getFeatures(request) if f.hasGeometry()]
            if shapes:
                geometry, crs = QgsGeometry.collectGeometry(shapes), layer.crs()
        parcels = self.parcels()
        if (
            geometry is None
            and parcels is not None
            and finding.geometry is not None
            and not shapely.is_empty(finding.geometry)
        ):
            geometry = QgsGeometry()
            geometry.fromWkb(shapely.to_wkb(finding.geometry))
            crs = parcels.crs()  # the rule dataset is in the parcels' CRS
        if geometry is None or geometry.isEmpty():
            return False
        target = self.canvas.mapSettings().destinationCrs()
        if crs.isValid() and target.isValid() and crs != target:
            geometry = QgsGeometry(geometry)
            try:
                geometry.transform(QgsCoordinateTransform(crs, target, self.project))
            except Exception as exc:  # QgsCsException: outside the CRS's area
                log_warning(f"cannot show {finding.feature_key}: {exc}")
                return False
        self.canvas.setExtent(view_around(geometry.boundingBox(), target))
        self.canvas.refresh()
        self.canvas.flashGeometries([geometry], target)
        return True

    def apply_selected_fix(self, *_args) -> int:
        return self._apply(self.selected_conflicts())

    def apply_all_fixes(self, *_args, confirm: bool = True) -> int:
        if not self.conflicts:
            return 0
        if confirm:
            answer = QMessageBox.question(
                self,
                tr("Apply all fixes"),
                tr(
                    "Apply the proposed fix of all {count} conflicts? Each fix is one undo "
                    "step of its layer; nothing is saved until you save the layers."
                ).format(count=len(self.conflicts)),
                QMessageBox.Yes | QMessageBox.No,
                QMessageBox.No,
            )
            if answer != QMessageBox.Yes:
                return 0
        return self._apply(list(self.conflicts))

    def _apply(self, conflicts: list[Conflict]) -> int:
        """Apply the fixes that can be applied; say what is left to do by hand."""
        if not conflicts:
            return 0
        layers = self.role_layers()
        applied, manual = 0, []
        for conflict in conflicts:
            finding = conflict.finding
            try:
                outcome = apply_fix(
                    conflict,
                    layers,
                    tr("Fix {rule} of {key}").format(rule=finding.rule, key=finding.feature_key),
                )
            except Exception as exc:
                self._failed(exc)
                continue
            if outcome.applied:
                applied += 1
            else:
                manual.append(finding.feature_key)
                log(f"{finding.rule} {finding.feature_key}: {outcome.message}")
        self.refresh()
        self.check_consistency()
        text = tr("{count} fixes applied.").format(count=applied)
        if manual:
            text += " " + tr("{count} conflicts are fixed by hand: {keys}").format(
                count=len(manual), keys=", ".join(manual[:5]) + ("…" if len(manual) > 5 else "")
            )
        self._say(text, Qgis.Success if applied and not manual else Qgis.Info)
        return applied

    # -- teardown -------------------------------------------------------------------------
    def dispose(self) -> None:
        """Let go of the project and the layers (the plugin is unloading)."""
        self._refresh_timer.stop()
        if self.draw_tool is not None:
            self._restore_tool()
            self.draw_tool.dispose()
            self.draw_tool = None
        for signal, slot in self._connections:
            with suppress(TypeError, RuntimeError):
                signal.disconnect(slot)
        self._connections.clear()
        self._disconnect_layers()


def short_message(finding) -> str:
    """The message without the feature keys it starts with (they are in the tooltip)."""
    message = finding.message
    if finding.feature_key and message.startswith(finding.feature_key):
        rest = message[len(finding.feature_key) :].lstrip("：: ")
        return rest or message
    return message


def fix_text(conflict: Conflict) -> str:
    """The proposed fix of a conflict, as shown in the list."""
    if conflict.fix == DELETE_RANGE:
        return tr("Erase the range over the parcels")
    if conflict.fix == CHANGE_CLASS:
        return tr("Review the parcel class (by hand)")
    return tr("Fix by hand")
