"""Every number with a unit in a sentence that measures something (the patterns and the filter
are quantities.py's; this runs them over a sentence, cheapest test first)."""

from __future__ import annotations

import itertools
import re

from parsers.records.numbers import ROUGH_PAIRS, rough_number, to_number
from parsers.records.quantities import (
    BIG_APPROX,
    MASKED,
    QUANTITY,
    ROUGH,
    ROUND,
    SIGNED,
    after_label,
    skip,
)

MINUS = re.compile("[−－]")

# Each pattern with words it cannot match without ("" for none): most sentences hold none of them,
# and `in` finds that out far faster than the patterns, which try every position of the sentence.
PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (QUANTITY, ()),
    (BIG_APPROX, ("万余", "万多", "亿余", "亿多")),
    (ROUND, ("千", "百", "万")),
    (SIGNED, tuple("-−－+＋")),
    (ROUGH[0], ROUGH_PAIRS),
    (ROUGH[1], ("几",)),
    (ROUGH[2], ("余", "多")),
    (MASKED, ("x", "X")),
)


def find_quantities(
    sentence: str, taken: list[tuple[int, int]], first: re.Match[str] | None = None
) -> list[tuple[re.Match[str], float | int | None]]:
    """Every number with a unit that measures something, in order: (match, value); value None when masked.

    Spans in `taken` (already read by a list pass) are left out. `first` is QUANTITY's first match
    in the sentence where the caller has it already (extract.py's gate looks for it), so that the
    sentence is not scanned for it twice.
    """
    spans: list[tuple[int, int]] = []
    hits: list[tuple[re.Match[str], float | int | None]] = []
    for regex, needs in PATTERNS:
        if needs and not any(word in sentence for word in needs):
            continue
        found = regex.finditer(sentence)
        if regex is QUANTITY and first is not None:
            found = itertools.chain((first,), regex.finditer(sentence, first.end()))
        for match in found:
            if any(a <= match.start() < b for a, b in taken):
                continue
            if regex is ROUND:
                if after_label(sentence[match.end() :]):
                    continue  # "GDP超千亿元的开发区", "千亿元新闻发布会": a class in a name
                value: float | int | None = {"千": 1000, "百": 100, "万": 10000}[match.group("num")]
            elif regex is MASKED:
                value = None
            else:
                num = match.group("num")
                value = rough_number(num) if regex in ROUGH else to_number(MINUS.sub("-", num).lstrip("+＋"))
                if value is None or skip(sentence, match, value):
                    continue
                if regex in ROUGH and any(a < match.end() and match.start() < b for a, b in spans):
                    continue  # a figure another pattern read already
            hits.append((match, value))
            spans.append(match.span())
    hits.sort(key=lambda hit: hit[0].start())
    return hits
