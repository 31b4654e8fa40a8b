"""The part-of-speech tags the chunker reasons with are jieba posseg's, read at a lower cost."""

from __future__ import annotations

import pytest

from parsers.records.lexicon import INDICATORS_FILE, pos_tags

PHRASES = [
    "新认定高新技术企业",  # a word of the indicator dictionary, with its own tag
    "去年全年高新区完成地区生产总值",
    "1-8月份实际到位市(省)外资金",
    "研发(R&D)经费投入占GDP比重",
    "3.5万株",
    "新开工航空航天产业园二期、浪潮华光 LED、贞明半导体集成电路等重点项目",
    "专精特新企业",
]


@pytest.fixture(scope="module")
def posseg():  # type: ignore[no-untyped-def]
    import jieba
    import jieba.posseg

    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(INDICATORS_FILE))
    return jieba.posseg.POSTokenizer(tokenizer)


def test_dictionary_words_keep_their_tag() -> None:
    # Before posseg's own first cut its tag table lacks the user dictionary; pos_tags must not.
    assert pos_tags("新认定高新技术企业") == [("新认定高新技术企业", "n")]


@pytest.mark.parametrize("phrase", PHRASES)
def test_tags_are_posseg_tags(posseg, phrase: str) -> None:  # type: ignore[no-untyped-def]
    assert pos_tags(phrase) == [(pair.word, pair.flag) for pair in posseg.lcut(phrase, HMM=False)]
