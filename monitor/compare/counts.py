"""Counts that only number the things just named, or things a zone already has, are not targets.

"用好日、韩、德、新4个海外商务创新交流中心" numbers four centres it names; "依托现有3家省级众创空间"
counts what the zone has. Extraction may give either as a target of the plan year, which the diff
would list as 新增 (or, in the older report, as 未再提及): ../shared/spec/targets.md says such counts
are not records. The words are data (counts.yaml).

A list whose count is larger than its names ("东杰、科恒和普拉迪等23个拿地项目") is a target, and so is a
count whose noun stands before it ("完成省、市重点项目2个": nothing after the measure word names the
things, so 省、市 is a modifier, not a list).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from monitor.compare.matching import CLAUSE_BREAK, find_number, simplified
from monitor.compare.matching import words as matching_words

WORDS_FILE = Path(__file__).with_name("counts.yaml")
# Units that count things (个, 家, 座, 大 …), as opposed to amounts, shares and measures.
AMOUNT_UNIT = re.compile(r"[元%％亿万千百米亩吨]|百分点")
NAMED = re.compile(r"[A-Za-z\u4e00-\u9fff]")


@cache
def _words() -> dict[str, Any]:
    raw = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    return {
        "existing_verbs": tuple(sorted(map(str, raw["existing_verbs"]), key=len, reverse=True)),
        "existing": tuple(sorted(map(str, raw["existing"]), key=len, reverse=True)),
        "joiners": re.compile(
            "|".join(re.escape(str(j)) for j in sorted(raw["joiners"], key=len, reverse=True))
        ),
        "name_length": int(raw["name_length"]),
    }


def _clause(record: dict[str, Any]) -> tuple[str, str] | None:
    """The record's clause before its number and after its number and unit, or None when the number
    is not in its text."""
    text = simplified(record.get("text") or "")
    at = find_number(text, record.get("value"))
    if at < 0:
        return None
    before = CLAUSE_BREAK.split(text[:at])[-1]
    rest = text[at + len(f"{float(record['value']):g}") :].lstrip()
    unit = record.get("unit") or ""
    rest = rest[len(unit) :] if unit and rest.startswith(unit) else rest
    return before, CLAUSE_BREAK.split(rest)[0]


def _names_listed(before: str) -> int:
    """How many names a list right before the count gives ("用好日、韩、德、新" → 4); 0 for no list."""
    words = _words()
    items = words["joiners"].split(before.removesuffix("等"))
    if len(items) < 2 or any(not item.strip() or re.search(r"\d", item) for item in items):
        return 0
    if any(len(item) > words["name_length"] for item in items[1:]):
        return 0
    if any(items[-1].strip() == level for level in matching_words()["levels"]):
        return 0  # "国家级、省级2家孵化器": levels of what is counted, not names
    return len(items)


def _uses_what_exists(before: str) -> bool:
    """Whether a verb of using what exists (用好, 依托) stands right before the count, with at most
    现有/已有 between ("依托现有3家")."""
    words = _words()
    for verb in words["existing_verbs"]:
        at = before.rfind(verb)
        if at < 0:
            continue
        between = before[at + len(verb) :]
        for word in words["existing"]:
            between = between.replace(word, "")
        if not between.strip():
            return True
    return False


def counts_named_things(record: dict[str, Any]) -> bool:
    """Whether a target's number only counts things its clause names or the zone already has."""
    if record.get("kind") != "target" or record.get("value") is None:
        return False
    unit = record.get("unit") or ""
    if not unit or AMOUNT_UNIT.search(unit):
        return False
    parts = _clause(record)
    if parts is None:
        return False
    before, after = parts
    if _uses_what_exists(before):
        return True
    # The things counted are named after the count ("4个海外商务创新交流中心"), else it is no list.
    listed = _names_listed(before)
    return bool(listed) and float(record["value"]) == listed and bool(NAMED.search(after))
