"""Delivery that loses nothing and repeats nothing.

A digest is written to the outbox together with the claim on its changes (one transaction), then
sent; a failed send leaves it pending with the error and the next run retries it. A change is
claimed by exactly one digest, so it is never mailed twice.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from monitor.digest import collect
from monitor.health_alerts import mark_alerted
from monitor.mailer import MailError, parse_smtp_url, send
from monitor.render import assemble, render_html, render_text
from storage.db import session_scope
from storage.models import Change, OutboxMessage, utcnow
from zonewatch.settings import Settings

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


def deliver_digest(
    settings: Settings,
    *,
    out: Path | None = None,
    send: bool = False,
    recipients: list[str] | None = None,
    since: dt.datetime | None = None,
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "changes": 0,
        "zones": 0,
        "reports": 0,
        "outbox_id": None,
        "sent": 0,
        "retried": 0,
        "error": None,
        "out": str(out) if out else None,
    }
    to = list(recipients or settings.mail_to)
    if send and not settings.smtp_url:
        result["error"] = "no SMTP server configured (ZONEWATCH_SMTP_URL or the smtp_default connection)"
        send = False
    if send and not to:
        result["error"] = "no recipients (ZONEWATCH_MAIL_TO or --to)"
        send = False
    if send:
        with session_scope(settings.db_url) as session:
            waiting = list(
                session.scalars(
                    select(OutboxMessage.id)
                    .where(OutboxMessage.status == "pending")
                    .order_by(OutboxMessage.id)
                )
            )
        for message_id in waiting:
            result["retried"] += 1
            outcome = _deliver(settings.db_url, message_id, settings.smtp_url or "")
            if outcome is None:
                result["sent"] += 1
            elif outcome != SKIPPED:
                result["error"] = outcome
    with session_scope(settings.db_url) as session:
        digest = collect(session, since=since, failures_since=since)
        result.update(changes=len(digest.change_ids), zones=digest.zone_count, reports=len(digest.zones))
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(render_html(digest), encoding="utf-8")
        if not send or (digest.is_empty and not settings.send_empty_digest):
            return result
        row = OutboxMessage(
            subject=digest.subject,
            sender=settings.mail_from,
            recipients=to,
            html=render_html(digest),
            text=render_text(digest),
            change_count=len(digest.change_ids),
            status="pending",
        )
        session.add(row)
        session.flush()
        if digest.change_ids:
            claimed = session.execute(
                update(Change)
                .where(Change.id.in_(digest.change_ids), Change.digest_id.is_(None))
                .values(digest_id=row.id)
                .execution_options(synchronize_session=False)
            ).rowcount
            if claimed != len(digest.change_ids):
                # Another run mailed some of these changes meanwhile: this rendering would repeat them.
                session.rollback()
                result["error"] = "another run claimed some of these changes; nothing queued"
                return result
        result["outbox_id"] = row.id
        mark_alerted(session, digest.health, utcnow())  # tonight's health items were mailed
    error = _deliver(settings.db_url, result["outbox_id"], settings.smtp_url or "")
    if error is None:
        result["sent"] += 1
    elif error != SKIPPED:
        result["error"] = error
    return result
