"""Owed fetches and the batch writer, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from config.sites import SiteConfig
from storage import pending
from storage import repository as repo
from storage.db import session_scope
from storage.models import Document, PendingFetch
from storage.writer import CrawlWriter, StorageError

SITE = SiteConfig(name="demo", zone="示例园区", start_urls=["http://127.0.0.1:8000/list.html"])
PAGE = "http://127.0.0.1:8000/art/1.html"
PDF = "http://127.0.0.1:8000/files/1.pdf"
NOW = dt.datetime(2026, 11, 30, 2, 0)


@pytest.fixture
def site_id(db_url: str) -> int:
    with session_scope(db_url) as session:
        return repo.upsert_site(session, SITE).id


def _rows(db_url: str) -> list[PendingFetch]:
    with session_scope(db_url) as session:
        return list(session.scalars(select(PendingFetch)))


def test_owed_until_stored_and_failures_back_off_then_give_up(db_url: str, site_id: int) -> None:
    with session_scope(db_url) as session:
        pending.owe(session, site_id, PAGE, [(PDF, "报告.pdf"), (PDF, "报告.pdf")], NOW)
        pending.owe(session, site_id, PAGE, [(PDF, "报告.pdf")], NOW)  # owing again changes nothing
        assert [f.url for f in pending.due(session, "demo", NOW)] == [PDF]
    nights = []
    for attempt in range(1, pending.MAX_ATTEMPTS + 1):
        with session_scope(db_url) as session:
            status = pending.fetch_failed(session, site_id, PDF, "http 503", PAGE, "报告.pdf", NOW)
        (row,) = _rows(db_url)
        assert row.attempts == attempt and row.last_error == "http 503"
        if status == "pending":
            nights.append(round((row.next_attempt_at - NOW) / pending.NIGHT))
            with session_scope(db_url) as session:
                assert pending.due(session, "demo", NOW) == [], "not before the backoff"
                assert pending.due(session, "demo", row.next_attempt_at)
    assert nights == list(pending.RETRY_AFTER_NIGHTS), "each failure waits longer"
    assert status == "given_up" and row.next_attempt_at is None
    with session_scope(db_url) as session:
        assert pending.due(session, "demo", NOW + dt.timedelta(days=365)) == []
        assert [r.status for r in pending.outstanding(session, ["demo"])] == ["given_up"]
        pending.settle(session, PDF)
    assert _rows(db_url) == []


def test_writer_commits_a_page_with_what_it_owes_in_one_batch(db_url: str, site_id: int) -> None:
    outcomes: list[str] = []
    writer = CrawlWriter(db_url, batch_size=3, max_age_s=60)
    page = repo.FetchedDocument("demo", PAGE, b"<p>cover</p>")
    writer.save("demo", page, owed=[(PDF, "报告.pdf")], done=outcomes.append)
    writer.save(
        "demo", repo.FetchedDocument("demo", PAGE.replace("1", "2"), b"<p>two</p>"), done=outcomes.append
    )
    with session_scope(db_url) as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0, "nothing before the batch"
    assert not writer.due()
    writer.save(
        "demo",
        repo.FetchedDocument("demo", PDF, b"%PDF-1.4", kind="attachment", parent_url=PAGE),
        done=outcomes.append,
    )
    assert outcomes == ["new", "new", "new"]
    with session_scope(db_url) as session:
        attachment = session.scalar(select(Document).where(Document.url == PDF))
        cover = session.scalar(select(Document).where(Document.url == PAGE))
        assert attachment.parent_id == cover.id
    assert _rows(db_url) == [], "the stored attachment is no longer owed"
    writer.save("demo", page, done=outcomes.append)
    assert writer.flush() == 1 and outcomes[-1] == "unchanged"


def test_a_refused_write_raises_one_line_and_commits_nothing(db_url: str, site_id: int) -> None:
    writer = CrawlWriter(db_url, batch_size=10)
    writer.save("demo", repo.FetchedDocument("demo", PAGE, b"<p>cover</p>"))
    writer.save("no-such-site", repo.FetchedDocument("no-such-site", PDF, b"x"))
    with pytest.raises(LookupError):
        writer.flush()
    with session_scope(db_url) as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0
    broken = CrawlWriter("sqlite:////proc/zonewatch-no-such-dir/x.db")
    broken.save("demo", repo.FetchedDocument("demo", PAGE, b"<p>cover</p>"))
    with pytest.raises(StorageError) as caught:
        broken.flush()
    assert str(caught.value).startswith("storage: ") and "\n" not in str(caught.value)
    with pytest.raises(StorageError):
        broken.save("demo", repo.FetchedDocument("demo", PAGE, b"again"))
