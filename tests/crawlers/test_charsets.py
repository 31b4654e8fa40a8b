"""Pages whose bytes are not what they declare decode right, decided from the bytes when the
declaration fails a strict decode or yields mojibake; a page no reading of which gives Chinese
says so. Pages of our own, then the real spider against the mirror's charset sites."""

from __future__ import annotations

from pathlib import Path

import pytest
from opencc import OpenCC
from sqlalchemy import select

from crawlers.encoding import decode_page
from mirror.demo_sites import write_sites_file
from mirror.expectations import FIXTURES
from mirror.server import MirrorServer
from parsers.decode import decode_html, decoded_cleanly
from parsers.document import parse_bytes
from storage.db import session_scope
from storage.models import Document
from tests.crawlers.conftest import run_crawl

TEXT = "示范高新区召开2024年工作会议，管委会主任作工作报告。2023年，全区实现地区生产总值312.5亿元，同比增长7.1%。"
TRADITIONAL = OpenCC("s2t").convert(TEXT) + "碁石園區、堃業公司參加。"
ETEN = OpenCC("s2t").convert(TEXT) + "碁石園區參加。"  # cp950 has the ETEN extensions, not HKSCS


def _page(body: str, meta: str | None) -> str:
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">' if meta else ""
    title = "工作动态" if body == TEXT else "工作動態"
    return f"<html><head>{head}<title>{title}</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize(
    ("body", "codec", "meta", "header"),
    [
        (TRADITIONAL, "big5hkscs", "gb2312", None),  # gate/big5 gateway: the original page's meta kept
        (TRADITIONAL, "big5hkscs", None, "text/html; charset=GBK"),
        (TRADITIONAL, "big5hkscs", "big5", "text/html; charset=big5"),  # ETEN/HKSCS characters too
        (ETEN, "cp950", None, "text/html"),  # undeclared Big5
        (TEXT, "gbk", None, "text/html; charset=ISO-8859-1"),
        (TEXT, "gbk", "windows-1252", None),
        (TEXT, "gbk", "utf-8", "text/html; charset=UTF-8"),
        (TEXT, "utf-8", "gb2312", None),
        (TEXT, "utf-8", None, "text/html; charset=big5"),
    ],
)
def test_the_bytes_decide_when_the_declaration_misreads_them(
    body: str, codec: str, meta: str | None, header: str | None
) -> None:
    raw = _page(body, meta).encode(codec)
    decoded = decode_page(raw, header)
    assert body in decoded.text, decoded.encoding
    assert "unclean" not in decoded.charset


def test_a_declared_charset_that_reads_cleanly_is_kept() -> None:
    assert decode_html(_page(TEXT, "gbk").encode("gbk"))[1] == "gb18030"
    assert decode_html(_page(TRADITIONAL, "big5").encode("big5hkscs"))[1] == "big5hkscs"
    # A site's configured encoding is trusted as before.
    assert decode_html(_page("园区", None).encode("gbk"), None, "gb18030")[1] == "gb18030"
    assert decoded_cleanly("ascii only page, nothing to judge"), "too little to judge is not garbled"


def test_a_page_no_reading_of_which_is_chinese_says_so() -> None:
    double = _page(TEXT * 2, "utf-8").encode("gbk").decode("latin-1").encode("utf-8")
    decoded = decode_page(double, "text/html; charset=utf-8")
    assert decoded.charset["unclean"] > 0.5
    parsed = parse_bytes(double, url="http://zone.example/a.html", file_type="html")
    assert parsed.status == "failed" and parsed.error is not None
    assert parsed.error.startswith("text not decoded cleanly (utf-8)") and not parsed.records


def test_charset_sites_crawl_to_readable_text_and_the_garbled_page_is_said(tmp_path: Path) -> None:
    keys = ("big5gate", "big5site", "latin1gbk", "garbled")
    db_url = f"sqlite:///{tmp_path / 'zonewatch.db'}"
    with MirrorServer(fixtures=True, demo=False) as mirror:
        result = run_crawl(write_sites_file(mirror, tmp_path / "sites.yaml", keys), db_url)
    for key in keys[:3]:
        stats = result.stats[f"demo-{key}"]
        assert (stats["status"], stats["garbled_pages"]) == ("ok", 0), stats
    garbled = result.stats["demo-garbled"]
    assert (garbled["status"], garbled["reason"]) == ("partial", FIXTURES["garbled"].partial)
    with session_scope(db_url) as session:
        pages = {(d.site.name, d.title): d.meta.get("charset", {}) for d in session.scalars(select(Document))}
    titles = {title for _, title in pages}
    assert "示例港區2024年工作報告" in titles and "示例碁石園區2024年工作報告" in titles
    assert "示例临港园区2024年工作报告" in titles
    assert not any("Ã" in title or "Ê" in title for title in titles), "no title is mojibake"
    unclean = [name for (name, _), charset in pages.items() if charset.get("unclean")]
    assert unclean == ["demo-garbled"], "the page that cannot be read is marked, with its list title"
