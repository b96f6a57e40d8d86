"""Run inside the QGIS desktop (``qgis --code``): record what loaded, take a screenshot, quit.

Writes JSON to ``$LANDSURVEY_PROBE_OUT`` and a PNG to ``$LANDSURVEY_SCREENSHOT``. With
``LANDSURVEY_KEEP_OPEN=1`` QGIS stays open after the screenshot (a newcomer with a screen).
With ``LANDSURVEY_PROBE_RUN_CHECKS=1`` it first triggers the toolbar's "Run checks" action,
waits for the results dock, goes to the first topology problem and records what the dock shows.
With ``LANDSURVEY_PROBE_SINGLE_LAYERS=1`` it triggers "Single layers", records the layers the
dock lists, runs the consistency check, applies the fix of the 推(堆)土区 conflict on a parcel
that became construction land and records the conflicts and the TTQ count before and after.
With ``LANDSURVEY_PROBE_WORKLIST=1`` it opens the review worklist, builds it from the changes
against the previous year, walks it with the keyboard shortcuts (key events to the QGIS
window), marks a parcel and records the cursor, the selection and the canvas extent.
With ``LANDSURVEY_PROBE_PHOTOS=1`` it opens the evidence photo dock, imports the project's
``photos`` folder, links the photos, selects the parcel with the most photos and records the
strip, the metadata, the decoded view and the highlighted wedge.
With ``LANDSURVEY_PROBE_EDIT=1`` (start QGIS without a project, ``LANDSURVEY_PROBE_COUNTY``
names the GeoPackage) it opens the county through the plugin's own "Open county database"
dialog, edits a cultivated parcel in the parcel dock (DLBM 0103 → 0301, Apply, the
start-editing question answered), undoes and redoes that edit, then splits a large parcel with
QGIS's own split tool driven by mouse clicks on the canvas, and records the values before and
after, the parts' BSM/TBBH/areas and geometries, and the undo stack.
With ``LANDSURVEY_PROBE_IMAGERY=1`` it loads the previous image (named 前时相) and the other
current tiles that ``defects.json`` lists beside the project, runs the one-click check, selects
the first finding of a pixel-content imagery rule and records the imagery category, its rules
with their counts and the image chip the results dock shows.
"""

import json
import os

import qgis.utils
from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import (
    QAction,
    QDockWidget,
    QLabel,
    QTableWidget,
    QToolBar,
    QTreeView,
    QTreeWidget,
    QWidget,
)
from qgis.utils import iface

DOCK = "LandSurveyResultsDock"
SINGLE_DOCK = "LandSurveySingleLayerDock"
WORKLIST_DOCK = "LandSurveyWorklistDock"
_checks: dict = {}
_single: dict = {}
_photos: dict = {}
_worklist: dict = {}
_edit: dict = {}
_imagery: dict = {}


def _dock_facts() -> dict:
    """What the results dock shows: its groups (category, rule) and the finding rows."""
    dock = iface.mainWindow().findChild(QDockWidget, DOCK)
    if dock is None:
        return {"dock": False}
    tree = dock.findChild(QTreeView, "LandSurveyResultsTree")
    summary = dock.findChild(QLabel, "LandSurveyResultsSummary")
    model = tree.model()
    categories, rules, findings = [], [], 0
    for c in range(model.rowCount()):
        category = model.index(c, 0)
        categories.append(category.data())
        for r in range(model.rowCount(category)):
            rule = model.index(r, 0, category)
            rules.append(rule.data())
            findings += model.rowCount(rule)
    return {
        "dock": True,
        "dock_visible": dock.isVisible(),
        "dock_area": int(iface.mainWindow().dockWidgetArea(dock)),
        "dock_categories": categories,
        "dock_rules": rules,
        "dock_findings": findings,
        "dock_summary": summary.text() if summary else "",
        "dock_children": sorted(
            {w.objectName() for w in dock.findChildren(QLabel)}
            | {w.objectName() for w in dock.findChildren(QTreeView)}
        ),
        **_checks,
    }


def _facts() -> dict:
    window = iface.mainWindow()
    toolbar = window.findChild(QToolBar, "LandSurveyToolbar")
    provider = QgsApplication.processingRegistry().providerById("landsurvey")
    layers = QgsProject.instance().mapLayers().values()
    return {
        "active_plugins": list(qgis.utils.active_plugins),
        "plugin_loaded": "landsurvey_plugin" in qgis.utils.plugins,
        "toolbar": toolbar is not None and toolbar.isVisible(),
        "toolbar_actions": [a.objectName() for a in toolbar.actions()] if toolbar else [],
        "toolbar_texts": [a.text() for a in toolbar.actions()] if toolbar else [],
        "provider": provider is not None,
        "algorithms": [a.id() for a in provider.algorithms()] if provider else [],
        "project": QgsProject.instance().fileName(),
        "layers": sorted(layer.name() for layer in layers),
        "invalid_layers": sorted(layer.name() for layer in layers if not layer.isValid()),
        "qgis_version": qgis.core.Qgis.QGIS_VERSION,
        **_dock_facts(),
        **_single,
        **_photos,
        **_worklist,
        **_edit,
        **_imagery,
    }


def _finish() -> None:
    canvas = iface.mapCanvas()
    canvas.waitWhileRendering()
    screenshot = os.environ.get("LANDSURVEY_SCREENSHOT")
    facts = _facts()
    if screenshot:
        facts["screenshot"] = screenshot
        facts["screenshot_saved"] = iface.mainWindow().grab().save(screenshot)
    out = os.environ.get("LANDSURVEY_PROBE_OUT")
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            json.dump(facts, handle, ensure_ascii=False, indent=2)
    if os.environ.get("LANDSURVEY_KEEP_OPEN") != "1":
        QgsProject.instance().setDirty(False)
        QgsApplication.instance().exit(0)


def _go_to_first_topology_problem() -> None:
    dock = iface.mainWindow().findChild(QDockWidget, DOCK)
    tree = dock.findChild(QTreeView, "LandSurveyResultsTree")
    model = tree.model()
    for c in range(model.rowCount()):
        category = model.index(c, 0)
        if "拓扑" in category.data() or "Topology" in category.data():
            rule = model.index(0, 0, category)
            tree.expand(rule)
            tree.setCurrentIndex(model.index(0, 0, rule))  # zooms, flashes, selects
            return


def _checks_finished(ok: bool) -> None:
    _checks["checks_finished"] = ok
    if ok:
        _go_to_first_topology_problem()
    QTimer.singleShot(2500, _finish)


def _run_checks(finished=None) -> None:
    window = iface.mainWindow()
    action = window.findChild(QAction, "LandSurveyRunChecks")
    dock = window.findChild(QDockWidget, DOCK)
    if action is None or dock is None:
        _checks["checks_error"] = "no Run checks action or no results dock"
        _finish()
        return
    dock.checks_finished.connect(finished or _checks_finished)
    action.trigger()
    QTimer.singleShot(120_000, _checks_timed_out)  # a ceiling only: checks_finished reports


def _checks_timed_out() -> None:
    if "checks_finished" not in _checks:
        _checks["checks_finished"] = None
        _finish()


def _single_layer_rows(dock) -> list[dict]:
    """What the single-layer table shows, one dict per row (table id, name, status, count)."""
    table = dock.findChild(QTableWidget, "LandSurveySingleLayerTable")
    rows = []
    for row in range(table.rowCount()):
        cells = [table.item(row, column) for column in range(table.columnCount())]
        rows.append(
            {
                "id": cells[0].data(Qt.UserRole + 1),
                "texts": [cell.text() if cell is not None else "" for cell in cells],
            }
        )
    return rows


def _ttq_count(dock) -> int:
    layer = dock.layers.get("TTQ")
    return layer.featureCount() if layer is not None else -1


def _single_layers() -> None:
    """Open the dock, run the consistency check and apply the TTQ fix (no message boxes)."""
    window = iface.mainWindow()
    action = window.findChild(QAction, "LandSurveySingleLayers")
    dock = window.findChild(QDockWidget, SINGLE_DOCK)
    if action is None or dock is None:
        _single["single_error"] = "no Single layers action or no single-layer dock"
        _finish()
        return
    try:
        action.trigger()
        _single["single_dock_visible"] = dock.isVisible()
        _single["single_dock_area"] = int(window.dockWidgetArea(dock))
        _single["single_rows"] = _single_layer_rows(dock)
        conflicts = dock.check_consistency()
        _single["single_conflicts"] = [
            {"rule": c.finding.rule, "layer": c.layer, "keys": list(c.finding.keys)}
            for c in conflicts
        ]
        tree = dock.findChild(QTreeWidget, "LandSurveySingleLayerConflicts")
        _single["single_conflict_texts"] = [
            [tree.topLevelItem(i).text(c) for c in range(3)]
            for i in range(tree.topLevelItemCount())
        ]
        ttq = next(
            (
                i
                for i, c in enumerate(conflicts)
                if c.layer == "TTQ" and c.finding.rule == "ttq_on_new_construction"
            ),
            None,
        )
        _single["single_ttq_before"] = _ttq_count(dock)
        if ttq is not None:
            _single["single_ttq_key"] = conflicts[ttq].finding.keys[0]
            item = tree.topLevelItem(ttq)
            tree.setCurrentItem(item)  # zooms to the range and flashes it
            _single["single_applied"] = dock.apply_selected_fix()
            _single["single_conflicts_after"] = [
                {"rule": c.finding.rule, "layer": c.layer, "keys": list(c.finding.keys)}
                for c in dock.conflicts
            ]
            layer = dock.layers["TTQ"]
            _single["single_ttq_keys_after"] = sorted(str(f["BSM"]) for f in layer.getFeatures())
            # show what is left: the next conflict, the table and the breakdown of TTQ
            dock.select_layer("TTQ")
            if tree.topLevelItemCount():
                tree.setCurrentItem(tree.topLevelItem(0))
        # digitise: QGIS's own add-feature tool on the active, editable TTQ layer
        dock.select_layer("TTQ")
        _single["single_digitise"] = dock.digitise()
        tool = iface.mapCanvas().mapTool()
        _single["single_digitise_tool_is_add_feature"] = (
            tool is not None and tool.action() is iface.actionAddFeature()
        )
        _single["single_active_layer"] = iface.activeLayer().name() if iface.activeLayer() else ""
        snapping = QgsProject.instance().snappingConfig()
        _single["single_snapping"] = snapping.enabled()
        _single["single_ttq_after"] = _ttq_count(dock)
        _single["single_rows_after"] = _single_layer_rows(dock)
        _single["single_summary"] = dock.findChild(QLabel, "LandSurveySingleLayerSummary").text()
        _single["single_children"] = sorted(
            {w.objectName() for w in dock.findChildren(QWidget) if w.objectName()}
        )
        window.resizeDocks([dock], [760], Qt.Horizontal)
    except Exception as exc:  # recorded for the test, which shows it
        import traceback

        _single["single_error"] = "".join(traceback.format_exception(exc))
    QTimer.singleShot(2500, _finish)


def _worklist_keys(keys: list[str]) -> None:
    """Press the shortcuts like a user: key events to the focused widget of QGIS's window."""
    from qgis.PyQt.QtTest import QTest
    from qgis.PyQt.QtWidgets import QApplication

    window = iface.mainWindow()
    window.activateWindow()
    QApplication.setActiveWindow(window)
    iface.mapCanvas().setFocus()
    modifiers = Qt.ControlModifier | Qt.AltModifier
    for key in keys:
        QTest.keyClick(QApplication.focusWidget() or iface.mapCanvas(), key, modifiers)
        iface.mapCanvas().waitWhileRendering()


def _worklist_ready(ok: bool) -> None:
    from qgis.gui import QgsGui
    from qgis.PyQt.QtGui import QKeySequence

    window = iface.mainWindow()
    dock = window.findChild(QDockWidget, WORKLIST_DOCK)
    try:
        _worklist["worklist_built"] = ok
        _worklist["worklist_length"] = len(dock.worklist)
        _worklist["worklist_first_key"] = dock.worklist.current.key if len(dock.worklist) else ""
        _worklist_keys([Qt.Key_Period, Qt.Key_Period, Qt.Key_Period, Qt.Key_Comma])
        dock.note_edit.setText("地类与影像一致")
        _worklist_keys([Qt.Key_Y])
        _worklist_keys([Qt.Key_Period])
        dock.note_edit.setText("需外业核查")
        _worklist_keys([Qt.Key_F])
        item = dock.worklist.current
        layer = dock.parcel_layer()
        _worklist["worklist_cursor"] = dock.worklist.cursor
        _worklist["worklist_current_key"] = item.key
        _worklist["worklist_current_fid"] = item.fid
        _worklist["worklist_selected"] = list(layer.selectedFeatureIds())
        box = layer.getFeature(item.fid).geometry().boundingBox()
        _worklist["worklist_parcel_in_view"] = iface.mapCanvas().extent().contains(box)
        _worklist["worklist_extent_width"] = iface.mapCanvas().extent().width()
        _worklist["worklist_marks"] = [
            [i.key, i.mark.status, i.mark.note] for i in dock.worklist.items if i.mark
        ]
        _worklist["worklist_progress"] = dock.progress_label.text()
        manager = QgsGui.shortcutsManager()
        clashes = {}
        for action in dock.actions_by_name.values():
            sequence = action.shortcut().toString()
            others = [
                getattr(o, "objectName", lambda: "")() or str(o)
                for o in manager.listAll()
                if o is not action
                and QKeySequence(manager.objectDefaultKeySequence(o)).toString() == sequence
            ]
            others += [
                a.objectName() or a.text()
                for a in window.findChildren(QAction)
                if a is not action and a.shortcut().toString() == sequence and sequence
            ]
            if others:
                clashes[sequence] = others
        _worklist["worklist_shortcut_clashes"] = clashes
        _worklist["ctrl_alt_taken"] = sorted(
            {
                a.shortcut().toString()
                for a in window.findChildren(QAction)
                if a.shortcut().toString().startswith("Ctrl+Alt+")
                and a.objectName() not in dock.actions_by_name
            }
        )
        _worklist["worklist_shortcuts"] = {
            name: a.shortcut().toString() for name, a in dock.actions_by_name.items()
        }
        _worklist["worklist_children"] = sorted(
            {w.objectName() for w in dock.findChildren(QWidget) if w.objectName()}
        )
        window.resizeDocks([dock], [620], Qt.Horizontal)
    except Exception as exc:  # recorded for the test, which shows it
        import traceback

        _worklist["worklist_error"] = "".join(traceback.format_exception(exc))
    QTimer.singleShot(2500, _finish)


def _worklist_probe() -> None:
    window = iface.mainWindow()
    action = window.findChild(QAction, "LandSurveyWorklist")
    dock = window.findChild(QDockWidget, WORKLIST_DOCK)
    if action is None or dock is None:
        _worklist["worklist_error"] = "no Review worklist action or no worklist dock"
        _finish()
        return
    action.trigger()
    _worklist["worklist_dock_visible"] = dock.isVisible()
    _worklist["worklist_dock_area"] = int(window.dockWidgetArea(dock))
    dock.worklist_ready.connect(_worklist_ready)
    from landsurvey_plugin.model import worklist as wl

    dock.set_source(wl.SOURCE_CHANGES)
    if not dock.create_worklist(ask=False):
        _worklist["worklist_error"] = "not started: " + dock.status_label.text()
        _finish()


def _photos_shown(path: str) -> None:
    dock = iface.mainWindow().findChild(QDockWidget, "LandSurveyPhotoDock")
    _photos["photos_shown"] = path
    _photos["photos_view_size"] = [dock.view_image.width(), dock.view_image.height()]
    QTimer.singleShot(1500, _finish)


def _photos_task(kind: str) -> None:
    dock = iface.mainWindow().findChild(QDockWidget, "LandSurveyPhotoDock")
    _photos.setdefault("photos_tasks", []).append(kind)
    try:
        if kind == "import":
            dock.start_relink()
            return
        by_parcel = dock.links()[0]
        bsm = max(sorted(by_parcel), key=lambda key: len(by_parcel[key]))
        dock.photo_shown.connect(_photos_shown)
        dock.parcels_layer.selectByExpression(f"\"BSM\" = '{bsm}'")
        _photos["photos_bsm"] = bsm
        _photos["photos_linked"] = sorted(link.file_name for link in by_parcel[bsm])
        _photos["photos_entries"] = [entry.file_name for entry in dock.entries]
        _photos["photos_metadata"] = dock.metadata.text()
        _photos["photos_wedge_area"] = dock.wedge_geometry().area()
        _photos["photos_messages"] = [
            item.text() for item in iface.messageBar().items() if hasattr(item, "text")
        ]
        iface.mapCanvas().zoomToSelected(dock.parcels_layer)
    except Exception as exc:
        import traceback

        _photos["photos_error"] = "".join(traceback.format_exception(exc))
        _finish()


def _photos_probe() -> None:
    window = iface.mainWindow()
    action = window.findChild(QAction, "LandSurveyPhotos")
    dock = window.findChild(QDockWidget, "LandSurveyPhotoDock")
    if action is None or dock is None:
        _photos["photos_error"] = "no Evidence photos action or no photo dock"
        _finish()
        return
    action.trigger()
    _photos["photos_dock_visible"] = dock.isVisible()
    _photos["photos_children"] = sorted(
        {w.objectName() for w in dock.findChildren(QWidget) if w.objectName()}
    )
    dock.task_finished.connect(_photos_task)
    folder = os.path.join(os.path.dirname(QgsProject.instance().fileName()), "photos")
    if dock.start_import(folder) is None:
        _photos["photos_error"] = "import not started"
        _finish()
    QTimer.singleShot(120_000, _finish)  # a hung task still ends the probe


# -- open a county, edit a parcel, split one (LANDSURVEY_PROBE_EDIT) ----------------------
EDITED_CLASS = "0301"  # 乔木林地: not 耕地, so the 耕地 fields go


def _plain(value):
    """An attribute as JSON: NULL -> None, numbers and text as they are."""
    from qgis.core import NULL

    if value is None or value == NULL:
        return None
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def _values(layer, fid: int) -> dict:
    feature = layer.getFeature(fid)
    return {f.name(): _plain(feature[f.name()]) for f in layer.fields()}


def _answer_questions() -> None:
    """Answer a modal message box like the user would (Yes/Apply); recorded."""
    from qgis.PyQt.QtWidgets import QApplication, QMessageBox

    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        return
    _edit.setdefault("edit_questions", []).append(box.text())
    for role in (QMessageBox.Yes, QMessageBox.Apply, QMessageBox.Ok):
        button = box.button(role)
        if button is not None:
            button.click()
            return


def _fill_open_dialog(attempt: int = 0) -> None:
    """The "Open county database" dialog: set the GeoPackage, read the mapping, Load."""
    from qgis.PyQt.QtTest import QTest
    from qgis.PyQt.QtWidgets import QApplication

    dialog = QApplication.activeModalWidget()
    if dialog is None or dialog.objectName() != "LandSurveyOpenCountyDialog":
        if attempt < 100:
            QTimer.singleShot(200, lambda: _fill_open_dialog(attempt + 1))
        return
    _edit["open_dialog"] = dialog.objectName()
    _edit["open_dialog_title"] = dialog.windowTitle()
    dialog.set_path(os.environ["LANDSURVEY_PROBE_COUNTY"])
    _edit["open_mapping"] = dialog.mapping()
    _edit["open_status"] = dialog.status.text()
    _edit["open_warnings"] = dialog.warnings.toPlainText()
    _edit["open_load_enabled"] = dialog.load_button.isEnabled()
    QTest.mouseClick(dialog.load_button, Qt.LeftButton)
    if dialog.isVisible():  # not loaded: say why and close, the probe goes on to report
        _edit["open_error"] = dialog.status.text()
        dialog.reject()


def _edit_probe() -> None:
    from qgis.core import QgsLayerTreeGroup

    window = iface.mainWindow()
    action = window.findChild(QAction, "LandSurveyOpenCounty")
    if action is None:
        _edit["edit_error"] = "no Open county database action"
        _finish()
        return
    _edit["open_project_before"] = QgsProject.instance().fileName()
    _edit["open_layers_before"] = len(QgsProject.instance().mapLayers())
    QTimer.singleShot(300, _fill_open_dialog)
    action.trigger()  # the dialog's own event loop runs until Load closes it
    root = QgsProject.instance().layerTreeRoot()
    groups = [node for node in root.children() if isinstance(node, QgsLayerTreeGroup)]
    _edit["open_groups"] = [group.name() for group in groups]
    _edit["open_group_layers"] = {
        group.name(): [layer.name() for layer in group.findLayers()] for group in groups
    }
    layer = iface.activeLayer()
    _edit["open_active_layer"] = layer.name() if layer else ""
    _edit["open_messages"] = [
        item.text() for item in iface.messageBar().items() if hasattr(item, "text")
    ]
    QTimer.singleShot(1500, _edit_parcel)


def _parcel_layer():
    from landsurvey_plugin.adapters.layer_roles import saved_role
    from landsurvey_plugin.rules.dataset import PARCELS

    return saved_role(QgsProject.instance(), PARCELS)


def _largest(layer, dlbm: str, skip: tuple = ()) -> int:
    parcels = [f for f in layer.getFeatures(f"\"DLBM\" = '{dlbm}'") if f.id() not in skip]
    return max(parcels, key=lambda f: f.geometry().area()).id()


def _edit_parcel() -> None:
    """The parcel dock: DLBM 0103 → 0301 in its editor, Apply, one undo, one redo."""
    from qgis.PyQt.QtTest import QTest
    from qgis.PyQt.QtWidgets import QComboBox, QPushButton

    window = iface.mainWindow()
    try:
        layer = _parcel_layer()
        _edit["edit_layer"] = layer.name() if layer else ""
        window.findChild(QAction, "LandSurveyParcelDock").trigger()
        dock = window.findChild(QDockWidget, "LandSurveyParcelDock")
        _edit["edit_dock_visible"] = dock.isVisible()
        _edit["edit_dock_area"] = int(window.dockWidgetArea(dock))
        fid = _largest(layer, "0103")
        before = _values(layer, fid)
        _edit["edit_fid"] = fid
        _edit["edit_before"] = before
        layer.selectByIds([fid])
        iface.mapCanvas().zoomToSelected(layer)
        QgsApplication.processEvents()
        _edit["edit_dock_title"] = dock.findChild(QLabel, "parcelTitle").text()
        editor = dock.findChild(QComboBox, "DLBM")
        editor.setFocus()
        editor.setCurrentIndex(editor.findData(EDITED_CLASS))  # as picked from the list
        QgsApplication.processEvents()
        _edit["edit_pending"] = sorted(dock.pending)
        _edit["edit_form_dlmc"] = dock.form.value("DLMC")
        _edit["edit_badge"] = dock.badge.text() if dock.badge.isVisible() else ""
        _edit["edit_summary"] = dock.summary.text()
        _edit["edit_editable_before_apply"] = layer.isEditable()
        answers = QTimer()
        answers.timeout.connect(_answer_questions)
        answers.start(150)  # the start-editing question (and any other) comes modal
        apply_button = dock.findChild(QPushButton, "applyButton")
        _edit["edit_apply_enabled"] = apply_button.isEnabled()
        QTest.mouseClick(apply_button, Qt.LeftButton)
        answers.stop()
        _edit["edit_editable_after_apply"] = layer.isEditable()
        after = _values(layer, fid)
        _edit["edit_after"] = after
        _edit["edit_changed"] = sorted(k for k in after if after[k] != before[k])
        stack = layer.undoStack()
        _edit["edit_undo_count"] = stack.count()
        _edit["edit_undo_text"] = stack.text(stack.count() - 1) if stack.count() else ""
        stack.undo()
        undone = _values(layer, fid)
        _edit["edit_undo_restores"] = undone == before
        _edit["edit_undo_diff"] = {
            k: [before[k], undone[k]] for k in before if undone[k] != before[k]
        }
        stack.redo()
        _edit["edit_redo_restores"] = _values(layer, fid) == after
        QgsApplication.processEvents()
        _edit["edit_dock_dlbm_after_redo"] = dock.form.value("DLBM")
    except Exception as exc:  # recorded for the test, which shows it
        import traceback

        _edit["edit_error"] = "".join(traceback.format_exception(exc))
        _finish()
        return
    QTimer.singleShot(1000, _split_parcel)


def _canvas_pixel(point):
    """A map point as a pixel of the canvas viewport."""
    from qgis.PyQt.QtCore import QPoint

    pixel = iface.mapCanvas().getCoordinateTransform().transform(point)
    return QPoint(round(pixel.x()), round(pixel.y()))


def _split_parcel() -> None:
    """QGIS's split tool: two left clicks across a large parcel, a right click to finish."""
    from qgis.core import QgsPointXY
    from qgis.PyQt.QtTest import QTest

    canvas = iface.mapCanvas()
    try:
        layer = _parcel_layer()
        target = _largest(layer, "0103", skip=(_edit["edit_fid"],))
        feature = layer.getFeature(target)
        zldwdm = feature["ZLDWDM"]
        _edit["split_fid"] = target
        _edit["split_before"] = {n: _plain(feature[n]) for n in ("BSM", "TBBH", "ZLDWDM", "TBMJ")}
        _edit["split_count_before"] = layer.featureCount()
        _edit["split_undo_before"] = layer.undoStack().count()
        _edit["split_tbbh_max_before"] = max(
            int(f["TBBH"])
            for f in layer.getFeatures(f"\"ZLDWDM\" = '{zldwdm}'")
            if str(f["TBBH"]).isdigit()
        )
        _edit["split_bsm_before"] = sorted(str(f["BSM"]) for f in layer.getFeatures())
        layer.selectByIds([target])  # QGIS splits only the selected parcels
        iface.setActiveLayer(layer)
        canvas.zoomToSelected(layer)
        canvas.zoomByFactor(1.8)
        canvas.refresh()
        canvas.waitWhileRendering()
        QgsApplication.processEvents()
        box = canvas.mapSettings().layerExtentToOutputExtent(
            layer, feature.geometry().boundingBox()
        )
        x = box.center().x()
        top = QgsPointXY(x, box.yMaximum() + 0.2 * box.height())
        bottom = QgsPointXY(x, box.yMinimum() - 0.2 * box.height())
        iface.actionSplitFeatures().trigger()
        tool = canvas.mapTool()
        _edit["split_tool"] = type(tool).__name__ if tool else ""
        _edit["split_tool_is_qgis"] = (
            tool is not None and tool.action() is iface.actionSplitFeatures()
        )
        viewport = canvas.viewport()
        pixels = [_canvas_pixel(top), _canvas_pixel(bottom)]
        _edit["split_pixels"] = [[p.x(), p.y()] for p in pixels]
        _edit["split_viewport"] = [viewport.width(), viewport.height()]
        for pixel in pixels:
            QTest.mouseMove(viewport, pixel)
            QTest.mouseClick(viewport, Qt.LeftButton, Qt.NoModifier, pixel)
            QgsApplication.processEvents()
        QTest.mouseClick(viewport, Qt.RightButton, Qt.NoModifier, pixels[-1])
        QgsApplication.processEvents()
        _edit["split_method"] = "split tool (mouse clicks)"
        if layer.featureCount() == _edit["split_count_before"]:
            # the clicks did not reach the tool: the same edit command QGIS's tool runs
            _edit["split_method"] = "layer.splitFeatures"
            to_layer = canvas.mapSettings().mapToLayerCoordinates
            layer.beginEditCommand("Features split")
            _edit["split_result"] = int(
                layer.splitFeatures([to_layer(layer, top), to_layer(layer, bottom)])
            )
            layer.endEditCommand()
    except Exception as exc:  # recorded for the test, which shows it
        import traceback

        _edit["split_error"] = "".join(traceback.format_exception(exc))
        _finish()
        return
    QTimer.singleShot(1000, _split_done)


def _split_done() -> None:
    import shapely

    from landsurvey_plugin.adapters.crs import area_frame
    from landsurvey_plugin.model.area import ellipsoidal_areas, parcel_areas

    window = iface.mainWindow()
    canvas = iface.mapCanvas()
    try:
        layer = _parcel_layer()
        target = _edit["split_fid"]
        added = sorted(layer.editBuffer().addedFeatures())
        _edit["split_count_after"] = layer.featureCount()
        stack = layer.undoStack()
        _edit["split_undo_after"] = stack.count()
        _edit["split_undo_text"] = stack.text(stack.count() - 1) if stack.count() else ""
        parts = []
        for fid in [target, *added]:
            feature = layer.getFeature(fid)
            geometry = feature.geometry()
            frame = area_frame(
                layer.crs(), geometry.boundingBox(), QgsProject.instance().transformContext()
            )
            shape = shapely.from_wkb(bytes(geometry.asWkb()))
            kcxs = _plain(feature["KCXS"])
            expected = parcel_areas(float(ellipsoidal_areas([shape], frame.zone)[0]), kcxs)
            part = {n: _plain(feature[n]) for n in ("BSM", "TBBH", "ZLDWDM", "DLBM", "KCXS")}
            part.update({n: _plain(feature[n]) for n in ("TBMJ", "KCMJ", "TBDLMJ")})
            part["fid"] = fid
            part["wkt"] = geometry.asWkt()
            part["expected"] = {
                "TBMJ": expected.tbmj,
                "KCMJ": expected.kcmj,
                "TBDLMJ": expected.tbdlmj,
            }
            parts.append(part)
        _edit["split_parts"] = parts
        _edit["split_crs"] = layer.crs().authid()
        # what the operator sees: both parts selected and in view, the dock on the new one
        layer.selectByIds([target, *added])
        canvas.zoomToSelected(layer)
        canvas.zoomByFactor(1.6)
        iface.actionPan().trigger()
        dock = window.findChild(QDockWidget, "LandSurveyParcelDock")
        dock.show()
        dock.raise_()
        window.resizeDocks([dock], [560], Qt.Horizontal)
        QgsApplication.processEvents()
        _edit["split_dock_title"] = dock.findChild(QLabel, "parcelTitle").text()
        _edit["split_dock_visible"] = dock.isVisible()
        _edit["split_selected"] = sorted(layer.selectedFeatureIds())
        box = layer.boundingBoxOfSelected()
        view = canvas.mapSettings().outputExtentToLayerExtent(layer, canvas.extent())
        _edit["split_in_view"] = view.contains(box)
    except Exception as exc:  # recorded for the test, which shows it
        import traceback

        _edit["split_error"] = "".join(traceback.format_exception(exc))
    QTimer.singleShot(2500, _finish)


# -- imagery checks with the DOM loaded (LANDSURVEY_PROBE_IMAGERY) -------------------------
PIXEL_RULES = (
    "imagery_cultivated_looks_built",
    "imagery_built_looks_vegetated",
    "imagery_water_looks_dry",
    "imagery_class_mismatch",
    "imagery_change_unrecorded",
)


def _imagery_probe() -> None:
    from qgis.core import QgsRasterLayer

    folder = os.path.dirname(QgsProject.instance().fileName())
    with open(os.path.join(folder, "defects.json"), encoding="utf-8") as handle:
        side = json.load(handle)["imagery"]
    project = QgsProject.instance()
    root = project.layerTreeRoot()
    # as an operator would: the other current tiles beside the project's DOM, the previous
    # image at the bottom and switched off (the checks and the chips read it all the same)
    dom = next((n for n in root.findLayers() if n.layer().source().endswith("dom.tif")), None)
    parent = dom.parent() if dom is not None else root
    added = []
    names = [(n, n, True) for n in side["current"] if n != "dom.tif"]  # dom.tif: loaded
    names += [(n, f"{n} 前时相", False) for n in side["previous"]]
    for file_name, layer_name, current in names:
        layer = QgsRasterLayer(os.path.join(folder, file_name), layer_name)
        if not layer.isValid():
            continue
        project.addMapLayer(layer, False)
        if current:
            node = parent.insertLayer(parent.children().index(dom) if dom else 0, layer)
        else:
            node = root.insertLayer(len(root.children()), layer)
            node.setItemVisibilityChecked(False)
        node.setExpanded(False)
        added.append(layer_name)
    _imagery["imagery_added"] = added
    _run_checks(_imagery_checks_finished)


def _imagery_checks_finished(ok: bool) -> None:
    from qgis.PyQt.QtTest import QTest

    from landsurvey_plugin.gui.results_model import (
        CATEGORY_ROLE,
        FINDING_ROLE,
        RULE_ROLE,
        TITLE_ROLE,
    )

    _checks["checks_finished"] = ok
    window = iface.mainWindow()
    dock = window.findChild(QDockWidget, DOCK)
    try:
        _imagery["imagery_labels"] = {k: len(v) for k, v in dock.imagery.items()}
        proxy, tree = dock.proxy, dock.tree
        rules, first = {}, {}
        for c in range(proxy.rowCount()):
            category = proxy.index(c, 0)
            if category.data(CATEGORY_ROLE) != "imagery":
                continue
            _imagery["imagery_category_title"] = category.data(TITLE_ROLE)
            _imagery["imagery_category_text"] = category.data()
            tree.expand(category)
            for r in range(proxy.rowCount(category)):
                rule = proxy.index(r, 0, category)
                rule_id = rule.data(RULE_ROLE)
                rules[rule_id] = {"title": rule.data(TITLE_ROLE), "count": proxy.rowCount(rule)}
                if proxy.rowCount(rule):
                    first[rule_id] = (rule, proxy.index(0, 0, rule))
        _imagery["imagery_rules"] = rules
        chosen = next((r for r in PIXEL_RULES if r in first), None)
        _imagery["imagery_chosen_rule"] = chosen
        if chosen is not None:
            rule, index = first[chosen]
            tree.expand(rule)
            tree.scrollTo(index)
            QgsApplication.processEvents()
            rect = tree.visualRect(index)
            QTest.mouseClick(tree.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
            QgsApplication.processEvents()
            finding = tree.currentIndex().sibling(tree.currentIndex().row(), 0).data(FINDING_ROLE)
            _imagery["imagery_selected_rule"] = finding.rule if finding else None
            _imagery["imagery_selected_key"] = list(finding.keys) if finding else []
            chip = dock.findChild(QLabel, "LandSurveyResultsChip")
            pixmap = chip.pixmap()
            _imagery["imagery_chip_visible"] = chip.isVisible()
            _imagery["imagery_chip_size"] = (
                [pixmap.width(), pixmap.height()] if pixmap is not None else [0, 0]
            )
            _imagery["imagery_chip_shown_size"] = [chip.width(), chip.height()]
            if pixmap is not None:
                window.resizeDocks([dock], [pixmap.width() + 80], Qt.Horizontal)
                QgsApplication.processEvents()
                _imagery["imagery_chip_shown_size"] = [chip.width(), chip.height()]
                tree.scrollTo(tree.currentIndex())
    except Exception as exc:  # recorded for the test, which shows it
        import traceback

        _imagery["imagery_error"] = "".join(traceback.format_exception(exc))
    QTimer.singleShot(2500, _finish)


def _start() -> None:
    iface.mainWindow().showMaximized()
    if QgsProject.instance().mapLayers():
        iface.mapCanvas().zoomToFullExtent()
    delay = int(os.environ.get("LANDSURVEY_PROBE_DELAY_MS", "4000"))
    if os.environ.get("LANDSURVEY_PROBE_RUN_CHECKS") == "1":
        QTimer.singleShot(delay, _run_checks)
    elif os.environ.get("LANDSURVEY_PROBE_SINGLE_LAYERS") == "1":
        QTimer.singleShot(delay, _single_layers)
    elif os.environ.get("LANDSURVEY_PROBE_WORKLIST") == "1":
        QTimer.singleShot(delay, _worklist_probe)
    elif os.environ.get("LANDSURVEY_PROBE_PHOTOS") == "1":
        QTimer.singleShot(delay, _photos_probe)
    elif os.environ.get("LANDSURVEY_PROBE_EDIT") == "1":
        QTimer.singleShot(delay, _edit_probe)
    elif os.environ.get("LANDSURVEY_PROBE_IMAGERY") == "1":
        QTimer.singleShot(delay, _imagery_probe)
    else:
        QTimer.singleShot(delay, _finish)


_start()
