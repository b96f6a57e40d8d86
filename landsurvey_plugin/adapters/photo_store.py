"""The ``photos`` point layer in the workspace GeoPackage: its schema, upsert and symbology.

The field names are a contract (linking, evidence rules and the viewer read them):
``PHOTO_FIELDS`` in :mod:`landsurvey_plugin.model.photo_exif` lists them with their types.
Rows are keyed by ``path`` (absolute): re-importing a folder updates each row in place, so
its fid — and every link that refers to it — stays the same.

Positions come from the photos as longitude/latitude. Phones and field apps record WGS 84
(or BeiDou's CGCS2000); the two frames differ by a few centimetres, far below the metres a
phone's GNSS fix is worth, so they are read as EPSG:4490 (CGCS2000) and transformed into
the layer's CRS (the project CRS when the layer is created).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsFeatureRenderer,
    QgsField,
    QgsFields,
    QgsFillSymbol,
    QgsGeometry,
    QgsGeometryGeneratorSymbolLayer,
    QgsMarkerSymbol,
    QgsPointXY,
    QgsProperty,
    QgsRuleBasedRenderer,
    QgsSimpleMarkerSymbolLayer,
    QgsSimpleMarkerSymbolLayerBase,
    QgsSvgMarkerSymbolLayer,
    QgsSymbol,
    QgsSymbolLayer,
    QgsUnitTypes,
    QgsVectorDataProvider,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QColor

from landsurvey_plugin.adapters.workspace import layer_gpkg
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.model.photo_exif import (
    PHOTO_FIELDS,
    STATUS_UNREADABLE,
    PhotoRecord,
)
from landsurvey_plugin.toolbelt.i18n import tr

TABLE = "photos"
SOURCE_CRS = "EPSG:4490"  # CGCS2000 lon/lat; WGS 84 fixes are taken as such (module doc)
FOV_VARIABLE = "landsurvey_photo_fov"
RANGE_VARIABLE = "landsurvey_photo_range"
DEFAULT_FOV = 60.0  # degrees: a phone's main camera sees about 65–75° across, a bit less up
DEFAULT_RANGE = 30.0  # metres: the 5–30 m a surveyor stands from the parcel it documents
_QTYPES = {"string": QVariant.String, "double": QVariant.Double, "int": QVariant.Int}


def photo_fields() -> QgsFields:
    fields = QgsFields()
    for name, kind, length in PHOTO_FIELDS:
        fields.append(QgsField(name, _QTYPES[kind], len=length))
    return fields


def photos_uri(gpkg: str) -> str:
    return f"{gpkg}|layername={TABLE}"


def to_layer_transform(
    crs: QgsCoordinateReferenceSystem, context: QgsCoordinateTransformContext
) -> QgsCoordinateTransform:
    return QgsCoordinateTransform(QgsCoordinateReferenceSystem(SOURCE_CRS), crs, context)


def record_feature(
    record: PhotoRecord, fields: QgsFields, transform: QgsCoordinateTransform
) -> QgsFeature:
    """The feature of one photo; NULL geometry when it has no usable position."""
    feature = QgsFeature(fields)
    for name, value in record.attributes().items():
        index = fields.indexOf(name)
        if index >= 0:
            feature.setAttribute(index, value)
    if record.has_position:
        point = transform.transform(QgsPointXY(record.lon, record.lat))
        feature.setGeometry(QgsGeometry.fromPointXY(point))
    return feature


def create_photos_layer(
    gpkg: str, crs: QgsCoordinateReferenceSystem, context: QgsCoordinateTransformContext
) -> None:
    """Create the empty ``photos`` table (and the GeoPackage when it does not exist yet)."""
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = TABLE
    options.actionOnExistingFile = (
        QgsVectorFileWriter.CreateOrOverwriteLayer
        if Path(gpkg).exists()
        else QgsVectorFileWriter.CreateOrOverwriteFile
    )
    writer = QgsVectorFileWriter.create(
        gpkg, photo_fields(), QgsWkbTypes.Point, crs, context, options
    )
    error = writer.hasError()
    message = writer.errorMessage()
    del writer  # closes the file
    if error != QgsVectorFileWriter.NoError:
        raise LandSurveyError(
            "Cannot create the photos layer in {path}: {error}", path=gpkg, error=message
        )


def open_photos_layer(
    gpkg: str,
    crs: QgsCoordinateReferenceSystem,
    context: QgsCoordinateTransformContext,
) -> QgsVectorLayer:
    """The ``photos`` layer of the workspace, created when missing, missing fields added."""
    layer = QgsVectorLayer(photos_uri(gpkg), TABLE, "ogr")
    if not layer.isValid():
        create_photos_layer(gpkg, crs, context)
        layer = QgsVectorLayer(photos_uri(gpkg), TABLE, "ogr")
    if not layer.isValid():
        raise LandSurveyError("Cannot open the photos layer in {path}.", path=gpkg)
    if layer.geometryType() != QgsWkbTypes.PointGeometry:
        raise LandSurveyError(
            "The table photos in {path} is not a point layer: rename it, the import will "
            "create its own.",
            path=gpkg,
        )
    missing = [f for f in photo_fields() if layer.fields().indexOf(f.name()) < 0]
    if missing:  # an older layer (e.g. a first demo): add the contract's fields, keep its rows
        if not layer.dataProvider().addAttributes(missing):
            raise LandSurveyError(
                "Cannot add the fields {names} to the photos layer in {path}.",
                names=", ".join(f.name() for f in missing),
                path=gpkg,
            )
        layer.updateFields()
    return layer


@dataclass
class UpsertCounts:
    """What a write did to the layer."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0  # rows found again with the same values (not written)
    gone: int = 0  # rows under the folder whose file no longer exists (kept, marked)
    fids: dict[str, int] = field(default_factory=dict)  # path -> fid
    moved: dict[str, str] = field(default_factory=dict)  # old path -> new path (same photo)


def upsert_photos(
    layer: QgsVectorLayer,
    records: Iterable[PhotoRecord],
    transform: QgsCoordinateTransform,
    folder: str | None = None,
    is_canceled: Callable[[], bool] = lambda: False,
) -> UpsertCounts:
    """Write ``records`` into ``layer`` by ``path``: update rows that exist, add the others.

    Written through the data provider of a layer the caller owns (the import task opens its
    own, layers are not thread-safe): this is the import's table, not a user edit, so it is
    not an undo step, like the exception store's table. Rows under ``folder`` whose file
    has disappeared keep their values and get status 'unreadable' with the reason, so no
    evidence silently vanishes from the layer.
    """
    provider = layer.dataProvider()
    caps = provider.capabilities()
    needed = (
        QgsVectorDataProvider.AddFeatures
        | QgsVectorDataProvider.ChangeAttributeValues
        | QgsVectorDataProvider.ChangeGeometries
    )
    if int(caps & needed) != int(needed):
        raise LandSurveyError("The photos layer {name} cannot be written.", name=layer.source())
    fields = layer.fields()
    path_index = fields.indexOf("path")
    columns = [i for i in range(fields.count()) if fields.at(i).name() != "fid"]
    name_index, hash_index = fields.indexOf("file_name"), fields.indexOf("content_hash")
    existing: dict[str, int] = {}
    stored_rows: dict[int, tuple[list, QgsGeometry]] = {}
    # (file name, content hash) -> stored (path, fid): a photo found at a new path (the
    # county folder copied or moved, then imported again) is the same evidence
    by_identity: dict[tuple[str, str], list[tuple[str, int]]] = {}
    home = Path(layer_gpkg(layer) or ".").parent
    for feature in layer.getFeatures():
        stored = str(feature[path_index])
        # a path stored relative (older demo layers) is relative to the GeoPackage: the
        # row is matched, and its path rewritten absolute, instead of duplicated
        key = stored if Path(stored).is_absolute() else str((home / stored).absolute())
        existing[key] = feature.id()
        stored_rows[feature.id()] = (feature.attributes(), feature.geometry())
        digest = _plain(feature[hash_index]) if hash_index >= 0 else None
        if digest and name_index >= 0:
            identity = (str(feature[name_index]), str(digest))
            by_identity.setdefault(identity, []).append((key, feature.id()))
    prefix = folder.rstrip("/\\") + "/" if folder is not None else None
    claimed: set[int] = set()
    counts = UpsertCounts()
    new: list[QgsFeature] = []
    new_paths: list[str] = []
    attribute_changes: dict[int, dict[int, object]] = {}
    geometry_changes: dict[int, QgsGeometry] = {}
    seen: set[str] = set()
    for record in records:
        if is_canceled():
            return counts
        seen.add(record.path)
        feature = record_feature(record, fields, transform)
        fid = existing.get(record.path)
        if fid is None and record.content_hash:
            # the same photo stored under another path outside this folder (a row of this
            # folder is matched by its own path): that row follows the photo, not a copy
            for old_path, candidate in by_identity.get((record.file_name, record.content_hash), []):
                outside = prefix is None or not old_path.startswith(prefix)
                if outside and candidate not in claimed and old_path not in seen:
                    fid = candidate
                    counts.moved[old_path] = record.path
                    break
        if fid is None:
            new.append(feature)
            new_paths.append(record.path)
            continue
        claimed.add(fid)
        counts.fids[record.path] = fid
        # only what changed is written: an unchanged folder re-imports without writes
        old_values, old_geometry = stored_rows[fid]
        changed = {
            i: feature.attribute(i)
            for i in columns
            if _plain(feature.attribute(i)) != _plain(old_values[i])
        }
        if changed:
            attribute_changes[fid] = changed
        if not _same_point(old_geometry, feature.geometry()):
            geometry_changes[fid] = feature.geometry()
        if changed or fid in geometry_changes:
            counts.updated += 1
        else:
            counts.unchanged += 1
    if prefix is not None:
        status_index, reason_index = fields.indexOf("status"), fields.indexOf("reason")
        for path, fid in existing.items():
            if path in seen or not path.startswith(prefix) or fid in claimed:
                continue
            if Path(path).exists():
                continue
            attribute_changes[fid] = {
                status_index: STATUS_UNREADABLE,
                reason_index: "file_missing: the file is no longer in the folder",
            }
            counts.gone += 1
    if attribute_changes and not provider.changeAttributeValues(attribute_changes):
        raise LandSurveyError("Updating the photos layer failed: {error}", error=_errors(provider))
    if geometry_changes and not provider.changeGeometryValues(geometry_changes):
        raise LandSurveyError("Updating the photos layer failed: {error}", error=_errors(provider))
    if new:
        ok, added = provider.addFeatures(new)
        if not ok:
            raise LandSurveyError("Adding photos failed: {error}", error=_errors(provider))
        for path, feature in zip(new_paths, added):
            counts.fids[path] = feature.id()
        counts.added = len(added)
    return counts


def _plain(value: object) -> object:
    """NULL as None, so stored and new values compare as Python values."""
    return None if isinstance(value, QVariant) and value.isNull() else value


def _same_point(a: QgsGeometry, b: QgsGeometry) -> bool:
    if a.isNull() or b.isNull():
        return a.isNull() and b.isNull()
    return a.asPoint().distance(b.asPoint()) < 1e-6


def _errors(provider: QgsVectorDataProvider) -> str:
    return "; ".join(provider.errors()) or "unknown provider error"


# ---------------------------------------------------------------- symbology

# A small camera, drawn pointing up (north) so the azimuth rotates it; embedded in the
# symbol so the style travels with any project, print layout or exported QML.
_CAMERA_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">'
    '<path d="M12 1 L16 7 L8 7 Z" fill="#e63c28" stroke="#ffffff" stroke-width="0.8"/>'
    '<rect x="4" y="8" width="16" height="12" rx="2" fill="#1e1e1e" stroke="#ffffff" '
    'stroke-width="1"/><rect x="9" y="6" width="6" height="3" fill="#1e1e1e"/>'
    '<circle cx="12" cy="14" r="3.6" fill="#ffffff"/><circle cx="12" cy="14" r="2.2" '
    'fill="#4a90d9"/></svg>'
)


def wedge_expression() -> str:
    """The view wedge: ``wedge_buffer`` around the camera along its azimuth, in map units.

    Field of view and length come from the project variables ``landsurvey_photo_fov``
    (degrees) and ``landsurvey_photo_range`` (layer units, metres in a GK project) so a
    county sets them once; the defaults are reasoned at DEFAULT_FOV / DEFAULT_RANGE.
    """
    return (
        'wedge_buffer(center:=$geometry, azimuth:="azimuth", '
        f"width:=coalesce(to_real(@{FOV_VARIABLE}), {DEFAULT_FOV:g}), "
        f"outer_radius:=coalesce(to_real(@{RANGE_VARIABLE}), {DEFAULT_RANGE:g}))"
    )


def _directed_symbol() -> QgsMarkerSymbol:
    wedge_fill = QgsFillSymbol.createSimple(
        {
            "color": "255,170,0,60",
            "outline_color": "230,120,0,200",
            "outline_width": "0.3",
            "outline_width_unit": "MM",
        }
    )
    wedge = QgsGeometryGeneratorSymbolLayer.create({"geometryModifier": wedge_expression()})
    wedge.setSymbolType(QgsSymbol.Fill)
    wedge.setSubSymbol(wedge_fill)
    data = base64.b64encode(_CAMERA_SVG.encode()).decode()
    camera = QgsSvgMarkerSymbolLayer(f"base64:{data}", 7.0)
    camera.setSizeUnit(QgsUnitTypes.RenderMillimeters)
    camera.setDataDefinedProperty(QgsSymbolLayer.PropertyAngle, QgsProperty.fromField("azimuth"))
    symbol = QgsMarkerSymbol()
    symbol.changeSymbolLayer(0, wedge)  # the symbol takes ownership (sip /Transfer/)
    symbol.appendSymbolLayer(camera)
    return symbol


def _plain_symbol() -> QgsMarkerSymbol:
    dot = QgsSimpleMarkerSymbolLayer(QgsSimpleMarkerSymbolLayerBase.Circle, 3.0)
    dot.setColor(QColor(150, 150, 150))
    dot.setStrokeColor(QColor(30, 30, 30))
    dot.setStrokeWidth(0.4)
    cross = QgsSimpleMarkerSymbolLayer(QgsSimpleMarkerSymbolLayerBase.Cross2, 2.0)
    cross.setStrokeColor(QColor(30, 30, 30))
    symbol = QgsMarkerSymbol()
    symbol.changeSymbolLayer(0, dot)
    symbol.appendSymbolLayer(cross)
    return symbol


def photo_renderer(labels: tuple[str, str] | None = None) -> QgsFeatureRenderer:
    """Cameras rotated to their azimuth with a view wedge; a plain dot without direction.
    The legend speaks the user's language (``labels`` overrides, e.g. for a shipped .qml)."""
    directed_label, plain_label = labels or (tr("camera and view wedge"), tr("no direction"))
    root = QgsRuleBasedRenderer.Rule(None)
    directed = QgsRuleBasedRenderer.Rule(_directed_symbol(), 0, 0, '"azimuth" IS NOT NULL')
    directed.setLabel(directed_label)
    plain = QgsRuleBasedRenderer.Rule(_plain_symbol(), 0, 0, '"azimuth" IS NULL')
    plain.setLabel(plain_label)
    root.appendChild(directed)
    root.appendChild(plain)
    return QgsRuleBasedRenderer(root)


def apply_photo_style(layer: QgsVectorLayer) -> None:
    """Give ``layer`` the photo symbology (``resources/styles/photos.qml`` is written from it)."""
    layer.setRenderer(photo_renderer())
    layer.triggerRepaint()
