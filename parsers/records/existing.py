"""Counts of what a zone already has: "依托现有3家省级众创空间", "用好云栖和梦想2个省级特色小镇".

Such a count is no record (../shared/spec/targets.md: a count of the things a clause names, or of
what exists, is not something to reach); the quantities pass drops it. The words are data
(existing.yaml).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

NAMES_JOINED = re.compile(r"[^，,；;。：:\d、和及与]{1,12}(?:(?:、|和|及|与)[^，,；;。：:\d、和及与]{1,12})+")
JOINER = re.compile("、|和|及|与")


@cache
def _words() -> tuple[tuple[str, ...], re.Pattern[str]]:
    import yaml

    raw = yaml.safe_load(Path(__file__).with_name("existing.yaml").read_text(encoding="utf-8"))
    verbs = tuple(sorted(raw["existing_verbs"], key=len, reverse=True))
    return verbs, re.compile("|".join(sorted(map(re.escape, raw["existing"]), key=len, reverse=True)))


def uses_what_exists(before: str, value: float | int | None) -> bool:
    """Whether a verb of using what exists (用好, 依托) stands right before a count, with at most
    现有/已有 ("依托现有3家") or the names of the things counted ("用好云栖和梦想2个") between.

    `before` is the sentence up to the count's number; `value` the count.
    """
    verbs, existing = _words()
    tail = existing.sub("", before.rstrip()[-60:])
    for verb in verbs:
        at = tail.rfind(verb)
        if at < 0:
            continue
        between = tail[at + len(verb) :].strip()
        if not between:
            return True
        if NAMES_JOINED.fullmatch(between) and len(JOINER.split(between)) == value:
            return True
    return False
