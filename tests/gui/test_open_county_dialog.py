"""The Open county database dialog with qtbot: the demo county, a GBK shapefile folder."""

from __future__ import annotations

import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QComboBox, QLabel

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
    warnings = dialog.findChild(QLabel, "LandSurveyOpenCountyWarnings")
    assert combo(dialog, PARCELS).currentData() is None
    assert not dialog.load_button.isEnabled(), "no parcel layer chosen"
    assert "DLTB" in warnings.text()
    box = combo(dialog, PARCELS)
    box.setCurrentIndex(box.findData("TB"))
    assert "TBBH" in warnings.text(), "the missing schema field is named before loading"
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
    warnings = dialog.findChild(QLabel, "LandSurveyOpenCountyWarnings").text()
    assert "GBK" in warnings
    qtbot.mouseClick(dialog.load_button, Qt.LeftButton)
    layer = QgsProject.instance().mapLayer(dialog.result.layers[VILLAGES].layer_id)
    assert sorted(f["ZLDWMC"] for f in layer.getFeatures()) == sorted(NAMES)
    other = write_county("GPKG", tmp_path / "utm.gpkg", PROFILE, epsg=32648, tables=("DLTB",))
    dialog.set_path(other)
    text = dialog.findChild(QLabel, "LandSurveyOpenCountyWarnings").text()
    assert "EPSG:32648" in text and "Gauss" in text


def test_bad_path_is_explained(dialog, tmp_path):
    dialog.set_path(tmp_path / "missing.gpkg")
    assert "does not exist" in dialog.findChild(QLabel, "LandSurveyOpenCountyStatus").text()
    assert not dialog.load_button.isEnabled()
