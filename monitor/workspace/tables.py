"""The three workspace views as tables: the columns of each export, with the same rows, filters and
order as its page. Cells are numbers where the page shows a number, so a spreadsheet can sort them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from monitor.compare.present import amount
from monitor.workspace.card import CardLine, ReportCard
from monitor.workspace.indicator import Figure, IndicatorRow, IndicatorView
from monitor.workspace.overview import Overview, ZoneRow

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    name: str  # file and sheet name
    headers: list[str]
    rows: list[list[Cell]]


def _entry(row: ZoneRow | IndicatorRow, name: str) -> Cell:
    return getattr(row.entry, name) if row.entry else None


def _table(name: str, columns: Sequence[tuple[str, Callable[[Any], Cell]]], items: Sequence[Any]) -> Table:
    return Table(
        name, [header for header, _ in columns], [[get(item) for _, get in columns] for item in items]
    )


ZONE_COLUMNS: list[tuple[str, Callable[[ZoneRow], Cell]]] = [
    ("园区", lambda r: r.zone),
    ("全称", lambda r: _entry(r, "full_name")),
    ("省份", lambda r: _entry(r, "province")),
    ("城市", lambda r: _entry(r, "city")),
    ("级别", lambda r: _entry(r, "level")),
    ("类型", lambda r: _entry(r, "type")),
    ("合署行政区", lambda r: _entry(r, "district")),
    ("最新报告年度", lambda r: r.report_year),
    ("报告标题", lambda r: r.report_title),
    ("发布日期", lambda r: r.report_date.isoformat() if r.report_date else None),
    ("目标数", lambda r: r.targets if r.report_year else None),
    ("本年变化", lambda r: r.changes_this_year),
    ("完成", lambda r: r.met),
    ("未完成", lambda r: r.missed),
    ("健康状况", lambda r: "；".join(r.problems) or "正常"),
    ("距最近新文档（天）", lambda r: r.days_since_new_document),
    ("报告链接", lambda r: r.report_url),
]


def zones_table(view: Overview) -> Table:
    return _table("全部园区", ZONE_COLUMNS, view.rows)


def _value(figure: Figure | None) -> Cell:
    return figure.value if figure else None


INDICATOR_COLUMNS: list[tuple[str, Callable[[IndicatorRow], Cell]]] = [
    ("园区", lambda r: r.zone),
    ("省份", lambda r: _entry(r, "province")),
    ("级别", lambda r: _entry(r, "level")),
    ("类型", lambda r: _entry(r, "type")),
    ("目标年份", lambda r: r.target.year if r.target else None),
    ("目标", lambda r: amount(r.target.side()) if r.target else None),
    ("目标值", lambda r: _value(r.target)),
    ("单位", lambda r: r.target.unit if r.target else (r.actual.unit if r.actual else None)),
    ("上年目标", lambda r: amount(r.previous.side()) if r.previous else None),
    ("变化", lambda r: r.change),
    ("实际年份", lambda r: r.actual.year if r.actual else None),
    ("实际", lambda r: amount(r.actual.side()) if r.actual else None),
    ("实际值", lambda r: _value(r.actual)),
    ("目标原文", lambda r: r.target.text if r.target else None),
    ("实际原文", lambda r: r.actual.text if r.actual else None),
    ("目标来源", lambda r: r.target.url if r.target else None),
    ("实际来源", lambda r: r.actual.url if r.actual else None),
    ("指标写法", lambda r: r.target.metric if r.target else (r.actual.metric if r.actual else None)),
]


def indicator_table(view: IndicatorView) -> Table:
    return _table(f"指标-{view.metric}"[:31], INDICATOR_COLUMNS, view.rows)


CARD_COLUMNS: list[tuple[str, Callable[[CardLine], Cell]]] = [
    ("园区", lambda c: c.zone),
    ("目标年份", lambda c: c.horizon),
    ("指标", lambda c: c.metric),
    ("目标", lambda c: amount(c.target, c.unit)),
    ("结果", lambda c: c.label),
    ("实际", lambda c: amount(c.actual, c.unit) if c.actual else None),
    ("设定于（报告年度）", lambda c: c.set_in),
    ("判定于（报告年度）", lambda c: c.judged_in),
    ("说明", lambda c: c.note or None),
    ("此前设定", lambda c: "；".join(c.history) or None),
    ("目标原文", lambda c: c.target.get("text")),
    ("实际原文", lambda c: (c.actual or {}).get("text")),
    ("来源", lambda c: c.url),
    ("判定来源", lambda c: c.judged_url),
]
CARD_STATUS_ORDER = ("met", "missed", "unclear", "dropped", "pending")


def card_table(card: ReportCard) -> Table:
    return _table(f"目标兑现-{card.zone}"[:31], CARD_COLUMNS, card.lines)


def card_counts_table(card: ReportCard) -> Table:
    """Statuses per target year: the card's summary."""
    from monitor.workspace.card import STATUSES

    rows: list[list[Cell]] = []
    for year, counts in card.counts().items():
        rows.append([year, *(counts.get(status, 0) for status in CARD_STATUS_ORDER), sum(counts.values())])
    return Table("按年统计", ["目标年份", *(STATUSES[s] for s in CARD_STATUS_ORDER), "合计"], rows)
