"""Traditional-script reports (台商 news, Hong Kong/Macao partner pages) read as simplified.

The extractor's units, cue words and dictionary are simplified, so a traditional text is converted
whole before extraction; records then carry simplified metric, unit and clause text (the scorer and
the year-over-year matcher compare in simplified anyway). OpenCC costs far more than extraction
itself, so it only runs when a cheap scan finds traditional-only characters.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

# Frequent in any work report, and each differs from its simplified form.
TRADITIONAL_MARKERS = frozenset(
    "個們這區業發產經濟為與會實現項億萬國開進過時對來術總資設標準點構體權運創變織"
)
# The same markers as a character class: counting its matches runs in C, not one Python step a character.
_MARKER = re.compile("[" + "".join(sorted(TRADITIONAL_MARKERS)) + "]")
SAMPLE = 4000
MIN_MARKERS = 3


@cache
def _converter():  # type: ignore[no-untyped-def]
    from opencc import OpenCC

    return OpenCC("t2s")


def looks_traditional(text: str) -> bool:
    markers = _MARKER.finditer(text, 0, SAMPLE)
    return sum(1 for _ in itertools.islice(markers, MIN_MARKERS)) >= MIN_MARKERS


def to_simplified(text: str) -> str:
    return _converter().convert(text) if looks_traditional(text) else text
