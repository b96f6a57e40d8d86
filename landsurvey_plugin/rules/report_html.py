"""A check run as one self-contained HTML file: summary, rules, villages, findings.

Pure (no Qt): the headings are data of the file, kept here one dict per language, not UI
text. Everything taken from the data is escaped; the CSS is inline, so the file can be
mailed, archived with the county database or opened in any browser.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping
from datetime import datetime

from landsurvey_plugin.rules.engine import CheckRun, RuleOutcome
from landsurvey_plugin.rules.findings import CATEGORIES, SEVERITIES, Finding

DEFAULT_MAX_FINDINGS = 500  # per rule: a county can have 10,000 rows of one rule

TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "lang": "zh-CN",
        "profile": "调查规则",
        "generated": "生成时间",
        "duration": "检查用时",
        "seconds": "{s:.1f} 秒",
        "layers": "检查图层",
        "role": "角色",
        "layer": "图层",
        "summary": "汇总",
        "total": "合计",
        "findings_total": "问题总数",
        "rules_run": "已执行规则",
        "rules_skipped": "未执行规则",
        "rules_failed": "执行出错的规则",
        "by_category": "按类别",
        "category": "类别",
        "rules": "规则执行情况",
        "rule": "规则",
        "title": "名称",
        "severity": "严重程度",
        "count": "问题数",
        "source": "依据",
        "time": "用时（秒）",
        "status": "状态",
        "ran": "已执行",
        "skipped": "未执行：{reason}",
        "failed": "出错：{reason}",
        "by_zldwdm": "按坐落单位（ZLDWDM）",
        "zldwdm": "坐落单位代码",
        "no_zldwdm": "（无）",
        "details": "问题清单",
        "feature_key": "要素标识",
        "message": "说明",
        "more": "…… 另有 {n} 条未列出（完整清单见错误图层或 Excel 表）",
        "no_findings": "未发现问题。",
        "no_layers": "（无）",
    },
    "en": {
        "lang": "en",
        "profile": "Survey profile",
        "generated": "Generated",
        "duration": "Check time",
        "seconds": "{s:.1f} s",
        "layers": "Layers checked",
        "role": "Role",
        "layer": "Layer",
        "summary": "Summary",
        "total": "Total",
        "findings_total": "Findings",
        "rules_run": "Rules run",
        "rules_skipped": "Rules skipped",
        "rules_failed": "Rules that failed",
        "by_category": "By category",
        "category": "Category",
        "rules": "Rules",
        "rule": "Rule",
        "title": "Title",
        "severity": "Severity",
        "count": "Findings",
        "source": "Source",
        "time": "Time (s)",
        "status": "Status",
        "ran": "ran",
        "skipped": "skipped: {reason}",
        "failed": "failed: {reason}",
        "by_zldwdm": "By 坐落单位 (ZLDWDM)",
        "zldwdm": "ZLDWDM",
        "no_zldwdm": "(none)",
        "details": "Findings by rule",
        "feature_key": "Feature",
        "message": "Message",
        "more": "… {n} more (the error layer and the spreadsheet list them all)",
        "no_findings": "No findings.",
        "no_layers": "(none)",
    },
}

CATEGORY_NAMES: dict[str, dict[str, str]] = {
    "zh": {
        "geometry": "几何",
        "topology": "拓扑",
        "attribute": "属性",
        "area": "面积",
        "change": "变化",
        "single_layer": "单独图层",
        "evidence": "举证",
        "imagery": "影像",
    },
    "en": {
        "geometry": "geometry",
        "topology": "topology",
        "attribute": "attribute",
        "area": "area",
        "change": "change",
        "single_layer": "single layer",
        "evidence": "evidence",
        "imagery": "imagery",
    },
}
SEVERITY_NAMES: dict[str, dict[str, str]] = {
    "zh": {"error": "错误", "warning": "警告"},
    "en": {"error": "error", "warning": "warning"},
}

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;
margin:1.5em;color:#222;font-size:14px}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em;
border-bottom:2px solid #888}h3{font-size:1.05em;margin:1.2em 0 .3em}
table{border-collapse:collapse;margin:.4em 0 1em}th,td{border:1px solid #bbb;
padding:.25em .6em;text-align:left;vertical-align:top}th{background:#eee}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.error{color:#b00000;font-weight:bold}.warning{color:#b05a00}
.skipped{color:#777}.failed{color:#b00000}.meta td{border:none;padding:.1em .8em .1em 0}
.more{color:#555;font-style:italic}pre{white-space:pre-wrap;margin:0;font-size:.85em}
tr.total td{font-weight:bold;background:#f6f6f6}
img.chip{display:block;margin-top:.3em;max-width:100%;border:1px solid #bbb}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _anchor(rule_id: str) -> str:
    return "rule-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in rule_id)


def _cell(value: object, css: str = "") -> str:
    attr = f' class="{css}"' if css else ""
    return f"<td{attr}>{_e(value)}</td>"


def _num(value: int) -> str:
    return f'<td class="n">{value}</td>'


def _head(*names: str) -> str:
    return "<tr>" + "".join(f"<th>{_e(n)}</th>" for n in names) + "</tr>"


def _when(generated_at: datetime | str | None) -> str:
    if generated_at is None:
        return ""
    if isinstance(generated_at, datetime):
        return generated_at.isoformat(sep=" ", timespec="seconds")
    return str(generated_at)


def render_html(
    run: CheckRun,
    *,
    title: str,
    profile_title: str = "",
    layers: Mapping[str, str] | None = None,
    lang: str = "zh",
    generated_at: datetime | str | None = None,
    max_findings_per_rule: int = DEFAULT_MAX_FINDINGS,
    chips: Mapping[tuple[str, str, str], str] | None = None,
) -> str:
    """The report as one HTML document (UTF-8 text, inline CSS, no external resources
    except the optional image chips: finding identity -> image address, shown under the
    finding's message)."""
    lang = "zh" if lang == "zh" else "en"
    t = TEXT[lang]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{t["lang"]}"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        _meta(run, t, profile_title, _when(generated_at)),
        _layers(layers or {}, t),
        _summary(run, lang),
        _rules(run, lang),
        _villages(run.findings, lang),
        _details(run, lang, max_findings_per_rule, chips),
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def _meta(run: CheckRun, t: dict[str, str], profile_title: str, when: str) -> str:
    rows = []
    if profile_title:
        rows.append((t["profile"], profile_title))
    if when:
        rows.append((t["generated"], when))
    rows.append((t["duration"], t["seconds"].format(s=run.seconds)))
    body = "".join(f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in rows)
    return f'<table class="meta">{body}</table>'


def _layers(layers: Mapping[str, str], t: dict[str, str]) -> str:
    out = [f"<h2>{_e(t['layers'])}</h2>"]
    if not layers:
        return out[0] + f"<p>{_e(t['no_layers'])}</p>"
    out.append("<table>" + _head(t["role"], t["layer"]))
    out += [f"<tr>{_cell(role)}{_cell(name)}</tr>" for role, name in layers.items()]
    out.append("</table>")
    return "".join(out)


def _categories_present(findings: list[Finding]) -> list[str]:
    """Known categories in catalogue order, then any other category the findings carry."""
    seen = {f.category for f in findings}
    return [c for c in CATEGORIES if c in seen] + sorted(seen - set(CATEGORIES))


def _summary(run: CheckRun, lang: str) -> str:
    t, sev_names, cat_names = TEXT[lang], SEVERITY_NAMES[lang], CATEGORY_NAMES[lang]
    by_severity = Counter(f.severity for f in run.findings)
    by_pair = Counter((f.category, f.severity) for f in run.findings)
    ran = sum(1 for o in run.outcomes if not o.skipped and not o.error)
    skipped = sum(1 for o in run.outcomes if o.skipped)
    failed = sum(1 for o in run.outcomes if o.error)
    counts = [(t["findings_total"], len(run.findings), "")]
    counts += [(sev_names.get(s, s), by_severity.get(s, 0), s) for s in SEVERITIES]
    counts += [
        (t["rules_run"], ran, ""),
        (t["rules_skipped"], skipped, "skipped" if skipped else ""),
        (t["rules_failed"], failed, "failed" if failed else ""),
    ]
    out = [f"<h2>{_e(t['summary'])}</h2>", '<table class="counts">']
    out += [
        f'<tr><th>{_e(name)}</th><td class="{("n " + css).strip()}">{n}</td></tr>'
        for name, n, css in counts
    ]
    out.append("</table>")
    categories = _categories_present(run.findings)
    if categories:
        out.append(f'<h3>{_e(t["by_category"])}</h3><table class="by-category">')
        out.append(_head(t["category"], *(sev_names[s] for s in SEVERITIES), t["total"]))
        for cat in categories:
            row = [by_pair.get((cat, s), 0) for s in SEVERITIES]
            cells = "".join(_num(n) for n in row)
            out.append(f"<tr>{_cell(cat_names.get(cat, cat))}{cells}{_num(sum(row))}</tr>")
        totals = "".join(_num(by_severity.get(s, 0)) for s in SEVERITIES)
        out.append(f'<tr class="total">{_cell(t["total"])}{totals}{_num(len(run.findings))}</tr>')
        out.append("</table>")
    return "".join(out)


def _status(outcome: RuleOutcome, t: dict[str, str]) -> str:
    if outcome.error:
        first = outcome.error.splitlines()[0] if outcome.error.strip() else outcome.error
        return (
            f'<td class="failed">{_e(t["failed"].format(reason=first))}'
            f"<details><pre>{_e(outcome.error)}</pre></details></td>"
        )
    if outcome.skipped:
        return _cell(t["skipped"].format(reason=outcome.skipped), "skipped")
    return _cell(t["ran"])


def _rules(run: CheckRun, lang: str) -> str:
    t, sev_names = TEXT[lang], SEVERITY_NAMES[lang]
    out = [f"<h2>{_e(t['rules'])}</h2>", '<table class="rules">']
    out.append(
        _head(t["rule"], t["title"], t["severity"], t["count"], t["source"], t["time"], t["status"])
    )
    for outcome in run.outcomes:
        rule = outcome.rule
        rule_cell = (
            f'<td><a href="#{_anchor(rule.id)}">{_e(rule.id)}</a></td>'
            if outcome.count
            else _cell(rule.id)
        )
        out.append(
            "<tr>"
            + rule_cell
            + _cell(rule.title_in(lang))
            + _cell(sev_names.get(rule.severity, rule.severity), rule.severity)
            + _num(outcome.count)
            + _cell(rule.source)
            + f'<td class="n">{outcome.seconds:.2f}</td>'
            + _status(outcome, t)
            + "</tr>"
        )
    out.append("</table>")
    return "".join(out)


def _villages(findings: list[Finding], lang: str) -> str:
    """One row per 坐落单位: how many findings of each category fall in it."""
    t, cat_names = TEXT[lang], CATEGORY_NAMES[lang]
    out = [f"<h2>{_e(t['by_zldwdm'])}</h2>"]
    if not findings:
        return out[0] + f"<p>{_e(t['no_findings'])}</p>"
    categories = _categories_present(findings)
    counts: dict[str, Counter] = {}
    for f in findings:
        counts.setdefault(f.zldwdm or "", Counter())[f.category] += 1
    out.append('<table class="by-zldwdm">')
    out.append(_head(t["zldwdm"], *(cat_names.get(c, c) for c in categories), t["total"]))
    for code in sorted(counts, key=lambda c: (c == "", c)):  # the unlocated row last
        row = counts[code]
        cells = "".join(_num(row.get(c, 0)) for c in categories)
        out.append(f"<tr>{_cell(code or t['no_zldwdm'])}{cells}{_num(sum(row.values()))}</tr>")
    totals = Counter(f.category for f in findings)
    cells = "".join(_num(totals.get(c, 0)) for c in categories)
    out.append(f'<tr class="total">{_cell(t["total"])}{cells}{_num(len(findings))}</tr>')
    out.append("</table>")
    return "".join(out)


def _details(
    run: CheckRun,
    lang: str,
    limit: int,
    chips: Mapping[tuple[str, str, str], str] | None = None,
) -> str:
    t = TEXT[lang]
    out = [f"<h2>{_e(t['details'])}</h2>"]
    if not run.findings:
        return out[0] + f"<p>{_e(t['no_findings'])}</p>"
    grouped: dict[str, list[Finding]] = {}
    for f in run.findings:
        grouped.setdefault(f.rule, []).append(f)
    titles = {o.rule.id: o.rule.title_in(lang) for o in run.outcomes}
    sev_names = SEVERITY_NAMES[lang]
    order = [o.rule.id for o in run.outcomes if o.rule.id in grouped]
    order += [r for r in grouped if r not in titles]  # findings of rules not in the outcomes
    limit = max(int(limit), 0)
    for rule_id in order:
        rows = grouped[rule_id]
        heading = f"{rule_id} — {titles[rule_id]}" if rule_id in titles else rule_id
        severity = rows[0].severity
        out.append(
            f'<h3 id="{_anchor(rule_id)}">{_e(heading)} ({len(rows)}) '
            f'<span class="{_e(severity)}">{_e(sev_names.get(severity, severity))}</span></h3>'
        )
        out.append('<table class="findings">')
        out.append(_head("#", t["feature_key"], t["zldwdm"], t["message"]))
        for n, f in enumerate(rows[:limit], 1):
            message = _cell(f.message)
            if chips and f.identity in chips:
                image = f'<img class="chip" src="{_e(chips[f.identity])}" alt="{_e(f.rule)}">'
                message = f"<td>{_e(f.message)}{image}</td>"
            out.append(f"<tr>{_num(n)}{_cell(f.feature_key)}{_cell(f.zldwdm)}{message}</tr>")
        out.append("</table>")
        if len(rows) > limit:
            out.append(f'<p class="more">{_e(t["more"].format(n=len(rows) - limit))}</p>')
    return "".join(out)
