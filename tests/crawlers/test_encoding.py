"""Charsets as the crawler records them: what was declared, what decoded, where they disagreed."""

from __future__ import annotations

import codecs

from crawlers.encoding import decode_page

PAGE = '<html><head><meta http-equiv="Content-Type" content="text/html; charset={}"></head><body>{}</body></html>'


def test_gb2312_declared_with_gbk_characters_and_no_header_charset() -> None:
    body = PAGE.format("gb2312", "朱镕基同志视察园区").encode("gb18030")  # 镕 is not in GB2312
    decoded = decode_page(body, "text/html")
    assert "朱镕基" in decoded.text and decoded.encoding == "gb18030"
    assert decoded.charset == {"used": "gb18030", "meta": "gb18030"}


def test_header_contradicting_the_meta_is_recorded_and_the_bytes_win() -> None:
    body = PAGE.format("gbk", "管理委员会工作报告").encode("gbk")
    decoded = decode_page(body, "text/html; charset=UTF-8")
    assert "管理委员会工作报告" in decoded.text
    assert decoded.charset["conflict"] is True
    assert (decoded.charset["header"], decoded.charset["meta"]) == ("utf-8", "gb18030")


def test_utf8_bom_and_undeclared_pages() -> None:
    decoded = decode_page(codecs.BOM_UTF8 + "<p>园区概况</p>".encode(), None)
    assert decoded.text == "<p>园区概况</p>" and decoded.charset["bom"] == "utf-8"
    assert "undeclared" not in decoded.charset
    bare = decode_page("<p>高新区年度工作报告</p>".encode("gb18030"), "text/html")
    assert bare.text == "<p>高新区年度工作报告</p>" and bare.charset["undeclared"] is True
