"""Small real GeoPackages of parcels for tests (written with OGR, read with QGIS)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from osgeo import ogr, osr

FIELDS = (
    ("BSM", ogr.OFTString),
    ("DLBM", ogr.OFTString),
    ("KCXS", ogr.OFTReal),
    ("TBMJ", ogr.OFTReal),
    ("KCMJ", ogr.OFTReal),
    ("TBDLMJ", ogr.OFTReal),
)


def write_parcels(
    path: Path,
    epsg: int | None,
    parcels: Sequence[dict],
    layer_name: str = "DLTB",
    fields: Sequence[tuple[str, int]] = FIELDS,
) -> Path:
    """Each parcel dict holds ``wkt`` and attribute values; missing attributes stay NULL."""
    driver = ogr.GetDriverByName("GPKG")
    ds = driver.CreateDataSource(str(path)) if not path.exists() else ogr.Open(str(path), 1)
    srs = None
    if epsg is not None:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
    layer = ds.CreateLayer(layer_name, srs, ogr.wkbMultiPolygon)
    for name, kind in fields:
        layer.CreateField(ogr.FieldDefn(name, kind))
    for parcel in parcels:
        feature = ogr.Feature(layer.GetLayerDefn())
        for name, _ in fields:
            if parcel.get(name) is not None:
                feature.SetField(name, parcel[name])
        if parcel.get("wkt"):
            feature.SetGeometry(ogr.CreateGeometryFromWkt(parcel["wkt"]))
        layer.CreateFeature(feature)
    ds = None
    return path


def rectangle(x0: float, y0: float, width: float, height: float) -> str:
    x1, y1 = x0 + width, y0 + height
    return f"MULTIPOLYGON((({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0})))"
