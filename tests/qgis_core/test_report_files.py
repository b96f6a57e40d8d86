"""The error layer (GeoPackage and memory), the workbook and the HTML file, re-read for real."""

from __future__ import annotations

import sqlite3

import pytest
import shapely
from osgeo import gdal, ogr
from qgis.core import QgsCoordinateReferenceSystem, QgsVectorLayer, QgsWkbTypes

from landsurvey_plugin.adapters.report_files import (
    ERROR_LAYER_NAME,
    FINDING_COLUMNS,
    SUMMARY_COLUMNS,
    findings_to_memory_layer,
    write_error_layer,
    write_html,
    write_xlsx,
)
from landsurvey_plugin.model.profile import load_profile
from landsurvey_plugin.rules.engine import run_checks
from landsurvey_plugin.rules.findings import Finding
from tests.pure.test_report_html import dataset

X, Y = 36_500_000.0, 2_937_000.0  # EPSG:4524 (GK zone 36 with prefix)
CRS = QgsCoordinateReferenceSystem("EPSG:4524")


def finding(rule: str, key: str, geometry, severity: str = "error", **extra) -> Finding:
    return Finding(
        rule=rule,
        category=extra.pop("category", "geometry"),
        severity=severity,
        layer="DLTB",
        feature_key=key,
        message=extra.pop("message", f"{key}: 图形无效 <&>"),
        geometry=geometry,
        source="001:四(一)3",
        zldwdm=extra.pop("zldwdm", "5201991001010000000"),
    )


FINDINGS = [
    finding("overlap", "A;B", shapely.box(X, Y, X + 10, Y + 5), category="topology"),
    finding("invalid", "C", shapely.Point(X + 50, Y + 50)),  # a self-intersection point
    finding("narrow", "D", shapely.LineString([(X, Y + 80), (X + 30, Y + 80)]), "warning"),
    finding(
        "mixed",
        "E",
        shapely.GeometryCollection(
            [shapely.Point(X + 90, Y), shapely.box(X + 95, Y, X + 99, Y + 4)]
        ),
    ),
    finding("schema", "field:TBBH", None, category="attribute", zldwdm="", message="缺字段"),
    finding("required", "F", shapely.Polygon(), category="attribute"),  # empty: no place
]


def read_layer(path, name=ERROR_LAYER_NAME) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert layer.isValid()
    return layer


def test_error_layer_round_trip(tmp_path):
    path = write_error_layer(FINDINGS, CRS, tmp_path / "errors.gpkg")
    layer = read_layer(path)
    assert layer.featureCount() == len(FINDINGS)
    assert layer.wkbType() == QgsWkbTypes.MultiPolygon
    assert layer.crs().authid() == "EPSG:4524"
    names = [f.name() for f in layer.fields()]
    assert names[1:] == list(FINDING_COLUMNS)  # after the GeoPackage's fid
    rows = {f["rule"]: f for f in layer.getFeatures()}
    assert set(rows) == {f.rule for f in FINDINGS}
    for f in FINDINGS:
        row = rows[f.rule]
        assert [row[c] for c in FINDING_COLUMNS] == [getattr(f, c) for c in FINDING_COLUMNS]
    # no place: the row is kept with a NULL geometry
    assert rows["schema"].geometry().isNull()
    assert rows["required"].geometry().isNull()
    # a polygon keeps its exact shape; a point becomes a 1 m disc; a line a 1 m band
    assert rows["overlap"].geometry().area() == pytest.approx(50.0)
    disc = rows["invalid"].geometry()
    assert disc.area() == pytest.approx(3.06, abs=0.1)  # 16-gon of radius 1
    assert disc.centroid().asPoint().x() == pytest.approx(X + 50)
    band = rows["narrow"].geometry()
    assert band.area() == pytest.approx(60 + 3.06, abs=0.2)
    mixed = rows["mixed"].geometry()
    assert mixed.constGet().numGeometries() == 2
    assert all(
        QgsWkbTypes.flatType(f.geometry().wkbType()) == QgsWkbTypes.MultiPolygon
        for f in rows.values()
        if not f.geometry().isNull()
    )


def test_error_layer_has_its_default_style(tmp_path):
    path = write_error_layer(FINDINGS, CRS, tmp_path / "errors.gpkg")
    with sqlite3.connect(path) as db:
        styles = db.execute(
            "SELECT f_table_name, useAsDefault, styleQML FROM layer_styles"
        ).fetchall()
    assert len(styles) == 1
    table, default, qml = styles[0]
    assert (table, default) == (ERROR_LAYER_NAME, 1)
    assert 'attr="severity"' in qml and "categorizedSymbol" in qml
    layer = read_layer(path)  # QGIS loads the stored default style by itself
    renderer = layer.renderer()
    assert renderer.type() == "categorizedSymbol"
    assert renderer.classAttribute() == "severity"
    colours = {c.value(): c.symbol().color().name() for c in renderer.categories()}
    assert colours == {"error": "#dc0000", "warning": "#ff8c00"}


def test_export_again_into_the_same_geopackage(tmp_path):
    """Re-exporting replaces the table and its style: QGIS 3.22 would otherwise ask in a
    modal dialog before overwriting a style of the same name (and block a headless run)."""
    path = tmp_path / "errors.gpkg"
    write_error_layer(FINDINGS, CRS, path)
    write_error_layer(FINDINGS[:2], CRS, path, layer_name="second")
    first = read_layer(path)  # open, as in a QGIS project, while the file is rewritten
    assert first.featureCount() == len(FINDINGS)
    assert read_layer(path, "second").featureCount() == 2
    write_error_layer(FINDINGS[:1], CRS, path)  # replaces the layer, keeps the other
    assert read_layer(path).featureCount() == 1
    assert read_layer(path, "second").featureCount() == 2
    with sqlite3.connect(path) as db:
        styles = db.execute(
            "SELECT f_table_name, styleName, useAsDefault FROM layer_styles ORDER BY 1"
        ).fetchall()
    assert styles == [(ERROR_LAYER_NAME, ERROR_LAYER_NAME, 1), ("second", "second", 1)]


def test_memory_layer(tmp_path):
    layer = findings_to_memory_layer(FINDINGS, CRS, "检查结果")
    assert layer.isValid() and layer.providerType() == "memory"
    assert layer.name() == "检查结果" and layer.crs().authid() == "EPSG:4524"
    assert layer.wkbType() == QgsWkbTypes.MultiPolygon
    assert layer.fields().names() == list(FINDING_COLUMNS)
    features = list(layer.getFeatures())
    assert len(features) == len(FINDINGS)
    assert sum(f.geometry().isNull() for f in features) == 2
    assert layer.renderer().type() == "categorizedSymbol"


@pytest.fixture(scope="module")
def run():
    return run_checks(dataset(), load_profile("2024-national"), lang="zh")


def sheet(path, name: str) -> tuple[list[str], list[list]]:
    """A sheet's header and rows; the header row is forced (GDAL guesses none when every
    column is text, as in ``findings``)."""
    gdal.SetConfigOption("OGR_XLSX_HEADERS", "FORCE")
    try:
        ds = gdal.OpenEx(str(path), gdal.OF_VECTOR)
    finally:
        gdal.SetConfigOption("OGR_XLSX_HEADERS", None)
    assert ds is not None
    layer = ds.GetLayerByName(name)
    definition = layer.GetLayerDefn()
    header = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    rows = [[f.GetField(i) for i in range(len(header))] for f in layer]
    return header, rows


def test_xlsx_has_summary_and_findings(run, tmp_path):
    path = write_xlsx(run, tmp_path / "report.xlsx", "zh")
    ds = ogr.Open(str(path))
    assert [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())] == [
        "summary",
        "findings",
    ]
    header, rows = sheet(path, "findings")
    assert header == list(FINDING_COLUMNS)
    assert len(rows) == len(run.findings)
    assert rows == [[getattr(f, c) or None for c in FINDING_COLUMNS] for f in run.findings]
    header, rows = sheet(path, "summary")
    assert header == list(SUMMARY_COLUMNS)
    assert [r[0] for r in rows] == [o.rule.id for o in run.outcomes]
    by_rule = {r[0]: dict(zip(header, r)) for r in rows}
    for outcome in run.outcomes:
        assert int(by_rule[outcome.rule.id]["count"]) == outcome.count
        assert by_rule[outcome.rule.id]["title"] == outcome.rule.title_zh
    assert by_rule["tbbh_unique"]["status"] == "未执行：field DLTB.TBBH missing"
    assert by_rule["bsm_unique"]["status"] == "已执行"
    # written again over an existing file
    write_xlsx(run, path, "en")
    _, rows = sheet(path, "summary")
    assert {r[0]: r[1] for r in rows}["bsm_unique"] != by_rule["bsm_unique"]["title"]


def test_html_file(run, tmp_path):
    path = write_html(
        run, tmp_path / "report.html", title="检查报告", layers={"DLTB": "DLTB"}, lang="zh"
    )
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "<h1>检查报告</h1>" in text
    assert "bsm_unique" in text and "生成时间" in text
