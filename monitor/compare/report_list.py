"""Every stored document of a zone, with its classifier score and why it was or was not taken as
the zone's work report of a year: what `zonewatch reports --all` prints, so a report is never
lost without anyone being able to see why.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.compare.changes import one_per_year
from parsers.classify import THRESHOLD, score_parts
from storage.models import Document, Report, Site

PARSE_STATUS = {
    "pending": "尚未解析",
    "failed": "解析失败",
    "needs-ocr": "扫描件，需要OCR",
    "unsupported": "格式不支持",
}


def _parts_text(report: Report) -> str:
    records = [{"kind": r.kind, "value": r.value} for r in report.records]
    parts = score_parts(report.clean_text or "", report.title, records)
    return "，".join(f"{label}{points:+.2f}" for label, points in parts) or "无评分依据"


def _why_not(report: Report, session: Session) -> str:
    """Why a parsed document is not a work report (the classifier, or a sibling that is the report)."""
    document = report.document
    if document.kind == "attachment" and document.parent_id and report.report_score >= THRESHOLD:
        return "同一文章的另一附件已作为报告"
    if document.kind == "page" and report.report_score >= THRESHOLD:
        attached = [a.id for a in document.attachments]
        if attached and session.scalar(
            select(Report.id).where(Report.document_id.in_(attached), Report.is_report.is_(True))
        ):
            return "报告正文在附件中，附件已作为报告"
    return f"得分{report.report_score:.2f}低于{THRESHOLD:.2f}：{_parts_text(report)}"


def list_documents(session: Session, zone: str | None = None) -> list[dict[str, Any]]:
    """One row per stored document (zone, year, title, url, score, taken, why), by zone and year.

    `taken` is True only for the report the diff uses for its zone and plan year.
    """
    query = select(Document, Report).join(Site).outerjoin(Report, Report.document_id == Document.id)
    if zone is not None:
        query = query.where(Site.zone == zone)
    rows_in = session.execute(query).all()
    candidates: dict[str, list[Report]] = {}
    for _, report in rows_in:
        if report is not None and report.is_report and report.plan_year is not None:
            candidates.setdefault(report.zone, []).append(report)
    chosen = {r.id for reports in candidates.values() for r in one_per_year(reports)}
    rows = []
    for document, report in rows_in:
        row: dict[str, Any] = {
            "zone": report.zone if report else document.site.zone,
            "year": report.plan_year if report else None,
            "review_year": report.review_year if report else None,
            "title": (report.title if report else None) or document.title,
            "url": document.url,
            "kind": document.kind,
            "published": (report.published if report else document.published),
            "score": report.report_score if report else None,
            "taken": bool(report and report.id in chosen),
        }
        if report is None:
            status = PARSE_STATUS.get(document.parse_status, document.parse_status)
            row["why"] = status + (f"：{document.parse_error}" if document.parse_error else "")
        elif not report.is_report:
            row["why"] = _why_not(report, session)
        elif report.plan_year is None:
            row["why"] = f"工作报告，但无法判断计划年份，未参与比较（{_parts_text(report)}）"
        elif report.id not in chosen:
            row["why"] = f"{report.plan_year}年已有得分更高或更新的报告"
        else:
            row["why"] = f"工作报告：{_parts_text(report)}"
        row["published"] = row["published"].isoformat() if row["published"] else None
        rows.append(row)
    rows.sort(key=lambda r: (r["zone"], r["year"] or 0, not r["taken"], r["url"]))
    return rows
