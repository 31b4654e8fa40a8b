"""Indicator tables as data: each case in table_cases.yaml is a text with a table in, exact records out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from parsers.records import extract_records

CASES = yaml.safe_load(Path(__file__).with_name("table_cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_table_case(case: dict[str, Any]) -> None:
    got = extract_records(case["text"], review_year=case["review"], plan_year=case["plan"])
    summary = [(r["metric"], r["value"], r["unit"], r["kind"], r["year"]) for r in got]
    assert len(got) == len(case["records"]), summary
    for record, want in zip(got, case["records"], strict=True):
        for field, value in want.items():
            assert record[field] == value, (field, record, summary)


def test_a_row_is_its_text_and_row_numbers_are_not_records() -> None:
    text = "序号 | 指标 | 2024年目标\n1 | 新增发明专利 | 300件\n2 | 新增就业 | 5000人"
    records = extract_records(text, review_year=2023, plan_year=2024)
    assert [(r["value"], r["text"]) for r in records] == [
        (300, "1 | 新增发明专利 | 300件"),
        (5000, "2 | 新增就业 | 5000人"),
    ]


def test_flattened_rows_keep_their_line_breaks() -> None:
    text = "序号\n指标\n2024年目标\n1\n新增发明专利\n\n确保300件，\n\n力争320件\n"
    records = extract_records(text, review_year=2023, plan_year=2024)
    assert [r["value"] for r in records] == [300, 320]
    assert records[0]["text"] == "新增发明专利\n\n确保300件，\n\n力争320件"


def test_a_table_without_figure_columns_is_left_to_the_prose() -> None:
    text = "项目名称 | 建设内容\n智能装备产业园 | 新建标准厂房5万平方米"
    records = extract_records(text, review_year=2023, plan_year=2024)
    assert [(r["value"], r["unit"]) for r in records] == [(5, "万平方米")]
    assert "|" not in records[0]["text"]


def test_rows_that_do_not_fit_the_header_are_named() -> None:
    # Row 2 lost a cell: which column its one figure belongs to cannot be told.
    text = "序号\n指标\n2023年完成\n2024年目标\n1\n新增发明专利\n280件\n300件\n2\n新增就业\n5000人\n3\n新增企业\n40家\n45家"
    warnings: list[str] = []
    records = extract_records(text, review_year=2023, plan_year=2024, warnings=warnings)
    assert [r["value"] for r in records] == [280, 300, 40, 45]
    assert len(warnings) == 1 and "1 rows did not fit its header" in warnings[0], warnings
