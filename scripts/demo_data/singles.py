"""The four single layers (单独图层) drawn over parcels the way seed 000 says they should be.

推(堆)土区 keeps last year's class, so TTQ sits on unchanged 耕地/林地/草地; 光伏板区 sits on
the surface class; 拆除未尽区 keeps the demolished building's class (0702/0601); 工厂化种植
lies in 设施农用地 or 工业用地.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely

from scripts.demo_data.writer import Column

HOSTS = {
    "TTQ": ("0103", "0301", "0404", "0305"),
    "GFBQ": ("0404", "0103", "0305"),
    "CCWJQ": ("0702", "0601"),
    "GCHZZ": ("1202", "0601"),
}
NAMES_ZH = {"TTQ": "推(堆)土区", "GFBQ": "光伏板区", "CCWJQ": "拆除未尽区", "GCHZZ": "工厂化种植"}


@dataclass
class SingleLayer:
    table: str
    columns: list[Column]
    area_field: str | None
    ysdm: str | None = None
    geoms: list = field(default_factory=list)
    hosts: list[int] = field(default_factory=list)


def schemas(profile) -> dict[str, SingleLayer]:
    """The four layers with the profile's field lists, found by table name."""
    out: dict[str, SingleLayer] = {}
    by_table = {getattr(s, "table", key): s for key, s in profile.single_layers.items()}
    for table in HOSTS:
        schema = by_table.get(table) or profile.single_layers.get(table)
        if schema is None:
            raise KeyError(f"profile has no single layer {table}")
        cols = [Column.of(f) for f in schema.fields]
        out[table] = SingleLayer(
            table, cols, getattr(schema, "area_field", None), getattr(schema, "ysdm", None)
        )
    return out


def range_shape(rng: np.random.Generator, host: shapely.Polygon) -> shapely.Geometry:
    """Most of the host parcel, inset a few metres and cut by a random straight edge."""
    inset = shapely.buffer(host, -float(rng.uniform(2.0, 5.0)), join_style="mitre")
    if inset.is_empty:
        return shapely.buffer(host, -0.5, join_style="mitre")
    c = shapely.centroid(inset)
    angle = rng.uniform(0, np.pi)
    shift = rng.uniform(-0.25, 0.1) * np.sqrt(inset.area)
    big = 5 * np.sqrt(inset.area) + 50
    dx, dy = np.cos(angle), np.sin(angle)
    ox, oy = c.x + shift * -dy, c.y + shift * dx
    half = shapely.Polygon(
        [
            (ox - big * dx, oy - big * dy),
            (ox + big * dx, oy + big * dy),
            (ox + big * dx + big * -dy, oy + big * dy + big * dx),
            (ox - big * dx + big * -dy, oy - big * dy + big * dx),
        ]
    )
    part = shapely.intersection(inset, half)
    if part.is_empty or part.area < 0.3 * inset.area:
        return inset
    parts = shapely.get_parts(part)
    return parts[int(np.argmax(shapely.area(parts)))]


def fill(
    layer: SingleLayer,
    areas: np.ndarray,
    zldw: list[tuple[str, str]],
    bsm: list[str],
    year: int,
) -> dict[str, list]:
    """Values per field, filled by what the field name says; unknown fields stay NULL."""
    n = len(layer.geoms)
    values: dict[str, list] = {c.name: [None] * n for c in layer.columns}
    for c in layer.columns:
        name = c.name.upper()
        col = values[c.name]
        for i in range(n):
            if name == "BSM":
                col[i] = bsm[i]
            elif name == "YSDM":
                col[i] = layer.ysdm
            elif name in ("TBBH", "BH"):
                col[i] = str(i + 1)
            elif name == "ZLDWDM":
                col[i] = zldw[i][0]
            elif name == "ZLDWMC":
                col[i] = zldw[i][1]
            elif (name == (layer.area_field or "").upper()) or (
                name.endswith("MJ") and c.type == "double"
            ):
                col[i] = float(areas[i])
            elif name in ("SJNF", "NF") and c.type == "int":
                col[i] = year
            elif name == "MSSM":
                col[i] = "00"
    return values
