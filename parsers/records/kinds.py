"""The kind-and-year pass: actual or target, and the calendar year a record belongs to."""

from __future__ import annotations

import re

from parsers.records.context import part_year
from parsers.records.lexicon import cues
from parsers.records.numbers import cn_to_int
from parsers.records.sections import Sentence

HORIZON = re.compile(r"(?:到|至|截至)\s*(20\d\d)\s*年")
PLAN_PERIOD = {"十四五": 2025, "十五五": 2030, "十三五": 2020}
# A five-year plan is a horizon only as a span or an end ("十四五期间", "十四五末"), not as a name
# ("十四五开局之年", "十四五规划").
PERIOD = re.compile(r"(十四五|十五五|十三五)[”\"’']?(?:期间|末|时期|内|结束|收官)")
FUTURE_SPAN = re.compile(r"(?:未来|今后)\s*([一二三四五六七八九十\d]{1,2})\s*年")
TARGET_CUES = tuple(cues()["target_cues"])
NOT_TARGET = re.compile("|".join(cues()["not_target_cues"]))
NULL_YEAR_CUES = tuple(cues()["null_year_cues"])


def kind_and_year(
    sentence: Sentence, upto: int, review_year: int | None, plan_year: int | None
) -> tuple[str, int | None]:
    """Actual or target, and the year, for a record ending at `upto` in the sentence.

    Actual cues (预计, the review year as the sentence's own time) hold for the whole sentence;
    commitment cues and horizons only for the records after them ("新增40家，力争明年突破50家").
    """
    text = sentence.text
    before = text[:upto]
    if "预计" in text or "以来" in text or (review_year and anchors_on(text, review_year)):
        return "actual", review_year
    if plan_year and re.match(rf"{plan_year}\s*年[\d一二三四五六七八九十]{{1,3}}月", text):
        return "actual", plan_year  # "2020年1月，…": something that already happened in the plan year
    horizon = HORIZON.search(before)
    if horizon and (review_year is None or int(horizon.group(1)) > review_year):
        return "target", int(horizon.group(1))
    future = FUTURE_SPAN.search(before)
    if future and review_year is not None:
        span = cn_to_int(future.group(1)) if not future.group(1).isdigit() else int(future.group(1))
        if span:
            return "target", review_year + span  # "在未来五年内挺进…前50强", written in 2021: 2026
    period = PERIOD.search(before)
    if period and (plan_year is None or PLAN_PERIOD[period.group(1)] >= plan_year):
        return "target", PLAN_PERIOD[period.group(1)]
    # 目标/计划 also occur inside names ("太湖人才计划"), so only commitment verbs count here.
    target_cue = any(cue in NOT_TARGET.sub("", before) for cue in TARGET_CUES)
    if not target_cue and part_year(text, upto):
        return "actual", review_year  # "1至11月，…增长21%": part of a year that has begun

    if sentence.section == "plan" or target_cue:
        if any(cue in text for cue in NULL_YEAR_CUES) or re.search(r"\d+年内", text):
            return "target", None
        return "target", plan_year
    return "actual", review_year


def anchors_on(text: str, year: int) -> bool:
    """The review year named as the sentence's own time, not as a base ("比2019年", "在2019年基础上")."""
    for match in re.finditer(rf"{year}\s*年", text):
        if text[max(0, match.start() - 1) : match.start()] in ("比", "较", "在", "与", "到", "至"):
            continue
        if text.startswith(("基础", "同期", "水平", "的基础", "翻"), match.end()):
            continue
        if "到" in text[: match.start()]:
            continue
        return True
    return False


# "从2020年的720亿元增长为2023年的1056亿元": a figure with its own year right before it.
OWN_YEAR = re.compile(r"(?<![是比较])(20\d\d)\s*年(?:的|底|末)?\s*$")  # not "是2020年的2倍": a base
# "2020年至2023年，全区GDP年均增长6.2%": a figure over a span of years belongs to its last year.
SPAN = re.compile(r"(20\d\d)\s*年?\s*(?:至|到|—|-|–|~)\s*(20\d\d)\s*年")
# "在2020年度省经开区高质量发展综合考评中…第37名": a ranking labelled with its year.
RANKING_YEAR = re.compile(r"(20\d\d)\s*年度?[^，,；;。]{0,20}?(?:考评|考核|评价|评估|排名|排行|榜单|榜)")
RANK_UNITS = ("位", "名", "强", "个位次", "个名次", "位次", "名次")


def own_year(text: str, start: int, unit: str, review_year: int | None) -> int | None:
    """The year a figure's own words give it, or None where they give none.

    Only years up to the review year count: a later one is a horizon, decided by kind_and_year.
    """
    before = text[:start]
    candidates = []
    own = OWN_YEAR.search(before)
    if own:
        candidates.append(int(own.group(1)))
    else:
        spans = list(SPAN.finditer(before))
        if spans:
            candidates.append(int(spans[-1].group(2)))
        if unit in RANK_UNITS:
            ranking = RANKING_YEAR.search(before)
            if ranking:
                candidates.append(int(ranking.group(1)))
    for year in candidates:
        if review_year is None or year <= review_year:
            return year
    return None
