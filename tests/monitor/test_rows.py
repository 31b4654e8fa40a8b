"""A verdict tied by a table row's completion figure says so: the names differ, the row states the figure."""

from __future__ import annotations

from monitor.compare.diff import diff_reports
from monitor.compare.present import item_text
from monitor.compare.rows import states_completion
from tests.monitor.test_compare_rules import CASES, view


def test_a_row_tied_verdict_says_what_it_judged() -> None:
    case = CASES["a_table_row_ties_its_target_to_the_prose_actual"]
    items = [i.as_json() for i in diff_reports(view(case["older"], 1), view(case["newer"], 2))]
    verdicts = {i["metric"]: i for i in items if i["change"] in ("met", "missed")}
    tied = verdicts["固定资产投资"]
    assert tied["match"]["basis"] == ["row"], tied["match"]
    assert tied["current"]["row"] == "全区 | 120亿元以上 | 128.5亿元 | |", "the printed side shows the row"
    line = item_text(tied)
    assert "固定资产投资 ≈ 含托管区域投资" in line and "128.5亿元" in line, line
    assert verdicts["规上工业总产值"]["match"]["basis"] == ["row"]


def test_only_a_later_cell_with_the_unit_written_is_the_completion() -> None:
    target = {"metric": "固定资产投资", "value": 350, "unit": "亿元"}
    actual = {"metric": "含特别合作区(园)投资", "value": 414.8, "unit": "亿元"}
    assert states_completion("全区 | 350亿元以上 | 414.8亿元 | ||", target, actual)
    assert not states_completion("全区 | 414.8亿元 | 350亿元以上 |", target, actual), "an earlier column"
    assert not states_completion("全区 | 350亿元以上 | 414.8% |", target, actual), "another unit"
    assert not states_completion("全区固定资产投资350亿元以上，完成414.8亿元", target, actual), "not a row"
