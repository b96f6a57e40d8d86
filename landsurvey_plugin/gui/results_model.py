"""The check results as a tree: category → rule → finding, and the filter the dock applies.

The source model holds every finding of the run, the accepted ones included (marked, so the
"show accepted" toggle only changes the filter); the proxy filters finding rows by severity,
layer, category, free text and accepted state, shows a group when one of its findings is
shown, and writes the number of shown findings into the group labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from qgis.PyQt.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from qgis.PyQt.QtGui import QBrush, QColor, QFont, QIcon, QStandardItem, QStandardItemModel

from landsurvey_plugin.rules.catalogue import RuleSpec
from landsurvey_plugin.rules.exceptions import AcceptedException
from landsurvey_plugin.rules.findings import CATEGORIES, SEVERITIES, Finding
from landsurvey_plugin.toolbelt.i18n import tr
from landsurvey_plugin.toolbelt.paths import icon_path

# Item data roles
KIND_ROLE = Qt.UserRole + 1  # "category" | "rule" | "finding"
FINDING_ROLE = Qt.UserRole + 2  # the Finding of a finding row
SEVERITY_ROLE = Qt.UserRole + 3
LAYER_ROLE = Qt.UserRole + 4
CATEGORY_ROLE = Qt.UserRole + 5
RULE_ROLE = Qt.UserRole + 6
ACCEPTED_ROLE = Qt.UserRole + 7  # the AcceptedException of an accepted finding, else None
SEARCH_ROLE = Qt.UserRole + 8  # lower-case text the search box matches
TITLE_ROLE = Qt.UserRole + 9  # a group's label without its count

KEY_COLUMN, MESSAGE_COLUMN, LAYER_COLUMN, ZLDWDM_COLUMN = range(4)

# The catalogue's vocabulary in both languages, chosen like the rule titles (by the run's
# language), so that a row never mixes a Chinese rule title with an English category.
CATEGORY_TITLES = {
    "geometry": ("Geometry", "图形"),
    "topology": ("Topology", "拓扑"),
    "attribute": ("Attributes", "属性"),
    "area": ("Area", "面积"),
    "change": ("Land-use change", "地类变化"),
    "single_layer": ("Single layers", "单独图层"),
    "evidence": ("Evidence photos", "举证照片"),
    "imagery": ("Imagery", "影像"),
}
SEVERITY_TITLES = {"error": ("Error", "错误"), "warning": ("Warning", "警告")}
ACCEPTED_COLOUR = "#7a7a7a"


def category_title(category: str, lang: str) -> str:
    en, zh = CATEGORY_TITLES.get(category, (category, category))
    return zh if lang == "zh" else en


def severity_title(severity: str, lang: str) -> str:
    en, zh = SEVERITY_TITLES.get(severity, (severity, severity))
    return zh if lang == "zh" else en


def severity_icon(severity: str) -> QIcon:
    return QIcon(str(icon_path(f"severity_{severity}.svg")))


def _order(values: tuple[str, ...], value: str) -> tuple[int, str]:
    return (values.index(value) if value in values else len(values), value)


class ResultsModel(QStandardItemModel):
    """Category → rule → finding rows; four columns: key, message, layer, 坐落单位."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.lang = "en"
        self._set_headers()

    def _set_headers(self) -> None:
        self.setHorizontalHeaderLabels(
            [tr("Problem / feature"), tr("Message"), tr("Layer"), tr("Location (ZLDWDM)")]
        )

    # -- filling --------------------------------------------------------------------------
    def set_findings(
        self,
        findings: Iterable[Finding],
        rules: Mapping[str, RuleSpec],
        accepted: Mapping[tuple[str, str, str], AcceptedException],
        lang: str,
    ) -> None:
        """Replace the tree: findings grouped by category and rule, catalogue order."""
        self.lang = lang
        order = {rule_id: n for n, rule_id in enumerate(rules)}
        grouped: dict[str, dict[str, list[Finding]]] = {}
        for finding in findings:
            grouped.setdefault(finding.category, {}).setdefault(finding.rule, []).append(finding)
        self.removeRows(0, self.rowCount())  # not clear(): the columns and their widths stay
        root = self.invisibleRootItem()
        for category in sorted(grouped, key=lambda c: _order(CATEGORIES, c)):
            by_rule = grouped[category]
            category_item = self._group_item("category", category_title(category, lang))
            category_item.setData(category, CATEGORY_ROLE)
            bold = category_item.font()
            bold.setBold(True)
            category_item.setFont(bold)
            for rule_id in sorted(by_rule, key=lambda r: (order.get(r, len(order)), r)):
                rows = by_rule[rule_id]
                spec = rules.get(rule_id)
                category_item.appendRow(self._rule_row(rule_id, spec, rows[0], rows, accepted))
            root.appendRow([category_item, *(self._blank() for _ in range(3))])

    def _group_item(self, kind: str, title: str) -> QStandardItem:
        item = QStandardItem(title)
        item.setEditable(False)
        item.setData(kind, KIND_ROLE)
        item.setData(title, TITLE_ROLE)
        return item

    @staticmethod
    def _blank() -> QStandardItem:
        item = QStandardItem()
        item.setEditable(False)
        return item

    def _rule_row(
        self,
        rule_id: str,
        spec: RuleSpec | None,
        first: Finding,
        rows: list[Finding],
        accepted: Mapping[tuple[str, str, str], AcceptedException],
    ) -> list[QStandardItem]:
        severity = spec.severity if spec else first.severity
        title = spec.title_in(self.lang) if spec else rule_id
        source = spec.source if spec else first.source
        item = self._group_item("rule", title)
        item.setData(rule_id, RULE_ROLE)
        item.setData(severity, SEVERITY_ROLE)
        item.setData(first.category, CATEGORY_ROLE)
        item.setIcon(severity_icon(severity))
        tip = "\n".join(
            part
            for part in (
                f"{title} ({rule_id})",
                f"{severity_title(severity, self.lang)}",
                tr("Source: {clause}").format(clause=source) if source else "",
            )
            if part
        )
        item.setToolTip(tip)
        for finding in rows:
            item.appendRow(self._finding_row(finding, title, accepted.get(finding.identity)))
        clause = self._blank()
        clause.setText(source)
        clause.setToolTip(tip)
        layer = self._blank()
        layer.setText(spec.layer if spec else first.layer)
        return [item, clause, layer, self._blank()]

    def _finding_row(
        self, finding: Finding, rule_title: str, exception: AcceptedException | None
    ) -> list[QStandardItem]:
        texts = [
            finding.feature_key.replace(";", "; "),
            finding.message,
            finding.layer,
            finding.zldwdm,
        ]
        items = []
        for text in texts:
            item = QStandardItem(text)
            item.setEditable(False)
            item.setToolTip(text)
            items.append(item)
        key = items[0]
        key.setData("finding", KIND_ROLE)
        key.setData(finding, FINDING_ROLE)
        key.setData(finding.severity, SEVERITY_ROLE)
        key.setData(finding.layer, LAYER_ROLE)
        key.setData(finding.category, CATEGORY_ROLE)
        key.setData(finding.rule, RULE_ROLE)
        key.setData(
            " ".join(
                (
                    *texts,
                    finding.rule,
                    rule_title,
                    category_title(finding.category, self.lang),
                    finding.source,
                )
            ).lower(),
            SEARCH_ROLE,
        )
        self._show_accepted_state(items, exception)
        return items

    def _show_accepted_state(
        self, items: list[QStandardItem], exception: AcceptedException | None
    ) -> None:
        items[0].setData(exception, ACCEPTED_ROLE)
        for n, item in enumerate(items):
            font = QFont(item.font())
            font.setItalic(exception is not None)
            item.setFont(font)
            if exception is None:
                item.setData(None, Qt.ForegroundRole)
                item.setToolTip(item.text())
            else:
                item.setForeground(QBrush(QColor(ACCEPTED_COLOUR)))
                who = ", ".join(p for p in (exception.user, exception.accepted_at) if p)
                note = tr("Accepted as an exception: {reason}").format(reason=exception.reason)
                if who:
                    note += f" ({who})"
                item.setToolTip(f"{item.text()}\n{note}" if n else note)

    # -- reading --------------------------------------------------------------------------
    def finding_items(self) -> Iterable[QStandardItem]:
        """The key item of every finding row."""
        root = self.invisibleRootItem()
        for c in range(root.rowCount()):
            category = root.child(c)
            for r in range(category.rowCount()):
                rule = category.child(r)
                for f in range(rule.rowCount()):
                    yield rule.child(f)

    def findings(self) -> list[Finding]:
        return [item.data(FINDING_ROLE) for item in self.finding_items()]

    def rule_item(self, rule_id: str) -> QStandardItem | None:
        root = self.invisibleRootItem()
        for c in range(root.rowCount()):
            category = root.child(c)
            for r in range(category.rowCount()):
                if category.child(r).data(RULE_ROLE) == rule_id:
                    return category.child(r)
        return None

    def set_accepted(self, changes: Mapping[tuple[str, str, str], AcceptedException | None]) -> int:
        """Mark (exception) or unmark (None) the findings with these identities, in one pass;
        returns how many rows changed.

        One signal for the lot (``layoutChanged``), not four ``dataChanged`` per row: with
        thousands of rows a proxy and a view re-filtering row by row take minutes.
        """
        changed = 0
        self.layoutAboutToBeChanged.emit()
        blocked = self.blockSignals(True)
        try:
            for item in self.finding_items():
                identity = item.data(FINDING_ROLE).identity
                if identity not in changes:
                    continue
                parent = item.parent()
                row = [parent.child(item.row(), col) for col in range(4)]
                self._show_accepted_state(row, changes[identity])
                changed += 1
        finally:
            self.blockSignals(blocked)
        self.layoutChanged.emit()
        return changed


class ResultsFilter(QSortFilterProxyModel):
    """Severity / layer / category / text / accepted filter over finding rows.

    Group rows are never accepted for themselves: recursive filtering shows them exactly
    when one of their findings is shown. Group labels carry the number of shown findings.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setDynamicSortFilter(True)
        self.severity: str | None = None
        self.layer: str | None = None
        self.category: str | None = None
        self.text = ""
        self.show_accepted = False
        self._counts: dict[tuple[str, str], int] | None = None

    def setSourceModel(self, model) -> None:
        old = self.sourceModel()
        if old is not None:
            for signal in self._source_signals(old):
                signal.disconnect(self._forget_counts)
        super().setSourceModel(model)
        for signal in self._source_signals(model):
            signal.connect(self._forget_counts)
        self._counts = None

    @staticmethod
    def _source_signals(model):
        return (
            model.modelReset,
            model.rowsInserted,
            model.rowsRemoved,
            model.dataChanged,
            model.layoutChanged,
        )

    def _forget_counts(self, *_args) -> None:
        self._counts = None

    def refresh(self) -> None:
        """Filter again and recount (the accepted state of rows changed)."""
        self._counts = None
        self.invalidateFilter()

    # -- the filter -----------------------------------------------------------------------
    def set_filter(
        self,
        *,
        severity: Any = ...,
        layer: Any = ...,
        category: Any = ...,
        text: Any = ...,
        show_accepted: Any = ...,
    ) -> None:
        """Change some criteria (``...`` keeps one; None means any)."""
        if severity is not ...:
            self.severity = severity or None
        if layer is not ...:
            self.layer = layer or None
        if category is not ...:
            self.category = category or None
        if text is not ...:
            self.text = (text or "").strip().lower()
        if show_accepted is not ...:
            self.show_accepted = bool(show_accepted)
        self._counts = None
        self.invalidateFilter()

    def accepts_finding(self, index: QModelIndex) -> bool:
        """Whether the finding row at this source index passes the filter."""
        if index.data(ACCEPTED_ROLE) is not None and not self.show_accepted:
            return False
        if self.severity and index.data(SEVERITY_ROLE) != self.severity:
            return False
        if self.layer and index.data(LAYER_ROLE) != self.layer:
            return False
        if self.category and index.data(CATEGORY_ROLE) != self.category:
            return False
        if self.text:
            haystack = index.data(SEARCH_ROLE) or ""
            return all(word in haystack for word in self.text.split())
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        if index.data(KIND_ROLE) != "finding":
            return False  # a group is shown through its findings (recursive filtering)
        return self.accepts_finding(index)

    # -- counts ---------------------------------------------------------------------------
    def _count_all(self) -> dict[tuple[str, str], int]:
        """Shown findings per group: ("category", id) and ("rule", id) -> count."""
        model = self.sourceModel()
        counts: dict[int, int] = {}
        root = model.invisibleRootItem()
        for c in range(root.rowCount()):
            category = root.child(c)
            total = 0
            for r in range(category.rowCount()):
                rule = category.child(r)
                shown = sum(
                    1 for f in range(rule.rowCount()) if self.accepts_finding(rule.child(f).index())
                )
                counts[("rule", rule.data(RULE_ROLE))] = shown
                total += shown
            counts[("category", category.data(CATEGORY_ROLE))] = total
        return counts

    def shown_count(self, kind: str, key: str) -> int:
        """How many findings of a group (``"category"``/``"rule"``, id) the filter shows."""
        if self._counts is None:
            self._counts = self._count_all()
        return self._counts.get((kind, key), 0)

    def shown_findings(self) -> list[Finding]:
        """The findings the filter shows, in tree order."""
        return [
            item.data(FINDING_ROLE)
            for item in self.sourceModel().finding_items()
            if self.accepts_finding(item.index())
        ]

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if role == Qt.DisplayRole and index.column() == KEY_COLUMN:
            source = self.mapToSource(index)
            kind = source.data(KIND_ROLE)
            if kind in ("category", "rule"):
                key = source.data(CATEGORY_ROLE if kind == "category" else RULE_ROLE)
                return f"{source.data(TITLE_ROLE)} ({self.shown_count(kind, key)})"
        return super().data(index, role)


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    return counts
