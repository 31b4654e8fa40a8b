"""One record per fact: a headline, a lead and the body stating the same figures give one record
each, with the body's clause; a clause the page cut off gives none (issue 18, kinds DUP, OVERSKIP).

Inputs are our own wordings of the kinds, none from ../shared.
"""

from __future__ import annotations

import pytest

from parsers.records import extract_records


def _figures(text: str, review: int = 2023, plan: int = 2024) -> list[tuple]:
    return [
        (r["value"], r["unit"], r["kind"], r["year"], r["text"])
        for r in extract_records(text, review_year=review, plan_year=plan)
    ]


@pytest.mark.parametrize(
    "text",
    [
        # headline, lead and body, each stating the same two tiers
        "青溪新区今年GDP增长预期目标：确保8%，力争10%\n\n"
        "大会确定了2024年地区生产总值预期目标：确保增长8%，力争增长10%。\n\n"
        "报告指出，过去一年极不平凡。今年主要预期目标确定为：地区生产总值确保增长8%，力争增长10%。",
        # lead and body only, other words
        "园区提出今年营收目标：确保增长6%、力争增长9%。\n\n"
        "会议审议通过的报告提出，2024年主要预期目标是：营业收入确保增长6%、力争增长9%。",
    ],
)
def test_figures_restated_by_a_later_clause_are_one_record_with_the_body_clause(text: str) -> None:
    figures = _figures(text)
    assert len(figures) == 2, figures
    body = text.rsplit("\n", 1)[-1]
    assert all(clause in body for *_, clause in figures)
    assert all(kind == "target" and year == 2024 for _, _, kind, year, _ in figures)


def test_a_threshold_beside_an_exact_figure_stays_two_records() -> None:
    text = "全年实际到位资金163.4亿元，首次突破150亿元。"
    assert [(v, u) for v, u, *_ in _figures(text)] == [(163.4, "亿元"), (150, "亿元")]


@pytest.mark.parametrize(
    "text",
    [
        "全区完成投资80亿元。\n全年完成固定资产投资80亿元。",
        "全年完成固定资产投资80亿元。\n全区完成投资80亿元。",
    ],
)
def test_one_figure_named_twice_keeps_the_fuller_name(text: str) -> None:
    records = extract_records(text, review_year=2023, plan_year=2024)
    assert [(r["metric"], r["value"], r["text"]) for r in records] == [
        ("固定资产投资", 80, "全年完成固定资产投资80亿元")
    ]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("今年，推动50个重点项目完成投资300亿元，26个省大中", [50, 300]),
        ("其中长三角项目占比达60%，12个项", [60]),
        # a text that simply ends on a figure keeps it
        ("航空制造产业加速蓄势，实现营收215亿元", [215]),
        ("确保全年建成载体100万平方米，获批国家级孵化载体2家", [100, 2]),
    ],
)
def test_a_count_cut_off_with_its_noun_at_the_end_of_the_text_is_no_record(text: str, values: list) -> None:
    assert [v for v, *_ in _figures(text)] == values


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a floor in the headline over the exact body figure, the count right before it
        (
            "原标题：青溪高新区上半年签约项目45个总投资超300亿元\n\n"
            "今年上半年，青溪高新区签约项目45个，总投资312亿元。",
            [(45, "个"), (312, "亿元")],
        ),
        # an approximation in the headline, in a short form of the unit
        ("园区营收近500亿\n\n2023年，园区实现营业收入486.2亿元，同比增长9%。", [(486.2, "亿元"), (9, "%")]),
    ],
)
def test_a_rounded_headline_figure_is_the_body_figure_only(text: str, kept: list[tuple]) -> None:
    assert [figure[:2] for figure in _figures(text)] == kept


def test_a_headline_floor_far_from_the_body_figure_stays() -> None:
    """Not a rounding of the body's figure: another fact ("突破200亿元" is no rounding of 312)."""
    text = "园区工业投资突破200亿元\n\n2023年，园区签约项目总投资312亿元。"
    assert [figure[:2] for figure in _figures(text)] == [(200, "亿元"), (312, "亿元")]
