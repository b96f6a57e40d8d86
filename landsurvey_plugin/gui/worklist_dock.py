"""The review worklist dock: build a list of parcels, walk it with the keyboard, mark each.

Each step zooms to the parcel with a margin (a setting), selects it — the photo viewer
follows the selection on its own — and emits ``parcel_shown(layer, fid)``, which
``plugin.py`` connects to the parcel dock (this module never imports another dock nor sees
``iface``). Next / previous / the marks are QActions registered with QGIS's shortcuts
manager, so users rebind them under Settings ▸ Keyboard Shortcuts. The list, its marks and
the cursor are kept in the project (``adapters.worklist_store``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from functools import partial

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsMapLayerProxyModel,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.gui import (
    QgsDockWidget,
    QgsFieldExpressionWidget,
    QgsGui,
    QgsMapCanvas,
    QgsMapLayerComboBox,
)
from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor, QFont, QFontMetrics, QKeySequence
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QAction,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from landsurvey_plugin.adapters.check_dataset import snapshot
from landsurvey_plugin.adapters.layer_roles import detect_roles
from landsurvey_plugin.adapters.worklist_store import (
    ChangesSource,
    ExpressionSource,
    ParcelLocator,
    WorklistStore,
    WorklistTask,
    from_selection,
)
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.model import worklist as wl
from landsurvey_plugin.model.profile import Profile
from landsurvey_plugin.rules.dataset import PARCELS, PREVIOUS
from landsurvey_plugin.toolbelt.i18n import tr
from landsurvey_plugin.toolbelt.log import log_warning
from landsurvey_plugin.toolbelt.settings import load_settings, save_settings

DOCK_NAME = "LandSurveyWorklistDock"
# Default shortcuts. Ctrl+. and Ctrl+, are taken in QGIS 3.22 (Ctrl+. in the main window,
# Ctrl+, by the layout designer's atlas), Ctrl+Alt+R by Processing's results viewer; the
# desktop test lists every Ctrl+Alt+ key of the running QGIS and fails on a clash.
SHORTCUTS = {
    "LandSurveyWorklistNext": "Ctrl+Alt+.",
    "LandSurveyWorklistPrevious": "Ctrl+Alt+,",
    "LandSurveyWorklistMarkReviewed": "Ctrl+Alt+Y",
    "LandSurveyWorklistMarkFieldVisit": "Ctrl+Alt+F",
    "LandSurveyWorklistClearMark": "Ctrl+Alt+X",
}
MIN_VIEW_METRES = 50.0  # a tiny parcel is shown in at least this much ground
INDEX_COLUMN, KEY_COLUMN, REASON_COLUMN, MARK_COLUMN, NOTE_COLUMN = range(5)
MARK_COLOURS = {wl.REVIEWED: QColor(214, 240, 214), wl.FIELD_VISIT: QColor(255, 228, 196)}


def source_titles() -> dict[str, str]:
    return {
        wl.SOURCE_FINDINGS: tr("From check results"),
        wl.SOURCE_CHANGES: tr("Changes against the previous year"),
        wl.SOURCE_EXPRESSION: tr("From an expression"),
        wl.SOURCE_SELECTION: tr("From the selection"),
    }


def mark_title(status: str) -> str:
    return {wl.REVIEWED: tr("reviewed"), wl.FIELD_VISIT: tr("needs field visit")}.get(status, "")


def reason_text(reason: str) -> str:
    return ", ".join(tr("new parcel") if r == "new" else r for r in reason.split(", ") if r)


def view_with_margin(
    box: QgsRectangle, margin: float, crs: QgsCoordinateReferenceSystem
) -> QgsRectangle:
    """``box`` grown by ``margin`` × its size on each side, at least MIN_VIEW_METRES across.

    (The results dock's ``view_around`` has a fixed margin, and docks do not import docks.)
    """
    minimum = MIN_VIEW_METRES / 111_000 if crs.isValid() and crs.isGeographic() else MIN_VIEW_METRES
    centre = box.center()
    half_w = max(box.width() * (0.5 + margin), minimum / 2)
    half_h = max(box.height() * (0.5 + margin), minimum / 2)
    return QgsRectangle(
        centre.x() - half_w, centre.y() - half_h, centre.x() + half_w, centre.y() + half_h
    )


def _show_shortcut_in_tip(action: QAction) -> None:
    """The tooltip names the current key, also after the user rebinds it."""
    key = action.shortcut().toString(QKeySequence.NativeText)
    tip = f"{action.text()} ({key})" if key else action.text()
    if action.toolTip() != tip:
        action.setToolTip(tip)


class WorklistModel(QAbstractTableModel):
    """The worklist as a table; the cursor's row is bold, marked rows are tinted."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.worklist = wl.Worklist()

    def set_worklist(self, worklist: wl.Worklist) -> None:
        self.beginResetModel()
        self.worklist = worklist
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.worklist)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return ("#", tr("Parcel (BSM)"), tr("Why"), tr("Mark"), tr("Note"))[section]
        return None

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        item = self.worklist.items[index.row()]
        column = index.column()
        if role == Qt.DisplayRole:
            if column == INDEX_COLUMN:
                return index.row() + 1
            if column == KEY_COLUMN:
                return item.key
            if column == REASON_COLUMN:
                return reason_text(item.reason)
            if column == MARK_COLUMN:
                return mark_title(item.mark.status) if item.mark else ""
            if column == NOTE_COLUMN:
                return item.mark.note if item.mark else ""
        if role == Qt.ToolTipRole and item.mark is not None:
            return tr("{mark} at {time}").format(
                mark=mark_title(item.mark.status), time=item.mark.at
            )
        if role == Qt.BackgroundRole and item.mark is not None:
            return MARK_COLOURS.get(item.mark.status)
        if role == Qt.FontRole and index.row() == self.worklist.cursor:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def row_changed(self, row: int) -> None:
        if 0 <= row < len(self.worklist):
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))


class WorklistDock(QgsDockWidget):
    """Build a worklist, walk it, mark each parcel.

    ``parcel_shown(layer, fid)`` after each step; ``worklist_ready(bool)`` when a build
    finishes (True: a new list is in place).
    """

    parcel_shown = pyqtSignal(object, int)
    worklist_ready = pyqtSignal(bool)

    def __init__(
        self,
        canvas: QgsMapCanvas,
        profile: Profile | None,
        project: QgsProject | None = None,
        message_bar=None,
        parent: QWidget | None = None,
        findings: Callable[[], list] | None = None,
    ) -> None:
        super().__init__(tr("Review worklist"), parent)
        self.setObjectName(DOCK_NAME)
        self.canvas = canvas
        self.profile = profile
        self.project = project or QgsProject.instance()
        self.message_bar = message_bar
        self.findings = findings  # the results dock's open findings (passed by plugin.py)
        self.store = WorklistStore(self.project)
        self.worklist = wl.Worklist()
        self.locator: ParcelLocator | None = None
        self.task: WorklistTask | None = None
        self.settings = load_settings()
        self._connections: list[tuple[object, object]] = []
        self._shortcut_window: QWidget | None = None
        self.model = WorklistModel(self)
        self._build()
        self._connect(self.project.readProject, self._project_read)
        self._connect(self.project.cleared, self._project_cleared)
        self._connect(self.project.layersAdded, self._layers_added)
        self._connect(self.project.layersWillBeRemoved, self._layers_removed)
        self._pick_parcel_layer()
        self.reload()

    # -- building the widget --------------------------------------------------------------
    def _build(self) -> None:
        body = QWidget(self)
        body.setObjectName("LandSurveyWorklistBody")
        layout = QVBoxLayout(body)
        form = QFormLayout()
        self.layer_combo = QgsMapLayerComboBox(body)
        self.layer_combo.setObjectName("LandSurveyWorklistLayer")
        self.layer_combo.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.layer_combo.layerChanged.connect(self._layer_chosen)
        form.addRow(tr("Parcels"), self.layer_combo)
        self.source_combo = QComboBox(body)
        self.source_combo.setObjectName("LandSurveyWorklistSource")
        for source, title in source_titles().items():
            self.source_combo.addItem(title, source)
        self.source_combo.currentIndexChanged.connect(self._source_chosen)
        form.addRow(tr("Source"), self.source_combo)
        self.expression_widget = QgsFieldExpressionWidget(body)
        self.expression_widget.setObjectName("LandSurveyWorklistExpression")
        self.expression_label = QLabel(tr("Expression"), body)
        form.addRow(self.expression_label, self.expression_widget)
        self.margin_spin = QDoubleSpinBox(body)
        self.margin_spin.setObjectName("LandSurveyWorklistMargin")
        self.margin_spin.setRange(0, 1000)
        self.margin_spin.setSingleStep(10)
        self.margin_spin.setDecimals(0)
        self.margin_spin.setSuffix(" %")
        self.margin_spin.setToolTip(
            tr("Space shown around the parcel on each side, as a share of its size")
        )
        self.margin_spin.setValue(self.settings.worklist_margin * 100)
        self.margin_spin.valueChanged.connect(self._margin_changed)
        form.addRow(tr("Margin"), self.margin_spin)
        layout.addLayout(form)

        row = QHBoxLayout()
        self.create_button = QPushButton(tr("Create worklist"), body)
        self.create_button.setObjectName("LandSurveyWorklistCreate")
        self.create_button.clicked.connect(self.create_worklist)
        self.cancel_button = QPushButton(tr("Cancel"), body)
        self.cancel_button.setObjectName("LandSurveyWorklistCancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_build)
        row.addWidget(self.create_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.progress_label = QLabel(body)
        self.progress_label.setObjectName("LandSurveyWorklistProgress")
        layout.addWidget(self.progress_label)

        self.view = QTableView(body)
        self.view.setObjectName("LandSurveyWorklistView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        # columns are sized once per list (_set_worklist): ResizeToContents would measure
        # every row at every step (66 ms a step on a 2,000-parcel list)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.view.activated.connect(self._row_activated)
        self.view.clicked.connect(self._row_activated)
        layout.addWidget(self.view, 1)

        self.note_edit = QLineEdit(body)
        self.note_edit.setObjectName("LandSurveyWorklistNote")
        self.note_edit.setPlaceholderText(tr("Note for the mark (optional)"))
        layout.addWidget(self.note_edit)

        self.actions_by_name: dict[str, QAction] = {}
        # the text names the action in QGIS's Keyboard Shortcuts dialog (and keys the
        # user's rebinding there), so it says what it is; the button shows the icon text
        specs = [
            ("LandSurveyWorklistPrevious", tr("Worklist: previous parcel"), tr("Previous parcel"),
             partial(self.step, -1)),
            ("LandSurveyWorklistNext", tr("Worklist: next parcel"), tr("Next parcel"),
             partial(self.step, 1)),
            ("LandSurveyWorklistMarkReviewed", tr("Worklist: mark the parcel reviewed"),
             tr("Reviewed"), partial(self.mark, wl.REVIEWED)),
            ("LandSurveyWorklistMarkFieldVisit",
             tr("Worklist: mark the parcel as needing a field visit"), tr("Field visit"),
             partial(self.mark, wl.FIELD_VISIT)),
            ("LandSurveyWorklistClearMark", tr("Worklist: clear the parcel's mark"),
             tr("Clear mark"), partial(self.mark, None)),
        ]  # fmt: skip
        buttons = QHBoxLayout()
        for name, text, short, slot in specs:
            action = QAction(text, self)
            action.setObjectName(name)
            action.setIconText(short)
            action.setShortcut(QKeySequence(SHORTCUTS[name]))
            action.changed.connect(partial(_show_shortcut_in_tip, action))
            _show_shortcut_in_tip(action)
            action.triggered.connect(slot)
            self.addAction(action)  # works when the dock floats; the plugin adds the window
            self.actions_by_name[name] = action
            button = QToolButton(body)
            button.setObjectName(name + "Button")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonTextOnly)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.status_label = QLabel(body)
        self.status_label.setObjectName("LandSurveyWorklistStatus")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.setWidget(body)
        self.body = body
        self._source_chosen()

    # -- shortcuts ------------------------------------------------------------------------
    def register_shortcuts(self, window: QWidget) -> None:
        """Put the actions on ``window`` and in QGIS's shortcuts manager (which applies the
        user's own key if they rebound it, and lists the actions in its dialog)."""
        manager = QgsGui.shortcutsManager()
        for name, action in self.actions_by_name.items():
            window.addAction(action)
            manager.registerAction(action, SHORTCUTS[name])
        self._shortcut_window = window

    def unregister_shortcuts(self) -> None:
        manager = QgsGui.shortcutsManager()
        for action in self.actions_by_name.values():
            with suppress(RuntimeError):
                manager.unregisterAction(action)
                if self._shortcut_window is not None:
                    self._shortcut_window.removeAction(action)
        self._shortcut_window = None

    # -- project --------------------------------------------------------------------------
    def _connect(self, signal, slot) -> None:
        signal.connect(slot)
        self._connections.append((signal, slot))

    def _project_read(self, *_args) -> None:
        self._pick_parcel_layer()
        self.reload()

    def _project_cleared(self) -> None:
        self._let_go_of_task()
        self.worklist = wl.Worklist()
        self.locator = None
        self.model.set_worklist(self.worklist)
        self._update_progress()
        self.status_label.clear()

    def _layers_added(self, *_args) -> None:
        if self.layer_combo.currentLayer() is None:
            self._pick_parcel_layer()

    def _layers_removed(self, ids) -> None:
        if self.locator is not None:
            with suppress(RuntimeError):
                if self.locator.layer.id() in ids:
                    self.locator = None

    def _pick_parcel_layer(self) -> None:
        if self.profile is None:
            return
        layer = detect_roles(self.project, self.profile).get(PARCELS)
        if layer is not None:
            self.layer_combo.setLayer(layer)

    def reload(self) -> bool:
        """Take up the project's saved worklist where the reviewer stopped."""
        try:
            saved = self.store.load()
        except wl.WorklistError as exc:
            self._say(exc.user_message(tr), Qgis.Critical)
            saved = None
        if saved is None:
            self._project_cleared()
            return False
        self._set_worklist(saved)
        layer = self.parcel_layer()
        if layer is not None:
            self.layer_combo.setLayer(layer)
        return True

    def parcel_layer(self) -> QgsVectorLayer | None:
        """The layer the current worklist's keys refer to."""
        layer = self.project.mapLayer(self.worklist.layer_id) if self.worklist.layer_id else None
        return layer if isinstance(layer, QgsVectorLayer) and layer.isValid() else None

    def _layer_chosen(self, layer) -> None:
        self.expression_widget.setLayer(layer)

    def _source_chosen(self, *_args) -> None:
        expression = self.source_combo.currentData() == wl.SOURCE_EXPRESSION
        self.expression_widget.setVisible(expression)
        self.expression_label.setVisible(expression)

    def _margin_changed(self, value: float) -> None:
        self.settings = load_settings()
        self.settings.worklist_margin = value / 100.0
        save_settings(self.settings)

    def _say(self, text: str, level=Qgis.Warning) -> None:
        self.status_label.setText(text)
        if self.message_bar is not None:
            self.message_bar.pushMessage(tr("Land Survey"), text, level, 6)
        else:
            log_warning(text)

    # -- building a worklist --------------------------------------------------------------
    def set_source(self, source: str) -> None:
        self.source_combo.setCurrentIndex(self.source_combo.findData(source))

    def create_worklist(self, *_args, ask: bool = True) -> bool:
        """Build a list from the chosen source; False when it could not start."""
        if self.task is not None:
            return False
        layer = self.layer_combo.currentLayer()
        if not isinstance(layer, QgsVectorLayer) or not layer.isValid():
            self._say(tr("Choose the parcel layer (DLTB) first."))
            return False
        marked = sum(1 for item in self.worklist.items if item.mark is not None)
        if ask and marked and not self._confirm_replace(marked):
            return False
        source = self.source_combo.currentData()
        try:
            if source == wl.SOURCE_SELECTION:
                if not layer.selectedFeatureCount():
                    self._say(tr("Select parcels in {layer} first.").format(layer=layer.name()))
                    return False
                return self._finished(None, from_selection(layer), "")
            if source == wl.SOURCE_FINDINGS:
                findings = self.findings() if self.findings is not None else []
                built = wl.from_findings(
                    findings,
                    PARCELS,
                    layer.id(),
                    tr("{count} findings").format(count=len(findings)),
                )
                if not len(built):
                    self._say(tr("The check results name no parcel: run the checks first."))
                    return False
                return self._finished(None, built, "")
            if source == wl.SOURCE_EXPRESSION:
                text = self.expression_widget.expression().strip()
                if not text:
                    self._say(tr("Write an expression first."))
                    return False
                build = ExpressionSource(layer, text)
            else:
                build = self._changes_source(layer)
                if build is None:
                    return False
        except LandSurveyError as exc:
            self._say(exc.user_message(tr))
            return False
        task = WorklistTask(tr("Build the review worklist"), build)
        task.completed.connect(partial(self._finished, task))
        self.task = task
        self._set_running(True)
        QgsApplication.taskManager().addTask(task)
        return True

    def _changes_source(self, layer: QgsVectorLayer) -> ChangesSource | None:
        previous = detect_roles(self.project, self.profile).get(PREVIOUS) if self.profile else None
        if previous is None or previous.id() == layer.id():
            self._say(
                tr(
                    "No previous-year parcel layer (e.g. DLTB_2023) in the project: "
                    "the changes cannot be listed."
                )
            )
            return None
        return ChangesSource(
            snapshot(layer, PARCELS),
            snapshot(previous, PREVIOUS),
            self.profile,
            self.project.transformContext(),
            layer.id(),
        )

    def _confirm_replace(self, marked: int) -> bool:
        answer = QMessageBox.question(
            self,
            tr("Replace the worklist"),
            tr("The current worklist has {count} marked parcels. Replace it?").format(count=marked),
        )
        return answer == QMessageBox.Yes

    def cancel_build(self, *_args) -> None:
        if self.task is not None:
            self.task.cancel()

    def _set_running(self, running: bool) -> None:
        self.create_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        if running:
            self.status_label.setText(tr("Building the worklist…"))

    def _finished(self, task: WorklistTask | None, built: wl.Worklist | None, error: str) -> bool:
        if task is not None:
            if task is not self.task:
                return False  # a build the dock let go of
            self.task = None
            self._set_running(False)
        if built is None:
            if error:
                self._say(tr("The worklist could not be built: {error}").format(error=error))
            else:
                self.status_label.setText(tr("Cancelled."))
            self.worklist_ready.emit(False)
            return False
        if not len(built):
            self._say(tr("No parcel matches: the worklist is unchanged."), Qgis.Info)
            self.worklist_ready.emit(False)
            return False
        self._set_worklist(built)
        self.store.save(built)
        self.status_label.setText(tr("{count} parcels on the worklist.").format(count=len(built)))
        self.worklist_ready.emit(True)
        self.show_current()
        return True

    def _set_worklist(self, worklist: wl.Worklist) -> None:
        self.worklist = worklist
        layer = self.parcel_layer()
        self.locator = ParcelLocator(layer) if layer is not None else None
        self.model.set_worklist(worklist)
        for column in (INDEX_COLUMN, KEY_COLUMN, REASON_COLUMN):
            self.view.resizeColumnToContents(column)  # the rows in view: the full BSM
        # room for the longest mark before any is set
        bold = QFont(self.view.font())
        bold.setBold(True)  # the cursor's row
        widest = max(QFontMetrics(bold).horizontalAdvance(mark_title(m)) for m in wl.MARKS)
        self.view.setColumnWidth(MARK_COLUMN, widest + 24)
        self._update_progress()
        self._sync_note()
        if len(worklist):
            self.view.scrollTo(self.model.index(worklist.cursor, 0))
            self.view.selectRow(worklist.cursor)

    # -- walking --------------------------------------------------------------------------
    def step(self, delta: int = 1, *_args) -> bool:
        """Next (+1) / previous (-1) parcel; shown at once."""
        if not len(self.worklist):
            self._say(tr("The worklist is empty: create one first."), Qgis.Info)
            return False
        old = self.worklist.cursor
        self.worklist.step(delta)
        if self.worklist.cursor == old:
            self.status_label.setText(
                tr("End of the worklist.") if delta > 0 else tr("Start of the worklist.")
            )
        return self._moved(old)

    def go_to(self, position: int) -> bool:
        old = self.worklist.cursor
        self.worklist.go_to(position)
        return self._moved(old)

    def _row_activated(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() != self.worklist.cursor:
            self.go_to(index.row())

    def _moved(self, old: int) -> bool:
        self.model.row_changed(old)
        self.model.row_changed(self.worklist.cursor)
        self.store.save_cursor(self.worklist)
        self._sync_note()
        self._update_progress()
        return self.show_current()

    def _sync_note(self) -> None:
        item = self.worklist.current
        self.note_edit.setText(item.mark.note if item is not None and item.mark else "")

    def show_current(self) -> bool:
        """Zoom to the current parcel with the margin, select it and tell the parcel dock."""
        item = self.worklist.current
        if item is None:
            return False
        self.view.selectRow(self.worklist.cursor)
        self.view.scrollTo(self.model.index(self.worklist.cursor, 0))
        layer = self.parcel_layer()
        if layer is None:
            self._say(tr("The worklist's parcel layer is not in the project any more."))
            return False
        if self.locator is None or self.locator.layer is not layer:
            self.locator = ParcelLocator(layer)
        feature = self.locator.locate(item)
        if feature is None:
            self._say(
                tr("Parcel {key} is no longer in {layer}.").format(key=item.key, layer=layer.name())
            )
            layer.removeSelection()
            return False
        self.status_label.clear()
        layer.selectByIds([feature.id()])
        if feature.hasGeometry():
            box = feature.geometry().boundingBox()
            target = self.canvas.mapSettings().destinationCrs()
            if layer.crs().isValid() and target.isValid() and layer.crs() != target:
                try:
                    transform = QgsCoordinateTransform(layer.crs(), target, self.project)
                    box = transform.transformBoundingBox(box)
                except Exception as exc:  # QgsCsException: outside the CRS's area
                    log_warning(f"cannot show {item.key}: {exc}")
                    box = None
            if box is not None:
                margin = self.margin_spin.value() / 100.0
                self.canvas.setExtent(view_with_margin(box, margin, target))
                self.canvas.refresh()
        self.parcel_shown.emit(layer, feature.id())
        return True

    # -- marks ----------------------------------------------------------------------------
    def mark(self, status: str | None, *_args) -> bool:
        """Mark the current parcel with the note typed below the list (None clears)."""
        item = self.worklist.current
        if item is None:
            self._say(tr("The worklist is empty: create one first."), Qgis.Info)
            return False
        self.worklist.set_mark(status, self.note_edit.text())
        self.store.save_marks(self.worklist)
        self.model.row_changed(self.worklist.cursor)
        self._update_progress()
        return True

    def _update_progress(self) -> None:
        counts = self.worklist.counts()
        total = counts["total"]
        if not total:
            self.progress_label.setText(tr("No worklist."))
            return
        text = tr("{reviewed} / {total} reviewed").format(reviewed=counts[wl.REVIEWED], total=total)
        if counts[wl.FIELD_VISIT]:
            text += tr(", {count} need a field visit").format(count=counts[wl.FIELD_VISIT])
        text += " · " + tr("parcel {position} of {total}").format(
            position=self.worklist.cursor + 1, total=total
        )
        self.progress_label.setText(text)

    # -- teardown -------------------------------------------------------------------------
    def dispose(self) -> None:
        """Let go of the project, the shortcuts and a build under way (plugin unload)."""
        for signal, slot in self._connections:
            with suppress(TypeError, RuntimeError):
                signal.disconnect(slot)
        self._connections.clear()
        self.unregister_shortcuts()
        self._let_go_of_task()

    def _let_go_of_task(self) -> None:
        task, self.task = self.task, None
        if task is None:
            return
        with suppress(TypeError, RuntimeError):
            task.completed.disconnect()
            task.cancel()
        self._set_running(False)
