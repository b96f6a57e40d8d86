"""Composition root: builds the provider, actions and (later) docks; the only user of ``iface``."""

from __future__ import annotations

import contextlib

from qgis.core import Qgis, QgsApplication, QgsMapLayerType, QgsProject, QgsWkbTypes
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction, QMenu, QMessageBox, QToolBar

from landsurvey_plugin.toolbelt.dependencies import DependencyProblem, check_dependencies
from landsurvey_plugin.toolbelt.i18n import install_translator, remove_translator, tr
from landsurvey_plugin.toolbelt.log import log, log_warning
from landsurvey_plugin.toolbelt.metadata import plugin_metadata
from landsurvey_plugin.toolbelt.paths import icon_path
from landsurvey_plugin.toolbelt.settings import load_settings

TOOLBAR_NAME = "LandSurveyToolbar"
MENU_NAME = "LandSurveyMenu"


class LandSurveyPlugin:
    def __init__(self, iface) -> None:
        self.iface = iface
        self.translator = install_translator()
        self.problems: list[DependencyProblem] = check_dependencies()
        self.provider = None
        self.toolbar: QToolBar | None = None
        self.menu: QMenu | None = None
        self.actions: dict[str, QAction] = {}
        self.profile = None
        self.results_dock = None
        self.single_layer_dock = None
        self.worklist_dock = None
        self.photo_dock = None
        self.parcel_dock = None
        self.parcel_autofill = None  # ParcelAutofill on the county's DLTB (signals for docks)
        self._dock_shown = False
        self._single_layers_shown = False

    # -- Processing (also called alone by qgis_process, where iface is None) --
    def initProcessing(self) -> None:
        if self.problems or self.provider is not None:
            return
        from landsurvey_plugin.processing.provider import LandSurveyProvider
        from landsurvey_plugin.toolbelt.metadata import PROVIDER_ID

        registry = QgsApplication.processingRegistry()
        if registry.providerById(PROVIDER_ID) is not None:
            # the registry deletes a duplicate it refuses; keep the one already there
            log_warning(f"Processing provider {PROVIDER_ID} is already registered")
            return
        self.provider = LandSurveyProvider()
        registry.addProvider(self.provider)

    # -- GUI --
    def initGui(self) -> None:
        main_window = self.iface.mainWindow()
        self.toolbar = self.iface.addToolBar(tr("Land Survey (国土变更调查)"))
        self.toolbar.setObjectName(TOOLBAR_NAME)
        self.menu = QMenu(tr("Land Survey (国土变更调查)"), main_window)
        self.menu.setObjectName(MENU_NAME)
        self.iface.pluginMenu().addMenu(self.menu)

        if self.problems:
            self._add_action(
                "LandSurveyMissingDependencies",
                tr("Missing dependencies…"),
                "landsurvey.svg",
                self.show_dependency_problems,
            )
            text = "; ".join(p.describe() for p in self.problems)
            log_warning(f"Land Survey is disabled, missing: {text}")
            self.iface.messageBar().pushMessage(
                tr("Land Survey"),
                tr(
                    "The plugin needs: {missing}. See Plugins ▸ Land Survey ▸ Missing dependencies."
                ).format(missing=text),
                Qgis.Critical,
                0,
            )
            return

        self.initProcessing()
        self.profile = self._load_profile()
        self._add_results_dock()
        self._add_action(
            "LandSurveyRunChecks",
            tr("Run checks"),
            "run_checks.svg",
            self.run_checks,
            tr("Check the survey layers with every rule of the profile; results in the dock"),
        )
        self._add_action(
            "LandSurveyRecomputeAreas",
            tr("Recompute areas of selected parcels"),
            "compute_areas.svg",
            self.recompute_selected_areas,
            tr(
                "TBMJ, KCMJ and TBDLMJ of the selected parcels from their ellipsoidal area "
                "(one undo step)"
            ),
        )
        self._add_single_layer_dock()
        self._add_action(
            "LandSurveySingleLayers",
            tr("Single layers"),
            "single_layers.svg",
            self.show_single_layers,
            tr(
                "推(堆)土区, 光伏板区, 拆除未尽区, 工厂化种植: counts and areas, create, add from "
                "parcels, erase, consistency with the parcels"
            ),
        )
        self._add_photo_dock()
        self._add_action(
            "LandSurveyPhotos",
            tr("Evidence photos"),
            "photos.svg",
            self.show_photos,
            tr(
                "举证照片: import a photo folder, link photos to parcels, view the photos of the "
                "selected parcel, click a camera on the map"
            ),
        )
        self._add_worklist_dock()
        self._add_action(
            "LandSurveyWorklist",
            tr("Review worklist"),
            "landsurvey.svg",
            self.show_worklist,
            tr(
                "Walk a list of parcels with the keyboard (Ctrl+Alt+. / Ctrl+Alt+,), mark each "
                "reviewed or needing a field visit; kept with the project"
            ),
        )
        self._add_parcel_dock()
        if self.parcel_dock is not None:
            self._add_action(
                "LandSurveyParcelDock",
                tr("Parcel"),
                "landsurvey.svg",
                self.show_parcel_dock,
                tr(
                    "Edit the selected parcel with the national schema and code lists, checked "
                    "as you type; batch edit the selection (one undo step each)"
                ),
            )
        self._add_action(
            "LandSurveyOpenCounty",
            tr("Open county database…"),
            "landsurvey.svg",
            self.open_county,
            tr(
                "Load DLTB, last year's DLTB, XZQ, CJDCQ and the single layers of a GeoPackage, "
                "FileGDB or shapefile folder, styled, in one group"
            ),
        )
        digitising = self._add_action(
            "LandSurveyPrepareDigitising",
            tr("Digitise on DLTB"),
            "landsurvey.svg",
            self.toggle_digitising,
            tr(
                "Snapping to DLTB vertices and segments, topological editing, avoid overlaps, "
                "tracing; off again restores your own settings"
            ),
        )
        digitising.setCheckable(True)
        self._add_action(
            "LandSurveyComputeAreasAlgorithm",
            tr("Compute areas of a layer…"),
            "landsurvey.svg",
            self.open_compute_areas_dialog,
            in_toolbar=False,
        )
        QgsProject.instance().readProject.connect(self._project_read)
        QgsProject.instance().cleared.connect(self._project_cleared)
        self._project_read()  # a project opened before the plugin was loaded
        log(f"{plugin_metadata().name} {plugin_metadata().version} loaded")

    def _load_profile(self):
        """The year/province profile from the settings; a broken one is reported, not raised."""
        from landsurvey_plugin.model.profile import ProfileError, load_profile

        profile_id = load_settings().profile_id
        try:
            profile = load_profile(profile_id)
        except ProfileError as exc:
            log_warning(str(exc))
            self.iface.messageBar().pushCritical(
                tr("Land Survey"),
                tr("The survey profile {profile} cannot be loaded: {error}").format(
                    profile=profile_id, error=exc
                ),
            )
            return None
        log(f"profile {profile.id}: {profile.title_zh}")
        return profile

    def _add_results_dock(self) -> None:
        from landsurvey_plugin.gui.results_dock import ResultsDock

        self.results_dock = ResultsDock(
            self.iface.mapCanvas(),
            self.profile,
            QgsProject.instance(),
            self.iface.messageBar(),
            self.iface.mainWindow(),
        )
        self.iface.addDockWidget(Qt.RightDockWidgetArea, self.results_dock)
        self.results_dock.hide()

    def _add_single_layer_dock(self) -> None:
        from landsurvey_plugin.gui.single_layer_dock import SingleLayerDock

        self.single_layer_dock = SingleLayerDock(
            self.iface.mapCanvas(),
            self.profile,
            QgsProject.instance(),
            self.iface.messageBar(),
            self.iface.mainWindow(),
            activate_layer=self.iface.setActiveLayer,
            add_feature_action=self.iface.actionAddFeature(),
        )
        self.iface.addDockWidget(Qt.RightDockWidgetArea, self.single_layer_dock)
        self.single_layer_dock.hide()

    def _add_photo_dock(self) -> None:
        from landsurvey_plugin.gui.photo_dock import PhotoDock

        self.photo_dock = PhotoDock(
            self.iface.mapCanvas(),
            self.profile,
            QgsProject.instance(),
            self.iface.messageBar(),
            self.iface.mainWindow(),
        )
        self.iface.addDockWidget(Qt.RightDockWidgetArea, self.photo_dock)
        self.photo_dock.hide()

    def _add_worklist_dock(self) -> None:
        """The review worklist; its steps reach the parcel dock through this class only."""
        from landsurvey_plugin.gui.worklist_dock import WorklistDock

        self.worklist_dock = WorklistDock(
            self.iface.mapCanvas(),
            self.profile,
            QgsProject.instance(),
            self.iface.messageBar(),
            self.iface.mainWindow(),
            findings=self._open_findings,
        )
        self.worklist_dock.register_shortcuts(self.iface.mainWindow())
        self.worklist_dock.parcel_shown.connect(self._worklist_parcel_shown)
        self.iface.addDockWidget(Qt.RightDockWidgetArea, self.worklist_dock)
        self.worklist_dock.hide()

    def _add_parcel_dock(self) -> None:
        """The parcel dock (needs a loaded profile: its form is the profile's schema)."""
        if self.profile is None:
            return
        from landsurvey_plugin.gui.parcel_dock import ParcelDock

        self.parcel_dock = ParcelDock(
            self.profile, QgsProject.instance(), self.iface.messageBar(), self.iface.mainWindow()
        )
        self.iface.addDockWidget(Qt.RightDockWidgetArea, self.parcel_dock)
        self.parcel_dock.hide()

    def _open_findings(self) -> list:
        """The results dock's current findings (accepted exceptions left out)."""
        return self.results_dock.open_findings() if self.results_dock is not None else []

    def _worklist_parcel_shown(self, layer, fid: int) -> None:
        """Show the worklist's parcel in the parcel dock when that dock exists."""
        show_parcel = getattr(getattr(self, "parcel_dock", None), "show_parcel", None)
        if show_parcel is not None:
            show_parcel(layer, fid)

    def _add_action(self, name, text, icon, slot, tip=None, in_toolbar=True) -> QAction:
        action = QAction(QIcon(str(icon_path(icon))), text, self.iface.mainWindow())
        action.setObjectName(name)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.menu.addAction(action)
        if in_toolbar:
            self.toolbar.addAction(action)
        self.actions[name] = action
        return action

    def unload(self) -> None:
        for signal, slot in (
            (QgsProject.instance().readProject, self._project_read),
            (QgsProject.instance().cleared, self._project_cleared),
        ):
            with contextlib.suppress(TypeError):  # initGui stopped early (missing dependencies)
                signal.disconnect(slot)
        if self.parcel_autofill is not None:
            self.parcel_autofill.disconnect()
            self.parcel_autofill = None
        for action in self.actions.values():
            action.triggered.disconnect()
            action.deleteLater()
        self.actions.clear()
        if self.menu is not None:
            self.iface.pluginMenu().removeAction(self.menu.menuAction())
            self.menu.deleteLater()
            self.menu = None
        if self.toolbar is not None:
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.results_dock is not None:
            self.results_dock.dispose()
            self.iface.removeDockWidget(self.results_dock)
            self.results_dock.setParent(None)
            self.results_dock.deleteLater()
            self.results_dock = None
        if self.single_layer_dock is not None:
            self.single_layer_dock.dispose()
            self.iface.removeDockWidget(self.single_layer_dock)
            self.single_layer_dock.setParent(None)
            self.single_layer_dock.deleteLater()
            self.single_layer_dock = None
        if self.photo_dock is not None:
            self.photo_dock.dispose()
            self.iface.removeDockWidget(self.photo_dock)
            self.photo_dock.setParent(None)
            self.photo_dock.deleteLater()
            self.photo_dock = None
        if self.worklist_dock is not None:
            self.worklist_dock.dispose()  # also unregisters its shortcuts
            self.iface.removeDockWidget(self.worklist_dock)
            self.worklist_dock.setParent(None)
            self.worklist_dock.deleteLater()
            self.worklist_dock = None
        if self.parcel_dock is not None:
            self.parcel_dock.dispose()
            self.iface.removeDockWidget(self.parcel_dock)
            self.parcel_dock.setParent(None)
            self.parcel_dock.deleteLater()
            self.parcel_dock = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator(self.translator)
        self.translator = None

    # -- actions --
    def show_dependency_problems(self) -> None:
        lines = "\n".join(f"• {p.describe()}" for p in self.problems)
        QMessageBox.warning(
            self.iface.mainWindow(),
            tr("Land Survey: missing dependencies"),
            tr(
                "Install these Python packages for QGIS's Python, then restart QGIS:\n{lines}"
            ).format(lines=lines),
        )

    def run_checks(self) -> None:
        """Show the results dock and start a run over the mapped layers."""
        dock = self.results_dock
        first_time = dock.isHidden() and not self._dock_shown
        dock.show()
        dock.raise_()
        window = self.iface.mainWindow()
        if first_time and window.dockWidgetArea(dock) != Qt.NoDockWidgetArea:
            window.resizeDocks([dock], [620], Qt.Horizontal)  # room for key and message
        self._dock_shown = True
        dock.start_checks()

    def show_single_layers(self) -> None:
        """Show the single-layer dock with fresh counts, the first time as a tab of the
        results dock when that one is open on the same side."""
        dock, results = self.single_layer_dock, self.results_dock
        window = self.iface.mainWindow()
        if (
            not self._single_layers_shown
            and results is not None
            and results.isVisible()
            and window.dockWidgetArea(dock) != Qt.NoDockWidgetArea
            and window.dockWidgetArea(results) == window.dockWidgetArea(dock)
        ):
            window.tabifyDockWidget(results, dock)
        self._single_layers_shown = True
        dock.remap()
        dock.show()
        dock.raise_()

    def show_photos(self) -> None:
        """Show the photo dock, following the current parcel selection."""
        self.photo_dock.remap()
        self.photo_dock.show()
        self.photo_dock.raise_()

    def show_worklist(self) -> None:
        """Show the worklist dock, the first time as a tab of the results dock when open."""
        dock, results = self.worklist_dock, self.results_dock
        window = self.iface.mainWindow()
        if (
            dock.isHidden()
            and results is not None
            and results.isVisible()
            and window.dockWidgetArea(results) == window.dockWidgetArea(dock)
        ):
            window.tabifyDockWidget(results, dock)
        dock.show()
        dock.raise_()

    def show_parcel_dock(self) -> None:
        """Show the parcel dock on the project's DLTB (and previous year's DLTB)."""
        dock = self.parcel_dock
        if dock.layer is None:
            dock.find_layers()
        dock.show()
        dock.raise_()

    def open_compute_areas_dialog(self) -> None:
        import processing

        processing.execAlgorithmDialog("landsurvey:computeareas", {})

    def recompute_selected_areas(self) -> None:
        from landsurvey_plugin.adapters.crs import area_frame
        from landsurvey_plugin.adapters.parcel_areas import recompute_in_place
        from landsurvey_plugin.errors import LandSurveyError

        bar = self.iface.messageBar()
        layer = self.iface.activeLayer()
        if (
            layer is None
            or layer.type() != QgsMapLayerType.VectorLayer
            or layer.geometryType() != QgsWkbTypes.PolygonGeometry
        ):
            bar.pushWarning(
                tr("Land Survey"), tr("Select parcels in a polygon layer (DLTB) first.")
            )
            return
        ids = layer.selectedFeatureIds()
        if not ids:
            bar.pushWarning(
                tr("Land Survey"), tr("No parcels selected in {layer}.").format(layer=layer.name())
            )
            return
        try:
            frame = area_frame(
                layer.crs(), layer.extent(), QgsProject.instance().transformContext()
            )
            report = recompute_in_place(layer, ids, frame, tr("Recompute parcel areas"))
        except LandSurveyError as exc:
            bar.pushCritical(tr("Land Survey"), exc.user_message(tr))
            return
        message = tr(
            "{changed} parcels updated, {unchanged} already correct, {skipped} skipped."
        ).format(changed=report.changed, unchanged=report.unchanged, skipped=len(report.skipped))
        for fid, problem in report.skipped:
            log_warning(f"{layer.name()} feature {fid}: {problem}")
        if report.missing_fields:
            message += " " + tr("Missing fields: {names}.").format(
                names=", ".join(report.missing_fields)
            )
        if not frame.is_survey_crs:
            message += " " + tr("The layer is not in CGCS2000 Gauss-Krüger; it was transformed.")
        level = Qgis.Warning if report.skipped or not frame.is_survey_crs else Qgis.Success
        bar.pushMessage(tr("Land Survey"), message, level, 8)

    # -- county database, digitising and parcel autofill --
    def open_county(self) -> None:
        """Open county database…: the dialog maps and loads; the result goes to the bar."""
        from landsurvey_plugin.gui.open_county_dialog import OpenCountyDialog, result_summary
        from landsurvey_plugin.rules.dataset import PARCELS

        if self.profile is None:
            return
        dialog = OpenCountyDialog(self.profile, QgsProject.instance(), self.iface.mainWindow())
        if not dialog.exec_() or dialog.result is None:
            return
        result = dialog.result
        problems = result.crs_problems or result.field_problems or result.failed
        self.iface.messageBar().pushMessage(
            tr("Land Survey"),
            result_summary(result, self.profile),
            Qgis.Warning if problems else Qgis.Success,
            12 if problems else 6,
        )
        parcels = result.layers.get(PARCELS)
        layer = QgsProject.instance().mapLayer(parcels.layer_id) if parcels else None
        if layer is not None:
            self._attach_parcel_autofill(layer)
            self.iface.setActiveLayer(layer)
            canvas = self.iface.mapCanvas()
            canvas.setExtent(canvas.mapSettings().layerExtentToOutputExtent(layer, layer.extent()))
            canvas.refresh()

    def _project_read(self, *_args) -> None:
        """A reopened county keeps true areas: the autofill goes back on the DLTB mapped in
        the project (opened as a county or chosen in a dock; not any layer named DLTB)."""
        from landsurvey_plugin.adapters.layer_roles import saved_role
        from landsurvey_plugin.rules.dataset import PARCELS

        layer = saved_role(QgsProject.instance(), PARCELS) if self.profile else None
        if layer is not None:
            self._attach_parcel_autofill(layer)

    def _project_cleared(self) -> None:
        if self.parcel_autofill is not None:
            self.parcel_autofill.disconnect()
            self.parcel_autofill = None

    def _mapped_parcels(self):
        from landsurvey_plugin.adapters.layer_roles import detect_roles
        from landsurvey_plugin.rules.dataset import PARCELS

        if self.profile is None:
            return None
        return detect_roles(QgsProject.instance(), self.profile).get(PARCELS)

    def _attach_parcel_autofill(self, layer) -> None:
        """New, split and reshaped parcels of ``layer`` fill themselves (ParcelAutofill)."""
        from landsurvey_plugin.adapters.layer_roles import detect_roles
        from landsurvey_plugin.adapters.parcel_autofill import ParcelAutofill
        from landsurvey_plugin.rules.dataset import PREVIOUS, VILLAGES

        current = self.parcel_autofill
        if current is not None and current.connected and current.layer is layer:
            return
        if current is not None:
            current.disconnect()

        def role(name):
            return lambda: detect_roles(QgsProject.instance(), self.profile).get(name)

        self.parcel_autofill = ParcelAutofill(
            layer, self.profile, role(VILLAGES), role(PREVIOUS), parent=self.iface.mainWindow()
        )
        self.parcel_autofill.belowMinimumArea.connect(self._parcels_below_minimum)
        self.parcel_autofill.parcelAdded.connect(
            lambda fid: self._worklist_parcel_shown(layer, fid)
        )
        self.parcel_autofill.connect()

    def _parcels_below_minimum(self, parts: list) -> None:
        """Parts of one split/edit under the minimum mapping area (001:四(一)3)."""
        text = "; ".join(
            tr("{area:.2f} m² of {dlbm} (minimum {minimum:g} m²)").format(
                area=area, dlbm=dlbm, minimum=minimum
            )
            for _, area, minimum, dlbm in parts
        )
        self.iface.messageBar().pushWarning(
            tr("Land Survey"), tr("Below the minimum mapping area: {parts}").format(parts=text)
        )

    def toggle_digitising(self, checked: bool) -> None:
        """On: QGIS's snapping/topology/avoid-overlap settings for DLTB and tracing; off:
        the user's own settings back (kept in the project meanwhile)."""
        from qgis.gui import QgsMapCanvasTracer

        from landsurvey_plugin.adapters.digitising import prepare_digitising, restore_digitising

        project = QgsProject.instance()
        tracer = QgsMapCanvasTracer.tracerForCanvas(self.iface.mapCanvas())
        tracing = tracer.actionEnableTracing() if tracer is not None else None
        action = self.actions["LandSurveyPrepareDigitising"]
        if checked:
            layer = self._mapped_parcels()
            if layer is None:
                action.setChecked(False)
                self.iface.messageBar().pushWarning(
                    tr("Land Survey"),
                    tr("No parcel layer (DLTB) in the project; open a county database first."),
                )
                return
            prepare_digitising(project, layer, tracing.isChecked() if tracing else False)
            if tracing is not None:
                tracing.setChecked(True)
            self._attach_parcel_autofill(layer)
            self.iface.setActiveLayer(layer)
            self.iface.messageBar().pushSuccess(
                tr("Land Survey"),
                tr(
                    "Digitising on {layer}: snapping to vertices and segments, topological "
                    "editing, no overlaps, tracing. Switch off to restore your settings."
                ).format(layer=layer.name()),
            )
        else:
            state = restore_digitising(project)
            if state is not None and tracing is not None:
                tracing.setChecked(state.tracing)
