"""A zone's report card: every target its work reports set, its horizon, and how it ended.

Built on the diff layer's own verdicts, never a second logic: the targets are each report's targets
as the diff reads them (monitor.compare.diff.ReportView.targets: tiers folded, quoted targets apart),
and how each ended is the stored change that judged it (`met`, `missed`, `unclear`, `progress`,
`dropped` rows of the `changes` table, written by monitor.compare.changes.update_changes). A target
restated for the same horizon by a later report (到2025年…, again the next year) is one line whose
latest wording is the one judged. Statuses are the issue's vocabulary:

    met 完成 · missed 未完成 · unclear 无法判断 · dropped 未再提及 · pending 未到期

A target no report has judged is `pending` while its year is not over; after that it is `unclear`
and the line says why (no report reviews that year yet, a year's report is missing, or the report
that reviews it gives no comparable actual).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from monitor.compare.changes import one_per_year, report_view
from monitor.compare.diff import ReportView
from monitor.compare.outcomes import zone_story
from monitor.compare.present import amount
from storage.models import Change, Report

STATUSES = {
    "met": "完成",
    "missed": "未完成",
    "unclear": "无法判断",
    "dropped": "未再提及",
    "pending": "未到期",
}
VERDICTS = ("met", "missed", "unclear", "progress")
Key = tuple[int | None, str, str, Any]


@dataclass
class CardLine:
    """One target of the zone and how it ended. `target` and `actual` are sides as the diff stores
    them (value, unit, comparator, text, year, report_year, tiers)."""

    zone: str
    metric: str
    unit: str
    horizon: int  # the year the target is for
    set_in: int  # plan year of the report that set it (its latest restatement)
    target: dict[str, Any]
    status: str = "pending"
    actual: dict[str, Any] | None = None
    judged_in: int | None = None  # plan year of the report whose review judged it
    note: str = ""
    url: str | None = None  # the report that set it
    judged_url: str | None = None
    history: list[str] = field(default_factory=list)  # earlier settings of the same horizon
    change_id: int | None = None  # the stored verdict that judged it

    @property
    def label(self) -> str:
        return STATUSES[self.status]


@dataclass
class ReportCard:
    zone: str
    lines: list[CardLine]
    reports: list[int]  # plan years of the reports read

    def counts(self) -> dict[int, Counter[str]]:
        """Statuses per horizon year, oldest first."""
        years: dict[int, Counter[str]] = {}
        for line in self.lines:
            years.setdefault(line.horizon, Counter())[line.status] += 1
        return dict(sorted(years.items()))

    def totals(self) -> Counter[str]:
        return Counter(line.status for line in self.lines)


def _key(report_id: int | None, side: dict[str, Any] | None) -> Key:
    side = side or {}
    return (report_id, side.get("metric") or "", side.get("text") or "", side.get("value"))


def _target_key(view: ReportView, target: dict[str, Any]) -> Key:
    return (view.id, target.get("metric") or "", target.get("text") or "", target.get("value"))


def _side(target: dict[str, Any], view: ReportView) -> dict[str, Any]:
    keys = ("value", "unit", "comparator", "text", "year", "tiers", "metric")
    return {**{k: target.get(k) for k in keys}, "report_year": view.plan_year}


def _undecided(line: CardLine, later: list[ReportView], this_year: int) -> None:
    """Status and note of a target no stored change judged."""
    reviewing = [v for v in later if v.reviews >= line.horizon]
    if any(v.reviews == line.horizon for v in reviewing):
        judge = next(v for v in reviewing if v.reviews == line.horizon)
        line.status, line.judged_in = "unclear", judge.plan_year
        line.note = f"{judge.plan_year}年报告未给出可对比的{line.horizon}年实际数"
    elif reviewing:
        line.status = "unclear"
        line.note = f"缺少回顾{line.horizon}年的报告"
    elif line.horizon >= this_year:
        line.status = "pending"
    else:
        line.status = "unclear"
        line.note = f"尚无回顾{line.horizon}年的报告"


def report_card(session: Session, zone: str, today: dt.date | None = None) -> ReportCard:
    """The zone's report card (one report per plan year, as the diff chooses). `today` (a Beijing
    date) decides which years are not over yet. Raises LookupError when the zone has no work report."""
    today = today or (dt.datetime.now(dt.UTC) + dt.timedelta(hours=8)).date()
    reports = one_per_year(
        list(
            session.scalars(
                select(Report)
                .where(Report.zone == zone, Report.is_report.is_(True), Report.plan_year.is_not(None))
                .options(selectinload(Report.records))
            )
        )
    )
    if not reports:
        raise LookupError(f"zone {zone!r} has no recognised work report")
    views = [report_view(r) for r in reports]
    urls = {r.id: r.url for r in reports}
    plan_years = {r.id: r.plan_year for r in reports}
    verdicts: dict[Key, Change] = {}
    dropped: set[Key] = set()
    chained: dict[Key, Key] = {}  # a target → its restatement for the same horizon in the next report
    changes = list(session.scalars(select(Change).where(Change.zone == zone).order_by(Change.id)))
    for change in changes:
        old = _key(change.previous_report_id, change.previous)
        if change.change in VERDICTS:
            verdicts.setdefault(old, change)
        elif change.change == "dropped":
            dropped.add(old)
        elif change.change in ("changed", "unchanged"):
            before, after = change.previous or {}, change.current or {}
            older_year = plan_years.get(change.previous_report_id or -1)
            horizon = before.get("year")
            if horizon is not None and horizon == after.get("year") and older_year and horizon > older_year:
                chained[old] = _key(change.report_id, after)

    lines: list[CardLine] = []
    open_lines: dict[Key, CardLine] = {}  # the latest restatement of each line → the line
    latest: dict[int, Key] = {}
    for view in views:
        for target in view.targets():
            key = _target_key(view, target)
            side = _side(target, view)
            line = next(
                (open_lines.pop(k) for k, nxt in chained.items() if nxt == key and k in open_lines), None
            )
            if line is None:
                line = CardLine(
                    zone,
                    target.get("metric") or "",
                    target.get("unit") or "",
                    target.get("year") or view.plan_year,
                    view.plan_year,
                    side,
                    url=urls.get(view.id),
                )
                lines.append(line)
            else:
                line.history.append(f"{line.set_in}年报告：{amount(line.target, line.unit)}")
                line.set_in, line.target, line.url = view.plan_year, side, urls.get(view.id)
                line.metric = target.get("metric") or line.metric
            open_lines[key] = line
            latest[id(line)] = key

    used: set[Key] = set()
    for index, view in enumerate(views):
        for line in lines:
            if line.set_in != view.plan_year:
                continue
            key = latest[id(line)]
            change = verdicts.get(key)
            if change is not None:
                used.add(key)
                _judged(line, change, urls, plan_years, today.year)
            elif key in dropped:
                line.status = "dropped"
            else:
                _undecided(line, views[index + 1 :], today.year)

    # Verdicts on targets the reviewing report quotes (no report here set them): lines of their own.
    for key, change in verdicts.items():
        if key in used or change.previous is None:
            continue
        before = change.previous
        line = CardLine(
            zone,
            before.get("metric") or change.metric,
            before.get("unit") or change.unit,
            before.get("year") or change.year,
            before.get("report_year") or change.year,
            dict(before),
            url=urls.get(change.report_id or -1),
            note="回顾时引用的目标",
        )
        _judged(line, change, urls, plan_years, today.year)
        lines.append(line)
    # The digest's own words for each verdict: the re-set of its target by the newer report, why no
    # verdict could be given, what judgment pairing the two sides took (one story per target).
    told = {view["id"]: view["note"] for view in zone_story(changes)[0] if view.get("note")}
    for line in lines:
        if line.change_id in told:
            line.note = "；".join(part for part in (line.note, told[line.change_id]) if part)
    lines.sort(key=lambda line: (line.horizon, line.set_in, line.metric))
    return ReportCard(zone, lines, [v.plan_year for v in views])


def _judged(
    line: CardLine, change: Change, urls: dict[int, str | None], plan_years: dict[int, int | None], year: int
) -> None:
    line.actual = dict(change.current or {}) or None
    line.change_id = change.id
    line.judged_in = plan_years.get(change.report_id or -1)
    line.judged_url = urls.get(change.report_id or -1)
    if change.change == "progress":
        # A part-year figure (1—11月) tells how far the year got, not how it ended.
        line.status = "pending" if line.horizon >= year else "unclear"
        line.note = "仅有部分月份的数据"
    else:
        line.status = change.change
