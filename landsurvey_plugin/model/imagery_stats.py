"""Per-feature statistics of the base imagery, shared by the imagery rule kinds.

Computed once per check run by ``adapters.raster_zonal`` (one blocked pass over each
raster) and read by the pure rule kinds through ``Dataset.imagery``, so that no rule reads
pixels itself. Pure: numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

CURRENT = "current"
PREVIOUS = "previous"

# Where an acquisition date came from (ImageryStats.date_source values).
DATE_SOURCES = ("tiff_datetime", "gdal_metadata", "sidecar", "footprint", "user", "")


@dataclass
class ZoneStats:
    """Per-feature pixel statistics of one raster under one layer role, rows aligned with
    that role's LayerData rows."""

    role: str
    pixels: np.ndarray  # int64: valid pixels under each feature
    covered: np.ndarray  # float: valid fraction (0..1; nan when no raster overlaps)
    uncovered: np.ndarray  # object: shapely geometry of the uncovered part, or None
    pixel_size_m: np.ndarray  # float: ground pixel size of the finest raster under the feature
    mean: np.ndarray  # float (n, bands), 0..1 scaled reflectance-like values
    std: np.ndarray  # float (n, bands)
    greenness: np.ndarray  # float: NDVI with a NIR band, else ExG (see greenness_index)
    brightness: np.ndarray  # float: mean of the visible bands, 0..1
    texture: np.ndarray  # float: mean local gradient magnitude, 0..1 scaled
    # index into ImageryStats.sources of the finest raster under the feature (-1: none);
    # the date rules read each parcel's own acquisition date through it
    source: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.pixels)

    @classmethod
    def empty(cls, role: str, n: int, bands: int) -> ZoneStats:
        """Stats for ``n`` features that no raster touches (all NaN, nothing covered)."""
        nan = np.full(n, np.nan)
        return cls(
            role=role,
            pixels=np.zeros(n, np.int64),
            covered=nan.copy(),
            uncovered=np.full(n, None, dtype=object),
            pixel_size_m=nan.copy(),
            mean=np.full((n, bands), np.nan),
            std=np.full((n, bands), np.nan),
            greenness=nan.copy(),
            brightness=nan.copy(),
            texture=nan.copy(),
            source=np.full(n, -1, np.int64),
        )


@dataclass
class ImageryStats:
    """One imagery date (a raster or a mosaic of tiles) summarised per feature and role."""

    label: str  # "current" or "previous"
    sources: list[str]  # raster paths
    band_names: list[str]
    greenness_index: str  # "NDVI" (red + NIR bands) or "ExG" (2G - R - B on RGB, -1..1 scaled)
    acquired: dict[str, str] = field(default_factory=dict)  # path -> ISO date ("" unknown)
    date_source: dict[str, str] = field(default_factory=dict)  # path -> one of DATE_SOURCES
    zones: dict[str, ZoneStats] = field(default_factory=dict)  # role -> stats
    # source path -> its valid-pixel footprint in the dataset's CRS (shapely), for findings
    # about a whole raster (its date) and for the coverage geometry
    footprints: dict[str, object] = field(default_factory=dict)

    def dates(self) -> list[str]:
        """The known acquisition dates, oldest first."""
        return sorted(d for d in self.acquired.values() if d)
