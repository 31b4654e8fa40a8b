"""Extraction rules as data: each case in cases*.yaml is one clause in, exact records out.

cases.yaml holds the general cases; cases_names.yaml those of naming (which words name a figure).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from parsers.records import extract_records
from parsers.records.normalise import normalise
from parsers.records.script import to_simplified
from tests.conftest import shared_path

CASES = [
    case
    for path in sorted(Path(__file__).parent.glob("cases*.yaml"))
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))
]


def _text(case: dict[str, Any]) -> str:
    if case.get("section") == "plan":
        return "2020年，全区要重点做好以下工作。\n" + case["text"]
    return "回顾2019年，全区上下奋发作为。\n" + case["text"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case: dict[str, Any]) -> None:
    got = extract_records(_text(case), review_year=2019, plan_year=2020)
    expected = case["records"]
    summary = [(r["metric"], r["value"], r["unit"]) for r in got]
    assert len(got) == len(expected), summary
    for record, want in zip(got, expected, strict=True):
        for field, value in want.items():
            assert record[field] == value, (field, record, summary)
        # The clause is quoted from the input (in simplified script, with ASCII digits).
        assert record["text"] and record["text"] in normalise(to_simplified(_text(case))), record


def test_records_follow_the_contract() -> None:
    text = "回顾2019年，新增发明专利141件。\n2020年，力争新认定高新技术企业40家以上。"
    for record in extract_records(text, review_year=2019, plan_year=2020):
        assert set(record) == {"metric", "value", "unit", "year", "kind", "comparator", "text"}
        assert record["kind"] in {"actual", "target"}
        assert record["comparator"] in {"=", ">=", "<=", "~"}
        assert isinstance(record["value"], int | float)


def test_years_default_from_each_other() -> None:
    (record,) = extract_records("2021年，力争新增上市公司3家。", review_year=None, plan_year=2021)
    assert record["year"] == 2021 and record["kind"] == "target"


@pytest.mark.parametrize("seed", ["001", "004"])
def test_a_traditional_copy_gives_the_same_records(seed: str) -> None:
    from opencc import OpenCC

    (path,) = shared_path("seeds").glob(f"{seed}_*.txt")
    text = path.read_text(encoding="utf-8")
    traditional = OpenCC("s2t").convert(text)
    assert traditional != text
    simplified = extract_records(text, review_year=2019, plan_year=2020)
    assert simplified
    assert extract_records(traditional, review_year=2019, plan_year=2020) == simplified


def test_garbage_never_breaks_the_contract() -> None:
    """Seeded random strings of the characters the rules react to: no exception, every record valid."""
    import random

    alphabet = "0123456789.,，。、%万亿元家个第分之一二三十百千xX以上下左右约近余超突破到至—-~年月力争确保预计\n（）“”分别均占实现增长比"
    rng = random.Random(7)
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        for review, plan in ((2019, 2020), (None, None)):
            for record in extract_records(text, review_year=review, plan_year=plan):
                assert record["value"] is None or isinstance(record["value"], int | float)
                assert record["kind"] in {"actual", "target"}
                assert record["comparator"] in {"=", ">=", "<=", "~"}
                assert record["text"] in normalise(text)
