"""The parcel dock on real GeoPackage layers (a copy of the demo county)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from osgeo import ogr
from qgis.core import QgsFeatureRequest, QgsProject, QgsVectorLayer
from qgis.PyQt.QtWidgets import QMessageBox

from landsurvey_plugin.adapters.tiankan_import import TiankanError, read_tiankan_table
from landsurvey_plugin.gui.batch_edit_dialog import BatchEditDialog
from landsurvey_plugin.gui.parcel_dock import BADGE_NEW, BADGE_OUT, DOCK_NAME, ParcelDock
from landsurvey_plugin.gui.parcel_form import CodeCombo
from landsurvey_plugin.model.area import parcel_areas
from landsurvey_plugin.model.profile import load_profile

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def county(tmp_path, demo_county) -> Path:
    """A private copy of the session's generated demo county (the same data whether or not
    build/demo was made)."""
    target = tmp_path / "county.gpkg"
    shutil.copy(demo_county / "county.gpkg", target)
    return target


@pytest.fixture(scope="module")
def county_600(tmp_path_factory) -> Path:
    """A demo county of 600+ parcels (the session's has ~420), made by the real generator."""
    out = tmp_path_factory.mktemp("demo600")
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_demo_data.py"), "--out", str(out),
         "--parcels", "600", "--seed", "11", "--no-photos", "--no-imagery", "--no-project"],
        check=True,
    )  # fmt: skip
    return out / "county.gpkg"


class Answers:
    """What the user answers to the dock's questions, recorded."""

    def __init__(self, answer=QMessageBox.Yes) -> None:
        self.answer = answer
        self.asked: list[str] = []

    def __call__(self, title, text, buttons, default):
        self.asked.append(title)
        return self.answer


@pytest.fixture
def layers(county):
    project = QgsProject.instance()
    dltb = QgsVectorLayer(f"{county}|layername=DLTB", "DLTB", "ogr")
    previous = QgsVectorLayer(f"{county}|layername=DLTB_2023", "DLTB_2023", "ogr")
    assert dltb.isValid() and previous.isValid()
    project.addMapLayers([dltb, previous])
    yield dltb, previous
    if dltb.isEditable():
        dltb.rollBack()
    project.removeAllMapLayers()


@pytest.fixture
def answers():
    return Answers()


@pytest.fixture
def dock(layers, qtbot, answers):
    widget = ParcelDock(load_profile("2024-national"), QgsProject.instance(), ask=answers)
    qtbot.addWidget(widget)
    widget.find_layers()
    widget.show()
    yield widget
    widget.dispose()


def first(layer: QgsVectorLayer, expression: str) -> int:
    request = QgsFeatureRequest().setFilterExpression(expression)
    return next(layer.getFeatures(request)).id()


def values(layer: QgsVectorLayer, fid: int) -> dict:
    feature = next(layer.getFeatures(QgsFeatureRequest(fid)))
    return dict(zip(layer.fields().names(), feature.attributes()))


def pick(dock: ParcelDock, field: str, code: str) -> None:
    """What the user does: choose ``code`` in the field's code list."""
    combo = dock.form.editors[field]
    assert isinstance(combo, CodeCombo)
    combo.setCurrentIndex(combo.findData(code))


def test_dock_and_editors_are_named_by_the_schema(dock):
    assert dock.objectName() == DOCK_NAME
    for spec in load_profile("2024-national").dltb.fields:
        assert dock.findChild(object, spec.name) is dock.form.editors[spec.name]
    dlbm = dock.form.editors["DLBM"]
    assert dlbm.findText("0101 水田") >= 0 and dlbm.findText("01 耕地") >= 0  # level-1 heading
    assert not dlbm.model().item(dlbm.findText("01 耕地")).isEnabled()
    completer = dlbm.completer()  # searchable: a name finds its code anywhere in the text
    completer.setCompletionPrefix("水浇")
    assert completer.completionCount() == 1 and completer.currentCompletion() == "0102 水浇地"


def test_a_layer_missing_schema_fields_opens_and_says_which(county, qtbot):
    data = ogr.Open(str(county), 1)
    data.ExecuteSQL("ALTER TABLE DLTB DROP COLUMN HDMC")
    data.ExecuteSQL("ALTER TABLE DLTB RENAME COLUMN GDDB TO GDDB_OLD")
    data.ExecuteSQL("ALTER TABLE DLTB ADD COLUMN GDDB TEXT")
    data = None
    layer = QgsVectorLayer(f"{county}|layername=DLTB", "DLTB", "ogr")
    dock = ParcelDock(load_profile("2024-national"), QgsProject.instance(), ask=Answers())
    qtbot.addWidget(dock)
    dock.set_layer(layer)
    fid = first(layer, "\"DLBM\" = '0301'")
    assert dock.show_parcel(layer, fid)
    assert not dock.missing_label.isHidden()
    text = dock.missing_label.text()
    assert "HDMC" in text and "GDDB" in text and "string" in text and "int" in text
    assert not dock.form.editors["HDMC"].isEnabled()
    assert dock.form.value("DLBM") == "0301"
    dock.dispose()


def test_selection_shows_the_parcel(dock, layers):
    dltb, _ = layers
    fid = first(dltb, "\"DLBM\" = '0101'")
    dltb.selectByIds([fid])
    assert dock.fid == fid
    assert dock.form.value("DLBM") == "0101"
    assert dock.form.editors["DLBM"].currentText() == "0101 水田"
    assert dock.form.editors["TBMJ"].isReadOnly()


def test_non_cultivated_class_clears_the_cultivated_fields(dock, layers):
    dltb, _ = layers
    fid = first(dltb, "\"DLBM\" = '0101' AND \"ZZSXDM\" = 'LS'")
    dock.show_parcel(dltb, fid)
    pick(dock, "DLBM", "0301")
    assert dock.form.editors["DLMC"].text() == "乔木林地"
    for name in ("GDPDJB", "ZZSXDM", "KCDLBM"):
        assert dock.form.value(name) is None, name
    assert not dock.form.editors["GDPDJB"].isEnabled()
    assert not dock.form.editors["GDDB"].isEnabled()
    zzsx = dock.form.editors["ZZSXDM"]  # on 林地 only the 恢复 codes are offered
    offered = {zzsx.itemData(i) for i in range(zzsx.count()) if zzsx.model().item(i).isEnabled()}
    assert offered == {"JKHF", "GCHF"}
    assert dock.pending["DLMC"] == "乔木林地" and dock.pending["ZZSXDM"] is None
    assert values(dltb, fid)["DLBM"] == "0101"  # nothing written before Apply


def test_typing_a_class_code_key_by_key_keeps_the_cultivated_fields(dock, layers, qtbot):
    dltb, _ = layers
    fid = first(dltb, "\"DLBM\" = '0101' AND \"ZZSXDM\" = 'LS' AND \"GDPDJB\" = '1'")
    dock.show_parcel(dltb, fid)
    line = dock.form.editors["DLBM"].lineEdit()
    line.clear()
    qtbot.keyClicks(line, "0102")  # "0", "01", "010" on the way are no classes
    assert dock.form.value("DLBM") == "0102" and dock.form.editors["DLMC"].text() == "水浇地"
    assert dock.form.value("ZZSXDM") == "LS" and dock.form.value("GDPDJB") == "1"
    pick(dock, "DLBM", "0301")  # a real change clears them …
    assert dock.form.value("ZZSXDM") is None
    pick(dock, "DLBM", "0101")  # … and changing back brings the stored values back
    assert dock.form.value("ZZSXDM") == "LS" and dock.form.value("GDPDJB") == "1"
    assert dock.pending == {}


def test_apply_asks_to_start_editing_and_one_undo_reverts_it(dock, layers, answers):
    dltb, _ = layers
    fid = first(dltb, "\"DLBM\" = '0101' AND \"ZZSXDM\" = 'LS'")
    before = values(dltb, fid)
    dock.show_parcel(dltb, fid)
    pick(dock, "DLBM", "0102")
    pick(dock, "ZZSXDM", "FLS")
    assert not dltb.isEditable()
    assert dock.apply()
    assert "Start editing" in answers.asked[0]
    assert dltb.isEditable() and dltb.undoStack().count() == 1
    after = values(dltb, fid)
    assert (after["DLBM"], after["DLMC"], after["ZZSXDM"], after["ZZSXMC"]) == (
        "0102", "水浇地", "FLS", "种植非粮作物",
    )  # fmt: skip
    dltb.undoStack().undo()
    assert values(dltb, fid) == before
    dock._reload_from_layer()
    assert dock.form.value("DLBM") == "0101" and not dock.pending


def test_two_applies_are_two_undo_steps(dock, layers):
    dltb, _ = layers
    fid = first(dltb, "\"DLBM\" = '0101'")
    dltb.startEditing()
    dock.show_parcel(dltb, fid)
    dock.form.editors["BZ"].setText("one")
    dock.form.editors["BZ"].textEdited.emit("one")
    assert dock.apply()
    dock.form.editors["BZ"].setText("two")
    dock.form.editors["BZ"].textEdited.emit("two")
    assert dock.apply()
    assert dltb.undoStack().count() == 2
    dltb.undoStack().undo()
    assert values(dltb, fid)["BZ"] == "one"


def test_live_validation_of_a_bad_zzsxdm(dock, layers, qtbot):
    dltb, _ = layers
    fid = first(dltb, "\"DLBM\" = '0101' AND \"ZZSXDM\" = 'LS'")
    dock.show_parcel(dltb, fid)
    assert not dock.form.messages["ZZSXDM"].isVisible()
    combo = dock.form.editors["ZZSXDM"]
    combo.lineEdit().clear()
    qtbot.keyClicks(combo.lineEdit(), "XX")
    message = dock.form.messages["ZZSXDM"]
    assert message.isVisible() and message.property("severity") == "error"
    assert "XX" in message.text() and "reference:§3.1" in message.text()


def test_expression_rules_run_live_too(dock, layers):
    dltb, _ = layers
    dock.show_parcel(dltb, first(dltb, '"SJNF" = 2024'))
    assert not dock.form.messages["SJNF"].isVisible()
    dock.form.editors["SJNF"].setText("2023")
    dock.form.editors["SJNF"].textEdited.emit("2023")
    assert "sjnf_year" in {f.finding.rule for f in dock.findings}
    assert dock.form.messages["SJNF"].isVisible() and "2023" in dock.form.messages["SJNF"].text()


def test_saving_a_broken_parcel_asks_first(dock, layers):
    dltb, _ = layers
    fid = first(dltb, "\"DLBM\" = '0101' AND \"ZZSXDM\" = 'LS'")
    dltb.startEditing()
    dock.show_parcel(dltb, fid)
    combo = dock.form.editors["ZZSXDM"]
    combo.setEditText("XX")
    dock._ask = Answers(QMessageBox.No)
    assert not dock.apply()
    assert dock._ask.asked == ["Rules broken"]
    assert values(dltb, fid)["ZZSXDM"] == "LS" and dltb.undoStack().count() == 0


def test_typed_values_are_not_lost_when_the_selection_changes(dock, layers, answers):
    dltb, _ = layers
    a = first(dltb, "\"DLBM\" = '0101'")
    b = first(dltb, "\"DLBM\" = '0301'")
    dock.show_parcel(dltb, a)
    dock.form.editors["BZ"].setText("typed")
    dock.form.editors["BZ"].textEdited.emit("typed")
    answers.answer = QMessageBox.Cancel
    dltb.selectByIds([b])
    assert dock.fid == a and dock.form.value("BZ") == "typed"  # the user stayed
    assert dltb.selectedFeatureIds() == [a]  # and the map selects the parcel still shown
    dock._ask = Answers(QMessageBox.Discard)
    dltb.selectByIds([b])
    assert dock.fid == b and values(dltb, a)["BZ"] != "typed"


@pytest.fixture
def keep_setting():
    from landsurvey_plugin.toolbelt.settings import load_settings, save_settings

    saved = load_settings()
    changed = load_settings()
    changed.parcel_dock_unapplied = "keep"
    save_settings(changed)
    yield
    save_settings(saved)


def test_keep_setting_keeps_typed_values_per_parcel(dock, layers, keep_setting, answers):
    dltb, _ = layers
    a = first(dltb, "\"DLBM\" = '0101'")
    b = first(dltb, "\"DLBM\" = '0301'")
    dltb.selectByIds([a])
    dock.form.editors["BZ"].setText("typed")
    dock.form.editors["BZ"].textEdited.emit("typed")
    dltb.selectByIds([b])
    assert dock.fid == b and dock.form.value("BZ") != "typed" and not answers.asked
    dltb.selectByIds([a])
    assert dock.fid == a and dock.form.value("BZ") == "typed" and dock.pending == {"BZ": "typed"}
    assert values(dltb, a)["BZ"] != "typed"  # kept in the dock, not written


def test_the_dock_follows_undo_and_geometry_changes(dock, layers, qtbot):
    dltb, _ = layers
    fid = first(dltb, "\"DLBM\" = '0301'")
    dltb.startEditing()
    dock.show_parcel(dltb, fid)
    dltb.beginEditCommand("another tool")
    dltb.changeAttributeValue(fid, dltb.fields().lookupField("BZ"), "elsewhere")
    dltb.endEditCommand()
    qtbot.waitUntil(lambda: dock.form.value("BZ") == "elsewhere")
    dltb.undoStack().undo()
    qtbot.waitUntil(lambda: dock.form.value("BZ") != "elsewhere")


def test_removing_the_previous_year_layer(dock, layers):
    dltb, previous = layers
    fid = first(dltb, "\"DLBM\" = '0301'")
    dltb.selectByIds([fid])
    assert dock.previous is not None
    QgsProject.instance().removeMapLayer(previous.id())
    assert dock.previous_layer is None and dock.layer is dltb
    dltb.selectByIds([first(dltb, "\"DLBM\" = '0101'")])
    assert dock.form.value("DLBM") == "0101" and dock.previous is None
    assert dock.badge.property("kind") == ""


def test_batch_edit_on_500_parcels_is_one_undo_step(county_600, tmp_path, qtbot, answers):
    target = tmp_path / "county600.gpkg"
    shutil.copy(county_600, target)
    dltb = QgsVectorLayer(f"{target}|layername=DLTB", "DLTB", "ogr")
    assert dltb.isValid()
    QgsProject.instance().addMapLayer(dltb)
    dock = ParcelDock(load_profile("2024-national"), QgsProject.instance(), ask=answers)
    qtbot.addWidget(dock)
    dock.find_layers()
    assert dock.layer is dltb
    ids = sorted(f.id() for f in dltb.getFeatures())[:500]
    assert len(ids) == 500
    before = {fid: values(dltb, fid)["BZ"] for fid in ids}
    report = dock.batch_edit(ids, {"BZ": "核查"})
    assert report.changed == 500 and not report.refused
    assert dltb.undoStack().count() == 1
    assert all(values(dltb, fid)["BZ"] == "核查" for fid in ids[::50])
    dltb.undoStack().undo()
    assert {fid: values(dltb, fid)["BZ"] for fid in ids} == before
    dltb.rollBack()
    QgsProject.instance().removeAllMapLayers()


def test_batch_edit_refuses_what_would_break_a_parcel(dock, layers):
    dltb, _ = layers
    request = QgsFeatureRequest().setFilterExpression("\"DLBM\" = '0301'").setLimit(5)
    ids = [f.id() for f in dltb.getFeatures(request)]
    report = dock.batch_edit(ids, {"DLBM": "0103"})  # 旱地 needs ZZSXDM and GDPDJB
    assert report.changed == 0 and len(report.refused) == len(ids)
    assert any("ZZSXDM" in why for why in report.refused[0][2])
    assert all(values(dltb, fid)["DLBM"] == "0301" for fid in ids)


def test_batch_dialog_values(qtbot):
    dialog = BatchEditDialog(load_profile("2024-national"), 3)
    qtbot.addWidget(dialog)
    assert dialog.values() == {}
    combo = dialog.form.editors["CZCSXM"]
    combo.setCurrentIndex(combo.findData("203"))
    assert dialog.values() == {"CZCSXM": "203"}
    assert "TBMJ_set" not in dialog.checks and "DLMC" not in dialog.checks


def test_kcxs_from_an_imported_county_table(dock, layers, tmp_path):
    dltb, _ = layers
    table = tmp_path / "tiankan.csv"
    table.write_text("耕地类型,坡度级别,田坎系数\n梯田,2,0.045\nPD,3,0.123\n", encoding="gb18030")
    fid = first(dltb, "\"DLBM\" = '0103'")
    dock.show_parcel(dltb, fid)
    pick(dock, "GDPDJB", "3")
    assert dock.form.editors["GDLX"].isVisible()
    pick(dock, "GDLX", "PD")
    assert dock.import_tiankan(str(table))
    tbmj = values(dltb, fid)["TBMJ"]
    assert dock.form.value("KCXS") == pytest.approx(0.123)
    assert dock.form.editors["KCXS"].isReadOnly()
    want = parcel_areas(tbmj, 0.123)
    assert dock.form.value("KCMJ") == pytest.approx(want.kcmj)
    assert dock.form.value("TBDLMJ") == pytest.approx(want.tbdlmj)
    assert dock.form.value("KCDLBM") == "1203"
    assert dock.profile.tiankan_coefficient("TT", "2") == pytest.approx(0.045)
    pick(dock, "GDPDJB", "1")
    assert not dock.form.editors["GDLX"].isVisible() and dock.form.value("GDLX") is None


def test_tiankan_from_xlsx_and_bad_rows(tmp_path):
    profile = load_profile("2024-national")
    path = tmp_path / "tiankan.xlsx"
    data = ogr.GetDriverByName("XLSX").CreateDataSource(str(path))
    sheet = data.CreateLayer("sheet1", geom_type=ogr.wkbNone)
    for name in ("GDLX", "GDPDJB", "KCXS"):
        sheet.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    for row in (("TT", "2", "0.05"), ("PD", "4", "0.2")):
        feature = ogr.Feature(sheet.GetLayerDefn())
        for i, value in enumerate(row):
            feature.SetField(i, value)
        sheet.CreateFeature(feature)
    data = None
    assert read_tiankan_table(path, profile) == {"TT2": 0.05, "PD4": 0.2}
    bad = tmp_path / "bad.csv"
    bad.write_text("GDLX,GDPDJB,KCXS\nTT,2,12.3\n", encoding="utf-8")
    with pytest.raises(TiankanError, match=r"row 2: coefficient '12.3' is not a fraction"):
        read_tiankan_table(bad, profile)


def test_previous_year_class_and_badges(dock, layers):
    dltb, _ = layers
    fid = first(
        dltb,
        "\"DLBM\" LIKE '01%' AND attribute(get_feature('DLTB_2023', 'BSM', \"BSM\"), 'DLBM')"
        " LIKE '01%'",
    )
    dock.show_parcel(dltb, fid)
    assert dock.previous is not None and dock.previous["DLBM"].startswith("01")
    assert dock.badge.property("kind") == "" and not dock.badge.isVisible()
    pick(dock, "DLBM", "0301")
    assert dock.badge.property("kind") == BADGE_OUT and dock.badge.isVisible()
    assert dock.form.labels["DLBM"].property("changed")
    assert "→ 0301" in dock.previous_label.text()
    other = first(
        dltb,
        "\"DLBM\" = '0301' AND attribute(get_feature('DLTB_2023', 'BSM', \"BSM\"), 'DLBM')"
        " = '0301'",
    )
    dock._ask = Answers(QMessageBox.Discard)
    dock.show_parcel(dltb, other)
    pick(dock, "DLBM", "0103")
    assert dock.badge.property("kind") == BADGE_NEW


def test_plugin_action_shows_the_dock_and_unload_removes_it(layers, qgis_iface):
    from qgis.PyQt.QtCore import QCoreApplication, QEvent
    from qgis.PyQt.QtWidgets import QApplication, QDockWidget

    from landsurvey_plugin import classFactory

    dltb, _ = layers
    plugin = classFactory(qgis_iface)
    plugin.initGui()
    try:
        dock = qgis_iface.mainWindow().findChild(QDockWidget, DOCK_NAME)
        assert dock is plugin.parcel_dock and dock.isHidden()
        plugin.actions[DOCK_NAME].trigger()
        assert not dock.isHidden() and dock.layer is dltb
        fid = first(dltb, "\"DLBM\" = '0301'")
        plugin._worklist_parcel_shown(dltb, fid)  # the review worklist's step
        assert dock.fid == fid and dock.form.value("DLBM") == "0301"
    finally:
        plugin.unload()
    assert plugin.parcel_dock is None
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    assert [w for w in QApplication.allWidgets() if w.objectName() == DOCK_NAME] == []


# -- uniqueness: BSM, and TBBH in its 坐落单位, against the other parcels (edit buffer too) --


def unique_parcels(layer: QgsVectorLayer) -> list:
    """Parcels whose BSM and (ZLDWDM, TBBH) no other parcel holds (the demo plants one
    duplicate of each)."""
    from collections import Counter

    features = list(layer.getFeatures())
    bsm = Counter(f["BSM"] for f in features)
    tbbh = Counter((f["ZLDWDM"], f["TBBH"]) for f in features)
    return [f for f in features if bsm[f["BSM"]] == 1 and tbbh[(f["ZLDWDM"], f["TBBH"])] == 1]


def type_into(qtbot, dock: ParcelDock, field: str, text: str) -> None:
    """What the user does: empty the field and type ``text`` key by key."""
    line = dock.form.editors[field]
    line.clear()
    qtbot.keyClicks(line, text)


def live_rules(dock: ParcelDock) -> set[str]:
    return {f.finding.rule for f in dock.findings}


def test_typing_another_parcels_bsm_shows_bsm_unique_under_bsm(dock, layers, qtbot):
    dltb, _ = layers
    a, b = unique_parcels(dltb)[:2]
    dock.show_parcel(dltb, a.id())
    assert not dock.form.messages["BSM"].isVisible()
    type_into(qtbot, dock, "BSM", b["BSM"])
    assert dock.form.value("BSM") == b["BSM"]
    found = next(f for f in dock.findings if f.finding.rule == "bsm_unique")
    assert found.fields == ("BSM",) and set(found.finding.fids) == {a.id(), b.id()}
    message = dock.form.messages["BSM"]
    assert message.isVisible() and message.property("severity") == "error"
    assert f"{found.finding.message} [{found.finding.source}]" in message.text()
    assert b["BSM"] in message.text() and "§6.3" in message.text()
    type_into(qtbot, dock, "BSM", a["BSM"])  # its own BSM again
    assert "bsm_unique" not in live_rules(dock) and not message.isVisible()


def test_a_tbbh_of_the_same_zuoluo_unit_shows_tbbh_unique_another_units_does_not(
    dock, layers, qtbot
):
    from collections import Counter

    dltb, _ = layers
    parcels = unique_parcels(dltb)
    units = Counter(f["ZLDWDM"] for f in dltb.getFeatures())
    smallest = min(units, key=units.get)  # parcels are numbered 1, 2, … in each unit
    a = next(f for f in parcels if f["ZLDWDM"] == smallest)
    same = next(f for f in parcels if f["ZLDWDM"] == smallest and f.id() != a.id())
    taken = {f["TBBH"] for f in dltb.getFeatures() if f["ZLDWDM"] == smallest}
    other = next(f for f in parcels if f["ZLDWDM"] != smallest and f["TBBH"] not in taken)
    dock.show_parcel(dltb, a.id())
    type_into(qtbot, dock, "TBBH", same["TBBH"])
    message = dock.form.messages["TBBH"]
    assert "tbbh_unique" in live_rules(dock)
    assert message.isVisible() and message.property("severity") == "error"
    assert same["BSM"] in message.text() and smallest in message.text()
    assert not dock.form.messages["ZLDWDM"].isVisible()  # shown once, under TBBH
    type_into(qtbot, dock, "TBBH", other["TBBH"])  # used only in another 坐落单位
    assert "tbbh_unique" not in live_rules(dock) and not message.isVisible()


def test_a_bsm_freed_in_the_edit_buffer_becomes_usable(dock, layers, qtbot):
    dltb, _ = layers
    a, b = unique_parcels(dltb)[:2]
    dltb.startEditing()
    dock.show_parcel(dltb, a.id())
    type_into(qtbot, dock, "BSM", b["BSM"])
    assert "bsm_unique" in live_rules(dock)
    dltb.changeAttributeValue(b.id(), dltb.fields().lookupField("BSM"), "520199000000999101")
    type_into(qtbot, dock, "BSM", b["BSM"])  # b was renumbered (not saved): its BSM is free
    assert "bsm_unique" not in live_rules(dock)
    assert not dock.form.messages["BSM"].isVisible()
    dltb.undoStack().undo()  # b has it again
    type_into(qtbot, dock, "BSM", b["BSM"])
    assert "bsm_unique" in live_rules(dock)


def test_a_parcel_added_in_the_edit_buffer_takes_its_bsm(dock, layers, qtbot):
    from qgis.core import QgsFeature

    dltb, _ = layers
    a = unique_parcels(dltb)[0]
    free = "520199000000999102"
    dltb.startEditing()
    dock.show_parcel(dltb, a.id())
    type_into(qtbot, dock, "BSM", free)
    assert "bsm_unique" not in live_rules(dock)
    new = QgsFeature(dltb.fields())
    new.setAttribute("BSM", free)
    assert dltb.addFeature(new)
    added = list(dltb.editBuffer().addedFeatures())
    type_into(qtbot, dock, "BSM", free)
    found = next(f for f in dock.findings if f.finding.rule == "bsm_unique")
    assert set(found.finding.fids) == {a.id(), *added}
    assert dock.form.messages["BSM"].isVisible() and free in dock.form.messages["BSM"].text()


def test_batch_edit_refuses_giving_several_parcels_one_bsm(dock, layers):
    dltb, _ = layers
    ids = [f.id() for f in unique_parcels(dltb)[:3]]
    before = {fid: values(dltb, fid)["BSM"] for fid in ids}
    report = dock.batch_edit(ids, {"BSM": "520199000000999103"})
    assert report.changed == 0 and sorted(fid for fid, _, _ in report.refused) == sorted(ids)
    details = dock.batch_summary.detailedText()
    assert details.count("520199000000999103") >= 3
    assert {fid: values(dltb, fid)["BSM"] for fid in ids} == before


def test_the_shown_parcel_is_checked_again_when_another_parcel_frees_or_takes_its_bsm(
    dock, layers, qtbot
):
    from qgis.core import QgsFeature

    dltb, _ = layers
    a, b = unique_parcels(dltb)[:2]
    dltb.startEditing()
    dock.show_parcel(dltb, a.id())
    type_into(qtbot, dock, "BSM", b["BSM"])
    assert "bsm_unique" in live_rules(dock)
    dltb.changeAttributeValue(b.id(), dltb.fields().lookupField("BSM"), "520199000000999104")
    qtbot.waitUntil(lambda: "bsm_unique" not in live_rules(dock))  # nothing typed
    assert not dock.form.messages["BSM"].isVisible()
    assert dock.form.value("BSM") == b["BSM"]  # the typed value stays
    new = QgsFeature(dltb.fields())
    new.setAttribute("BSM", b["BSM"])
    dltb.addFeature(new)  # a parcel digitised with that BSM
    qtbot.waitUntil(lambda: "bsm_unique" in live_rules(dock))
    assert dock.form.messages["BSM"].isVisible()
