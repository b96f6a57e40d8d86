"""The results dock on the demo county: a real CheckTask, the real canvas, the real GeoPackage."""

from __future__ import annotations

import json
import shutil

import pytest
import shapely
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProject,
)
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtCore import QItemSelectionModel, Qt, QTimer
from qgis.PyQt.QtWidgets import QApplication, QInputDialog, QToolButton

from landsurvey_plugin.adapters.exception_store import ExceptionStore
from landsurvey_plugin.gui.results_dock import ResultsDock
from landsurvey_plugin.gui.results_model import FINDING_ROLE, KIND_ROLE, RULE_ROLE
from landsurvey_plugin.model.profile import load_profile

RUN_TIMEOUT_MS = 120_000  # a generous ceiling, not a performance assertion

# planted defect kind (scripts/make_demo_data.py) -> the rule that must report it
DEFECT_RULES = {
    "self_intersection": "dltb_geometry_invalid",
    "duplicate_vertex": "dltb_duplicate_vertex",
    "sliver": "dltb_sliver",
    "multipart": "dltb_multipart",
    "overlap": "dltb_overlap",
    "gap": "dltb_gap",
    "below_min_mapping_area": "min_mapping_area",
    "dlmc_mismatch": "dlmc_mismatch",
    "duplicate_bsm": "bsm_unique",
    "duplicate_tbbh": "tbbh_unique",
    "qsdwdm_length": "qsdwdm_length",
    "missing_zzsxdm": "zzsxdm_required",
    "gdpdjb_range": "gdpdjb_domain",
    "kcxs_without_kcdlbm": "kcdlbm_with_kcxs",
    "rural_road_width": "rural_road_width",
    "new_cultivated_fallow": "new_cultivated_zzsx",
    "tbmj_off": "tbmj_ellipsoidal",
    "ttq_wrong_host": "ttq_on_new_construction",
    "ccwjq_wrong_host": "ccwjq_not_on_construction",
    "gchzz_wrong_host": "gchzz_outside_hosts",
}


@pytest.fixture
def county(demo_county, tmp_path, qgis_iface):
    """A private copy of the demo county opened as the current project (exceptions are
    written into its GeoPackage)."""
    folder = tmp_path / "county"
    shutil.copytree(demo_county, folder)
    project = QgsProject.instance()
    assert project.read(str(folder / "county.qgs"))
    yield folder
    for layer in project.mapLayers().values():
        if getattr(layer, "isEditable", lambda: False)():
            layer.rollBack()
    project.clear()


@pytest.fixture
def defects(county):
    return json.loads((county / "defects.json").read_text(encoding="utf-8"))["defects"]


@pytest.fixture
def dock(county, qgis_iface, qgis_canvas, qtbot):
    widget = ResultsDock(
        qgis_canvas, load_profile("2024-national"), QgsProject.instance(), qgis_iface.messageBar()
    )
    qtbot.addWidget(widget)
    widget.resize(1000, 800)
    widget.show()
    yield widget
    if widget.running:
        with qtbot.waitSignal(widget.checks_finished, timeout=RUN_TIMEOUT_MS):
            widget.cancel_checks()
    widget.dispose()


def layer_named(table: str):
    return next(
        layer
        for layer in QgsProject.instance().mapLayers().values()
        if layer.name().split()[-1] == table
    )


def run(dock, qtbot, recheck=False) -> None:
    with qtbot.waitSignal(dock.checks_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        started = dock.recheck_selection() if recheck else dock.start_checks()
        assert started
    assert blocker.args == [True], dock.status


def visible_rows(dock):
    """(rule id, finding) of every finding row the tree shows."""
    proxy, rows = dock.proxy, []
    for c in range(proxy.rowCount()):
        category = proxy.index(c, 0)
        for r in range(proxy.rowCount(category)):
            rule = proxy.index(r, 0, category)
            for f in range(proxy.rowCount(rule)):
                rows.append((rule.data(RULE_ROLE), proxy.index(f, 0, rule).data(FINDING_ROLE)))
    return rows


def proxy_index_of(dock, predicate):
    proxy = dock.proxy
    for c in range(proxy.rowCount()):
        category = proxy.index(c, 0)
        for r in range(proxy.rowCount(category)):
            rule = proxy.index(r, 0, category)
            for f in range(proxy.rowCount(rule)):
                index = proxy.index(f, 0, rule)
                if predicate(index.data(FINDING_ROLE)):
                    return index
    raise AssertionError("no such finding in the tree")


def group_labels(dock) -> dict[str, str]:
    """Category label and rule labels as shown, keyed by category/rule id."""
    proxy, labels = dock.proxy, {}
    for c in range(proxy.rowCount()):
        category = proxy.index(c, 0)
        labels[category.data(KIND_ROLE) + ":" + str(c)] = category.data()
        for r in range(proxy.rowCount(category)):
            rule = proxy.index(r, 0, category)
            labels[rule.data(RULE_ROLE)] = rule.data()
    return labels


def click(dock, qtbot, index) -> None:
    dock.tree.scrollTo(index)
    rect = dock.tree.visualRect(index)
    assert rect.isValid()
    qtbot.mouseClick(dock.tree.viewport(), Qt.LeftButton, pos=rect.center())


def test_widgets_have_stable_names_and_roles_are_detected(dock):
    for name in (
        "LandSurveyResultsTree",
        "LandSurveyResultsSeverity",
        "LandSurveyResultsLayer",
        "LandSurveyResultsCategory",
        "LandSurveyResultsSearch",
        "LandSurveyRecheckSelection",
        "LandSurveyCancelChecks",
        "LandSurveyAcceptException",
        "LandSurveyRemoveException",
        "LandSurveyExportResults",
        "LandSurveyResultsSummary",
        "LandSurveyShowAccepted",
        "LandSurveyCheckProgress",
    ):
        assert dock.findChild(object, name) is not None, name
    assert dock.objectName() == "LandSurveyResultsDock"
    assert isinstance(dock.findChild(QToolButton, "LandSurveyRunChecks"), QToolButton)
    combos = {c.objectName(): c for c in dock.findChildren(QgsMapLayerComboBox)}
    assert combos["LandSurveyRole_DLTB"].currentLayer() is layer_named("DLTB")
    assert combos["LandSurveyRole_DLTB_PREV"].currentLayer() is layer_named("DLTB_2023")
    assert combos["LandSurveyRole_TTQ"].currentLayer() is layer_named("TTQ")


def test_choosing_a_layer_for_a_role_is_saved_in_the_project(dock):
    combo = dock.findChild(QgsMapLayerComboBox, "LandSurveyRole_XZQ")
    other = layer_named("CJDCQ")
    combo.setLayer(other)
    combo.activated.emit(combo.currentIndex())  # what a user's pick emits
    saved, ok = QgsProject.instance().readEntry("landsurvey", "roles/XZQ", "")
    assert ok and saved == other.id()


def test_run_lists_the_planted_defects(dock, defects, qtbot):
    assert dock.summary.text()  # "no checks run yet"
    run(dock, qtbot)
    shown = visible_rows(dock)
    assert shown, "the tree lists findings"
    for defect in defects:
        rule = DEFECT_RULES.get(defect["kind"])
        if rule is None:
            continue  # photo defects: their rules are not in this version
        assert any(r == rule and defect["key"] in f.keys for r, f in shown), defect
    categories = {f.category for _, f in shown}
    assert {"geometry", "topology", "attribute", "area", "change", "single_layer"} <= categories
    # the group labels carry the counts of what they show
    labels = group_labels(dock)
    gaps = sum(1 for r, _ in shown if r == "dltb_gap")
    assert gaps >= 1
    assert labels["dltb_gap"].endswith(f"({gaps})")
    title = dock.rules["dltb_gap"].title_in(dock.lang)
    assert labels["dltb_gap"] == f"{title} ({gaps})"
    summary = dock.summary.text()
    errors = sum(1 for _, f in shown if f.severity == "error")
    assert str(errors) in summary and "s" in summary
    # the demo project loads this year's DOM but not the previous one: only the two-date
    # imagery rules are skipped, and the summary says so
    skipped = {o.rule.id: o.skipped for o in dock.outcomes if o.skipped}
    assert set(skipped.values()) <= {"layer PREVIOUS_IMAGERY not loaded"}, skipped
    assert ("skipped" in summary) == bool(skipped)


def test_rules_of_an_unmapped_layer_are_skipped_with_the_reason(dock, qtbot):
    dock.findChild(QgsMapLayerComboBox, "LandSurveyRole_TTQ").setLayer(None)
    run(dock, qtbot)
    assert {f.layer for f in dock.findings}.isdisjoint({"TTQ"})
    assert "skipped" in dock.summary.text()
    tip = dock.summary.toolTip()
    assert "ttq_on_new_construction" in tip and "layer TTQ not loaded" in tip


def test_filters_by_severity_category_layer_and_text(dock, qtbot):
    run(dock, qtbot)
    everything = visible_rows(dock)
    assert {f.severity for _, f in everything} == {"error", "warning"}
    dock.severity_combo.setCurrentIndex(dock.severity_combo.findData("warning"))
    warnings = visible_rows(dock)
    assert warnings and all(f.severity == "warning" for _, f in warnings)
    assert len(warnings) == sum(1 for _, f in everything if f.severity == "warning")
    dock.severity_combo.setCurrentIndex(0)

    dock.category_combo.setCurrentIndex(dock.category_combo.findData("topology"))
    assert {f.category for _, f in visible_rows(dock)} == {"topology"}
    assert dock.proxy.rowCount() == 1
    dock.category_combo.setCurrentIndex(0)

    dock.layer_combo.setCurrentIndex(dock.layer_combo.findData("TTQ"))
    assert {f.layer for _, f in visible_rows(dock)} == {"TTQ"}
    dock.layer_combo.setCurrentIndex(0)

    key = next(f for r, f in everything if r == "rural_road_width").feature_key
    dock.search.setText(key)
    found = visible_rows(dock)
    assert found and all(key in f.keys for _, f in found)
    dock.search.setText("")
    assert len(visible_rows(dock)) == len(everything)


def test_clicking_a_finding_zooms_flashes_and_selects(dock, qtbot, qgis_canvas):
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    qgis_canvas.setDestinationCrs(wgs84)  # unlike the data: the dock must transform
    run(dock, qtbot)
    parcels = layer_named("DLTB")
    parcels.removeSelection()
    index = proxy_index_of(dock, lambda f: f.rule == "dltb_multipart")
    finding = index.data(FINDING_ROLE)
    click(dock, qtbot, index)
    assert sorted(parcels.selectedFeatureIds()) == sorted(finding.fids)
    shape = QgsGeometry.fromWkt(shapely.to_wkt(finding.geometry))
    shape.transform(QgsCoordinateTransform(dock.crs, wgs84, QgsProject.instance()))
    extent = qgis_canvas.extent()
    assert extent.contains(shape.boundingBox())
    assert extent.width() < 0.05, "zoomed in, not the whole county"

    # a point-like problem (the gap polygon is tiny): shown at a readable scale
    gap = proxy_index_of(dock, lambda f: f.rule == "dltb_gap" and f.geometry.area < 5)
    click(dock, qtbot, gap)
    finding = gap.data(FINDING_ROLE)
    shape = QgsGeometry.fromWkt(shapely.to_wkt(finding.geometry))
    shape.transform(QgsCoordinateTransform(dock.crs, wgs84, QgsProject.instance()))
    extent = qgis_canvas.extent()
    assert extent.contains(shape.boundingBox())
    assert extent.width() > 0.0005, "a sub-metre problem is shown with its surroundings"


def accept_with_reason(dock, qtbot, reason: str) -> None:
    """Answer the reason dialog as a user would."""

    def answer():
        dialog = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QInputDialog) and w.objectName() == "LandSurveyExceptionReason"
        )
        dialog.setTextValue(reason)
        dialog.accept()

    QTimer.singleShot(50, answer)
    qtbot.mouseClick(dock.accept_button, Qt.LeftButton)


def test_accepting_an_exception_persists_and_hides_the_finding(dock, qtbot):
    run(dock, qtbot)
    index = proxy_index_of(dock, lambda f: f.rule == "rural_road_width")
    finding = index.data(FINDING_ROLE)
    click(dock, qtbot, index)
    assert dock.accept_button.isEnabled()
    accept_with_reason(dock, qtbot, "村道实测宽度 12 米，已核实")
    qtbot.waitUntil(lambda: finding.identity in dock.exceptions)
    assert all(f.identity != finding.identity for _, f in visible_rows(dock)), "row hidden"

    stored = ExceptionStore.for_layer(layer_named("DLTB")).load()
    assert [(e.identity, e.reason) for e in stored] == [
        (finding.identity, "村道实测宽度 12 米，已核实")
    ]

    run(dock, qtbot)  # a new run applies the stored exception
    assert finding.identity not in {f.identity for f in dock.open_findings()}
    assert finding.identity in {f.identity for f in dock.accepted_findings()}
    assert all(f.identity != finding.identity for _, f in visible_rows(dock))
    assert "1" in dock.summary.text()

    dock.show_accepted.setChecked(True)
    index = proxy_index_of(dock, lambda f: f.identity == finding.identity)
    dock.tree.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows
    )
    assert dock.remove_button.isEnabled() and not dock.accept_button.isEnabled()
    qtbot.mouseClick(dock.remove_button, Qt.LeftButton)
    assert ExceptionStore.for_layer(layer_named("DLTB")).load() == []
    dock.show_accepted.setChecked(False)
    assert any(f.identity == finding.identity for _, f in visible_rows(dock)), "open again"


def test_recheck_selection_replaces_only_the_selected_parcels_findings(dock, qtbot):
    run(dock, qtbot)
    before = {f.identity for f in dock.findings}
    parcels = layer_named("DLTB")
    dlmc = next(f for f in dock.findings if f.rule == "dlmc_mismatch")
    road = next(f for f in dock.findings if f.rule == "rural_road_width")
    # fix both parcels in the edit buffer, but re-check only the first one
    parcels.startEditing()
    fields = parcels.fields()
    assert parcels.changeAttributeValue(dlmc.fids[0], fields.indexOf("DLMC"), "旱地")
    assert parcels.changeAttributeValue(road.fids[0], fields.indexOf("XZDWKD"), 5)
    parcels.selectByIds([dlmc.fids[0]])
    run(dock, qtbot, recheck=True)
    after = {f.identity for f in dock.findings}
    assert dlmc.identity not in after, "the selected parcel was checked again"
    assert road.identity in after, "findings of unselected parcels are kept as they were"
    assert after == before - {dlmc.identity}
    assert all(f.identity != dlmc.identity for _, f in visible_rows(dock))


def test_recheck_without_selection_says_so(dock, qgis_iface):
    bar = qgis_iface.messageBar()
    bar.clear_messages()
    layer_named("DLTB").removeSelection()
    assert not dock.recheck_selection()
    assert not dock.running
    assert any("Select parcels" in m for m in bar.get_messages(Qgis.Warning))


def test_cancel_right_after_start_resets_the_dock(dock, qtbot):
    run(dock, qtbot)
    previous = list(dock.findings)
    with qtbot.waitSignal(dock.checks_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        assert dock.start_checks()
        assert dock.running and dock.progress_row.isVisible()
        assert not dock.run_button.isEnabled()
        qtbot.mouseClick(dock.cancel_button, Qt.LeftButton)
    assert blocker.args == [False]
    assert not dock.running
    assert dock.run_button.isEnabled() and dock.cancel_button.isEnabled() is False
    assert not dock.progress_row.isVisible()
    assert dock.status == "cancelled"
    assert dock.findings == previous, "the previous results stay"
    assert "cancelled" in dock.summary.text()
    qtbot.waitUntil(
        lambda: QgsApplication.taskManager().countActiveTasks() == 0, timeout=RUN_TIMEOUT_MS
    )
    run(dock, qtbot)  # and it runs again
    assert {f.identity for f in dock.findings} == {f.identity for f in previous}


def test_closing_the_project_clears_the_results(dock, qtbot):
    run(dock, qtbot)
    assert dock.model.rowCount() > 0
    QgsProject.instance().clear()
    assert dock.model.rowCount() == 0 and dock.findings == []
    assert dock.findChild(QgsMapLayerComboBox, "LandSurveyRole_DLTB").currentLayer() is None
    assert not dock.start_checks(), "no parcel layer: nothing to run"


def test_closing_the_project_during_a_run_drops_its_results(dock, qtbot, county):
    assert dock.start_checks()
    QgsProject.instance().clear()
    assert not dock.running and dock.run_button.isEnabled()
    qtbot.waitUntil(
        lambda: QgsApplication.taskManager().countActiveTasks() == 0, timeout=RUN_TIMEOUT_MS
    )
    QApplication.processEvents()  # a late completion, were it still wired, would land here
    assert dock.findings == [] and dock.model.rowCount() == 0
    assert QgsProject.instance().read(str(county / "county.qgs"))
    assert dock.findChild(QgsMapLayerComboBox, "LandSurveyRole_DLTB").currentLayer() is not None
    run(dock, qtbot)  # the dock works with the reopened project
    assert dock.findings


def test_export_menu_writes_the_open_findings(dock, qtbot, tmp_path):
    from osgeo import gdal

    assert not dock.export_button.isEnabled(), "nothing to export before a run"
    run(dock, qtbot)
    assert dock.export_button.isEnabled()
    names = [a.objectName() for a in dock.export_menu.actions()]
    assert names == ["LandSurveyExportErrorLayer", "LandSurveyExportHtml", "LandSurveyExportXlsx"]
    index = proxy_index_of(dock, lambda f: f.rule == "rural_road_width")
    accepted = index.data(FINDING_ROLE)
    click(dock, qtbot, index)
    assert dock.accept_selected(reason="已核实") == 1
    open_findings = dock.open_findings()
    assert accepted not in open_findings

    layer = dock.export_error_layer(path=str(tmp_path / "errors.gpkg"))
    assert layer is not None and layer.isValid()
    assert QgsProject.instance().mapLayer(layer.id()) is layer, "added to the project"
    assert layer.featureCount() == len(open_findings)
    keys = {f["feature_key"] for f in layer.getFeatures()}
    assert accepted.feature_key not in keys
    assert layer.renderer().type() != "singleSymbol", "styled by severity"
    first_id = layer.id()
    again = dock.export_error_layer(path=str(tmp_path / "errors.gpkg"))  # same file twice
    assert again.featureCount() == len(open_findings)
    assert QgsProject.instance().mapLayer(first_id) is None, "the stale layer was replaced"

    html = dock.export_html(path=str(tmp_path / "report.html"))
    text = html.read_text(encoding="utf-8")
    assert dock.rules["dltb_gap"].title_in(dock.lang) in text
    assert "地类图斑 DLTB" in text

    xlsx = dock.export_xlsx(path=str(tmp_path / "table"))  # the suffix is added
    assert xlsx.name == "table.xlsx"
    gdal.SetConfigOption("OGR_XLSX_HEADERS", "FORCE")  # every column is text: say so
    try:
        book = gdal.OpenEx(str(xlsx), gdal.OF_VECTOR)
    finally:
        gdal.SetConfigOption("OGR_XLSX_HEADERS", None)
    assert book.GetLayerByName("findings").GetFeatureCount() == len(open_findings)
    summary = {f.GetField("rule"): f.GetField("count") for f in book.GetLayerByName("summary")}
    assert summary["rural_road_width"] == 0, "counts follow the open findings"
    assert summary["dltb_gap"] == sum(1 for f in open_findings if f.rule == "dltb_gap")
