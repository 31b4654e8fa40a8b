"""Which part of a report a sentence belongs to: the review of last year or the plan for this one.

Work reports are built as "回顾2019年… / 2020年，要…": a paragraph that opens on the plan year (or
新的一年, 今年, 展望) starts the plan; one that opens on the review year (or 回顾, 过去一年) returns to
the review. Sentences inside can still override that with their own cues (预计全年, 到2022年, 力争).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from parsers.records.lexicon import cues

HEADLINE_CHARS = 80
SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")
PLAN_OPENERS = tuple(cues()["plan_openers"])
REVIEW_HEADING = re.compile(r"\s*年度?(?:工作)?(?:总结|回顾)")
REVIEW_OPENERS = tuple(cues()["review_openers"])
REVIEW_CUES = re.compile("|".join(cues()["review_cues"]))


@cache
def plan_cue(plan_year: int | None) -> re.Pattern[str]:
    """Words that open the plan anywhere in a paragraph ("2023年是…之年，要…", "主要预期目标是")."""
    year = str(plan_year) if plan_year else r"20\d\d"
    return re.compile("|".join(cue.replace("{plan}", year) for cue in cues()["plan_cues"]))


@dataclass(frozen=True)
class Sentence:
    text: str
    section: str  # review | plan | unknown
    headline: bool = False  # a short paragraph without a full stop: a title, headline or breadcrumb
    lead: str = ""  # the clauses before it up to the last full stop ("2020年至2023年，…；" before "…；")
    year: int | None = None  # an earlier year its paragraph or sentence opens on ("2021年，园区实现…")
    # The sentence before, where this one only details it ("“十四五”时期，园区将…。其中，…").
    frame: str = ""


# A sentence that details the one before it, item by item ("其中，…", "具体来说，…").
DETAILS = re.compile(r"(?:其中|具体(?:来说|而言)?|具体目标(?:是|为)?)[，,：:]")
# "2021年，…", "回顾2021年，…": a year that frames what follows (not "2021年以来", "2021年至2023年").
YEAR_FRAME = re.compile(
    r"\s*[(（]?[一二三四五六七八九十\d、.）)]*\s*(?:回顾|回看|回首|回望)?(20\d\d)\s*年度?[，,]"
)
# A document's own title ("2024年某某高新区工作报告") names the report, it opens no plan section.
TITLE_WORDS = re.compile(r"(?:工作报告|政府工作报告|会议|讲话|致辞|发言)$")

OPENING_YEAR = re.compile(
    r"\s*[(（]?[一二三四五六七八九十\d、.]*\s*(20\d\d)\s*年(?![\d一二三四五六七八九十]{1,3}月)"
)
FULL_STOP = re.compile(r"[。！？!?]")


@cache
def _year_opening(year: int) -> re.Pattern[str]:
    """ "2024年，…": a sentence that opens on `year` (compiled once per year, not per sentence)."""
    return re.compile(rf"{year}\s*年[，,]")


def _opens_on_year(paragraph: str) -> int | None:
    # "2020年1月，…" dates an event that happened; only the bare year opens a section.
    match = OPENING_YEAR.match(paragraph)
    return int(match.group(1)) if match else None


def paragraph_section(paragraph: str, current: str, review_year: int | None, plan_year: int | None) -> str:
    head = paragraph.strip()[:40]
    year = _opens_on_year(head)
    if year is not None and REVIEW_HEADING.match(head[head.index(str(year)) + 4 :]):
        return "review"  # "一、2020 年工作总结": a review whatever year it names
    if _is_headline(paragraph) and REVIEW_CUES.search(paragraph):
        return "review"  # "奋力开新局——“十四五”前三年及2023年工作回顾": a review heading
    if _is_headline(paragraph) and TITLE_WORDS.search(paragraph.strip()):
        return current  # the document's title: "2024年某某高新区工作报告"
    if review_year is not None and review_year == plan_year:
        year = None  # a progress article: its own year opens both results and targets
    if year is not None and plan_year is not None and year >= plan_year:
        return "plan"
    if year is not None and review_year is not None and year <= review_year:
        return "review"  # the review year, or an earlier one looked back on inside a plan part
    opening = head.lstrip(" 一二三四五六七八九十、.(（)）")
    # "今年以来" reports progress so far, it does not open the plan; nor does a date ("今年6月3日").
    progress = opening.startswith("今年") and (
        review_year == plan_year or re.match(r"今年(?:以来|\d{1,2}月|[一二三四五六七八九十]{1,2}月)", opening)
    )
    if any(opening.startswith(w) for w in PLAN_OPENERS) and not progress:
        return "plan"
    if any(w in head[:12] for w in REVIEW_OPENERS):
        return "review"
    return current


def _is_headline(paragraph: str) -> bool:
    return len(paragraph.strip()) <= HEADLINE_CHARS and not FULL_STOP.search(paragraph)


def _without_cut_clause(paragraphs: list[str]) -> list[str]:
    """The paragraphs, the last one without a clause the page cut off ("…，44个省大中").

    A text that ends without closing punctuation a few characters after a count lost the noun
    it counted: that last clause is dropped. A text that simply ends on a figure keeps it.
    """
    if not paragraphs:
        return paragraphs
    from parsers.records.quantities import QUANTITY

    last = paragraphs[-1].rstrip()
    cut = max(last.rfind(mark) for mark in "，,、；;。")
    figures = list(QUANTITY.finditer(last, cut + 1))
    # "…，44个省大中": a count whose noun was cut; "…，实现营收215亿元" ends whole.
    if (
        last[-1:] in "。！？!?；;…”」）)》"
        or not figures
        or not re.fullmatch(r"[\u4e00-\u9fff]{1,4}", last[figures[-1].end() :])
    ):
        return paragraphs
    return paragraphs[:-1] + ([last[: cut + 1]] if cut > 0 else [])


def _lede_of_plan(paragraph: str, plan_year: int | None) -> bool:
    """A news lede that lists figures, then "……" and who set them: "新增产值110亿元以上；…增长20%
    以上……3月4日，…会议上传来消息，2025年，该区将…". The figures are what the plan set."""
    lede, ellipsis, rest = paragraph.partition("……")
    if not ellipsis or "。" in lede or not re.search(r"\d", lede):
        return False
    return bool(plan_cue(plan_year).search(rest.split("。", 1)[0]))


def _earlier_year(part: str, review_year: int | None) -> int | None:
    """The year a sentence opens on when it is the review year or before ("2021年，园区实现…")."""
    frame = YEAR_FRAME.match(part)
    if not frame or review_year is None or int(frame.group(1)) > review_year:
        return None
    return int(frame.group(1))


def sentences(text: str, review_year: int | None, plan_year: int | None) -> Iterator[Sentence]:
    """The report's sentences in order, each with the part (review or plan) it stands in.

    A paragraph opening on the plan year (or 新的一年, 今年, 展望) starts the plan; one opening on
    the review year or an earlier one, or a review heading, returns to the review; a sentence
    opening on the plan year ("…。2024年，加快推进…") starts the plan from there on. `year` is an
    earlier year the paragraph or sentence opens on, which its actuals belong to.
    """
    section = "review" if review_year is not None else "unknown"
    progress = review_year is not None and review_year == plan_year
    paragraphs = _without_cut_clause([p for p in text.split("\n") if p.strip()])
    for paragraph in paragraphs:
        section = paragraph_section(paragraph, section, review_year, plan_year)
        if _lede_of_plan(paragraph, plan_year):
            section = "plan"
        headline = _is_headline(paragraph)
        lead = ""
        year = None
        before = frame = ""
        for index, part in enumerate(SENTENCE_END.split(paragraph)):
            part = part.strip()
            if not part:
                continue
            opened = _earlier_year(part, review_year)
            if opened is not None and not progress and (index == 0 or lead == ""):
                year = opened if opened < (review_year or 0) else None
                section = "review" if index else section
            if REVIEW_CUES.search(part[:20]):
                section = "review"
            elif plan_cue(plan_year).search(part) or (
                not progress and plan_year and _year_opening(plan_year).match(part)
            ):
                section = "plan"  # from this sentence on, until a paragraph or cue says otherwise
                year = None
            # The detailing runs across the semicolons of its list ("其中，A方面，…；B方面，…。").
            frame = before if DETAILS.match(part) else (frame if lead else "")
            yield Sentence(part, section, headline, lead, year, frame)
            lead = "" if part.endswith(("。", "！", "？", "!", "?")) else lead + part
            before = lead + part if part.endswith(("。", "！", "？", "!", "?")) else before
