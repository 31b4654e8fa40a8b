"""Delivery that loses nothing and repeats nothing.

A digest is written to the outbox together with the claim on its changes (one transaction), then
sent; a failed send leaves it pending with the error and the next run retries it. A change is
claimed once, so it is never mailed twice.

With subscriptions (monitor/delivery/subscriptions.py) every recipient gets their own outbox row holding
their part of the night, all queued in that one transaction: each recipient's digest is retried on
its own and sent once. A change goes to every recipient whose filters keep it, and is claimed by
the first of their rows; a change nobody's filters keep stays unclaimed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from config.settings import Settings
from monitor.delivery.digest import Digest, collect, narrowed
from monitor.delivery.digest_size import fit
from monitor.delivery.mailer import MailError, parse_smtp_url, send
from monitor.delivery.render import assemble, render_html, render_text
from monitor.health.alerts import mark_alerted
from storage.db import session_scope
from storage.models import Change, DigestPreview, OutboxMessage, utcnow

MAX_ATTEMPTS = 20
SKIPPED = "skipped: no longer pending (sent by another run, or given up)"


def _deliver(db_url: str, message_id: int, smtp_url: str) -> str | None:
    """Send one outbox message; returns the error, None once it is sent, or SKIPPED.

    The claim is an UPDATE of a pending row held until the outcome is written: a second run trying
    the same message waits for the row, then finds it no longer pending and skips it, so two runs
    at once never mail one digest twice; a crash mid-send rolls the claim back, so nothing is lost.
    """
    with session_scope(db_url) as session:
        claimed = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending")
            .values(attempts=OutboxMessage.attempts + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:
            return SKIPPED
        row = session.get(OutboxMessage, message_id, populate_existing=True)
        assert row is not None
        email = assemble(
            row.subject,
            row.sender,
            list(row.recipients),
            row.text,
            row.html,
            message_id=f"<digest-{row.id}.{row.created_at:%Y%m%d%H%M%S}@zonewatch>",
        )
        try:
            send(email, parse_smtp_url(smtp_url))
        except MailError as exc:
            row.last_error = str(exc)
            row.status = "failed" if row.attempts >= MAX_ATTEMPTS else "pending"
            return str(exc)
        row.status, row.sent_at, row.last_error = "sent", utcnow(), None
        return None


CLAIM_CHUNK = 500  # ids per UPDATE … IN (…): SQLite caps bound parameters


@dataclass(frozen=True)
class Audience:
    """Who gets one digest, and which part of the night: wants(item), wants_zone(zone)."""

    recipients: list[str]
    wants: Callable[[dict[str, Any]], bool] | None = None
    wants_zone: Callable[[str], bool] | None = None
    # Source health (sites failing, overdue reports) of the zones followed: for readers who follow
    # whole zones, not for those who asked only for some metrics or kinds of change.
    health: bool = True
    send_empty: bool = False  # a quiet night still gets a short note (ZONEWATCH_SEND_EMPTY_DIGEST)


def audiences(settings: Settings, recipients: list[str] | None = None) -> list[Audience]:
    """--to addresses, else one audience per subscription, else ZONEWATCH_MAIL_TO with everything.

    Raises ConfigError (file, entry, problem) when the subscriptions file is wrong.
    """
    if recipients:
        return [Audience(list(recipients), send_empty=settings.send_empty_digest)]
    if settings.subscriptions_file is not None:
        from monitor.delivery.subscriptions import load_subscriptions

        return [
            Audience(
                [sub.email],
                sub.wants,
                sub.wants_zone,
                health=not (sub.metrics or sub.changes or sub.min_change),
            )
            for sub in load_subscriptions(settings.subscriptions_file)
        ]
    if settings.mail_to:
        return [Audience(list(settings.mail_to), send_empty=settings.send_empty_digest)]
    return []


def active_sites(settings: Settings) -> set[str] | None:
    """Names of the enabled sites of the sites file; None without one (every site is reported)."""
    if settings.sites_file is None:
        return None
    from config.sites import load_sites

    return {site.name for site in load_sites(settings.sites_file) if site.enabled}


def part_for(digest: Digest, audience: Audience) -> Digest:
    """The audience's part of the night's digest (the whole of it when it has no filters)."""
    if audience.wants is None:
        return digest
    return narrowed(
        digest, audience.wants, audience.wants_zone or (lambda zone: True), with_health=audience.health
    )


def capped(digest: Digest, settings: Settings) -> Digest:
    """The digest cut to settings.digest_max_bytes of HTML, the most important items first."""
    return fit(digest, settings.digest_max_bytes, render_html, settings.ui_url)


def night_digest(
    session: Session,
    settings: Settings,
    *,
    since: dt.datetime | None = None,
    until_id: int | None = None,
    sites: set[str] | None = None,
) -> Digest:
    """The whole night: every unclaimed change and the failures of the sites still configured."""
    return collect(
        session,
        since=since,
        failures_since=since,
        sites=sites,
        until_id=until_id,
    )


def _claim(session: Session, rows: list[tuple[OutboxMessage, Digest]]) -> bool:
    """Point every change of the queued digests at the first row that carries it; False on a race."""
    wanted = 0
    claimed = 0
    taken: set[int] = set()
    for row, part in rows:
        ids = [i for i in dict.fromkeys(part.change_ids) if i not in taken]
        taken.update(ids)
        wanted += len(ids)
        for start in range(0, len(ids), CLAIM_CHUNK):
            claimed += session.execute(
                update(Change)
                .where(Change.id.in_(ids[start : start + CLAIM_CHUNK]), Change.digest_id.is_(None))
                .values(digest_id=row.id)
                .execution_options(synchronize_session=False)
            ).rowcount
    return claimed == wanted


def retry_pending(settings: Settings) -> dict[str, Any]:
    """Send again every digest still pending in the outbox: {"retried", "sent", "error"}."""
    result: dict[str, Any] = {"retried": 0, "sent": 0, "error": None}
    with session_scope(settings.db_url) as session:
        waiting = list(
            session.scalars(
                select(OutboxMessage.id).where(OutboxMessage.status == "pending").order_by(OutboxMessage.id)
            )
        )
    result["retried"] = len(waiting)
    _deliver_each(settings, waiting, result)
    return result


def _deliver_each(settings: Settings, message_ids: list[int], result: dict[str, Any]) -> None:
    """Deliver the messages in turn: each one sent adds to result["sent"]; a failure other than a
    message another process already claimed (SKIPPED) is kept in result["error"]."""
    for message_id in message_ids:
        outcome = _deliver(settings.db_url, message_id, settings.smtp_url or "")
        if outcome is None:
            result["sent"] += 1
        elif outcome != SKIPPED:
            result["error"] = outcome


def deliver_digest(
    settings: Settings,
    *,
    out: Path | None = None,
    send: bool = False,
    recipients: list[str] | None = None,
    since: dt.datetime | None = None,
    until_id: int | None = None,
    sites: set[str] | None = None,
) -> dict[str, Any]:
    """Render the night's digest (to `out`), and with send=True queue and mail one per audience.

    since: only changes computed from then on; until_id: only changes up to this id (what an analyst
    approved); sites: the configured site names (default: from settings.sites_file).
    Returns counts and the first error; a delivery failure leaves the digest queued, never lost.
    Raises ConfigError when the subscriptions or sites file is wrong, before anything is queued.
    """
    result: dict[str, Any] = {
        "changes": 0,
        "zones": 0,
        "reports": 0,
        "outbox_id": None,
        "outbox_ids": [],
        "queued": 0,
        "sent": 0,
        "retried": 0,
        "omitted": 0,
        "alerts": 0,
        "error": None,
        "out": str(out) if out else None,
    }
    targets = audiences(settings, recipients)
    if sites is None:
        sites = active_sites(settings)
    if send and not settings.smtp_url:
        result["error"] = "no SMTP server configured (ZONEWATCH_SMTP_URL or the smtp_default connection)"
        send = False
    if send and not targets:
        result["error"] = "no recipients (ZONEWATCH_MAIL_TO, ZONEWATCH_SUBSCRIPTIONS or --to)"
        send = False
    if send:
        result.update(retry_pending(settings))
    with session_scope(settings.db_url) as session:
        digest = night_digest(session, settings, since=since, until_id=until_id, sites=sites)
        result.update(
            changes=len(digest.change_ids),
            zones=digest.zone_count,
            reports=len(digest.zones),
            alerts=len(digest.alerts),
        )
        if out is not None:
            page = capped(digest, settings)
            result["omitted"] = page.omitted
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(render_html(page), encoding="utf-8")
        if not send:
            return result
        rows: list[tuple[OutboxMessage, Digest]] = []
        for audience in targets:
            part = part_for(digest, audience)
            if not part.worth_sending and not audience.send_empty:
                continue  # nothing for this reader tonight: no mail at all
            shown = capped(part, settings)
            result["omitted"] = max(result["omitted"], shown.omitted)
            row = OutboxMessage(
                subject=part.subject,
                sender=settings.mail_from,
                recipients=list(audience.recipients),
                html=render_html(shown),
                text=render_text(shown),
                change_count=len(part.change_ids),
                status="pending",
            )
            session.add(row)
            rows.append((row, part))
        session.flush()
        if not _claim(session, rows):
            # Another run mailed some of these changes meanwhile: this rendering would repeat them.
            session.rollback()
            result["error"] = "another run claimed some of these changes; nothing queued"
            return result
        result["outbox_ids"] = [row.id for row, _ in rows]
        if rows:
            mark_alerted(session, digest.health, utcnow())  # tonight's health items were mailed
    result["queued"] = len(result["outbox_ids"])
    result["outbox_id"] = result["outbox_ids"][0] if result["outbox_ids"] else None
    _deliver_each(settings, result["outbox_ids"], result)
    return result


def preview_digest(
    settings: Settings, *, out: Path | None = None, sites: set[str] | None = None, keep: bool = False
) -> dict[str, Any]:
    """What tonight's send would mail, without queuing or claiming anything (for an approval).

    Returns {"until_id": the newest change id shown (0 when none; pass it to deliver_digest so what
    is sent is what was approved), "changes", "zones", "zone_names", "alerts", "omitted", "out",
    "preview_id" (the stored preview's id with `keep`, else None), "messages": [{"to": [...],
    "subject", "changes"}]}. Raises ConfigError for a wrong file.
    """
    targets = audiences(settings)
    if sites is None:
        sites = active_sites(settings)
    with session_scope(settings.db_url) as session:
        digest = night_digest(session, settings, sites=sites)
        page = capped(digest, settings)
        html = render_html(page)
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(html, encoding="utf-8")
        preview_id = None
        if keep:
            kept = DigestPreview(
                subject=digest.subject,
                until_change_id=max(digest.change_ids, default=0),
                change_count=len(digest.change_ids),
                html=html,
            )
            session.add(kept)
            session.flush()
            preview_id = kept.id
        messages = []
        for audience in targets:
            part = part_for(digest, audience)
            if part.worth_sending or audience.send_empty:
                messages.append(
                    {
                        "to": list(audience.recipients),
                        "subject": part.subject,
                        "changes": len(part.change_ids),
                    }
                )
    return {
        "until_id": max(digest.change_ids, default=0),
        "changes": len(digest.change_ids),
        "zones": digest.zone_count,
        "zone_names": sorted({section.zone for section in digest.zones}),
        "alerts": digest.alerts,
        "omitted": page.omitted,
        "subject": digest.subject,
        "out": str(out) if out else None,
        "preview_id": preview_id,
        "messages": messages,
    }
