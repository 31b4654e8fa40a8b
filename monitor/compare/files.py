"""Two report files in, their change items out: what `zonewatch compare` runs, with no database.

The files are parsed exactly as the parse stage parses fetched documents (parsers.document) and
diffed by the same `diff_reports` the nightly diff stage uses, so an analyst checking two reports
they downloaded sees what the nightly digest would say about them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from monitor.compare.diff import ChangeItem, ReportView, diff_reports


class CompareError(Exception):
    """A file that cannot be compared (no text, no year): the message names the file and why.

    `status` is 2 when a file gave no text (as `zonewatch extract` exits), else 1.
    """

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Comparison:
    older: ReportView
    newer: ReportView
    items: list[ChangeItem]
    warnings: list[str] = field(default_factory=list)


def read_report(path: Path, published: dt.date | None, zone: str | None) -> tuple[ReportView, list[str]]:
    """One file as the diff sees a stored report, and warnings worth telling the analyst."""
    from parsers.document import parse_path

    if not path.is_file():
        raise CompareError(f"{path}: {'not a file' if path.exists() else 'file not found'}")
    parsed = parse_path(path, published=published)
    if parsed.status != "ok":
        raise CompareError(f"{path}: {parsed.status}: {parsed.error}", status=2)
    if parsed.plan_year is None:
        raise CompareError(f"{path}: cannot tell which year the report plans; pass its publication date")
    warnings = []
    if not parsed.is_report:
        warnings.append(
            f"{path}: not recognised as a work report (score {parsed.report_score}); compared anyway"
        )
    view = ReportView(
        None,
        zone or parsed.zone or "",
        parsed.plan_year,
        parsed.records,
        parsed.title,
        str(path),
        parsed.published.isoformat() if parsed.published else None,
        parsed.review_year,
        parsed.text,
    )
    return view, warnings


def compare_files(
    old: Path,
    new: Path,
    *,
    old_published: dt.date | None = None,
    new_published: dt.date | None = None,
    zone: str | None = None,
) -> Comparison:
    """Parse both files and diff them, `old` as the earlier report.

    Raises CompareError when a file gives no text or no plan year, or when `old` plans a later
    year than `new` and was not published first. Two files of different zones are compared (under
    `new`'s zone) with a warning.

    A document published later that looks back on an earlier year than the older one plans (a
    mid-term review after the next year's report) is compared as given, but it can neither judge
    nor drop the older one's targets: only what it sets anew is listed, with a warning.
    """
    older, old_warnings = read_report(old, old_published, zone)
    newer, new_warnings = read_report(new, new_published, zone)
    warnings = old_warnings + new_warnings
    looks_back = older.plan_year > newer.plan_year
    if looks_back:
        published_in_order = old_published and new_published and old_published <= new_published
        if not published_in_order:
            raise CompareError(
                f"{old} plans {older.plan_year}, later than {new} ({newer.plan_year}): give the older "
                "report first, or give both publication dates when the later one looks back"
            )
        warnings.append(
            f"{new} was published later but reviews {newer.reviews}, before the year {old} plans "
            f"({older.plan_year}): its figures judge and drop nothing of the older report"
        )
    if older.zone != newer.zone:
        warnings.append(
            f"the reports name different zones ({older.zone or '?'} / {newer.zone or '?'}); pass --zone"
        )
        older.zone = newer.zone
    items = diff_reports(older, newer)
    if looks_back:
        items = [item for item in items if item.change in ("new", "no_targets", "unread_targets")]
    return Comparison(older, newer, items, warnings)
