"""What every rule of one run shares: the dataset, the profile, and computed-once caches."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import shapely

from landsurvey_plugin.model.area import ellipsoidal_areas
from landsurvey_plugin.model.profile import Profile
from landsurvey_plugin.rules.catalogue import RuleSpec
from landsurvey_plugin.rules.conditions import Columns, Evaluator
from landsurvey_plugin.rules.dataset import PARCELS, PREVIOUS, Dataset, LayerData
from landsurvey_plugin.rules.findings import Finding, join_keys


class Cancelled(Exception):
    """The user cancelled the run; nothing half-done is reported."""


class CheckContext:
    def __init__(
        self,
        dataset: Dataset,
        profile: Profile,
        lang: str = "zh",
        is_canceled: Callable[[], bool] | None = None,
    ) -> None:
        self.dataset = dataset
        self.profile = profile
        self.lang = lang
        self._is_canceled = is_canceled or (lambda: False)
        self._cache: dict[tuple, Any] = {}

    def check_canceled(self) -> None:
        if self._is_canceled():
            raise Cancelled()

    def layer(self, role: str) -> LayerData:
        layer = self.dataset.get(role)
        if layer is None:
            raise KeyError(role)
        return layer

    def threshold(self, key: str) -> float:
        return self.profile.threshold(key)

    def cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    # -- shared geometry ----------------------------------------------------------------

    def usable(self, role: str) -> np.ndarray:
        """Rows with a readable, non-empty shape."""
        return self.cached(("usable", role), lambda: _usable(self.layer(role).shapes))

    def valid_shapes(self, role: str) -> np.ndarray:
        """Shapes repaired with make_valid where invalid, so that overlays do not fail.

        The invalid ones are reported by the geometry rules; topology and area rules still
        see each parcel where it is, instead of skipping it silently.
        """

        def compute() -> np.ndarray:
            shapes = self.layer(role).shapes
            result = np.empty(len(shapes), dtype=object)
            usable = self.usable(role)
            result[usable] = shapes[usable]
            invalid = np.flatnonzero(usable & ~self.validity(role))
            for i, repaired in zip(invalid, shapely.make_valid(shapes[invalid])):
                result[i] = _polygonal(repaired)
            return result

        return self.cached(("valid_shapes", role), compute)

    def validity(self, role: str) -> np.ndarray:
        def compute() -> np.ndarray:
            shapes = self.layer(role).shapes
            valid = np.zeros(len(shapes), bool)
            usable = self.usable(role)
            valid[usable] = shapely.is_valid(shapes[usable])
            return valid

        return self.cached(("validity", role), compute)

    def tree(self, role: str) -> shapely.STRtree:
        return self.cached(("tree", role), lambda: shapely.STRtree(self.valid_shapes(role)))

    def areas(self, role: str) -> np.ndarray:
        """Ellipsoidal areas in m² (the TBMJ formula), NaN where there is no shape."""

        def compute() -> np.ndarray:
            raw = ellipsoidal_areas(self.valid_shapes(role), self.dataset.zone)
            return np.array([np.nan if a is None else a for a in raw], float)

        return self.cached(("areas", role), compute)

    def previous_index(self) -> np.ndarray | None:
        """For each parcel, its previous-year parcel: same BSM, else the one under its
        interior point; -1 when neither exists. None without a previous-year layer."""
        if PREVIOUS not in self.dataset or PARCELS not in self.dataset:
            return None

        def compute() -> np.ndarray:
            current, previous = self.layer(PARCELS), self.layer(PREVIOUS)
            index = np.full(len(current), -1, dtype=np.int64)
            if current.has("BSM") and previous.has("BSM"):
                prev_keys = previous.text("BSM")
                lookup = {k: i for i, k in enumerate(prev_keys) if k}
                keys = current.text("BSM")
                index[:] = [lookup.get(k, -1) if k else -1 for k in keys]
            todo = np.flatnonzero((index < 0) & self.usable(PARCELS))
            if len(todo):
                points = shapely.point_on_surface(self.valid_shapes(PARCELS)[todo])
                hits = self.tree(PREVIOUS).query(points, predicate="within")
                # several previous parcels under one point only happen with overlaps: first wins
                order = np.unique(hits[0], return_index=True)[1]
                index[todo[hits[0][order]]] = hits[1][order]
            return index

        return self.cached(("previous_index",), compute)

    def columns(self, role: str) -> Columns:
        if role == PARCELS:
            previous = self.dataset.get(PREVIOUS)
            return self.cached(
                ("columns", role),
                lambda: Columns(self.layer(role), previous, self.previous_index()),
            )
        return self.cached(("columns", role), lambda: Columns(self.layer(role)))

    def evaluator(self, role: str) -> Evaluator:
        return Evaluator(self.profile, self.columns(role))

    # -- building findings --------------------------------------------------------------

    def finding(
        self,
        rule: RuleSpec,
        keys: Iterable[Any] | str,
        geometry: shapely.Geometry | None,
        *,
        zldwdm: str = "",
        fids: Sequence[int] = (),
        layer: str | None = None,
        lookup: Callable[[str], Any] | None = None,
        **args: Any,
    ) -> Finding:
        key = keys if isinstance(keys, str) else join_keys(keys)
        return Finding(
            rule=rule.id,
            category=rule.category,
            severity=rule.severity,
            layer=layer or rule.layer,
            feature_key=key,
            message=rule.render(self.lang, {"key": key, **args}, lookup),
            geometry=geometry,
            source=rule.source,
            zldwdm=zldwdm,
            fids=tuple(int(f) for f in fids),
        )

    def row_findings(
        self,
        rule: RuleSpec,
        role: str,
        rows: Iterable[int],
        args: Callable[[int], dict[str, Any]] | None = None,
        geometry: Callable[[int], shapely.Geometry | None] | None = None,
    ) -> list[Finding]:
        """One finding per flagged row, located by the row's shape unless told otherwise.

        Message placeholders name fields of the row (``{DLBM}``, ``{PREV.DLBM}``) or the
        arguments ``args`` gives for the row.
        """
        layer = self.layer(role)
        keys, zl, shapes = layer.keys, layer.zldwdm(), layer.shapes
        columns = self.columns(role)
        found = []
        for i in rows:
            i = int(i)
            found.append(
                self.finding(
                    rule,
                    str(keys[i]),
                    geometry(i) if geometry is not None else shapes[i],
                    zldwdm=str(zl[i]),
                    fids=(int(layer.fids[i]),),
                    layer=role,
                    lookup=lambda name, i=i: columns.text(_field_name(name))[i],
                    **(args(i) if args is not None else {}),
                )
            )
        return found


def _field_name(placeholder: str) -> str:
    """``{PREV_DLBM}`` in a message is PREV.DLBM (a dot would be attribute access)."""
    if placeholder.startswith("PREV_"):
        return "PREV." + placeholder[len("PREV_") :]
    return placeholder


def _usable(shapes: np.ndarray) -> np.ndarray:
    present = np.array([s is not None for s in shapes], bool)
    usable = present.copy()
    usable[present] = ~shapely.is_empty(shapes[present])
    return usable


def _polygonal(geometry: shapely.Geometry | None) -> shapely.Geometry | None:
    if geometry is None or geometry.is_empty:
        return None
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return None
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]
