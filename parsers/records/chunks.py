"""A small chunker: which words of a clause frame a figure and which name what it measures.

A clause around a figure reads [time] [who] [how sure] [verb] INDICATOR [comparator] NUMBER
("去年全年高新区完成地区生产总值565亿元"), or, for a count, NUMBER NOUN [predicate]
("37个市重点项目完成年度投资计划65.2%"). The words are segmented and tagged as jieba's posseg
tags them (lexicon.pos_tags, with the indicator dictionary), and each word gets a role: jieba's
part of speech where it tells
(t time, d adverb, c conjunction, r pronoun, u particle), else the role word lists of roles.yaml
(zone, time, stance, plan, modal, light verb, copula, comparator, connective), and a zone's own name
("长沙经开区", "吉林省长春新区") is read as one word with the role `zone`.

`indicator(text)` keeps the words that name the indicator: the framing slots come off the edges,
commitments and estimates (stance) and clause-time words out of the middle, and a modal verb inside
ends the clause's subject. `noun_phrase(text)` is the noun a count stands before, up to where its
predicate starts; `counted_noun` is that noun where the predicate belongs to the next figure.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, cast

from parsers.records.lexicon import pos_tags

ROLES_FILE = Path(__file__).with_name("roles.yaml")
# A zone's own name heading a clause; 国家级经开区, 省级开发区, 全省开发区 name a class of zones instead.
ZONE_NAME = re.compile(
    r"^(?!国家|省|市|全|西部|东部|中部)[^\W\d_级全的在和与及、]{0,8}?"
    r"(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|经开区|开发区|新区|工业园区|产业园区|示范区|自贸区|保税区)"
)
ZONE_END = re.compile(r"(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|经开区|开发区|新区|示范区)$")
# Administrative places as a clause's subject ("珠海市金湾区全年GDP", "吉林省长春新区GDP").
PLACE = re.compile(r".{2,6}[省市区县州]$")
# Roles taken off the head and the tail of a name; jieba's parts of speech that frame as well.
# Who reports and how firmly stand before the indicator; comparators after it ("超时序进度",
# "高于全市", "达年任务" keep theirs).
LEADING_ROLES = frozenset({"zone", "time", "stance", "plan", "modal", "light", "connective"})
TRAILING_ROLES = frozenset({"time", "stance", "modal", "light", "copula", "comparator", "connective"})
EDGE_ROLES = LEADING_ROLES | TRAILING_ROLES
LEADING_TAGS = frozenset({"t", "d", "c", "r", "u", "uj", "ul", "uz", "ug", "ud", "x", "p"})
TRAILING_TAGS = frozenset({"c", "x", "p"})
# Particles that end no name ("…的", "…等"); jieba calls 所 (北交所) and 者 particles too.
PARTICLES = frozenset({"的", "了", "着", "过", "之", "等", "等等"})  # not 地 (用地), 得
# A time word at the head of a clause frames it; these name a base of comparison instead.
RELATIVE_TIME = ("上年", "去年同期", "同期", "上年同期", "上月", "上季度", "前")
CLAUSE_TIME = re.compile(r"年|月|季度|目前|当前|近期|以来|如今|现在|过去|今后|未来")
YEAR_WORDS = ("年", "年度")
# Five-year plans, as the span a target is set for ("十四五期间").
PLAN_PERIODS = frozenset({"十三五", "十四五", "十五五"})
# Adverbs that are qualifiers of the indicator ("累计引进项目", "年均增长").
QUALIFIER_ADVERBS = frozenset({"累计", "年均", "人均", "亩均", "净", "新"})


class Word(NamedTuple):
    text: str
    tag: str  # jieba's part of speech
    role: str  # a role of roles.yaml, or "" for a word that may name the indicator


@cache
def roles() -> dict[str, str]:
    """Each role word of roles.yaml with its role (zone, time, stance, plan, …)."""
    special = ("short_forms", "compounds")
    return {word: role for role, words in _roles_file().items() if role not in special for word in words}


@cache
def short_forms() -> dict[str, str]:
    """Short forms of indicators a headline uses, with the body's form (GDP → 地区生产总值)."""
    return dict(_roles_file()["short_forms"])


def has_compound(text: str) -> bool:
    """Whether `text` holds a compound word of roles.yaml (城乡, 开复工 …)."""
    return any(word in text for word in _roles_file()["compounds"])


def split_compound(name: str, parts: int | None = None) -> list[str]:
    """ "城乡居民人均可支配收入" → 城镇居民…, 农村居民…: the names a compound word stands for (as many
    as `parts` where given), or [] where the name holds no such word."""
    for word, split in _roles_file()["compounds"].items():
        if word in name and (parts is None or parts == len(split)):
            return [name.replace(word, part, 1) for part in split]
    return []


@cache
def _roles_file() -> dict[str, Any]:
    import yaml

    return yaml.safe_load(ROLES_FILE.read_text(encoding="utf-8"))


def words(text: str) -> list[Word]:
    """The words of `text` with their part of speech and role; a leading zone name is one word."""
    return list(_tagged(text))


_PER_DOCUMENT: list[Callable[[], None]] = []
F = TypeVar("F", bound=Callable[..., Any])


def per_document(function: F) -> F:
    """Remember a pure function's answers within one document: the passes ask for the same short
    phrases several times per figure. `forget` empties every such memory at the start of a
    document, so a repeated document costs what it cost the first time (benchmarks/bench_parse.py)."""
    remembered = lru_cache(maxsize=4096)(function)
    _PER_DOCUMENT.append(remembered.cache_clear)
    return cast(F, remembered)


@per_document
def _tagged(text: str) -> tuple[Word, ...]:
    out: list[Word] = []
    zone = ZONE_NAME.match(text)
    if zone and len(text) > zone.end():
        out.append(Word(zone.group(0), "nt", "zone"))
        text = text[zone.end() :]
    table = roles()
    for word, tag in pos_tags(text) if text else []:
        out.append(Word(word, tag, table.get(word, "")))
    return tuple(out)


def forget() -> None:
    """Drop what was remembered from the document before (called once per document)."""
    for clear in _PER_DOCUMENT:
        clear()


def _framing_at_start(word: Word, rest: list[Word]) -> bool:
    if not word.text.strip():
        return True
    if word.text in QUALIFIER_ADVERBS or word.text.startswith("每"):
        return False  # "累计引进", "每年新培养技能人才": qualifiers of the indicator
    if _year_target(word, rest):
        # "完成全年任务的58%", "达年任务57%": a share of the year's target keeps its verb and year.
        return False
    if word.role in LEADING_ROLES:
        return True
    if word.tag == "t":
        # jieba calls phases (三期) and sequences (先后) times too; only a date or period frames.
        return bool(CLAUSE_TIME.search(word.text)) and not word.text.startswith(RELATIVE_TIME)
    if word.tag == "p":
        return word.text in ("在", "从", "经", "由", "于")
    if word.text in ("内", "以来") or (word.tag == "f" and word.text in ("中", "后", "期间", "末")):
        return True  # "未来五年内挺进…": what is left of a span of time
    if (word.text in PLAN_PERIODS or word.tag == "m" and word.text.endswith("年")) and _span_follows(rest):
        return True  # "十四五期间跻身…", "三年内跨入…": a horizon, said by the year field
    if word.tag.startswith("v") and rest and rest[0].text == "了":
        return True  # "确定了…目标", "包揽了…奖": a completed act frames its object
    if word.tag == "ns" and rest:
        # "珠海市金湾区全年GDP", "吉林省长春新区GDP": the place reports, the GDP is measured.
        run = word.text + "".join(next_word.text for next_word in _leading(rest, "ns"))
        return bool(PLACE.match(word.text) or (len(run) > len(word.text) and ZONE_END.search(run)))
    return word.tag in LEADING_TAGS


def _span_follows(rest: list[Word]) -> bool:
    """A number of years is a span where 内, 期间 or 时间 closes it ("三年内", not "三年行动")."""
    return bool(rest) and rest[0].text in ("内", "期间", "时间", "时期", "末")


def _year_target(word: Word, rest: list[Word]) -> bool:
    """`word` (a light verb or a year) heads nothing but a year's target: 完成|全年|任务, 达|年|任务."""
    heads = word.role in ("light", "time") or word.text in YEAR_WORDS
    only_target = all(w.role in ("time", "plan", "connective") or w.text in YEAR_WORDS for w in rest)
    return heads and bool(rest) and only_target and any(w.role == "plan" for w in rest)


def _leading(chunk: list[Word], tag: str) -> list[Word]:
    """The words at the head of `chunk` that all carry `tag`."""
    out: list[Word] = []
    for word in chunk:
        if word.tag != tag:
            break
        out.append(word)
    return out


def _framing_at_end(word: Word) -> bool:
    if word.role in TRAILING_ROLES:
        return True
    if not word.text.strip():
        return True
    if word.tag == "d":
        return len(word.text) == 1  # "已", "均"; jieba's longer adverbs include nouns (进度)
    if word.tag.startswith("u"):
        return word.text in PARTICLES
    return word.tag in TRAILING_TAGS and (word.tag != "c" or word.text != "所")


def _framing_inside(word: Word, before: Word | None, after: Word | None, second: bool = False) -> bool:
    """Stance anywhere ("地区生产总值确保增长"); a clause-time word ("重点项目全年完成投资"), not a
    base of comparison ("较去年前进") nor the year of a target ("全年目标"); a one-character adverb
    before a verb ("在建项目已完成投资")."""
    if word.role == "stance":
        return True
    if word.role == "zone" and before is not None and (before.tag == "t" or CLAUSE_TIME.search(before.text)):
        return True  # "前三季度该区规上工业增加值": who reports, after the period it reports on
    if second and word.role == "light" and before is not None and before.text in QUALIFIER_ADVERBS:
        # "累计实现技工贸总收入": the qualifier stays, the light verb goes; after a subject of its
        # own it stays ("重点项目累计完成投资").
        return True
    verb_follows = after is not None and after.tag.startswith("v")
    if word.tag == "d" and len(word.text) == 1 and word.role == "connective" and verb_follows:
        return True
    if before is not None and (before.text in ("比", "较", "与", "同", "和") or before.text[-1:].isdigit()):
        return False  # "较去年前进", "3年内高企认定率": a base or a span, not the clause's time
    # "产业全年产值" → 产业产值; "完成全年目标任务" keeps the year its target is of.
    return word.role == "time" and (after is None or after.role != "plan")


@per_document
def indicator(text: str) -> str:
    """The words of `text` that name the indicator, framing taken off: "去年全年高新区完成地区生产总值"
    → 地区生产总值, "规上工业开票预计完成" → 规上工业开票, "重点项目完成投资" stays whole."""
    chunk = _after_modal(words(text))
    while chunk and _framing_at_start(chunk[0], chunk[1:]):
        chunk.pop(0)
    while chunk and _framing_at_end(chunk[-1]):
        chunk.pop()
    kept = [
        word
        for index, word in enumerate(chunk)
        if not _framing_inside(
            word,
            chunk[index - 1] if index else None,
            chunk[index + 1] if index + 1 < len(chunk) else None,
            second=index == 1,
        )
    ]
    return "".join(word.text for word in kept)


def _ends_subject(chunk: list[Word], index: int) -> bool:
    """A modal verb at `index` that ends the clause's subject: 要, 将 …; 可 and 能 only before a light
    verb ("年内可完成", not the 可 of 可支配收入)."""
    word = chunk[index]
    if word.role != "modal":
        return False
    return word.text not in ("可", "能") or (index + 1 < len(chunk) and chunk[index + 1].role == "light")


def _after_modal(chunk: list[Word]) -> list[Word]:
    """ "全区经济要实现地区生产总值", "还将紧盯全年实现工业投资": a modal verb inside ends the clause's
    subject; what is measured is the object of the light verb after it (or what follows the modal)."""
    modal = next((i for i in range(len(chunk) - 1, 0, -1) if _ends_subject(chunk, i)), None)
    if modal is None or modal == len(chunk) - 1:
        return chunk
    rest = chunk[modal + 1 :]
    light = next((i for i in range(len(rest) - 1, -1, -1) if rest[i].role == "light"), None)
    rest = rest[light + 1 :] if light is not None else rest
    # "该产业全年产值将超…": nothing but a comparator after it; the subject is the name.
    return rest if any(not word.role and word.tag[:1] in "nv" for word in rest) else chunk


# Parts of speech that start a predicate after a counted noun: a verb, adverb, preposition, particle.
PREDICATE_TAGS = ("v", "d", "p", "u", "c", "m", "i", "l")


def _noun_phrase(chunk: list[Word]) -> int:
    """How many words of `chunk` make its leading noun phrase (up to the predicate)."""
    for index, word in enumerate(chunk):
        if index and (word.tag.startswith(PREDICATE_TAGS) or word.tag == "ad" or word.role in EDGE_ROLES):
            return index
    return len(chunk)


def noun_phrase(text: str) -> str:
    """The noun phrase at the start of `text`, up to its predicate: "市重点项目完成年度投资计划" → 市重点项目."""
    chunk = words(re.sub(r"[“”\"'‘’「」]", "", text))
    return "".join(word.text for word in chunk[: _noun_phrase(chunk)])


def counted_noun(text: str) -> str | None:
    """What a count stands before when the words after it frame another figure: "市重点项目完成
    年度投资计划" (…65.2%) → 市重点项目; None where its own predicate follows ("企业新获批…")."""
    chunk = words(re.sub(r"[“”\"'‘’「」]", "", text))
    size = _noun_phrase(chunk)
    if size == len(chunk):
        return None
    after = chunk[size]
    framing = after.role in ("light", "time", "modal", "stance", "connective") or after.tag == "d"
    return "".join(word.text for word in chunk[:size]) if framing else None
