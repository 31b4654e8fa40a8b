"""When are two records of different years the same indicator? All the rules live here.

A record's indicator is reduced to a key: its content words after synonyms are unified (rewritten
until nothing changes; jieba tokens, order ignored), plus the qualifiers that must agree (a flow
such as 新增/新认定, a stock such as 累计/总数, a growth rate, a share), its scope words
(scopes.yaml: 规上, 全口径, 地方级, 税收 …) and the quantity its unit measures (units.yaml: 个亿 =
亿元). Two records match when their keys agree on all of those and their words overlap enough; the
best-scoring pairs are taken first, so "新增企业研发机构" never pairs with "新增省级以上孵化器" just
because both say 新增. A part-year period (1—11月, 上半年) is not part of the indicator.
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

SYNONYMS_FILE = Path(__file__).with_name("synonyms.yaml")
SCOPES_FILE = Path(__file__).with_name("scopes.yaml")
# A part of the year: figures so labelled are progress, not the year's result.
PART_YEAR = re.compile(
    r"(?:1|一)\s*[—–\-~～至到]\s*(?:[1-9]|1[01]|[二三四五六七八九]|十一?)\s*月(?:份|末|底)?"
    r"|上半年|下半年|前三季度|[一二三1-3]季度|前(?:\d{1,2}|[两二三四五六七八九十]{1,2})个月"
    r"|截[至止](?:目前|今年|\d{1,2}月|[一二三四五六七八九十]{1,2}月)(?:底|末)?"
)
# Markers of a yearly flow that say nothing about which indicator it is: stripped from the words.
FLOW = ("新增", "新认定", "新引进", "新引育", "新建", "新培养", "引进", "入库")
# Flows whose verb names a different indicator (签约项目 are not 开工项目 nor 引进项目): must agree.
ACTIONS = ("开工", "签约", "竣工", "投产", "落地", "开业", "注册")
STOCK = ("累计", "总数", "总量", "有效")
GROWTH = ("增长", "增速", "增幅", "提高", "下降", "降低")
SHARE = ("占", "比重", "占比")
FILLER = {
    "全年",
    "同比",
    "实现",
    "完成",
    "达到",
    "年",
    "的",
    "全区",
    "园区",
    "力争",
    "确保",
    "新",
    "认定",
    "每年",
}
MIN_SCORE = 0.6


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


def _words(text: str) -> list[str]:
    """jieba tokens, except that a canonical indicator name stays one word (jieba splits 规上工业增加值)."""
    from parsers.records.lexicon import tokens

    for name in _canonical_names():
        if name in text:
            head, _, tail = text.partition(name)
            return _words(head) + [name] + _words(tail)
    return tokens(text) if text.strip() else []


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


def canonical_text(metric: str) -> str:
    """The metric with every synonym rewritten to its canonical name, until nothing changes.

    One rewrite can make another possible (规上工业总产值 → 规上工业产值 makes 高新技术产业产值占规上
    工业总产值比重 a known name of 高新技术产业产值占比), so rewriting runs to a fixed point.
    """
    pattern, target = _synonym_pattern()
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


@dataclass(frozen=True)
class IndicatorKey:
    words: frozenset[str]
    actions: frozenset[str]
    flow: bool
    stock: bool
    growth: bool
    share: bool
    unit: str  # the quantity the unit measures: 个亿 and 亿元 are both 人民币
    scope: frozenset[str] = frozenset()

    def compatible(self, other: IndicatorKey) -> bool:
        """Same qualifiers, scope and quantity: the precondition of being one indicator."""
        return (self.unit, self.actions, self.flow, self.stock, self.growth, self.share, self.scope) == (
            other.unit,
            other.actions,
            other.flow,
            other.stock,
            other.growth,
            other.share,
            other.scope,
        )


@cache
def indicator_key(metric: str, unit: str) -> IndicatorKey:
    """The indicator a metric names, with `unit` the unit as written (亿元, 个亿, %)."""
    text = canonical_text(PART_YEAR.sub("", metric))
    # Qualifiers are compared as flags, so they come out of the words (新认定高新技术企业 and
    # 高新技术企业新认定 leave the same words behind).
    bare = text.replace("同比", "")
    for qualifier in sorted(FLOW + ACTIONS + STOCK + GROWTH + SHARE, key=len, reverse=True):
        bare = bare.replace(qualifier, " ")
    content = frozenset(w for w in _words(bare) if w.strip() and w not in FILLER)
    return IndicatorKey(
        words=content,
        actions=frozenset(a for a in ACTIONS if a in text),
        flow=any(q in text for q in FLOW + ACTIONS),
        stock=any(q in text for q in STOCK),
        growth=any(q in text for q in GROWTH) and is_percent(unit),
        share=any(q in text for q in SHARE),
        unit=quantity(unit),
        scope=frozenset(word for word in _scopes() if word in text),
    )


def similarity(a: dict[str, Any], b: dict[str, Any]) -> float:
    """0 when the indicators cannot be the same; else the overlap of their content words."""
    key_a = indicator_key(a["metric"], a.get("unit") or "")
    key_b = indicator_key(b["metric"], b.get("unit") or "")
    if not key_a.compatible(key_b):
        return 0.0
    if not key_a.words or not key_b.words:
        return 1.0 if key_a.words == key_b.words else 0.0
    shared = len(key_a.words & key_b.words)
    return shared / len(key_a.words | key_b.words)


def match(
    older: Sequence[dict[str, Any]],
    newer: Sequence[dict[str, Any]],
    allowed: Callable[[dict[str, Any], dict[str, Any]], bool] | None = None,
) -> list[tuple[int, int, float]]:
    """One-to-one pairs (older index, newer index, score), best first, each score ≥ MIN_SCORE.

    `allowed(a, b)`, when given, vetoes pairs on grounds other than the indicator (the horizon).
    """
    candidates = []
    for i, a in enumerate(older):
        for j, b in enumerate(newer):
            if allowed is not None and not allowed(a, b):
                continue
            score = similarity(a, b)
            if score >= MIN_SCORE:
                candidates.append((score, i, j))
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
