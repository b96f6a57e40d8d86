"""The worklist on the demo county: sources on real layers, the project file round trip,
and finding parcels again after the layer changed."""

from __future__ import annotations

import shutil

import pytest
from osgeo import ogr
from qgis.core import QgsApplication, QgsFeatureRequest, QgsProject, QgsVectorLayer

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
from landsurvey_plugin.model.profile import load_profile
from landsurvey_plugin.rules.dataset import PARCELS, PREVIOUS


@pytest.fixture
def county(demo_county, tmp_path):
    folder = tmp_path / "county"
    shutil.copytree(demo_county, folder)
    project = QgsProject.instance()
    assert project.read(str(folder / "county.qgs"))
    yield folder
    project.clear()


def roles():
    return detect_roles(QgsProject.instance(), load_profile("2024-national"))


def run_task(task: WorklistTask, qtbot) -> tuple[wl.Worklist | None, str]:
    got = {}
    task.completed.connect(lambda result, error: got.update(result=result, error=error))
    QgsApplication.taskManager().addTask(task)
    qtbot.waitUntil(lambda: "result" in got, timeout=60_000)
    return got["result"], got["error"]


def bsm_of(layer: QgsVectorLayer, expression: str) -> list[tuple[str, int]]:
    request = QgsFeatureRequest().setFilterExpression(expression)
    return [(f["BSM"], f.id()) for f in layer.getFeatures(request)]


def test_expression_source_lists_the_matching_parcels(county, qtbot):
    parcels = roles()[PARCELS]
    expected = bsm_of(parcels, "\"DLBM\" LIKE '01%'")
    assert expected, "the demo county has cultivated land"
    result, error = run_task(
        WorklistTask("expr", ExpressionSource(parcels, "\"DLBM\" LIKE '01%'")), qtbot
    )
    assert error == ""
    assert [(i.key, i.fid) for i in result.items] == [(k, f) for k, f in expected]
    assert result.layer_id == parcels.id() and result.source == wl.SOURCE_EXPRESSION


def test_expression_with_a_syntax_error_is_refused_clearly(county):
    with pytest.raises(LandSurveyError, match="expression is not valid"):
        ExpressionSource(roles()[PARCELS], '"DLBM" = ')


def test_expression_naming_a_missing_field_is_refused_clearly(county):
    """QGIS would evaluate it to NULL everywhere: an empty list that looks like "all fine"."""
    with pytest.raises(LandSurveyError, match="does not have: NO_SUCH_FIELD"):
        ExpressionSource(roles()[PARCELS], '"NO_SUCH_FIELD" = 1 OR "DLBM" = \'0101\'')


def test_selection_source_in_fid_order(county):
    parcels = roles()[PARCELS]
    fids = sorted(parcels.allFeatureIds())[:5]
    parcels.selectByIds(list(reversed(fids)))
    worklist = from_selection(parcels)
    assert [i.fid for i in worklist.items] == fids
    assert all(i.key == parcels.getFeature(i.fid)["BSM"] for i in worklist.items)


def test_changes_source_uses_the_engine_matching(county, qtbot):
    """New parcels and class changes against DLTB_2023, compared with a direct reading."""
    found = roles()
    parcels, previous = found[PARCELS], found[PREVIOUS]
    source = ChangesSource(
        snapshot(parcels, PARCELS),
        snapshot(previous, PREVIOUS),
        load_profile("2024-national"),
        QgsProject.instance().transformContext(),
        parcels.id(),
    )
    result, error = run_task(WorklistTask("changes", source), qtbot)
    assert error == "" and result is not None and len(result) > 0
    before = {f["BSM"]: f["DLBM"] for f in previous.getFeatures()}
    for item in result.items:
        feature = parcels.getFeature(item.fid)
        assert feature["BSM"] == item.key
        if item.reason == "new":
            assert item.key not in before  # matched by location, if at all, elsewhere
        else:
            old, new = item.reason.split("→")
            assert new == feature["DLBM"] and old != new
    # every parcel with the same BSM and a different class last year is listed
    changed_by_bsm = {
        f["BSM"]
        for f in parcels.getFeatures()
        if f["BSM"] in before and before[f["BSM"]] != f["DLBM"]
    }
    assert changed_by_bsm <= {i.key for i in result.items}
    assert changed_by_bsm, "the demo county plants class changes"


def test_saved_project_resumes_at_the_cursor_with_marks(county, tmp_path):
    parcels = roles()[PARCELS]
    layer_id = parcels.id()
    fids = sorted(parcels.allFeatureIds())[:20]
    parcels.selectByIds(fids)
    worklist = from_selection(parcels)
    store = WorklistStore(QgsProject.instance())
    store.save(worklist)
    worklist.set_mark(wl.REVIEWED, "地类正确")
    worklist.step(1)
    worklist.set_mark(wl.FIELD_VISIT, "需外业核查")
    store.save_marks(worklist)
    for _ in range(10):
        worklist.step(1)
        store.save_cursor(worklist)
    assert QgsProject.instance().isDirty()
    saved = tmp_path / "review.qgz"
    assert QgsProject.instance().write(str(saved))
    QgsProject.instance().clear()
    assert WorklistStore(QgsProject.instance()).load() is None

    assert QgsProject.instance().read(str(saved))
    again = WorklistStore(QgsProject.instance()).load()
    assert again.cursor == 11 and again.current.key == worklist.current.key
    assert again.items[0].mark.status == wl.REVIEWED and again.items[0].mark.note == "地类正确"
    assert again.items[1].mark.status == wl.FIELD_VISIT
    assert again.counts() == {wl.REVIEWED: 1, wl.FIELD_VISIT: 1, "total": 20}
    assert again.layer_id == layer_id
    assert QgsProject.instance().mapLayer(again.layer_id) is not None


def test_damaged_entry_is_reported_not_replaced(county):
    project = QgsProject.instance()
    project.writeEntry("landsurvey", "worklist/list", "{broken")
    with pytest.raises(wl.WorklistError, match="damaged"):
        WorklistStore(project).load()
    assert project.readEntry("landsurvey", "worklist/list", "")[0] == "{broken"


def test_locator_finds_a_parcel_by_fid_then_by_bsm_after_renumbering(county, tmp_path):
    parcels = roles()[PARCELS]
    fid = sorted(parcels.allFeatureIds())[3]
    bsm = parcels.getFeature(fid)["BSM"]
    item = wl.WorkItem(bsm, fid)
    locator = ParcelLocator(parcels)
    feature = locator.locate(item)
    assert feature.id() == fid and feature.hasGeometry()

    # a stale hint (the layer was re-imported with new fids): found by BSM, hint updated
    stale = wl.WorkItem(bsm, fid + 1)
    assert locator.locate(stale).id() == fid and stale.fid == fid

    # a deleted parcel is reported as gone, not replaced by another one
    path = str(county / "county.gpkg")
    dataset = ogr.Open(path, update=1)
    dataset.ExecuteSQL(f"DELETE FROM DLTB WHERE fid = {fid}")
    dataset = None
    parcels.dataProvider().reloadData()
    locator.invalidate()
    assert locator.locate(wl.WorkItem(bsm, fid)) is None
    # a parcel without BSM is named by its fid
    other = sorted(parcels.allFeatureIds())[5]
    assert locator.locate(wl.WorkItem(f"fid:{other}")) is None  # it has a BSM: not that key


def test_locator_index_follows_the_edit_buffer(county):
    """A BSM typed after the index was built is found (the index is rebuilt on edits)."""
    parcels = roles()[PARCELS]
    locator = ParcelLocator(parcels)
    fid = sorted(parcels.allFeatureIds())[7]
    old = parcels.getFeature(fid)["BSM"]
    assert locator.locate(wl.WorkItem(old)).id() == fid  # builds the index
    assert parcels.startEditing()
    try:
        field = parcels.fields().lookupField("BSM")
        assert parcels.changeAttributeValue(fid, field, "NEW-BSM-1")
        assert locator.locate(wl.WorkItem("NEW-BSM-1")).id() == fid
        assert locator.locate(wl.WorkItem(old)) is None
    finally:
        parcels.rollBack()
