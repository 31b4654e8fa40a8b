"""When are two records of different years the same indicator? All the rules live here, and the
words they use live beside it as data: synonyms.yaml (rewritten until nothing changes), scopes.yaml
(规上, 全口径, 税收 … never matched across), units.yaml (units of one quantity) and
indicator_words.yaml (flows, stocks, growth, shares, levels, framing and commitment words).

A record's indicator is reduced to a key: its content after synonyms are unified and framing words
(争取, 即, 预计 …) are gone, plus the qualifiers that must agree (a flow such as 新增, a stock such as
累计, a growth rate, a share), its scope and the quantity its unit measures. Content is compared as
the character pairs two names share (canonical names count as one piece), so a name that gains or
loses a word (城镇常住居民 / 城镇居民) still matches, and a tokenizer's whims do not matter. The
best-scoring pairs are taken first. A part-year period (1—11月, 上半年) is not part of the indicator.

`assess` also says whether a match is a judgment (a synonym, a renamed indicator, a converted unit),
so the item can say so, and whether it is doubtful (可能对应: shown, never judged).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from monitor.compare.units import is_percent, quantity

HERE = Path(__file__).parent
SYNONYMS_FILE = HERE / "synonyms.yaml"
SCOPES_FILE = HERE / "scopes.yaml"
WORDS_FILE = HERE / "indicator_words.yaml"
# A part of the year: figures so labelled are progress, not the year's result.
PART_YEAR = re.compile(
    r"(?:1|一)\s*[—–\-~～至到]\s*(?:[1-9]|1[01]|[二三四五六七八九]|十一?)\s*月(?:份|末|底)?"
    r"|上半年|下半年|前三季度|[一二三1-3]季度|前(?:\d{1,2}|[两二三四五六七八九十]{1,2})个月"
    r"|截[至止](?:目前|今年|\d{1,2}月|[一二三四五六七八九十]{1,2}月)(?:底|末)?"
)
YEAR_IN_NAME = re.compile(r"(?:19|20)\d\d年(?:度)?|十[一二三四五六七八九]五")
# Where one clause of a report ends and the next begins (a table's cell counts as a clause).
CLAUSE_BREAK = re.compile(r"[，,；;。！？!?\n|｜]")
# Quantities of money: 总量/规模 of them is the amount itself (indicator_words.yaml `amount`).
MONEY = ("人民币", "美元")
# A share's denominator: 占规上工业产值比重, 占全市的比重 (not 占比, which names none).
DENOMINATOR = re.compile(r"占([^占比]{1,16}?)的?比重")
PUNCTUATION = re.compile(r"[\s()（）\[\]【】“”\"'《》、，,:：;；·●|/\\-]+")
MIN_SCORE = 0.7  # share of content pieces two names must have in common (Dice) to be one indicator
DOUBT_SCORE = 0.4  # from here to MIN_SCORE, a compatible pair is shown as 可能对应, never judged


@cache
def words() -> dict[str, tuple[str, ...]]:
    """The word lists of indicator_words.yaml, each longest first."""
    raw = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    return {key: tuple(sorted(map(str, values), key=len, reverse=True)) for key, values in raw.items()}


@cache
def _synonyms() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for group in yaml.safe_load(SYNONYMS_FILE.read_text(encoding="utf-8")):
        canonical = str(group[0])
        pairs.extend((str(variant), canonical) for variant in group[1:])
    return sorted(pairs, key=lambda pair: -len(pair[0]))  # longest variant first


@cache
def _canonical_names() -> tuple[str, ...]:
    return tuple(sorted({canonical for _, canonical in _synonyms()}, key=len, reverse=True))


@cache
def _synonym_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation of every variant and canonical name, longest first, and where each goes.

    A canonical name maps to itself, so a variant inside it (进出口 in 进出口总额) is not rewritten.
    """
    target = {canonical: canonical for canonical in _canonical_names()}
    target.update(dict(_synonyms()))
    names = sorted(target, key=len, reverse=True)
    return re.compile("|".join(re.escape(name) for name in names)), target


@cache
def _scopes() -> tuple[str, ...]:
    return tuple(str(word) for word in yaml.safe_load(SCOPES_FILE.read_text(encoding="utf-8")))


@cache
def simplified(text: str) -> str:
    """Traditional script as simplified (地區生產總值 → 地区生产总值): one script before any rule."""
    from parsers.text import to_simplified

    return to_simplified(text)


@cache
def canonical_text(metric: str) -> str:
    """The metric in simplified script with every synonym rewritten to its canonical name, until
    nothing changes.

    One rewrite can make another possible (规上工业总产值 → 规上工业产值 makes 高新技术产业产值占规上
    工业总产值比重 a known name of 高新技术产业产值占比), so rewriting runs to a fixed point.
    """
    pattern, target = _synonym_pattern()
    metric = simplified(metric)
    for _ in range(10):  # each round shortens or keeps the text; ten is far more than real names need
        rewritten = pattern.sub(lambda m: target[m.group(0)], metric)
        if rewritten == metric:
            break
        metric = rewritten
    return metric


def find_number(text: str, value: float | int | None) -> int:
    """Where `value` is written in `text` (40 in "40家", not in "2040" or "140"), or -1."""
    if value is None:
        return -1
    found = re.search(rf"(?<![\d.]){re.escape(f'{float(value):g}')}(?![\d])", text)
    return found.start() if found else -1


def part_year(record: dict[str, Any]) -> bool:
    """Whether a record is a figure for part of a year (1—11月, 上半年): its metric or its clause says so.

    The clause counts only before the number, so "全年…，其中上半年…" does not make the first figure part-year.
    """
    if PART_YEAR.search(record.get("metric") or ""):
        return True
    text = record.get("text") or ""
    at = find_number(text, record.get("value"))
    return bool(PART_YEAR.search(text[: at if at >= 0 else len(text)]))


def _strip_framing(text: str, first: bool = True) -> str:
    """The name without the words that say how a figure is stated (争取, 预计, 2023年), and, at the
    start of the name (`first`), without a leading 即 or 其中."""
    text = YEAR_IN_NAME.sub("", PART_YEAR.sub("", text))
    for word in words()["framing"]:
        text = text.replace(word, " ")
    text = text.strip()
    for _ in range(3 if first else 0):  # 其中即 …: a few leading words in a row
        head = next((w for w in words()["leading"] if text.startswith(w)), None)
        if head is None:
            break
        text = text[len(head) :].lstrip()
    return text


def debris(metric: str) -> int:
    """How many characters of a name are framing rather than content (到GDP: 1, 地区生产总值: 0)."""
    return len(metric) - len(PUNCTUATION.sub("", _strip_framing(metric)))


def _pieces(text: str, first: bool = True) -> frozenset[str]:
    """Canonical names whole, and the character pairs of everything else once framing words are
    gone (a lone character counts as itself)."""
    for name in _canonical_names():
        if name in text:
            head, _, tail = text.partition(name)
            return _pieces(head, first) | {name} | _pieces(tail, False)
    found: set[str] = set()
    for run in PUNCTUATION.split(_strip_framing(text, first)):
        run = run.strip()
        if len(run) == 1:
            found.add(run)
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(found)


@dataclass(frozen=True)
class IndicatorKey:
    words: frozenset[str]  # content pieces
    actions: frozenset[str]
    flow: bool
    stock: bool
    growth: bool
    share: bool
    unit: str  # the quantity the unit measures: 个亿 and 亿元 are both 人民币
    scope: frozenset[str] = frozenset()
    level: frozenset[str] = frozenset()
    action_only: bool = False  # its flow is told by an action verb alone (落地项目), no 新增
    denominator: str = ""  # what a share is of (占规上工业产值比重 → 规上工业产值); "" for 占比 or no share

    def compatible(self, other: IndicatorKey) -> bool:
        """Same qualifiers, scope and quantity, no two different verbs or levels: the precondition
        of being one indicator. A verb or a level on one side only is allowed (a judged match)."""
        same = (self.unit, self.stock, self.growth, self.share, self.scope) == (
            other.unit,
            other.stock,
            other.growth,
            other.share,
            other.scope,
        )
        if not same or (self.level and other.level and self.level != other.level):
            return False
        if self.denominator and other.denominator and self.denominator != other.denominator:
            return False  # a share of GDP is not a share of industrial output
        if (self.actions, self.flow) == (other.actions, other.flow):
            return True
        one, bare = (self, other) if self.actions else (other, self)
        return one.action_only and not bare.actions and not bare.flow

    def one_sided(self, other: IndicatorKey) -> bool:
        """A verb, a level or a share's denominator named on one side only: the match is a judgment."""
        return (
            self.actions != other.actions
            or self.level != other.level
            or self.denominator != other.denominator
        )


@cache
def indicator_key(metric: str, unit: str) -> IndicatorKey:
    """The indicator a metric names, with `unit` the unit as written (亿元, 个亿, %)."""
    text = canonical_text(PART_YEAR.sub("", metric))
    listed = words()
    if quantity(unit) in MONEY:
        for word in listed["amount"]:  # GDP总量 is the GDP: no stock, no content
            text = text.replace(word, "")
    # What a share is of is compared apart from what it measures: 战略性新兴产业产值占规上工业产值比重
    # is the 战略性新兴产业产值占比 with its denominator named (no scope of its own), but not the
    # same share as one of GDP.
    of = DENOMINATOR.search(text)
    denominator = PUNCTUATION.sub("", of.group(1)) if of else ""
    own = text[: of.start()] + "占比" + text[of.end() :] if of else text
    # Qualifiers are compared as flags, so they come out of the content (新认定高新技术企业 and
    # 高新技术企业新认定 leave the same content behind).
    bare = own.replace("同比", "")
    qualifiers = listed["flow"] + listed["actions"] + listed["stock"] + listed["growth"] + listed["share"]
    for qualifier in sorted(qualifiers + listed["levels"] + listed["tally"], key=len, reverse=True):
        bare = bare.replace(qualifier, " ")
    actions = frozenset(a for a in listed["actions"] if a in text)
    flow_words = any(q in text for q in listed["flow"])
    # 数量 counts what there is, unless a flow word says it counts new ones.
    tally = any(q in text for q in listed["tally"]) and not flow_words and not actions
    return IndicatorKey(
        words=_pieces(bare),
        actions=actions,
        flow=flow_words or bool(actions),
        stock=any(q in text for q in listed["stock"]) or tally,
        growth=any(q in text for q in listed["growth"]) and is_percent(unit),
        share=any(q in text for q in listed["share"]),
        unit=quantity(unit),
        scope=frozenset(word for word in _scopes() if word in own),
        level=frozenset(word for word in listed["levels"] if word in own),
        action_only=bool(actions) and not flow_words,
        denominator=denominator,
    )


def _key(record: dict[str, Any]) -> IndicatorKey:
    return indicator_key(record.get("metric") or "", record.get("unit") or "")


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 1.0 if a == b else 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def similarity(a: dict[str, Any], b: dict[str, Any]) -> float:
    """0 when the indicators cannot be the same; else the share of content pieces they have in common."""
    key_a, key_b = _key(a), _key(b)
    if not key_a.compatible(key_b):
        return 0.0
    return _dice(key_a.words, key_b.words)


@dataclass(frozen=True)
class Assessment:
    """How two records relate: `score` (0–1), `basis` (why a match is a judgment: "synonym",
    "renamed", "unit"; empty for the same name) and `doubtful` (可能对应, never judged)."""

    score: float
    basis: tuple[str, ...] = ()
    doubtful: bool = False

    @property
    def matched(self) -> bool:
        return self.score >= MIN_SCORE and not self.doubtful


def _plain(metric: str) -> str:
    """The characters of a name, qualifiers and framing gone, in any order: word order (新认定高新技术
    企业 / 高新技术企业新认定) is no judgment."""
    text = simplified(PART_YEAR.sub("", metric))
    listed = words()
    for word in sorted(listed["flow"] + listed["stock"] + listed["growth"], key=len, reverse=True):
        text = text.replace(word, "")
    return "".join(sorted(PUNCTUATION.sub("", _strip_framing(text))))


def assess(a: dict[str, Any], b: dict[str, Any]) -> Assessment:
    """Whether `a` and `b` name one indicator, how sure that is, and what judgment it took."""
    key_a, key_b = _key(a), _key(b)
    if not key_a.compatible(key_b):
        return Assessment(0.0)
    score = _dice(key_a.words, key_b.words)
    if score < DOUBT_SCORE:
        return Assessment(score)
    basis = []
    if score < 1.0 or key_a.one_sided(key_b):
        basis.append("renamed")
    elif _plain(a.get("metric") or "") != _plain(b.get("metric") or ""):
        basis.append("synonym")
    if (a.get("unit") or "").strip() != (b.get("unit") or "").strip():
        basis.append("unit")
    shared = key_a.words & key_b.words
    generic_only = bool(shared) and shared <= set(words()["generic"])
    doubtful = score < MIN_SCORE or (generic_only and ("renamed" in basis))
    return Assessment(score, tuple(basis), doubtful)


def match(
    older: Sequence[dict[str, Any]],
    newer: Sequence[dict[str, Any]],
    allowed: Callable[[dict[str, Any], dict[str, Any]], bool] | None = None,
    *,
    doubtful: bool = False,
) -> list[tuple[int, int, float]]:
    """One-to-one pairs (older index, newer index, score), best first.

    Sure matches only, or with `doubtful` the 可能对应 pairs only (call it on what the sure ones left).
    `allowed(a, b)`, when given, vetoes pairs on grounds other than the indicator (the horizon).
    """
    candidates = []
    for i, a in enumerate(older):
        for j, b in enumerate(newer):
            if allowed is not None and not allowed(a, b):
                continue
            found = assess(a, b)
            if (found.doubtful and found.score >= DOUBT_SCORE) if doubtful else found.matched:
                candidates.append((found.score, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for score, i, j in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((i, j, score))
    return pairs
