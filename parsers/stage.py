"""The parse stage: fetched documents in the database → reports and target records.

Each document is parsed in its own transaction, so one bad file is recorded as failed (with the
reason) and the rest of the batch goes on; re-parsing replaces a report's records, never appends.
A report published as an attachment (PDF/DOCX behind a short cover note) becomes one work report
that carries the article's title, date and URL; the cover note itself is then not a report.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from parsers.document import ParsedDocument, parse_bytes
from parsers.version import EXTRACTOR_VERSION
from storage import repository as repo
from storage.db import session_scope
from storage.models import Document, Report

log = logging.getLogger(__name__)


def _report_fields(document: Document, parsed: ParsedDocument) -> dict[str, Any]:
    article = document.parent if document.kind == "attachment" and document.parent else document
    return {
        "zone": document.site.zone,
        "plan_year": parsed.plan_year,
        "review_year": parsed.review_year,
        "title": article.title or parsed.title,
        "published": article.published or parsed.published,
        "url": article.url,
        "is_report": parsed.is_report,
        "report_score": parsed.report_score,
        "clean_text": parsed.text,
        "meta": {
            "horizon_years": parsed.horizon_years,
            "speaker": parsed.speaker,
            "meeting": parsed.meeting,
            "text_zone": parsed.zone,
            "file_type": parsed.file_type,
            "source_url": document.url,
            "table": parsed.table,
            "warnings": parsed.warnings,
        },
        "extractor_version": EXTRACTOR_VERSION,
    }


def _settle_cover_notes(session: Any, document: Document, report: Report) -> None:
    """Keep one work report per article: the attachment's when it is the report."""
    if document.kind == "attachment" and document.parent_id and report.is_report:
        cover = session.scalar(select(Report).where(Report.document_id == document.parent_id))
        if cover is not None:
            cover.is_report = False
        # The same report as PDF and as DOCX: the first attachment parsed stays the work report.
        sibling = session.scalar(
            select(Report)
            .join(Document, Document.id == Report.document_id)
            .where(
                Document.parent_id == document.parent_id,
                Document.id != document.id,
                Report.is_report.is_(True),
            )
        )
        if sibling is not None:
            report.is_report = False
    elif document.kind == "page" and report.is_report:
        attachment_ids = [a.id for a in document.attachments]
        if attachment_ids:
            attached = session.scalars(
                select(Report).where(Report.document_id.in_(attachment_ids), Report.is_report.is_(True))
            ).first()
            if attached is not None:
                report.is_report = False


def parse_one(db_url: str, document_id: int) -> str:
    """Parse one document in its own transaction; returns the outcome for the stats."""
    with session_scope(db_url) as session:
        document = session.get(Document, document_id)
        if document is None:
            return "missing"
        parent = document.parent
        try:
            parsed = parse_bytes(
                repo.document_body(document),
                url=document.final_url or document.url,
                file_type=document.file_type,
                content_type=document.content_type,
                encoding=document.encoding,
                published=document.published or (parent.published if parent else None),
                title_hint=document.title or (parent.title if parent else None),
                zone_hint=document.site.zone,
            )
        except Exception as exc:  # a bug on one document must not stop the night
            log.exception("parsing document %s failed", document.url)
            repo.mark_parsed(
                session, document, "failed", EXTRACTOR_VERSION, f"{type(exc).__name__}: {exc}"[:500]
            )
            return "failed"
        if parsed.status != "ok":
            repo.mark_parsed(session, document, parsed.status, EXTRACTOR_VERSION, parsed.error)
            stale = session.scalar(select(Report).where(Report.document_id == document.id))
            if stale is not None:
                session.delete(stale)
            return parsed.status
        report = repo.save_report(session, document, _report_fields(document, parsed), parsed.records)
        _settle_cover_notes(session, document, report)
        repo.mark_parsed(session, document, "ok", EXTRACTOR_VERSION)
        return "work_report" if report.is_report else "report"


def parse_documents(
    db_url: str,
    *,
    reparse_all: bool = False,
    zone: str | None = None,
    on_document: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Parse new or changed documents (or all of them); returns counts by outcome.

    on_document(done, total) is called after each document (progress for the CLI).
    """
    with session_scope(db_url) as session:
        ids = repo.documents_to_parse(session, reparse_all=reparse_all, zone=zone)
        # Articles before their attachments, so a cover note's report exists when its PDF settles it.
        kinds = dict(session.execute(select(Document.id, Document.kind).where(Document.id.in_(ids))).all())
    ids.sort(key=lambda i: (kinds.get(i) == "attachment", i))
    outcomes: Counter[str] = Counter()
    for done, document_id in enumerate(ids, start=1):
        outcomes[parse_one(db_url, document_id)] += 1
        if on_document is not None:
            on_document(done, len(ids))
    return {
        "parsed": len(ids),
        "reports": outcomes["report"] + outcomes["work_report"],
        "work_reports": outcomes["work_report"],
        "failed": outcomes["failed"],
        "needs_ocr": outcomes["needs-ocr"],
        "unsupported": outcomes["unsupported"],
        "extractor_version": EXTRACTOR_VERSION,
    }
