"""Rule kinds: the code behind each ``kind`` a profile rule may name.

Built-in kinds register themselves from ``checks.kinds``; the QGIS adapters add
``expression`` and later issues add evidence and imagery kinds the same way, so new
rule families plug in without touching the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from landsurvey_plugin.rules.catalogue import RuleSpec
    from landsurvey_plugin.rules.context import CheckContext
    from landsurvey_plugin.rules.findings import Finding

Checker = Callable[["RuleSpec", "CheckContext"], Iterable["Finding"]]

KINDS: dict[str, Checker] = {}


def register(kind: str) -> Callable[[Checker], Checker]:
    def decorate(checker: Checker) -> Checker:
        KINDS[kind] = checker
        return checker

    return decorate


def checker_for(kind: str) -> Checker | None:
    return KINDS.get(kind)
