"""Diff rules, one per change type, and the designed story of the demo zones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from monitor.compare.diff import ReportView, diff_reports

DATA = Path(__file__).resolve().parents[1] / "data"


def rec(
    metric: str, value: float, unit: str, year: int | None, kind: str = "target", comparator: str = "="
) -> dict:
    return {
        "metric": metric,
        "value": value,
        "unit": unit,
        "year": year,
        "kind": kind,
        "comparator": comparator,
        "text": f"{metric}{value}{unit}",
    }


def changes(older: list[dict], newer: list[dict], years: tuple[int, int] = (2023, 2024)) -> dict[str, list]:
    items = diff_reports(
        ReportView(1, "示例园区", years[0], older), ReportView(2, "示例园区", years[1], newer)
    )
    out: dict[str, list] = {}
    for item in items:
        out.setdefault(item.change, []).append(item)
    return out


def test_new_changed_unchanged_dropped() -> None:
    found = changes(
        [
            rec("新认定高新技术企业", 40, "家", 2023),
            rec("规上工业产值", 680, "亿元", 2023, comparator=">="),
            rec("建成标准厂房", 15, "万平方米", 2023),
        ],
        [
            rec("高新技术企业新认定", 45, "家", 2024),
            rec("规模以上工业产值", 680, "亿元", 2024, comparator=">="),
            rec("新建5G基站", 300, "个", 2024),
        ],
    )
    (changed,) = found["changed"]
    assert (changed.previous["value"], changed.current["value"], changed.direction) == (40, 45, "up")
    assert [i.metric for i in found["unchanged"]] == ["规模以上工业产值"]
    assert [i.metric for i in found["new"]] == ["新建5G基站"]
    assert [i.metric for i in found["dropped"]] == ["建成标准厂房"]


def test_comparator_change_is_a_change() -> None:
    found = changes([rec("GDP增长", 7, "%", 2023, comparator="~")], [rec("GDP增长", 7, "%", 2024)])
    assert [i.change for i in found["changed"]] == ["changed"] and found["changed"][0].direction is None


def test_met_and_missed_respect_floors_and_ceilings() -> None:
    older = [
        rec("新增上市公司", 2, "家", 2023),
        rec("安全生产事故起数", 5, "起", 2023, comparator="<="),
        rec("研发投入占GDP比重", 4.5, "%", 2023),
    ]
    newer = [
        rec("新增上市公司", 2, "家", 2023, "actual"),
        rec("安全生产事故起数", 6, "起", 2023, "actual"),
        rec("研发投入占GDP比重", 4.3, "%", 2023, "actual"),
    ]
    found = changes(older, newer)
    assert [i.metric for i in found["met"]] == ["新增上市公司"]
    assert sorted(i.metric for i in found["missed"]) == ["安全生产事故起数", "研发投入占GDP比重"]


def test_long_horizon_dropped_only_while_open() -> None:
    older = [rec("高新技术企业总数", 300, "家", 2025, comparator=">="), rec("高企累计", 200, "家", 2023)]
    newer = [rec("新建5G基站", 300, "个", 2024)]
    assert [i.metric for i in changes(older, newer, (2023, 2024))["dropped"]] == [
        "高新技术企业总数",
        "高企累计",
    ]
    passed = changes([rec("高新技术企业总数", 300, "家", 2024, comparator=">=")], newer, (2024, 2026))
    assert "dropped" not in passed, "a horizon that has passed is not a dropped target"


EXPECTED = yaml.safe_load((DATA / "demo_changes.yaml").read_text(encoding="utf-8"))


def view(key: str) -> ReportView:
    """A demo report from its gold records (tests/data/demo_gold/), clauses included: a 预计 in a
    clause makes its figure an estimate."""
    zone, year = key.split("/")
    records = json.loads((DATA / "demo_gold" / f"{zone}_{year}.json").read_text(encoding="utf-8"))
    return ReportView(None, zone, int(year), records)


@pytest.mark.parametrize("key", list(EXPECTED))
def test_demo_story(key: str) -> None:
    zone, year = key.split("/")
    items = diff_reports(view(f"{zone}/{int(year) - 1}"), view(key))

    def named(item, metric: str) -> bool:  # type: ignore[no-untyped-def]
        sides = [item.metric, (item.previous or {}).get("metric"), (item.current or {}).get("metric")]
        return metric in sides

    for metric, change, previous, current in EXPECTED[key]["changes"]:
        assert any(
            item.change == change
            and named(item, metric)
            and (previous is None or float(item.previous["value"]) == previous)
            and (current is None or float(item.current["value"]) == current)
            for item in items
        ), (metric, change, previous, current)
    for metric in EXPECTED[key]["unchanged"]:
        assert not any(item.change == "changed" and named(item, metric) for item in items), metric
    listed = {(m, c) for m, c, *_ in EXPECTED[key]["changes"]}
    unexpected = [
        (i.metric, i.change)
        for i in items
        if i.change != "unchanged" and not any(named(i, m) and i.change == c for m, c in listed)
    ]
    assert unexpected == []


def test_a_target_stated_twice_in_one_report_is_one_target() -> None:
    found = changes(
        [rec("GDP增长", 7, "%", 2023), rec("地区生产总值增长", 7, "%", 2023)],
        [rec("地区生产总值增长", 6.5, "%", 2024), rec("GDP增长", 6.5, "%", 2024)],
    )
    assert list(found) == ["changed"] and len(found["changed"]) == 1
    assert found["changed"][0].direction == "down"
