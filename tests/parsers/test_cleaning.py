"""Cleaning each format into the article's text, and reading the page's metadata."""

from __future__ import annotations

from pathlib import Path

from parsers.clean_html import clean_html
from parsers.decode import decode_html
from parsers.document import parse_bytes, parse_path
from parsers.text import normalise_text

FILES = Path(__file__).with_name("files")


def test_hanweb_detail_page_body_and_metadata() -> None:
    page = clean_html((FILES / "hanweb_detail.html").read_text(encoding="utf-8"))
    assert page.title == "示范园区2024年工作报告", "the ArticleTitle meta wins over the visible <h1>"
    assert page.published == "2024-01-09 16:20"
    assert page.source == "园区办公室"
    assert page.table["发布机构"] == "示范园区管委会办公室"
    assert page.table["生成日期"] == "2024-01-12"
    assert page.table["文号"] == "", "a dash placeholder reads as empty"
    lines = page.text.split("\n")
    assert lines[0].startswith("回顾2023年，园区完成地区生产总值312.5亿元")
    assert lines[-1].startswith("附件：示范园区2024年工作报告（全文）.pdf")
    for junk in (
        "您当前的位置",
        "打印本页",
        "关闭窗口",
        "分享到",
        "浏览次数",
        "主办单位",
        "索 引 号",
        "hits",
        "首页",
    ):
        assert junk not in page.text, junk


def test_density_fallback_without_known_container() -> None:
    raw = (FILES / "no_container.html").read_text(encoding="utf-8").encode("gb18030")
    parsed = parse_bytes(raw, url="http://127.0.0.1/news/t20240112_1.html")
    assert parsed.status == "ok"
    assert parsed.text.startswith("1月12日，示例高新区召开2024年工作会议")
    assert parsed.text.endswith("力争新增上市公司2家。")
    assert "安全生产工作会议" not in parsed.text and "版权所有" not in parsed.text
    assert (parsed.review_year, parsed.plan_year) == (2023, 2024)
    assert str(parsed.published) == "2024-01-12"


def test_gbk_bytes_declared_gb2312_decode_without_replacement() -> None:
    html = '<html><head><meta charset="gb2312"></head><body><p>朱镕基、王堃·访问——园区</p></body></html>'
    text, encoding = decode_html(html.encode("gb18030"))
    assert "镕" in text and "堃" in text and "\ufffd" not in text and encoding == "gb18030"


def test_header_charset_lies_about_gbk_bytes() -> None:
    raw = '<meta charset="gb2312"><p>高新技术企业</p>'.encode("gbk")
    text, encoding = decode_html(raw, content_type="text/html; charset=UTF-8")
    assert "高新技术企业" in text and encoding == "gb18030"


def test_utf8_bom() -> None:
    text, encoding = decode_html("\ufeff<p>园区</p>".encode())
    assert text == "<p>园区</p>" and encoding == "utf-8"


def test_normalisation_of_fullwidth_spaces_and_traditional_script() -> None:
    assert (
        normalise_text("全年新認定高新技術企業４０家，\u3000\xa0完成") == "全年新认定高新技术企业40家，完成"
    )
    assert normalise_text("预计全年实现 GDP94.1 亿元") == "预计全年实现GDP94.1亿元"
    assert normalise_text("ＧＤＰ增长６．５％，Ｒ＆Ｄ投入占比３％：") == "GDP增长6.5%，R&D投入占比3%："


def test_pdf_lines_joined_headers_and_page_numbers_dropped() -> None:
    parsed = parse_path(FILES / "report.pdf")
    assert parsed.status == "ok"
    assert "同比增长8%" in parsed.text, "a figure broken over two lines reads whole"
    assert "管委会文件" not in parsed.text and "- 1 -" not in parsed.text
    values = [(r["metric"], r["value"], r["kind"]) for r in parsed.records]
    assert ("新认定高新技术企业", 40, "target") in values


def test_docx_paragraphs() -> None:
    parsed = parse_path(FILES / "report.docx")
    assert parsed.status == "ok"
    assert parsed.text.split("\n")[1].startswith("回顾2019年")
    assert any(r["value"] == 49 for r in parsed.records)


def test_mixed_utf8_page_with_a_pasted_gbk_run() -> None:
    raw = (
        "<p>回顾2019年，全区经济稳中有进。".encode()
        + "新认定高新技术企业（朱镕基题词园区）".encode("gbk")
        + "49家，同比增长12%。全区上下团结奋斗，各项事业取得新进展。</p>".encode()
    )
    text, encoding = decode_html(raw, content_type="text/html; charset=UTF-8")
    assert (
        text
        == "<p>回顾2019年，全区经济稳中有进。新认定高新技术企业（朱镕基题词园区）49家，同比增长12%。全区上下团结奋斗，各项事业取得新进展。</p>"
    )
    assert encoding == "utf-8+gbk"


def test_plain_gbk_without_any_declaration() -> None:
    text, encoding = decode_html("<p>规上工业产值完成412亿元</p>".encode("gbk"))
    assert text == "<p>规上工业产值完成412亿元</p>" and encoding == "gb18030"


def test_flattened_chrome_at_the_top_of_a_saved_text() -> None:
    saved = "\n".join(
        [
            "温馨提示:",
            "1. 本文档由用户上传,下载前请仔细阅读文档内容。",
            "网站客服:12345",
            "园区",
            "2021",
            "讲话",
            "当前位置: 首页 > 信息公开 > 政府信息公开目录",
            "信息索引号 0140X/2021-00001 生成日期 2021-01-05 公开日期 2021-01-06",
            "公开形式 网站 公开方式 主动公开 公开范围 面向社会",
            "内容概述 回顾2020年,园区新认定高新技术企业30家。",
            "示例园区2021年工作报告",
            "回顾2020年,园区新认定高新技术企业30家。",
            "2021年,园区力争新认定高新技术企业35家。",
        ]
    )
    parsed = parse_bytes(saved.encode(), file_type="txt")
    assert parsed.text.split("\n") == [
        "示例园区2021年工作报告",
        "回顾2020年,园区新认定高新技术企业30家。",
        "2021年,园区力争新认定高新技术企业35家。",
    ]
    assert [(r["value"], r["kind"]) for r in parsed.records] == [(30, "actual"), (35, "target")]


def test_trs_detail_page_without_meta_tags() -> None:
    """Title from the heading, date from the publishdate meta; the download banner, share and
    print widgets, footer, inline style and full-width figures handled."""
    parsed = parse_path(FILES / "trs_detail.html")
    assert parsed.title == "示例高新区2022年工作会议召开"
    assert str(parsed.published) == "2022-01-10"
    assert parsed.text.split("\n") == [
        "1月9日，示例高新区召开2022年工作会议，总结2021年工作，部署2022年任务。",
        "2021年，全区实现地区生产总值210亿元，同比增长8.5%。",
        "2022年，全区要确保地区生产总值增长7%，新认定高新技术企业30家。",
    ]
    assert parsed.is_report and (parsed.review_year, parsed.plan_year) == (2021, 2022)


def test_title_from_the_title_tag_skips_site_and_column_names() -> None:
    for head in (
        "示例园区管委会-示例园区召开2024年工作会议",
        "示例园区召开2024年工作会议_工作动态_示例园区管委会",
    ):
        page = clean_html(f"<html><head><title>{head}</title></head><body><p>正文内容。</p></body></html>")
        assert page.title == "示例园区召开2024年工作会议"


def test_docx_tables_stay_in_body_order(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("2024年主要目标如下：")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("指标", "目标"), ("新认定高新技术企业", "50家")], strict=True):
        row.cells[0].text, row.cells[1].text = cells
    merged = document.add_table(rows=1, cols=2)
    merged.rows[0].cells[0].merge(merged.rows[0].cells[1]).text = "合计"
    document.add_paragraph("全区上下要奋力完成上述目标。")
    document.save(tmp_path / "t.docx")
    parsed = parse_path(tmp_path / "t.docx")
    assert parsed.text.split("\n") == [
        "2024年主要目标如下：",
        "指标 | 目标",  # a data table keeps its cells apart (parsers/table_text.py)
        "新认定高新技术企业 | 50家",
        "合计",  # one row is no data table: its merged cell is read once
        "全区上下要奋力完成上述目标。",
    ]
    assert [(r["metric"], r["value"], r["kind"], r["year"]) for r in parsed.records] == [
        ("新认定高新技术企业", 50, "target", 2024)
    ]
