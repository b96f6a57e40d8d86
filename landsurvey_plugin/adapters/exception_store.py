"""Where accepted exceptions persist: with the data, so every reviewer of the county sees them.

In the parcels' GeoPackage as the table ``landsurvey_exceptions`` (an attributes table,
written with GDAL like any GeoPackage table); for other formats in the project file.
"""

from __future__ import annotations

import json

from qgis.core import QgsProject, QgsVectorLayer

from landsurvey_plugin.adapters.workspace import layer_gpkg
from landsurvey_plugin.rules.exceptions import AcceptedException

TABLE = "landsurvey_exceptions"
_FIELDS = ("rule", "layer", "feature_key", "reason", "user", "accepted_at")
_SCOPE = "landsurvey"
_ENTRY = "exceptions"


class ExceptionStore:
    """Load, add and remove accepted exceptions for one county database."""

    def __init__(self, gpkg_path: str | None, project: QgsProject | None = None) -> None:
        self.gpkg_path = gpkg_path
        self.project = project or QgsProject.instance()

    @classmethod
    def for_layer(cls, layer: QgsVectorLayer | None, project: QgsProject | None = None):
        return cls(layer_gpkg(layer), project)

    @property
    def location(self) -> str:
        return f"{self.gpkg_path}|layername={TABLE}" if self.gpkg_path else "project"

    def load(self) -> list[AcceptedException]:
        if self.gpkg_path is None:
            raw, _ = self.project.readEntry(_SCOPE, _ENTRY, "[]")
            return [AcceptedException(**item) for item in json.loads(raw or "[]")]
        from osgeo import ogr

        dataset = ogr.Open(self.gpkg_path)
        table = dataset.GetLayerByName(TABLE) if dataset is not None else None
        if table is None:
            return []
        found = []
        for feature in table:
            found.append(
                AcceptedException(**{name: feature.GetField(name) or "" for name in _FIELDS})
            )
        return found

    def save(self, items: list[AcceptedException]) -> None:
        """Replace the stored list (it is small: tens to hundreds of rows)."""
        if self.gpkg_path is None:
            data = [{name: getattr(item, name) for name in _FIELDS} for item in items]
            self.project.writeEntry(_SCOPE, _ENTRY, json.dumps(data, ensure_ascii=False))
            self.project.setDirty(True)
            return
        from osgeo import ogr

        dataset = ogr.Open(self.gpkg_path, update=1)
        if dataset is None:
            raise OSError(f"cannot open {self.gpkg_path} for writing")
        table = dataset.GetLayerByName(TABLE)
        if table is None:
            table = dataset.CreateLayer(TABLE, geom_type=ogr.wkbNone)
            for name in _FIELDS:
                table.CreateField(ogr.FieldDefn(name, ogr.OFTString))
        dataset.StartTransaction()
        for feature in list(table):
            table.DeleteFeature(feature.GetFID())
        for item in items:
            feature = ogr.Feature(table.GetLayerDefn())
            for name in _FIELDS:
                feature.SetField(name, getattr(item, name))
            table.CreateFeature(feature)
        dataset.CommitTransaction()
        dataset = None

    def add(self, item: AcceptedException) -> None:
        items = [i for i in self.load() if i.identity != item.identity]
        self.save([*items, item])

    def remove(self, identity: tuple[str, str, str]) -> None:
        self.save([i for i in self.load() if i.identity != identity])
