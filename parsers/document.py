"""One entry point for every format: raw bytes (or a file) in, a ParsedDocument out.

Bad input never raises out of here: it comes back with a status (failed, needs-ocr, unsupported)
and the reason, so the parse stage can record it and go on with the batch.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from parsers.classify import is_work_report, report_score
from parsers.compat import repair_compatibility, repair_note
from parsers.errors import ParseFailure
from parsers.filetypes import LABELS, NOT_DOCUMENTS, OLE_KINDS, looks_binary, not_a_document
from parsers.filetypes import sniff as sniff_bytes
from parsers.metadata import describe, parse_date
from parsers.text import normalise_text

log = logging.getLogger(__name__)

MAX_TEXT = 300_000  # characters given to extraction; longer pages are not reports
UNSUPPORTED = LABELS  # kinds recorded with what they are, not converted (parsers/filetypes.py)
CHROME_LINE = re.compile(
    r"^(当前位置|您当前的位置|您现在的位置|首页\s*>|内容概述|温馨提示|\d\.\s*(部分|本文档|下载)|网站客服)"
)
META_WORDS = (
    "信息索引号",
    "索引号",
    "生成日期",
    "公开日期",
    "发布机构",
    "公开时限",
    "公开方式",
    "主题(",
    "效力状况",
    "公开形式",
    "公开范围",
    "有效期",
    "公开程序",
    "体裁",
    "关键词",
    "文件编号",
    "文件下载",
)


@dataclass
class ParsedDocument:
    title: str | None = None
    zone: str | None = None
    published: dt.date | None = None
    review_year: int | None = None
    plan_year: int | None = None
    is_report: bool = False
    report_score: float = 0.0
    records: list[dict[str, Any]] = field(default_factory=list)
    horizon_years: list[int] = field(default_factory=list)
    speaker: str | None = None
    meeting: str | None = None
    text: str = ""
    file_type: str | None = None
    status: str = "ok"
    error: str | None = None
    table: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        ordered = {
            key: data[key]
            for key in (
                "title",
                "zone",
                "published",
                "review_year",
                "plan_year",
                "is_report",
                "report_score",
                "records",
            )
        }
        ordered["published"] = self.published.isoformat() if self.published else None
        for key in ("horizon_years", "speaker", "meeting", "file_type", "status", "error", "warnings"):
            ordered[key] = data[key]
        return ordered


def sniff(raw: bytes, url: str | None = None, content_type: str | None = None) -> str:
    """The file's kind from its bytes (parsers.filetypes.sniff); url may carry its name too."""
    return sniff_bytes(raw, url, content_type)


def _title_line(text: str) -> str:
    """A plain text's title: a heading-like line naming the meeting or report, else the first line."""
    lines = text.split("\n")[:20]
    for line in lines:
        if 8 <= len(line) <= 60 and re.search(r"工作会议|讲话|工作报告|动员部署|冬训", line):
            return line
    for line in lines:
        if len(line) >= 6:
            return line[:120]
    return lines[0][:120]


def _strip_chrome(text: str) -> str:
    """Flattened site chrome at the top of saved pages: breadcrumbs and the 信息公开 block."""
    lines = text.split("\n")
    kept = []
    in_head = True  # before the first real line: site names and keyword clouds ("园区", "2021", …)
    for index, line in enumerate(lines):
        if index < 25 and (CHROME_LINE.match(line) or sum(word in line for word in META_WORDS) >= 2):
            continue
        stripped = line.strip()
        if in_head and index < 25 and len(stripped) <= 4 and not re.search(r"[，。:：,]", stripped):
            continue
        in_head = in_head and len(stripped) < 8
        kept.append(line)
    return "\n".join(kept)


def _text_of(
    raw: bytes,
    kind: str,
    url: str | None,
    content_type: str | None,
    encoding: str | None,
    parsed: ParsedDocument,
) -> str:
    if kind == "pdf":
        from parsers.clean_pdf import pdf_text

        return pdf_text(raw, parsed.warnings)
    if kind == "docx":
        from parsers.clean_docx import docx_text

        return docx_text(raw, parsed.warnings)
    if kind == "ofd":
        from parsers.clean_ofd import ofd_text

        return ofd_text(raw, parsed.warnings)
    if kind in NOT_DOCUMENTS:
        raise ParseFailure("unsupported", not_a_document(raw, kind))
    if kind in UNSUPPORTED:
        raise ParseFailure("unsupported", f"{UNSUPPORTED[kind]} is recorded but not converted")
    from parsers.decode import decode_html, decoded_cleanly, garbled_share

    text, used = decode_html(raw, content_type, encoding)
    share = garbled_share(text)
    if share is not None and not decoded_cleanly(text):
        raise ParseFailure(
            "failed", f"text not decoded cleanly ({used}): {share:.0%} of its characters are garbled"
        )
    if kind == "html":
        from parsers.clean_html import clean_html
        from parsers.embedded_record import embedded_article

        # A page rendered by script from a JSON record (gkmlpt) is read from that record.
        page = clean_html(embedded_article(text) or text)
        parsed.title = page.title
        parsed.published = parse_date(page.published)
        parsed.table = page.table
        if page.truncated:
            parsed.warnings.append(f"page of {len(raw):,} bytes: only its first part was read")
        if not page.text.strip():
            images = text.lower().count("<img")
            reason = f"no text: a page of {images} images" if images else "no text in the page"
            raise ParseFailure("needs-ocr" if images else "failed", reason)
        return page.text
    return text


def parse_bytes(
    raw: bytes,
    *,
    url: str | None = None,
    file_type: str | None = None,
    content_type: str | None = None,
    encoding: str | None = None,
    published: dt.date | None = None,
    title_hint: str | None = None,
    zone_hint: str | None = None,
) -> ParsedDocument:
    kind = file_type if file_type and file_type != "html" else sniff(raw, url, content_type)
    if kind in OLE_KINDS:  # stored before OLE2 files were named by their streams: ask the bytes
        kind = sniff(raw, f"{url or ''} x.{kind}", content_type)
    if kind == "txt" and looks_binary(raw):  # a ".txt" name does not make random bytes a text
        kind = "binary"
    parsed = ParsedDocument(file_type=kind)
    try:
        return _parse(raw, parsed, url, content_type, encoding, published, title_hint, zone_hint)
    except Exception as exc:  # a bug met on one odd document is that document's outcome, not a crash
        log.exception("parsing %s failed", url)
        failed = ParsedDocument(file_type=kind, status="failed")
        failed.error = f"parser error: {type(exc).__name__}: {exc}"[:500]
        return failed


def _parse(
    raw: bytes,
    parsed: ParsedDocument,
    url: str | None,
    content_type: str | None,
    encoding: str | None,
    published: dt.date | None,
    title_hint: str | None,
    zone_hint: str | None,
) -> ParsedDocument:
    from parsers.records import extract_records

    kind = parsed.file_type or "txt"
    if not raw.strip():
        parsed.status, parsed.error = "failed", "empty document"
        return parsed
    try:
        text = _text_of(raw, kind, url, content_type, encoding, parsed)
    except ParseFailure as failure:
        parsed.status, parsed.error = failure.status, failure.reason
        return parsed
    text, repaired = repair_compatibility(text)  # ⻓ and 长 are one character to every later stage
    if parsed.title:
        parsed.title, in_title = repair_compatibility(parsed.title)
        repaired.update(in_title)
    note = repair_note(repaired)
    if note:
        parsed.warnings.append(note)
    text = normalise_text(_strip_chrome(text))
    if len(text) > MAX_TEXT:
        parsed.warnings.append(f"text of {len(text):,} characters: only the first {MAX_TEXT:,} were read")
        text = text[:MAX_TEXT]
    if len(text) < 20:
        parsed.status, parsed.error = "failed", f"too little text ({len(text)} characters)"
        parsed.text = text
        return parsed
    parsed.text = text
    if parsed.title is None:
        parsed.title = title_hint or _title_line(text)
    elif title_hint and len(title_hint) > len(parsed.title):
        parsed.title = title_hint
    meta = describe(text, published=published or parsed.published, url=url)
    parsed.published = meta.published
    parsed.review_year, parsed.plan_year = meta.review_year, meta.plan_year
    parsed.horizon_years, parsed.speaker, parsed.meeting = meta.horizon_years, meta.speaker, meta.meeting
    parsed.zone = zone_hint or meta.zone
    if parsed.meeting and (parsed.title is None or len(parsed.title) > 60):
        # A lead paragraph is no title; the meeting's name is what readers call the report.
        zone = parsed.zone or ""
        named = (zone and zone in parsed.meeting) or re.search(
            r"开发区|高新区|经开区|园区?工委", parsed.meeting
        )
        parsed.title = parsed.meeting if named else zone + parsed.meeting
    parsed.records = extract_records(
        text, review_year=meta.review_year, plan_year=meta.plan_year, warnings=parsed.warnings
    )
    parsed.report_score = report_score(text, parsed.title, parsed.records)
    parsed.is_report = is_work_report(parsed.report_score)
    return parsed


def parse_path(path: Path, *, published: dt.date | None = None) -> ParsedDocument:
    raw = path.read_bytes()
    kind = path.suffix.lower().lstrip(".")
    file_type = {"htm": "html", "html": "html", "shtml": "html", "txt": "txt"}.get(kind)
    if file_type == "txt":
        parsed = parse_bytes(raw, url=str(path), file_type="txt", published=published)
    else:
        parsed = parse_bytes(raw, url=str(path), published=published)
    return parsed
