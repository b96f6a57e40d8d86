"""The review worklist alone: cursor, marks, JSON round trip and the sources."""

from __future__ import annotations

import json

import numpy as np
import pytest

from landsurvey_plugin.model import worklist as wl
from landsurvey_plugin.rules.findings import Finding


def finding(rule: str, layer: str, key: str, fids: tuple[int, ...]) -> Finding:
    return Finding(rule, "attribute", "error", layer, key, "message", fids=fids)


def test_parcel_key_is_bsm_else_fid():
    assert wl.parcel_key(" 5201001 ", 3) == "5201001"
    assert wl.parcel_key(None, 3) == "fid:3"
    assert wl.parcel_key("", 17) == "fid:17"
    assert wl.fid_of_key("fid:17") == 17
    assert wl.fid_of_key("5201001") is None
    assert wl.fid_of_key("fid:x") is None


def test_cursor_stops_at_the_ends():
    worklist = wl.from_keys(["a", "b", "c"], [1, 2, 3])
    assert worklist.current.key == "a"
    assert worklist.step(-1).key == "a"
    assert worklist.step(1).key == "b"
    assert worklist.step(1).key == "c"
    assert worklist.step(1).key == "c"
    assert worklist.cursor == 2
    assert worklist.go_to(-5).key == "a"
    assert wl.Worklist().current is None
    assert wl.Worklist().step(1) is None


def test_repeated_keys_are_one_entry_with_joined_reasons():
    findings = [
        finding("R1", "DLTB", "A", (10,)),
        finding("R2", "DLTB", "A;B", (10, 11)),
        finding("R1", "TTQ", "T1", (5,)),
        finding("R3", "DLTB", "fid:7", (7,)),
        finding("R1", "DLTB", "A", (10,)),
    ]
    worklist = wl.from_findings(findings, "DLTB", layer_id="layer1")
    assert [i.key for i in worklist.items] == ["A", "B", "fid:7"]
    assert worklist.items[0].reason == "R1, R2"
    assert worklist.items[0].fid == 10  # one key, one fid: a safe hint
    assert worklist.items[1].fid is None  # two keys, two fids: which is which is unknown
    assert worklist.items[2].fid == 7
    assert worklist.source == wl.SOURCE_FINDINGS and worklist.layer_id == "layer1"


def test_marks_count_and_clear():
    worklist = wl.from_keys(["a", "b", "c"])
    worklist.set_mark(wl.REVIEWED, "  ok  ")
    worklist.step(1)
    worklist.set_mark(wl.FIELD_VISIT, "boundary unclear", at="2026-01-02T03:04:05+00:00")
    assert worklist.counts() == {wl.REVIEWED: 1, wl.FIELD_VISIT: 1, "total": 3}
    assert worklist.items[0].mark.note == "ok"
    assert worklist.items[0].mark.at.endswith("+00:00")
    assert worklist.items[1].mark.at == "2026-01-02T03:04:05+00:00"
    worklist.set_mark(None, position=0)
    assert worklist.items[0].mark is None
    assert worklist.counts()[wl.REVIEWED] == 0
    with pytest.raises(ValueError, match="unknown mark"):
        worklist.set_mark("done")


def test_next_unmarked_wraps_and_ends():
    worklist = wl.from_keys(["a", "b", "c"])
    worklist.set_mark(wl.REVIEWED)  # a
    worklist.go_to(2)
    worklist.set_mark(wl.REVIEWED)  # c
    assert worklist.next_unmarked().key == "b"
    worklist.set_mark(wl.REVIEWED)
    assert worklist.next_unmarked() is None


def test_json_round_trip_keeps_cursor_marks_and_chinese_notes():
    worklist = wl.from_keys(["5201001", "fid:4"], [1, 4], wl.SOURCE_EXPRESSION, "\"DLBM\" = '0101'")
    worklist.set_mark(wl.FIELD_VISIT, "需外业核查")
    worklist.step(1)
    text = worklist.to_json()
    assert "需外业核查" in text  # readable in the project file, not \u escapes
    again = wl.Worklist.from_json(text)
    assert again.cursor == 1 and again.current.key == "fid:4"
    assert again.items[0].mark == worklist.items[0].mark
    assert again.items[1].fid == 4 and again.items[1].mark is None
    assert again.source == wl.SOURCE_EXPRESSION and again.description == "\"DLBM\" = '0101'"


def test_marks_json_applies_to_the_keys_still_listed():
    worklist = wl.from_keys(["a", "b"])
    worklist.set_mark(wl.REVIEWED, "fine", position=1)
    marks = json.loads(worklist.marks_json())
    marks["gone"] = {"status": wl.REVIEWED, "note": "", "at": ""}
    fresh = wl.from_keys(["a", "b"])
    fresh.apply_marks_json(json.dumps(marks))
    assert fresh.items[1].mark.note == "fine" and fresh.items[0].mark is None


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"items": [{"nokey": 1}]}',
        '{"items": [{"key": "a", "mark": {"status": "done"}}]}',
        '{"version": 1}',
    ],
)
def test_damaged_json_says_so(text):
    with pytest.raises(wl.WorklistError, match="damaged"):
        wl.Worklist.from_json(text)


def test_newer_format_is_refused_with_a_clear_message():
    with pytest.raises(wl.WorklistError, match="newer plugin"):
        wl.Worklist.from_json('{"version": 99, "items": []}')


def test_stored_cursor_past_the_end_is_clamped():
    worklist = wl.Worklist.from_json('{"version": 1, "cursor": 9, "items": [{"key": "a"}]}')
    assert worklist.cursor == 0


def test_changes_are_new_parcels_and_class_changes():
    keys = np.array(["A", "B", "C", "fid:9"], dtype=object)
    fids = np.array([1, 2, 3, 9])
    classes = np.array(["0101", "0702", "0301", "1001"], dtype=object)
    previous_classes = np.array(["0101", "0101", "0301"], dtype=object)
    index = np.array([0, 1, -1, 2])  # C has no previous parcel; fid:9 lies on a 0301 one
    worklist = wl.from_changes(keys, fids, classes, previous_classes, index, "L")
    assert [(i.key, i.fid, i.reason) for i in worklist.items] == [
        ("B", 2, "0101→0702"),
        ("C", 3, "new"),
        ("fid:9", 9, "0301→1001"),
    ]
    assert worklist.source == wl.SOURCE_CHANGES
