"""Each kind of comparison fault the issue found, as a case in tests/data/compare_cases.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from monitor.compare.diff import NOTES, ReportView, diff_reports

CASES = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "data" / "compare_cases.yaml").read_text("utf-8")
)
FIELDS = ("kind", "metric", "value", "unit", "year", "comparator")


def view(report: dict[str, Any], number: int) -> ReportView:
    records = []
    for row in report["records"]:
        record = dict(zip(FIELDS, row[:6], strict=True))
        record["text"] = row[6] if len(row) > 6 else f"{record['metric']}{record['value']}{record['unit']}"
        records.append(record)
    return ReportView(
        number,
        "示例园区",
        report["plan"],
        records,
        published=report.get("published"),
        review_year=report.get("review"),
        text=report.get("text"),
    )


def value(side: dict[str, Any] | None) -> float | None:
    return None if side is None or side.get("value") is None else float(side["value"])


@pytest.mark.parametrize("name", list(CASES))
def test_case(name: str) -> None:
    case = CASES[name]
    items = diff_reports(view(case["older"], 1), view(case["newer"], 2))
    found = sorted(
        (i.change, i.metric, value(i.previous), value(i.current))
        for i in items
        if i.change != "unchanged" and i.change not in NOTES
    ) + sorted((i.change, "", None, None) for i in items if i.change in NOTES)
    expected = sorted(
        (change, metric, None if old is None else float(old), None if new is None else float(new))
        for change, metric, old, new in case["expect"]
        if change not in NOTES
    ) + sorted((c, "", None, None) for c, *_ in case["expect"] if c in NOTES)
    assert found == expected
    unchanged = sorted(i.metric for i in items if i.change == "unchanged")
    assert unchanged == sorted(case.get("unchanged") or [])
    judged = {_story(i) for i in items if i.change in ("met", "missed", "unclear", "progress", "possible")}
    dropped = {_story(i) for i in items if i.change == "dropped"}
    assert not judged & dropped, "one story per target: a judged target is never also 未再提及"


def _story(item: Any) -> tuple[Any, ...]:
    side = item.previous or {}
    return (side.get("metric"), side.get("value"), side.get("year"), side.get("report_year"))
