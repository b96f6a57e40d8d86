"""The HTML report of a real check run on a small hand-made dataset (no QGIS)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from html.parser import HTMLParser

import numpy as np
import pytest
import shapely

from landsurvey_plugin.model.gauss_kruger import GKZone
from landsurvey_plugin.model.profile import load_profile
from landsurvey_plugin.rules.dataset import Dataset, LayerData
from landsurvey_plugin.rules.engine import run_checks
from landsurvey_plugin.rules.findings import CATEGORIES
from landsurvey_plugin.rules.report_html import CATEGORY_NAMES, TEXT, render_html

X, Y = 35_500_000.0, 2_900_000.0  # CGCS2000 GK zone 35 (CM 105°E), with the zone prefix
VILLAGE_1 = "5201991001010000000"
VILLAGE_2 = "5201991001020000000"
PARCELS = [
    # DLMC with markup: dlmc_mismatch quotes it in its message, the report must escape it
    ("A", "0103", "<b>水田</b>", VILLAGE_1, 10000.0, shapely.box(X, Y, X + 100, Y + 100)),
    ("A", "0103", "旱地", VILLAGE_1, 10000.0, shapely.box(X + 100, Y, X + 200, Y + 100)),
    ("C", "0301", "乔木林地", VILLAGE_2, 5.0, shapely.box(X + 150, Y + 50, X + 250, Y + 150)),
    ("D", "0404", "其他草地", "", 1.0, shapely.box(X, Y + 200, X + 5, Y + 205)),
]


def dataset() -> Dataset:
    names = ("BSM", "DLBM", "DLMC", "ZLDWDM", "TBMJ")
    columns = {
        name: np.array([row[k] for row in PARCELS], dtype=object) for k, name in enumerate(names)
    }
    layer = LayerData(
        role="DLTB",
        name="DLTB",
        fids=np.arange(1, len(PARCELS) + 1, dtype=np.int64),
        shapes=np.array([row[-1] for row in PARCELS], dtype=object),
        problems=[None] * len(PARCELS),
        columns=columns,
        field_types={"BSM": "string", "DLBM": "string", "DLMC": "string", "ZLDWDM": "string"}
        | {"TBMJ": "double"},
    )
    return Dataset(layers={"DLTB": layer}, zone=GKZone(105.0, 35_500_000.0, 35, 3))


@pytest.fixture(scope="module")
def runs():
    profile = load_profile("2024-national")
    return {lang: run_checks(dataset(), profile, lang=lang) for lang in ("zh", "en")}


class Tables(HTMLParser):
    """Every <table> as (class, rows of cell texts); headings and paragraphs as text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self.headings: list[str] = []
        self.paragraphs: list[str] = []
        self._cell: list[str] | None = None
        self._block: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append((dict(attrs).get("class", ""), []))
        elif tag == "tr":
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("h1", "h2", "h3", "p"):
            self._block = []
        elif tag == "details":
            self._depth += 1

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][1][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag in ("h1", "h2", "h3") and self._block is not None:
            self.headings.append("".join(self._block).strip())
            self._block = None
        elif tag == "p" and self._block is not None:
            self.paragraphs.append("".join(self._block).strip())
            self._block = None
        elif tag == "details":
            self._depth -= 1

    def handle_data(self, data):
        if self._cell is not None and not self._depth:
            self._cell.append(data)
        if self._block is not None:
            self._block.append(data)

    def table(self, css: str) -> list[list[str]]:
        (rows,) = [rows for cls, rows in self.tables if cls == css]
        return rows


def parse(text: str) -> Tables:
    parser = Tables()
    parser.feed(text)
    parser.close()
    return parser


def render(run, lang, **kwargs):
    return render_html(
        run,
        title="<检查> & report",
        profile_title="2024年度国土变更调查（全国）",
        layers={"DLTB": "DLTB <2024>"},
        lang=lang,
        generated_at=datetime(2024, 11, 5, 9, 30),
        **kwargs,
    )


def test_run_has_the_findings_the_report_is_about(runs):
    run = runs["en"]
    rules = Counter(f.rule for f in run.findings)
    assert rules["bsm_unique"] == 1 and rules["dlmc_mismatch"] == 1
    assert rules["dltb_overlap"] == 1 and rules["tbmj_ellipsoidal"] == 2
    assert {f.severity for f in run.findings} == {"error", "warning"}
    assert any(o.skipped for o in run.outcomes)


def test_everything_from_the_data_is_escaped(runs):
    text = render(runs["en"], "en")
    assert "<b>水田</b>" not in text
    assert "&lt;b&gt;水田&lt;/b&gt;" in text
    assert "<title>&lt;检查&gt; &amp; report</title>" in text
    assert "DLTB &lt;2024&gt;" in text
    assert "<script" not in text and "http" not in text  # self-contained, no resources
    parsed = parse(text)
    assert parsed.headings[0] == "<检查> & report"
    rows = [row for cls, table in parsed.tables if cls == "findings" for row in table]
    (mismatch,) = [row for row in rows if "DLMC <b>水田</b>" in row[-1]]
    assert mismatch[1] == "A"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_counts_match_the_findings(runs, lang):
    run = runs[lang]
    parsed = parse(render(run, lang))
    t = TEXT[lang]
    counts = dict(parsed.table("counts"))
    severity = Counter(f.severity for f in run.findings)
    assert int(counts[t["findings_total"]]) == len(run.findings)
    assert int(counts["错误" if lang == "zh" else "error"]) == severity["error"]
    assert int(counts["警告" if lang == "zh" else "warning"]) == severity["warning"]
    assert int(counts[t["rules_skipped"]]) == sum(1 for o in run.outcomes if o.skipped)
    assert int(counts[t["rules_run"]]) == sum(
        1 for o in run.outcomes if not o.skipped and not o.error
    )

    _, *rows, total = parsed.table("by-category")
    names = CATEGORY_NAMES[lang]
    by_pair = Counter((f.category, f.severity) for f in run.findings)
    expected = [
        [
            names[c],
            str(by_pair[c, "error"]),
            str(by_pair[c, "warning"]),
            str(by_pair[c, "error"] + by_pair[c, "warning"]),
        ]
        for c in CATEGORIES
        if by_pair[c, "error"] + by_pair[c, "warning"]
    ]
    assert rows == expected
    errors, warnings = str(severity["error"]), str(severity["warning"])
    assert total == [t["total"], errors, warnings, str(len(run.findings))]


def test_rule_table_lists_every_outcome_with_its_reason(runs):
    run = runs["en"]
    header, *rows = parse(render(run, "en")).table("rules")
    assert header == ["Rule", "Title", "Severity", "Findings", "Source", "Time (s)", "Status"]
    assert [r[0] for r in rows] == [o.rule.id for o in run.outcomes]
    by_id = {r[0]: r for r in rows}
    for outcome in run.outcomes:
        row = by_id[outcome.rule.id]
        assert row[1] == outcome.rule.title
        assert int(row[3]) == outcome.count
        assert row[4] == outcome.rule.source
    assert by_id["ttq_multipart"][6] == "skipped: layer TTQ not loaded"
    assert by_id["tbbh_unique"][6] == "skipped: field DLTB.TBBH missing"
    for outcome in run.outcomes:  # (which kinds are registered depends on what ran before)
        if outcome.skipped:
            assert by_id[outcome.rule.id][6] == f"skipped: {outcome.skipped}"
    assert by_id["bsm_unique"][6] == "ran" and by_id["bsm_unique"][2] == "error"


def test_failed_rule_shows_its_error(runs):
    run = runs["en"]
    broken = next(o for o in run.outcomes if o.rule.id == "dlbm_unknown")
    broken.error, saved = "ValueError: boom <x>\nTraceback line", broken.error
    try:
        text = render(run, "en")
    finally:
        broken.error = saved
    row = next(r for r in parse(text).table("rules") if r[0] == "dlbm_unknown")
    assert row[6] == "failed: ValueError: boom <x>"
    assert "Traceback line" in text and "boom &lt;x&gt;" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_zldwdm_table(runs, lang):
    run = runs[lang]
    header, *rows, total = parse(render(run, lang)).table("by-zldwdm")
    t, names = TEXT[lang], CATEGORY_NAMES[lang]
    categories = [c for c in CATEGORIES if any(f.category == c for f in run.findings)]
    assert header == [t["zldwdm"], *(names[c] for c in categories), t["total"]]
    assert [r[0] for r in rows] == [VILLAGE_1, VILLAGE_2, t["no_zldwdm"]]
    for row in rows:
        code = "" if row[0] == t["no_zldwdm"] else row[0]
        mine = Counter(f.category for f in run.findings if f.zldwdm == code)
        assert row[1:] == [str(mine[c]) for c in categories] + [str(sum(mine.values()))]
    # village 1: the overlap (A;C, located in A's village), dlmc_mismatch and bsm_unique
    village_1 = dict(zip(header, rows[0]))
    assert village_1[names["topology"]] == "1" and village_1[names["attribute"]] == "2"
    assert total[-1] == str(len(run.findings))


def test_headings_follow_the_language(runs):
    zh = parse(render(runs["zh"], "zh"))
    en = parse(render(runs["en"], "en"))
    for key in ("summary", "rules", "by_zldwdm", "details", "layers"):
        assert TEXT["zh"][key] in zh.headings
        assert TEXT["en"][key] in en.headings
    assert "汇总" in zh.headings and "Summary" in en.headings
    assert '<html lang="zh-CN">' in render(runs["zh"], "zh")
    bsm = next(o.rule for o in runs["zh"].outcomes if o.rule.id == "bsm_unique")
    assert f"bsm_unique — {bsm.title_zh} (1) 错误" in zh.headings
    zh_titles = {o.rule.id: o.rule.title_zh for o in runs["zh"].outcomes}
    zh_rules = {r[0]: r[1] for r in zh.table("rules")[1:]}
    assert zh_rules == zh_titles


def test_findings_grouped_by_rule_and_capped(runs):
    run = runs["en"]
    per_rule = Counter(f.rule for f in run.findings)
    assert per_rule["dltb_schema"] > 5
    parsed = parse(render(run, "en", max_findings_per_rule=5))
    listed = parsed.tables[-len(per_rule) :]
    assert [cls for cls, _ in listed] == ["findings"] * len(per_rule)
    shown = [len(rows) - 1 for _, rows in listed]
    order = list(dict.fromkeys(f.rule for f in run.findings))
    assert shown == [min(per_rule[r], 5) for r in order]
    more = [p for p in parsed.paragraphs if p.startswith("…")]
    assert more == [TEXT["en"]["more"].format(n=per_rule["dltb_schema"] - 5)]
    schema_rows = listed[order.index("dltb_schema")][1][1:]
    expected = [f for f in run.findings if f.rule == "dltb_schema"][:5]
    assert [(r[1], r[3]) for r in schema_rows] == [(f.feature_key, f.message) for f in expected]
    full = parse(render(run, "en"))
    assert not [p for p in full.paragraphs if p.startswith("…")]


def test_empty_run():
    from landsurvey_plugin.rules.engine import CheckRun

    parsed = parse(render_html(CheckRun(), title="t", layers={}, lang="zh"))
    assert TEXT["zh"]["no_findings"] in parsed.paragraphs
    assert dict(parsed.table("counts"))[TEXT["zh"]["findings_total"]] == "0"
