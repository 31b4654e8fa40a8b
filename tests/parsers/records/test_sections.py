"""Plan vs review is decided by the text: cues inside paragraphs, headings, progress articles."""

from __future__ import annotations

from parsers.records import extract_records


def _kinds(text: str, review: int, plan: int) -> list[tuple[str, float | int | None, str, int | None]]:
    return [
        (r["metric"], r["value"], r["kind"], r["year"])
        for r in extract_records(text, review_year=review, plan_year=plan)
    ]


def test_a_plan_cue_inside_a_paragraph_makes_the_items_after_it_targets() -> None:
    text = (
        "2020年，园区新增企业40家。成就令人鼓舞，园区提出，2021年将奋力冲刺。\n"
        "聚焦主导产业，新引进项目50个以上；铺排建设30个产业项目。"
    )
    kinds = _kinds(text, 2020, 2021)
    assert kinds[0][2:] == ("actual", 2020)
    assert [k[2:] for k in kinds[1:]] == [("target", 2021), ("target", 2021)]


def test_enumerated_items_after_the_main_targets_are_targets_without_a_commitment_verb() -> None:
    text = "去年全区实现营收80亿元。\n今年经济工作的主要预期目标是：营收增长10%；新增规上企业20家。"
    assert [k[2:] for k in _kinds(text, 2022, 2023)] == [("actual", 2022), ("target", 2023), ("target", 2023)]


def test_a_review_heading_switches_back_to_actuals() -> None:
    text = "主要预期目标是：营收增长10%。\n一、2022年工作回顾\n全年新增规上企业20家。"
    assert [k[2] for k in _kinds(text, 2022, 2023)] == ["target", "actual"]


def test_part_year_figures_are_actuals_even_in_a_plan_part() -> None:
    text = "今年将全力冲刺。1至11月，规上工业总产值同比增长21.0%。"
    assert _kinds(text, 2021, 2021) == [("1至11月规上工业总产值同比增长", 21.0, "actual", 2021)]


def test_a_date_this_year_opens_no_plan_in_a_progress_article() -> None:
    text = "今年6月3日，推进会在园区召开。\n园区全年新增企业12家。"
    assert [k[2] for k in _kinds(text, 2021, 2021)] == ["actual"]
