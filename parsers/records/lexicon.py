"""Words the extractor reasons with: units, indicator terms (jieba's custom dictionary), cue words."""

from __future__ import annotations

import re
import threading
from functools import cache
from pathlib import Path

# Longest first, so 万平方米 wins over 平方米 and 个百分点 over 个.
UNITS = sorted(
    {
        "万平方米",
        "平方米",
        "万吨标准煤",
        "吨标准煤",
        "万平方公里",
        "平方公里",
        "亿美元",
        "万美元",
        "美元",
        "亿元",
        "万元",
        "元",
        "个百分点",
        "百分点",
        "%",
        "万吨",
        "吨",
        "万千瓦时",
        "千瓦时",
        "万亩",
        "亩",
        "万人次",
        "人次",
        "万人",
        "件次",
        "批次",
        "家",
        "个",
        "人",
        "名",
        "件",
        "户",
        "套",
        "位",
        "倍",
        "条",
        "份",
        "项",
        "座",
        "所",
        "台",
        "辆",
        "公里",
        "千米",
        "次",
        "宗",
        "笔",
        "栋",
        "幢",
        "间",
        "张",
        "篇",
        "部",
        "支",
        "种",
        "处",
        "块",
        "例",
        "场",
        "起",
        "亿",
        "场次",
        "户次",
        "天",  # only for a count of days (quantities.skip: "优良天数达到260天"), never a duration
        "家次",
        "台套",
        "株",
        "棵",
        "公顷",
        "立方米",
        "千瓦",
        "兆瓦",
        "标箱",
        "项次",
        "万个",
        "万家",
        "万辆",
        "万套",
        "万件",
        "万户",
        "万元/亩",
        "个位次",
        "强",
        "㎡",
        "平米",
        "个亿",
        "列",
        "个名次",
        "位次",
        "名次",
        "亿元/平方公里",
    },
    key=len,
    reverse=True,
)

# Measure words that, after a small Chinese numeral, usually count parts of a speech ("四个关系",
# "两项工作") rather than measure anything.
COUNTING_WORDS = {"个", "项", "条", "次", "种", "批次", "部", "支", "场", "处", "块", "名", "位"}


INDICATORS_FILE = Path(__file__).with_name("indicators.txt")
CUES_FILE = Path(__file__).with_name("cues.yaml")


@cache
def cues() -> dict[str, list[str]]:
    """The cue words of cues.yaml, by key (plan_openers, plan_cues, target_cues …)."""
    import yaml

    return yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))


_JIEBA_LOCK = threading.Lock()


@cache
def _tokenizer():  # type: ignore[no-untyped-def]
    """jieba with the indicator dictionary; built once, on first use (it takes about a second)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(INDICATORS_FILE))
    return tokenizer


def tokens(text: str) -> list[str]:
    with _JIEBA_LOCK:
        return _tokenizer().lcut(text, HMM=False)


@cache
def _pos_tokenizer():  # type: ignore[no-untyped-def]
    import jieba.posseg

    tokenizer = jieba.posseg.POSTokenizer(_tokenizer())
    tokenizer.makesure_userdict_loaded()  # the indicator dictionary's tags, as posseg's first cut would
    return tokenizer


ASCII_WORD = re.compile(r"[a-zA-Z0-9]+")


def pos_tags(text: str) -> list[tuple[str, str]]:
    """(word, part of speech) as jieba's posseg gives them without its HMM, read straight off the
    segmenter and posseg's tag table: the same pairs (tests/parsers/records/test_lexicon.py) at a
    fraction of posseg's cost per call, which counts for the many short phrases the chunker tags."""
    table = _pos_tokenizer().word_tag_tab
    with _JIEBA_LOCK:
        cut = _tokenizer().lcut(text, HMM=False)
    return [(word, table.get(word) or _unknown_tag(word)) for word in cut]


def _unknown_tag(word: str) -> str:
    # posseg's own rule for words off its table: runs of ASCII letters and digits are "eng".
    return "eng" if ASCII_WORD.fullmatch(word) else "x"
