"""GeoPackage output with OGR: one transaction per layer, never QGIS feature-by-feature."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from osgeo import ogr, osr

ogr.UseExceptions()
osr.UseExceptions()

_OGR_TYPES = {"string": ogr.OFTString, "int": ogr.OFTInteger, "double": ogr.OFTReal}
_TYPE_ALIASES = {"str": "string", "char": "string", "integer": "int", "float": "double"}


@dataclass(frozen=True)
class Column:
    """A field to create: the profile's FieldSpec reduced to what OGR needs."""

    name: str
    type: str  # string | int | double
    length: int = 0
    precision: int = 0
    alias: str = ""

    @classmethod
    def of(cls, spec) -> Column:
        kind = str(spec.type).lower()
        return cls(
            spec.name,
            _TYPE_ALIASES.get(kind, kind),
            int(spec.length or 0),
            int(spec.precision or 0),
            getattr(spec, "alias_zh", "") or "",
        )


def srs_of(epsg: int) -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def open_gpkg(path: Path) -> ogr.DataSource:
    """A fresh GeoPackage: re-running replaces the file instead of appending to it."""
    if path.exists():
        path.unlink()
    return ogr.GetDriverByName("GPKG").CreateDataSource(str(path))


def write_layer(
    ds: ogr.DataSource,
    name: str,
    epsg: int,
    geom_type: int,
    columns: Sequence[Column],
    geoms: Sequence,
    values: dict[str, Sequence],
) -> None:
    """Write ``geoms`` with ``values[column][i]``; None leaves a field NULL."""
    layer = ds.CreateLayer(name, srs_of(epsg), geom_type, options=["GEOMETRY_NAME=geom"])
    for col in columns:
        fd = ogr.FieldDefn(col.name, _OGR_TYPES[col.type])
        if col.length:
            fd.SetWidth(col.length)
        if col.type == "double" and col.precision:
            fd.SetPrecision(col.precision)
        if col.alias:
            fd.SetAlternativeName(col.alias)
        layer.CreateField(fd)
    defn = layer.GetLayerDefn()
    index = [defn.GetFieldIndex(c.name) for c in columns]
    multi = geom_type == ogr.wkbMultiPolygon
    wkbs = shapely.to_wkb(np.asarray(geoms, dtype=object), hex=False)
    ds.StartTransaction()
    for i, wkb in enumerate(wkbs):
        feature = ogr.Feature(defn)
        for col, k in zip(columns, index):
            value = values.get(col.name)
            if value is None or value[i] is None:
                continue
            v = value[i]
            if col.type == "int":
                feature.SetField(k, int(v))
            elif col.type == "double":
                feature.SetField(k, float(v))
            else:
                feature.SetField(k, str(v))
        if wkb is not None:
            geom = ogr.CreateGeometryFromWkb(wkb)
            feature.SetGeometryDirectly(ogr.ForceToMultiPolygon(geom) if multi else geom)
        layer.CreateFeature(feature)
    ds.CommitTransaction()
