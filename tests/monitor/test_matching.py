"""Matching the same indicator across years, and never two different ones."""

from __future__ import annotations

import pytest

from monitor.compare.matching import MIN_SCORE, assess, match, similarity


def r(metric: str, unit: str = "家", value: float = 1) -> dict:
    return {"metric": metric, "unit": unit, "value": value}


@pytest.mark.parametrize(
    "a,b",
    [
        (r("新认定高新技术企业"), r("高新技术企业新认定")),
        (r("科技型中小企业入库"), r("入库科技型中小企业")),
        (r("科技型中小企业评价入库"), r("入库科技型中小企业")),
        (r("GDP增长", "%"), r("地区生产总值同比增长", "%")),
        (r("规上工业产值", "亿元"), r("规模以上工业总产值", "亿元")),
        (r("全社会固定资产投资增长", "%"), r("固定资产投资增长", "%")),
        (r("实际利用外资", "亿美元"), r("实际使用外资", "亿美元")),
        (r("高新技术产业产值占比", "%"), r("高新技术产业产值占规上工业产值比重", "%")),
        (r("规上工业增加值增长", "%"), r("规模以上工业增加值同比增长", "%")),
        (r("单位GDP能耗下降", "%"), r("万元地区生产总值能耗下降", "%")),
        (r("新开工亿元以上项目", "个"), r("亿元以上项目新开工", "个")),
    ],
)
def test_same_indicator_in_other_words(a: dict, b: dict) -> None:
    assert similarity(a, b) >= MIN_SCORE


@pytest.mark.parametrize(
    "a,b",
    [
        (r("新增企业研发机构"), r("新增省级以上孵化器")),
        (r("新增高新技术企业"), r("高新技术企业累计")),  # a flow is not a stock
        (r("GDP", "亿元"), r("GDP增长", "%")),  # a level is not a growth rate
        (r("高新技术产业产值", "亿元"), r("高新技术产业产值占比", "%")),
        (r("规上工业产值", "亿元"), r("规上工业产值", "%")),  # units must agree
        (r("新开工项目", "个"), r("新签约项目", "个")),  # the action names the indicator
        (r("新引进亿元以上项目", "个"), r("新签约亿元以上项目", "个")),
        (r("规上工业增加值", "亿元"), r("规上工业产值", "亿元")),  # value added is not output
        (r("规模以上服务业营业收入", "亿元"), r("服务业营业收入", "亿元")),  # 规模以上 is 规上 of any sector
        (r("规模以上服务业营业收入增长", "%"), r("服务业营业收入增长", "%")),
    ],
)
def test_different_indicators_never_match(a: dict, b: dict) -> None:
    assert similarity(a, b) == 0.0


@pytest.mark.parametrize(
    "a,b",
    [
        (r("新增省级以上研发机构"), r("新增国家级研发机构")),
        (r("规上工业增加值", "亿元"), r("工业增加值", "亿元")),
    ],
)
def test_narrower_indicators_stay_apart(a: dict, b: dict) -> None:
    assert similarity(a, b) < MIN_SCORE


def test_best_pairs_first_not_first_come() -> None:
    older = [r("新增企业"), r("新增上市企业")]
    newer = [r("新增上市企业"), r("新增企业")]
    assert sorted((i, j) for i, j, _ in match(older, newer)) == [(0, 1), (1, 0)]


@pytest.mark.parametrize(
    "metric,text,expected",
    [
        ("1—11月规上工业总产值增长", "1—11月规上工业总产值增长21%", True),
        ("规上工业总产值增长", "1-9月，规上工业总产值增长21%", True),
        ("固定资产投资增长", "前三季度固定资产投资增长21%", True),
        ("固定资产投资增长", "前10个月固定资产投资增长21%", True),
        ("实际使用外资", "截至10月底实际使用外资21亿元", True),
        ("实际使用外资", "全年实际使用外资21亿元，其中上半年10亿元", False),
        ("地区生产总值增长", "2023年地区生产总值增长21%", False),
    ],
)
def test_part_year_figures(metric: str, text: str, expected: bool) -> None:
    from monitor.compare.matching import part_year

    assert part_year({"metric": metric, "text": text, "value": 21}) is expected


def test_synonyms_rewrite_to_a_fixed_point_and_scopes_never_match() -> None:
    from monitor.compare.matching import canonical_text

    assert canonical_text("高新技术产业产值占规上工业总产值比重") == "高新技术产业产值占比"
    assert canonical_text("外贸进出口总额") == "进出口总额" and canonical_text("进出口总额") == "进出口总额"
    assert similarity(r("一般公共预算收入增长", "%"), r("税收收入增长", "%")) == 0.0
    assert similarity(r("全口径税收", "亿元"), r("地方级税收", "亿元")) == 0.0
    assert similarity(r("规上工业产值", "亿元"), r("工业总产值", "亿元")) == 0.0
    assert similarity(r("实际使用外资", "个亿"), r("实际使用外资", "亿元")) == 1.0
    assert similarity(r("新建标准厂房", "万平方米"), r("新建标准厂房", "平方米")) == 1.0


@pytest.mark.parametrize(
    "a,b,basis",
    [
        # Renamed by word rules (synonyms.yaml), not pair by pair: each rule composes with the others.
        (r("全社会R&D经费投入强度", "%"), r("研发投入占地区生产总值比重", "%"), ("synonym",)),
        (r("研究与试验发展经费支出相当于GDP的比重", "%"), r("研发投入强度", "%"), ("synonym",)),
        (r("社零总额增长", "%"), r("全社会消费品零售总额增长", "%"), ("synonym",)),
        (r("国家级高新技术企业数量"), r("高企数量"), ("synonym",)),
        (r("新增境内上市企业"), r("新增境内上市公司"), ("synonym",)),
        (r("工业性固定资产投资", "亿元"), r("工业投资", "亿元"), ("synonym",)),
        (r("城镇常住居民人均可支配收入", "元"), r("城镇居民可支配收入", "元"), ("synonym",)),
        # Debris that extraction may leave: commitment verbs, 即, 到, the year, estimates.
        (r("规上工业增加值增长争取", "%"), r("规上工业增加值增长", "%"), ()),
        (r("即实际使用外资", "亿美元"), r("实际使用外资", "亿美元"), ()),
        (r("到2025年GDP", "亿元"), r("地区生产总值", "亿元"), ("synonym",)),
        (r("预计一般公共预算收入", "亿元"), r("一般公共预算收入", "亿元"), ()),
        # A verb on one side only, or a unit converted: a judgment the item says.
        (r("落地重大产业项目", "个"), r("重大产业项目", "个"), ("renamed",)),
        (r("新引进高层次人才", "万人"), r("新引进高层次人才", "人"), ("unit",)),
        # Traditional script is the same name.
        (r("規上工業增加值增長", "%"), r("规上工业增加值增长", "%"), ()),
    ],
)
def test_renamed_indicators_match_and_say_what_was_judged(a: dict, b: dict, basis: tuple) -> None:
    found = assess(a, b)
    assert found.matched and found.basis == basis, found


@pytest.mark.parametrize(
    "a,b",
    [
        (r("人均GDP增长", "%"), r("GDP增长", "%")),  # per head is another indicator
        (r("限上社零额增长", "%"), r("社会消费品零售总额增长", "%")),  # 限上 is a scope
        (r("新增国家级专精特新企业"), r("新增省级专精特新企业")),  # two levels
        (r("新开工项目", "个"), r("新增项目", "个")),  # a verb against a flow
        (r("新签约项目", "个"), r("落地项目", "个")),  # two different verbs
        (r("研发投入占主营业务收入比重", "%"), r("研发投入占GDP比重", "%")),  # share of what
    ],
)
def test_other_indicators_never_match(a: dict, b: dict) -> None:
    assert not assess(a, b).matched


def test_a_partial_match_is_doubtful_not_judged() -> None:
    found = assess(r("重点产业链链主企业营收", "亿元"), r("重点产业链营收", "亿元"))
    assert found.doubtful and not found.matched
    generic = assess(r("开工项目", "个"), r("项目", "个"))
    assert generic.doubtful, "sharing only a generic head (项目) is never a sure match"


def test_word_order_and_framing_are_no_judgment() -> None:
    assert assess(r("新认定高新技术企业"), r("高新技术企业新认定")).basis == ()
    assert assess(r("即实际使用外资", "亿美元"), r("实际使用外资", "亿美元")).basis == ()
