"""Idempotent writes and the queries the stages share.

Every write is keyed by a natural key (site name, document URL, report document, change key), so
re-running a stage after a crash updates rows instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, select, update
from sqlalchemy.orm import Session

from config.sites import SiteConfig
from storage.documents import FetchedDocument, compress, content_hash, decompress
from storage.models import CrawlRun, Document, Report, Site, TargetRecord, utcnow
from storage.moves import moved_origins, rekey_documents
from storage.writer import write_document

# Re-exported: the crawler, the stages and the tests build documents through this module.
__all__ = ["FetchedDocument", "compress", "content_hash", "decompress"]


# --- sites and crawl runs -------------------------------------------------------------------------


def upsert_site(session: Session, config: SiteConfig) -> Site:
    """The site row of a configured site, by name; a changed address re-keys its documents (storage.moves)."""
    site = session.scalar(select(Site).where(Site.name == config.name))
    if site is None:
        site = Site(name=config.name, zone=config.zone, config=config.to_dict())
        session.add(site)
    else:
        wanted = config.to_dict()
        if site.zone != config.zone or site.config != wanted:  # no write (nor updated_at) when unchanged
            moves = moved_origins((site.config or {}).get("start_urls", []), config.start_urls)
            if moves:
                rekey_documents(session, site, moves)
            site.zone = config.zone
            site.config = wanted
    session.flush()
    return site


def upsert_sites(session: Session, configs: Iterable[SiteConfig]) -> list[Site]:
    return [upsert_site(session, config) for config in configs]


def start_crawl_run(session: Session, site: Site, full_sweep: bool = False) -> CrawlRun:
    run = CrawlRun(site_id=site.id, status="running", full_sweep=full_sweep, stats={})
    session.add(run)
    session.flush()
    return run


def finish_crawl_run(
    session: Session, run: CrawlRun, status: str, stats: dict[str, Any], reason: str | None = None
) -> CrawlRun:
    close_crawl_run(session, run.id, status, stats, reason)
    session.expire(run)
    return run


def close_crawl_run(
    db: Session | Connection, run_id: int, status: str, stats: dict[str, Any], reason: str | None = None
) -> None:
    """Record how a run ended (Core, by id: the crawler closes thousands of runs a night). An ok full
    sweep moves the site's last_full_sweep_at."""
    now = utcnow()
    row = db.execute(
        update(CrawlRun)
        .where(CrawlRun.id == run_id)
        .values(status=status, reason=reason, stats=stats, finished_at=now)
        .returning(CrawlRun.site_id, CrawlRun.full_sweep)
    ).first()
    if row is not None and row.full_sweep and status == "ok":
        db.execute(update(Site).where(Site.id == row.site_id).values(last_full_sweep_at=now))


def latest_crawl_runs(session: Session, since: dt.datetime | None = None) -> list[CrawlRun]:
    """The newest run of every site (optionally only runs started since a moment)."""
    runs: dict[int, CrawlRun] = {}
    query = select(CrawlRun).order_by(CrawlRun.started_at, CrawlRun.id)
    if since is not None:
        query = query.where(CrawlRun.started_at >= since)
    for run in session.scalars(query):
        runs[run.site_id] = run
    return list(runs.values())


# --- documents -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentValidators:
    """What the crawler needs to ask a server whether a known URL changed."""

    url: str
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    list_title: str | None
    published: dt.date | None


def save_document(session: Session, fetched: FetchedDocument) -> tuple[Document, str]:
    """Insert or update one document; returns it and 'new', 'changed' or 'unchanged'.

    The same write as the crawler's batches (`storage.writer.write_document`), in this session.
    """
    site_id = session.scalar(select(Site.id).where(Site.name == fetched.site_name))
    if site_id is None:
        raise LookupError(f"site {fetched.site_name!r} is not in the database; upsert the sites first")
    document_id, outcome = write_document(session, site_id, fetched)
    document = session.get(Document, document_id, populate_existing=True)
    assert document is not None
    return document, outcome


def touch_document(session: Session, url: str) -> bool:
    """Record that a known URL was confirmed unchanged (a 304 or a skipped list entry)."""
    document = session.scalar(select(Document).where(Document.url == url))
    if document is None:
        return False
    document.fetched_at = utcnow()
    session.flush()
    return True


def document_validators(session: Session, site_name: str) -> dict[str, DocumentValidators]:
    """Validators of every known document of a site, keyed by URL, loaded once per crawl."""
    rows = session.execute(
        select(
            Document.url,
            Document.etag,
            Document.last_modified,
            Document.content_hash,
            Document.list_title,
            Document.published,
        )
        .join(Site, Site.id == Document.site_id)
        .where(Site.name == site_name)
    )
    return {row.url: DocumentValidators(*row) for row in rows}


def document_body(document: Document) -> bytes:
    return decompress(document.raw)


def documents_to_parse(session: Session, reparse_all: bool = False, zone: str | None = None) -> list[int]:
    """Ids of the documents the parse stage should take: new or changed ones, or all of them."""
    query = select(Document.id).order_by(Document.id)
    if not reparse_all:
        query = query.where(Document.parse_status == "pending")
    if zone is not None:
        query = query.join(Site, Site.id == Document.site_id).where(Site.zone == zone)
    return list(session.scalars(query))


def mark_parsed(
    session: Session, document: Document, status: str, version: str, error: str | None = None
) -> None:
    document.parse_status = status
    document.parse_error = error
    document.parsed_at = utcnow()
    document.extractor_version = version
    session.flush()


# --- reports and records ---------------------------------------------------------------------------


def save_report(
    session: Session,
    document: Document,
    fields: dict[str, Any],
    records: Sequence[dict[str, Any]],
) -> Report:
    """Upsert the report of a document and replace its records (never append to them)."""
    report = session.scalar(select(Report).where(Report.document_id == document.id))
    if report is None:
        report = Report(document_id=document.id)
        session.add(report)
    for name, value in fields.items():
        setattr(report, name, value)
    report.parsed_at = utcnow()
    session.flush()
    session.execute(delete(TargetRecord).where(TargetRecord.report_id == report.id))
    for seq, record in enumerate(records):
        session.add(
            TargetRecord(
                report_id=report.id,
                seq=seq,
                metric=record["metric"],
                value=record.get("value"),
                unit=record.get("unit") or "",
                year=record.get("year"),
                kind=record["kind"],
                comparator=record.get("comparator") or "=",
                text=record.get("text") or "",
            )
        )
    session.flush()
    session.expire(report, ["records"])
    return report


def work_reports(session: Session, zone: str | None = None) -> list[Report]:
    """Recognised work reports, oldest plan year first, per zone."""
    query = (
        select(Report)
        .where(Report.is_report.is_(True), Report.plan_year.is_not(None))
        .order_by(Report.zone, Report.plan_year, Report.published, Report.id)
    )
    if zone is not None:
        query = query.where(Report.zone == zone)
    return list(session.scalars(query))
