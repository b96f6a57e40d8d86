"""Rule kind ``expression`` (adapters/expression_rules.py) on real GeoPackage layers.

The national catalogue's ``sjnf_year`` ("SJNF" = 2024) is the rule under test: it fails on
2023 and on NULL, passes on 2024, reads unsaved edits, and respects a selection snapshot.
"""

from __future__ import annotations

import re

import pytest
from osgeo import ogr
from qgis.core import QgsProject, QgsVectorLayer

from landsurvey_plugin.adapters import expression_rules  # noqa: F401  (registers the kind)
from landsurvey_plugin.adapters.check_dataset import build_dataset, snapshot
from landsurvey_plugin.model.profile import load_profile
from landsurvey_plugin.rules.catalogue import parse_rule, rules_of
from landsurvey_plugin.rules.engine import run_checks
from tests.parcels import rectangle, write_parcels

FIELDS = (("BSM", ogr.OFTString), ("DLBM", ogr.OFTString), ("SJNF", ogr.OFTInteger))
EPSG = 4524
X, Y = 36_501_000, 2_940_000
PLACEHOLDER = re.compile(r"\{[^{}\s]*\}")


@pytest.fixture
def layer(tmp_path, qgis_app) -> QgsVectorLayer:
    parcels = [
        {"wkt": rectangle(X, Y, 50, 50), "BSM": "A", "DLBM": "0103", "SJNF": 2024},
        {"wkt": rectangle(X + 50, Y, 50, 50), "BSM": "B", "DLBM": "0103", "SJNF": 2023},
        {"wkt": rectangle(X + 100, Y, 50, 50), "BSM": "C", "DLBM": "0301"},  # NULL
        {"wkt": None, "BSM": "D", "DLBM": "0301", "SJNF": 2024},
    ]
    path = write_parcels(tmp_path / "county.gpkg", EPSG, parcels, fields=FIELDS)
    layer = QgsVectorLayer(f"{path}|layername=DLTB", "DLTB", "ogr")
    assert layer.isValid()
    return layer


def check(layer: QgsVectorLayer, lang: str = "en", rules=None, selected_only: bool = False):
    profile = load_profile("2024-national")
    spec = [r for r in rules_of(profile) if r.id == "sjnf_year"] if rules is None else rules
    item = snapshot(layer, "DLTB", selected_only=selected_only)
    dataset, _ = build_dataset({"DLTB": item}, QgsProject.instance().transformContext())
    return run_checks(dataset, profile, lang=lang, rules=spec)


def test_sjnf_year_fails_on_other_years_and_null(layer):
    for lang, expected in [
        ("en", ["B: SJNF 2023 is not 2024", "C: SJNF  is not 2024"]),
        ("zh", ["B：数据年份 2023 不是 2024", "C：数据年份  不是 2024"]),
    ]:
        result = check(layer, lang)
        [outcome] = result.outcomes
        assert outcome.skipped is None and outcome.error is None
        assert sorted(f.feature_key for f in result.findings) == ["B", "C"]
        assert sorted(f.message for f in result.findings) == expected
        assert not any(PLACEHOLDER.search(f.message) for f in result.findings)
        fids = {f.feature_key: f.fids for f in result.findings}
        by_bsm = {f["BSM"]: f.id() for f in layer.getFeatures()}
        assert fids == {"B": (by_bsm["B"],), "C": (by_bsm["C"],)}


def test_sjnf_year_passes_when_every_year_is_right(layer):
    layer.startEditing()
    index = layer.fields().indexOf("SJNF")
    for feature in layer.getFeatures():
        layer.changeAttributeValue(feature.id(), index, 2024)
    # unsaved edits: the snapshot reads the edit buffer, not the file
    assert check(layer).findings == []
    layer.rollBack()
    assert len(check(layer).findings) == 2


def test_the_expression_reads_the_edit_buffer(layer):
    layer.startEditing()
    index = layer.fields().indexOf("SJNF")
    a = next(f.id() for f in layer.getFeatures() if f["BSM"] == "A")
    layer.changeAttributeValue(a, index, 2022)
    result = check(layer)
    layer.rollBack()
    assert sorted(f.feature_key for f in result.findings) == ["A", "B", "C"]
    assert "A: SJNF 2022 is not 2024" in {f.message for f in result.findings}


def test_a_selection_snapshot_reports_only_the_selection(layer):
    layer.selectByExpression("\"BSM\" IN ('A', 'B')")
    result = check(layer, selected_only=True)
    assert [f.feature_key for f in result.findings] == ["B"]


def test_a_broken_expression_is_an_error_and_a_missing_field_fails_every_row(layer):
    base = {
        "kind": "expression",
        "category": "attribute",
        "severity": "error",
        "layer": "DLTB",
        "source": "test",
        "title": "t",
        "title_zh": "t",
        "message": "{key}: {DLBM}",
        "message_zh": "{key}：{DLBM}",
    }
    broken = parse_rule(base | {"id": "broken", "expression": '"SJNF" = = 2024'})
    cultivated = parse_rule(base | {"id": "cultivated", "expression": "left(\"DLBM\", 2) = '01'"})
    result = check(layer, rules=[broken, cultivated])
    outcomes = {o.rule.id: o for o in result.outcomes}
    assert outcomes["broken"].error.startswith("ProfileError: rule broken:")
    assert outcomes["cultivated"].error is None
    assert sorted(f.message for f in result.findings) == ["C: 0301", "D: 0301"]


def test_an_expression_on_a_missing_field_is_skipped(tmp_path, qgis_app):
    fields = (("BSM", ogr.OFTString), ("DLBM", ogr.OFTString))
    path = write_parcels(
        tmp_path / "no_sjnf.gpkg", EPSG, [{"wkt": rectangle(X, Y, 9, 9), "BSM": "A"}], fields=fields
    )
    layer = QgsVectorLayer(f"{path}|layername=DLTB", "DLTB", "ogr")
    result = check(layer)
    [outcome] = result.outcomes
    assert outcome.skipped == "field DLTB.SJNF missing"
    assert result.findings == []
