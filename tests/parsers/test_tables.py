"""Indicator tables in HTML, DOCX and PDF files (built here) through `zonewatch extract --json`:
the cleaners keep rows × cells apart and merged cells repeated, so each figure gets its column's
year, kind and unit. Layout tables (a page laid out in a grid) still read as paragraphs."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from parsers.clean_html import clean_html
from tests.parsers.docx_builder import W, build_docx, paragraph
from tests.parsers.pdf_builder import build_pdf
from zonewatch.cli import main


def _extract(path: Path) -> dict:
    result = CliRunner().invoke(main, ["extract", str(path), "--json", "--published", "2024-02-20"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _brief(data: dict) -> list[tuple]:
    return [
        (r["metric"], r["value"], r["unit"], r["year"], r["kind"], r["comparator"]) for r in data["records"]
    ]


def _cell(text: str, span: int = 1, merge: str | None = None) -> str:
    props = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (
        f'<w:vMerge w:val="{merge}"/>' if merge == "restart" else "<w:vMerge/>" if merge else ""
    )
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraph(text) if text else '<w:p/>'}</w:tc>"


def _table(*rows: str) -> str:
    return f'<w:tbl xmlns:w="{W}">' + "".join(f"<w:tr>{row}</w:tr>" for row in rows) + "</w:tbl>"


def test_docx_table_with_merged_cells(tmp_path: Path) -> None:
    table = _table(
        _cell("序号") + _cell("指标名称", span=2) + _cell("2023年完成") + _cell("2024年目标"),
        _cell("1", merge="restart")
        + _cell("固定资产投资", merge="restart")
        + _cell("工业投资")
        + _cell("56.2亿元")
        + _cell("60亿元"),
        _cell("", merge="continue")
        + _cell("", merge="continue")
        + _cell("技改投资")
        + _cell("18.5亿元")
        + _cell("20亿元以上"),
        _cell("2") + _cell("新增规上企业", span=2) + _cell("31家") + _cell("35家"),
    )
    path = tmp_path / "plan.docx"
    path.write_bytes(build_docx(paragraph("某高新区2024年工作报告"), paragraph("附表：主要经济指标"), table))
    data = _extract(path)
    assert _brief(data) == [
        ("固定资产投资工业投资", 56.2, "亿元", 2023, "actual", "="),
        ("固定资产投资工业投资", 60, "亿元", 2024, "target", "="),
        ("固定资产投资技改投资", 18.5, "亿元", 2023, "actual", "="),
        ("固定资产投资技改投资", 20, "亿元", 2024, "target", ">="),
        ("新增规上企业", 31, "家", 2023, "actual", "="),
        ("新增规上企业", 35, "家", 2024, "target", "="),
    ]
    assert data["records"][2]["text"] == "1 | 固定资产投资 | 技改投资 | 18.5亿元 | 20亿元以上"


HTML = """<html><head><meta name="ArticleTitle" content="某经开区2023年计划执行情况和2024年计划草案"></head>
<body><div class="TRS_Editor">
<p>2023年，全区实现财政总收入86.3亿元。</p>
<p>表1 2023年主要指标完成情况</p>
<table border="1"><tr><th rowspan="2">指标</th><th colspan="2">2023年</th></tr>
<tr><th>目标</th><th>完成</th></tr>
<tr><td>财政总收入（亿元）</td><td>85</td><td>86.3</td></tr>
<tr><td>外贸进出口增长（%）</td><td><p>确保6，</p><p>力争8</p></td><td>-2.4</td></tr>
</table>
<table><tr><td><table><tr><td>网站首页</td><td>政务公开</td></tr></table></td><td>联系我们</td></tr></table>
</div></body></html>"""


def test_html_table_with_row_and_column_spans(tmp_path: Path) -> None:
    path = tmp_path / "plan.html"
    path.write_text(HTML, encoding="utf-8")
    assert _brief(_extract(path)) == [
        (
            "财政总收入",
            86.3,
            "亿元",
            2023,
            "actual",
            "=",
        ),  # the prose clause; the table's copy is the same fact
        ("财政总收入", 85, "亿元", 2023, "target", "="),
        ("外贸进出口增长", 6, "%", 2023, "target", "="),
        ("外贸进出口增长", 8, "%", 2023, "target", "="),
        ("外贸进出口增长", -2.4, "%", 2023, "actual", "="),
    ]


def test_a_layout_table_is_not_written_as_cells() -> None:
    page = clean_html(HTML)
    assert "指标 | 2023年目标 | 2023年完成" not in page.text  # two header rows merged only when read
    assert "指标 | 2023年 | 2023年" in page.text and "目标 | 完成" in page.text
    assert not any("网站首页" in line and "|" in line for line in page.text.split("\n"))


def test_pdf_table_cells_from_their_gaps(tmp_path: Path) -> None:
    lines = [
        "某园区2024年工作报告",
        "一、2023年工作回顾",
        "2023年，园区经济平稳增长，主要指标见下表。",
        "表：主要经济指标",
        ["指标", 4000, "单位", 2500, "2024年目标", 2000, "2023年完成"],
        ["营业收入", 4200, "亿元", 2600, "530", 3500, "502.7"],
        ["新增上市企业", 3000, "家", 2700, "2", 3900, "1"],
        ["研发投入占比", 3300, "%", 3000, "4.5", 3900, "4.31"],
    ]
    path = tmp_path / "report.pdf"
    path.write_bytes(build_pdf([lines]))
    data = _extract(path)
    assert _brief(data) == [
        ("营业收入", 530, "亿元", 2024, "target", "="),
        ("营业收入", 502.7, "亿元", 2023, "actual", "="),
        ("新增上市企业", 2, "家", 2024, "target", "="),
        ("新增上市企业", 1, "家", 2023, "actual", "="),
        ("研发投入占比", 4.5, "%", 2024, "target", "="),
        ("研发投入占比", 4.31, "%", 2023, "actual", "="),
    ]
    assert data["records"][0]["text"] == "营业收入 | 亿元 | 530 | 502.7"
