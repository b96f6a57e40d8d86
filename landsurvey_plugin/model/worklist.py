"""The review worklist: parcels to look at one by one, where the reviewer is, what they found.

Pure data (no Qt, no QGIS) so that it is tested alone and stored as JSON with the project.
A parcel is named by the rule engine's key (BSM, else ``fid:<n>``, as in the findings); the
feature id seen when the list was built is kept as a hint that makes the next step a lookup
by id, checked against the BSM (an edited or re-imported layer may renumber its features).

Sources: findings of the checks, the changes against the previous year (from the engine's
previous-year matching, computed by the adapter), and any list of keys (an expression, the
selection).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Protocol

import numpy as np

from landsurvey_plugin.errors import LandSurveyError

FORMAT_VERSION = 1
FID_PREFIX = "fid:"
REVIEWED = "reviewed"
FIELD_VISIT = "field_visit"
MARKS = (REVIEWED, FIELD_VISIT)

SOURCE_FINDINGS = "findings"
SOURCE_CHANGES = "changes"
SOURCE_EXPRESSION = "expression"
SOURCE_SELECTION = "selection"
SOURCES = (SOURCE_FINDINGS, SOURCE_CHANGES, SOURCE_EXPRESSION, SOURCE_SELECTION)


class WorklistError(LandSurveyError):
    """A stored worklist cannot be read (damaged or from a newer plugin)."""


def parcel_key(bsm: Any, fid: int) -> str:
    """The engine's key of a parcel: its BSM, or ``fid:<n>`` when BSM is empty."""
    text = "" if bsm is None else str(bsm).strip()
    return text or f"{FID_PREFIX}{int(fid)}"


def fid_of_key(key: str) -> int | None:
    """The feature id a ``fid:<n>`` key names; None for a BSM key."""
    if key.startswith(FID_PREFIX):
        try:
            return int(key[len(FID_PREFIX) :])
        except ValueError:
            return None
    return None


@dataclass
class Mark:
    status: str  # REVIEWED or FIELD_VISIT
    note: str = ""
    at: str = ""  # ISO 8601 UTC, when the mark was set

    def to_json(self) -> dict[str, str]:
        return {"status": self.status, "note": self.note, "at": self.at}


@dataclass
class WorkItem:
    key: str
    fid: int | None = None  # the feature id when the list was built (a hint, see module doc)
    reason: str = ""  # why the parcel is on the list: rule ids, "new", "0101→0702", …
    mark: Mark | None = None


@dataclass
class Worklist:
    """Parcels in review order with a cursor; at most one entry per key."""

    items: list[WorkItem] = field(default_factory=list)
    cursor: int = 0
    source: str = ""
    description: str = ""  # the expression, the rule filter, … shown to the reviewer
    layer_id: str = ""  # the parcel layer of the project the keys refer to
    created: str = ""

    def __post_init__(self) -> None:
        self._index: dict[str, int] | None = None
        self.cursor = self._clamped(self.cursor)

    def __len__(self) -> int:
        return len(self.items)

    def _clamped(self, position: int) -> int:
        return min(max(int(position), 0), max(len(self.items) - 1, 0))

    def position_of(self, key: str) -> int | None:
        if self._index is None:
            self._index = {item.key: i for i, item in enumerate(self.items)}
        return self._index.get(key)

    # -- the cursor ----------------------------------------------------------------------
    @property
    def current(self) -> WorkItem | None:
        return self.items[self.cursor] if self.items else None

    def go_to(self, position: int) -> WorkItem | None:
        self.cursor = self._clamped(position)
        return self.current

    def step(self, delta: int) -> WorkItem | None:
        """Move the cursor; it stops at either end (walking past the last does nothing)."""
        return self.go_to(self.cursor + delta)

    def next_unmarked(self) -> WorkItem | None:
        """The first parcel after the cursor without a mark (wrapping), None if all done."""
        n = len(self.items)
        for offset in range(1, n + 1):
            position = (self.cursor + offset) % n
            if self.items[position].mark is None:
                return self.go_to(position)
        return None

    # -- marks ---------------------------------------------------------------------------
    def set_mark(
        self, status: str | None, note: str = "", position: int | None = None, at: str = ""
    ) -> WorkItem | None:
        """Mark the parcel at ``position`` (the cursor by default); None clears the mark."""
        if status is not None and status not in MARKS:
            raise ValueError(f"unknown mark {status!r}; expected one of {MARKS}")
        if not self.items:
            return None
        item = self.items[self.cursor if position is None else self._clamped(position)]
        item.mark = None if status is None else Mark(status, note.strip(), at or now())
        return item

    def counts(self) -> dict[str, int]:
        """How many parcels carry each mark, and the total."""
        found = {mark: 0 for mark in MARKS}
        for item in self.items:
            if item.mark is not None:
                found[item.mark.status] += 1
        return {**found, "total": len(self.items)}

    # -- JSON ----------------------------------------------------------------------------
    def to_json(self) -> str:
        return json.dumps(
            {
                "version": FORMAT_VERSION,
                "source": self.source,
                "description": self.description,
                "layer_id": self.layer_id,
                "created": self.created,
                "cursor": self.cursor,
                "items": [_item_json(item) for item in self.items],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> Worklist:
        try:
            data = json.loads(text)
            version = int(data.get("version", 0))
            if version > FORMAT_VERSION:
                raise WorklistError(
                    "The worklist was saved by a newer plugin (format {version}); "
                    "update the plugin to open it.",
                    version=version,
                )
            items = [_item_from(raw) for raw in data["items"]]
            return cls(
                items=items,
                cursor=int(data.get("cursor", 0)),
                source=str(data.get("source", "")),
                description=str(data.get("description", "")),
                layer_id=str(data.get("layer_id", "")),
                created=str(data.get("created", "")),
            )
        except WorklistError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise WorklistError("The stored worklist is damaged: {error}", error=exc) from exc

    def marks_json(self) -> str:
        """Only the marks, keyed by parcel: small, written at every mark."""
        return json.dumps(
            {item.key: item.mark.to_json() for item in self.items if item.mark is not None},
            ensure_ascii=False,
            separators=(",", ":"),
        )

    def apply_marks_json(self, text: str) -> None:
        """Put stored marks back on the parcels still on the list (others are dropped)."""
        try:
            marks = json.loads(text or "{}")
            for key, raw in marks.items():
                position = self.position_of(key)
                if position is not None:
                    self.items[position].mark = _mark_from(raw)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise WorklistError(
                "The stored worklist marks are damaged: {error}", error=exc
            ) from exc


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _item_json(item: WorkItem) -> dict[str, Any]:
    data: dict[str, Any] = {"key": item.key}
    if item.fid is not None:
        data["fid"] = item.fid
    if item.reason:
        data["reason"] = item.reason
    if item.mark is not None:
        data["mark"] = item.mark.to_json()
    return data


def _mark_from(raw: dict[str, Any]) -> Mark:
    status = str(raw["status"])
    if status not in MARKS:
        raise ValueError(f"unknown mark {status!r}")
    return Mark(status, str(raw.get("note", "")), str(raw.get("at", "")))


def _item_from(raw: dict[str, Any]) -> WorkItem:
    fid = raw.get("fid")
    mark = raw.get("mark")
    return WorkItem(
        key=str(raw["key"]),
        fid=None if fid is None else int(fid),
        reason=str(raw.get("reason", "")),
        mark=None if mark is None else _mark_from(mark),
    )


# -- sources ----------------------------------------------------------------------------


class FindingLike(Protocol):
    """What the worklist reads of a check finding (rules.findings.Finding)."""

    rule: str
    layer: str
    fids: tuple[int, ...]

    @property
    def keys(self) -> tuple[str, ...]: ...


def build(
    entries: Iterable[tuple[str, int | None, str]],
    source: str,
    description: str = "",
    layer_id: str = "",
) -> Worklist:
    """A worklist from (key, fid hint, reason) in order; a repeated key joins its reasons."""
    items: list[WorkItem] = []
    seen: dict[str, WorkItem] = {}
    for key, fid, reason in entries:
        if not key:
            continue
        item = seen.get(key)
        if item is None:
            item = seen[key] = WorkItem(key, fid, reason)
            items.append(item)
        elif reason and reason not in item.reason.split(", "):
            item.reason = f"{item.reason}, {reason}" if item.reason else reason
    return Worklist(
        items=items, source=source, description=description, layer_id=layer_id, created=now()
    )


def from_findings(
    findings: Iterable[FindingLike], layer: str, layer_id: str = "", description: str = ""
) -> Worklist:
    """Every parcel named by a finding on ``layer``, in the order of the findings.

    A finding on several parcels (an overlap) puts each on the list; the fid hint is kept
    only where it is unambiguous (one key, one fid, or a ``fid:<n>`` key).
    """

    def entries():
        for finding in findings:
            if finding.layer != layer:
                continue
            keys = finding.keys
            for key in keys:
                fid = fid_of_key(key)
                if fid is None and len(keys) == 1 and len(finding.fids) == 1:
                    fid = int(finding.fids[0])
                yield key, fid, finding.rule

    return build(entries(), SOURCE_FINDINGS, description, layer_id)


def from_keys(
    keys: Sequence[str],
    fids: Sequence[int] | None = None,
    source: str = SOURCE_SELECTION,
    description: str = "",
    layer_id: str = "",
) -> Worklist:
    """A worklist of parcels named by key (an expression's or the selection's parcels)."""
    hints = list(fids) if fids is not None else [None] * len(keys)
    return build(zip(keys, hints, [""] * len(keys)), source, description, layer_id)


def from_changes(
    keys: np.ndarray,
    fids: np.ndarray,
    classes: np.ndarray,
    previous_classes: np.ndarray,
    previous_index: np.ndarray,
    layer_id: str = "",
    description: str = "",
) -> Worklist:
    """Parcels new this year (no previous-year parcel) or whose class (DLBM) changed.

    ``previous_index`` is the engine's matching (rules.context.CheckContext.previous_index:
    same BSM, else the previous parcel under the interior point; -1 when none), so the
    worklist and the change rules agree on what changed.
    """
    index = np.asarray(previous_index, dtype=np.int64)
    previous = np.append(np.asarray(previous_classes, dtype=object), "")
    before = previous[index]  # -1 picks the ''
    now_classes = np.asarray(classes, dtype=object)
    new = index < 0
    changed = ~new & (before != now_classes)
    rows = np.flatnonzero(new | changed)

    def entries():
        for row in rows:
            reason = "new" if new[row] else f"{before[row]}→{now_classes[row]}"
            yield str(keys[row]), int(fids[row]), reason

    return build(entries(), SOURCE_CHANGES, description, layer_id)
