"""Import a delivered range layer (national or provincial) into a single layer.

``guess_mapping`` pairs the schema's fields with the source's by name, by the schema's known
aliases, and by the Chinese alias (字段别名) of either side; ``import_ranges`` copies the
ranges into the target's edit buffer as one undo step: geometries transformed to the target's
CRS as MultiPolygons, invalid or non-polygon geometries skipped and listed, mapped attributes
converted to the target's field types, and BSM, YSDM and the area field filled when they are
not mapped (BSM: next free after the target's, county code from ZLDWDM; area: ellipsoidal,
the TBMJ code).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import shapely
from qgis.core import (
    QgsCoordinateTransform,
    QgsFeature,
    QgsFields,
    QgsGeometry,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)

from landsurvey_plugin.adapters.crs import AreaFrame, area_frame
from landsurvey_plugin.adapters.geometry import to_shapely
from landsurvey_plugin.adapters.single_layer_edit import (
    _start_editing,
    area_field_of,
    geometry_areas,
    highest_bsm,
    to_qgs,
)
from landsurvey_plugin.errors import SchemaError
from landsurvey_plugin.model.area import round_half_away
from landsurvey_plugin.model.profile import LayerSchema
from landsurvey_plugin.model.single_layers import next_bsm, polygonal


@dataclass
class ImportReport:
    added: list[int] = field(default_factory=list)  # fids in the target's edit buffer
    skipped: list[tuple[int, str]] = field(default_factory=list)  # source fid, why
    area: float = 0.0
    filled: list[str] = field(default_factory=list)  # fields computed, not copied
    notes: list[str] = field(default_factory=list)


def _key(text: str) -> str:
    return "".join(ch for ch in str(text).upper() if ch.isalnum())


def guess_mapping(
    source_fields: QgsFields | Iterable[str], schema: LayerSchema
) -> dict[str, str | None]:
    """Schema field -> source field (None: no match), by name, known alias, or 别名."""
    if isinstance(source_fields, QgsFields):
        names = [f.name() for f in source_fields]
        aliases = {f.name(): f.alias() for f in source_fields}
    else:
        names = [str(n) for n in source_fields]
        aliases = {}
    taken: set[str] = set()
    mapping: dict[str, str | None] = {}
    for spec in schema.fields:
        choice = next((n for n in names if n not in taken and spec.matches(n)), None)
        if choice is None and spec.alias_zh:
            wanted = _key(spec.alias_zh)
            choice = next(
                (
                    n
                    for n in names
                    if n not in taken and wanted in (_key(n), _key(aliases.get(n, "")))
                ),
                None,
            )
        if choice is None and schema.area_field and spec.name == schema.area_field:
            # a delivered layer's area field: the one other *MJ field
            candidates = [n for n in names if n not in taken and n.upper().endswith("MJ")]
            choice = candidates[0] if len(candidates) == 1 else None
        if choice is not None:
            taken.add(choice)
        mapping[spec.name] = choice
    return mapping


def _text(value: object) -> str:
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return ""
    return str(value).strip()


def import_ranges(
    source: QgsVectorLayer,
    target: QgsVectorLayer,
    schema: LayerSchema,
    mapping: Mapping[str, str | None],
    frame: AreaFrame | None,
    command_text: str,
) -> ImportReport:
    """Copy the source's ranges into ``target`` as one undo step (see the module doc)."""
    report = ImportReport()
    features = list(source.getFeatures())
    transform = None
    if source.crs().isValid() and target.crs().isValid() and source.crs() != target.crs():
        transform = QgsCoordinateTransform(
            source.crs(), target.crs(), QgsProject.instance().transformContext()
        )
        report.notes.append(f"transformed from {source.crs().authid()} to {target.crs().authid()}")
    shapes, problems = to_shapely([f.geometry() for f in features], transform)
    geometries: list[QgsGeometry | None] = []
    for i, problem in enumerate(problems):
        shape = shapes[i]
        if problem is None and not shapely.is_valid(shape):
            problem = f"invalid geometry: {shapely.is_valid_reason(shape)}"
        if problem is None and polygonal(shape) is None:
            problem = "no polygon area"
        if problem is not None:
            report.skipped.append((features[i].id(), problem))
            geometries.append(None)
            continue
        geometries.append(to_qgs(polygonal(shape)))
    kept = [(f, g) for f, g in zip(features, geometries) if g is not None]
    if not kept:
        return report
    if frame is None:
        extent = QgsRectangle()
        for _, geometry in kept:
            extent.combineExtentWith(geometry.boundingBox())
        frame = area_frame(target.crs(), extent, QgsProject.instance().transformContext())
    areas = geometry_areas([g for _, g in kept], frame)

    tfields, sfields = target.fields(), source.fields()
    pairs = []  # (target index, source index)
    for target_name, source_name in mapping.items():
        t, s = tfields.lookupField(target_name), sfields.lookupField(source_name or "")
        if t >= 0 and s >= 0:
            pairs.append((t, s))
    mapped = {tfields.at(t).name().upper() for t, _ in pairs}
    bsm_index, ysdm_index = tfields.lookupField("BSM"), tfields.lookupField("YSDM")
    zldwdm_index = tfields.lookupField("ZLDWDM")
    area_index = area_field_of(target, schema)
    fill_area = area_index >= 0 and tfields.at(area_index).name().upper() not in mapped
    report.filled = [
        name
        for name, index, wanted in (
            ("BSM", bsm_index, "BSM" not in mapped),
            ("YSDM", ysdm_index, "YSDM" not in mapped and bool(schema.ysdm)),
            (tfields.at(area_index).name() if area_index >= 0 else "", area_index, fill_area),
        )
        if index >= 0 and wanted
    ]
    used: list[str] = []
    generators: dict[str, object] = {}

    def new_bsm(prefix: str) -> str:
        if prefix not in generators:
            generators[prefix] = next_bsm([*used, *highest_bsm(target, prefix)], prefix)
        return next(generators[prefix])  # type: ignore[call-overload]

    new_features = []
    for (original, geometry), area in zip(kept, areas):
        feature = QgsFeature(tfields)
        feature.setGeometry(geometry)
        for t, s in pairs:
            value = original.attribute(s)
            converted = tfields.at(t).convertCompatible(value) if _text(value) else None
            feature.setAttribute(t, converted)
        if ysdm_index >= 0 and schema.ysdm and not _text(feature.attribute(ysdm_index)):
            feature.setAttribute(ysdm_index, schema.ysdm)
        if fill_area and math.isfinite(area):
            feature.setAttribute(area_index, area)
        if bsm_index >= 0:
            bsm = _text(feature.attribute(bsm_index))
            code = _text(feature.attribute(zldwdm_index)) if zldwdm_index >= 0 else ""
            prefix = code[:6] if code[:6].isdigit() and len(code) >= 6 else ""
            if (not bsm or bsm in used) and prefix:
                bsm = new_bsm(prefix)
                feature.setAttribute(bsm_index, bsm)
            if bsm:
                used.append(bsm)
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
