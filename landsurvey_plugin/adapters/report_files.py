"""The outputs of a check run: the error layer (GeoPackage or memory), XLSX and HTML.

The error layer has one schema wherever it goes (``ERROR_FIELDS``, MultiPolygon): the dock's
memory layer, the Processing sink and the exported GeoPackage, which carries its style as
the layer's default so that QGIS opens it styled.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path

import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProviderRegistry,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.rules.engine import CheckRun, RuleOutcome
from landsurvey_plugin.rules.findings import Finding, as_polygonal
from landsurvey_plugin.rules.report_html import DEFAULT_MAX_FINDINGS, TEXT, render_html
from landsurvey_plugin.toolbelt.paths import style_path

ERROR_LAYER_NAME = "landsurvey_errors"
ERROR_STYLE = "errors.qml"
ERROR_WKB_TYPE = QgsWkbTypes.MultiPolygon
POINT_RADIUS = 1.0  # m: a self-intersection point becomes a disc the map can show
FINDING_COLUMNS = (
    "rule",
    "category",
    "severity",
    "layer",
    "feature_key",
    "message",
    "source",
    "zldwdm",
)
SUMMARY_COLUMNS = ("rule", "title", "category", "severity", "count", "source", "seconds", "status")


def error_fields() -> QgsFields:
    """The error layer's attributes: one text field per ``Finding`` attribute."""
    fields = QgsFields()
    for name in FINDING_COLUMNS:
        fields.append(QgsField(name, QVariant.String, "string", 0))
    return fields


ERROR_FIELDS = error_fields()


def error_geometry(finding: Finding, radius: float = POINT_RADIUS) -> QgsGeometry | None:
    """The finding's place as a 2D MultiPolygon, or None when it has none."""
    shape = as_polygonal(finding.geometry, radius)
    if shape is None:
        return None
    geometry = QgsGeometry()
    geometry.fromWkb(shapely.to_wkb(shapely.force_2d(shape)))
    return geometry


def error_features(
    findings: Iterable[Finding], fields: QgsFields = ERROR_FIELDS
) -> Iterator[QgsFeature]:
    """One feature per finding; a finding without geometry keeps a NULL geometry."""
    for finding in findings:
        feature = QgsFeature(fields)
        feature.setAttributes([getattr(finding, name) or "" for name in FINDING_COLUMNS])
        geometry = error_geometry(finding)
        if geometry is not None:
            feature.setGeometry(geometry)
        yield feature


def write_error_layer(
    findings: Iterable[Finding],
    crs: QgsCoordinateReferenceSystem,
    path: str | Path,
    layer_name: str = ERROR_LAYER_NAME,
    transform_context: QgsCoordinateTransformContext | None = None,
) -> Path:
    """The findings as a GeoPackage layer (replaced when it exists) styled by severity."""
    path = Path(path)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = layer_name
    options.fileEncoding = "UTF-8"
    options.actionOnExistingFile = (
        QgsVectorFileWriter.CreateOrOverwriteLayer
        if path.exists()
        else QgsVectorFileWriter.CreateOrOverwriteFile
    )
    writer = QgsVectorFileWriter.create(
        str(path),
        ERROR_FIELDS,
        ERROR_WKB_TYPE,
        crs,
        transform_context or QgsCoordinateTransformContext(),
        options,
    )
    if writer.hasError() != QgsVectorFileWriter.NoError:
        raise LandSurveyError(
            "Cannot write {path}: {error}",
            path=str(path),
            error=writer.errorMessage(),
        )
    try:
        for feature in error_features(findings):
            if not writer.addFeature(feature, QgsFeatureSink.FastInsert):
                raise LandSurveyError(
                    "Cannot write {path}: {error}",
                    path=str(path),
                    error=writer.lastError() or writer.errorMessage(),
                )
    finally:
        del writer  # closes the GeoPackage: the fixes below go in through other connections
    finish_geopackage_layer(f"{path}|layername={layer_name}")
    return path


def _quoted(name: str, quote: str) -> str:
    return quote + name.replace(quote, quote * 2) + quote


def finish_geopackage_layer(uri: str) -> bool:
    """Make a written error table what users expect: NULL where a finding has no place, and
    ``errors.qml`` stored in the GeoPackage as the layer's default style.

    QgsVectorFileWriter stores a missing geometry as an empty MultiPolygon; that is turned
    into NULL here. Styles left by an earlier export of the same table are removed first:
    QGIS 3.22 asks in a modal dialog before it replaces a style of the same name, which
    would block a headless run. False (nothing done) when ``uri`` is not a GeoPackage table,
    e.g. a shapefile or a memory output of Processing.
    """
    from osgeo import ogr  # GDAL's own bindings: the SQL below is the GeoPackage driver's

    parts = QgsProviderRegistry.instance().decodeUri("ogr", uri)
    path = str(parts.get("path", ""))
    if not path.lower().endswith(".gpkg"):
        return False
    dataset = ogr.Open(path, 1)
    if dataset is None:
        return False
    table = parts.get("layerName") or ""
    if not table:  # a GeoPackage holding just the output table
        names = [dataset.GetLayer(i).GetName() for i in range(dataset.GetLayerCount())]
        names = [n for n in names if n != "layer_styles"]
        table = names[0] if len(names) == 1 else ""
    target = dataset.GetLayerByName(table) if table else None
    if target is None:
        return False
    geometry = target.GetGeometryColumn()
    if geometry:
        name, column = _quoted(table, '"'), _quoted(geometry, '"')
        dataset.ExecuteSQL(f"UPDATE {name} SET {column} = NULL WHERE ST_IsEmpty({column})")
    if dataset.GetLayerByName("layer_styles") is not None:
        literal = _quoted(table, "'")
        dataset.ExecuteSQL(f"DELETE FROM layer_styles WHERE f_table_name = {literal}")
    dataset = None  # closes the connection before QGIS opens its own
    layer = QgsVectorLayer(f"{path}|layername={table}", table, "ogr")
    if not layer.isValid():
        return False
    apply_error_style(layer)
    message = layer.saveStyleToDatabase(table, "Land survey check findings", True, "")
    if message:
        raise LandSurveyError("Cannot store the style in {path}: {error}", path=uri, error=message)
    return True


def apply_error_style(layer: QgsVectorLayer) -> None:
    """Errors red, warnings orange (``resources/styles/errors.qml``)."""
    message, ok = layer.loadNamedStyle(str(style_path(ERROR_STYLE)))
    if not ok:
        raise LandSurveyError(
            "Cannot load the style {name}: {error}", name=ERROR_STYLE, error=message
        )


def findings_to_memory_layer(
    findings: Iterable[Finding], crs: QgsCoordinateReferenceSystem, name: str
) -> QgsVectorLayer:
    """The error layer in memory, styled, for the dock and the map."""
    layer = QgsVectorLayer("MultiPolygon", name, "memory")
    layer.setCrs(crs)
    provider = layer.dataProvider()
    provider.addAttributes(ERROR_FIELDS.toList())
    layer.updateFields()
    provider.addFeatures(list(error_features(findings, layer.fields())))
    layer.updateExtents()
    apply_error_style(layer)
    return layer


def _status(outcome: RuleOutcome, lang: str) -> str:
    t = TEXT["zh" if lang == "zh" else "en"]
    if outcome.error:
        return t["failed"].format(reason=outcome.error.splitlines()[0] if outcome.error else "")
    if outcome.skipped:
        return t["skipped"].format(reason=outcome.skipped)
    return t["ran"]


def write_xlsx(run: CheckRun, path: str | Path, lang: str = "zh") -> Path:
    """A workbook with the sheets ``summary`` (one row per rule) and ``findings`` (one row per
    finding, the error layer's columns without geometry)."""
    from osgeo import gdal, ogr  # GDAL's own bindings, the library QGIS writes with

    path = Path(path)
    driver = ogr.GetDriverByName("XLSX")
    if driver is None:
        raise LandSurveyError("GDAL has no XLSX driver: cannot write {path}", path=str(path))
    if path.exists():
        path.unlink()
    with _gdal_errors(gdal) as errors:
        dataset = driver.CreateDataSource(str(path))
        if dataset is None:
            raise LandSurveyError(
                "Cannot write {path}: {error}", path=str(path), error="; ".join(errors)
            )
        summary = dataset.CreateLayer("summary", geom_type=ogr.wkbNone)
        kinds = {"count": ogr.OFTInteger, "seconds": ogr.OFTReal}
        for name in SUMMARY_COLUMNS:
            summary.CreateField(ogr.FieldDefn(name, kinds.get(name, ogr.OFTString)))
        for outcome in run.outcomes:
            rule = outcome.rule
            row = ogr.Feature(summary.GetLayerDefn())
            values = {
                "rule": rule.id,
                "title": rule.title_in(lang),
                "category": rule.category,
                "severity": rule.severity,
                "count": outcome.count,
                "source": rule.source,
                "seconds": round(outcome.seconds, 3),
                "status": _status(outcome, lang),
            }
            for name, value in values.items():
                row.SetField(name, value)
            summary.CreateFeature(row)
        findings = dataset.CreateLayer("findings", geom_type=ogr.wkbNone)
        for name in FINDING_COLUMNS:
            findings.CreateField(ogr.FieldDefn(name, ogr.OFTString))
        for finding in run.findings:
            row = ogr.Feature(findings.GetLayerDefn())
            for name in FINDING_COLUMNS:
                row.SetField(name, getattr(finding, name) or "")
            findings.CreateFeature(row)
        dataset = None  # writes the file
        if errors or not path.is_file():
            raise LandSurveyError(
                "Cannot write {path}: {error}", path=str(path), error="; ".join(errors)
            )
    return path


class _gdal_errors:
    """Collect GDAL's error messages instead of printing them (QGIS may have exceptions off)."""

    def __init__(self, gdal) -> None:
        self.gdal = gdal
        self.messages: list[str] = []

    def _handler(self, level, number, message) -> None:
        if level >= self.gdal.CE_Failure:
            self.messages.append(str(message))

    def __enter__(self) -> list[str]:
        self.gdal.PushErrorHandler(self._handler)
        return self.messages

    def __exit__(self, *exc) -> None:
        self.gdal.PopErrorHandler()


def write_html(
    run: CheckRun,
    path: str | Path,
    *,
    title: str,
    profile_title: str = "",
    layers: Mapping[str, str] | None = None,
    lang: str = "zh",
    generated_at: datetime | str | None = None,
    max_findings_per_rule: int = DEFAULT_MAX_FINDINGS,
    chips: Mapping[tuple[str, str, str], str | Path] | None = None,
) -> Path:
    """The HTML report (``rules/report_html.py``) as a UTF-8 file; ``chips`` (finding
    identity -> PNG, see ``image_chips.report_chips``) are linked relative to it, so the
    report and its chips folder move together."""
    path = Path(path)
    links = {
        identity: Path(os.path.relpath(Path(png).resolve(), path.resolve().parent)).as_posix()
        for identity, png in (chips or {}).items()
    }
    text = render_html(
        run,
        title=title,
        profile_title=profile_title,
        layers=layers or {},
        lang=lang,
        generated_at=generated_at if generated_at is not None else datetime.now(),
        max_findings_per_rule=max_findings_per_rule,
        chips=links,
    )
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise LandSurveyError(
            "Cannot write {path}: {error}", path=str(path), error=str(exc)
        ) from exc
    return path
