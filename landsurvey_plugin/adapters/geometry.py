"""QgsGeometry -> shapely, in bulk, with a reason for every geometry that cannot be used."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from qgis.core import QgsCoordinateTransform, QgsGeometry, QgsWkbTypes


def to_shapely(
    geometries: Sequence[QgsGeometry],
    transform: QgsCoordinateTransform | None = None,
) -> tuple[np.ndarray, list[str | None]]:
    """Shapely geometries (None where unusable) and, per geometry, why it is unusable."""
    wkbs: list[bytes | None] = []
    problems: list[str | None] = []
    for geometry in geometries:
        if geometry is None or geometry.isNull() or geometry.isEmpty():
            wkbs.append(None)
            problems.append("no geometry")
            continue
        if QgsWkbTypes.geometryType(geometry.wkbType()) != QgsWkbTypes.PolygonGeometry:
            wkbs.append(None)
            problems.append(f"not a polygon ({QgsWkbTypes.displayString(geometry.wkbType())})")
            continue
        geom = geometry  # copied only when it must change: this runs for every parcel
        if QgsWkbTypes.isCurvedType(geom.wkbType()):
            geom = QgsGeometry(geom.constGet().segmentize())
        if transform is not None:
            if geom is geometry:
                geom = QgsGeometry(geometry)
            try:
                failed = geom.transform(transform) != 0  # Qgis.GeometryOperationResult.Success
            except Exception as exc:  # QgsCsException
                failed, why = True, str(exc)
            else:
                why = "the transformation failed"
            if failed:
                wkbs.append(None)
                problems.append(f"cannot transform to the area frame: {why}")
                continue
        wkbs.append(bytes(geom.asWkb()))
        problems.append(None)
    shapes = np.empty(len(wkbs), dtype=object)
    try:
        shapes[:] = shapely.from_wkb(np.array(wkbs, dtype=object))
    except shapely.errors.GEOSException:  # find the culprit(s) one by one
        for i, wkb in enumerate(wkbs):
            if wkb is None:
                continue
            try:
                shapes[i] = shapely.from_wkb(wkb)
            except shapely.errors.GEOSException as exc:
                problems[i] = f"unreadable geometry: {exc}"
    return shapes, problems
