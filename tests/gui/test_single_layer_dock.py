"""The single-layer dock on the demo county: the real project, GeoPackage, canvas and edits."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import shapely
from osgeo import ogr
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProject,
    QgsSnappingConfig,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication, QCheckBox, QMessageBox, QToolButton

from landsurvey_plugin.gui.single_layer_dock import (
    AREA_COLUMN,
    COUNT_COLUMN,
    GROUP_NAME,
    LAYER_ROLE,
    MU,
    MU_COLUMN,
    NAME_COLUMN,
    STATUS_COLUMN,
    SingleLayerDock,
)
from landsurvey_plugin.model.area import ellipsoidal_areas
from landsurvey_plugin.model.gauss_kruger import zone_from_epsg
from landsurvey_plugin.model.profile import load_profile

FOUR = ("TTQ", "GFBQ", "CCWJQ", "GCHZZ")


@pytest.fixture
def county(demo_county, tmp_path, qgis_iface):
    """A private copy of the demo county opened as the current project."""
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
def dock(county, qgis_iface, qgis_canvas, qtbot):
    widget = SingleLayerDock(
        qgis_canvas,
        load_profile("2024-national"),
        QgsProject.instance(),
        qgis_iface.messageBar(),
        activate_layer=qgis_iface.setActiveLayer,
        add_feature_action=qgis_iface.actionAddFeature(),
    )
    qtbot.addWidget(widget)
    widget.resize(900, 900)
    widget.show()
    yield widget
    widget.dispose()


def layer_named(table: str) -> QgsVectorLayer:
    return next(
        layer
        for layer in QgsProject.instance().mapLayers().values()
        if layer.name().split()[-1] == table
    )


def row_of(dock, layer_id: str) -> int:
    for row in range(dock.table.rowCount()):
        if dock.table.item(row, NAME_COLUMN).data(LAYER_ROLE) == layer_id:
            return row
    raise AssertionError(f"no row for {layer_id}")


def shown_count(dock, layer_id: str) -> int:
    return int(dock.table.item(row_of(dock, layer_id), COUNT_COLUMN).text())


def shown_area(dock, layer_id: str) -> float:
    return float(dock.table.item(row_of(dock, layer_id), AREA_COLUMN).text().replace(",", ""))


def independent_stats(layer: QgsVectorLayer) -> tuple[int, float]:
    """Count and ellipsoidal area from the features' WKB, the zone from the EPSG code."""
    zone = zone_from_epsg(int(layer.crs().authid().split(":")[1]))
    shapes = [shapely.from_wkb(bytes(f.geometry().asWkb())) for f in layer.getFeatures()]
    areas = ellipsoidal_areas(np.array(shapes, dtype=object), zone)
    return len(shapes), float(np.nansum(areas))


def select_parcel_under(parcels: QgsVectorLayer, target: QgsVectorLayer) -> tuple[int, int]:
    """Select the parcel carrying a range of ``target``: (parcel fid, range fid)."""
    for feature in target.getFeatures():
        point = feature.geometry().pointOnSurface()
        request = QgsFeatureRequest().setFilterRect(point.boundingBox())
        for parcel in parcels.getFeatures(request):
            if parcel.geometry().contains(point):
                parcels.selectByIds([parcel.id()])
                return parcel.id(), feature.id()
    raise AssertionError(f"no parcel under {target.name()}")


def test_widgets_have_stable_names(dock):
    assert dock.objectName() == "LandSurveySingleLayerDock"
    for name in (
        "LandSurveySingleLayerTable",
        "LandSurveySingleLayerBreakdown",
        "LandSurveySingleLayerCreate",
        "LandSurveySingleLayerAddFromParcels",
        "LandSurveySingleLayerDigitise",
        "LandSurveySingleLayerErase",
        "LandSurveySingleLayerEraseDrawn",
        "LandSurveySingleLayerConsistency",
        "LandSurveySingleLayerConflicts",
        "LandSurveySingleLayerApplyFix",
        "LandSurveySingleLayerApplyAll",
        "LandSurveySingleLayerSummary",
    ):
        assert dock.findChild(object, name) is not None, name
    assert isinstance(dock.findChild(QCheckBox, "LandSurveySingleLayerDissolve"), QCheckBox)
    assert isinstance(dock.findChild(QToolButton, "LandSurveySingleLayerCreate"), QToolButton)


def test_table_lists_the_layers_with_counts_and_areas(dock):
    profile = load_profile("2024-national")
    assert dock.table.rowCount() == len(profile.single_layers)
    for layer_id in FOUR:
        row = row_of(dock, layer_id)
        schema = profile.single_layers[layer_id]
        layer = layer_named(schema.table)
        assert dock.table.item(row, NAME_COLUMN).text() == schema.name_zh
        assert dock.table.item(row, STATUS_COLUMN).text() == layer.name()
        tip = dock.table.item(row, NAME_COLUMN).toolTip()
        assert all(note in tip for note in schema.notes), "the seed clauses as tooltip"
        count, area = independent_stats(layer)
        assert count > 0
        assert shown_count(dock, layer_id) == count
        assert shown_area(dock, layer_id) == pytest.approx(area, abs=0.01 * count + 0.01)
        mu = float(dock.table.item(row, MU_COLUMN).text().replace(",", ""))
        assert mu == pytest.approx(area / MU, abs=0.01 * count + 0.01)
    # the optional layers are listed as missing
    assert dock.table.item(row_of(dock, "LMFW"), COUNT_COLUMN).text() == ""
    assert "4" in dock.summary.text()


def test_breakdown_by_location_unit_sums_to_the_layer(dock):
    dock.select_layer("TTQ")
    layer = layer_named("TTQ")
    rows = dock.breakdown.rowCount()
    assert rows >= 1
    codes = {f["ZLDWDM"] for f in layer.getFeatures()}
    shown = {dock.breakdown.item(r, 0).text() for r in range(rows)}
    assert shown == {str(c) for c in codes}
    total = sum(int(dock.breakdown.item(r, 1).text()) for r in range(rows))
    assert total == layer.featureCount()


def test_create_a_missing_layer(dock, county, qgis_iface):
    project = QgsProject.instance()
    project.removeMapLayer(layer_named("GCHZZ").id())
    gpkg = county / "county.gpkg"
    dataset = ogr.Open(str(gpkg), 1)
    index = next(
        i for i in range(dataset.GetLayerCount()) if dataset.GetLayerByIndex(i).GetName() == "GCHZZ"
    )
    assert dataset.DeleteLayer(index) == 0
    dataset = None
    assert "GCHZZ" not in dock.layers
    row = row_of(dock, "GCHZZ")
    assert dock.table.item(row, STATUS_COLUMN).text() != ""  # "missing"
    dock.select_layer("GCHZZ")
    assert dock.create_button.isEnabled() and not dock.add_button.isEnabled()
    dock.create_button.click()
    layer = dock.layers.get("GCHZZ")
    assert layer is not None and layer.isValid()
    assert layer.crs() == layer_named("DLTB").crs()
    schema = load_profile("2024-national").single_layers["GCHZZ"]
    assert [f.name() for f in layer.fields() if f.name() != "fid"] == list(schema.field_names)
    assert QgsProject.instance().layerTreeRoot().findGroup(GROUP_NAME).findLayer(layer.id())
    saved, ok = project.readEntry("landsurvey", "roles/GCHZZ", "")
    assert ok and saved == layer.id()
    names = {l.GetName() for l in ogr.Open(str(gpkg))}  # noqa: E741
    assert "GCHZZ" in names
    assert shown_count(dock, "GCHZZ") == 0
    assert dock.add_button.isEnabled() and not dock.create_button.isEnabled()


def test_create_loads_a_table_that_is_only_missing_from_the_project(dock):
    before = layer_named("GCHZZ").featureCount()
    QgsProject.instance().removeMapLayer(layer_named("GCHZZ").id())
    dock.select_layer("GCHZZ")
    layer = dock.create_layer()
    assert layer is not None and layer.featureCount() == before
    assert shown_count(dock, "GCHZZ") == before


def test_add_from_selected_parcels_and_undo(dock, qtbot, qgis_iface):
    bar = qgis_iface.messageBar()
    bar.clear_messages()
    parcels, target = layer_named("DLTB"), layer_named("TTQ")
    before = shown_count(dock, "TTQ")
    parcels.selectByIds([next(parcels.getFeatures()).id()])
    dock.select_layer("TTQ")
    report = dock.add_from_parcels()
    assert report is not None and len(report.added) == 1
    assert shown_count(dock, "TTQ") == before + 1
    assert any("TTQ: 1 ranges added from 1 parcels" in m for m in bar.get_messages(Qgis.Success))
    assert target.undoStack().count() == 1
    target.undoStack().undo()
    qtbot.waitUntil(lambda: shown_count(dock, "TTQ") == before)  # via the layer's signals


def test_erase_under_a_selected_parcel_and_undo(dock, qtbot):
    parcels, target = layer_named("DLTB"), layer_named("TTQ")
    dock.select_layer("TTQ")
    area = shown_area(dock, "TTQ")
    select_parcel_under(parcels, target)
    report = dock.erase_under_selection()
    assert report is not None and (report.changed or report.deleted)
    assert shown_area(dock, "TTQ") < area
    assert target.undoStack().count() == 1, "one undo step"
    target.undoStack().undo()
    qtbot.waitUntil(lambda: shown_area(dock, "TTQ") == pytest.approx(area))


def test_digitise_uses_qgis_tool_with_snapping_to_the_parcels(dock, qgis_iface):
    target, parcels = layer_named("CCWJQ"), layer_named("DLTB")
    dock.select_layer("CCWJQ")
    add_feature = qgis_iface.actionAddFeature()
    add_feature.trigger.reset_mock()
    assert dock.digitise()
    assert target.isEditable()
    assert qgis_iface.activeLayer() is target
    assert add_feature.trigger.called
    config = QgsProject.instance().snappingConfig()
    assert config.enabled()
    if config.mode() == QgsSnappingConfig.AdvancedConfiguration:
        assert config.individualLayerSettings(parcels).enabled()


def test_consistency_lists_the_planted_conflicts_and_the_ttq_fix(dock, county):
    pytest.importorskip("landsurvey_plugin.adapters.single_layer_consistency")
    defects = json.loads((county / "defects.json").read_text(encoding="utf-8"))["defects"]
    planted = {d["kind"]: d for d in defects if d["kind"].endswith("_wrong_host")}
    assert set(planted) == {"ttq_wrong_host", "ccwjq_wrong_host", "gchzz_wrong_host"}
    conflicts = dock.check_consistency()
    assert dock.conflict_tree.topLevelItemCount() == len(conflicts)
    for kind, defect in planted.items():
        assert any(
            c.finding.layer == kind.split("_")[0].upper() and defect["key"] in c.finding.keys
            for c in conflicts
        ), kind
    ttq_key = planted["ttq_wrong_host"]["key"]
    row = next(
        i for i, c in enumerate(conflicts) if c.finding.layer == "TTQ" and ttq_key in c.finding.keys
    )
    item = dock.conflict_tree.topLevelItem(row)
    assert item.text(0) and item.text(1) and item.text(2), "rule, message and proposed fix"
    dock.conflict_tree.setCurrentItem(item)  # zooms and flashes
    assert dock.apply_button.isEnabled()
    target = layer_named("TTQ")
    count = target.featureCount()
    assert dock.apply_selected_fix() == 1
    assert target.featureCount() == count - 1, "the range on the built parcel is deleted"
    assert not any(c.finding.layer == "TTQ" and ttq_key in c.finding.keys for c in dock.conflicts)
    assert dock.conflict_tree.topLevelItemCount() == len(dock.conflicts)


def answer_next_question(button) -> None:
    """Press ``button`` in the next modal QMessageBox (the dock's confirmation)."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(button).click()
        else:
            QTimer.singleShot(20, press)

    QTimer.singleShot(0, press)


def test_clicking_a_conflict_zooms_to_it_in_the_canvas_crs(dock, qgis_canvas):
    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    conflicts = dock.check_consistency()
    row, conflict = next((i, c) for i, c in enumerate(conflicts) if c.mask is not None)
    dock.conflict_tree.setCurrentItem(dock.conflict_tree.topLevelItem(row))
    centre = QgsGeometry(conflict.mask)
    transform = QgsCoordinateTransform(
        layer_named(conflict.layer).crs(), qgis_canvas.mapSettings().destinationCrs(),
        QgsProject.instance(),
    )  # fmt: skip
    centre.transform(transform)
    extent = qgis_canvas.extent()
    assert extent.contains(centre.boundingBox().center())
    assert extent.width() < 0.01, "zoomed in (degrees)"


def test_apply_all_asks_first_and_leaves_only_manual_conflicts(dock):
    from landsurvey_plugin.adapters.single_layer_consistency import DELETE_RANGE

    conflicts = dock.check_consistency()
    fixable = [c for c in conflicts if c.fix == DELETE_RANGE]
    assert fixable and dock.apply_all_button.isEnabled()
    answer_next_question(QMessageBox.No)
    assert dock.apply_all_fixes() == 0
    assert len(dock.conflicts) == len(conflicts)
    answer_next_question(QMessageBox.Yes)
    assert dock.apply_all_fixes() == len(fixable)
    assert all(c.fix != DELETE_RANGE for c in dock.conflicts)


def test_a_digitised_range_gets_its_attributes_and_one_undo_removes_it(dock, qtbot):
    from qgis.core import QgsVectorLayerUtils

    target, parcels = layer_named("CCWJQ"), layer_named("DLTB")
    schema = load_profile("2024-national").single_layers["CCWJQ"]
    parcel = next(p for p in parcels.getFeatures() if p["ZLDWDM"])
    inside = parcel.geometry().pointOnSurface().buffer(1.0, 8)
    if parcels.crs() != target.crs():
        inside.transform(QgsCoordinateTransform(parcels.crs(), target.crs(), QgsProject.instance()))
    before = target.featureCount()
    dock.select_layer("CCWJQ")
    assert dock.digitise()
    feature = QgsVectorLayerUtils.createFeature(
        target, inside, {}, target.createExpressionContext()
    )  # as QGIS's add-feature tool builds it
    target.beginEditCommand("Feature added")
    assert target.addFeature(feature)
    target.endEditCommand()
    added = [target.getFeature(fid) for fid in target.editBuffer().addedFeatures()]
    assert len(added) == 1
    new = added[0]
    assert new["ZLDWDM"] == parcel["ZLDWDM"]
    assert new["YSDM"] == schema.ysdm
    assert len(str(new["BSM"])) == 18
    assert new[schema.area_field] == pytest.approx(
        independent_area(new.geometry(), target), abs=0.01
    )
    qtbot.waitUntil(lambda: shown_count(dock, "CCWJQ") == before + 1)
    target.undoStack().undo()
    assert target.featureCount() == before
    qtbot.waitUntil(lambda: shown_count(dock, "CCWJQ") == before)


def independent_area(geometry, layer) -> float:
    zone = zone_from_epsg(int(layer.crs().authid().split(":")[1]))
    return float(ellipsoidal_areas([shapely.from_wkb(bytes(geometry.asWkb()))], zone)[0])


def _range_box_in_canvas(target, canvas):
    feature = next(f for f in target.getFeatures() if f.hasGeometry())
    geometry = QgsGeometry(feature.geometry())
    transform = QgsCoordinateTransform(
        target.crs(), canvas.mapSettings().destinationCrs(), QgsProject.instance()
    )
    geometry.transform(transform)
    return feature, geometry.boundingBox()


def test_erase_under_a_drawn_polygon_with_mouse_clicks_and_undo(dock, qgis_canvas, qtbot):
    from qgis.core import QgsPointXY
    from qgis.PyQt.QtCore import QPoint, Qt
    from qgis.PyQt.QtTest import QTest

    target = layer_named("TTQ")
    dock.select_layer("TTQ")
    before = target.featureCount()
    qgis_canvas.setDestinationCrs(target.crs())
    qgis_canvas.resize(600, 600)
    qgis_canvas.show()
    feature, box = _range_box_in_canvas(target, qgis_canvas)
    qgis_canvas.setExtent(box.buffered(box.width() * 2 + 10))
    qgis_canvas.refresh()
    box = box.buffered(max(box.width(), box.height()) * 0.2 + 0.5)
    tool = dock.start_erase_drawn()
    assert tool is not None and qgis_canvas.mapTool() is tool
    assert dock.findChild(QToolButton, "LandSurveySingleLayerEraseDrawn").isEnabled()
    to_pixels = qgis_canvas.getCoordinateTransform()
    corners = [
        (box.xMinimum(), box.yMinimum()),
        (box.xMaximum(), box.yMinimum()),
        (box.xMaximum(), box.yMaximum()),
        (box.xMinimum(), box.yMaximum()),
    ]
    viewport = qgis_canvas.viewport()
    for x, y in corners:
        pixel = to_pixels.transform(QgsPointXY(x, y))
        QTest.mouseClick(
            viewport, Qt.LeftButton, Qt.NoModifier, QPoint(round(pixel.x()), round(pixel.y()))
        )
    assert len(tool.points) == 4
    QTest.mouseClick(viewport, Qt.RightButton, Qt.NoModifier, QPoint(5, 5))
    assert qgis_canvas.mapTool() is not tool, "the previous tool is back"
    assert not target.getFeature(feature.id()).isValid(), "the range inside is deleted"
    assert target.featureCount() < before
    assert target.undoStack().count() == 1, "one undo step"
    target.undoStack().undo()
    assert target.featureCount() == before


def test_erase_drawn_polygon_is_transformed_from_the_canvas_crs(dock, qgis_canvas):
    from qgis.core import QgsPointXY

    target = layer_named("TTQ")
    dock.select_layer("TTQ")
    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    feature, box = _range_box_in_canvas(target, qgis_canvas)
    left = box.xMinimum() - box.width()  # the left half of the range and a margin
    middle = box.center().x()
    bottom, top = box.yMinimum() - box.height(), box.yMaximum() + box.height()
    tool = dock.start_erase_drawn()
    area = feature.geometry().area()
    tool.finish(
        [QgsPointXY(left, bottom), QgsPointXY(middle, bottom), QgsPointXY(middle, top),
         QgsPointXY(left, top)]
    )  # fmt: skip
    remaining = target.getFeature(feature.id()).geometry().area()
    assert 0 < remaining < area
    assert target.undoStack().count() == 1
    # Esc cancels without editing
    tool = dock.start_erase_drawn()
    tool.add_point(QgsPointXY(left, bottom))
    tool.cancelled.emit()
    assert target.undoStack().count() == 1


def test_import_a_delivered_layer_through_the_dialog(dock, county):
    from qgis.PyQt.QtWidgets import QComboBox

    from landsurvey_plugin.gui.import_ranges_dialog import ImportRangesDialog

    target = layer_named("TTQ")
    schema = load_profile("2024-national").single_layers["TTQ"]
    parcels = layer_named("DLTB")
    # a delivered layer: two parcels in EPSG:4490 with other field names
    source = QgsVectorLayer(
        "MultiPolygon?crs=EPSG:4490&field=ZLDWDM:string&field=DWMC:string&field=MJ:double",
        "delivered",
        "memory",
    )
    to_geo = QgsCoordinateTransform(parcels.crs(), source.crs(), QgsProject.instance())
    from qgis.core import QgsFeature

    chosen = [p for p in parcels.getFeatures() if p["ZLDWDM"]][:2]
    features = []
    for parcel in chosen:
        feature = QgsFeature(source.fields())
        geometry = QgsGeometry(parcel.geometry())
        geometry.transform(to_geo)
        feature.setGeometry(geometry)
        feature.setAttributes([parcel["ZLDWDM"], parcel["ZLDWMC"], 1.0])
        features.append(feature)
    assert source.dataProvider().addFeatures(features)[0]
    QgsProject.instance().addMapLayer(source)
    dock.select_layer("TTQ")
    assert dock.import_button.isEnabled()
    dialog = dock.import_dialog()
    assert isinstance(dialog, ImportRangesDialog)
    combo = dialog.findChild(object, "LandSurveyImportSource")
    assert combo is not None
    dialog.set_source(source)
    fields = {
        name: dialog.findChild(QComboBox, f"LandSurveyImportField_{name}")
        for name in schema.field_names
    }
    assert all(fields.values())
    assert fields["ZLDWDM"].currentData() == "ZLDWDM"
    assert fields["TTQMJ"].currentData() == "MJ"
    assert fields["BSM"].currentData() is None
    fields["ZLDWMC"].setCurrentIndex(fields["ZLDWMC"].findData("DWMC"))
    fields["TTQMJ"].setCurrentIndex(0)  # recompute the area
    mapping = dialog.mapping()
    assert mapping["ZLDWMC"] == "DWMC" and mapping["TTQMJ"] is None
    before = target.featureCount()
    report = dock.import_from(source, mapping)
    assert report is not None and len(report.added) == 2
    assert shown_count(dock, "TTQ") == before + 2
    for fid, parcel in zip(report.added, sorted(chosen, key=lambda p: p.id())):
        feature = target.getFeature(fid)
        assert feature["ZLDWMC"] == parcel["ZLDWMC"] or feature["ZLDWMC"] in {
            p["ZLDWMC"] for p in chosen
        }
        assert feature["TTQMJ"] == pytest.approx(
            independent_area(feature.geometry(), target), abs=0.01
        )
        assert len(str(feature["BSM"])) == 18
    assert target.undoStack().count() == 1
    target.undoStack().undo()
    assert target.featureCount() == before
