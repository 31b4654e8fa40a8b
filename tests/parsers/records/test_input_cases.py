"""Numerals in words and damaged text: the numeral table, the repairs, and records end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from parsers.records import extract_records
from parsers.records.normalise import normalise
from parsers.records.numbers import cn_to_int, to_number

HERE = Path(__file__).parent
NUMERALS = yaml.safe_load((HERE / "numerals.yaml").read_text(encoding="utf-8"))
DAMAGED = yaml.safe_load((HERE / "damaged.yaml").read_text(encoding="utf-8"))
CASES = yaml.safe_load((HERE / "input_cases.yaml").read_text(encoding="utf-8"))


def test_the_numeral_table_is_big_enough() -> None:
    assert len(NUMERALS) >= 40


@pytest.mark.parametrize(("numeral", "value"), NUMERALS, ids=[str(row[0]) for row in NUMERALS])
def test_numeral(numeral: str, value: float | None) -> None:
    got = to_number(str(numeral))
    assert got == value and type(got) is type(value), (numeral, got)


def test_whole_numbers_only_from_cn_to_int() -> None:
    assert cn_to_int("一千零十") == 1010
    assert cn_to_int("零点五") is None


@pytest.mark.parametrize("case", DAMAGED, ids=[case["name"] for case in DAMAGED])
def test_repair(case: dict[str, str]) -> None:
    assert normalise(case["text"]) == case["want"]


def test_undamaged_text_passes_unchanged() -> None:
    text = "回顾2023年，全区实现地区生产总值312.5亿元（同比增长7.1%），新认定高新技术企业49家。\n一、主要工作"
    assert normalise(text) == text
    assert normalise(normalise("經(jīng)開區36. 7億元")) == normalise("經(jīng)開區36. 7億元")


def _text(case: dict[str, Any]) -> str:
    if case.get("section") == "plan":
        return "2024年，全区要重点做好以下工作。\n" + case["text"]
    return "回顾2023年，全区上下奋发作为。\n" + case["text"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case: dict[str, Any]) -> None:
    got = extract_records(_text(case), review_year=2023, plan_year=2024)
    summary = [(r["metric"], r["value"], r["unit"]) for r in got]
    assert len(got) == len(case["records"]), summary
    for record, want in zip(got, case["records"], strict=True):
        for field, value in want.items():
            assert record[field] == value, (field, record, summary)
