"""Numbers of a work report as target records (../shared/spec/targets.md), in small passes.

normalise (damaged text) → indicator tables (table_records.py: read by their columns, taken out of
the prose) → sentences and sections (sections.py) → lists (lists.py: 分别/均 and
coordinated forms) → quantities (quantities.py) → names (names.py) → kind and year (kinds.py) →
one record per fact.
"""

from __future__ import annotations

import re
from typing import Any

from parsers.records.chunks import forget
from parsers.records.context import with_period, with_topics
from parsers.records.facts import one_per_fact
from parsers.records.finder import find_quantities
from parsers.records.kinds import kind_and_year, own_year
from parsers.records.lexicon import cues
from parsers.records.lists import coordinated, resolve_respectively
from parsers.records.names import name_quantities
from parsers.records.normalise import normalise
from parsers.records.numbers import normalise as ascii_digits
from parsers.records.quantities import (
    BIG_APPROX,
    MASKED,
    QUANTITY,
    ROUND,
    UNIT_RE,
    UNSET,
    Found,
    falls_to,
)
from parsers.records.script import to_simplified
from parsers.records.sections import Sentence, sentences
from parsers.records.shares import fractions
from parsers.records.table_records import restated_in, split_tables

BACKGROUND = re.compile("|".join(cues()["background"]))
# Anything that could be a figure: a digit, a mask, a fraction in words, a Chinese numeral before a
# unit. Most sentences of a report hold none, and skipping them is most of the extractor's speed.
FIGURE = re.compile(rf"[\dxX*＊]|分之|[零〇一二两三四五六七八九十百千万亿]\s*(?:余|多)?\s*{UNIT_RE}")
# … and of those with one, a third hold only dates and ordinals: no number with its unit, no share.
# QUANTITY is looked for first (its match is handed on to find_quantities); the others only where
# the words they cannot match without occur, which `in` tells far faster than a scan.
MEASURES = (
    (BIG_APPROX, ("万余", "万多", "亿余", "亿多")),
    (ROUND, ("千", "百", "万")),
    (MASKED, ("x", "X")),
    (re.compile(r"分之|\d\s*/\s*\d"), ("分之", "/")),
)


# A clause of background opens on where the zone lies or what it governs ("下辖4个街道、32个社区");
# one-character verbs only at the clause's head (距 is also in 差距).
# 托管 only right before its count ("托管3个镇"; "托管园区实现产值…" is a result).
BACKGROUND_CLAUSE = re.compile(
    r"(?:^|[，,；;：:])(?:[^，,；;：:\d]{0,6}?(?:下辖|位于|地处|距离)|\s*(?:辖|距|托管(?=\s*\d)))[^，,；;：:]*$"
)

BACKGROUND_WORDS = ("辖", "距", "位于", "地处", "托管")  # what BACKGROUND_CLAUSE cannot match without


def _in_background(text: str, start: int) -> bool:
    """The figure at `start` stands in a clause of background, whichever item of a list it is."""
    if not any(word in text for word in BACKGROUND_WORDS):
        return False  # most sentences hold none of the words, and `in` tells that quickly
    return bool(BACKGROUND_CLAUSE.search(text, 0, start))


def extract_from_sentence(
    sentence: Sentence,
    review_year: int | None,
    plan_year: int | None,
    context: str = "",
    prior: Found | None = None,
) -> list[dict[str, Any]]:
    """The records of one sentence; `context` is the text just before it (what 该项目 points to),
    `prior` the last figure of the sentence before (what a sentence opening on 其中 is part of)."""
    text = sentence.text
    if not FIGURE.search(text):
        return []
    first = QUANTITY.search(text)
    if first is None and not any(
        any(word in text for word in needs) and pattern.search(text) for pattern, needs in MEASURES
    ):
        return []
    listed, taken, pending = coordinated(text)
    spans = list(taken)
    plain = name_quantities(text, find_quantities(text, spans, first), spans, context, prior)
    respectively = resolve_respectively(pending, sorted(listed + plain, key=lambda f: f.start))
    shares = fractions(text, plain)
    items = sorted(listed + plain + respectively + shares, key=lambda f: f.start)
    items = [
        item for item in items if not BACKGROUND.search(item.metric) and not _in_background(text, item.start)
    ]
    if not items:
        return []
    clause = text.rstrip("。；;！？!?")
    records = []
    for item, metric in zip(items, with_topics(items, text), strict=True):
        kind, year = kind_and_year(sentence, item.end, review_year, plan_year)
        if item.quoted_target:
            kind, year = "target", review_year  # the review year's own target, quoted in its review
        if kind == "actual" and item.comparator == "<=" and falls_to(text[: item.start]):
            item.comparator = "="  # "PM2.5平均浓度降至32微克/立方米": the level it fell to
        if kind == "actual":
            lead = sentence.lead
            stated = own_year(lead + text, len(lead) + item.start, item.unit, review_year)
            # A from–to baseline has no year unless its words give one.
            year = stated or (item.year if item.year is not UNSET else year)
        records.append(
            {
                "metric": with_period(metric, sentence.lead + text, len(sentence.lead) + item.start),
                "value": item.value,
                "unit": item.unit,
                "year": year,
                "kind": kind,
                "comparator": item.comparator,
                "text": clause,
            }
        )
    return records


def extract_records(
    text: str, *, review_year: int | None, plan_year: int | None, warnings: list[str] | None = None
) -> list[dict[str, Any]]:
    """Every target and actual of a clean report text: the prose's in the order they appear, then
    the indicator tables' (rows that do not fit their table's header are named in `warnings`).

    Traditional-script text is converted to simplified first; the records' metric, unit and clause
    text are then in simplified script.
    """
    if plan_year is None and review_year is not None:
        plan_year = review_year + 1
    if review_year is None and plan_year is not None:
        review_year = plan_year - 1
    forget()
    records: list[dict[str, Any]] = []
    headline: list[bool] = []
    prose, tabled = split_tables(
        ascii_digits(to_simplified(normalise(text))), review_year, plan_year, warnings
    )
    context = ""
    prior: Found | None = None
    for sentence in sentences(prose, review_year, plan_year):
        found = extract_from_sentence(sentence, review_year, plan_year, context, prior)
        context = sentence.text
        last = found[-1] if found else None
        prior = Found(0, 0, last["value"], last["unit"], "=", last["metric"]) if last else None
        records.extend(found)
        headline.extend([sentence.headline] * len(found))
    records = one_per_fact(records, headline)
    return records + [record for record in tabled if not restated_in(record, records)]
