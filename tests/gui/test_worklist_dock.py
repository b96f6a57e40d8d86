"""The worklist dock on the demo county: keyboard shortcuts walk the list over the real canvas,
the selection follows, marks and the cursor survive saving and reopening the project."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from qgis.core import QgsFeatureRequest, QgsProject, QgsRectangle, QgsVectorLayer
from qgis.gui import QgsGui
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QApplication, QLabel, QMainWindow

from landsurvey_plugin.adapters.check_dataset import build_dataset, snapshot
from landsurvey_plugin.gui.worklist_dock import SHORTCUTS, WorklistDock
from landsurvey_plugin.model import worklist as wl
from landsurvey_plugin.model.profile import load_profile
from landsurvey_plugin.rules.dataset import PARCELS
from landsurvey_plugin.rules.engine import run_checks
from landsurvey_plugin.toolbelt.settings import load_settings, save_settings

EXPRESSION = "\"DLBM\" LIKE '01%'"
CTRL_ALT = Qt.ControlModifier | Qt.AltModifier


@pytest.fixture
def county(demo_county, tmp_path):
    folder = tmp_path / "county"
    shutil.copytree(demo_county, folder)
    project = QgsProject.instance()
    assert project.read(str(folder / "county.qgs"))
    yield folder
    project.clear()


def parcels() -> QgsVectorLayer:
    return next(
        layer
        for layer in QgsProject.instance().mapLayers().values()
        if layer.name().split()[-1] == "DLTB"
    )


@pytest.fixture
def window(county, qgis_iface, qgis_canvas, qtbot):
    """A main window holding the dock, with the shortcuts registered as plugin.py does."""
    saved = load_settings()
    save_settings(replace(saved, worklist_margin=0.5))
    main = QMainWindow()
    main.setCentralWidget(QLabel("map"))
    qgis_canvas.setDestinationCrs(parcels().crs())
    qgis_canvas.resize(600, 500)
    qgis_canvas.show()
    dock = WorklistDock(
        qgis_canvas, load_profile("2024-national"), QgsProject.instance(), qgis_iface.messageBar()
    )
    main.addDockWidget(Qt.RightDockWidgetArea, dock)
    dock.register_shortcuts(main)
    qtbot.addWidget(main)
    main.resize(900, 700)
    main.show()
    QApplication.setActiveWindow(main)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    yield main, dock
    dock.dispose()
    save_settings(saved)


def build_from_expression(dock: WorklistDock, qtbot) -> wl.Worklist:
    dock.set_source(wl.SOURCE_EXPRESSION)
    dock.expression_widget.setExpression(EXPRESSION)
    with qtbot.waitSignal(dock.worklist_ready, timeout=60_000) as ready:
        assert dock.create_worklist()
    assert ready.args == [True]
    return dock.worklist


def press(dock: WorklistDock, qtbot, key) -> None:
    dock.note_edit.setFocus()
    qtbot.keyClick(dock.note_edit, key, CTRL_ALT)


def assert_shown(dock: WorklistDock, canvas, item: wl.WorkItem) -> None:
    layer = parcels()
    assert layer.selectedFeatureIds() == [item.fid]
    feature = layer.getFeature(item.fid)
    assert feature["BSM"] == item.key
    box = feature.geometry().boundingBox()
    margin = dock.margin_spin.value() / 100.0
    grown = QgsRectangle(
        box.xMinimum() - box.width() * margin * 0.99,
        box.yMinimum() - box.height() * margin * 0.99,
        box.xMaximum() + box.width() * margin * 0.99,
        box.yMaximum() + box.height() * margin * 0.99,
    )
    assert canvas.extent().contains(grown), (canvas.extent().toString(), grown.toString())
    # and no more than that: the view is tight in one direction (the canvas keeps its shape)
    need_w = max(box.width() * (1 + 2 * margin), 50)
    need_h = max(box.height() * (1 + 2 * margin), 50)
    extent = canvas.extent()
    assert extent.width() <= need_w * 1.01 or extent.height() <= need_h * 1.01


def test_shortcuts_walk_the_list_zoom_with_margin_and_select(window, qtbot, qgis_canvas):
    _main, dock = window
    worklist = build_from_expression(dock, qtbot)
    expected = [
        f["BSM"] for f in parcels().getFeatures(QgsFeatureRequest().setFilterExpression(EXPRESSION))
    ]
    assert [i.key for i in worklist.items] == expected and len(expected) > 3
    assert dock.model.rowCount() == len(expected)
    assert_shown(dock, qgis_canvas, worklist.items[0])  # a new list shows its first parcel

    shown = []
    dock.parcel_shown.connect(lambda layer, fid: shown.append((layer.id(), fid)))
    press(dock, qtbot, Qt.Key_Period)
    assert dock.worklist.cursor == 1
    assert_shown(dock, qgis_canvas, worklist.items[1])
    press(dock, qtbot, Qt.Key_Period)
    assert_shown(dock, qgis_canvas, worklist.items[2])
    press(dock, qtbot, Qt.Key_Comma)
    assert dock.worklist.cursor == 1
    assert_shown(dock, qgis_canvas, worklist.items[1])
    layer_id = parcels().id()
    assert shown == [(layer_id, worklist.items[i].fid) for i in (1, 2, 1)]
    assert dock.view.currentIndex().row() == 1

    # a bigger margin (the setting) shows more ground around the same parcel
    assert dock.margin_spin.value() == 50  # the default setting
    before = qgis_canvas.extent().width()
    dock.margin_spin.setValue(200)
    assert load_settings().worklist_margin == 2.0
    press(dock, qtbot, Qt.Key_Period)
    press(dock, qtbot, Qt.Key_Comma)
    assert qgis_canvas.extent().width() > before
    assert_shown(dock, qgis_canvas, worklist.items[1])


def test_shortcuts_are_registered_with_qgis_and_can_be_rebound(window, qtbot):
    _main, dock = window
    manager = QgsGui.shortcutsManager()
    for name, default in SHORTCUTS.items():
        action = dock.actions_by_name[name]
        assert manager.actionByName(action.text()) is action  # listed under its full text
        assert action.text().startswith("Worklist: ")
        assert manager.defaultKeySequence(action) == default
        assert action.shortcut().toString() == default
    worklist = build_from_expression(dock, qtbot)
    action = dock.actions_by_name["LandSurveyWorklistNext"]
    try:
        assert manager.setKeySequence(action, "Ctrl+Alt+N")
        press(dock, qtbot, Qt.Key_N)
        assert dock.worklist.cursor == 1 and worklist.cursor == 1
        press(dock, qtbot, Qt.Key_Period)  # the old key no longer steps
        assert dock.worklist.cursor == 1
        assert "Ctrl+Alt+N" in action.toolTip()
    finally:
        manager.setKeySequence(action, SHORTCUTS["LandSurveyWorklistNext"])


def test_marks_with_notes_persist_in_the_saved_project(
    window, qtbot, qgis_canvas, qgis_iface, tmp_path
):
    _main, dock = window
    worklist = build_from_expression(dock, qtbot)
    dock.note_edit.setText("地类无误")
    press(dock, qtbot, Qt.Key_Y)
    press(dock, qtbot, Qt.Key_Period)
    dock.note_edit.setText("边界不清，需外业")
    press(dock, qtbot, Qt.Key_F)
    press(dock, qtbot, Qt.Key_Period)
    press(dock, qtbot, Qt.Key_Y)
    press(dock, qtbot, Qt.Key_X)  # changed their mind: cleared
    total = len(worklist)
    assert dock.progress_label.text().startswith(f"1 / {total} reviewed")
    assert "1 need a field visit" in dock.progress_label.text()
    assert dock.model.index(1, 3).data() == "needs field visit"
    assert dock.model.index(1, 4).data() == "边界不清，需外业"
    cursor_key = worklist.current.key

    saved = tmp_path / "review.qgz"
    assert QgsProject.instance().write(str(saved))
    QgsProject.instance().clear()
    assert len(dock.worklist) == 0 and dock.progress_label.text() == "No worklist."

    assert QgsProject.instance().read(str(saved))
    assert dock.worklist.cursor == 2 and dock.worklist.current.key == cursor_key
    again = dock.worklist.items
    assert again[0].mark.status == wl.REVIEWED and again[0].mark.note == "地类无误"
    assert again[1].mark.status == wl.FIELD_VISIT and again[2].mark is None
    # a second dock (tomorrow's QGIS session) resumes there too, and steps on from it
    other = WorklistDock(qgis_canvas, load_profile("2024-national"), QgsProject.instance())
    qtbot.addWidget(other)
    try:
        assert other.worklist.cursor == 2 and other.note_edit.text() == ""
        assert other.step(-1)
        assert other.note_edit.text() == "边界不清，需外业"
        assert parcels().selectedFeatureIds() == [other.worklist.current.fid]
    finally:
        other.dispose()


def test_from_check_results_lists_the_parcels_of_the_findings(window, qtbot):
    _main, dock = window
    layer = parcels()
    dataset, _ = build_dataset(
        {PARCELS: snapshot(layer, PARCELS)}, QgsProject.instance().transformContext()
    )
    run = run_checks(dataset, load_profile("2024-national"))
    on_parcels = [f for f in run.findings if f.layer == PARCELS]
    assert on_parcels
    dock.findings = lambda: list(run.findings)
    dock.set_source(wl.SOURCE_FINDINGS)
    assert dock.create_worklist()
    keys = [item.key for item in dock.worklist.items]
    assert set(keys) == {k for f in on_parcels for k in f.keys}
    assert len(keys) == len(set(keys))
    first = dock.worklist.items[0]
    assert first.reason and all(r in {f.rule for f in on_parcels} for r in first.reason.split(", "))
    assert layer.selectedFeatureIds() == [first.fid]


def test_changes_and_selection_sources(window, qtbot):
    _main, dock = window
    dock.set_source(wl.SOURCE_CHANGES)
    with qtbot.waitSignal(dock.worklist_ready, timeout=60_000) as ready:
        assert dock.create_worklist()
    assert ready.args == [True]
    assert all(item.reason for item in dock.worklist.items)
    assert any("→" in item.reason for item in dock.worklist.items)

    layer = parcels()
    fids = sorted(layer.allFeatureIds())[10:14]
    layer.selectByIds(fids)
    dock.set_source(wl.SOURCE_SELECTION)
    assert dock.create_worklist(ask=False)
    assert [item.fid for item in dock.worklist.items] == fids
    assert dock.worklist.source == wl.SOURCE_SELECTION


def test_bad_input_is_explained_and_keeps_the_list(window, qtbot):
    _main, dock = window
    worklist = build_from_expression(dock, qtbot)
    dock.set_source(wl.SOURCE_EXPRESSION)
    dock.expression_widget.setExpression('"NO_SUCH" = 1')
    assert not dock.create_worklist(ask=False)
    assert "NO_SUCH" in dock.status_label.text()
    dock.set_source(wl.SOURCE_FINDINGS)
    assert not dock.create_worklist(ask=False)  # no results dock, no findings
    assert "run the checks first" in dock.status_label.text()
    assert dock.worklist is worklist

    # a parcel deleted since the list was built is said to be gone, nothing else is selected
    layer = parcels()
    gone = worklist.items[1]
    assert layer.startEditing() and layer.deleteFeature(gone.fid)
    try:
        press(dock, qtbot, Qt.Key_Period)
        assert dock.worklist.cursor == 1
        assert gone.key in dock.status_label.text() and "no longer" in dock.status_label.text()
        assert layer.selectedFeatureIds() == []
    finally:
        layer.rollBack()


def test_plugin_adds_the_dock_action_and_shortcuts_and_removes_them(county, qgis_iface, qtbot):
    from landsurvey_plugin import classFactory

    plugin = classFactory(qgis_iface)
    plugin.initGui()
    manager = QgsGui.shortcutsManager()
    try:
        dock = plugin.worklist_dock
        assert dock.objectName() == "LandSurveyWorklistDock"
        assert "LandSurveyWorklist" in plugin.actions
        next_action = dock.actions_by_name["LandSurveyWorklistNext"]
        assert manager.actionByName(next_action.text()) is next_action
        assert next_action in qgis_iface.mainWindow().actions()
        plugin.actions["LandSurveyWorklist"].trigger()
        assert not dock.isHidden()
        # the plugin hands the results dock's findings to the worklist
        assert dock.findings() == plugin.results_dock.open_findings()
        # a step reaches the parcel dock (part B's, when the plugin has it)
        build_from_expression(dock, qtbot)
        assert dock.step(1)
        assert parcels().selectedFeatureIds() == [dock.worklist.current.fid]
        parcel_dock = getattr(plugin, "parcel_dock", None)
        if parcel_dock is not None:
            assert parcel_dock.fid == dock.worklist.current.fid
            assert dock.step(1)
            assert parcel_dock.fid == dock.worklist.current.fid
            assert dock.worklist.current.key in parcel_dock.title.text()
    finally:
        plugin.unload()
    assert manager.actionByName(next_action.text()) is None
    assert plugin.worklist_dock is None


def test_replacing_a_marked_list_asks_first(window, qtbot):
    """Marks are the reviewer's work: a new list replaces them only when the user says so."""
    from qgis.PyQt.QtCore import QTimer
    from qgis.PyQt.QtWidgets import QMessageBox

    _main, dock = window
    worklist = build_from_expression(dock, qtbot)
    dock.mark(wl.REVIEWED)
    answers = []

    def answer(button) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), box
        answers.append(box.text())
        box.button(button).click()

    layer = parcels()
    layer.selectByIds(sorted(layer.allFeatureIds())[:3])
    dock.set_source(wl.SOURCE_SELECTION)
    QTimer.singleShot(0, lambda: answer(QMessageBox.No))
    assert not dock.create_worklist()
    assert dock.worklist is worklist and worklist.items[0].mark is not None
    assert "1 marked parcels" in answers[0]
    QTimer.singleShot(0, lambda: answer(QMessageBox.Yes))
    assert dock.create_worklist()
    assert len(dock.worklist) == 3 and dock.worklist.counts()[wl.REVIEWED] == 0
