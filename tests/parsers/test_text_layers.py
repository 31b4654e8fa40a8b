"""Text layers that look right and are not (issue 18, item 7): look-alike code points are read as
the characters they show, and a document that needed it says so.

The PDFs are built here (tests/parsers/pdf_builder.py) from short inputs of our own: the text of
each is written once with ordinary characters and once with look-alikes put in, as a producer's
font mapping does it (⻓ U+2ED3 for 长, ⼯ U+2F2F for 工, 不 U+F967 for 不, ／ for /).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from parsers.compat import repair_compatibility, repair_note
from parsers.document import parse_bytes
from tests.parsers.docx_builder import build_docx, paragraph
from tests.parsers.pdf_builder import build_pdf
from zonewatch.cli import main

# Ordinary characters → a look-alike a PDF text layer may carry for them.
LOOK_ALIKE = {
    "长": unicodedata.lookup("CJK RADICAL C-SIMPLIFIED LONG"),  # U+2ED3: NFKC leaves it as it is
    "门": unicodedata.lookup("CJK RADICAL C-SIMPLIFIED GATE"),
    "工": unicodedata.lookup("KANGXI RADICAL WORK"),
    "高": unicodedata.lookup("KANGXI RADICAL TALL"),
    "入": unicodedata.lookup("KANGXI RADICAL ENTER"),
    "金": unicodedata.lookup("KANGXI RADICAL GOLD"),
    "不": unicodedata.lookup("CJK COMPATIBILITY IDEOGRAPH-F967"),
    "/": unicodedata.lookup("FULLWIDTH SOLIDUS"),
}
REPORT = [
    "青禾高新区2024年工作报告",
    "一、2023年工作回顾",
    "2023年，全区营业收入增长12%，工业投资增长9.5%，亩均税收达到35万元/亩。",
    "新引进金融机构6家，高新技术企业总数达到210家，部门服务企业不少于500家。",
    "二、2024年主要预期目标",
    "2024年，营业收入增长10%以上，单位工业增加值能耗下降至0.4吨标准煤/万元。",
]


def _disguised(lines: list[str]) -> list[str]:
    return ["".join(LOOK_ALIKE.get(char, char) for char in line) for line in lines]


def _records(parsed) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [
        (r["metric"], r["value"], r["unit"], r["year"], r["kind"], r["comparator"]) for r in parsed.records
    ]


def test_a_pdf_with_look_alike_code_points_reads_as_its_ordinary_twin() -> None:
    plain = parse_bytes(build_pdf([REPORT]), file_type="pdf")
    disguised_lines = _disguised(REPORT)
    assert disguised_lines != REPORT and "\u2ed3" in "".join(disguised_lines)
    disguised = parse_bytes(build_pdf([disguised_lines]), file_type="pdf")
    assert disguised.status == "ok"
    assert disguised.text == plain.text
    assert _records(disguised) == _records(plain)
    assert ("营业收入增长", 12, "%", 2023, "actual", "=") in _records(disguised)
    assert (disguised.review_year, disguised.plan_year) == (2023, 2024)
    (note,) = [w for w in disguised.warnings if "look-alike" in w]
    assert "Kangxi/CJK radicals" in note and "CJK compatibility ideographs" in note and "⾼→高" in note
    assert not any("look-alike" in w for w in plain.warnings)


def test_a_text_layer_of_many_radicals_is_repaired_not_sent_to_ocr() -> None:
    # Every 工/高/长/入/金 of a page drawn as a radical: a high share of odd code points, still text.
    body = ["工高长入金工高长入金，" * 4 + "全年新增高新技术企业40家。"] * 6
    parsed = parse_bytes(build_pdf([_disguised(body)]), file_type="pdf")
    assert parsed.status == "ok", parsed.error
    assert LOOK_ALIKE["工"] not in parsed.text and "工高长入金" in parsed.text
    assert any("look-alike" in w for w in parsed.warnings)


@pytest.mark.parametrize("file_type", ["txt", "html"])
def test_any_format_is_repaired_and_says_so(file_type: str) -> None:
    text = "\n".join(_disguised(REPORT))
    raw = (
        f"<html><body><div>{text.replace(chr(10), '<br>')}</div></body></html>"
        if file_type == "html"
        else text
    )
    if file_type == "html":
        raw = raw.replace("<html>", f"<html><head><title>{_disguised(REPORT)[0]}</title></head>")
    parsed = parse_bytes(raw.encode("utf-8"), file_type=file_type)
    assert "增长" in parsed.text and "\u2ed3" not in parsed.text
    assert parsed.title and "高新区" in parsed.title
    assert any("look-alike" in w for w in parsed.warnings)


def test_a_docx_is_repaired_and_says_so() -> None:
    raw = build_docx(*(paragraph(line) for line in _disguised(REPORT)))
    parsed = parse_bytes(raw, file_type="docx")
    assert parsed.status == "ok"
    assert ("营业收入增长", 12, "%", 2023, "actual", "=") in _records(parsed)
    assert any("look-alike" in w for w in parsed.warnings)


def test_the_extract_command_prints_the_repair_as_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(build_pdf([_disguised(REPORT)]))
    result = CliRunner().invoke(main, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert any("look-alike" in w for w in data["warnings"])
    assert any(r["metric"] == "营业收入增长" and r["value"] == 12 for r in data["records"])


def test_the_repair_keeps_the_punctuation_and_symbols_the_extractor_reads() -> None:
    text = "①营收增长８％，ＧＤＰ（含服务业）达到１０亿元；亩均税收３万元／亩！新增厂房２万㎡？范围５～８家：完成。"
    repaired, counts = repair_compatibility(text)
    # Clause punctuation stays full-width; ㎡ and ① are no look-alikes of anything the reader needs.
    assert (
        repaired
        == "①营收增长8%，GDP（含服务业）达到10亿元；亩均税收3万元/亩！新增厂房2万㎡？范围5～8家：完成。"
    )
    assert repair_note(counts) is None  # full-width letters and digits are ordinary text, not a fault
    assert repair_compatibility("园区营业收入增长12%。") == ("园区营业收入增长12%。", {})
