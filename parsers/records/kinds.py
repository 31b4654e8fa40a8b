"""The kind-and-year pass: actual or target, and the calendar year a record belongs to."""

from __future__ import annotations

import re
from functools import cache

from parsers.records.context import part_year
from parsers.records.lexicon import cues
from parsers.records.numbers import cn_to_int
from parsers.records.sections import Sentence

HORIZON = re.compile(r"(?:到|至|截至)\s*(20\d\d)\s*年")
PLAN_PERIOD = {"十四五": 2025, "十五五": 2030, "十三五": 2020}
# A five-year plan is a horizon only as a span or an end ("十四五期间", "十四五末"), not as a name
# ("十四五开局之年", "十四五规划").
PERIOD = re.compile(r"(十四五|十五五|十三五)[”\"’']?(?:期间|末|时期|内|结束|收官)")
# "未来五年", "力争三年内", "用两年时间": a span from the year reviewed (not "项目3年内高企认定率").
FUTURE_SPAN = re.compile(
    r"(?:未来|今后|(?:力争|争取|确保)用?)\s*([一二两三四五六七八九十\d]{1,2})\s*年(?:内|时间)?"
)
TARGET_CUES = tuple(cues()["target_cues"])
# One pattern for all of them: the text is read once, not once per cue.
TARGET_CUE = re.compile("|".join(re.escape(cue) for cue in TARGET_CUES))
# "…为目标", "…的目标任务" right after a figure: the figure is the goal itself.
GOAL_FRAME = re.compile(r"^[^，,；;。\d]{0,12}?(?:的目标任务|的目标|为目标|为奋斗目标)")
# A horizon that opens a clause and frames what follows: "：到2025年，…", "到2025年底，…".
LEAD_HORIZON = re.compile(
    r"(?:^|[：:；;。，,])\s*(?:力争|确保|争取)?\s*(?:到|至)\s*(20\d\d)\s*年(?:底|末)?[，,]"
)
NOT_TARGET = re.compile("|".join(cues()["not_target_cues"]))
NULL_YEAR_CUES = tuple(cues()["null_year_cues"])

# Compiled once: kind_and_year runs for every record, and re's cache lookup per call adds up.
CLAUSE_SPLIT = re.compile(r"[，,；;]")
SEMICOLON = re.compile(r"[；;]")
COLON = re.compile(r"[：:]")


@cache
def _dated_in(year: int) -> re.Pattern[str]:
    """ "2020年1月，…": a date in `year` opening the text."""
    return re.compile(rf"{year}\s*年[\d一二三四五六七八九十]{{1,3}}月")


@cache
def _year_named(year: int) -> re.Pattern[str]:
    return re.compile(rf"{year}\s*年")


def kind_and_year(
    sentence: Sentence, upto: int, review_year: int | None, plan_year: int | None
) -> tuple[str, int | None]:
    """Actual or target, and the year, for a record ending at `upto` in the sentence.

    Actual cues (预计, the review year as the sentence's own time) hold for the whole sentence
    unless a commitment comes before them ("一季度要确保…，预计…"); commitment cues and horizons
    only for the records after them ("新增40家，力争明年突破50家"). A horizon, commitment or
    estimate that opens a list governs its items across the semicolons (`sentence.lead`); a goal
    the zone set itself ("以…为目标") is a target of its horizon. Actuals take the year the
    sentence's paragraph opens on (`sentence.year`) where it is earlier than the review year.
    """
    text = sentence.text
    before = text[:upto]
    if GOAL_FRAME.match(text[upto:]) and "以" in before:
        # "以到2025年迈进全省前十强为目标": the goal the zone set itself, whatever "今年以来" says.
        return "target", _horizon(before) or plan_year
    cue_before_estimate = "预计" in text and _commits(text[: text.index("预计")])
    opening = _list_opening(sentence.lead)
    if (
        ("预计" in text and not cue_before_estimate)
        or ("预计" in opening and not _commits(opening))  # "预计A 500亿元，增长25%；B 505亿元。"
        or "以来" in text
        or (review_year and anchors_on(text, review_year))
    ):
        return "actual", review_year
    if plan_year and _dated_in(plan_year).match(text):
        return "actual", plan_year  # "2020年1月，…": something that already happened in the plan year
    horizon = HORIZON.search(before) or LEAD_HORIZON.search(sentence.lead)
    if horizon and (review_year is None or int(horizon.group(1)) > review_year):
        # A horizon heading a list ("到2025年，A突破800亿元；B达4%以上；C达到300家") governs
        # every item of it, across the semicolons.
        return "target", int(horizon.group(1))
    framed = _horizon(sentence.frame) if sentence.frame else None
    if framed and (review_year is None or framed > review_year) and not _horizon(before):
        # "“十四五”时期，园区将…。其中，工业总产值突破500亿元": the items detail the horizon's goals.
        return "target", framed
    future = FUTURE_SPAN.search(before)
    # A span governs its own clause, or every clause after it where it frames them ("力争三年内，…").
    framing = future and (
        not re.search(r"[，,；;]", before[future.end() :]) or before[future.end() :].startswith(("，", ","))
    )
    if future and framing and review_year is not None:
        span = cn_to_int(future.group(1)) if not future.group(1).isdigit() else int(future.group(1))
        if span:
            return "target", review_year + span  # "在未来五年内挺进…前50强", written in 2021: 2026
    period = PERIOD.search(before)
    if period and (plan_year is None or PLAN_PERIOD[period.group(1)] >= plan_year):
        return "target", PLAN_PERIOD[period.group(1)]
    # 目标/计划 also occur inside names ("太湖人才计划"), so only commitment verbs count here; a
    # figure followed by "…的目标任务" is one too ("今年，园区将实现新签约项目20个…的目标任务").
    # A commitment heading a list governs its items across the semicolons ("力争2010年实现A；B；C。").
    target_cue = _commits(before) or bool(GOAL_FRAME.match(text[upto:])) or _commits(opening)
    if not target_cue and part_year(text, upto):
        return "actual", review_year  # "1至11月，…增长21%": part of a year that has begun

    if sentence.section == "plan" or target_cue:
        # "力争再打造1—2个…", "项目3年内高企认定率": no year, in the figure's own clause.
        clause = CLAUSE_SPLIT.split(before)[-1] + CLAUSE_SPLIT.split(text[upto:], maxsplit=1)[0]
        if any(cue in clause for cue in NULL_YEAR_CUES) or re.search(r"\d+年内", clause):
            return "target", None
        named = _named_year(before, sentence.lead, review_year)
        if named is None and review_year is not None and review_year == plan_year and "明年" in before:
            named = review_year + 1  # a progress article's 明年 is the year after its own
        return "target", named or plan_year
    return "actual", sentence.year or review_year


# A later year named for a target: "2025年，园区将…", "力争2025年实现…", "2026年达到80家".
NAMED_YEAR = re.compile(
    r"(?<![比较与在])(20\d\d)\s*年(?!以来|基础|同期|水平|的基础|[\d一二三四五六七八九十]{1,3}月)"
)
LEAD_YEAR = re.compile(r"(?:^|[：:；;。])\s*(20\d\d)\s*年[，,]")


def _named_year(before: str, lead: str, review_year: int | None) -> int | None:
    """The year after the review year that the text before a target names for it (the nearest),
    or that frames the list it belongs to; None where none is named."""
    named = [int(m.group(1)) for m in NAMED_YEAR.finditer(before)] or [
        int(y) for y in LEAD_YEAR.findall(lead)
    ]
    if not named or review_year is None or named[-1] <= review_year:
        return None
    return named[-1]


def _commits(text: str) -> bool:
    """A commitment verb (确保, 力争, 将实现 …) stands in the text, outcomes such as 超预期 aside."""
    return bool(TARGET_CUE.search(NOT_TARGET.sub("", text)))


def _list_opening(lead: str) -> str:
    """The first words of the list a sentence continues across semicolons ("力争2010年实现…",
    "主要目标：确保…", "预计高新技术产业收入…"); "" where the sentence starts its own."""
    first = SEMICOLON.split(lead, maxsplit=1)[0] if lead else ""
    return COLON.split(first)[-1][:8]


def _horizon(text: str) -> int | None:
    """The year a horizon or five-year period in the text names ("到2025年", "十四五期间")."""
    horizon = HORIZON.search(text)
    if horizon:
        return int(horizon.group(1))
    period = PERIOD.search(text)
    return PLAN_PERIOD[period.group(1)] if period else None


def anchors_on(text: str, year: int) -> bool:
    """The review year named as the sentence's own time, not as a base ("比2019年", "在2019年基础上")."""
    for match in _year_named(year).finditer(text):
        if text[max(0, match.start() - 1) : match.start()] in ("比", "较", "在", "与", "到", "至"):
            continue
        if text.startswith(("基础", "同期", "水平", "的基础", "翻"), match.end()):
            continue
        if "到" in text[: match.start()] or _commits(text[max(0, match.start() - 4) : match.start()]):
            continue  # a horizon, or the year of a commitment ("力争2010年实现…")
        return True
    return False


# "从2020年的720亿元增长为2023年的1056亿元": a figure with its own year right before it.
# "2022年为100亿元"; not "是2020年的2倍", "相当于2011年的5倍": a base.
OWN_YEAR = re.compile(r"(?<![是比较于])(20\d\d)\s*年(?:的|底|末)?\s*(?:为|是|达到?)?\s*$")
# "2020年至2023年，全区GDP年均增长6.2%": a figure over a span of years belongs to its last year.
SPAN = re.compile(r"(20\d\d)\s*年?\s*(?:至|到|—|-|–|~)\s*(20\d\d)\s*年")
# "在2020年度省经开区高质量发展综合考评中…第37名": a ranking labelled with its year.
RANKING_YEAR = re.compile(
    r"(20\d\d)\s*年度?[^，,；;。]{0,20}?(?:考评|考核|评价|评估|排名|排行|榜单|榜|[百千]强)"
)
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
        periods = list(PERIOD.finditer(before))
        if periods:  # "“十三五”期间，营收年均增长12%": the period's end year
            candidates.append(PLAN_PERIOD[periods[-1].group(1)])
        if unit in RANK_UNITS:
            rankings = list(RANKING_YEAR.finditer(before))  # the nearest names the figure's ranking
            if rankings:
                candidates.append(int(rankings[-1].group(1)))
    for year in candidates:
        if review_year is None or year <= review_year:
            return year
    return None
