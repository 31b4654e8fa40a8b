"""Shares written as fractions are percentages: "…37家，均占全市的四分之一", "占全市1/4" → 25 %,
named by the record they are a share of, or by the subject of the clause before where that clause
states no figure ("高企数量实现翻倍，占全市近1/4")."""

from __future__ import annotations

import re

from parsers.records.lists import ALL
from parsers.records.names import clean_metric, left_context, noun_head
from parsers.records.numbers import FRACTION, fraction_percent
from parsers.records.quantities import Found

# "1/4", "近2/3": a share written as a fraction in digits (not dates "3/4日" or codes "1/3工作法").
DIGIT_FRACTION = re.compile(r"(?<![\d/])(?P<top>\d{1,2})\s*/\s*(?P<bottom>\d{1,2})(?![\d/日月号工])")


def _clause_subject(sentence: str, floor: int, start: int) -> str:
    """The subject of the clause before a share that has none of its own, where that clause states
    no figure ("高企数量实现翻倍，占全市近1/4" → 高企数量); "" where there is none."""
    clauses = re.split(r"[，,；;]", sentence[floor:start])
    return noun_head(clauses[-2]) if len(clauses) >= 2 else ""


def fractions(sentence: str, earlier: list[Found]) -> list[Found]:
    """ "…37家，均占全市的四分之一", "占全市1/4": a share as a fraction, for the counts it follows."""
    out: list[Found] = []
    shares = [(m, fraction_percent(m.group(2), m.group(1))) for m in FRACTION.finditer(sentence)]
    for match in DIGIT_FRACTION.finditer(sentence):
        top, bottom = int(match.group("top")), int(match.group("bottom"))
        if 0 < top < bottom and re.search(
            r"占[^，,；;。]{0,12}?(?:的|近|约|超)?$", sentence[: match.start()]
        ):
            shares.append((match, round(100.0 * top / bottom, 1)))
    for match, value in shares:
        if value is None:
            continue
        before = sentence[max(0, match.start() - 12) : match.start()]
        share = re.search(r"占([^，,；;。]*?)(?:的|近|约|超)?$", before)
        suffix = "占" + share.group(1) if share else ""
        mark = ">=" if before.endswith(("超", "超过")) else "~" if before.endswith(("近", "约")) else "="
        # "…实际利用外资1亿美元规模工业应税销售占全市1/8" lost its comma: the name starts after
        # the figure before it.
        floor = max((f.end for f in earlier if f.end <= match.start()), default=0)
        own = clean_metric(left_context(sentence, match.start(), floor))
        owners = [f for f in earlier if f.end <= match.start() and f.unit != "%"]
        if not re.search(ALL, before):
            owners = owners[-1:]
        if own and not own.startswith(("占", "均")):
            names = [own]  # "外资项目占全区的三分之一": the share's own subject
        else:
            names = [owner.metric + suffix for owner in owners] or [
                _clause_subject(sentence, floor, match.start()) + suffix
            ]
        for name in filter(None, names):
            out.append(Found(match.start(), match.end(), value, "%", mark, name))
    return out
