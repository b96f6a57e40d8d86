"""Evidence rules (category evidence), each failing on a planted case and passing on a
clean one, over a real Dataset and the profile's real rules."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from landsurvey_plugin.model.gauss_kruger import GKZone
from landsurvey_plugin.model.profile import load_profile
from landsurvey_plugin.rules.catalogue import rules_of
from landsurvey_plugin.rules.dataset import Dataset, LayerData
from landsurvey_plugin.rules.engine import run_checks

ZONE = GKZone(105.0, 35_500_000.0, 35, 3)
A, B, C = (f"5201990000000000{n:02d}" for n in (1, 2, 3))
PROFILE = load_profile("2024-national")
EVIDENCE = [r for r in rules_of(PROFILE) if r.category == "evidence"]


def _layer(role: str, shapes: list, columns: dict, key: str = "BSM") -> LayerData:
    n = len(shapes)
    array = np.empty(n, dtype=object)
    array[:] = shapes
    return LayerData(
        role=role,
        name=role,
        fids=np.arange(1, n + 1, dtype=np.int64),
        shapes=array,
        problems=[None if s is not None else "no geometry" for s in shapes],
        columns={k.upper(): np.array(v, dtype=object) for k, v in columns.items()},
        key_field=key,
    )


def _parcels() -> tuple[LayerData, LayerData]:
    boxes = [
        shapely.box(0, 0, 100, 100),
        shapely.box(200, 0, 300, 100),
        shapely.box(400, 0, 500, 100),
    ]
    now = _layer("DLTB", boxes, {"BSM": [A, B, C], "DLBM": ["0101", "0301", "0101"]})
    # A is 新增耕地 (0301 -> 0101): it needs evidence; B and C did not change
    prev = _layer("DLTB_PREV", boxes, {"BSM": [A, B, C], "DLBM": ["0301", "0301", "0101"]})
    return now, prev


def photo(name, xy, azimuth=None, taken="2024-10-20T10:00:00", digest="", status="ok", reason=""):
    return {
        "shape": None if xy is None else shapely.Point(xy),
        "FILE_NAME": name,
        "PATH": f"/photos/{name}",
        "AZIMUTH": azimuth,
        "TAKEN_AT": taken,
        "CONTENT_HASH": digest,
        "STATUS": status,
        "REASON": reason,
    }


GOOD_A = photo(f"{A}_1.jpg", (50, 120), 180.0)  # 20 m north of A, looking south at it


def check(photos: list[dict], links: list[tuple[str, str, int]] | None = None):
    now, prev = _parcels()
    fields = ("FILE_NAME", "PATH", "AZIMUTH", "TAKEN_AT", "CONTENT_HASH", "STATUS", "REASON")
    layers = {
        "DLTB": now,
        "DLTB_PREV": prev,
        "PHOTOS": _layer(
            "PHOTOS",
            [p["shape"] for p in photos],
            {f: [p[f] for p in photos] for f in fields},
            key="FILE_NAME",
        ),
    }
    if links:
        layers["PHOTO_LINKS"] = _layer(
            "PHOTO_LINKS",
            [None] * len(links),
            {
                "PHOTO_PATH": [f"/photos/{p}" for p, _, _ in links],
                "BSM": [b for _, b, _ in links],
                "MANUAL": [m for _, _, m in links],
            },
            key="PHOTO_PATH",
        )
    run = run_checks(Dataset(layers, ZONE, "EPSG:4524"), PROFILE, lang="en", rules=EVIDENCE)
    assert not run.errors, run.errors[0].error
    found: dict[str, list] = {}
    for f in run.findings:
        found.setdefault(f.rule, []).append(f)
    return found


def test_every_evidence_rule_cites_a_seed_clause():
    assert len(EVIDENCE) == 8
    for rule in EVIDENCE:
        assert any(
            rule.source.startswith(s) or f"; {s}" in rule.source for s in ("000:", "001:", "002:")
        ), rule.id


def test_clean_photos_find_nothing():
    found = check([GOOD_A, photo("other.jpg", (250, 50), 90.0)])
    assert found == {}


def test_parcel_needing_evidence_without_photo():
    found = check([photo("other.jpg", (250, 50), 90.0)])
    assert [f.feature_key for f in found["evidence_missing"]] == [A]
    assert "0301" in found["evidence_missing"][0].message


def test_manual_unlink_takes_the_evidence_away_and_a_manual_link_gives_it():
    found = check([GOOD_A], links=[(GOOD_A["FILE_NAME"], A, -1)])
    assert [f.feature_key for f in found["evidence_missing"]] == [A]
    loose = photo("loose.jpg", (250, 50), 90.0)  # inside B
    found = check([loose], links=[("loose.jpg", A, 1)])
    assert "evidence_missing" not in found
    # linked by hand to A, 150 m away: the distance rule still judges the link
    assert [f.feature_key for f in found["photo_too_far"]] == ["loose.jpg;" + A]


def test_photo_far_from_its_parcel():
    far = photo(f"{A}_2.jpg", (50, 300), 180.0)  # 200 m north, looking at A
    found = check([GOOD_A, far])
    assert [f.feature_key for f in found["photo_too_far"]] == [f"{A}_2.jpg;{A}"]
    assert "200.0 m" in found["photo_too_far"][0].message
    assert "photo_looking_away" not in found


def test_photo_looking_away_from_its_parcel():
    away = photo(f"{A}_2.jpg", (50, 120), 0.0)  # 20 m north of A, looking north
    found = check([GOOD_A, away])
    assert [f.feature_key for f in found["photo_looking_away"]] == [f"{A}_2.jpg;{A}"]
    # just inside the half-angle (30°): A's corner (100, 100) is 68° off north from (50, 120)
    edge = photo(f"{A}_3.jpg", (50, 120), 100.0)
    assert "photo_looking_away" not in check([GOOD_A, edge])


def test_photo_without_position_reports_the_reason_once():
    lost = photo(
        "lost.jpg", None, None, status="no_position", reason="no_gps: the EXIF has no GPS block"
    )
    found = check([GOOD_A, lost])
    assert [f.feature_key for f in found["photo_no_position"]] == ["lost.jpg"]
    assert "no GPS block" in found["photo_no_position"][0].message
    assert "photo_no_direction" not in found


def test_photo_without_direction():
    blind = photo("blind.jpg", (250, 50), None)
    found = check([GOOD_A, blind])
    assert [f.feature_key for f in found["photo_no_direction"]] == ["blind.jpg"]
    assert "photo_no_direction" not in check([GOOD_A])


@pytest.mark.parametrize(
    ("taken", "flagged"),
    [
        ("2024-06-15T10:30:00", True),
        ("2025-01-06T08:00:00+08:00", True),
        ("", True),
        ("2024-09-01T00:00:00", False),
        ("2025-01-05T18:00:00+08:00", False),
    ],
)
def test_photo_outside_the_survey_window(taken, flagged):
    found = check([GOOD_A, photo("t.jpg", (250, 50), 90.0, taken=taken)])
    assert ("photo_time_window" in found) == flagged


def test_same_image_linked_to_two_parcels():
    one = photo(f"{A}_1.jpg", (50, 120), 180.0, digest="abc123")
    two = photo(f"{B}_1.jpg", (250, 120), 180.0, digest="abc123")
    found = check([one, two])
    [finding] = found["photo_hash_reused"]
    assert set(finding.keys) == {one["FILE_NAME"], two["FILE_NAME"], A, B}
    # the same image twice for one parcel is a duplicate upload, not a faked one
    again = photo(f"{A}_2.jpg", (50, 121), 180.0, digest="abc123")
    assert "photo_hash_reused" not in check([one, again])


def test_many_photos_at_identical_coordinates():
    three = [photo(f"{A}_{k}.jpg", (50, 120), 180.0) for k in range(1, 4)]
    found = check(three)
    [finding] = found["photo_same_position"]
    assert len(finding.keys) == 3
    assert "photo_same_position" not in check(three[:2])


def test_a_photo_layer_without_time_or_azimuth_fields_skips_those_rules():
    now, prev = _parcels()
    layers = {
        "DLTB": now,
        "DLTB_PREV": prev,
        "PHOTOS": _layer(
            "PHOTOS", [shapely.Point(50, 120)], {"FILE_NAME": [f"{A}_1.jpg"]}, "FILE_NAME"
        ),
    }
    run = run_checks(Dataset(layers, ZONE, "EPSG:4524"), PROFILE, lang="en", rules=EVIDENCE)
    skipped = {o.rule.id: o.skipped for o in run.outcomes if o.skipped}
    assert skipped == {
        "photo_no_direction": "field PHOTOS.AZIMUTH missing",
        "photo_time_window": "field PHOTOS.TAKEN_AT missing",
        "photo_hash_reused": "field PHOTOS.CONTENT_HASH missing",
    }
    assert run.findings == []  # linked by its name, no direction to judge
