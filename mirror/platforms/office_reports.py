"""Fixture sites whose work report exists only as an attachment in a format beside PDF/DOCX
(issue 20, case 19's kind): the article says "详见附件" and nothing more.

- `ofdreport`: the report as a two-page OFD with text, beside the indicator table as a WPS
  spreadsheet (.et, OLE2 with a Workbook stream) and a commentary as a WPS document (.wps, OLE2
  with WordDocument and WpsCustomData streams).
- `ofdscan`: the report as an OFD whose pages are images only (no text to read).
- `wpsreport`: the report only as a .wps file.
"""

from __future__ import annotations

from html import escape

from mirror.office_files import ofd_bytes, ole_bytes
from mirror.platforms.variant_base import REPORT_WORDS, Row, VariantSite
from mirror.site import Reply, Request, html

COLUMN = "/zwgk/gzdt/"
TYPES = {"ofd": "application/ofd", "et": "application/octet-stream", "wps": "application/kswps"}


class OfdReportSite(VariantSite):
    key = "ofdreport"
    zone_name = "示例科技园"
    count = 8
    report_at = 2
    report_format = "ofd"

    def start_path(self) -> str:
        return f"{COLUMN}index.html"

    def article_path(self, row: Row) -> str:
        return f"{COLUMN}{row.date:%Y%m}/t{row.date:%Y%m%d}_{row.number}.html"

    def report_lines(self, row: Row) -> list[str]:
        words = {
            "year_before": row.date.year - 1,
            "year": row.date.year,
            "gdp": 198.6,
            "firms": 33,
            "more": 40,
        }
        return [row.title, *(line.format(**words) for line in REPORT_WORDS)]

    def files(self, row: Row) -> dict[str, tuple[str, bytes]]:
        """path → (link text, bytes) of the report article's attachments."""
        base = f"/uploadfiles/{row.date:%Y%m}/{row.number}"
        lines = self.report_lines(row)
        return {
            f"{base}_1.ofd": (f"{row.title}.ofd", ofd_bytes([lines[:2], lines[2:]], row.title)),
            f"{base}_2.et": ("主要指标表.et", ole_bytes({"Workbook": "指标".encode("utf-16-le")})),
            f"{base}_3.wps": (
                "工作报告解读.wps",
                ole_bytes({"WordDocument": b"\xec\xa5", "WpsCustomData": b"1"}),
            ),
        }

    def column_page(self) -> str:
        items = "".join(
            f'<li><a href="{self.article_path(r)}">{escape(r.title)}</a><span>{r.date.isoformat()}</span></li>'
            for r in self.rows
        )
        return f'<html><head><meta charset="utf-8"></head><body><ul class="list">{items}</ul></body></html>'

    def report_page(self, row: Row) -> Reply:
        links = "".join(
            f'<p>附件：<a href="{path}">{escape(name)}</a></p>' for path, (name, _) in self.files(row).items()
        )
        page = (
            f'<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="{escape(row.title)}">'
            f'<meta name="PubDate" content="{row.date.isoformat()}"></head><body><h1>{escape(row.title)}</h1>'
            f'<div id="zoom"><p>现将《{escape(row.title)}》全文发布，详见附件。</p>{links}</div></body></html>'
        )
        reply = html(page)
        reply.cacheable, reply.modified = True, row.date
        return reply

    def list_route(self, request: Request) -> Reply | None:
        if request.path == self.start_path():
            return html(self.column_page())
        for row in self.rows:
            if not row.is_report:
                continue
            if request.path == self.article_path(row):
                return self.report_page(row)
            found = self.files(row).get(request.path)
            if found is not None:
                suffix = request.path.rsplit(".", 1)[-1]
                reply = Reply(200, found[1], {"Content-Type": TYPES[suffix]})
                reply.cacheable, reply.modified = True, row.date
                return reply
        return None


class OfdScanSite(OfdReportSite):
    key = "ofdscan"
    zone_name = "示例物流园"

    def files(self, row: Row) -> dict[str, tuple[str, bytes]]:
        path = f"/uploadfiles/{row.date:%Y%m}/{row.number}_1.ofd"
        return {path: (f"{row.title}.ofd", ofd_bytes([[], [], []], row.title, image_only=True))}


class WpsReportSite(OfdReportSite):
    key = "wpsreport"
    zone_name = "示例航空港区"

    def files(self, row: Row) -> dict[str, tuple[str, bytes]]:
        path = f"/uploadfiles/{row.date:%Y%m}/{row.number}_1.wps"
        body = ole_bytes(
            {"WordDocument": "".join(self.report_lines(row)).encode("utf-16-le"), "WpsCustomData": b"1"}
        )
        return {path: (f"{row.title}.wps", body)}


SITES: tuple[type[OfdReportSite], ...] = (OfdReportSite, OfdScanSite, WpsReportSite)
