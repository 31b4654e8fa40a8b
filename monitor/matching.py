"""When are two records of different years the same indicator? All the rules live here.

A record's indicator is reduced to a key: its content words after synonyms are unified (jieba
tokens, order ignored), plus the qualifiers that must agree (a flow such as 新增/新认定, a stock
such as 累计/总数, a growth rate, a share) and the unit. Two records match when their keys agree on
qualifiers and unit and their words overlap enough; the best-scoring pairs are taken first, so
"新增企业研发机构" never pairs with "新增省级以上孵化器" just because both say 新增.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SYNONYMS_FILE = Path(__file__).with_name("synonyms.yaml")
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


def canonical_text(metric: str) -> str:
    for variant, canonical in _synonyms():
        metric = metric.replace(variant, canonical)
    return metric


@dataclass(frozen=True)
class IndicatorKey:
    words: frozenset[str]
    actions: frozenset[str]
    flow: bool
    stock: bool
    growth: bool
    share: bool
    unit: str

    def compatible(self, other: IndicatorKey) -> bool:
        return (self.unit, self.actions, self.flow, self.stock, self.growth, self.share) == (
            other.unit,
            other.actions,
            other.flow,
            other.stock,
            other.growth,
            other.share,
        )


@cache
def indicator_key(metric: str, unit: str) -> IndicatorKey:
    text = canonical_text(metric)
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
        growth=any(q in text for q in GROWTH) and unit in ("%", "个百分点"),
        share=any(q in text for q in SHARE),
        unit=unit,
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


def match(older: Sequence[dict[str, Any]], newer: Sequence[dict[str, Any]]) -> list[tuple[int, int, float]]:
    """One-to-one pairs (older index, newer index, score), best first, each score ≥ MIN_SCORE."""
    candidates = []
    for i, a in enumerate(older):
        for j, b in enumerate(newer):
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
