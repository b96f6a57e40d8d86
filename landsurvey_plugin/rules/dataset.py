"""A snapshot of the layers under check: shapes and attribute columns as numpy arrays.

Read once by an adapter (QGIS features, an edit buffer included, or GDAL) and shared by
every rule, so that no rule loops over features through QGIS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from landsurvey_plugin.model.gauss_kruger import GKZone
from landsurvey_plugin.model.imagery_stats import ImageryStats

# Standard layer roles (reference.md §1, §4); single layers use their profile id.
PARCELS = "DLTB"
PREVIOUS = "DLTB_PREV"
BOUNDARY = "XZQ"
VILLAGES = "CJDCQ"
PHOTOS = "PHOTOS"  # evidence photos (points; key: file name)
PHOTO_LINKS = "PHOTO_LINKS"  # the manual link/unlink rows of the photo link store


class MissingField(LookupError):
    """A rule needs a field the layer does not have; the schema rule reports it once."""

    def __init__(self, role: str, name: str) -> None:
        super().__init__(f"{role}.{name}")
        self.role = role
        self.name = name


def _text(value: Any) -> str:
    """Attribute value as the text rules compare: NULL and blanks are ''."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:g}"
    return str(value).strip()


def _number(value: Any) -> float:
    if value is None or (isinstance(value, str) and not value.strip()):
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


@dataclass
class LayerData:
    """One layer's features in the dataset's planar CRS.

    ``shapes`` holds shapely geometries (None where unusable: ``problems`` says why);
    ``columns`` holds raw attribute values keyed by upper-case field name.
    """

    role: str
    name: str
    fids: np.ndarray
    shapes: np.ndarray
    problems: list[str | None]
    columns: dict[str, np.ndarray]
    field_types: dict[str, str] = field(default_factory=dict)  # name -> string|int|double|…
    key_field: str = "BSM"
    source: Any = None  # adapter handle (a QgsFeatureSource) for adapter-registered kinds
    _text: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    _number: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.fids)

    def has(self, name: str) -> bool:
        return name.upper() in self.columns

    def raw(self, name: str) -> np.ndarray:
        try:
            return self.columns[name.upper()]
        except KeyError:
            raise MissingField(self.role, name.upper()) from None

    def text(self, name: str) -> np.ndarray:
        """The column as stripped strings ('' for NULL), cached: rules share columns."""
        key = name.upper()
        if key not in self._text:
            raw = self.raw(key)
            self._text[key] = np.array([_text(v) for v in raw], dtype=object)
        return self._text[key]

    def number(self, name: str) -> np.ndarray:
        """The column as floats (NaN for NULL or text that is not a number)."""
        key = name.upper()
        if key not in self._number:
            raw = self.raw(key)
            self._number[key] = np.fromiter((_number(v) for v in raw), float, len(raw))
        return self._number[key]

    @property
    def keys(self) -> np.ndarray:
        """BSM where filled, else ``fid:<n>``: every finding names its feature."""
        if "\x1fkeys" not in self._text:
            fallback = np.char.add("fid:", self.fids.astype(str)).astype(object)
            if self.has(self.key_field):
                text = self.text(self.key_field)
                fallback = np.where(text != "", text, fallback)
            self._text["\x1fkeys"] = fallback
        return self._text["\x1fkeys"]

    def zldwdm(self) -> np.ndarray:
        if self.has("ZLDWDM"):
            return self.text("ZLDWDM")
        return np.full(len(self), "", dtype=object)


# rule ``needs`` roles standing for an imagery date of ``Dataset.imagery``
IMAGERY_ROLES = {"IMAGERY": "current", "PREVIOUS_IMAGERY": "previous"}


@dataclass
class Dataset:
    """The layers of one check run, all in one planar CRS (the county's GK zone)."""

    layers: dict[str, LayerData]
    zone: GKZone  # the GK zone of ``crs``, for ellipsoidal areas
    crs: str = ""  # authid or WKT of the planar CRS, for outputs
    focus: dict[str, set[str]] | None = None  # role -> keys: report only findings on these
    imagery: dict[str, ImageryStats] = field(default_factory=dict)  # "current"/"previous"

    def get(self, role: str) -> LayerData | None:
        return self.layers.get(role)

    def __contains__(self, role: str) -> bool:
        """A layer role, or an imagery date (``IMAGERY``, ``PREVIOUS_IMAGERY``) that a rule
        ``needs``: an imagery rule without imagery is skipped with that reason, not silent."""
        if role in IMAGERY_ROLES:
            return IMAGERY_ROLES[role] in self.imagery
        return role in self.layers
