"""Where the plugin's own tables live: with the county data, so every reviewer sees them.

The workspace is the GeoPackage holding DLTB when the parcels are in one (accepted
exceptions, photos, photo links go there as extra tables); otherwise a
``<project name>_landsurvey.gpkg`` beside the project file.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsMapLayer, QgsProject, QgsProviderRegistry

from landsurvey_plugin.errors import LandSurveyError


def layer_gpkg(layer: QgsMapLayer | None) -> str | None:
    """The GeoPackage file an OGR layer reads from, or None (other format, memory, missing)."""
    if layer is None or layer.providerType() != "ogr":
        return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    candidate = parts.get("path") or ""
    if candidate.lower().endswith(".gpkg") and Path(candidate).is_file():
        return candidate
    return None


def workspace_gpkg(parcels_layer: QgsMapLayer | None, project: QgsProject | None = None) -> str:
    """The workspace GeoPackage path (it may not exist yet: the first writer creates it)."""
    found = layer_gpkg(parcels_layer)
    if found:
        return found
    project = project or QgsProject.instance()
    if not project.fileName():
        raise LandSurveyError(
            "The parcels are not in a GeoPackage and the project has not been saved: "
            "save the project first, the workspace GeoPackage is created beside it."
        )
    project_file = Path(project.fileName())
    name = project.baseName() or project_file.stem
    return str(project_file.with_name(f"{name}_landsurvey.gpkg"))
