"""What the digest says about source health: new problems, weekly reminders, recoveries — once each.

The open problems of tonight (monitor.health.sources) are kept in `health_alerts`: a problem seen for the
first time opens a row, a problem gone resolves it. The digest then shows a row as new the night it
is first mailed, again as a reminder every `remind_every_days`, and its recovery once. A second
digest the same Beijing night (another recipient, a re-run) shows the same items again: the state
moves by nights, not by mails, so nobody misses tonight's alerts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from monitor.health.sources import KIND_LABELS, HealthReport, beijing_date
from storage.models import HealthAlert


@dataclass
class HealthItem:
    """One line of the 健康状况 section."""

    kind: str
    subject: str
    zone: str
    summary: str
    since: str  # the first bad night, YYYY-MM-DD
    recovered_on: str | None = None
    alert_id: int = 0
    mailed_tonight: bool = False  # already in a digest queued this night (a re-run or another recipient)

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass
class HealthSection:
    """Tonight's 健康状况: problems mailed for the first time, weekly reminders, recoveries."""

    new: list[HealthItem] = field(default_factory=list)
    ongoing: list[HealthItem] = field(default_factory=list)
    recovered: list[HealthItem] = field(default_factory=list)

    @property
    def has_items(self) -> bool:
        return bool(self.new or self.ongoing or self.recovered)

    @property
    def has_news(self) -> bool:
        """Something not yet mailed tonight: worth a digest even when no target changed."""
        return any(not item.mailed_tonight for item in (*self.new, *self.ongoing, *self.recovered))

    @property
    def count(self) -> int:
        return len(self.new) + len(self.ongoing) + len(self.recovered)


def refresh(session: Session, report: HealthReport) -> None:
    """Open a row for each new problem, update the open ones, resolve those that went away.

    Only rows of the sites and zones the report covers are resolved, so a report limited to one
    zone never closes another zone's problems.
    """
    now = report.now
    open_rows = {
        row.key: row for row in session.scalars(select(HealthAlert).where(HealthAlert.resolved_at.is_(None)))
    }
    current = {problem.key: problem for problem in report.problems}
    covered = set(report.zones) | {site.site for site in report.sites()}
    # A site knows the night its streak ended even when no digest ran that night.
    recovered_on = {site.site: site.recovered_on for site in report.sites() if site.recovered_on}
    for key, problem in current.items():
        detail = {**problem.detail, "summary": problem.summary, "since": problem.since.isoformat()}
        row = open_rows.get(key)
        if row is None:
            session.add(
                HealthAlert(
                    key=key,
                    kind=problem.kind,
                    subject=problem.subject,
                    zone=problem.zone,
                    detail=detail,
                    opened_at=now,
                )
            )
        elif row.detail != detail:
            row.detail = detail
    for key, row in open_rows.items():
        if key not in current and (row.subject in covered or row.zone in covered):
            row.resolved_at = now
            night = (
                recovered_on.get(row.subject, report.night) if row.kind != "zone_overdue" else report.night
            )
            row.detail = {**row.detail, "recovered_on": night.isoformat()}
            if any(problem.subject == row.subject for problem in current.values()):
                # Not a recovery: the same site has another problem now (failing → changed).
                row.detail = {**row.detail, "superseded": True}
                row.recovery_alerted_at = now
    session.flush()


def _item(row: HealthAlert, mailed_tonight: bool = False) -> HealthItem:
    detail = row.detail or {}
    return HealthItem(
        kind=row.kind,
        subject=row.subject,
        zone=row.zone,
        summary=detail.get("summary", ""),
        since=detail.get("since", ""),
        recovered_on=detail.get("recovered_on"),
        alert_id=row.id,
        mailed_tonight=mailed_tonight,
    )


def section(session: Session, now: dt.datetime, rules: dict[str, Any]) -> HealthSection:
    """The items due in tonight's digest (reads only; `mark_alerted` records that they were mailed)."""
    night = beijing_date(now)
    remind = dt.timedelta(days=rules["digest"]["remind_every_days"])
    horizon = now - dt.timedelta(days=rules["digest"]["recovered_within_days"])
    rows = session.scalars(
        select(HealthAlert)
        .where(or_(HealthAlert.resolved_at.is_(None), HealthAlert.resolved_at >= horizon))
        .order_by(HealthAlert.zone, HealthAlert.kind, HealthAlert.subject, HealthAlert.id)
    )
    result = HealthSection()
    for row in rows:
        alerted = row.last_alerted_at
        tonight = alerted is not None and beijing_date(alerted) == night
        if row.resolved_at is None:
            if alerted is None or (tonight and row.last_alert == "new"):
                result.new.append(_item(row, tonight))
            elif tonight or now - alerted >= remind:
                result.ongoing.append(_item(row, tonight))
        elif (
            alerted is not None
            and not (row.detail or {}).get("superseded")
            and (row.recovery_alerted_at is None or beijing_date(row.recovery_alerted_at) == night)
        ):
            # Only problems that were mailed get a recovery line; one opened and closed between two
            # digests was never news.
            result.recovered.append(_item(row, row.recovery_alerted_at is not None))
    return result


def mark_alerted(session: Session, health: HealthSection, now: dt.datetime) -> None:
    """Record that tonight's digest carried these items (call in the transaction that queues it)."""
    night = beijing_date(now)
    for kind, items in (("new", health.new), ("reminder", health.ongoing)):
        for item in items:
            row = session.get(HealthAlert, item.alert_id)
            if row is not None and (
                row.last_alerted_at is None or beijing_date(row.last_alerted_at) != night
            ):
                row.last_alerted_at, row.last_alert = now, kind
    for item in health.recovered:
        row = session.get(HealthAlert, item.alert_id)
        if row is not None and row.recovery_alerted_at is None:
            row.recovery_alerted_at = now
    session.flush()


def tonight(
    session: Session, now: dt.datetime | None = None, rules: dict[str, Any] | None = None
) -> HealthSection:
    """Assess health now, bring the stored alerts up to date and return tonight's section.

    The alerts are refreshed in a transaction of their own, committed before `session` reads them:
    the refresh is idempotent, and the digest's own transaction must not hold SQLite's write lock
    while it collects (another run may claim changes meanwhile, which the outbox detects).
    """
    from monitor.health.sources import assess, default_rules
    from storage.models import utcnow

    rules = rules or default_rules()
    now = now or utcnow()
    with Session(session.get_bind()) as own, own.begin():
        refresh(own, assess(own, now, rules))
    return section(session, now, rules)


def open_alerts(session: Session, zone: str | None = None) -> list[HealthAlert]:
    """The unresolved problems (for the CLI and the zone page), oldest first."""
    query = select(HealthAlert).where(HealthAlert.resolved_at.is_(None)).order_by(HealthAlert.opened_at)
    if zone is not None:
        query = query.where(HealthAlert.zone == zone)
    return list(session.scalars(query))
