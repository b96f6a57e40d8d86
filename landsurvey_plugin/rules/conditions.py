"""The condition language of attribute rules, evaluated over whole columns at once.

A condition is JSON: ``{"field": "DLBM", "prefix": ["01"]}``, combined with ``all``,
``any`` and ``not``. Fields of the previous-year parcel are ``PREV.<name>``. Every test
runs once per distinct value of a column (a county has a few dozen codes, not 200,000),
then is spread back over the rows, so a rule costs milliseconds on a whole county.

Why not QGIS expressions for the built-in rules: they would tie the engine to Qt and run
per feature; profiles can still add QGIS-expression rules (kind ``expression``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np

from landsurvey_plugin.model.profile import Profile, ProfileError
from landsurvey_plugin.rules.dataset import LayerData, MissingField

PREV_PREFIX = "PREV."
_COMBINATORS = ("all", "any", "not")


class Columns:
    """Columns of one layer, plus the previous-year parcel's when a match is known."""

    def __init__(
        self,
        layer: LayerData,
        previous: LayerData | None = None,
        previous_index: np.ndarray | None = None,
    ) -> None:
        self.layer = layer
        self.previous = previous
        self.previous_index = previous_index  # row -> previous row, -1 when none
        self._prev_text: dict[str, np.ndarray] = {}
        self._prev_number: dict[str, np.ndarray] = {}
        self._factors: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def __len__(self) -> int:
        return len(self.layer)

    def _prev(self, name: str) -> str:
        key = name[len(PREV_PREFIX) :]
        if self.previous is None or self.previous_index is None:
            raise MissingField("DLTB_PREV", key)
        return key

    def text(self, name: str) -> np.ndarray:
        if not name.upper().startswith(PREV_PREFIX):
            return self.layer.text(name)
        key = self._prev(name.upper())
        if key not in self._prev_text:
            values = np.append(self.previous.text(key), "").astype(object)
            self._prev_text[key] = values[self.previous_index]  # -1 picks the ''
        return self._prev_text[key]

    def number(self, name: str) -> np.ndarray:
        if not name.upper().startswith(PREV_PREFIX):
            return self.layer.number(name)
        key = self._prev(name.upper())
        if key not in self._prev_number:
            values = np.append(self.previous.number(key), np.nan)
            self._prev_number[key] = values[self.previous_index]
        return self._prev_number[key]

    def factorized(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """(distinct values, index of each row's value): computed once per column, since
        most rules test DLBM and a few other columns (np.unique of 200,000 strings: 0.1 s)."""
        key = name.upper()
        if key not in self._factors:
            values = self.text(key)
            if len(values) == 0:
                self._factors[key] = (np.zeros(0, dtype=str), np.zeros(0, dtype=np.int64))
            else:
                uniques, inverse = np.unique(values.astype(str), return_inverse=True)
                self._factors[key] = (uniques, inverse.reshape(-1))
        return self._factors[key]

    def has_previous(self) -> np.ndarray:
        if self.previous_index is None:
            return np.zeros(len(self), bool)
        return self.previous_index >= 0


def _class_match(entry: str, code: str) -> bool:
    return code == entry or (len(entry) == 2 and code.startswith(entry))


class Evaluator:
    """Evaluates conditions against one ``Columns`` with the profile's code lists."""

    def __init__(self, profile: Profile, columns: Columns) -> None:
        self.profile = profile
        self.columns = columns

    def _per_value(self, name: str, test: Callable[[str], bool]) -> np.ndarray:
        """``test`` once per distinct value of the column, spread over the rows."""
        uniques, inverse = self.columns.factorized(name)
        answers = np.fromiter((bool(test(u)) for u in uniques), bool, len(uniques))
        return answers[inverse]

    def _per_pair(self, first: str, second: str, test: Callable[[str, str], bool]) -> np.ndarray:
        """``test`` once per distinct pair of values of two columns (code and class, …)."""
        ua, ia = self.columns.factorized(first)
        ub, ib = self.columns.factorized(second)
        if len(ia) == 0:
            return np.zeros(0, bool)
        pairs, inverse = np.unique(ia * len(ub) + ib, return_inverse=True)
        answers = np.fromiter(
            (bool(test(ua[p // len(ub)], ub[p % len(ub)])) for p in pairs), bool, len(pairs)
        )
        return answers[inverse.reshape(-1)]

    def fields_of(self, cond: Any) -> set[str]:
        """Every field a condition reads, to skip a rule whose fields are missing."""
        if not isinstance(cond, dict):
            return set()
        found = {cond["field"].upper()} if "field" in cond else set()
        for key in ("class_field",):
            if key in cond:
                found.add(cond[key].upper())
        for key in _COMBINATORS:
            items = cond.get(key)
            if isinstance(items, dict):
                found |= self.fields_of(items)
            elif isinstance(items, list):
                for item in items:
                    found |= self.fields_of(item)
        return found

    def __call__(self, cond: Any) -> np.ndarray:
        n = len(self.columns)
        if cond is None or cond is True:
            return np.ones(n, bool)
        if cond is False:
            return np.zeros(n, bool)
        if not isinstance(cond, dict):
            raise ProfileError(f"a condition must be an object, got {cond!r}")
        if "all" in cond:
            result = np.ones(n, bool)
            for item in cond["all"]:
                result &= self(item)
            return result
        if "any" in cond:
            result = np.zeros(n, bool)
            for item in cond["any"]:
                result |= self(item)
            return result
        if "not" in cond:
            return ~self(cond["not"])
        if cond.get("has_previous") is not None:
            return self.columns.has_previous() == bool(cond["has_previous"])
        if "field" not in cond:
            raise ProfileError(f"a condition needs 'field' or all/any/not: {cond!r}")
        ops = [k for k in cond if k not in ("field", "class_field")]
        if len(ops) != 1:
            raise ProfileError(f"a condition has exactly one test: {cond!r}")
        op = ops[0]
        handler = getattr(self, f"_op_{op}", None)
        if handler is None:
            raise ProfileError(f"unknown test {op!r} in condition {cond!r}")
        return handler(cond["field"], cond[op], cond)

    # -- text tests ---------------------------------------------------------------------

    def _op_empty(self, name: str, arg: bool, _: dict) -> np.ndarray:
        return (self.columns.text(name) == "") == bool(arg)

    def _op_eq(self, name: str, arg: str, _: dict) -> np.ndarray:
        return self.columns.text(name) == str(arg)

    def _op_in(self, name: str, arg: list, _: dict) -> np.ndarray:
        wanted = {str(a) for a in arg}
        return self._per_value(name, wanted.__contains__)

    def _op_prefix(self, name: str, arg: list, _: dict) -> np.ndarray:
        prefixes = tuple(str(a) for a in arg)
        return self._per_value(name, lambda v: v.startswith(prefixes))

    def _op_classes(self, name: str, arg: list, _: dict) -> np.ndarray:
        """Class codes or 2-digit level-1 prefixes, as in the profile's applicability lists."""
        entries = [str(a) for a in arg]
        return self._per_value(name, lambda v: any(_class_match(e, v) for e in entries))

    def _op_length(self, name: str, arg: int, _: dict) -> np.ndarray:
        return self._per_value(name, lambda v: len(v) == int(arg))

    def _op_matches(self, name: str, arg: str, _: dict) -> np.ndarray:
        pattern = re.compile(arg)
        return self._per_value(name, lambda v: pattern.fullmatch(v) is not None)

    def _op_equals_field(self, name: str, arg: str, _: dict) -> np.ndarray:
        return self.columns.text(name) == self.columns.text(arg)

    # -- code lists -----------------------------------------------------------------------

    def _op_classification(self, name: str, arg: bool, _: dict) -> np.ndarray:
        known = self.profile.classification
        return self._per_value(name, lambda v: (v in known) == bool(arg))

    def _op_category(self, name: str, arg: list, _: dict) -> np.ndarray:
        """三大类 of the class code in the field (construction / agricultural / unused)."""
        wanted = set(arg)

        def test(code: str) -> bool:
            land_class = self.profile.land_class(code)
            return land_class is not None and land_class.category in wanted

        return self._per_value(name, test)

    def _domain(self, domain_id: str):
        try:
            return self.profile.domains[domain_id]
        except KeyError:
            raise ProfileError(f"unknown domain {domain_id!r}") from None

    def _op_domain(self, name: str, arg: str, _: dict) -> np.ndarray:
        values = self._domain(arg).values
        return self._per_value(name, values.__contains__)

    def _op_allowed_on_class(self, name: str, arg: str, cond: dict) -> np.ndarray:
        """The code is one the domain allows on the parcel's class (empty passes)."""
        domain = self._domain(arg)

        def test(value: str, dlbm: str) -> bool:
            return value == "" or domain.allowed_on(value, dlbm)

        return self._per_pair(name, cond.get("class_field", "DLBM"), test)

    def _op_name_of(self, name: str, arg: str, cond: dict) -> np.ndarray:
        """The field holds the name of the code in ``code_field`` (DLMC of DLBM, …)."""
        code_field = cond.get("class_field")
        if code_field is None:
            raise ProfileError(f"name_of needs class_field (the code field): {cond!r}")
        if arg == "classification":
            names = {c: lc.name for c, lc in self.profile.classification.items()}
        else:
            names = dict(self._domain(arg).values)
        return self._per_pair(name, code_field, lambda value, code: names.get(code) == value)

    def _op_layer_allows(self, name: str, arg: str, _: dict) -> np.ndarray:
        """The class in the field is one a single layer may lie on (its schema says so)."""
        schema = self.profile.single_layers.get(arg)
        if schema is None:
            raise ProfileError(f"unknown single layer {arg!r}")
        return self._per_value(name, schema.allows_parcel_class)

    def _op_tiankan(self, name: str, arg: bool, cond: dict) -> np.ndarray:
        """KCXS equals the province's 田坎系数 for the parcel's GDLX + GDPDJB."""
        kcxs = self.columns.number(name)
        ua, ia = self.columns.factorized("GDLX")
        ub, ib = self.columns.factorized("GDPDJB")
        table = np.array([[self.profile.tiankan.get(a + b, np.nan) for b in ub] for a in ua])
        expected = table[ia, ib] if len(kcxs) else np.zeros(0)
        known = ~np.isnan(expected)
        result = np.ones(len(kcxs), bool)
        result[known] = np.abs(kcxs[known] - expected[known]) < 5e-5
        return result == bool(arg)

    # -- numbers --------------------------------------------------------------------------

    def _numeric(self, name: str, test: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        values = self.columns.number(name)
        with np.errstate(invalid="ignore"):
            return test(values) & ~np.isnan(values)

    def _op_between(self, name: str, arg: list, _: dict) -> np.ndarray:
        low, high = float(arg[0]), float(arg[1])
        return self._numeric(name, lambda v: (v >= low) & (v <= high))

    def _op_gt(self, name: str, arg: float, _: dict) -> np.ndarray:
        return self._numeric(name, lambda v: v > float(self._value(arg)))

    def _op_ge(self, name: str, arg: float, _: dict) -> np.ndarray:
        return self._numeric(name, lambda v: v >= float(self._value(arg)))

    def _op_lt(self, name: str, arg: float, _: dict) -> np.ndarray:
        return self._numeric(name, lambda v: v < float(self._value(arg)))

    def _op_le(self, name: str, arg: float, _: dict) -> np.ndarray:
        return self._numeric(name, lambda v: v <= float(self._value(arg)))

    def _op_number(self, name: str, arg: bool, _: dict) -> np.ndarray:
        """The field holds a number (NULL and text are not)."""
        return (~np.isnan(self.columns.number(name))) == bool(arg)

    def _value(self, arg: Any) -> float:
        """A number, or ``{"threshold": key}`` to read it from the profile."""
        if isinstance(arg, dict) and "threshold" in arg:
            return self.profile.threshold(arg["threshold"])
        return float(arg)
