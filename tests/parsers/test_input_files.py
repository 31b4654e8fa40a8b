"""PDF and DOCX text layers as real report files have them, and `zonewatch extract` on each outcome.

Every file is built here (tests/parsers/pdf_builder.py, docx_builder.py) from short inputs of our
own; none is a copy of a shared case.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from parsers.clean_pdf import pdf_text
from parsers.document import parse_bytes
from parsers.errors import ParseFailure
from parsers.pdf_layer import unreadable_share
from tests.parsers.docx_builder import (
    alt_chunk,
    build_docx,
    control,
    deleted,
    inserted,
    moved_away,
    paragraph,
    run,
)
from tests.parsers.pdf_builder import build_pdf, random_codes, random_glyph_ids
from tests.zonewatch.test_output import row_of, table_after
from zonewatch.cli import main

TITLE = "云川经开区2024年工作报告"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _records(parsed) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {(r["metric"], r["value"], r["unit"], r["year"], r["kind"]) for r in parsed.records}


# --- PDF ------------------------------------------------------------------------------------------


def test_a_gap_after_the_decimal_point_is_closed() -> None:
    raw = build_pdf(
        [
            [
                TITLE,
                "一、2023年工作回顾",
                ["全年完成工业总产值58.", 300, "4亿元，同比增长6.", 250, "9%，引进外资2.", 300, "06亿美元。"],
                "二、2024年主要目标",
                ["力争工业总产值增长7.", 300, "5%。"],
            ]
        ]
    )
    parsed = parse_bytes(raw, file_type="pdf")
    got = _records(parsed)
    assert ("工业总产值", 58.4, "亿元", 2023, "actual") in got
    assert ("工业总产值同比增长", 6.9, "%", 2023, "actual") in got
    assert ("引进外资", 2.06, "亿美元", 2023, "actual") in got
    assert ("工业总产值增长", 7.5, "%", 2024, "target") in got
    assert not any(value in (4, 9, 6, 5) for _, value, *_ in got), got
    assert "一、2023年工作回顾\n" in parsed.text, "a short heading ends its paragraph"


def test_a_sentence_cut_by_a_page_break_reads_whole_and_the_title_stays() -> None:
    page_one = [TITLE, "一、2023年工作回顾", "2023年，全区新认定高新技术企业37家，实际利用外资达到"]
    page_two = [
        TITLE,
        "3.6亿美元，同比增长4.2%。",
        "二、2024年工作安排",
        "全年新认定高新技术企业45家。",
        "- 2 -",
    ]
    parsed = parse_bytes(build_pdf([[*page_one, "- 1 -"], page_two]), file_type="pdf")
    assert parsed.title == TITLE
    assert parsed.text.count(TITLE) == 1, "the running header is gone, the title is not"
    assert "- 2 -" not in parsed.text
    got = _records(parsed)
    assert ("实际利用外资", 3.6, "亿美元", 2023, "actual") in got
    assert ("实际利用外资同比增长", 4.2, "%", 2023, "actual") in got
    assert not any(metric == "同比增长" for metric, *_ in got)


def test_a_letterhead_on_every_page_goes_and_a_numbered_footer_too() -> None:
    pages = [
        [
            "云川经开区管委会文件",
            f"{TITLE[:-4]}第{n}部分",
            f"全区第{n}季度新增企业{10 + n}家。",
            f"共3页 第{n}页",
        ]
        for n in (1, 2, 3)
    ]
    text = pdf_text(build_pdf(pages))
    assert "管委会文件" not in text
    assert "共3页" not in text
    assert "新增企业11家" in text and "新增企业13家" in text


@pytest.mark.parametrize(
    ("pages", "font"),
    [
        ([random_codes(20), random_codes(20, seed=4)], "glyph-names"),
        ([[TITLE, "全区实现地区生产总值88.2亿元，同比增长6.1%。"] * 6], "private-use"),
        ([random_glyph_ids(20), random_glyph_ids(20, seed=6)], "glyph-ids"),
    ],
    ids=["glyph-names", "private-use", "glyph-ids"],
)
def test_a_text_layer_without_unicode_needs_ocr(pages: list, font: str) -> None:
    parsed = parse_bytes(build_pdf(pages, font=font), file_type="pdf")
    assert parsed.status == "needs-ocr"
    assert "no Unicode mapping" in (parsed.error or "")
    assert parsed.records == []


def test_one_unreadable_page_among_readable_ones_is_named() -> None:
    readable = [TITLE, "2023年，全区新增规上工业企业21家。", "全区完成固定资产投资45亿元。"]
    warnings: list[str] = []
    pages = [readable, readable[1:], readable[1:], random_codes(20)]
    text = pdf_text(build_pdf(pages, font=["unicode"] * 3 + ["glyph-names"]), warnings)
    assert "新增规上工业企业21家" in text and "/G" not in text
    assert len(warnings) == 1 and "1 of 4 pages" in warnings[0] and "pages 4 " in warnings[0]


def test_a_scanned_body_behind_a_typed_cover_needs_ocr() -> None:
    cover = [TITLE, "云川经济技术开发区管理委员会", "2024年1月"]
    with pytest.raises(ParseFailure) as failure:
        pdf_text(build_pdf([cover, [], [], []]))
    assert failure.value.status == "needs-ocr" and "3 of 4 pages have no text layer" in failure.value.reason


def test_one_blank_page_is_a_warning() -> None:
    body = [TITLE, "2023年，全区新增规上工业企业21家。", "全区完成固定资产投资45亿元。"]
    warnings: list[str] = []
    text = pdf_text(build_pdf([body, [], body[1:]]), warnings)
    assert "45亿元" in text
    assert warnings == ["1 of 3 pages have no text layer (scanned?): pages 2"]


def test_a_page_pypdf_fails_on_costs_that_page_only() -> None:
    """pypdf logs and skips most damage itself, so its rare exception is staged with a page that raises."""
    from parsers.clean_pdf import _page_texts

    class Broken:
        def extract_text(self) -> str:
            raise KeyError("/Font")

    class Fine:
        def extract_text(self) -> str:
            return "全区新增企业21家。\x00"

    texts, broken = _page_texts([Fine(), Broken(), Fine()])
    assert texts == ["全区新增企业21家。", "", "全区新增企业21家。"]
    assert broken == [(2, "KeyError: '/Font'")]


def test_unreadable_share_counts_codes_not_chinese() -> None:
    assert unreadable_share("全区实现地区生产总值88.2亿元，同比增长6.1%。“十四五”—①") == 0
    assert unreadable_share("/G73/G47/GA8/GE9") == 1
    assert unreadable_share("(cid:12)(cid:345)") == 1
    assert unreadable_share("\ue001\ue002全区") == 0.5
    assert unreadable_share("   ") == 0


def test_real_chinese_is_readable_in_either_script() -> None:
    text = "全区实现地区生产总值88.2亿元，同比增长6.1%，新认定高新技术企业49家，引进重大项目12个。"
    from opencc import OpenCC

    assert unreadable_share(text * 3) == 0
    assert unreadable_share(OpenCC("s2t").convert(text) * 3) == 0


def test_two_figures_side_by_side_stay_apart() -> None:
    from parsers.text import clean_line

    assert clean_line("地区生产总值 312.5 7.1") == "地区生产总值312.5 7.1"
    assert clean_line("增长 3.7 个百分点") == "增长3.7个百分点"


def test_a_corrupt_pdf_is_a_failure_not_a_crash() -> None:
    with pytest.raises(ParseFailure) as failure:
        pdf_text(build_pdf([[TITLE]])[:200])
    assert failure.value.status == "failed"


# --- DOCX -----------------------------------------------------------------------------------------


def test_docx_content_controls_and_tracked_insertions_are_read() -> None:
    raw = build_docx(
        control(paragraph(TITLE) + paragraph("一、2023年工作回顾")),
        paragraph(
            "全年新增上市企业",
            inserted("3家"),
            "，",
            deleted("5家，"),
            "完成技改投资",
            control(run("12.5")),
            "亿元。",
        ),
        paragraph("规上工业产值", moved_away("突破100亿元，"), "增长9.5%。"),
        "<w:tbl><w:tr><w:tc>"
        + paragraph("专利授权")
        + "</w:tc><w:tc>"
        + control(paragraph("860件"))
        + "</w:tc></w:tr></w:tbl>",
    )
    parsed = parse_bytes(raw, file_type="docx")
    assert parsed.status == "ok"
    assert parsed.title == TITLE
    assert parsed.text.split("\n")[:2] == [TITLE, "一、2023年工作回顾"]
    assert "全年新增上市企业3家，完成技改投资12.5亿元。" in parsed.text
    assert "5家" not in parsed.text, "a tracked deletion is not read"
    assert "突破100亿元" not in parsed.text, "text moved away is not read twice"
    assert "专利授权860件" in parsed.text, "a control inside a table cell is read"
    got = {(m, v, u) for m, v, u, *_ in _records(parsed)}
    assert {("新增上市企业", 3, "家"), ("技改投资", 12.5, "亿元"), ("规上工业产值增长", 9.5, "%")} <= got


def test_docx_runs_wrapped_in_other_elements_are_read_once() -> None:
    smart = f'<w:smartTag w:uri="urn:x" w:element="place">{run("云川")}</w:smartTag>'
    link = f'<w:hyperlink w:anchor="a">{run("经开区")}</w:hyperlink>'
    field = f'<w:fldSimple w:instr=" DOCPROPERTY 产值 ">{run("88.6")}</w:fldSimple>'
    custom = f'<w:customXml w:element="figure">{run("亿元")}</w:customXml>'
    choice = f'<mc:Choice Requires="wps">{run("，同比增长6%")}</mc:Choice>'
    fallback = f"<mc:Fallback>{run('，同比增长6%')}</mc:Fallback>"
    alternate = f'<mc:AlternateContent xmlns:mc="{MC}">{choice}{fallback}</mc:AlternateContent>'
    raw = build_docx(paragraph(smart, link, "2023年实现工业总产值", field, custom, alternate, "。"))
    text = parse_bytes(raw, file_type="docx").text
    assert text == "云川经开区2023年实现工业总产值88.6亿元，同比增长6%。"


def test_docx_embedded_html_is_read_and_other_embeds_are_named() -> None:
    html = "<html><body><p>2023年，全区引进项目46个。</p><p>实际利用外资2.1亿美元。</p></body></html>"
    raw = build_docx(
        paragraph(TITLE),
        alt_chunk("page"),
        alt_chunk("letter"),
        paragraph("全年新增企业30家。"),
        parts={"page": ("text/html", html.encode("gbk")), "letter": ("application/rtf", b"{\\rtf1 x}")},
    )
    parsed = parse_bytes(raw, file_type="docx")
    assert parsed.text.split("\n") == [
        TITLE,
        "2023年，全区引进项目46个。",
        "实际利用外资2.1亿美元。",
        "全年新增企业30家。",
    ]
    assert parsed.warnings == ["DOCX embeds 1 parts not read (application/rtf)"]


# --- HTML ---------------------------------------------------------------------------------------


def test_html_ruby_readings_are_not_text() -> None:
    html = (
        "<html><body><div class='article'><p><ruby>經<rp>(</rp><rt>jīng</rt><rp>)</rp></ruby>開"
        "<ruby>區<rt>qū</rt></ruby>全年實現工業總產值128億元，同比增長9.5%。</p></div></body></html>"
    )
    parsed = parse_bytes(html.encode(), file_type="html")
    assert "jīng" not in parsed.text and "qū" not in parsed.text
    assert ("工业总产值", 128, "亿元") in {(m, v, u) for m, v, u, *_ in _records(parsed)}


# --- CLI ------------------------------------------------------------------------------------------


def test_extract_that_gives_no_text_says_why_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "glyphs.pdf"
    path.write_bytes(build_pdf([random_codes(20)], font="glyph-names"))
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(
        f"zonewatch extract: {path}: needs-ocr: text layer has no Unicode mapping"
    )
    # The outcome on stdout all the same: no title, the status in the analyst's words.
    document = table_after(result.stdout, "文档：")
    assert row_of(document, 项目="标题")["内容"] == "（无标题）"
    assert row_of(document, 项目="状态")["内容"] == "需要 OCR"
    assert "None" not in result.stdout
    as_json = CliRunner().invoke(main, ["extract", str(path), "--json"])
    assert as_json.exit_code == 2 and json.loads(as_json.stdout)["status"] == "needs-ocr"
    assert "needs-ocr" in as_json.stderr


def test_extract_of_an_empty_file_fails_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 2 and result.stderr.strip().endswith("failed: empty document")


def test_extract_warns_on_stderr_about_pages_not_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.pdf"
    readable = [TITLE, "2023年，全区新增规上工业企业21家。"]
    path.write_bytes(
        build_pdf([readable, readable, readable, random_codes(20)], font=["unicode"] * 3 + ["glyph-names"])
    )
    result = CliRunner().invoke(main, ["extract", str(path), "--json"])
    assert result.exit_code == 0
    assert "warning: text layer has no Unicode mapping on 1 of 4 pages" in result.stderr
    assert json.loads(result.stdout)["records"]


def test_extract_of_a_file_that_cannot_be_read_is_one_line() -> None:
    # /proc/self/mem exists but reading it from the start fails with EIO: a real I/O error.
    result = CliRunner().invoke(main, ["extract", "/proc/self/mem"])
    assert (
        result.exit_code == 1 and result.stderr == "Error: cannot read /proc/self/mem: Input/output error\n"
    )
