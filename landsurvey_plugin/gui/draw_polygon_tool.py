"""A small map tool to draw one polygon: left click adds a vertex, right click finishes,
Esc (or Backspace on the last vertex) cancels. ``finished(QgsGeometry)`` carries the polygon in
the canvas's CRS (``canvas.mapSettings().destinationCrs()``); snapping follows the project."""

from __future__ import annotations

from qgis.core import QgsGeometry, QgsPointXY, QgsWkbTypes
from qgis.gui import QgsMapCanvas, QgsMapMouseEvent, QgsMapTool, QgsRubberBand
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor


class DrawPolygonTool(QgsMapTool):
    """Emits ``finished`` with a valid polygon of at least three vertices, or ``cancelled``."""

    finished = pyqtSignal(QgsGeometry)
    cancelled = pyqtSignal()

    def __init__(self, canvas: QgsMapCanvas) -> None:
        super().__init__(canvas)
        self.setObjectName("LandSurveyDrawPolygonTool")
        self.points: list[QgsPointXY] = []
        self.band = QgsRubberBand(canvas, QgsWkbTypes.PolygonGeometry)
        self.band.setColor(QColor(220, 30, 30, 90))
        self.band.setStrokeColor(QColor(220, 30, 30))
        self.band.setWidth(2)
        self.setCursor(Qt.CrossCursor)

    # -- points ---------------------------------------------------------------------------
    def _map_point(self, event: QgsMapMouseEvent) -> QgsPointXY:
        match = event.mapPointMatch() if hasattr(event, "mapPointMatch") else None
        if match is not None and match.isValid():
            return QgsPointXY(match.point())
        event.snapPoint()
        return QgsPointXY(event.mapPoint())

    def add_point(self, point: QgsPointXY) -> None:
        self.points.append(QgsPointXY(point))
        self._redraw()

    def _redraw(self, moving: QgsPointXY | None = None) -> None:
        self.band.reset(QgsWkbTypes.PolygonGeometry)
        for point in [*self.points, *([moving] if moving is not None else [])]:
            self.band.addPoint(point, False)
        self.band.show()
        self.band.updatePosition()
        self.band.update()

    def polygon(self) -> QgsGeometry | None:
        """The drawn polygon (made valid), or None with fewer than three vertices."""
        if len(self.points) < 3:
            return None
        geometry = QgsGeometry.fromPolygonXY([[*self.points, self.points[0]]])
        if not geometry.isGeosValid():
            geometry = geometry.makeValid()
        if geometry.isEmpty() or geometry.area() <= 0:
            return None
        return geometry

    def finish(self, points: list[QgsPointXY] | None = None) -> QgsGeometry | None:
        """Close the polygon (of ``points`` when given) and emit it; reset the tool."""
        if points is not None:
            self.points = [QgsPointXY(p) for p in points]
        geometry = self.polygon()
        self.reset()
        if geometry is None:
            self.cancelled.emit()
            return None
        self.finished.emit(geometry)
        return geometry

    def reset(self) -> None:
        self.points = []
        self.band.reset(QgsWkbTypes.PolygonGeometry)

    # -- events ---------------------------------------------------------------------------
    def canvasMoveEvent(self, event: QgsMapMouseEvent) -> None:
        if self.points:
            self._redraw(self._map_point(event))

    def canvasReleaseEvent(self, event: QgsMapMouseEvent) -> None:
        if event.button() == Qt.LeftButton:
            self.add_point(self._map_point(event))
        elif event.button() == Qt.RightButton:
            self.finish()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape:
            self.reset()
            self.cancelled.emit()
            event.accept()
        elif event.key() == Qt.Key_Backspace and self.points:
            self.points.pop()
            self._redraw()
            event.accept()
        else:
            event.ignore()

    def deactivate(self) -> None:
        self.reset()
        super().deactivate()

    def dispose(self) -> None:
        self.reset()
        scene = self.band.scene()
        if scene is not None:
            scene.removeItem(self.band)
