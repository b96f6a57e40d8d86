"""What each land-class group looks like in this county's imagery, learned from its parcels.

The county's own parcels are the training set: most of them are right, so a robust centre
and spread per group (median and MAD of each feature) describe the group even when a few
percent of its parcels are wrong. A parcel's score is how far its signature lies from its
own group's, in robust standard units; its most likely group is the nearest one.

Why groups and not classes: pixels of one date separate what the ground *is covered by*
(crops, trees/grass, roofs and paving, water, bare soil, greenhouse film), not what the
survey records (水田 vs 水浇地, 乔木林地 vs 其他林地, 城镇住宅 vs 工业用地). The groups follow
the 三调 level-1 classes where the cover differs and merge them where it does not.

Why median/MAD per feature and not a robust covariance (MCD): the features are few, but
groups can be small (tens of parcels), where a full covariance of ~10 correlated features is
unstable and MCD needs an iterative fit numpy does not ship; per-feature median/MAD has a 50 %
breakdown point, is closed-form and vectorised over 200,000 parcels. The correlation between
bands only makes the score count a colour shift a few times, which the thresholds absorb.

Pure: numpy only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from landsurvey_plugin.model.imagery_stats import ZoneStats

MAD_TO_SIGMA = 1.4826  # MAD of a normal distribution times this is its standard deviation

# group -> class-code prefixes (longest prefix wins: 1109 水工建筑用地 is built, 11 is water)
DEFAULT_GROUPS: dict[str, tuple[str, ...]] = {
    "cultivated": ("01", "1203"),
    "vegetated": ("02", "03", "04"),
    "built": ("05", "06", "07", "08", "09", "10", "1109"),
    "facility": ("1202",),
    "water": ("11",),
    "bare": ("12",),
}
GROUP_NAMES_ZH = {
    "cultivated": "耕地",
    "vegetated": "园地/林地/草地",
    "built": "建设用地",
    "facility": "设施农用地",
    "water": "水域",
    "bare": "裸地/未利用地",
}


def group_name(group: str, lang: str = "zh") -> str:
    """The group as reviewers read it: 耕地, 建设用地 … (the English id otherwise)."""
    return GROUP_NAMES_ZH.get(group, group) if lang == "zh" else group


def feature_matrix(zone: ZoneStats, spread: bool = True) -> np.ndarray:
    """(n, k) signature of each feature: band means, band spreads (unless ``spread`` is
    False), greenness, brightness, texture. Rows without valid pixels are NaN.

    The change between two dates leaves the spreads out: within-parcel spread follows
    noise, sun and season more than cover, and its small range would dominate the score.
    """
    mean = np.asarray(zone.mean, float).reshape(len(zone), -1)
    std = np.asarray(zone.std, float).reshape(len(zone), -1)
    if not spread:
        std = std[:, :0]
    extra = np.column_stack(
        [
            np.asarray(zone.greenness, float),
            np.asarray(zone.brightness, float),
            np.asarray(zone.texture, float),
        ]
    )
    x = np.hstack([mean, std, extra])
    seen = np.asarray(zone.pixels) > 0
    # a statistic the raster pass could not compute anywhere (no texture on a 1-pixel-wide
    # raster) carries no information: a constant, instead of making every row unusable
    x[:, np.all(np.isnan(x[seen]), axis=0) if seen.any() else slice(None)] = 0.0
    x[~seen] = np.nan
    return x


def groups_of(
    codes: Sequence[str], groups: Mapping[str, Sequence[str]] | None = None
) -> np.ndarray:
    """Group id of each class code ('' when no group claims it), longest prefix first."""
    groups = DEFAULT_GROUPS if groups is None else groups
    table = sorted(
        ((p, g) for g, prefixes in groups.items() for p in prefixes), key=lambda t: -len(t[0])
    )
    cache: dict[str, str] = {}
    out = np.empty(len(codes), dtype=object)
    for i, code in enumerate(codes):
        code = str(code or "")
        if code not in cache:
            cache[code] = next((g for p, g in table if code.startswith(p)), "") if code else ""
        out[i] = cache[code]
    return out


def _robust(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Median and MAD-sigma of each column, ignoring NaN rows."""
    centre = np.nanmedian(x, axis=0)
    spread = MAD_TO_SIGMA * np.nanmedian(np.abs(x - centre), axis=0)
    return centre, spread


@dataclass
class Signatures:
    """Robust centre and spread of each learned signature, in feature space.

    A group may have several signatures: one per class with enough parcels (水田 and 旱地,
    forest and grass look different, and a group mixing them would be too broad to tell
    anything), plus one for the rest of the group's parcels.
    """

    groups: list[str]  # the group of each signature (repeats when a group has several)
    names: list[str]  # the class code it was learned from, or '*' for the group's rest
    centre: np.ndarray  # (s, k)
    scale: np.ndarray  # (s, k), floored: never below floor × the county-wide spread
    counts: np.ndarray  # (s,) parcels each signature was learned from

    def index(self, group: str) -> int:
        """The first signature of ``group``, -1 when the group was not learned."""
        return self.groups.index(group) if group in self.groups else -1

    def distances(self, x: np.ndarray) -> np.ndarray:
        """(n, s) RMS robust z of each row against each signature (NaN rows stay NaN)."""
        z = (x[:, None, :] - self.centre[None]) / self.scale[None]
        return np.sqrt(np.mean(z * z, axis=2))


def learn(
    x: np.ndarray,
    labels: np.ndarray,
    usable: np.ndarray,
    *,
    classes: np.ndarray | None = None,
    min_count: int = 8,
    floor: float = 0.1,
) -> Signatures:
    """Signatures of each group from its usable rows: one per class of ``classes`` with
    ``min_count`` rows, one for the group's remaining rows when they are that many; a
    group with fewer rows is not learned (its parcels get no score rather than a guess).

    ``floor`` keeps a very uniform class (all water parcels alike) from turning noise into
    large scores: a spread is at least ``floor`` × the spread over all parcels.
    """
    ok = usable & np.all(np.isfinite(x), axis=1)
    _, county = _robust(x[ok]) if ok.any() else (None, np.ones(x.shape[1]))
    county = np.where(np.isfinite(county) & (county > 0), county, 1e-3)
    classes = labels if classes is None else classes
    found: list[tuple[str, str, np.ndarray]] = []
    for group in sorted({str(g) for g in labels[ok] if g}):
        rows = ok & (labels == group)
        rest = rows.copy()
        for code in sorted({str(c) for c in classes[rows]}):
            mine = rows & (classes == code)
            if mine.sum() >= min_count and code != group:
                found.append((group, code, mine))
                rest &= ~mine
        if rest.sum() >= min_count:
            found.append((group, "*", rest))
    k = x.shape[1]
    centres, scales = [], []
    for _, _, rows in found:
        centre, spread = _robust(x[rows])
        centres.append(centre)
        scales.append(np.maximum(spread, floor * county))
    return Signatures(
        [g for g, _, _ in found],
        [c for _, c, _ in found],
        np.array(centres).reshape(-1, k),
        np.array(scales).reshape(-1, k),
        np.array([int(r.sum()) for _, _, r in found], dtype=np.int64),
    )


@dataclass
class Verdict:
    """Per row: the distance to its own group, and the nearest group with its distance."""

    own: np.ndarray  # float, NaN when the row or its group has no signature
    likely: np.ndarray  # object: nearest group id ('' when none)
    likely_distance: np.ndarray  # float


def classify(
    signatures: Signatures,
    x: np.ndarray,
    labels: np.ndarray | None,
    classes: np.ndarray | None = None,
) -> Verdict:
    """Score each row against its own group (``labels``) and find its most likely group
    (the group of the nearest signature).

    With ``classes`` the own score is the distance to the row's class signature, else to
    its group's rest signature; a row whose class has neither gets no score (what that
    class looks like here is unknown: a 裸土地 is not a bad 裸岩石砾地). Without ``classes``
    it is the distance to the nearest signature of the group."""
    n = len(x)
    if not signatures.groups:
        nan = np.full(n, np.nan)
        return Verdict(nan, np.full(n, "", dtype=object), nan.copy())
    d = signatures.distances(x)
    d = np.where(np.isfinite(d), d, np.inf)
    finite = np.all(np.isfinite(x), axis=1)
    best = np.argmin(d, axis=1)
    likely = np.where(finite, np.asarray(signatures.groups, dtype=object)[best], "")
    likely_distance = np.where(finite, d[np.arange(n), best], np.nan)
    own = np.full(n, np.nan)
    if labels is not None and classes is None:
        sig_groups = np.asarray(signatures.groups, dtype=object)
        for group in set(signatures.groups):
            rows = finite & (labels == group)
            if rows.any():
                own[rows] = d[np.ix_(rows, sig_groups == group)].min(axis=1)
    elif labels is not None:
        index = {(g, c): k for k, (g, c) in enumerate(zip(signatures.groups, signatures.names))}
        for k, (group, code) in enumerate(zip(labels, classes)):
            s = index.get((group, code), index.get((group, "*")))
            if s is not None and finite[k]:
                own[k] = d[k, s]
    return Verdict(own, likely.astype(object), likely_distance)


def change_scores(
    now: np.ndarray, before: np.ndarray, reference: np.ndarray, *, floor: float = 0.1
) -> np.ndarray:
    """How strongly each row's signature changed between two dates, in robust units.

    The change of each feature is centred and scaled by its median/MAD over the
    ``reference`` rows (parcels whose class did not change: most of them did not change on
    the ground either), so a radiometric shift between the two images cancels out; the
    scale is floored at ``floor`` × the county-wide spread of the feature itself, so that
    a change must be a sizeable part of the difference between classes.
    """
    diff = now - before
    ok = reference & np.all(np.isfinite(diff), axis=1)
    if not ok.any():
        return np.full(len(now), np.nan)
    centre, spread = _robust(diff[ok])
    _, county = _robust(now[np.all(np.isfinite(now), axis=1)])
    county = np.where(np.isfinite(county) & (county > 0), county, 1e-3)
    z = (diff - centre) / np.maximum(spread, floor * county)
    return np.sqrt(np.mean(z * z, axis=1))
