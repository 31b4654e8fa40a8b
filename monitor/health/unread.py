"""Work reports that were found but could not be read.

A zone that publishes its report only as an attachment the parser cannot read (a scanned PDF, an
OFD drawn as images, a .wps) has published it: source health must not call the report overdue,
and says instead that it was found and could not be read, with the file and the reason. A document
counts when it could not be read (`unsupported`, `failed`, `needs-ocr`) and its name or its
article's title names a work report of the year (the classifier's genre words, not a notice or a
part-year meeting). The year is the one the title names, else the plan year of its publication
date (a report published in December is next year's).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from parsers.classify import GENRE, NOTICE, PART_YEAR
from parsers.filetypes import LABELS
from storage.models import Document, Site

# Why the file was not read, as the reader is told (the parser's own reason stays in `reason`).
UNREAD = {"unsupported": "格式暂不支持", "failed": "文件无法读取", "needs-ocr": "没有文字层，需要OCR"}
YEAR = re.compile(r"(20\d\d)\s*年")
FORMAT_NAMES = {"ofd": "OFD", "pdf": "PDF", "docx": "Word", "doc": "Word", "wps": "WPS", "et": "WPS表格"}


@dataclass(frozen=True)
class UnreadReport:
    """A zone's work report for `year`, found at `url` and not read (`reason`, the parser's)."""

    zone: str
    year: int
    title: str
    file_type: str | None
    status: str
    reason: str
    url: str

    def summary(self) -> str:
        """One Chinese line for the digest, the CLI and the zone page."""
        kind = FORMAT_NAMES.get(self.file_type or "", (self.file_type or "未知格式").upper())
        return f"{self.year} 年工作报告已发布（{kind}附件《{self.title}》），未能解析：{UNREAD[self.status]}"


def _year(title: str, published: dt.date | None) -> int | None:
    named = YEAR.search(title)
    if named:
        return int(named.group(1))
    if published is None:
        return None
    return published.year + 1 if published.month == 12 else published.year


def unread_reports(session: Session, zone: str | None = None) -> dict[tuple[str, int], UnreadReport]:
    """(zone, year) → the first unread work report found for it; one query over the unread
    documents (few: the parse stage reads almost everything)."""
    parent = aliased(Document)
    query = (
        select(
            Site.zone,
            Document.title,
            Document.filename,
            Document.file_type,
            Document.parse_status,
            Document.parse_error,
            Document.published,
            Document.url,
            parent.title,
            parent.published,
        )
        .join(Site, Site.id == Document.site_id)
        .outerjoin(parent, parent.id == Document.parent_id)
        .where(Document.parse_status.in_(list(UNREAD)))
        .order_by(Document.id)
    )
    if zone is not None:
        query = query.where(Site.zone == zone)
    found: dict[tuple[str, int], UnreadReport] = {}
    for (
        zone_name,
        title,
        filename,
        kind,
        status,
        error,
        published,
        url,
        parent_title,
        parent_published,
    ) in session.execute(query):
        name = title or filename or ""
        said = f"{parent_title or ''} {name}"
        if not GENRE.search(said) or NOTICE.search(said) or PART_YEAR.search(said):
            continue
        year = _year(said, published or parent_published)
        if year is None or (zone_name, year) in found:
            continue
        reason = error or LABELS.get(kind or "", "无法读取")
        found[(zone_name, year)] = UnreadReport(zone_name, year, name or url, kind, status, reason, url)
    return found
