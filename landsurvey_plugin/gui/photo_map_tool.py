"""Click a camera on the map: ``photo_clicked(layer_id, fid)`` for the nearest photo point;
a click away from every camera emits ``missed(point)`` (canvas CRS), which the dock uses to
pick the parcel under the cursor — so one tool walks parcels and their photos.

The search box is a few pixels around the click (as QGIS's identify does), transformed
from the canvas CRS to the photo layer's, so the tool works whatever the project CRS.
"""

from __future__ import annotations

from collections.abc import Callable

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.gui import QgsMapCanvas, QgsMapMouseEvent, QgsMapTool
from qgis.PyQt.QtCore import Qt, pyqtSignal

PICK_RADIUS_PX = 8


class PhotoMapTool(QgsMapTool):
    """Picks the camera nearest to a left click within ``PICK_RADIUS_PX``; Esc deactivates."""

    photo_clicked = pyqtSignal(str, int)  # photo layer id, feature id
    missed = pyqtSignal(QgsPointXY)

    def __init__(
        self, canvas: QgsMapCanvas, photos_layer: Callable[[], QgsVectorLayer | None]
    ) -> None:
        super().__init__(canvas)
        self.setObjectName("LandSurveyPhotoMapTool")
        self.photos_layer = photos_layer
        self.setCursor(Qt.PointingHandCursor)

    def pick(self, point: QgsPointXY) -> int | None:
        """The feature id of the photo nearest to ``point`` (canvas CRS), or None."""
        layer = self.photos_layer()
        if layer is None or not layer.isValid():
            return None
        canvas = self.canvas()
        radius = PICK_RADIUS_PX * canvas.mapUnitsPerPixel()
        box = QgsRectangle(
            point.x() - radius, point.y() - radius, point.x() + radius, point.y() + radius
        )
        to_layer = QgsCoordinateTransform(
            canvas.mapSettings().destinationCrs(), layer.crs(), QgsProject.instance()
        )
        box = to_layer.transformBoundingBox(box)
        centre = QgsGeometry.fromPointXY(to_layer.transform(point))
        best, best_distance = None, float("inf")
        request = QgsFeatureRequest().setFilterRect(box).setNoAttributes()
        for feature in layer.getFeatures(request):
            if not feature.hasGeometry():
                continue
            distance = feature.geometry().distance(centre)
            if distance < best_distance:
                best, best_distance = feature.id(), distance
        return best

    def canvasReleaseEvent(self, event: QgsMapMouseEvent) -> None:
        if event.button() != Qt.LeftButton:
            return
        point = QgsPointXY(event.mapPoint())
        fid = self.pick(point)
        layer = self.photos_layer()
        if fid is None or layer is None:
            self.missed.emit(point)
            return
        self.photo_clicked.emit(layer.id(), fid)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape:
            self.canvas().unsetMapTool(self)
            event.accept()
            return
        event.ignore()
