"""Create and edit single layers (推(堆)土区, 光伏板区, 拆除未尽区, 工厂化种植) in QGIS.

Each user action is one undo step of the target layer's edit buffer (the pattern of
``parcel_areas.recompute_in_place``): editing starts when needed, the user still decides
whether to save, and a failure leaves no half-done step. The arithmetic (ranges, erase,
areas, BSM) is ``model.single_layers``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsFeatureRequest,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProject,
    QgsRectangle,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from landsurvey_plugin.adapters.crs import AreaFrame, area_frame
from landsurvey_plugin.adapters.geometry import to_shapely
from landsurvey_plugin.errors import LandSurveyError, SchemaError
from landsurvey_plugin.model.area import ellipsoidal_areas, round_half_away
from landsurvey_plugin.model.profile import LayerSchema
from landsurvey_plugin.model.single_layers import erase, group_parcels, next_bsm

_QT_TYPES = {"string": QVariant.String, "int": QVariant.Int, "double": QVariant.Double}
_TYPE_NAMES = {"string": "String", "int": "Integer", "double": "Real"}


def schema_fields(schema: LayerSchema) -> QgsFields:
    """The schema's fields as QgsFields (name, type, length, precision)."""
    fields = QgsFields()
    for spec in schema.fields:
        kind = spec.type if spec.type in _QT_TYPES else "string"
        fields.append(
            QgsField(
                spec.name,
                _QT_TYPES[kind],
                _TYPE_NAMES[kind],
                spec.length,
                spec.precision if kind == "double" else 0,
            )
        )
    return fields


def _table_exists(gpkg_path: Path, table: str) -> bool:
    if not gpkg_path.exists():
        return False
    from osgeo import ogr  # GDAL's own bindings, as check_dataset uses

    dataset = ogr.Open(str(gpkg_path))
    if dataset is None:
        raise LandSurveyError("{path} is not a GeoPackage GDAL can open.", path=str(gpkg_path))
    names = {dataset.GetLayerByIndex(i).GetName().upper() for i in range(dataset.GetLayerCount())}
    return table.upper() in names


def create_single_layer(
    schema: LayerSchema, crs: QgsCoordinateReferenceSystem, gpkg_path: str | Path
) -> QgsVectorLayer:
    """A new, empty MultiPolygon table ``schema.table`` in the GeoPackage, with the
    schema's fields, in ``crs`` (the parcels' CRS); an existing table is never overwritten."""
    path = Path(gpkg_path)
    if _table_exists(path, schema.table):
        raise LandSurveyError(
            "The table {table} exists already in {path}; it is not overwritten.",
            table=schema.table,
            path=str(path),
        )
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = schema.table
    options.fileEncoding = "UTF-8"
    options.actionOnExistingFile = (
        QgsVectorFileWriter.CreateOrOverwriteLayer
        if path.exists()
        else QgsVectorFileWriter.CreateOrOverwriteFile
    )
    writer = QgsVectorFileWriter.create(
        str(path),
        schema_fields(schema),
        QgsWkbTypes.MultiPolygon,
        crs,
        QgsProject.instance().transformContext(),
        options,
    )
    error = writer.hasError()
    message = writer.errorMessage()
    del writer  # closes the file
    if error != QgsVectorFileWriter.NoError:
        raise LandSurveyError(
            "Cannot create {table} in {path}: {error}",
            table=schema.table,
            path=str(path),
            error=message,
        )
    layer = QgsVectorLayer(f"{path}|layername={schema.table}", schema.table, "ogr")
    if not layer.isValid():
        raise LandSurveyError(
            "The new table {table} in {path} cannot be opened.", table=schema.table, path=str(path)
        )
    return layer


def _transform_context() -> QgsCoordinateTransformContext:
    return QgsProject.instance().transformContext()


def _frame_for(layer: QgsVectorLayer, extent: QgsRectangle | None = None) -> AreaFrame:
    box = extent if extent is not None and not extent.isEmpty() else layer.extent()
    return area_frame(layer.crs(), box, _transform_context())


def geometry_areas(geometries: Sequence[QgsGeometry], frame: AreaFrame) -> list[float]:
    """Ellipsoidal areas rounded to 0.01 m² (the TBMJ code); nan for unusable geometries."""
    shapes, _ = to_shapely(list(geometries), frame.transform)
    return [round_half_away(float(a), 2) for a in ellipsoidal_areas(shapes, frame.zone)]


def to_qgs(shape: shapely.Geometry) -> QgsGeometry:
    """A shapely (Multi)Polygon as a MultiPolygon QgsGeometry (the single layers' type)."""
    geometry = QgsGeometry()
    geometry.fromWkb(shapely.to_wkb(shapely.multipolygons(list(shapely.get_parts(shape)))))
    return geometry


def _text(value: object) -> str:
    if value is None or isinstance(value, QVariant):
        return ""
    return str(value).strip()


def area_field_of(layer: QgsVectorLayer | QgsFields, schema: LayerSchema | None = None) -> int:
    """Index of the area field: the schema's, else the one field named *MJ; -1 if none."""
    fields = layer if isinstance(layer, QgsFields) else layer.fields()
    if schema is not None and schema.area_field:
        return fields.lookupField(schema.area_field)
    candidates = [i for i, f in enumerate(fields) if f.name().upper().endswith("MJ")]
    return candidates[0] if len(candidates) == 1 else -1


def highest_bsm(layer: QgsVectorLayer, prefix: str) -> list[str]:
    """The layer's highest 18-character BSM under ``prefix`` (edit buffer included), as a
    list of zero or one.

    Every saved BSM is read from the provider (no geometry: 0.7 s for 200,000 parcels) and
    the maximum taken here: QGIS 3.22 neither compiles ORDER BY nor this LIKE for OGR (8 s
    and 6 s on 200,000 parcels) and does not honour ORDER BY + LIMIT on a layer with an
    edit buffer (it returned the smallest). The edit buffer's added and changed BSMs are
    then added.
    """
    index = layer.fields().lookupField("BSM")
    if index < 0 or not prefix.isdigit():
        return []
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    provider = layer.dataProvider()
    saved = provider.fields().lookupField("BSM")  # provider and layer indexes may differ
    request.setSubsetOfAttributes([saved])
    values = [f.attribute(saved) for f in provider.getFeatures(request)] if saved >= 0 else []
    buffer = layer.editBuffer() if layer.isEditable() else None
    if buffer is not None:
        values += [f.attribute(index) for f in buffer.addedFeatures().values()]
        values += [
            changed[index]
            for changed in buffer.changedAttributeValues().values()
            if index in changed
        ]
    valid = [
        text
        for text in map(_text, values)
        if len(text) == 18 and text.startswith(prefix) and text.isdigit()
    ]
    return [max(valid)] if valid else []


def _start_editing(layer: QgsVectorLayer) -> None:
    if not layer.isEditable() and not layer.startEditing():
        raise SchemaError(
            "The layer {name} cannot be edited (read-only source).", name=layer.name()
        )


@dataclass
class RangeEditReport:
    """What one add/erase action did; fids are those of the target layer's edit buffer."""

    added: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    area: float = 0.0  # total area of the added or remaining ranges (m²)
    notes: list[str] = field(default_factory=list)


def add_ranges_from_parcels(
    parcels: QgsVectorLayer,
    fids: Iterable[int],
    target: QgsVectorLayer,
    schema: LayerSchema,
    dissolve: bool,
    command_text: str,
) -> RangeEditReport:
    """New ranges in ``target`` from the given parcels (one per parcel, or one per ZLDWDM
    when ``dissolve``), as one undo step.

    Fills BSM (county code + sequence after the highest BSM of the target and of the
    parcels, so never an existing one; see ``model.single_layers.next_bsm``), YSDM
    (schema.ysdm), TBBH (of the single source parcel, if both layers have it), ZLDWDM and
    ZLDWMC (of the parcels) and the
    area field (ellipsoidal, 0.01 m²). Geometries are transformed to the target's CRS.
    """
    report = RangeEditReport()
    ids = list(fids)
    if not ids:
        return report
    features = list(parcels.getFeatures(QgsFeatureRequest().setFilterFids(ids)))
    transform = None
    if parcels.crs().isValid() and target.crs().isValid() and parcels.crs() != target.crs():
        transform = QgsCoordinateTransform(parcels.crs(), target.crs(), _transform_context())
        report.notes.append(f"transformed from {parcels.crs().authid()} to {target.crs().authid()}")
    shapes, problems = to_shapely([f.geometry() for f in features], transform)
    for i, problem in enumerate(problems):
        if problem is None and not shapely.is_valid(shapes[i]):
            problem = f"invalid geometry: {shapely.is_valid_reason(shapes[i])}"
            shapes[i] = None
        if problem is not None:
            report.skipped.append((features[i].id(), problem))
    pfields = parcels.fields()

    def column(name: str) -> list[str]:
        index = pfields.lookupField(name)
        return [_text(f.attribute(index)) if index >= 0 else "" for f in features]

    zldwdm, zldwmc, tbbh, pbsm = column("ZLDWDM"), column("ZLDWMC"), column("TBBH"), column("BSM")
    groups = group_parcels(shapes, zldwdm, dissolve)
    if not groups:
        return report
    tfields = target.fields()
    index = {
        name: tfields.lookupField(name) for name in ("BSM", "YSDM", "TBBH", "ZLDWDM", "ZLDWMC")
    }
    area_index = area_field_of(target, schema)
    geometries = [to_qgs(shape) for shape, _, _ in groups]
    extent = QgsRectangle()
    for geometry in geometries:
        extent.combineExtentWith(geometry.boundingBox())
    frame = _frame_for(target, extent)
    areas = geometry_areas(geometries, frame)
    existing = []
    if index["BSM"] >= 0:
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes([index["BSM"]])
        existing = [_text(f.attribute(index["BSM"])) for f in target.getFeatures(request)]
    generators: dict[str, object] = {}

    def new_bsm(code: str, members: list[int]) -> str:
        prefix = code[:6] if len(code) >= 6 and code[:6].isdigit() else ""
        if not prefix:
            prefix = next((pbsm[m][:6] for m in members if pbsm[m][:6].isdigit()), "")
        if len(prefix) != 6:
            raise SchemaError(
                "Cannot number the new range: its parcels have neither a ZLDWDM nor a BSM "
                "that gives the 6-digit county code."
            )
        if prefix not in generators:
            # after the target's BSMs and the parcels' highest under this prefix: the county
            # database keeps BSM unique across its layers
            generators[prefix] = next_bsm([*existing, *highest_bsm(parcels, prefix)], prefix)
        bsm = next(generators[prefix])  # type: ignore[call-overload]
        existing.append(bsm)
        return bsm

    new_features = []
    for (_, code, members), geometry, area in zip(groups, geometries, areas):
        feature = QgsFeature(tfields)
        feature.setGeometry(geometry)
        if index["BSM"] >= 0:
            feature.setAttribute(index["BSM"], new_bsm(code, members))
        if index["YSDM"] >= 0:
            feature.setAttribute(index["YSDM"], schema.ysdm)
        if index["ZLDWDM"] >= 0 and code:
            feature.setAttribute(index["ZLDWDM"], code)
        if index["ZLDWMC"] >= 0:
            name = next((zldwmc[m] for m in members if zldwmc[m]), "")
            if name:
                feature.setAttribute(index["ZLDWMC"], name)
        if index["TBBH"] >= 0 and len(members) == 1 and tbbh[members[0]]:
            feature.setAttribute(index["TBBH"], tbbh[members[0]])
        if area_index >= 0 and math.isfinite(area):
            feature.setAttribute(area_index, area)
        new_features.append(feature)
    _start_editing(target)
    target.beginEditCommand(command_text)
    try:
        before = set(target.editBuffer().addedFeatures())
        if not target.addFeatures(new_features):
            raise SchemaError("The layer {name} refused the new ranges.", name=target.name())
    except Exception:
        target.destroyEditCommand()
        raise
    target.endEditCommand()
    report.added = sorted(set(target.editBuffer().addedFeatures()) - before)
    report.area = round_half_away(sum(a for a in areas if math.isfinite(a)), 2)
    return report


def erase_ranges(
    target: QgsVectorLayer,
    mask: Sequence[QgsGeometry],
    min_area: float,
    command_text: str,
    *,
    fids: Iterable[int] | None = None,
    area_field: str | None = None,
) -> RangeEditReport:
    """Cut the mask (polygons in the target's CRS) out of the ranges, as one undo step.

    A range keeps its attributes and gets the remaining geometry with the area field
    recomputed; parts left smaller than ``min_area`` m² (ellipsoidal) are dropped, and a
    range with nothing left is deleted. ``fids`` limits the erase to those ranges. The area
    field is ``area_field``, else the layer's one field named *MJ.
    """
    report = RangeEditReport()
    masks = [g for g in mask if g is not None and not g.isNull() and not g.isEmpty()]
    if not masks:
        return report
    mask_shapes, _ = to_shapely(masks)
    mask_union = shapely.union_all([m for m in mask_shapes if m is not None])
    if shapely.is_empty(mask_union):
        return report
    request = QgsFeatureRequest()
    xmin, ymin, xmax, ymax = shapely.bounds(mask_union)
    request.setFilterRect(QgsRectangle(xmin, ymin, xmax, ymax))
    wanted = set(fids) if fids is not None else None
    features = [f for f in target.getFeatures(request) if wanted is None or f.id() in wanted]
    if not features:
        return report
    frame = _frame_for(target)
    shapes, problems = to_shapely([f.geometry() for f in features])
    for i, problem in enumerate(problems):
        if problem is None and not shapely.is_valid(shapes[i]):
            problem = f"invalid geometry: {shapely.is_valid_reason(shapes[i])}"
            shapes[i] = None
        if problem is not None:
            report.skipped.append((features[i].id(), problem))
    if frame.transform is None:
        area_fn = None
    else:

        def area_fn(parts):
            return ellipsoidal_areas(
                to_shapely([to_qgs(p) for p in parts], frame.transform)[0], frame.zone
            )

    results = erase(shapes, mask_union, min_area, frame.zone, area_fn)
    if not results:
        return report
    if area_field is not None:
        area_index = target.fields().lookupField(area_field)
    else:
        area_index = area_field_of(target)
    _start_editing(target)
    target.beginEditCommand(command_text)
    try:
        for i, remainder in results:
            fid = features[i].id()
            if remainder is None:
                if not target.deleteFeature(fid):
                    raise SchemaError("Cannot delete range {fid}.", fid=fid)
                report.deleted.append(fid)
                continue
            geometry = to_qgs(remainder)
            if not target.changeGeometry(fid, geometry):
                raise SchemaError("Cannot change the geometry of range {fid}.", fid=fid)
            if area_index >= 0:
                [area] = geometry_areas([geometry], frame)
                target.changeAttributeValue(fid, area_index, area)
                report.area += area
            report.changed.append(fid)
    except Exception:
        target.destroyEditCommand()
        raise
    target.endEditCommand()
    report.area = round_half_away(report.area, 2)
    return report


class LayerStats(NamedTuple):
    count: int
    area: float
    by_zldwdm: dict[str, tuple[int, float]]


def layer_stats(layer: QgsVectorLayer, schema: LayerSchema | None, frame: AreaFrame) -> LayerStats:
    """(count, total area, {ZLDWDM: (count, area)}) of a single layer, edit buffer included.

    Areas are recomputed from the geometries with the TBMJ code (ellipsoidal, each range
    rounded to 0.01 m²), not read from the area field; ranges without a usable geometry count
    with area 0.
    """
    features = list(layer.getFeatures())
    areas = np.array(geometry_areas([f.geometry() for f in features], frame), dtype=float)
    areas = np.where(np.isfinite(areas), areas, 0.0)
    zindex = layer.fields().lookupField("ZLDWDM")
    groups: dict[str, list[float]] = {}
    for feature, area in zip(features, areas):
        code = _text(feature.attribute(zindex)) if zindex >= 0 else ""
        groups.setdefault(code, []).append(float(area))
    by = {
        code: (len(values), round_half_away(sum(values), 2))
        for code, values in sorted(groups.items())
    }
    return LayerStats(len(features), round_half_away(float(areas.sum()), 2), by)
