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


def _opens_on_year(paragraph: str) -> int | None:
    # "2020年1月，…" dates an event that happened; only the bare year opens a section.
    match = re.match(
        r"\s*[(（]?[一二三四五六七八九十\d、.]*\s*(20\d\d)\s*年(?![\d一二三四五六七八九十]{1,3}月)",
        paragraph,
    )
    return int(match.group(1)) if match else None


def paragraph_section(paragraph: str, current: str, review_year: int | None, plan_year: int | None) -> str:
    head = paragraph.strip()[:40]
    year = _opens_on_year(head)
    if year is not None and REVIEW_HEADING.match(head[head.index(str(year)) + 4 :]):
        return "review"  # "一、2020 年工作总结": a review whatever year it names
    if review_year is not None and review_year == plan_year:
        year = None  # a progress article: its own year opens both results and targets
    if year is not None and plan_year is not None and year >= plan_year:
        return "plan"
    if year is not None and review_year is not None and year == review_year:
        return "review"
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


def sentences(text: str, review_year: int | None, plan_year: int | None) -> Iterator[Sentence]:
    section = "review" if review_year is not None else "unknown"
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            continue
        section = paragraph_section(paragraph, section, review_year, plan_year)
        headline = len(paragraph.strip()) <= HEADLINE_CHARS and not re.search(r"[。！？!?]", paragraph)
        lead = ""
        for part in SENTENCE_END.split(paragraph):
            part = part.strip()
            if not part:
                continue
            if REVIEW_CUES.search(part[:20]):
                section = "review"
            elif plan_cue(plan_year).search(part):
                section = "plan"  # from this sentence on, until a paragraph or cue says otherwise
            yield Sentence(part, section, headline, lead)
            lead = "" if part.endswith(("。", "！", "？", "!", "?")) else lead + part
