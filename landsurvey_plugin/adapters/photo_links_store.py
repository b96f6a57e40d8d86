"""The photo ↔ parcel link table (``photo_links``, no geometry) beside the photos layer in
the workspace GeoPackage, and the readers that bring photos into a check run.

Written with GDAL's OGR (the library QGIS itself writes GeoPackages with): a table without
geometry is registered as ``attributes`` in gpkg_contents, so QGIS lists and opens it like
any table. Manual rows (``manual`` 1 link, -1 unlink) are never touched by ``relink``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import shapely
from qgis.core import (
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsFeatureRequest,
    QgsField,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsTask,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from landsurvey_plugin.adapters.check_dataset import (
    LayerInput,
    _field_types,
    _value,
    build_dataset,
    snapshot,
)
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.model.photo_links import (
    AUTO,
    MANUAL_LINK,
    MANUAL_UNLINK,
    LinkSettings,
    LinkSummary,
    PhotoLink,
    effective,
    links_of,
    merge_manual,
)
from landsurvey_plugin.rules.context import Cancelled
from landsurvey_plugin.rules.dataset import PARCELS, PHOTO_LINKS, PHOTOS, LayerData
from landsurvey_plugin.rules.kinds.evidence import auto_links, view_of
from landsurvey_plugin.toolbelt.i18n import tr

TABLE = "photo_links"
FIELDS = (
    ("photo_path", "string"),
    ("file_name", "string"),
    ("bsm", "string"),
    ("method", "string"),
    ("distance_m", "double"),
    ("angle_off_deg", "double"),
    ("confidence", "double"),
    ("manual", "int"),
    ("linked_at", "string"),
)
# the contract of the photos layer (part A's importer writes it; the demo a subset)
PHOTO_FIELDS = (
    ("path", QVariant.String),
    ("file_name", QVariant.String),
    ("content_hash", QVariant.String),
    ("lat", QVariant.Double),
    ("lon", QVariant.Double),
    ("altitude", QVariant.Double),
    ("azimuth", QVariant.Double),
    ("azimuth_ref", QVariant.String),
    ("azimuth_source", QVariant.String),
    ("taken_at", QVariant.String),
    ("make", QVariant.String),
    ("model", QVariant.String),
    ("orientation", QVariant.Int),
    ("status", QVariant.String),
    ("reason", QVariant.String),
)


class LinkStoreError(LandSurveyError):
    """The link table cannot be opened or written."""


def _sql(text: str) -> str:
    """A string literal of OGR SQL (quotes doubled: paths may hold any character)."""
    return "'" + str(text).replace("'", "''") + "'"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class PhotoLinkStore:
    """Links of one workspace GeoPackage; every call opens and closes the file, so QGIS
    layers on the same GeoPackage keep working in between."""

    def __init__(self, gpkg_path: str | os.PathLike) -> None:
        self.path = str(gpkg_path)

    # -- file access ----------------------------------------------------------------------

    def _open(self, update: bool):
        from osgeo import ogr

        if not Path(self.path).is_file():
            raise LinkStoreError(f"The GeoPackage {self.path} does not exist.")
        ds = ogr.Open(self.path, 1 if update else 0)
        if ds is None:
            raise LinkStoreError(f"GDAL cannot open {self.path} as a GeoPackage.")
        return ds

    def _table(self, ds, create: bool):
        from osgeo import ogr

        table = ds.GetLayerByName(TABLE)
        if table is None and create:
            table = ds.CreateLayer(TABLE, geom_type=ogr.wkbNone, options=["FID=fid"])
            kinds = {"string": ogr.OFTString, "double": ogr.OFTReal, "int": ogr.OFTInteger}
            for name, kind in FIELDS:
                table.CreateField(ogr.FieldDefn(name, kinds[kind]))
        return table

    def exists(self) -> bool:
        ds = self._open(False)
        return ds.GetLayerByName(TABLE) is not None

    def all_rows(self, where: str = "") -> list[PhotoLink]:
        """Every stored row (unlink rows included), or those of an OGR SQL ``where``
        (e.g. ``manual <> 0``): a county's 10,000 automatic rows are not read to find the
        user's few decisions."""
        ds = self._open(False)
        table = ds.GetLayerByName(TABLE)
        if table is None:
            return []
        if where:
            table.SetAttributeFilter(where)
        definition = table.GetLayerDefn()
        index = {name: definition.GetFieldIndex(name) for name, _ in FIELDS}
        rows = []
        for feature in table:
            values = {name: feature.GetField(i) for name, i in index.items()}
            rows.append(
                PhotoLink(
                    photo_path=values["photo_path"] or "",
                    file_name=values["file_name"] or "",
                    bsm=values["bsm"] or "",
                    method=values["method"] or "",
                    distance_m=values["distance_m"],
                    angle_off_deg=values["angle_off_deg"],
                    confidence=float(values["confidence"] or 0.0),
                    manual=int(values["manual"] or 0),
                    linked_at=values["linked_at"] or "",
                )
            )
        return rows

    def rename_paths(self, moved: dict[str, str]) -> int:
        """Links follow photos found at a new path (a re-import of a moved or copied folder
        re-points the photo's row): the user's manual decisions stay with the photo.
        Returns how many link rows were re-pointed."""
        if not moved:
            return 0
        ds = self._open(True)
        table = ds.GetLayerByName(TABLE)
        if table is None:
            return 0
        if ds.StartTransaction() != 0:
            raise LinkStoreError(f"{self.path}: cannot start a transaction.")
        changed = 0
        try:
            index = table.GetLayerDefn().GetFieldIndex("photo_path")
            for old, new in moved.items():
                table.SetAttributeFilter(f"photo_path = {_sql(old)}")
                features = list(table)
                for feature in features:
                    feature.SetField(index, new)
                    if table.SetFeature(feature) != 0:
                        raise LinkStoreError(f"{self.path}: cannot re-point the link of {old}.")
                    changed += 1
            table.SetAttributeFilter(None)
        except Exception:
            ds.RollbackTransaction()
            raise
        if ds.CommitTransaction() != 0:
            raise LinkStoreError(f"{self.path}: cannot commit the links.")
        return changed

    def manual_rows(self) -> list[PhotoLink]:
        """The user's decisions: manual links and unlinks."""
        return self.all_rows(f"manual <> {AUTO}")

    def _write(self, rows: list[PhotoLink], where: str) -> None:
        """Delete the stored rows of the OGR SQL ``where``, then add ``rows``: one
        transaction (SQL, not a Python pass over every row: a relink replaces 10,000)."""
        from osgeo import ogr

        ds = self._open(True)
        table = self._table(ds, create=True)
        if ds.StartTransaction() != 0:
            raise LinkStoreError(f"{self.path}: cannot start a transaction.")
        try:
            table.SetAttributeFilter(where)
            doomed = [feature.GetFID() for feature in table]
            table.SetAttributeFilter(None)
            for fid in doomed:
                table.DeleteFeature(fid)
            definition = table.GetLayerDefn()
            for row in rows:
                feature = ogr.Feature(definition)
                for name, _ in FIELDS:
                    value = getattr(row, name)
                    if value is not None:
                        feature.SetField(name, value)
                if table.CreateFeature(feature) != 0:
                    raise LinkStoreError(f"{self.path}: cannot write the link of {row.file_name}.")
        except Exception:
            ds.RollbackTransaction()
            raise
        if ds.CommitTransaction() != 0:
            raise LinkStoreError(f"{self.path}: cannot commit the links.")

    # -- the API the viewer uses ------------------------------------------------------------

    def links_for_parcel(self, bsm: str) -> list[PhotoLink]:
        """Photos that document the parcel (manual unlinks hidden), best first."""
        rows = [r for r in self._effective() if r.bsm == str(bsm)]
        return sorted(rows, key=lambda r: (-r.confidence, r.file_name))

    def links_for_photo(self, path: str) -> list[PhotoLink]:
        rows = [r for r in self._effective() if r.photo_path == str(path)]
        return sorted(rows, key=lambda r: (-r.confidence, r.bsm))

    def _effective(self) -> list[PhotoLink]:
        rows = self.all_rows()
        auto = [r for r in rows if r.manual == AUTO]
        manual = [r for r in rows if r.manual != AUTO]
        return effective(merge_manual(auto, manual))

    def _decide(self, path: str, bsm: str, manual: int) -> None:
        path, bsm = str(path), str(bsm)
        if not path or not bsm:
            raise LinkStoreError("A link needs both a photo path and a parcel BSM.")
        row = PhotoLink(
            photo_path=path,
            file_name=os.path.basename(path),
            bsm=bsm,
            method="manual",
            confidence=1.0 if manual == MANUAL_LINK else 0.0,
            manual=manual,
            linked_at=_now(),
        )
        self._write([row], f"photo_path = {_sql(path)} AND bsm = {_sql(bsm)} AND manual <> {AUTO}")

    def link(self, path: str, bsm: str) -> None:
        """The user says this photo documents this parcel; kept by every relink."""
        self._decide(path, bsm, MANUAL_LINK)

    def unlink(self, path: str, bsm: str) -> None:
        """The user says this photo does not document this parcel; kept by every relink."""
        self._decide(path, bsm, MANUAL_UNLINK)

    def relink(
        self,
        photos_layer: QgsVectorLayer,
        parcels_layer: QgsVectorLayer,
        settings: LinkSettings | None = None,
        is_canceled: Callable[[], bool] = lambda: False,
    ) -> LinkSummary:
        """Recompute the automatic links of every photo; manual rows stay as they are."""
        links = compute_links(photos_layer, parcels_layer, settings, is_canceled)
        return self.store_auto(links, photos_layer.featureCount())

    def store_auto(self, links: list[PhotoLink], photos: int) -> LinkSummary:
        """Replace the automatic rows by ``links`` (pairs the user decided stay manual)."""
        manual = self.manual_rows()
        decided = {(r.photo_path, r.bsm) for r in manual}
        auto = [link for link in links if (link.photo_path, link.bsm) not in decided]
        self._write(auto, f"manual = {AUTO}")
        summary = LinkSummary(
            photos=photos,
            manual_kept=len(manual),
            unlinked=sum(1 for r in manual if r.manual == MANUAL_UNLINK),
        )
        final = effective(merge_manual(auto, manual))
        summary.linked = len({link.photo_path for link in final})
        for link in final:
            summary.by_method[link.method] = summary.by_method.get(link.method, 0) + 1
        return summary


class RelinkTask(QgsTask):
    """``PhotoLinkStore.relink`` in the background for the viewer: the layers are copied
    on the main thread (thread-safe feature sources), linked and stored in ``run``."""

    def __init__(
        self,
        store: PhotoLinkStore,
        photos_layer: QgsVectorLayer,
        parcels_layer: QgsVectorLayer,
        settings: LinkSettings | None = None,
    ) -> None:
        super().__init__(tr("Link evidence photos"), QgsTask.CanCancel)
        self.store = store
        self.settings = settings
        self.photos = snapshot(photos_layer, PHOTOS)
        self.parcels = snapshot(parcels_layer, PARCELS)
        self.count = photos_layer.featureCount()
        self.transform_context = QgsProject.instance().transformContext()
        self.summary: LinkSummary | None = None
        self.error: str | None = None

    def run(self) -> bool:
        try:
            self.setProgress(5.0)
            links = links_from_inputs(
                self.photos, self.parcels, self.settings, self.transform_context, self.isCanceled
            )
            self.setProgress(80.0)
            if self.isCanceled():
                return False
            self.summary = self.store.store_auto(links, self.count)
        except Cancelled:
            return False
        except (LandSurveyError, OSError) as exc:
            self.error = str(exc)
            return False
        self.setProgress(100.0)
        return True


def compute_links(
    photos_layer: QgsVectorLayer,
    parcels_layer: QgsVectorLayer,
    settings: LinkSettings | None = None,
    is_canceled: Callable[[], bool] = lambda: False,
) -> list[PhotoLink]:
    """The automatic links of a photo layer against a parcel layer."""
    project = QgsProject.instance()
    context = project.transformContext() if project is not None else None
    return links_from_inputs(
        snapshot(photos_layer, PHOTOS),
        snapshot(parcels_layer, PARCELS),
        settings,
        context or QgsCoordinateTransformContext(),
        is_canceled,
    )


def links_from_inputs(
    photos: LayerInput,
    parcels: LayerInput,
    settings: LinkSettings | None,
    context: QgsCoordinateTransformContext,
    is_canceled: Callable[[], bool] = lambda: False,
) -> list[PhotoLink]:
    """Links in the parcels' GK frame (distances in metres on the ground), read the way a
    check reads its layers; Processing passes its own feature sources."""
    settings = settings or LinkSettings()
    photos.role, parcels.role = PHOTOS, PARCELS
    parcels.only_fields = frozenset({LayerData.key_field})  # a link names the parcel's BSM
    dataset, _ = build_dataset({PARCELS: parcels, PHOTOS: photos}, context, is_canceled)
    parcel_data = dataset.layers[PARCELS]
    view = view_of(
        dataset.layers[PHOTOS], dataset.zone.central_meridian, settings.magnetic_declination_deg
    )
    valid = parcel_data.shapes.copy()
    usable = np.array([s is not None for s in valid], bool)
    invalid = np.flatnonzero(usable)[~shapely.is_valid(valid[usable])]
    if len(invalid):
        valid[invalid] = shapely.make_valid(valid[invalid])
    result = auto_links(view, valid, parcel_data.keys, settings)
    return links_of(result, view.paths, view.names, parcel_data.keys, _now())


def read_photo_layer(
    item: LayerInput,
    transform: QgsCoordinateTransform | None,
    is_canceled: Callable[[], bool] = lambda: False,
) -> LayerData:
    """A photo point layer as the engine's LayerData (NULL geometry kept as None: a photo
    without position is a finding, not a row to drop). Keyed by file name."""
    request = QgsFeatureRequest()
    if item.feature_ids is not None:
        request.setFilterFids(item.feature_ids)
    fids, shapes, problems, rows = [], [], [], []
    for n, feature in enumerate(item.source.getFeatures(request)):
        if n % 5000 == 0 and is_canceled():
            raise Cancelled()
        fids.append(feature.id())
        rows.append(feature.attributes())
        geometry = feature.geometry()
        shape, problem = None, None
        if geometry is None or geometry.isNull() or geometry.isEmpty():
            problem = "no position"
        elif QgsWkbTypes.geometryType(geometry.wkbType()) != QgsWkbTypes.PointGeometry:
            problem = f"not a point ({QgsWkbTypes.displayString(geometry.wkbType())})"
        else:
            point = QgsGeometry(geometry)
            if transform is not None and point.transform(transform) != 0:
                problem = "cannot transform to the parcels' CRS"
            else:
                parts = point.asMultiPoint() if point.isMultipart() else [point.asPoint()]
                shape = shapely.Point(parts[0].x(), parts[0].y()) if parts else None
        shapes.append(shape)
        problems.append(problem)
    columns: dict[str, np.ndarray] = {}
    for k, name in enumerate(item.fields.names()):
        column = np.empty(len(rows), dtype=object)
        column[:] = [_value(row[k]) for row in rows]
        columns[name.upper()] = column
    array = np.empty(len(shapes), dtype=object)
    array[:] = shapes
    return LayerData(
        role=item.role,
        name=item.name,
        fids=np.array(fids, dtype=np.int64),
        shapes=array,
        problems=problems,
        columns=columns,
        field_types=_field_types(item.fields),
        key_field="FILE_NAME",
        source=item.source,
    )


def manual_rows(gpkg_path: str | None) -> LayerData | None:
    """The store's manual rows as the ``PHOTO_LINKS`` role of a check (None without a
    store), so the check sees the viewer's links."""
    if not gpkg_path or not Path(gpkg_path).is_file():
        return None
    try:
        rows = PhotoLinkStore(gpkg_path).manual_rows()
    except LinkStoreError:
        return None
    columns = {
        "PHOTO_PATH": np.array([r.photo_path for r in rows], dtype=object),
        "BSM": np.array([r.bsm for r in rows], dtype=object),
        "MANUAL": np.array([r.manual for r in rows], dtype=object),
    }
    return LayerData(
        role=PHOTO_LINKS,
        name=TABLE,
        fids=np.arange(len(rows), dtype=np.int64),
        shapes=np.full(len(rows), None, dtype=object),
        problems=[None] * len(rows),
        columns=columns,
        key_field="PHOTO_PATH",
    )


def folder_photo_layer(
    folder: str | os.PathLike, is_canceled: Callable[[], bool] = lambda: False
) -> QgsVectorLayer:
    """The photos of a folder (recursive) as a memory point layer in CGCS2000 geographic
    coordinates with the contract fields, read with the importer's EXIF reader; files
    without a usable position are rows with NULL geometry and their reason."""
    from landsurvey_plugin.model.photo_exif import read_photo, scan_folder

    if not Path(folder).is_dir():
        raise LinkStoreError(f"The photo folder {folder} does not exist.")
    layer = QgsVectorLayer("Point?crs=EPSG:4490", Path(folder).name or "photos", "memory")
    layer.dataProvider().addAttributes([QgsField(name, kind) for name, kind in PHOTO_FIELDS])
    layer.updateFields()
    features = []
    for n, path in enumerate(scan_folder(folder).photos):
        if n % 200 == 0 and is_canceled():
            raise Cancelled()
        record = read_photo(path)
        feature = QgsFeature(layer.fields())
        for name, _ in PHOTO_FIELDS:
            value = getattr(record, name, None)
            if name == "reason":
                value = str(record.reason) if record.reason is not None else None
            feature.setAttribute(name, value if value != "" else None)
        feature.setAttribute("path", str(Path(record.path).resolve()))
        if record.has_position:
            feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(record.lon, record.lat)))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    return layer
