"""CGCS2000 Gauss-Krüger zones (EPSG:4491–4554) and the inverse projection to latitude/longitude.

Why hand-written numpy rather than pyproj: pyproj is not shipped with QGIS on every platform and
the plugin zip carries only pure Python, so the area path may not depend on it. A vectorised numpy
inverse over every vertex of a county (a few million points) also takes well under a second,
with no per-point Python or per-call transformer overhead.

The inverse uses Krüger's n-series to sixth order (Karney 2011, "Transverse Mercator with an
accuracy of a few nanometers"; the same series as PROJ's ``etmerc``/``tmerc`` default). Its error is
a few nanometres within a 3° or 6° zone (measured against PROJ: < 1e-13°), with no dependence on
the truncated footpoint-latitude series of the older survey tools (reference.md §7).

Coordinates are (easting, northing) as QGIS stores them, not EPSG's (northing, easting).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# CGCS2000 ellipsoid (EPSG:1024), reference.md §7.
SEMI_MAJOR = 6378137.0
FLATTENING = 1.0 / 298.257222101
K0 = 1.0  # Gauss-Krüger: no scale reduction on the central meridian

_PREFIX_UNIT = 1_000_000.0  # the zone number is written in front of the 6-digit easting


@dataclass(frozen=True)
class GKZone:
    """A Gauss-Krüger zone: central meridian (degrees) and false easting (metres).

    ``zone`` is the zone number (the 8-digit easting prefix), or None when unknown;
    ``false_easting`` says whether the CRS itself carries the prefix (``zone × 10⁶ + 500 000``)
    or not (``500 000``).
    """

    central_meridian: float
    false_easting: float
    zone: int | None
    zone_width: int  # 3 or 6


# (first EPSG, last EPSG, zone width, first zone number, prefixed), reference.md §8.
_EPSG_FAMILIES = (
    (4491, 4501, 6, 13, True),
    (4502, 4512, 6, 13, False),
    (4513, 4533, 3, 25, True),
    (4534, 4554, 3, 25, False),
)

# Zone numbers CGCS2000 GK covers for China (CM 75°E … 135°E).
_ZONE_RANGE = {3: range(25, 46), 6: range(13, 24)}


def central_meridian_of(zone: int, zone_width: int) -> float:
    """CM of a zone: 3 × zone for 3° zones, 6 × zone − 3 for 6° zones."""
    if zone_width == 3:
        return 3.0 * zone
    if zone_width == 6:
        return 6.0 * zone - 3.0
    raise ValueError(f"zone width must be 3 or 6 degrees, not {zone_width}")


def zone_from_epsg(epsg: int) -> GKZone:
    """The zone of a CGCS2000 GK CRS, EPSG:4491–4554 (both the prefixed and unprefixed families)."""
    for first, last, width, first_zone, prefixed in _EPSG_FAMILIES:
        if first <= epsg <= last:
            zone = first_zone + (epsg - first)
            false_easting = zone * _PREFIX_UNIT + 500_000.0 if prefixed else 500_000.0
            return GKZone(central_meridian_of(zone, width), false_easting, zone, width)
    raise ValueError(
        f"EPSG:{epsg} is not a CGCS2000 Gauss-Kruger CRS; expected EPSG:4491-4554 "
        "(6-degree zones 4491-4512, 3-degree zones 4513-4554)"
    )


def zone_from_easting(easting: float, zone_width: int = 3) -> GKZone:
    """The zone of data with no CRS, read from the prefix of an 8-digit easting."""
    if zone_width not in _ZONE_RANGE:
        raise ValueError(f"zone width must be 3 or 6 degrees, not {zone_width}")
    if not np.isfinite(easting) or easting < 10 * _PREFIX_UNIT:
        raise ValueError(
            f"easting {easting!r} has no zone prefix (not 8 digits); "
            "the zone cannot be inferred, assign the layer's CRS instead"
        )
    zone = int(easting // _PREFIX_UNIT)
    if zone not in _ZONE_RANGE[zone_width]:
        valid = _ZONE_RANGE[zone_width]
        raise ValueError(
            f"easting prefix {zone} is not a CGCS2000 {zone_width}-degree zone "
            f"({valid.start}-{valid.stop - 1}); check the zone width"
        )
    return GKZone(
        central_meridian_of(zone, zone_width), zone * _PREFIX_UNIT + 500_000.0, zone, zone_width
    )


def _expected_prefix(zone: GKZone) -> int | None:
    """The zone number an 8-digit easting must carry in this zone, if it can be known."""
    if zone.zone is not None:
        return zone.zone
    if zone.false_easting >= _PREFIX_UNIT:
        return int(zone.false_easting // _PREFIX_UNIT)
    cm = zone.central_meridian
    number = cm / 3.0 if zone.zone_width == 3 else (cm + 3.0) / 6.0
    return int(number) if number == int(number) else None


def easting_offset(easting: np.ndarray, zone: GKZone) -> np.ndarray:
    """Distance east of the central meridian, for eastings with or without the zone prefix.

    An easting of 10⁶ m or more carries the prefix (as TDDC3D detects an 8-digit easting), and
    the prefix must match the zone: a wrong zone would move every parcel by 3° or 6°.
    """
    easting = np.asarray(easting, dtype=float)
    fe = zone.false_easting
    base = fe - (fe // _PREFIX_UNIT) * _PREFIX_UNIT if fe >= _PREFIX_UNIT else fe
    prefix = np.floor(easting / _PREFIX_UNIT)
    prefixed = prefix >= 1.0
    if np.any(prefixed):
        expected = _expected_prefix(zone)
        found = prefix[prefixed]
        low, high = found.min(), found.max()
        if expected is None or low != expected or high != expected:
            wrong = int(low if low != expected else high)
            raise ValueError(
                f"easting zone prefix {wrong} does not match the zone "
                f"(CM {zone.central_meridian:g}°E, zone {expected})"
            )
    return easting - np.where(prefixed, prefix * _PREFIX_UNIT, 0.0) - base


# Krüger series coefficients in the third flattening n (Karney 2011, eqs 15 and 36; 6th order).
_N = FLATTENING / (2.0 - FLATTENING)
# Rectifying radius: the meridian arc per radian of rectifying latitude.
RECTIFYING_RADIUS = SEMI_MAJOR / (1.0 + _N) * (1.0 + _N**2 / 4 + _N**4 / 64 + _N**6 / 256)


def _poly(*terms: float) -> float:
    """Σ c_k nᵏ for the (c_1 … c_6) given, leading zeros included."""
    return sum(c * _N ** (k + 1) for k, c in enumerate(terms))


# ξ, η (Gauss-Krüger, normalised) -> ξ', η' (spherical transverse Mercator).
_BETA = np.array(
    [
        _poly(1 / 2, -2 / 3, 37 / 96, -1 / 360, -81 / 512, 96199 / 604800),
        _poly(0, 1 / 48, 1 / 15, -437 / 1440, 46 / 105, -1118711 / 3870720),
        _poly(0, 0, 17 / 480, -37 / 840, -209 / 4480, 5569 / 90720),
        _poly(0, 0, 0, 4397 / 161280, -11 / 504, -830251 / 7257600),
        _poly(0, 0, 0, 0, 4583 / 161280, -108847 / 3991680),
        _poly(0, 0, 0, 0, 0, 20648693 / 638668800),
    ]
)
# Conformal latitude χ -> geodetic latitude φ.
_DELTA = np.array(
    [
        _poly(2, -2 / 3, -2, 116 / 45, 26 / 45, -2854 / 675),
        _poly(0, 7 / 3, -8 / 5, -227 / 45, 2704 / 315, 2323 / 945),
        _poly(0, 0, 56 / 15, -136 / 35, -1262 / 105, 73814 / 2835),
        _poly(0, 0, 0, 4279 / 630, -332 / 35, -399572 / 14175),
        _poly(0, 0, 0, 0, 4174 / 315, -144838 / 6237),
        _poly(0, 0, 0, 0, 0, 601676 / 22275),
    ]
)


def _clenshaw_sin(coeffs: np.ndarray, arg: np.ndarray) -> np.ndarray:
    """Σ_j c_j sin(2j·arg) by Clenshaw's recurrence: one sin and one cos per point.

    Works for real and complex ``arg``; with ζ = ξ + iη the imaginary part gives the η series,
    as in PROJ and GeographicLib. Six separate harmonics would cost 4–6× as much time.
    """
    two_cos = 2.0 * np.cos(2.0 * arg)
    hi = np.zeros_like(arg)
    lo = np.zeros_like(arg)
    for c in coeffs[::-1]:
        hi, lo = two_cos * hi - lo + c, hi
    return np.sin(2.0 * arg) * hi


def inverse(
    easting: np.ndarray, northing: np.ndarray, zone: GKZone
) -> tuple[np.ndarray, np.ndarray]:
    """Latitude and longitude (radians) of GK (easting, northing) points on CGCS2000.

    Vectorised over any array shape; eastings may carry the zone prefix or not.
    """
    x = easting_offset(easting, zone)
    y = np.asarray(northing, dtype=float)
    scale = K0 * RECTIFYING_RADIUS
    # ζ = ξ + iη (normalised northing, easting) -> ζ' on the sphere: ζ' = ζ − Σ β_j sin(2jζ).
    zeta = (y + 1j * x) / scale
    zeta1 = zeta - _clenshaw_sin(_BETA, zeta)
    xi1, eta1 = zeta1.real, zeta1.imag

    chi = np.arcsin(np.sin(xi1) / np.cosh(eta1))  # conformal latitude
    lam = np.arctan2(np.sinh(eta1), np.cos(xi1))  # longitude from the central meridian
    lat = chi + _clenshaw_sin(_DELTA, chi)
    lon = lam + np.radians(zone.central_meridian)
    return lat, lon
