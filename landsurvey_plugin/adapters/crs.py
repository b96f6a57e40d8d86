"""Map a QGIS CRS onto the Gauss-Krüger zone the survey's area formula needs.

County databases are CGCS2000 3° GK (EPSG:4513–4554, reference.md §8). Anything else still
gets a correct ellipsoidal area: its vertices are transformed by QGIS into a GK zone built
around the data, and the caller is told that the data is not in the survey's CRS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsRectangle,
    QgsUnitTypes,
)

from landsurvey_plugin.errors import CrsError
from landsurvey_plugin.model.gauss_kruger import GKZone, zone_from_easting, zone_from_epsg

_GK_EPSG = range(4491, 4555)


def _proj_param(proj: str, key: str) -> str | None:
    match = re.search(rf"\+{key}=(\S+)", proj)
    return match.group(1) if match else None


def gk_zone_of(crs: QgsCoordinateReferenceSystem) -> GKZone | None:
    """The GK zone of a CGCS2000 GK CRS, by EPSG code or by its PROJ parameters; else None."""
    if not crs.isValid() or crs.isGeographic():
        return None
    authid = crs.authid()
    if authid.upper().startswith("EPSG:"):
        code = int(authid.split(":")[1])
        if code in _GK_EPSG:
            return zone_from_epsg(code)
    proj = crs.toProj()
    if _proj_param(proj, "proj") != "tmerc":
        return None
    ellps = _proj_param(proj, "ellps")
    if ellps not in ("GRS80", None) or _proj_param(proj, "datum") not in (None,):
        return None
    if ellps is None and "+a=6378137" not in proj:
        return None
    if float(_proj_param(proj, "k") or _proj_param(proj, "k_0") or 1.0) != 1.0:
        return None
    if float(_proj_param(proj, "lat_0") or 0.0) != 0.0:
        return None
    if float(_proj_param(proj, "y_0") or 0.0) != 0.0:
        return None
    cm = float(_proj_param(proj, "lon_0") or 0.0)
    false_easting = float(_proj_param(proj, "x_0") or 0.0)
    prefix = int(false_easting // 1_000_000)
    width = 6 if prefix and prefix * 6 - 3 == cm else 3
    return GKZone(
        central_meridian=cm,
        false_easting=false_easting,
        zone=prefix or None,
        zone_width=width,
    )


@dataclass(frozen=True)
class AreaFrame:
    """How to bring a layer's vertices into a GK zone: directly, or through a QGIS transform."""

    zone: GKZone
    transform: QgsCoordinateTransform | None
    source_crs: QgsCoordinateReferenceSystem
    inferred: bool = False  # zone read from the 8-digit eastings: the CRS was missing or wrong

    @property
    def is_survey_crs(self) -> bool:
        return self.transform is None and not self.inferred


def _degrees_out_of_range(extent: QgsRectangle) -> bool:
    return not extent.isEmpty() and (abs(extent.xMaximum()) > 360 or abs(extent.yMaximum()) > 90)


def area_frame(
    crs: QgsCoordinateReferenceSystem,
    extent: QgsRectangle,
    context: QgsCoordinateTransformContext,
) -> AreaFrame:
    """Pick the area frame for a layer; raises CrsError when the layer has no usable CRS.

    A layer without a CRS (or with a geographic one but metre coordinates, which is what a
    GeoPackage with undefined SRS gives) still works when its eastings carry the zone
    prefix: reference.md §7 derives the zone from the 8-digit easting in that case.
    """
    in_degrees = crs.isValid() and (
        crs.isGeographic() or crs.mapUnits() == QgsUnitTypes.DistanceDegrees
    )
    crs_unusable = not crs.isValid() or (in_degrees and _degrees_out_of_range(extent))
    if crs_unusable and not extent.isEmpty():
        try:
            zone = zone_from_easting(extent.center().x())
        except ValueError:
            zone = None
        if zone is not None:
            return AreaFrame(zone, None, crs, inferred=True)
    if in_degrees and _degrees_out_of_range(extent):
        raise CrsError(
            "The layer's coordinates are not degrees but its CRS ({crs}) is geographic; "
            "assign the right CGCS2000 Gauss-Kruger CRS (EPSG:4513-4554).",
            crs=crs.authid() or crs.description() or crs.toProj(),
        )
    if not crs.isValid():
        raise CrsError(
            "The layer has no coordinate reference system; assign CGCS2000 / 3-degree "
            "Gauss-Kruger (EPSG:4513-4554) before computing areas."
        )
    zone = gk_zone_of(crs)
    if zone is not None:
        return AreaFrame(zone, None, crs)
    geographic = QgsCoordinateReferenceSystem("EPSG:4490")
    to_geo = QgsCoordinateTransform(crs, geographic, context)
    try:
        centre = to_geo.transform(extent.center()) if not extent.isEmpty() else None
    except Exception as exc:  # QgsCsException: extent outside the CRS's area
        raise CrsError(
            "Cannot transform the layer extent from {crs} to CGCS2000: {error}",
            crs=crs.authid() or crs.description(),
            error=str(exc),
        ) from exc
    lon = centre.x() if centre is not None else 0.0
    cm = 3.0 * round(lon / 3.0)
    gk = QgsCoordinateReferenceSystem.fromProj(
        f"+proj=tmerc +lat_0=0 +lon_0={cm:g} +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs"
    )
    zone = GKZone(central_meridian=cm, false_easting=500000.0, zone=None, zone_width=3)
    return AreaFrame(zone, QgsCoordinateTransform(crs, gk, context), crs)
