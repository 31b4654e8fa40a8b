"""A figure given before its year was over: judged as an estimate, and the item says why no verdict."""

from __future__ import annotations

from monitor.compare.diff import diff_reports
from monitor.compare.present import item_text
from tests.monitor.test_compare_rules import CASES, view


def test_a_year_end_figure_too_close_to_call_says_it_is_an_estimate() -> None:
    case = CASES["an_actual_told_in_the_last_month_of_its_year_is_an_estimate"]
    items = [i.as_json() for i in diff_reports(view(case["older"], 1), view(case["newer"], 2))]
    unclear = next(i for i in items if i["change"] == "unclear")
    assert unclear["current"]["estimated"] is True, "the printed side says why it is vague"
    line = item_text(unclear)
    assert "约数或预计数" in line, line
