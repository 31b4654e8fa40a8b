"""The diff stage: every consecutive pair of a zone's work reports → rows in `changes`.

Rows are upserted by a natural key, so recomputing (after a re-parse) never duplicates; a change
that already went out in a digest is never touched again, and unsent ones that no longer hold are
removed.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

from sqlalchemy import select

from monitor.compare.diff import CHANGES, NOTES, ChangeItem, ReportView, diff_reports
from storage import repository as repo
from storage.db import session_scope
from storage.models import Change, Report


def report_view(report: Report) -> ReportView:
    return ReportView(
        report.id,
        report.zone,
        report.plan_year or 0,
        [r.as_dict() for r in report.records],
        report.title,
        report.url,
        report.published.isoformat() if report.published else None,
        report.review_year,
        report.clean_text,
    )


def one_per_year(reports: list[Report]) -> list[Report]:
    """A zone's report for each plan year: the most report-like, then the newest."""
    best: dict[int, Report] = {}
    for report in reports:
        current = best.get(report.plan_year or 0)
        rank = (report.report_score, report.published or report.parsed_at.date(), report.id)
        if current is None or rank > (
            current.report_score,
            current.published or current.parsed_at.date(),
            current.id,
        ):
            best[report.plan_year or 0] = report
    return [best[year] for year in sorted(best)]


def consecutive_pairs(session: Any, zone: str | None = None) -> list[tuple[ReportView, ReportView]]:
    by_zone: dict[str, list[Report]] = {}
    for report in repo.work_reports(session, zone):
        by_zone.setdefault(report.zone, []).append(report)
    pairs = []
    for reports in by_zone.values():
        ordered = one_per_year(reports)
        pairs.extend((report_view(a), report_view(b)) for a, b in zip(ordered, ordered[1:], strict=False))
    return pairs


def change_key(item: ChangeItem, older: ReportView, newer: ReportView) -> str:
    before = (item.previous or {}).get("metric") or ""
    after = (item.current or {}).get("metric") or ""
    raw = "|".join([item.zone, str(older.id), str(newer.id), item.change, before, after, item.unit])
    return hashlib.sha256(raw.encode()).hexdigest()


def update_changes(db_url: str, *, zone: str | None = None) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    with session_scope(db_url) as session:
        pairs = consecutive_pairs(session, zone)
        zones = {older.zone for older, _ in pairs}
        existing_query = select(Change)
        if zone is not None:
            existing_query = existing_query.where(Change.zone == zone)
        existing = {row.key: row for row in session.scalars(existing_query)}
        wanted: set[str] = set()
        for older, newer in pairs:
            for item in diff_reports(older, newer):
                key = change_key(item, older, newer)
                if key in wanted:
                    continue  # two identical records in one report: one change
                wanted.add(key)
                counts[item.change] += 1
                row = existing.get(key)
                if row is None:
                    row = existing[key] = Change(key=key)
                    session.add(row)
                elif row.digest_id is not None:
                    continue  # already mailed: keep what the readers saw
                row.zone, row.year, row.metric, row.unit = item.zone, item.year, item.metric, item.unit
                row.change, row.direction = item.change, item.direction
                row.previous, row.current = item.previous, item.current
                row.report_id, row.previous_report_id = newer.id, older.id
        for key, row in existing.items():
            # A change that no longer holds after a re-parse goes, unless a digest already carried it.
            if key not in wanted and row.digest_id is None:
                session.delete(row)
    return {
        "zones": len(zones),
        "pairs": len(pairs),
        **{kind: counts[kind] for kind in CHANGES + NOTES},
    }
