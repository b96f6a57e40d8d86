"""The results dock: run the checks, browse the findings, go to them, accept exceptions.

Built by ``plugin.py`` with the map canvas, the project and the message bar (this module never
sees ``iface``). The checks run in a ``CheckTask``; the layers are copied on the main thread
first, so the reviewer keeps working while the rules run.
"""

from __future__ import annotations

import time
from collections import Counter
from contextlib import suppress
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path

import shapely
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsMapLayerProxyModel,
    QgsProject,
    QgsProviderRegistry,
    QgsRectangle,
    QgsSettings,
    QgsVectorLayer,
)
from qgis.gui import (
    QgsCollapsibleGroupBox,
    QgsDockWidget,
    QgsFilterLineEdit,
    QgsMapCanvas,
    QgsMapLayerComboBox,
)
from qgis.PyQt.QtCore import QModelIndex, Qt, QUrl, pyqtSignal
from qgis.PyQt.QtGui import QIcon, QPixmap
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QSizePolicy,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from landsurvey_plugin.adapters.check_dataset import snapshot
from landsurvey_plugin.adapters.check_task import CheckTask
from landsurvey_plugin.adapters.exception_store import ExceptionStore
from landsurvey_plugin.adapters.image_chips import chip_image, report_chips
from landsurvey_plugin.adapters.layer_roles import (
    detect_photos,
    detect_roles,
    roles_of,
    save_role,
    table_name,
)
from landsurvey_plugin.adapters.report_files import (
    ERROR_LAYER_NAME,
    write_error_layer,
    write_html,
    write_xlsx,
)
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.gui.results_model import (
    CATEGORY_ROLE,
    FINDING_ROLE,
    KIND_ROLE,
    LAYER_COLUMN,
    MESSAGE_COLUMN,
    RULE_ROLE,
    ZLDWDM_COLUMN,
    ResultsFilter,
    ResultsModel,
    category_title,
    severity_counts,
    severity_icon,
    severity_title,
)
from landsurvey_plugin.gui.widgets import plugin_icon as _icon
from landsurvey_plugin.gui.widgets import tool_button
from landsurvey_plugin.model.profile import Profile
from landsurvey_plugin.rules.catalogue import rules_of
from landsurvey_plugin.rules.dataset import PARCELS, PHOTOS
from landsurvey_plugin.rules.engine import CheckRun, RuleOutcome
from landsurvey_plugin.rules.exceptions import AcceptedException
from landsurvey_plugin.rules.findings import CATEGORIES, SEVERITIES, Finding
from landsurvey_plugin.toolbelt.i18n import current_lang, tr
from landsurvey_plugin.toolbelt.log import log, log_warning
from landsurvey_plugin.toolbelt.metadata import SETTINGS_PREFIX

DOCK_NAME = "LandSurveyResultsDock"
MIN_VIEW_METRES = 80.0  # a point or a tiny sliver is shown in at least this much ground
MARGIN = 0.3  # share of the problem's size added around it on each side

Identity = tuple[str, str, str]


class ResultsDock(QgsDockWidget):
    """Run the checks and review their findings.

    ``checks_started`` and ``checks_finished(bool)`` (True when results arrived, False when
    the run was cancelled or failed) let the plugin and tests follow a run.
    """

    checks_started = pyqtSignal()
    checks_finished = pyqtSignal(bool)

    def __init__(
        self,
        canvas: QgsMapCanvas,
        profile: Profile | None,
        project: QgsProject | None = None,
        message_bar=None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tr("Land survey checks"), parent)
        self.setObjectName(DOCK_NAME)
        self.canvas = canvas
        self.project = project or QgsProject.instance()
        self.message_bar = message_bar
        self.profile = profile
        self.lang = current_lang()
        self.rules = {rule.id: rule for rule in rules_of(profile)} if profile else {}
        # the state of the results
        self.findings: list[Finding] = []  # every finding of the last run, accepted included
        self.outcomes: list[RuleOutcome] = []
        self.seconds = 0.0
        self.notes: list[str] = []
        self.crs = QgsCoordinateReferenceSystem()  # the CRS of the findings' geometries
        self.exceptions: dict[Identity, AcceptedException] = {}
        self.run_layers: dict[str, str] = {}  # role -> layer id the findings refer to
        self.status = ""  # "", "cancelled" or the error of the last run
        # the run under way
        self.task: CheckTask | None = None
        self.imagery: dict[str, list[str]] = {}  # label -> rasters of the last run, for chips
        self._chips: dict[tuple[str, str, str], QPixmap] = {}
        self._pending_layers: dict[str, str] = {}
        self._connections: list[tuple[object, object]] = []

        self.model = ResultsModel(self)
        self.proxy = ResultsFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self._connect_project()
        self.refresh_roles()
        self._update_buttons()
        self._update_summary()

    # -- building the widget --------------------------------------------------------------
    def _button(self, name: str, text: str, icon: QIcon, tip: str) -> QToolButton:
        return tool_button(self.body, name, text, icon, tip)

    def _build(self) -> None:
        self.body = QWidget(self)
        self.body.setObjectName("LandSurveyResultsBody")
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)

        # run / re-check / export
        self.run_button = self._button(
            "LandSurveyRunChecks",
            tr("Run checks"),
            _icon("run_checks.svg"),
            tr("Check the layers below with every rule of the survey profile"),
        )
        self.recheck_button = self._button(
            "LandSurveyRecheckSelection",
            tr("Re-check selection"),
            _icon("recheck_selection.svg"),
            tr("Check again the parcels selected in the parcel layer; other results are kept"),
        )
        self.export_button = self._button(
            "LandSurveyExportResults",
            tr("Export"),
            _icon("export_results.svg"),
            tr("Save the open problems as an error layer or a report"),
        )
        self.export_button.setPopupMode(QToolButton.InstantPopup)
        self.export_menu = QMenu(self.export_button)
        self.export_menu.setObjectName("LandSurveyExportMenu")
        self.export_button.setMenu(self.export_menu)
        self._fill_export_menu()
        row = QHBoxLayout()
        row.addWidget(self.run_button)
        row.addWidget(self.recheck_button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        layout.addLayout(row)

        # progress and cancel, shown while a run is under way
        self.progress_row = QWidget(self.body)
        self.progress_row.setObjectName("LandSurveyProgressRow")
        progress_layout = QHBoxLayout(self.progress_row)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar(self.progress_row)
        self.progress.setObjectName("LandSurveyCheckProgress")
        self.progress.setRange(0, 100)
        self.cancel_button = self._button(
            "LandSurveyCancelChecks",
            tr("Cancel"),
            QgsApplication.getThemeIcon("/mTaskCancel.svg"),
            tr("Stop the checks; the previous results stay"),
        )
        progress_layout.addWidget(self.progress, 1)
        progress_layout.addWidget(self.cancel_button)
        self.progress_row.setVisible(False)
        layout.addWidget(self.progress_row)

        # the layers playing each part
        self.roles_box = QgsCollapsibleGroupBox(tr("Layers to check"), self.body)
        self.roles_box.setObjectName("LandSurveyRoles")
        form = QFormLayout(self.roles_box)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.role_combos: dict[str, QgsMapLayerComboBox] = {}
        self.role_names = roles_of(self.profile) if self.profile else {}
        for role, name in self.role_names.items():
            combo = QgsMapLayerComboBox(self.roles_box)
            combo.setObjectName(f"LandSurveyRole_{role}")
            combo.setFilters(QgsMapLayerProxyModel.PolygonLayer)
            combo.setAllowEmptyLayer(True)
            combo.setLayer(None)
            combo.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
            combo.activated.connect(partial(self._role_chosen, role))
            label = QLabel(f"{name} {role}", self.roles_box)
            label.setObjectName(f"LandSurveyRoleLabel_{role}")
            label.setBuddy(combo)
            form.addRow(label, combo)
            self.role_combos[role] = combo
        if not self.role_names:
            missing = QLabel(tr("No survey profile is loaded."), self.roles_box)
            missing.setObjectName("LandSurveyNoProfile")
            form.addRow(missing)
        layout.addWidget(self.roles_box)

        # filters
        self.severity_combo = QComboBox(self.body)
        self.severity_combo.setObjectName("LandSurveyResultsSeverity")
        self.category_combo = QComboBox(self.body)
        self.category_combo.setObjectName("LandSurveyResultsCategory")
        self.layer_combo = QComboBox(self.body)
        self.layer_combo.setObjectName("LandSurveyResultsLayer")
        for combo in (self.severity_combo, self.category_combo, self.layer_combo):
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(4)
            combo.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        filters = QHBoxLayout()
        filters.addWidget(self.severity_combo)
        filters.addWidget(self.category_combo)
        filters.addWidget(self.layer_combo)
        layout.addLayout(filters)

        self.search = QgsFilterLineEdit(self.body)
        self.search.setObjectName("LandSurveyResultsSearch")
        self.search.setShowSearchIcon(True)
        self.search.setPlaceholderText(tr("Search BSM, message, rule, ZLDWDM…"))
        self.show_accepted = QCheckBox(tr("Show accepted"), self.body)
        self.show_accepted.setObjectName("LandSurveyShowAccepted")
        self.show_accepted.setToolTip(tr("Also list the problems accepted as exceptions"))
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.show_accepted)
        layout.addLayout(search_row)

        # the tree
        self.tree = QTreeView(self.body)
        self.tree.setObjectName("LandSurveyResultsTree")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.tree.setContextMenuPolicy(Qt.CustomContextMenu)
        self.tree.setSortingEnabled(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(MESSAGE_COLUMN, QHeaderView.Stretch)
        metrics = self.tree.fontMetrics()
        header.resizeSection(0, metrics.horizontalAdvance("5" * 18) + 80)  # a BSM, indented
        header.resizeSection(LAYER_COLUMN, metrics.horizontalAdvance("GCHZZ") + 16)
        header.resizeSection(ZLDWDM_COLUMN, metrics.horizontalAdvance("5" * 19) + 16)
        # group rows (category, rule) use the whole width for their title and count
        for signal in (
            self.proxy.layoutChanged,
            self.proxy.modelReset,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
        ):
            signal.connect(self._span_group_rows)
        layout.addWidget(self.tree, 1)

        # the image chip of the selected imagery finding (current | previous image)
        self.chip = QLabel(self.body)
        self.chip.setObjectName("LandSurveyResultsChip")
        self.chip.setAlignment(Qt.AlignCenter)
        self.chip.setVisible(False)
        layout.addWidget(self.chip)

        # exceptions
        self.accept_button = self._button(
            "LandSurveyAcceptException",
            tr("Accept as exception…"),
            _icon("accept_exception.svg"),
            tr("Record why the selected problems are acceptable; they leave the open list"),
        )
        self.remove_button = self._button(
            "LandSurveyRemoveException",
            tr("Remove exception"),
            _icon("remove_exception.svg"),
            tr("The selected accepted problems become open again"),
        )
        exceptions_row = QHBoxLayout()
        exceptions_row.addWidget(self.accept_button)
        exceptions_row.addWidget(self.remove_button)
        exceptions_row.addStretch(1)
        layout.addLayout(exceptions_row)

        self.summary = QLabel(self.body)
        self.summary.setObjectName("LandSurveyResultsSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.setWidget(self.body)
        self._fill_filter_combos()

        # wiring
        self.run_button.clicked.connect(self.start_checks)
        self.recheck_button.clicked.connect(self.recheck_selection)
        self.cancel_button.clicked.connect(self.cancel_checks)
        self.accept_button.clicked.connect(self.accept_selected)
        self.remove_button.clicked.connect(self.remove_selected_exceptions)
        self.severity_combo.currentIndexChanged.connect(self._filters_changed)
        self.category_combo.currentIndexChanged.connect(self._filters_changed)
        self.layer_combo.currentIndexChanged.connect(self._filters_changed)
        self.search.textChanged.connect(self._filters_changed)
        self.show_accepted.toggled.connect(self._filters_changed)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.selectionModel().selectionChanged.connect(self._update_buttons)
        self.tree.activated.connect(self._activated)
        self.tree.customContextMenuRequested.connect(self._context_menu)

    def _fill_export_menu(self) -> None:
        self.export_menu.clear()
        entries = (
            (
                "LandSurveyExportErrorLayer",
                tr("Error layer (GeoPackage)…"),
                self.export_error_layer,
            ),
            ("LandSurveyExportHtml", tr("HTML report…"), self.export_html),
            ("LandSurveyExportXlsx", tr("Excel table (XLSX)…"), self.export_xlsx),
        )
        for name, text, slot in entries:
            action = self.export_menu.addAction(text)
            action.setObjectName(name)
            action.triggered.connect(slot)

    # -- the project and the layer roles --------------------------------------------------
    def _connect(self, signal, slot) -> None:
        signal.connect(slot)
        self._connections.append((signal, slot))

    def _connect_project(self) -> None:
        self._connect(self.project.readProject, self._project_read)
        self._connect(self.project.cleared, self._project_cleared)
        self._connect(self.project.layersAdded, self._layers_added)

    def _project_read(self, *_args) -> None:
        self.clear_results()
        self.refresh_roles()

    def _project_cleared(self) -> None:
        self._let_go_of_task()  # its results would belong to the closed project
        self.clear_results()
        self.refresh_roles()

    def _layers_added(self, *_args) -> None:
        self.refresh_roles(only_empty=True)

    def refresh_roles(self, only_empty: bool = False) -> None:
        """Fill the role combos from the saved choices and the standard table names."""
        if self.profile is None:
            return
        found = detect_roles(self.project, self.profile)
        for role, combo in self.role_combos.items():
            if only_empty and combo.currentLayer() is not None:
                continue
            combo.setLayer(found.get(role))
        self.roles_box.setCollapsed(PARCELS in found)

    def _role_chosen(self, role: str, _index: int) -> None:
        """The user picked a layer for a role: remember it in the project."""
        save_role(self.project, role, self.role_combos[role].currentLayer())

    def role_layers(self) -> dict[str, QgsVectorLayer]:
        """Role -> the layer chosen for it (roles without a layer are left out)."""
        layers = {}
        for role, combo in self.role_combos.items():
            layer = combo.currentLayer()
            if isinstance(layer, QgsVectorLayer) and layer.isValid():
                layers[role] = layer
        return layers

    def run_layer(self, role: str) -> QgsVectorLayer | None:
        """The layer a finding of this role refers to (the one the run read)."""
        layer = self.project.mapLayer(self.run_layers.get(role, ""))
        if isinstance(layer, QgsVectorLayer):
            return layer
        return self.role_layers().get(role)

    # -- running --------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.task is not None

    def _say(self, text: str, level=Qgis.Warning) -> None:
        if self.message_bar is not None:
            self.message_bar.pushMessage(tr("Land Survey"), text, level, 6)
        else:
            log(text, level)

    def start_checks(self, *_args, focus: dict[str, set[str]] | None = None) -> bool:
        """Copy the mapped layers and start the rules in the background; False if not started."""
        if self.running:
            self._say(tr("The checks are already running."), Qgis.Info)
            return False
        if self.profile is None:
            self._say(tr("No survey profile is loaded: the checks cannot run."))
            return False
        layers = self.role_layers()
        if PARCELS not in layers:
            self.roles_box.setCollapsed(False)
            self._say(tr("Choose the parcel layer (DLTB) under “Layers to check”."))
            return False
        photos = detect_photos(self.project)  # evidence rules run when photos are loaded
        if photos is not None:
            layers[PHOTOS] = photos
        self.lang = current_lang()
        inputs = {role: snapshot(layer, role) for role, layer in layers.items()}
        description = tr("Land survey checks") if focus is None else tr("Re-check selection")
        task = CheckTask(
            description,
            inputs,
            self.profile,
            self.lang,
            self.project.transformContext(),
            focus,
        )
        task.completed.connect(partial(self._completed, task))
        task.progressChanged.connect(self._progress_changed)
        self.task = task
        self._pending_layers = {role: layer.id() for role, layer in layers.items()}
        self.status = ""
        self.progress.setValue(0)
        self._set_running(True)
        self._started = time.perf_counter()  # the summary shows reading + checking
        QgsApplication.taskManager().addTask(task)
        self.checks_started.emit()
        return True

    def recheck_selection(self, *_args) -> bool:
        """Check again the selected parcels; only the findings involving them are replaced."""
        parcels = self.role_layers().get(PARCELS)
        if parcels is None:
            return self.start_checks()  # explains what is missing
        keys = parcel_keys(parcels, parcels.selectedFeatureIds())
        if not keys:
            self._say(tr("Select parcels in {layer} first.").format(layer=parcels.name()))
            return False
        return self.start_checks(focus={PARCELS: keys})

    def cancel_checks(self, *_args) -> None:
        if self.task is not None:
            self.cancel_button.setEnabled(False)
            self.task.cancel()

    def _progress_changed(self, value: float) -> None:
        self.progress.setValue(int(value))

    def _set_running(self, running: bool) -> None:
        self.progress_row.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.run_button.setEnabled(not running)
        self.recheck_button.setEnabled(not running)
        self.roles_box.setEnabled(not running)
        self._update_summary()

    def _completed(self, task: CheckTask, run: CheckRun | None, error: str) -> None:
        if task is not self.task:
            return  # a run the dock has let go of (project closed, plugin unloaded)
        self.task = None
        self._set_running(False)
        if run is None:
            self.status = error or "cancelled"
            if error:
                log_warning(f"checks failed: {error}")
                self._say(tr("The checks failed: {error}").format(error=error), Qgis.Critical)
            self._update_summary()
            self.checks_finished.emit(False)
            return
        if task.focus:
            keys = set().union(*task.focus.values())
            kept = [f for f in self.findings if not keys.intersection(f.keys)]
            self.findings = kept + list(run.findings)
            if not self.outcomes:
                self.outcomes = list(run.outcomes)
        else:
            self.findings = list(run.findings)
            self.outcomes = list(run.outcomes)
        self.seconds = time.perf_counter() - getattr(self, "_started", time.perf_counter())
        self.notes = list(task.notes)
        self.crs = task.crs
        self.imagery = {k: list(v) for k, v in (getattr(task, "imagery", None) or {}).items() if v}
        self._chips.clear()
        self.run_layers = dict(self._pending_layers)
        for outcome in run.errors:
            log_warning(f"rule {outcome.rule.id} failed: {outcome.error}")
        self._load_exceptions()
        self._refill()
        self.checks_finished.emit(True)

    def clear_results(self) -> None:
        self.findings, self.outcomes, self.notes = [], [], []
        self.exceptions = {}
        self.seconds = 0.0
        self.status = ""
        self.run_layers = {}
        self._refill()

    # -- exceptions -----------------------------------------------------------------------
    def exception_store(self) -> ExceptionStore:
        return ExceptionStore.for_layer(self.run_layer(PARCELS), self.project)

    def _load_exceptions(self) -> None:
        try:
            items = self.exception_store().load()
        except Exception as exc:  # a locked or damaged GeoPackage must not lose the results
            log_warning(f"accepted exceptions not read: {exc}")
            self._say(tr("The accepted exceptions could not be read: {error}").format(error=exc))
            items = []
        self.exceptions = {item.identity: item for item in items}

    def open_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.identity not in self.exceptions]

    def accepted_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.identity in self.exceptions]

    def ask_reason(self, count: int) -> str | None:
        dialog = QInputDialog(self)
        dialog.setObjectName("LandSurveyExceptionReason")
        dialog.setWindowTitle(tr("Accept as exception"))
        dialog.setLabelText(
            tr(
                "Why are these {count} problems acceptable? The reason is stored with the data."
            ).format(count=count)
            if count > 1
            else tr("Why is this problem acceptable? The reason is stored with the data.")
        )
        dialog.setInputMode(QInputDialog.TextInput)
        dialog.setTextEchoMode(QLineEdit.Normal)
        dialog.resize(420, dialog.sizeHint().height())
        if not dialog.exec_():
            return None
        return dialog.textValue().strip() or None

    def accept_selected(self, *_args, reason: str | None = None) -> int:
        """Accept the selected open findings (asking why); returns how many were accepted."""
        chosen = {
            f.identity: f for f in self.selected_findings() if f.identity not in self.exceptions
        }
        if not chosen:
            return 0
        if reason is None:
            reason = self.ask_reason(len(chosen))
        if not reason:
            return 0
        now = datetime.now().astimezone().isoformat(timespec="seconds")
        user = QgsApplication.userFullName() or QgsApplication.userLoginName()
        new = {
            identity: AcceptedException(f.rule, f.layer, f.feature_key, reason, user, now)
            for identity, f in chosen.items()
        }
        store = self.exception_store()
        try:
            kept = [item for item in store.load() if item.identity not in new]
            store.save([*kept, *new.values()])
        except Exception as exc:
            log_warning(f"exception not saved in {store.location}: {exc}")
            self._say(tr("The exception could not be saved: {error}").format(error=exc))
            return 0
        self.exceptions.update(new)
        self.model.set_accepted(new)
        self._after_exceptions_changed()
        return len(new)

    def remove_selected_exceptions(self, *_args) -> int:
        """The selected accepted findings become open again."""
        chosen = {f.identity for f in self.selected_findings() if f.identity in self.exceptions}
        if not chosen:
            return 0
        store = self.exception_store()
        try:
            store.save([item for item in store.load() if item.identity not in chosen])
        except Exception as exc:
            log_warning(f"exception not removed from {store.location}: {exc}")
            self._say(tr("The exception could not be removed: {error}").format(error=exc))
            return 0
        for identity in chosen:
            self.exceptions.pop(identity, None)
        self.model.set_accepted(dict.fromkeys(chosen))
        self._after_exceptions_changed()
        return len(chosen)

    def _after_exceptions_changed(self) -> None:
        self.proxy.refresh()
        self._update_buttons()
        self._update_summary()

    # -- the tree -------------------------------------------------------------------------
    def _refill(self) -> None:
        expanded = self._expanded_groups()
        first_fill = self.model.rowCount() == 0
        self.model.set_findings(self.findings, self.rules, self.exceptions, self.lang)
        self._fill_filter_combos()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            key = ("category", index.data(CATEGORY_ROLE))
            if first_fill or key in expanded:
                self.tree.expand(index)
            for child_row in range(self.proxy.rowCount(index)):
                child = self.proxy.index(child_row, 0, index)
                if ("rule", child.data(RULE_ROLE)) in expanded or self.proxy.text:
                    self.tree.expand(child)
        self._update_buttons()
        self._update_summary()

    def _span_group_rows(self, *_args) -> None:
        root = QModelIndex()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            self.tree.setFirstColumnSpanned(row, root, True)
            for child_row in range(self.proxy.rowCount(index)):
                self.tree.setFirstColumnSpanned(child_row, index, True)

    def _expanded_groups(self) -> set[tuple[str, str]]:
        found = set()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.tree.isExpanded(index):
                found.add(("category", index.data(CATEGORY_ROLE)))
            for child_row in range(self.proxy.rowCount(index)):
                child = self.proxy.index(child_row, 0, index)
                if self.tree.isExpanded(child):
                    found.add(("rule", child.data(RULE_ROLE)))
        return found

    def _fill_filter_combos(self) -> None:
        present_categories = sorted(
            {f.category for f in self.findings},
            key=lambda c: CATEGORIES.index(c) if c in CATEGORIES else len(CATEGORIES),
        )
        present_layers = sorted({f.layer for f in self.findings})
        entries = (
            (
                self.severity_combo,
                tr("All severities"),
                [(severity_title(s, self.lang), s, severity_icon(s)) for s in SEVERITIES],
            ),
            (
                self.category_combo,
                tr("All categories"),
                [(category_title(c, self.lang), c, None) for c in present_categories],
            ),
            (
                self.layer_combo,
                tr("All layers"),
                [(self._role_label(r), r, None) for r in present_layers],
            ),
        )
        for combo, everything, items in entries:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for text, value, icon in items:
                if icon is not None:
                    combo.addItem(icon, text, value)
                else:
                    combo.addItem(text, value)
            position = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(position, 0))
            combo.blockSignals(False)
        self._filters_changed()

    def _role_label(self, role: str) -> str:
        name = self.role_names.get(role)
        return f"{name} {role}" if name else role

    def _filters_changed(self, *_args) -> None:
        self.proxy.set_filter(
            severity=self.severity_combo.currentData(),
            category=self.category_combo.currentData(),
            layer=self.layer_combo.currentData(),
            text=self.search.text(),
            show_accepted=self.show_accepted.isChecked(),
        )
        if self.proxy.text:
            self.tree.expandAll()
        self._update_summary()

    def selected_findings(self) -> list[Finding]:
        """Findings of the selected rows (a selected rule or category row counts all its
        shown findings)."""
        seen: dict[int, Finding] = {}
        for index in self.tree.selectionModel().selectedRows(0):
            for finding in self._findings_under(index):
                seen.setdefault(id(finding), finding)
        return list(seen.values())

    def _findings_under(self, index: QModelIndex) -> list[Finding]:
        kind = index.data(KIND_ROLE)
        if kind == "finding":
            return [index.data(FINDING_ROLE)]
        found = []
        for row in range(self.proxy.rowCount(index)):
            found += self._findings_under(self.proxy.index(row, 0, index))
        return found

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            finding = current.sibling(current.row(), 0).data(FINDING_ROLE)
            if finding is not None:
                self.show_finding(finding)
            self.show_chip(finding)

    def show_chip(self, finding: Finding | None) -> bool:
        """Show the image chip of an imagery finding under the list; hide it otherwise."""
        pixmap = None
        if finding is not None and finding.category == "imagery" and self.imagery:
            pixmap = self._chips.get(finding.identity)
            if pixmap is None and finding.geometry is not None:
                image = chip_image(
                    finding.geometry,
                    self.imagery.get("current", []),
                    self.imagery.get("previous", []),
                    self.crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED_GDAL),
                    captions=(tr("Current imagery"), tr("Previous imagery")),
                )
                if image is not None:
                    pixmap = QPixmap.fromImage(image)
                    self._chips[finding.identity] = pixmap
        self.chip.setVisible(pixmap is not None)
        if pixmap is not None:
            self.chip.setPixmap(pixmap)
            self.chip.setToolTip(finding.message)
        return pixmap is not None

    def _activated(self, index: QModelIndex) -> None:
        finding = index.sibling(index.row(), 0).data(FINDING_ROLE)
        if finding is not None:
            self.show_finding(finding)

    def _context_menu(self, position) -> None:
        index = self.tree.indexAt(position)
        if not index.isValid():
            return
        menu = QMenu(self.tree)
        finding = index.sibling(index.row(), 0).data(FINDING_ROLE)
        if finding is not None:
            menu.addAction(tr("Zoom to problem"), partial(self.show_finding, finding))
            menu.addAction(
                tr("Copy feature key"),
                partial(QApplication.clipboard().setText, finding.feature_key),
            )
        if self.accept_button.isEnabled():
            menu.addAction(
                self.accept_button.icon(), self.accept_button.text(), self.accept_selected
            )
        if self.remove_button.isEnabled():
            menu.addAction(
                self.remove_button.icon(),
                self.remove_button.text(),
                self.remove_selected_exceptions,
            )
        if not menu.isEmpty():
            menu.exec_(self.tree.viewport().mapToGlobal(position))

    def _update_buttons(self, *_args) -> None:
        selected = self.selected_findings()
        self.accept_button.setEnabled(any(f.identity not in self.exceptions for f in selected))
        self.remove_button.setEnabled(any(f.identity in self.exceptions for f in selected))
        self.export_button.setEnabled(bool(self.findings))

    # -- going to a finding ---------------------------------------------------------------
    def finding_geometry(
        self, finding: Finding
    ) -> tuple[QgsGeometry | None, QgsCoordinateReferenceSystem]:
        """Where the problem is: its own geometry, else its features' shapes."""
        if finding.geometry is not None and not shapely.is_empty(finding.geometry):
            geometry = QgsGeometry()
            geometry.fromWkb(shapely.to_wkb(finding.geometry))
            if not geometry.isEmpty():
                return geometry, self.crs
        layer = self.run_layer(finding.layer)
        if layer is not None and finding.fids:
            request = QgsFeatureRequest().setFilterFids(list(finding.fids)).setNoAttributes()
            shapes = [f.geometry() for f in layer.getFeatures(request) if f.hasGeometry()]
            if shapes:
                return QgsGeometry.collectGeometry(shapes), layer.crs()
        return None, QgsCoordinateReferenceSystem()

    def show_finding(self, finding: Finding) -> bool:
        """Zoom to the problem, flash it and select its feature(s); False if it has no place."""
        layer = self.run_layer(finding.layer)
        if layer is not None and finding.fids:
            layer.selectByIds(list(finding.fids))
        geometry, crs = self.finding_geometry(finding)
        if geometry is None:
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

    # -- summary --------------------------------------------------------------------------
    def _update_summary(self) -> None:
        if self.running:
            self.summary.setText(tr("Checking…"))
            self.summary.setToolTip("")
            return
        if not self.outcomes and not self.findings:
            if self.status and self.status != "cancelled":
                text = tr("The checks failed: {error}").format(error=self.status)
            elif self.status == "cancelled":
                text = tr("Checks cancelled.")
            else:
                text = tr("No checks run yet.")
            self.summary.setText(text)
            self.summary.setToolTip("")
            return
        counts = severity_counts(self.open_findings())
        parts = [
            tr("{errors} errors, {warnings} warnings, {accepted} accepted").format(
                errors=counts.get("error", 0),
                warnings=counts.get("warning", 0),
                accepted=len(self.accepted_findings()),
            ),
            tr("{seconds} s").format(seconds=f"{self.seconds:.1f}"),
        ]
        skipped = [o for o in self.outcomes if o.skipped]
        failed = [o for o in self.outcomes if o.error]
        if skipped:
            parts.append(tr("{count} rules skipped").format(count=len(skipped)))
        if failed:
            parts.append(tr("{count} rules failed").format(count=len(failed)))
        shown = len(self.proxy.shown_findings())
        if shown != len(self.open_findings()) or self.proxy.show_accepted:
            parts.append(tr("{count} shown").format(count=shown))
        lines = [" · ".join(parts)]
        if self.status == "cancelled":
            lines.append(tr("The last run was cancelled; these are the previous results."))
        elif self.status:
            lines.append(tr("The last run failed: {error}").format(error=self.status))
        lines += self.notes
        self.summary.setText("\n".join(lines))
        tip = []
        if skipped:
            tip.append(tr("Skipped rules:"))
            tip += [f"• {o.rule.title_in(self.lang)} ({o.rule.id}): {o.skipped}" for o in skipped]
        if failed:
            tip.append(tr("Failed rules (see the Land Survey log):"))
            tip += [f"• {o.rule.title_in(self.lang)} ({o.rule.id})" for o in failed]
        if self.notes:
            tip.append(tr("Notes:"))
            tip += [f"• {note}" for note in self.notes]
        self.summary.setToolTip("\n".join(tip))

    # -- export ---------------------------------------------------------------------------
    def export_run(self) -> CheckRun:
        """The open findings as a run for the reports; rule counts follow what is open."""
        open_findings = self.open_findings()
        per_rule = Counter(f.rule for f in open_findings)
        outcomes = [replace(o, count=per_rule.get(o.rule.id, 0)) for o in self.outcomes]
        return CheckRun(findings=open_findings, outcomes=outcomes, seconds=self.seconds)

    def _export_path(self, title: str, file_filter: str, suffix: str) -> str | None:
        """Ask where to save; starts in the last folder used, else beside the parcels."""
        settings = QgsSettings()
        folder = settings.value(f"{SETTINGS_PREFIX}/export_dir", "", type=str)
        parcels = self.run_layer(PARCELS)
        if not folder and parcels is not None:
            source = QgsProviderRegistry.instance().decodeUri("ogr", parcels.source())
            folder = str(Path(source.get("path") or "").parent) if source.get("path") else ""
        table = (table_name(parcels) if parcels is not None else "") or "DLTB"
        name = f"{table}_checks_{datetime.now():%Y%m%d-%H%M}{suffix}"
        path, _ = QFileDialog.getSaveFileName(
            self, title, str(Path(folder or Path.home()) / name), file_filter
        )
        if not path:
            return None
        path = _with_suffix(path, suffix)
        settings.setValue(f"{SETTINGS_PREFIX}/export_dir", str(Path(path).parent))
        return path

    def _exported(self, path: str | Path) -> None:
        url = QUrl.fromLocalFile(str(path)).toString()
        self._say(
            tr("Saved {path}").format(path=f'<a href="{url}">{Path(path).name}</a>'),
            Qgis.Success,
        )

    def _export_failed(self, exc: Exception) -> None:
        text = exc.user_message(tr) if isinstance(exc, LandSurveyError) else str(exc)
        log_warning(f"export failed: {text}")
        self._say(tr("The export failed: {error}").format(error=text), Qgis.Critical)

    def export_error_layer(self, *_args, path: str | None = None) -> QgsVectorLayer | None:
        """The open findings as a styled GeoPackage layer, added to the project."""
        path = _with_suffix(path, ".gpkg") or self._export_path(
            tr("Save the error layer"), tr("GeoPackage (*.gpkg)"), ".gpkg"
        )
        if not path:
            return None
        uri = f"{path}|layername={ERROR_LAYER_NAME}"
        for layer in list(self.project.mapLayers().values()):  # the file is about to change
            if layer.source() == uri:
                self.project.removeMapLayer(layer.id())
        try:
            write_error_layer(
                self.open_findings(),
                self.crs,
                path,
                transform_context=self.project.transformContext(),
            )
        except Exception as exc:
            self._export_failed(exc)
            return None
        layer = QgsVectorLayer(uri, tr("Check findings"), "ogr")
        if not layer.isValid():
            self._export_failed(OSError(uri))
            return None
        self.project.addMapLayer(layer)
        self._exported(path)
        return layer

    def export_html(self, *_args, path: str | None = None) -> Path | None:
        path = _with_suffix(path, ".html") or self._export_path(
            tr("Save the report"), tr("HTML (*.html)"), ".html"
        )
        if not path:
            return None
        parcels = self.run_layer(PARCELS)
        layers = {role: layer.name() for role in self.run_layers if (layer := self.run_layer(role))}
        try:
            run = self.export_run()
            chips = report_chips(
                run.findings,
                self.imagery,
                path,
                self.crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED_GDAL),
                captions=(tr("Current imagery"), tr("Previous imagery")),
            )
            written = write_html(
                run,
                path,
                title=tr("Land survey check report: {layer}").format(
                    layer=parcels.name() if parcels is not None else PARCELS
                ),
                profile_title=(
                    self.profile.title_zh if self.lang == "zh" else self.profile.title_en
                )
                if self.profile
                else "",
                layers=layers,
                lang=self.lang,
                generated_at=datetime.now(),
                chips=chips,
            )
        except Exception as exc:
            self._export_failed(exc)
            return None
        self._exported(written)
        return written

    def export_xlsx(self, *_args, path: str | None = None) -> Path | None:
        path = _with_suffix(path, ".xlsx") or self._export_path(
            tr("Save the table"), tr("Excel workbook (*.xlsx)"), ".xlsx"
        )
        if not path:
            return None
        try:
            written = write_xlsx(self.export_run(), path, self.lang)
        except Exception as exc:
            self._export_failed(exc)
            return None
        self._exported(written)
        return written

    # -- teardown -------------------------------------------------------------------------
    def dispose(self) -> None:
        """Let go of the project and of a run under way (the plugin is unloading)."""
        for signal, slot in self._connections:
            with suppress(TypeError, RuntimeError):
                signal.disconnect(slot)
        self._connections.clear()
        self._let_go_of_task()

    def _let_go_of_task(self) -> None:
        """Cancel a run under way and ignore whatever it reports."""
        task, self.task = self.task, None
        if task is None:
            return
        try:
            task.completed.disconnect()
            task.progressChanged.disconnect(self._progress_changed)
            task.cancel()
        except (TypeError, RuntimeError):
            pass  # already finished and deleted by the task manager
        self._set_running(False)


def _with_suffix(path: str | None, suffix: str) -> str | None:
    if not path:
        return None
    return path if path.lower().endswith(suffix) else path + suffix


def parcel_keys(layer: QgsVectorLayer, fids) -> set[str]:
    """The rule engine's keys of these parcels: BSM, or ``fid:<id>`` where BSM is empty."""
    fids = list(fids)
    if not fids:
        return set()
    index = layer.fields().lookupField("BSM")
    request = QgsFeatureRequest().setFilterFids(fids).setFlags(QgsFeatureRequest.NoGeometry)
    if index >= 0:
        request.setSubsetOfAttributes([index])
    keys = set()
    for feature in layer.getFeatures(request):
        value = feature.attribute(index) if index >= 0 else None
        text = "" if value is None or not isinstance(value, (str, int, float)) else str(value)
        keys.add(text.strip() or f"fid:{feature.id()}")
    return keys


def view_around(box: QgsRectangle, crs: QgsCoordinateReferenceSystem) -> QgsRectangle:
    """The extent showing ``box`` with a margin, at least ``MIN_VIEW_METRES`` across."""
    minimum = MIN_VIEW_METRES / 111_000 if crs.isValid() and crs.isGeographic() else MIN_VIEW_METRES
    centre = box.center()
    half_w = max(box.width() * (0.5 + MARGIN), minimum / 2)
    half_h = max(box.height() * (0.5 + MARGIN), minimum / 2)
    return QgsRectangle(
        centre.x() - half_w, centre.y() - half_h, centre.x() + half_w, centre.y() + half_h
    )
