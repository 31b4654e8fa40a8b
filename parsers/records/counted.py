"""What a count counts, where the words around it are not plain: levels of government joined by 、
("60个省、市重点项目"), a status all the things counted share ("全部开工"), and the count that a
later attribute belongs to ("项目86个，开工率100%，完成投资175亿元")."""

from __future__ import annotations

import re
from collections.abc import Callable

from parsers.records.chunks import noun_phrase
from parsers.records.owners import ATTRIBUTE, STOCK, counts_things
from parsers.records.quantities import Found

LEVEL = r"(?:国家|中央|省|市|区|县)级?"
# Levels joined by 、 before one noun ("省、市重点项目", "国家、省级重大项目"): one name, not a list.
LEVEL_LIST = re.compile(rf"{LEVEL}(?:、{LEVEL})+[^，,；;。：:、\d]+")
# … and the same levels ending the words before a name, after a count or at a clause's head.
LEVELS_BEFORE = re.compile(rf"(?:^|[，,；;。：:]|\d\s*[个家项所座]\s*)((?:{LEVEL}、)+)$")
# Adverbs saying all of the things counted did something ("全部开工", "均已投产"); not 人均, 年均.
ALL_OF_THEM = re.compile(r"全部|全都|悉数|(?<![人年亩户])均")


def levels_before(sentence: str, floor: int, start: int) -> str:
    """The levels joined by 、 that stand right before `start` ("省、" of "省、市重点项目"), or "".

    Only after `floor` (the figure before), and only where they open a clause or follow a count:
    the 全 of "全市、区级" belongs to its word.
    """
    levels = LEVELS_BEFORE.search(sentence, max(0, floor - 4), start)
    return levels.group(1) if levels and levels.start(1) >= floor else ""


def levels_after(after: str) -> str | None:
    """The noun a count stands before when it opens with levels joined by 、, or None."""
    levels = LEVEL_LIST.match(after.lstrip())
    return levels.group(0) if levels else None


def shared_status(noun: str, unit: str) -> int | None:
    """Where a status all the counted things share starts in the words after a count
    ("省级重点项目全部开工" → 6), or None where those words are no noun and status."""
    every = ALL_OF_THEM.search(noun) if counts_things(unit) else None
    if every is None or every.start() < 2 or noun_phrase(noun[: every.start()]) != noun[: every.start()]:
        return None
    return every.start()


def counted_owner(found: list[Found], previous: Found | None) -> Found | None:
    """The count whose attribute `previous` is ("项目86个，开工率100%" → the 86), or None where
    `previous` is itself a count or names something of its own."""
    if previous is None or counts_things(previous.unit):
        return None
    for earlier in reversed(found):
        if earlier is previous:
            continue
        if counts_things(earlier.unit) and earlier.metric and previous.metric.startswith(earlier.metric):
            return earlier
    return None


def is_attribute(metric: str) -> bool:
    """What the things counted cost, hold or achieved ("完成投资", "总投资", "投资完成率")."""
    return bool(ATTRIBUTE.match(metric))


def is_stock(metric: str) -> bool:
    """The whole stock of the things counted ("总数", "总量")."""
    return bool(STOCK.match(metric))


# A share's own words: a name holding one of these says what it is a share or rate of.
RATE_WORDS = re.compile(r"占|比|率|增|降|提高|提升|减少|下滑|回落")
PART_SHARE = "占比"


def share_of_part(metric: str, left: str, previous: Found) -> str:
    """ "新签约项目120个，其中省外项目超过60%": a bare part after 其中 and a count is its share of
    the things counted (新签约项目中省外项目占比); a bare attribute right after such a share is the
    same part's share of it ("…，投资额超过70%" → …中省外项目投资额占比). Else `metric` as it is."""
    if not metric or RATE_WORDS.search(metric):
        return metric
    if re.match(r"[(（]?其中", left) and counts_things(previous.unit):
        return f"{previous.metric}中{metric}{PART_SHARE}"
    part = previous.metric.removesuffix(PART_SHARE)
    if previous.unit == "%" and part != previous.metric and "中" in part and not left.startswith("其中"):
        # The attribute may have been given the whole's name already (新签约项目投资额): the part's.
        return f"{part}{metric.removeprefix(part.split('中', 1)[0])}{PART_SHARE}"
    return metric


def attribute_follows(between: str, last: bool, clean: Callable[[str], str]) -> bool:
    """The next figure, in the clause `between` a count's noun and it, is an attribute of what was
    counted ("…，完成投资48.8亿元", "…，总投资30亿元"); never where no figure follows (`last`)."""
    if last or not between.startswith(("，", ",")):
        return False
    return is_attribute(clean(between[1:]))
