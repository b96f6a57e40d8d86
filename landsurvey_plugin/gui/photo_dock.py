"""The evidence photo viewer (举证照片): the photos of the selected parcel, one at a time.

Select a parcel (DLTB) and its linked photos appear as a thumbnail strip and a large view
(EXIF orientation honoured) with their metadata: time, azimuth and its reference, position,
camera, and how the link was made. Prev/next (buttons, ←/→), open in the system viewer,
link/unlink the current photo to the selected parcel (manual links, kept by relinking).
The current camera and its view wedge are drawn on the map. With the pick tool, a click on
a camera opens that photo and selects its parcel.

Photos are decoded off the UI thread (``photo_loader``); the dock never waits for one.
Built by ``plugin.py`` with the canvas, the project and the message bar (no ``iface``).
Photos come from the photo layer of the import (part A of the photo work), links from the
link store in the workspace GeoPackage (part B); both are found again when layers change.
"""

from __future__ import annotations

import math
from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDistanceArea,
    QgsExpression,
    QgsExpressionContextUtils,
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsTask,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.gui import QgsDockWidget, QgsMapCanvas, QgsRubberBand
from qgis.PyQt.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QSize,
    Qt,
    QUrl,
    pyqtSignal,
)
from qgis.PyQt.QtGui import QColor, QDesktopServices, QIcon, QImage, QKeySequence, QPixmap
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QShortcut,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from landsurvey_plugin.adapters.layer_roles import detect_roles, table_name
from landsurvey_plugin.adapters.photo_store import (
    DEFAULT_FOV,
    DEFAULT_RANGE,
    FOV_VARIABLE,
    RANGE_VARIABLE,
)
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.gui.photo_loader import (
    EMPTY,
    MISSING,
    THUMB_SIZE,
    UNSUPPORTED,
    Failure,
    ImageLoader,
)
from landsurvey_plugin.gui.photo_map_tool import PhotoMapTool
from landsurvey_plugin.gui.widgets import plugin_icon as _icon
from landsurvey_plugin.gui.widgets import theme_icon as _theme_icon
from landsurvey_plugin.gui.widgets import tool_button
from landsurvey_plugin.model.photo_links import (
    AUTO,
    MANUAL_LINK,
    LinkSettings,
    PhotoLink,
    effective,
    merge_manual,
)
from landsurvey_plugin.model.profile import Profile
from landsurvey_plugin.rules.dataset import PARCELS
from landsurvey_plugin.toolbelt.i18n import tr
from landsurvey_plugin.toolbelt.log import log, log_warning

DOCK_NAME = "LandSurveyPhotoDock"
PHOTO_TABLE = "photos"
VIEW_BOX = QSize(1600, 1200)  # decode the large view at most this big: sharp in a dock, ~8 MB
GEOGRAPHIC = "EPSG:4490"  # CGCS2000 geographic: the wedge is projected on its ellipsoid


@dataclass
class PhotoEntry:
    """One row of the strip: the photo's attributes, and its link to the shown parcel."""

    path: str  # absolute path of the file
    key: str  # the photo layer's ``path`` value (the link key)
    fid: int | None
    attributes: dict[str, Any]
    link: PhotoLink | None = None  # the link to the shown parcel, None when not linked
    point: QgsPointXY | None = None  # the camera in the photo layer's CRS

    @property
    def file_name(self) -> str:
        return str(self.attributes.get("file_name") or Path(self.path).name)


def _value(value: Any) -> Any:
    """QVariant NULL and empty strings as None."""
    if value is None or (hasattr(value, "isNull") and value.isNull()) or value == "":
        return None
    return value


def wedge_points(camera: QgsPointXY, azimuth: float, fov: float, length: float) -> list[QgsPointXY]:
    """The view wedge around a true azimuth, on the CGCS2000 ellipsoid (lon/lat in and out).

    Projected on the ellipsoid, not in the map CRS, so a true-north azimuth needs no grid
    convergence correction whatever the project CRS.
    """
    area = QgsDistanceArea()
    area.setEllipsoid(QgsCoordinateReferenceSystem(GEOGRAPHIC).ellipsoidAcronym())
    points = [camera]
    steps = 12
    for k in range(steps + 1):
        bearing = azimuth - fov / 2 + fov * k / steps
        points.append(area.computeSpheroidProject(camera, length, math.radians(bearing)))
    points.append(camera)
    return points


class PhotoStripModel(QAbstractListModel):
    """The thumbnail strip: file names, and thumbnails as the loader delivers them."""

    def __init__(self, loader: ImageLoader, parent=None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.entries: list[PhotoEntry] = []
        self.pixmaps: dict[str, QPixmap] = {}
        self.pending: dict[int, str] = {}  # thumbnail request -> path
        self.broken: set[str] = set()
        self.placeholder = _theme_icon("/mIconRaster.svg")
        self.broken_icon = _theme_icon("/mIconWarning.svg")
        loader.loaded.connect(self._loaded)
        loader.failed.connect(self._failed)

    def set_entries(self, entries: list[PhotoEntry]) -> None:
        self.beginResetModel()
        keep = {entry.path for entry in entries}
        for path in set(self.pending.values()) - keep:
            self.loader.cancel(f"thumb:{path}")  # queued decodes of the old strip
        self.entries = entries
        self.pixmaps = {p: pix for p, pix in self.pixmaps.items() if p in keep}
        self.pending.clear()  # answers to older requests are dropped
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or index.row() >= len(self.entries):
            return None
        entry = self.entries[index.row()]
        if role == Qt.DisplayRole:
            return entry.file_name
        if role == Qt.ToolTipRole:
            return entry.path
        if role == Qt.DecorationRole:
            if entry.path in self.broken:
                return self.broken_icon
            pixmap = self.pixmaps.get(entry.path)
            if pixmap is not None:
                return pixmap
            cached = self.loader.cached(entry.path, THUMB_SIZE)
            if cached is not None:
                pixmap = QPixmap.fromImage(cached)
                self.pixmaps[entry.path] = pixmap
                return pixmap
            if entry.path not in self.pending.values():
                request = self.loader.request(f"thumb:{entry.path}", entry.path, THUMB_SIZE)
                self.pending[request] = entry.path
            return self.placeholder
        return None

    def _row_of(self, path: str) -> int | None:
        return next((k for k, e in enumerate(self.entries) if e.path == path), None)

    def _loaded(self, request: int, path: str, image: QImage) -> None:
        if self.pending.pop(request, None) is None:
            return  # a view request, or a thumbnail of a strip no longer shown
        row = self._row_of(path)
        if row is None:
            return
        self.pixmaps[path] = QPixmap.fromImage(image)
        index = self.index(row)
        self.dataChanged.emit(index, index, [Qt.DecorationRole])

    def _failed(self, request: int, path: str, _failure: Failure) -> None:
        if self.pending.pop(request, None) is None:
            return
        self.broken.add(path)
        row = self._row_of(path)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.DecorationRole])


class PhotoDock(QgsDockWidget):
    """The photos of the selected parcel.

    ``photos_listed(int)`` after the strip was filled; ``photo_shown(str)`` when the large
    view shows a decoded photo; ``photo_failed(str)`` with the message when it cannot.
    """

    photos_listed = pyqtSignal(int)
    photo_shown = pyqtSignal(str)
    photo_failed = pyqtSignal(str)
    task_finished = pyqtSignal(str)  # "import" or "link", after the message bar summary

    def __init__(
        self,
        canvas: QgsMapCanvas,
        profile: Profile | None,
        project: QgsProject | None = None,
        message_bar=None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tr("Evidence photos"), parent)
        self.setObjectName(DOCK_NAME)
        self.canvas = canvas
        self.profile = profile
        self.link_settings = LinkSettings()
        self.project = project or QgsProject.instance()
        self.message_bar = message_bar
        self.parcels_layer: QgsVectorLayer | None = None
        self.photos_layer: QgsVectorLayer | None = None
        self._store = None
        self._store_path: str | None = None
        self._links: tuple[dict, dict] | None = None
        self._links_stamp: tuple[int, int] | None = None
        self._index: dict[str, int] | None = None  # photo key or absolute path -> fid
        self.parcel_bsm: str | None = None
        self.entries: list[PhotoEntry] = []
        self.current = -1
        self.pinned: str | None = None  # a photo opened from the map, kept in the strip
        self.view_image: QImage | None = None
        self._view_request = 0
        self._view_path: str | None = None
        self._connections: list[tuple[object, object]] = []
        self._layer_connections: list[tuple[object, object]] = []
        self._tasks: list[QgsTask] = []
        self.map_tool: PhotoMapTool | None = None
        self._previous_tool = None
        self.loader = ImageLoader(self)
        self.loader.loaded.connect(self._view_loaded)
        self.loader.failed.connect(self._view_failed)
        self.wedge_band = QgsRubberBand(canvas, QgsWkbTypes.PolygonGeometry)
        # red over the layer's own orange wedges, so the current one stands out
        self.wedge_band.setFillColor(QColor(230, 30, 30, 50))
        self.wedge_band.setStrokeColor(QColor(220, 20, 20))
        self.wedge_band.setWidth(3)
        self.camera_band = QgsRubberBand(canvas, QgsWkbTypes.PointGeometry)
        self.camera_band.setStrokeColor(QColor(220, 20, 20))
        self.camera_band.setFillColor(QColor(0, 0, 0, 0))  # a ring: the camera symbol shows
        self.camera_band.setIconSize(22)
        self.camera_band.setIcon(QgsRubberBand.ICON_CIRCLE)
        self.camera_band.setWidth(3)
        self._build()
        self._connect(self.project.readProject, self._project_changed)
        self._connect(self.project.cleared, self._project_changed)
        self._connect(self.project.layersAdded, self._project_changed)
        self._connect(self.project.layersWillBeRemoved, self._layers_leaving)
        self.remap()

    # -- building ---------------------------------------------------------------------------
    def _button(self, name: str, text: str, icon: QIcon, tip: str) -> QToolButton:
        return tool_button(self.body, name, text, icon, tip)

    def _build(self) -> None:
        self.body = QWidget(self)
        self.body.setObjectName("LandSurveyPhotoBody")
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)

        self.import_button = self._button(
            "LandSurveyPhotoImport",
            tr("Import photos…"),
            _theme_icon("/mActionAddRasterLayer.svg"),
            tr("Read the position, direction and time of every photo in a folder (recursive)"),
        )
        self.relink_button = self._button(
            "LandSurveyPhotoRelink",
            tr("Link photos"),
            _theme_icon("/mActionLink.svg"),
            tr("Link every photo to the parcel it shows; manual links are kept"),
        )
        self.pick_button = self._button(
            "LandSurveyPhotoPick",
            tr("Pick camera"),
            _icon("photos.svg"),
            tr("Click a camera on the map: its photo opens and its parcel is selected"),
        )
        self.pick_button.setCheckable(True)
        top = QHBoxLayout()
        top.addWidget(self.import_button)
        top.addWidget(self.relink_button)
        top.addWidget(self.pick_button)
        top.addStretch(1)
        layout.addLayout(top)

        self.parcel_label = QLabel(self.body)
        self.parcel_label.setObjectName("LandSurveyPhotoParcel")
        self.parcel_label.setWordWrap(True)
        layout.addWidget(self.parcel_label)

        self.strip_model = PhotoStripModel(self.loader, self)
        self.strip = QListView(self.body)
        self.strip.setObjectName("LandSurveyPhotoStrip")
        self.strip.setViewMode(QListView.IconMode)
        self.strip.setFlow(QListView.LeftToRight)
        self.strip.setWrapping(False)
        self.strip.setMovement(QListView.Static)
        self.strip.setResizeMode(QListView.Adjust)
        self.strip.setUniformItemSizes(True)
        self.strip.setTextElideMode(Qt.ElideLeft)  # BSM_n.jpg: the end tells photos apart
        self.strip.setIconSize(THUMB_SIZE)
        self.strip.setGridSize(QSize(THUMB_SIZE.width() + 12, THUMB_SIZE.height() + 30))
        self.strip.setSelectionMode(QAbstractItemView.SingleSelection)
        self.strip.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.strip.setFixedHeight(THUMB_SIZE.height() + 52)
        self.strip.setModel(self.strip_model)
        self.strip.selectionModel().currentChanged.connect(self._strip_current)

        self.view = QLabel(self.body)
        self.view.setObjectName("LandSurveyPhotoView")
        self.view.setAlignment(Qt.AlignCenter)
        self.view.setMinimumSize(200, 150)
        self.view.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Ignored)
        self.view.setStyleSheet("QLabel#LandSurveyPhotoView { background: #202020; color: #ddd; }")
        self.view.setWordWrap(True)

        self.metadata = QLabel(self.body)
        self.metadata.setObjectName("LandSurveyPhotoMetadata")
        self.metadata.setWordWrap(True)
        self.metadata.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.metadata.setAlignment(Qt.AlignTop | Qt.AlignLeft)

        self.splitter = QSplitter(Qt.Vertical, self.body)
        self.splitter.setObjectName("LandSurveyPhotoSplitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.metadata)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)

        self.prev_button = self._button(
            "LandSurveyPhotoPrev", tr("Previous"), _theme_icon("/mActionArrowLeft.svg"),
            tr("The previous photo (←)"),
        )  # fmt: skip
        self.position_label = QLabel(self.body)
        self.position_label.setObjectName("LandSurveyPhotoPosition")
        self.next_button = self._button(
            "LandSurveyPhotoNext", tr("Next"), _theme_icon("/mActionArrowRight.svg"),
            tr("The next photo (→)"),
        )  # fmt: skip
        self.open_button = self._button(
            "LandSurveyPhotoOpen",
            tr("Open"),
            _theme_icon("/mActionFileOpen.svg"),
            tr("Open the photo in the system's image viewer"),
        )
        self.link_button = self._button(
            "LandSurveyPhotoLink",
            tr("Link"),
            _theme_icon("/mActionLink.svg"),
            tr("Link this photo to the selected parcel (a manual link, kept by relinking)"),
        )
        self.unlink_button = self._button(
            "LandSurveyPhotoUnlink",
            tr("Unlink"),
            _theme_icon("/mActionUnlink.svg"),
            tr("Remove the link of this photo to the selected parcel (kept by relinking)"),
        )
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.position_label)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        nav.addWidget(self.open_button)
        nav.addWidget(self.link_button)
        nav.addWidget(self.unlink_button)

        layout.addWidget(self.strip)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(nav)
        self.setWidget(self.body)

        self.import_button.clicked.connect(self.choose_import_folder)
        self.relink_button.clicked.connect(self.start_relink)
        self.pick_button.toggled.connect(self._pick_toggled)
        self.prev_button.clicked.connect(self.previous_photo)
        self.next_button.clicked.connect(self.next_photo)
        self.open_button.clicked.connect(self.open_in_system_viewer)
        self.link_button.clicked.connect(self.link_current)
        self.unlink_button.clicked.connect(self.unlink_current)
        for key, slot in (
            (Qt.Key_Left, self.previous_photo),
            (Qt.Key_Right, self.next_photo),
            (Qt.Key_PageUp, self.previous_photo),
            (Qt.Key_PageDown, self.next_photo),
        ):
            shortcut = QShortcut(QKeySequence(key), self.body)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._update_buttons()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._paint_view()

    # -- layers -----------------------------------------------------------------------------
    def _connect(self, signal, slot) -> None:
        signal.connect(slot)
        self._connections.append((signal, slot))

    def _disconnect_layers(self) -> None:
        for signal, slot in self._layer_connections:
            with suppress(TypeError, RuntimeError):
                signal.disconnect(slot)
        self._layer_connections.clear()

    def _layers_leaving(self, layer_ids) -> None:
        leaving = set(layer_ids)
        if any(
            layer is not None and layer.id() in leaving
            for layer in (self.parcels_layer, self.photos_layer)
        ):
            self._disconnect_layers()
            self.parcels_layer = self.photos_layer = None
            self._index = None
            self.show_selected_parcel()  # empties the strip and takes the wedge off the map

    def _project_changed(self, *_args) -> None:
        self.remap()

    def find_photos_layer(self) -> QgsVectorLayer | None:
        """The photo point layer: table ``photos`` first, else any point layer keyed by path."""
        candidates = [
            layer
            for layer in self.project.mapLayers().values()
            if isinstance(layer, QgsVectorLayer)
            and layer.isValid()
            and QgsWkbTypes.geometryType(layer.wkbType()) == QgsWkbTypes.PointGeometry
            and layer.fields().indexOf("path") >= 0
        ]
        for layer in candidates:
            if table_name(layer) == PHOTO_TABLE.upper():
                return layer
        return candidates[0] if candidates else None

    def remap(self) -> None:
        """Find the parcel and photo layers again and follow the parcel selection."""
        parcels = detect_roles(self.project, self.profile).get(PARCELS) if self.profile else None
        photos = self.find_photos_layer()
        if parcels is self.parcels_layer and photos is self.photos_layer:
            return
        self._disconnect_layers()
        self.parcels_layer, self.photos_layer = parcels, photos
        self._index = None
        self._store, self._store_path = None, None
        if parcels is not None:
            parcels.selectionChanged.connect(self._selection_changed)
            self._layer_connections.append((parcels.selectionChanged, self._selection_changed))
        if photos is not None:
            for signal in (photos.dataChanged, photos.featureAdded, photos.featureDeleted):
                signal.connect(self._photos_changed)
                self._layer_connections.append((signal, self._photos_changed))
        self.show_selected_parcel()

    def _photos_changed(self, *_args) -> None:
        self._index = None

    # -- links (part B's store in the workspace GeoPackage) ----------------------------------
    def workspace_path(self) -> str | None:
        """The workspace GeoPackage: the import's own answer, else the parcels' GeoPackage."""
        if self.parcels_layer is None:
            return None
        from landsurvey_plugin.adapters.workspace import workspace_gpkg

        try:
            return str(workspace_gpkg(self.parcels_layer, self.project))
        except LandSurveyError as exc:
            log_warning(exc.user_message(tr))
            return None

    def store(self):
        """The link store, or None when there is no workspace (no parcel layer)."""
        path = self.workspace_path()
        if path is None:
            return None
        if self._store is None or self._store_path != path:
            from landsurvey_plugin.adapters.photo_links_store import PhotoLinkStore

            self._store, self._store_path = PhotoLinkStore(path), path
            self._links = None
        return self._store

    def links(self) -> tuple[dict[str, list[PhotoLink]], dict[str, list[PhotoLink]]]:
        """The effective links by parcel BSM and by photo key, best first.

        Read once per change of the workspace file rather than per selection: the store
        reads the whole table on every call (≈0.3 s for 8,000 photos), too slow to repeat
        on the UI thread each time the selection moves. Writes by anyone (this dock, the
        relink task, Processing) change the file's mtime and size, and so the stamp.
        """
        store = self.store()
        if store is None:
            return {}, {}
        file = Path(store.path)
        stamp = (file.stat().st_mtime_ns, file.stat().st_size) if file.is_file() else None
        if self._links is None or self._links_stamp != stamp:
            rows = store.all_rows() if stamp is not None else []
            manual = [row for row in rows if row.manual != AUTO]
            final = effective(merge_manual([r for r in rows if r.manual == AUTO], manual))
            by_parcel: dict[str, list[PhotoLink]] = defaultdict(list)
            by_photo: dict[str, list[PhotoLink]] = defaultdict(list)
            for link in final:
                by_parcel[link.bsm].append(link)
                by_photo[link.photo_path].append(link)
            for links in by_parcel.values():
                links.sort(key=lambda r: (-r.confidence, r.file_name))
            for links in by_photo.values():
                links.sort(key=lambda r: (-r.confidence, r.bsm))
            self._links, self._links_stamp = (dict(by_parcel), dict(by_photo)), stamp
        return self._links

    # -- photo records ----------------------------------------------------------------------
    def _photo_folder(self) -> Path | None:
        if self.photos_layer is None:
            return None
        source = self.photos_layer.source().split("|")[0]
        return Path(source).parent if source else None

    def absolute(self, key: str) -> str:
        """The file of a ``path`` value: absolute in the import's layer, relative to the
        GeoPackage's folder in older demo layers."""
        path = Path(key)
        if not path.is_absolute():
            folder = self._photo_folder()
            if folder is not None:
                path = folder / path
        return str(path)

    def index(self) -> dict[str, int]:
        """Photo key and absolute path -> feature id, rebuilt after the layer changed."""
        if self._index is None:
            self._index = {}
            layer = self.photos_layer
            if layer is not None:
                request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
                request.setSubsetOfAttributes(["path"], layer.fields())
                for feature in layer.getFeatures(request):
                    key = _value(feature["path"])
                    if key is None:
                        continue
                    self._index[str(key)] = feature.id()
                    self._index.setdefault(self.absolute(str(key)), feature.id())
        return self._index

    def entry_for(self, key: str, link: Any = None) -> PhotoEntry:
        """The strip entry of the photo keyed ``key`` (its ``path`` value)."""
        fid = self.index().get(key)
        if fid is None:
            fid = self.index().get(self.absolute(key))
        attributes: dict[str, Any] = {}
        point = None
        if fid is not None and self.photos_layer is not None:
            feature = self.photos_layer.getFeature(fid)
            attributes = {field.name(): _value(feature[field.name()]) for field in feature.fields()}
            if feature.hasGeometry() and not feature.geometry().isEmpty():
                point = feature.geometry().asPoint()
            key = str(attributes.get("path") or key)
        return PhotoEntry(self.absolute(key), key, fid, attributes, link, point)

    # -- the parcel -------------------------------------------------------------------------
    def _selection_changed(self, *_args) -> None:
        self.show_selected_parcel()

    def selected_parcel(self) -> tuple[int, str] | None:
        """(fid, BSM) of the first selected parcel."""
        layer = self.parcels_layer
        if layer is None or layer.selectedFeatureCount() == 0:
            return None
        fid = min(layer.selectedFeatureIds())
        feature = layer.getFeature(fid)
        bsm = _value(feature["BSM"]) if layer.fields().indexOf("BSM") >= 0 else None
        return (fid, str(bsm)) if bsm is not None else None

    def show_selected_parcel(self) -> None:
        """Fill the strip with the photos linked to the selected parcel (and a pinned one)."""
        selected = self.selected_parcel()
        self.parcel_bsm = selected[1] if selected else None
        current_path = (
            self.entries[self.current].path if 0 <= self.current < len(self.entries) else None
        )
        entries: list[PhotoEntry] = []
        problem = None
        if self.parcel_bsm is not None:
            try:
                links = self.links()[0].get(self.parcel_bsm, [])
            except Exception as exc:
                log_warning(f"photo links of {self.parcel_bsm}: {exc}")
                problem = tr("The photo links cannot be read: {error}").format(error=exc)
                links = []
            by_file: dict[str, PhotoEntry] = {}
            for link in links:  # best first; a file under two keys (an older relative
                # path and the import's absolute one) is shown once, with the import's row
                entry = self.entry_for(str(link.photo_path), link)
                kept = by_file.get(entry.path)
                if kept is None or (
                    not Path(kept.key).is_absolute() and Path(entry.key).is_absolute()
                ):
                    by_file[entry.path] = entry
            entries = list(by_file.values())
        if self.pinned is not None and all(e.key != self.pinned for e in entries):
            entries.append(self.entry_for(self.pinned))
        self.entries = entries
        self.strip_model.set_entries(entries)
        self._set_parcel_label(problem)
        wanted = self.pinned or current_path
        row = next(
            (k for k, e in enumerate(entries) if wanted in (e.key, e.path)), 0 if entries else -1
        )
        self.current = -1
        self.set_current(row)
        self.photos_listed.emit(len(entries))

    def _set_parcel_label(self, problem: str | None = None) -> None:
        if self.photos_layer is None:
            text = tr("No photo layer in the project: import a photo folder first.")
        elif self.parcel_bsm is None:
            text = tr("Select a parcel (DLTB) to see its photos.")
        else:
            linked = sum(1 for e in self.entries if e.link is not None)
            text = tr("Parcel {bsm}: {count} linked photos").format(
                bsm=self.parcel_bsm, count=linked
            )
            selected = self.parcels_layer.selectedFeatureCount() if self.parcels_layer else 0
            if selected > 1:
                text += " " + tr("(the first of {n} selected parcels)").format(n=selected)
            if self.pinned is not None and any(
                e.key == self.pinned and e.link is None for e in self.entries
            ):
                text += " " + tr("+ the photo opened from the map, not linked to it")
        if problem:
            text += "\n" + problem
        self.parcel_label.setText(text)

    # -- the current photo ------------------------------------------------------------------
    def set_current(self, row: int) -> None:
        """Show photo ``row`` of the strip; its decode starts in the background."""
        row = max(0, min(row, len(self.entries) - 1)) if self.entries else -1
        changed = row != self.current
        self.current = row
        if row >= 0:
            index = self.strip_model.index(row)
            if self.strip.currentIndex() != index:
                self.strip.setCurrentIndex(index)
            self.strip.scrollTo(index)
        if changed or row < 0:
            self._show_current()
        self._update_buttons()

    def _strip_current(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if index.isValid() and index.row() != self.current:
            self.set_current(index.row())

    def previous_photo(self) -> None:
        if self.current > 0:
            self.set_current(self.current - 1)

    def next_photo(self) -> None:
        if 0 <= self.current < len(self.entries) - 1:
            self.set_current(self.current + 1)

    def current_entry(self) -> PhotoEntry | None:
        return self.entries[self.current] if 0 <= self.current < len(self.entries) else None

    def _show_current(self) -> None:
        entry = self.current_entry()
        self.view_image = None
        self._view_path = entry.path if entry else None
        if entry is None:
            self._view_request = 0
            self.view.setPixmap(QPixmap())
            self.view.setText(tr("No photo"))
            self.metadata.setText("")
            self._highlight(None)
            return
        self.metadata.setText(self.describe(entry))
        self._highlight(entry)
        cached = self.loader.cached(entry.path, VIEW_BOX)
        if cached is not None:
            self._view_request = 0
            self._set_view_image(entry.path, cached)
            return
        self.view.setPixmap(QPixmap())
        self.view.setText(tr("Loading {name}…").format(name=entry.file_name))
        self._view_request = self.loader.request("view", entry.path, VIEW_BOX)

    def _view_loaded(self, request: int, path: str, image: QImage) -> None:
        if request != self._view_request or path != self._view_path:
            return  # the user moved on: a stale answer
        self._set_view_image(path, image)

    def _set_view_image(self, path: str, image: QImage) -> None:
        self.view_image = image
        self.view.setText("")
        self._paint_view()
        self.photo_shown.emit(path)

    def _view_failed(self, request: int, path: str, failure: Failure) -> None:
        if request != self._view_request or path != self._view_path:
            return
        name = Path(path).name
        if failure.reason == MISSING:
            text = tr("The photo file {path} is missing (moved or deleted since the import).")
            text = text.format(path=path)
        elif failure.reason == EMPTY:
            text = tr("The photo file {name} is empty (0 bytes).").format(name=name)
        elif failure.reason == UNSUPPORTED:
            text = tr(
                "The photo {name} is in a format ({suffix}) this QGIS cannot display; "
                "its position and direction were still read. Open it in the system viewer."
            ).format(name=name, suffix=Path(path).suffix.lstrip(".").upper() or "?")
        else:
            text = tr(
                "The photo {name} cannot be shown: the JPEG data is damaged or incomplete "
                "({detail})."
            ).format(name=name, detail=failure.detail or tr("unknown error"))
        self.view_image = None
        self.view.setPixmap(QPixmap())
        self.view.setText(text)
        self.photo_failed.emit(text)

    def _paint_view(self) -> None:
        if self.view_image is None or not hasattr(self, "view"):
            return
        size = self.view.size()
        pixmap = QPixmap.fromImage(self.view_image)
        if pixmap.width() > size.width() or pixmap.height() > size.height():
            pixmap = pixmap.scaled(size, Qt.KeepAspectRatio, Qt.SmoothTransformation)
        self.view.setPixmap(pixmap)

    def describe(self, entry: PhotoEntry) -> str:
        """The metadata of a photo as a small HTML table (translated labels)."""
        a = entry.attributes
        rows: list[tuple[str, str]] = [(tr("File"), entry.file_name)]
        if a.get("taken_at") is not None:
            rows.append((tr("Taken"), str(a["taken_at"]).replace("T", " ")))
        if a.get("azimuth") is not None:
            ref = {"T": tr("true north"), "M": tr("magnetic north")}.get(
                str(a.get("azimuth_ref") or "").upper(), tr("reference unknown")
            )
            text = f"{float(a['azimuth']):.1f}° ({ref})"
            if a.get("azimuth_source"):
                text += f", {a['azimuth_source']}"
            rows.append((tr("Azimuth"), text))
        else:
            rows.append((tr("Azimuth"), tr("none")))
        if a.get("lat") is not None and a.get("lon") is not None:
            text = f"{float(a['lat']):.6f}, {float(a['lon']):.6f}"
            if a.get("altitude") is not None:
                text += f", {float(a['altitude']):.1f} m"
            rows.append((tr("Position"), text))
        else:
            rows.append((tr("Position"), tr("none")))
        camera = " ".join(str(a[k]) for k in ("make", "model") if a.get(k))
        if camera:
            rows.append((tr("Camera"), camera))
        if a.get("status") not in (None, "ok"):
            reason = a.get("reason") or ""
            rows.append((tr("Import"), f"{a['status']}: {reason}".rstrip(": ")))
        link = entry.link
        if link is None:
            if self.parcel_bsm is not None:
                rows.append(
                    (tr("Link"), tr("not linked to parcel {bsm}").format(bsm=self.parcel_bsm))
                )
        else:
            rows.append((tr("Link"), method_text(link.method, link.manual)))
            if link.distance_m is not None:
                rows.append((tr("Distance"), f"{link.distance_m:.1f} m"))
            if link.angle_off_deg is not None:
                rows.append((tr("Angle off the parcel"), f"{link.angle_off_deg:.0f}°"))
            rows.append((tr("Confidence"), f"{link.confidence:.0%}"))
        body = "".join(
            f"<tr><td><b>{label}</b>&nbsp;</td><td>{_escape(value)}</td></tr>"
            for label, value in rows
        )
        return f"<table>{body}</table>"

    def _update_buttons(self) -> None:
        entry = self.current_entry()
        count = len(self.entries)
        self.prev_button.setEnabled(self.current > 0)
        self.next_button.setEnabled(0 <= self.current < count - 1)
        self.open_button.setEnabled(entry is not None)
        can_link = entry is not None and self.parcel_bsm is not None
        self.link_button.setEnabled(can_link and entry.link is None)
        self.unlink_button.setEnabled(can_link and entry.link is not None)
        self.relink_button.setEnabled(
            self.photos_layer is not None and self.parcels_layer is not None
        )
        self.import_button.setEnabled(self.parcels_layer is not None)
        self.position_label.setText(f"{self.current + 1} / {count}" if count else "0 / 0")

    # -- the map ----------------------------------------------------------------------------
    def _highlight(self, entry: PhotoEntry | None) -> None:
        """Camera and wedge of ``entry`` on the canvas (nothing without a position)."""
        self.wedge_band.reset(QgsWkbTypes.PolygonGeometry)
        self.camera_band.reset(QgsWkbTypes.PointGeometry)
        if entry is None or entry.point is None or self.photos_layer is None:
            return
        canvas_crs = self.canvas.mapSettings().destinationCrs()
        to_canvas = QgsCoordinateTransform(self.photos_layer.crs(), canvas_crs, self.project)
        self.camera_band.addPoint(to_canvas.transform(entry.point))
        azimuth = entry.attributes.get("azimuth")
        if azimuth is None:
            return
        geographic = QgsCoordinateReferenceSystem(GEOGRAPHIC)
        to_geo = QgsCoordinateTransform(self.photos_layer.crs(), geographic, self.project)
        geo_to_canvas = QgsCoordinateTransform(geographic, canvas_crs, self.project)
        points = wedge_points(to_geo.transform(entry.point), float(azimuth), *self.wedge_size())
        geometry = QgsGeometry.fromPolygonXY([[geo_to_canvas.transform(p) for p in points]])
        self.wedge_band.setToGeometry(geometry, None)

    def wedge_size(self) -> tuple[float, float]:
        """Field of view (°) and length (m) of the wedge: the project variables the photo
        layer's symbology draws its wedges with, so the highlight covers the drawn wedge."""
        scope = QgsExpressionContextUtils.projectScope(self.project)

        def number(name: str, default: float) -> float:
            try:
                return float(scope.variable(name))
            except (TypeError, ValueError):
                return default

        return number(FOV_VARIABLE, DEFAULT_FOV), number(RANGE_VARIABLE, DEFAULT_RANGE)

    def wedge_geometry(self) -> QgsGeometry:
        """The highlighted wedge in the canvas CRS (empty when none)."""
        return self.wedge_band.asGeometry()

    def _pick_toggled(self, on: bool) -> None:
        if on:
            if self.map_tool is None:
                self.map_tool = PhotoMapTool(self.canvas, lambda: self.photos_layer)
                self.map_tool.photo_clicked.connect(self.open_photo_feature)
                self.map_tool.missed.connect(self.select_parcel_at)
                self.map_tool.deactivated.connect(lambda: self.pick_button.setChecked(False))
            self._previous_tool = self.canvas.mapTool()
            self.canvas.setMapTool(self.map_tool)
        elif self.map_tool is not None and self.canvas.mapTool() is self.map_tool:
            self.canvas.unsetMapTool(self.map_tool)
            if self._previous_tool is not None:
                with suppress(RuntimeError):
                    self.canvas.setMapTool(self._previous_tool)
            self._previous_tool = None

    def select_parcel_at(self, point: QgsPointXY) -> None:
        """A click beside every camera: select the parcel under it (→ its photos)."""
        layer = self.parcels_layer
        if layer is None:
            return
        to_layer = QgsCoordinateTransform(
            self.canvas.mapSettings().destinationCrs(), layer.crs(), self.project
        )
        where = QgsGeometry.fromPointXY(to_layer.transform(point))
        request = QgsFeatureRequest().setFilterRect(where.boundingBox()).setNoAttributes()
        hit = next(
            (f.id() for f in layer.getFeatures(request) if f.geometry().intersects(where)), None
        )
        if hit is not None:
            self.pinned = None
            layer.selectByIds([hit])  # -> show_selected_parcel

    def open_photo_feature(self, layer_id: str, fid: int) -> None:
        """A camera was clicked: open its photo and select the parcel it is linked to."""
        layer = self.project.mapLayer(layer_id)
        if not isinstance(layer, QgsVectorLayer):
            return
        if layer is not self.photos_layer:
            self.remap()
        feature: QgsFeature = layer.getFeature(fid)
        key = _value(feature["path"])
        if key is None:
            return
        self.open_photo(str(key))

    def open_photo(self, key: str) -> None:
        """Show the photo keyed ``key`` and select its best-linked parcel."""
        self.pinned = key
        links = []
        try:
            links = self.links()[1].get(key, [])
        except Exception as exc:  # reported, the photo still opens
            log_warning(f"photo links of {key}: {exc}")
        if links and self.parcels_layer is not None:
            best = max(links, key=lambda link: link.confidence)
            expression = f'"BSM" = {QgsExpression.quotedValue(str(best.bsm))}'
            self.parcels_layer.selectByExpression(expression)  # -> show_selected_parcel
            if self.parcel_bsm != str(best.bsm):
                self.show_selected_parcel()
        else:
            self.show_selected_parcel()
            if self.message_bar is not None:
                self.message_bar.pushInfo(
                    tr("Evidence photos"),
                    tr("{name} is not linked to any parcel.").format(name=Path(key).name),
                )
        self.show()
        self.raise_()

    # -- actions ----------------------------------------------------------------------------
    def open_in_system_viewer(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(entry.path))

    def link_current(self) -> None:
        """A manual link of the current photo to the selected parcel."""
        entry, store = self.current_entry(), self.store()
        if entry is None or self.parcel_bsm is None or store is None:
            return
        try:
            store.link(entry.key, self.parcel_bsm)
        except LandSurveyError as exc:
            self._push(exc.user_message(tr), Qgis.Critical)
            return
        self._links = None
        log(f"photo {entry.key} linked by hand to {self.parcel_bsm}")
        self.pinned = None  # it is in the parcel's strip now
        self.show_selected_parcel()

    def unlink_current(self) -> None:
        """Remove the current photo from the selected parcel (remembered as a manual unlink)."""
        entry, store = self.current_entry(), self.store()
        if entry is None or self.parcel_bsm is None or store is None:
            return
        try:
            store.unlink(entry.key, self.parcel_bsm)
        except LandSurveyError as exc:
            self._push(exc.user_message(tr), Qgis.Critical)
            return
        self._links = None
        log(f"photo {entry.key} unlinked by hand from {self.parcel_bsm}")
        if self.pinned is None:
            self.pinned = entry.key  # keep it in the strip so it can be linked back
        self.show_selected_parcel()

    def _push(self, text: str, level=Qgis.Info, duration: int = 8) -> None:
        if self.message_bar is not None:
            self.message_bar.pushMessage(tr("Evidence photos"), text, level, duration)

    def choose_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Folder of evidence photos"))
        if folder:
            self.start_import(folder)

    def start_import(self, folder: str) -> QgsTask | None:
        """Import ``folder`` with the import task (progress in QGIS's task manager)."""
        from landsurvey_plugin.adapters.photo_import_task import start_import

        if self.parcels_layer is None:
            self._push(tr("Open the parcels (DLTB) first."), Qgis.Warning)
            return None
        try:
            task = start_import(folder, self.parcels_layer, self.project)
        except LandSurveyError as exc:
            self._push(exc.user_message(tr), Qgis.Critical)
            return None
        self._tasks.append(task)
        task.imported.connect(lambda result: self._import_finished(task, result))
        return task

    def _import_finished(self, task: QgsTask, result) -> None:
        with suppress(ValueError):
            self._tasks.remove(task)
        self.remap()
        self._index = None
        if result is None:
            error = task.error or tr("cancelled")
            self._push(tr("The photo import stopped: {error}").format(error=error), Qgis.Warning)
        else:
            level = Qgis.Success if result.placed == result.photos else Qgis.Warning
            self._push(self.import_summary(result), level, 15)
        self.show_selected_parcel()
        self.task_finished.emit("import")

    @staticmethod
    def import_summary(result) -> str:
        """The import's own summary and why photos were not placed (most frequent first)."""
        text = result.summary()
        reasons = result.reasons()
        if reasons:
            why = ", ".join(f"{code} ×{n}" for code, n in reasons.most_common(5))
            text += " " + tr("Not placed or incomplete: {why} (details in the log).").format(
                why=why
            )
        return text

    def start_relink(self) -> QgsTask | None:
        """Part B's relink of every photo, as a QgsTask on layers opened in the task."""
        if self.photos_layer is None or self.parcels_layer is None:
            return None
        store_path = self.workspace_path()
        settings = self.link_settings
        photos = (self.photos_layer.source(), self.photos_layer.providerType())
        parcels = (self.parcels_layer.source(), self.parcels_layer.providerType())

        def work(task: QgsTask):
            from landsurvey_plugin.adapters.photo_links_store import PhotoLinkStore

            # layers are not thread-safe: the task opens its own
            photos_layer = QgsVectorLayer(photos[0], "photos", photos[1])
            parcels_layer = QgsVectorLayer(parcels[0], "DLTB", parcels[1])
            return PhotoLinkStore(store_path).relink(
                photos_layer, parcels_layer, settings, task.isCanceled
            )

        def finished(exception, result=None) -> None:
            with suppress(ValueError):
                self._tasks.remove(task)
            if exception is not None:
                self._push(
                    tr("Linking photos failed: {error}").format(error=exception), Qgis.Critical
                )
            else:
                self._push(link_summary_text(result), Qgis.Success)
            self._store, self._links = None, None
            self.show_selected_parcel()
            self.task_finished.emit("link")

        task = QgsTask.fromFunction(
            tr("Link evidence photos to parcels"), work, on_finished=finished
        )
        self._tasks.append(task)
        QgsApplication.taskManager().addTask(task)
        return task

    def dispose(self) -> None:
        """Let go of the project, layers, canvas items and worker threads (unloading)."""
        if self.map_tool is not None:
            if self.canvas.mapTool() is self.map_tool:
                self.canvas.unsetMapTool(self.map_tool)
            self.map_tool = None
        for signal, slot in self._connections:
            with suppress(TypeError, RuntimeError):
                signal.disconnect(slot)
        self._connections.clear()
        self._disconnect_layers()
        self.loader.dispose()
        for band in (self.wedge_band, self.camera_band):
            with suppress(RuntimeError):
                band.reset()
                self.canvas.scene().removeItem(band)


def link_summary_text(summary) -> str:
    """What a relink did, for the message bar."""
    text = tr("{linked} of {photos} photos linked to parcels.").format(
        linked=summary.linked, photos=summary.photos
    )
    if summary.by_method:
        methods = ", ".join(
            f"{method_text(m, 0)} {n}" for m, n in sorted(summary.by_method.items())
        )
        text += " " + tr("By method: {methods}.").format(methods=methods)
    if summary.manual_kept:
        text += " " + tr("{n} manual decisions kept.").format(n=summary.manual_kept)
    return text


def method_text(method: str, manual: int) -> str:
    """How a link was made, in words (translated when shown)."""
    if manual == MANUAL_LINK:
        return tr("linked by hand")
    return {
        "inside": tr("camera inside the parcel"),
        "view": tr("the view direction hits the parcel"),
        "nearest": tr("nearest parcel"),
        "name": tr("the file name carries the parcel's BSM"),
        "manual": tr("linked by hand"),
    }.get(method, method)


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
