"""Which loaded layer plays which part in a check: found by the standard table names.

County databases name their tables DLTB, XZQ, TTQ, … (reference.md §1, §4); the project
layer may be called "地类图斑 DLTB" or sit in a GeoPackage. The user's own choice, made in
the dock, is saved in the project and wins over detection.
"""

from __future__ import annotations

import re
from pathlib import Path

from qgis.core import QgsMapLayer, QgsProject, QgsProviderRegistry, QgsVectorLayer, QgsWkbTypes

from landsurvey_plugin.model.profile import Profile
from landsurvey_plugin.rules.dataset import BOUNDARY, PARCELS, PHOTOS, PREVIOUS, VILLAGES

_SCOPE = "landsurvey"
_PREVIOUS_HINTS = ("上年", "PREV", "SN")


def roles_of(profile: Profile) -> dict[str, str]:
    """Role -> Chinese name, in the order the dock lists them."""
    roles = {
        PARCELS: "地类图斑",
        PREVIOUS: "上年度地类图斑",
        BOUNDARY: "行政区",
        VILLAGES: "村级调查区",
    }
    for layer_id in ("TTQ", "GFBQ", "CCWJQ", "GCHZZ"):
        if layer_id in profile.single_layers:
            roles[layer_id] = profile.single_layers[layer_id].name_zh
    return roles


def table_name(layer: QgsMapLayer) -> str:
    """The table behind a layer (GeoPackage layer name or file stem), upper case."""
    if layer.providerType() == "ogr":
        parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
        name = parts.get("layerName") or Path(parts.get("path") or "").stem
        if name:
            return name.upper()
    return ""


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Z0-9_]+", text.upper()))


def _tables(profile: Profile) -> dict[str, str]:
    tables = {PARCELS: "DLTB", BOUNDARY: "XZQ", VILLAGES: "CJDCQ"}
    for layer_id in ("TTQ", "GFBQ", "CCWJQ", "GCHZZ"):
        if layer_id in profile.single_layers:
            tables[layer_id] = profile.single_layers[layer_id].table.upper()
    return tables


def _previous_year(name: str, year: int) -> bool:
    match = re.search(r"DLTB[_\-]?(\d{4})", name.upper())
    if match:
        return int(match.group(1)) < year
    return "DLTB" in name.upper() and any(h in name.upper() for h in _PREVIOUS_HINTS)


def detect_roles(project: QgsProject, profile: Profile) -> dict[str, QgsVectorLayer]:
    """Role -> layer: saved choices first, then standard names (table, then layer name)."""
    layers = [
        layer
        for layer in project.mapLayers().values()
        if isinstance(layer, QgsVectorLayer)
        and layer.isValid()
        and QgsWkbTypes.geometryType(layer.wkbType()) == QgsWkbTypes.PolygonGeometry
    ]
    found: dict[str, QgsVectorLayer] = {}
    for role in roles_of(profile):
        layer = saved_role(project, role)
        if layer is not None:
            found[role] = layer
    taken = {layer.id() for layer in found.values()}
    for layer in layers:
        if layer.id() in taken:
            continue
        role = role_for_name(table_name(layer), layer.name(), profile, set(found))
        if role is not None:
            found[role] = layer
            taken.add(layer.id())
    return found


def role_for_name(table: str, name: str, profile: Profile, taken: set[str]) -> str | None:
    """The free role a table (and its display name) plays by the standard names, or None.

    Shared by ``detect_roles`` (loaded layers) and the county opener (tables of a database
    before anything is loaded), so both recognise the same names.
    """
    if PREVIOUS not in taken and (
        _previous_year(table, profile.year) or _previous_year(name, profile.year)
    ):
        return PREVIOUS
    for role, standard in _tables(profile).items():
        if role not in taken and (table.upper() == standard or standard in _words(name)):
            return role
    return None


def guess_roles(tables: list[str], profile: Profile) -> dict[str, str]:
    """Role -> table name for the tables of a county database (exact standard names first,
    so a table "DLTB" wins over "DLTB_BAK"-like words of another)."""
    found: dict[str, str] = {}
    ordered = sorted(tables, key=lambda t: (t.upper() not in _tables(profile).values(), t))
    for table in ordered:
        if table in found.values():
            continue
        role = role_for_name(table.upper(), table, profile, set(found))
        if role is not None:
            found[role] = table
    return found


_PHOTO_WORDS = ("PHOTOS", "PHOTO", "JZZP")  # table names; 举证照片 in a layer name too


def detect_photos(project: QgsProject) -> QgsVectorLayer | None:
    """The evidence-photo point layer (role PHOTOS): the saved choice, else a point layer
    whose table or name says photos (举证照片), so that one click checks the evidence too."""
    saved, ok = project.readEntry(_SCOPE, f"roles/{PHOTOS}", "")
    if ok and saved and isinstance(project.mapLayer(saved), QgsVectorLayer):
        return project.mapLayer(saved)
    for layer in project.mapLayers().values():
        if not (
            isinstance(layer, QgsVectorLayer)
            and layer.isValid()
            and QgsWkbTypes.geometryType(layer.wkbType()) == QgsWkbTypes.PointGeometry
        ):
            continue
        words = _words(table_name(layer)) | _words(layer.name())
        if words & set(_PHOTO_WORDS) or "照片" in layer.name():
            return layer
    return None


def saved_role(project: QgsProject, role: str) -> QgsVectorLayer | None:
    """The layer the user (or the county opener) chose for a role in this project, if any."""
    saved, ok = project.readEntry(_SCOPE, f"roles/{role}", "")
    layer = project.mapLayer(saved) if ok and saved else None
    return layer if isinstance(layer, QgsVectorLayer) else None


def save_role(project: QgsProject, role: str, layer: QgsVectorLayer | None) -> None:
    """Remember the user's choice in the project (cleared with None)."""
    if layer is None:
        project.removeEntry(_SCOPE, f"roles/{role}")
    else:
        project.writeEntry(_SCOPE, f"roles/{role}", layer.id())
