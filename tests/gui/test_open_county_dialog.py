"""The Open county database dialog with qtbot: the demo county, a GBK shapefile folder."""

from __future__ import annotations

import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QComboBox, QLabel, QPlainTextEdit

from landsurvey_plugin.gui.open_county_dialog import OpenCountyDialog, result_summary
from landsurvey_plugin.model.profile import load_profile
from landsurvey_plugin.rules.dataset import BOUNDARY, PARCELS, PREVIOUS, VILLAGES
from tests.qgis_core.test_county_open import NAMES, _gbk_shapefiles, write_county

PROFILE = load_profile("2024-national")


@pytest.fixture
def dialog(qgis_iface, qtbot):
    project = QgsProject.instance()
    widget = OpenCountyDialog(PROFILE, project)
    qtbot.addWidget(widget)
    yield widget
    project.clear()


def combo(dialog, role: str) -> QComboBox:
    return dialog.findChild(QComboBox, f"LandSurveyOpenCountyRole_{role}")


def test_demo_county_is_mapped_and_loaded(dialog, demo_county, qtbot):
    assert not dialog.load_button.isEnabled(), "nothing to load before a source is chosen"
    dialog.set_path(demo_county / "county.gpkg")
    assert combo(dialog, PARCELS).currentText() == "DLTB"
    assert combo(dialog, PREVIOUS).currentText() == "DLTB_2023"
    assert combo(dialog, BOUNDARY).currentText() == "XZQ"
    assert combo(dialog, VILLAGES).currentText() == "CJDCQ"
    assert combo(dialog, "TTQ").currentText() == "TTQ"
    assert "photos" not in [
        combo(dialog, PARCELS).itemText(i) for i in range(combo(dialog, PARCELS).count())
    ]
    assert dialog.load_button.isEnabled()
    qtbot.mouseClick(dialog.load_button, Qt.LeftButton)
    assert dialog.result is not None and dialog.result.layers[PARCELS].crs_ok
    project = QgsProject.instance()
    dltb = project.mapLayer(dialog.result.layers[PARCELS].layer_id)
    assert dltb.featureCount() > 0 and dltb.labelsEnabled()
    assert project.layerTreeRoot().findGroup(dialog.result.group_name) is not None
    assert "loaded" in result_summary(dialog.result, PROFILE)


def test_changed_mapping_and_field_warnings(dialog, tmp_path, qtbot):
    path = write_county("GPKG", tmp_path / "odd.gpkg", PROFILE, drop=("TBBH",), tables=("TB", "QY"))
    dialog.set_path(path)
    warnings = dialog.findChild(QPlainTextEdit, "LandSurveyOpenCountyWarnings")
    assert combo(dialog, PARCELS).currentData() is None
    assert not dialog.load_button.isEnabled(), "no parcel layer chosen"
    assert "DLTB" in warnings.toPlainText()
    box = combo(dialog, PARCELS)
    box.setCurrentIndex(box.findData("TB"))
    assert "TBBH" in warnings.toPlainText(), "the missing schema field is named before loading"
    assert dialog.load_button.isEnabled()
    dialog.set_role(BOUNDARY, "TB")
    assert not dialog.load_button.isEnabled(), "one table cannot play two roles"
    dialog.set_role(BOUNDARY, "QY")
    qtbot.mouseClick(dialog.load_button, Qt.LeftButton)
    assert dialog.result.layers[PARCELS].table == "TB"
    assert dialog.result.layers[PARCELS].missing_fields == ["TBBH"]
    assert "TBBH" in result_summary(dialog.result, PROFILE)


def test_gbk_shapefiles_show_the_encoding_and_other_crs(dialog, tmp_path, qtbot):
    folder = _gbk_shapefiles(tmp_path, PROFILE)
    dialog.set_path(folder)
    warnings = dialog.findChild(QPlainTextEdit, "LandSurveyOpenCountyWarnings").toPlainText()
    assert "GBK" in warnings
    qtbot.mouseClick(dialog.load_button, Qt.LeftButton)
    layer = QgsProject.instance().mapLayer(dialog.result.layers[VILLAGES].layer_id)
    assert sorted(f["ZLDWMC"] for f in layer.getFeatures()) == sorted(NAMES)
    other = write_county("GPKG", tmp_path / "utm.gpkg", PROFILE, epsg=32648, tables=("DLTB",))
    dialog.set_path(other)
    text = dialog.findChild(QPlainTextEdit, "LandSurveyOpenCountyWarnings").toPlainText()
    assert "EPSG:32648" in text and "Gauss" in text


def test_bad_path_is_explained(dialog, tmp_path):
    dialog.set_path(tmp_path / "missing.gpkg")
    assert "does not exist" in dialog.findChild(QLabel, "LandSurveyOpenCountyStatus").text()
    assert not dialog.load_button.isEnabled()


@pytest.fixture
def plugin(qgis_iface):
    from landsurvey_plugin import classFactory

    instance = classFactory(qgis_iface)
    instance.initGui()
    yield instance
    instance.unload()
    QgsProject.instance().clear()


def test_plugin_actions_digitise_on_the_opened_county(plugin, tmp_path, qgis_iface):
    from landsurvey_plugin.adapters.county_open import open_county, scan_county
    from landsurvey_plugin.adapters.digitising import is_prepared

    assert "LandSurveyOpenCounty" in plugin.actions
    action = plugin.actions["LandSurveyPrepareDigitising"]
    assert action.isCheckable()
    project = QgsProject.instance()
    action.trigger()  # no county yet: refused, stays off
    assert not action.isChecked() and not is_prepared(project)
    path = write_county("GPKG", tmp_path / "county.gpkg", PROFILE)
    scan = scan_county(path, PROFILE)
    result = open_county(scan, scan.guessed, project, PROFILE)
    dltb = project.mapLayer(result.layers[PARCELS].layer_id)
    project.setTopologicalEditing(False)
    action.trigger()
    assert action.isChecked() and is_prepared(project) and project.topologicalEditing()
    assert plugin.parcel_autofill is not None and plugin.parcel_autofill.layer is dltb
    shown: list[int] = []
    plugin.parcel_autofill.parcelAdded.connect(shown.append)
    from qgis.core import QgsGeometry, QgsVectorLayerUtils

    from tests.parcels import rectangle
    from tests.qgis_core.test_county_open import X, Y

    assert dltb.startEditing()
    feature = QgsVectorLayerUtils.createFeature(
        dltb, QgsGeometry.fromWkt(rectangle(X, Y + 80, 50, 50)), {}, dltb.createExpressionContext()
    )
    dltb.beginEditCommand("Feature added")
    assert dltb.addFeature(feature)
    dltb.endEditCommand()
    [fid] = shown
    assert dltb.getFeature(fid)["TBMJ"] == pytest.approx(2500, rel=2e-3)
    assert dltb.getFeature(fid)["ZLDWMC"] == NAMES[0], "from the village under it"
    dltb.rollBack()
    action.trigger()
    assert not action.isChecked() and not is_prepared(project)
    assert not project.topologicalEditing(), "the user's setting is back"


def test_reopened_county_project_gets_its_autofill_back(plugin, tmp_path):
    from landsurvey_plugin.adapters.county_open import open_county, scan_county

    project = QgsProject.instance()
    path = write_county("GPKG", tmp_path / "county.gpkg", PROFILE)
    scan = scan_county(path, PROFILE)
    result = open_county(scan, scan.guessed, project, PROFILE)
    assert project.write(str(tmp_path / "county.qgs"))
    project.clear()
    assert plugin.parcel_autofill is None, "nothing attached to a cleared project"
    assert project.read(str(tmp_path / "county.qgs"))
    autofill = plugin.parcel_autofill
    assert autofill is not None and autofill.connected
    assert autofill.layer.id() == result.layers[PARCELS].layer_id
