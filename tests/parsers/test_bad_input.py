"""Bad input gets a clear outcome, never an exception out of parse_bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.document import parse_bytes, parse_path

FILES = Path(__file__).with_name("files")


@pytest.mark.parametrize(
    "name,status,reason",
    [
        ("scanned.pdf", "needs-ocr", "no text layer"),
        ("corrupt.pdf", "failed", "corrupt PDF"),
        ("bomb.docx", "failed", "zip bomb"),
        ("not-a-zip.docx", "failed", "not a ZIP"),
    ],
)
def test_bad_files(name: str, status: str, reason: str) -> None:
    parsed = parse_path(FILES / name)
    assert parsed.status == status
    assert parsed.error and reason in parsed.error
    assert parsed.records == []


@pytest.mark.parametrize(
    "raw,status,reason",
    [
        (b"", "failed", "empty document"),
        (b"   \n  ", "failed", "empty document"),
        (b'<html><body><img src="a.jpg"><img src="b.jpg"></body></html>', "needs-ocr", "images"),
        # An OLE2 header with no readable directory and no name: not called a Word file.
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "unsupported", "OLE2 compound file"),
    ],
)
def test_bad_bytes(raw: bytes, status: str, reason: str) -> None:
    parsed = parse_bytes(raw, url="http://127.0.0.1/x")
    assert (parsed.status, reason in (parsed.error or "")) == (status, True)


def test_encrypted_pdf() -> None:
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(FILES / "report.pdf").pages:
        writer.add_page(page)
    writer.encrypt("secret")
    buffer = BytesIO()
    writer.write(buffer)
    parsed = parse_bytes(buffer.getvalue(), url="http://127.0.0.1/report.pdf")
    assert parsed.status == "failed" and "encrypted" in (parsed.error or "")


def test_wps_is_recorded_not_converted_and_a_broken_ofd_says_why() -> None:
    parsed = parse_bytes(b"some bytes of a file", url="http://127.0.0.1/file.wps")
    assert parsed.status == "unsupported"
    broken = parse_bytes(b"some bytes of a file", url="http://127.0.0.1/file.ofd")
    assert broken.status == "failed" and (broken.error or "").startswith("OFD not readable")


def test_five_megabyte_page_is_handled() -> None:
    paragraph = "<p>园区新闻，内容与目标无关，只是很长的文本。</p>"
    raw = ("<html><body><div id='zoom'>" + paragraph * 120_000 + "</div></body></html>").encode()
    assert len(raw) > 5_000_000
    parsed = parse_bytes(raw, url="http://127.0.0.1/big.html")
    assert parsed.status == "ok" and not parsed.is_report and len(parsed.text) <= 300_000
    assert parsed.warnings and "only its first part was read" in parsed.warnings[0]


def test_huge_inline_images_do_not_push_the_article_out() -> None:
    image = '<img src="data:image/png;base64,' + "iVBORw0KGgo" * 400_000 + '">'
    article = "<div id='zoom'><p>2024年，园区要确保新认定高新技术企业50家，地区生产总值增长6%。</p></div>"
    raw = (
        "<html><head><script>" + "var a=1;" * 200_000 + "</script></head><body>" + image + article
    ).encode()
    parsed = parse_bytes(raw + b"</body></html>", url="http://127.0.0.1/big.html")
    assert parsed.status == "ok" and parsed.warnings == []
    assert parsed.text == "2024年，园区要确保新认定高新技术企业50家，地区生产总值增长6%。"


def test_traditional_characters_are_read() -> None:
    text = "回顧2019年，全區新認定高新技術企業49家。2020年，力爭新認定高新技術企業40家。"
    parsed = parse_bytes(text.encode("utf-8"), url="http://127.0.0.1/t.txt", file_type="txt")
    assert [(r["metric"], r["value"], r["kind"]) for r in parsed.records] == [
        ("新认定高新技术企业", 49, "actual"),
        ("新认定高新技术企业", 40, "target"),
    ]


def test_a_parser_bug_on_one_document_is_its_outcome(monkeypatch: pytest.MonkeyPatch) -> None:
    import parsers.records

    def broken(text: str, **_: object) -> list[dict[str, object]]:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(parsers.records, "extract_records", broken)
    parsed = parse_bytes("回顾2019年，园区新认定高新技术企业49家。".encode(), file_type="txt")
    assert parsed.status == "failed" and parsed.error == "parser error: ZeroDivisionError: division by zero"
