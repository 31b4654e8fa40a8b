"""Attachments named from their bytes (OLE2 streams, ZIP parts, magic numbers), the name only where
the bytes cannot tell; OFD read by ofdkit, or said why not. Files built here (mirror.office_files)."""

from __future__ import annotations

import io
import zipfile

import pytest

from mirror.office_files import ofd_bytes, ole_bytes
from parsers.document import parse_bytes
from parsers.filetypes import sniff

WORD = {"WordDocument": b"\xec\xa5\xc1\x00", "SummaryInformation": b"\x00"}
WPS = {"WordDocument": b"\xec\xa5\xc1\x00", "WpsCustomData": b"1"}
SHEET = {"Workbook": b"\x09\x08"}
HEADER_ONLY = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4088  # a directory that cannot be read


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("raw", "hint", "kind"),
    [
        (ole_bytes(WORD), "报告.doc", "doc"),
        (ole_bytes(WORD), "download.jsp?id=3", "doc"),
        (ole_bytes(WPS), "解读.wps", "wps"),
        (ole_bytes(WORD), "http://x/downfile.jsp?filename=ab12.wps", "wps"),
        (ole_bytes(WPS), "解读.doc", "doc"),  # a Word document written by WPS is still a .doc
        (ole_bytes(SHEET), "指标表.et", "et"),
        (ole_bytes(SHEET), "指标表.xls", "xls"),
        (ole_bytes({**SHEET, "ETExtData": b"1"}), "file.bin", "et"),
        (ole_bytes({"Book": b"\x09\x08"}), "old.xls", "xls"),
        (ole_bytes({"PowerPoint Document": b"1"}), "汇报.dps", "dps"),
        (ole_bytes({"PowerPoint Document": b"1"}), "汇报.ppt", "ppt"),
        (ole_bytes(SHEET), "指标表.doc", "xls"),  # the streams win over a wrong name
        (HEADER_ONLY, "2024年主要指标表.et", "et"),
        (HEADER_ONLY, "工作报告解读.wps", "wps"),
        (HEADER_ONLY, "attachment.bin", "ole"),
        (_zip({"word/document.xml": b"<w/>"}), "a.wps", "docx"),
        (_zip({"xl/workbook.xml": b"<x/>"}), "a.et", "xlsx"),
        (_zip({"ppt/presentation.xml": b"<p/>"}), "a", "pptx"),
        (_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}), "a", "odt"),
        (ofd_bytes([["一行"]]), "download.jsp", "ofd"),
        (_zip({"Doc_0/Document.xml": b"<d/>", "OFD.xml": b"<o/>"}), "a.zip", "ofd"),
        (_zip({"readme.txt": b"x"}), "a.ofd", "zip"),
        (b"\r\n%PDF-1.7\n1 0 obj", "a", "pdf"),
        (b"{\\rtf1\\ansi hello}", "a.doc", "rtf"),
        ("<html><body>网页另存为的“文档”</body></html>".encode(), "a.doc", "html"),
        (b"\x89PNG\r\n\x1a\n", "scan.pdf", "image"),
        (b"\x00\x01garbage", "a.pdf", "pdf"),
        ("纯文本".encode(), None, "txt"),
    ],
)
def test_file_types_from_their_bytes(raw: bytes, hint: str | None, kind: str) -> None:
    assert sniff(raw, hint) == kind


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        (ole_bytes(SHEET), "WPS Office spreadsheet (.et)"),
        (HEADER_ONLY, "WPS Office spreadsheet (.et)"),
    ],
)
def test_the_unread_kind_is_named_in_the_document(raw: bytes, label: str) -> None:
    parsed = parse_bytes(raw, url="http://zone.example/files/2024年主要指标表.et")
    assert (parsed.status, parsed.file_type) == ("unsupported", "et")
    assert parsed.error == f"{label} is recorded but not converted"
    legacy = parse_bytes(raw, url="http://zone.example/files/zbb.et", file_type="doc")
    assert legacy.file_type == "et", "a label stored before is asked of the bytes again"


REPORT = [
    [
        "示范园区2024年工作报告",
        "2023年，园区实现地区生产总值312.5亿元，同比增长7.1%；新认定高新技术企业49家。",
    ],
    ["2024年主要预期目标是：地区生产总值增长8%，新认定高新技术企业60家。"],
]


def test_an_ofd_report_is_read_in_page_order_and_gives_its_targets() -> None:
    parsed = parse_bytes(ofd_bytes(REPORT, "示范园区2024年工作报告"), url="http://z/a.ofd")
    assert (parsed.status, parsed.file_type) == ("ok", "ofd")
    text = parsed.text
    assert text.index("312.5亿元") < text.index("新认定高新技术企业60家")
    targets = {(r["metric"], r["value"]) for r in parsed.records if r["kind"] == "target"}
    assert any(value == 60 for _, value in targets) and any(value == 8 for _, value in targets), targets


@pytest.mark.parametrize(
    ("raw", "status", "reason"),
    [
        (ofd_bytes([[], []], image_only=True), "needs-ocr", "OFD of 2 pages without text objects"),
        (ofd_bytes(REPORT)[:300], "failed", "OFD not readable"),
        (
            _zip({"OFD.xml": b"<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>"}),
            "failed",
            "OFD not readable",
        ),
    ],
)
def test_an_ofd_that_cannot_be_read_says_why(raw: bytes, status: str, reason: str) -> None:
    parsed = parse_bytes(raw, url="http://z/report.ofd", file_type="ofd")
    assert parsed.status == status and parsed.error is not None and parsed.error.startswith(reason), (
        parsed.error
    )
