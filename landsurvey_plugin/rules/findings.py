"""One row per problem, with one schema for the dock, the error layer and the reports."""

from __future__ import annotations

from dataclasses import dataclass, field

import shapely

CATEGORIES = (
    "geometry",
    "topology",
    "attribute",
    "area",
    "change",
    "single_layer",
    "evidence",
    "imagery",
)
SEVERITIES = ("error", "warning")
KEY_SEPARATOR = ";"


@dataclass(frozen=True)
class Finding:
    """A problem found by one rule on one feature (or on a group of features).

    ``geometry`` locates the problem in the dataset's CRS (the overlap polygon, the gap, the
    self-intersection point); None when only the attributes are wrong and the feature has
    no usable shape, or the problem concerns a whole layer (a missing field).
    """

    rule: str
    category: str
    severity: str
    layer: str
    feature_key: str
    message: str
    geometry: shapely.Geometry | None = None
    source: str = ""  # the clause the rule comes from, e.g. 001:四(一)3
    zldwdm: str = ""  # 坐落单位 of the feature, for per-village report tables
    fids: tuple[int, ...] = field(default=())  # feature ids in the layer, for selection
    score: float | None = None  # imagery: how unlike its class it looks (sortable), else None
    likely: str = ""  # imagery: the class group the pixels look like most

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k for k in self.feature_key.split(KEY_SEPARATOR) if k)

    @property
    def identity(self) -> tuple[str, str, str]:
        """What an accepted exception is keyed on: stable across runs and edits elsewhere."""
        return (self.rule, self.layer, self.feature_key)


def join_keys(keys) -> str:
    """Several feature keys in one ``feature_key``, in a stable order."""
    seen: dict[str, None] = {}
    for key in keys:
        text = str(key) if key is not None else ""
        if text:
            seen.setdefault(text, None)
    return KEY_SEPARATOR.join(seen)


def as_polygonal(geometry: shapely.Geometry | None, radius: float) -> shapely.Geometry | None:
    """The polygon the error layer stores: points and lines become small discs/bands.

    The error layer has one geometry type (MultiPolygon) so that it styles, prints and
    exports like any layer; an overlap or a gap keeps its exact polygon.
    """
    if geometry is None or shapely.is_empty(geometry):
        return None
    parts = []
    for part in shapely.get_parts(geometry):
        if part.geom_type == "Polygon":
            parts.append(part)
        elif part.geom_type in ("GeometryCollection", "MultiPolygon"):
            sub = as_polygonal(part, radius)
            if sub is not None:
                parts.extend(shapely.get_parts(sub))
        else:
            parts.extend(shapely.get_parts(shapely.buffer(part, radius, quad_segs=4)))
    if not parts:
        return None
    return shapely.multipolygons(parts)
