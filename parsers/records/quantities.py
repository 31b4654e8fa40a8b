"""The quantities pass: every number with a unit in a sentence, minus those that measure nothing.

Dates, ordinals, slogans ("1+3+1"), counts of speech parts ("四个关系"), meeting logistics and
thresholds inside a name ("5000万元以上工业企业") are dropped here; naming comes later (names.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from parsers.records.existing import uses_what_exists
from parsers.records.lexicon import COUNTING_WORDS, UNITS
from parsers.records.numbers import CN_NUMBER, ROUGH_FEW, ROUGH_OVER, ROUGH_PAIR, to_number


@cache
def words() -> dict[str, list[str]]:
    """The word lists of quantities.yaml, by key (floors, ceilings, rate_denominators …)."""
    import yaml

    return yaml.safe_load(Path(__file__).with_name("quantities.yaml").read_text(encoding="utf-8"))


def _alternation(items: list[str] | set[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(item) for item in sorted(set(items), key=len, reverse=True))


# A unit is written whole, its denominator included ("吨标准煤/万元", "万元/亩", "32微克/立方米"); 万/亿
# in front of any unit is part of the unit as written (万株, 亿元, 万人次); "500亿" alone is a unit too.
# 成 is a share in tenths ("近6成") only where it does not start a word (建成, 成为, 成立).
_RATE = rf"(?:\s*/\s*(?:万|亿)?(?:{_alternation(words()['rate_denominators'])}))"
# "27个亿元项目" counts projects of 亿元 class: 个亿 is a unit only where 元 does not follow.
_PLAIN_UNIT = (
    rf"(?:万|亿)?(?:{_alternation(set(UNITS) | set(words()['extra_units'])).replace('个亿', '个亿(?!元)')}"
    r"|成(?![为立果交功本员都效熟长品就型绩]))"
)
UNIT_RE = rf"(?:{_PLAIN_UNIT}{_RATE}?|(?:{_alternation(words()['rate_numerators'])}){_RATE})"
# Thousands separators ("1,200亿元") only in strict groups of three, since "," also separates clauses.
NUM = rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|{CN_NUMBER}"
POST = rf"(?P<post>{_alternation(words()['floors_after'] + words()['ceilings_after'] + words()['approximately_after'])})?"
# 第 or what a number can start with, tested before the rest is tried at a position: the same
# matches as an optional ord group, found faster.
QUANTITY = re.compile(
    rf"(?:(?P<ord>第\s*)|(?=[\d零一二两三四五六七八九十]))(?P<num>{NUM})(?:\s*[—\-–~～至到]\s*(?P<upper>{NUM}))?\s*(?P<mid>余|多)?\s*"
    rf"(?P<unit>{UNIT_RE}){POST}"
)
# A signed figure in brackets: "较省下达目标(-3%)", "比年度目标（-2.5%）": the sign is the figure's.
# A signed figure: in brackets ("较省下达目标(-3%)", "比年度目标（-2.5%）"), or a rate after 增长,
# 增速, 增幅 or 为 ("同比增长-2.1%"). The sign is the figure's.
SIGNED = re.compile(
    rf"(?:(?<=[(（为是])|(?<=增长)|(?<=增速)|(?<=增幅))(?P<ord>(?!))?(?P<num>[-−－+＋]\s*\d+(?:\.\d+)?)\s*"
    rf"(?P<unit>{UNIT_RE})(?P<post>(?!))?"
)
RANGE_TAIL = re.compile(rf"(?:\d+(?:\.\d+)?)\s*(?:{UNIT_RE})\s*[—\-–~～至到]\s*$")
RANGE_HEAD = re.compile(rf"^\s*[—\-–~～至到]\s*(?:\d+(?:\.\d+)?)\s*(?:{UNIT_RE})")
FROM_TO = re.compile(rf"从\s*(?:\d+(?:\.\d+)?)\s*(?:{UNIT_RE})[^，,；;。\d]{{0,6}}?(?:到|至)$")
# Parks and platforms whose arrivals a following count may report.
OPENED_PLACE = re.compile(
    r"^([^，,；;]*?(?:园|基地|小镇|中心|孵化器|众创空间))[^，,；;]*?(?:开园|开业|启用|投入使用|投用|建成|揭牌|落成|运营)"
)
# "1万余亩", "3万多人": the approximation sits between 万/亿 and the unit ("3万余亩" → 3 万亩, ~).
BIG_APPROX = re.compile(
    rf"(?P<ord>(?!))?(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>(?:万|亿)(?P<mid>余|多)(?:{UNIT_RE})){POST}"
)
# "近千亿元", "超百亿元", "跨越千亿元": a round figure after the word that reaches it; "上千家" is
# rough, its 上 read with the figure so that it stays out of the name.
ROUND = re.compile(rf"(?:(?<=[近逾约破超越达到入])|(?P<up>上))(?P<num>[千百万])(?P<unit>{UNIT_RE})")
# Rough numerals: "两三家", "二三十个", "十几个", "百余家", "千余家" keep their lower figure, with ~.
ROUGH = [
    re.compile(rf"(?P<ord>(?!))?(?P<num>{pattern})\s*(?P<unit>{UNIT_RE}){POST}")
    for pattern in (ROUGH_PAIR, ROUGH_FEW, ROUGH_OVER)
]
MASKED = re.compile(rf"(?<![A-Za-z])(?P<num>[xX]+(?:\.[xX]+)?)\s*(?P<unit>{UNIT_RE})")
# Units that only ever measure: a small Chinese numeral before them is an amount, not a count of parts.
MEASURE_UNITS = frozenset(
    {"家", "%", "个百分点", "百分点", "元", "美元", "亩", "平方米", "平方公里", "公里", "吨", "倍", "成"}
)
# "会议共有300余名代表参加": who attended, written after the count.
MEETING_ATTENDANCE = re.compile(r"^[^，,；;。]{0,8}?(参加|出席|列席|参会|与会)")
LOGISTICS = ("参加会议", "出席会议", "参会", "与会", "参加了会议", "出席了会议", "人参加", "人出席")
FLOORS = tuple(words()["floors"])
CEILINGS = tuple(words()["ceilings"])
APPROX_BEFORE = tuple(words()["approximately"])
NEUTRAL = tuple(words()["neutral"])
MARKS = {**{w: "=" for w in NEUTRAL}, **{w: "~" for w in APPROX_BEFORE}}
FALL_TO = tuple(words()["fall_to"])
MARKS |= {w: ">=" for w in FLOORS} | {w: "<=" for w in CEILINGS + FALL_TO}
POST_MARKS = {w: ">=" for w in words()["floors_after"]} | {w: "<=" for w in words()["ceilings_after"]}
POST_MARKS |= {w: "~" for w in words()["approximately_after"]}
# Longest first: 不超过 is checked before 超过, 不低于 before 低于, 签约 before 约.
COMPARATOR_WORDS = tuple(sorted(MARKS, key=len, reverse=True))
COMPARATOR_END = re.compile("(?:" + "|".join(re.escape(word) for word in COMPARATOR_WORDS) + ")$")
# Words that never end an indicator's name: comparators of two characters or more, and level verbs.
NAME_TAIL_WORDS = tuple(
    sorted(
        {w for w in FLOORS + CEILINGS if len(w) >= 2} | set(words()["level_verbs"]) | set(FALL_TO),
        key=len,
        reverse=True,
    )
)


UNSET = object()


@dataclass
class Found:
    start: int
    end: int
    value: float | int | None
    unit: str
    comparator: str
    metric: str = ""
    subject: str = ""  # the level a growth, share or rank is of ("GDP" for "GDP同比增长")
    year: int | None | object = UNSET  # set where the figure's own words date it
    from_start: bool = False  # the baseline of a from–to change ("从210家增至655家")
    quoted_target: bool = False  # a target quoted inside a review ("完成全年目标任务(450家)的62%")


# Compiled once here: skip() and comparator() run for every figure, and re's own cache lookup for a
# pattern given as a string costs about as much as these short matches themselves.
CLAUSE_SPLIT = re.compile(r"[，,；;。]")
CLAUSE_OR_LABEL_SPLIT = re.compile(r"[，,；;。：:]")
LEADING_ZERO = re.compile(r"0\d")
LOST_INTEGER = re.compile(r"(?<![\d.])\.\s*$")
RANGE_MARKS = tuple("—-–~～至到")  # what RANGE_TAIL ends on
LISTED_ITEMS = re.compile(r"([^，,；;。：:\d]+(?:、[^，,；;。：:\d、]+)+)$")
NON_LIST_RUN = re.compile(r"[^，,；;。：:\d]*")
CLASS_AMOUNT = re.compile(r"[\d.]+[万亿千百]*元?级")


def comparator(before: str, match: re.Match[str]) -> str:
    """ "=", ">=", "<=" or "~" for a number: the word after it (以上, 以内, 左右), an approximation in
    it (余, 多, 两三), else the longest comparator word that ends the text before it."""
    post = match.groupdict().get("post") or ""
    if post in POST_MARKS:
        return POST_MARKS[post]
    if match.groupdict().get("mid") or match.re in ROUGH or match.groupdict().get("up"):
        return "~"  # "百余家", "两三家", "上千家": rough, never exact
    ranged = match.groupdict().get("upper") or RANGE_HEAD.match(match.string[match.end() :])
    if ranged and "从" not in CLAUSE_SPLIT.split(before)[-1]:
        return ">="  # a range takes its lower bound as a floor ("8—10个" → 8), not 从…到…
    tail = before.rstrip()[-6:]
    ending = COMPARATOR_END.search(tail)  # the leftmost match that runs to the end is the longest
    word = ending.group(0) if ending else None
    return MARKS[word] if word else "="


def falls_to(before: str) -> bool:
    """The number is the level something falls to ("下降至0.43"): a ceiling as a target, a level
    (`=`) as an actual."""
    return before.rstrip().endswith(FALL_TO)


# "全国218家国家级经开区第17位", "在160家省级以上开发区中排名第4位", "为全省20家之一": the count is
# of the comparison set, not of the zone; only the rank is a record.
COMPARISON_SET = re.compile(
    r"^(?:之一|[^，,；;。\d]{0,40}?(?:排名|排位|位列|位居|居|列|名列|中)第\s*\d|[^，,；;。\d]{0,20}?(?:区|园)中)"
)
SET_LEAD = re.compile(
    r"(?:(?:全国|全省|全市|全球|国内|省内|西部|东部|中部|在|列|为)[^，,；;。\d]{0,4}|[位名]、)$"
)
# "进入前30强", "跻身全省前10强": a rank class the zone reached (not "世界500强", "前十强的企业").
TOP_REACHED = re.compile(rf"(?:{_alternation(words()['rank_reached'])})[^，,；;。\d]{{0,14}}?前?$")
RANK_NAMES = ("位", "名", "强")
ZONES_COUNTED = re.compile(
    r"^(?:国家级|省级)?(?:经开区|高新区|开发区|经济技术开发区|高新技术产业开发区|国开区)"
)
MONEY = ("元", "亿元", "万元", "亿", "美元", "万美元", "亿美元")
COUNT_UNITS = ("个", "家", "项", "户", "所", "座")
# "19条措施", "33条一揽子具体举措": policy packages, counted parts of a text.
POLICY = re.compile(r"^[^，,；;。\d]{0,12}?(?:措施|举措|政策|意见|条款|办法|细则)")
# The class and its count close together: "过100亿元企业2家", "过10亿元企业突破10家".
COUNTED = re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:突破|达到|达|超过|超|有)?\s*\d+\s*(?:个|家|项|户|所|座)")
RESULT_VERBS = tuple(words()["result_verbs"])
POLICY_BEFORE = re.compile(r"(?:措施|举措|政策|意见|条款|办法|细则)$")
PAGE_COUNTER = tuple(words()["page_counters"])
PAGE_COUNTER_BEFORE = re.compile(rf"(?:{_alternation(PAGE_COUNTER)})(?:量|次数)?\s*[:：]?\s*$")
VAGUE_BEFORE = tuple(words()["vague_before"])
CEREMONY = re.compile(rf"(?:{_alternation(words()['ceremony'])})了?[^，,；;。]{{0,12}}$")
# … and after it: "对…的10家企业进行了表彰", "12名个人受到表彰".
CEREMONY_AFTER = re.compile(
    rf"^[^，,；;。\d]{{0,12}}?(?:进行了?|予以|给予|受到|获得)(?:{_alternation(words()['ceremony'])})"
)
PLANT = re.compile(rf"^[^，,；;。\d]{{1,10}}?(?:{_alternation(words()['plant_words'])})")
CAPACITY_UNITS = frozenset(words()["capacity_units"])
# "在全省95家产业集聚区考核中": the zones of an evaluation, counted as its comparison set.
EVALUATED_SET = re.compile(r"^[^，,；;。\d]{0,12}?(?:区|园|县|市|城市|企业)[^，,；;。\d]{0,8}?中")
# "投资5亿元以上的重点工业项目加快建设": a threshold naming a class of projects or firms.
CLASS_OF = re.compile(r"^的?[^，,；;。\d]{0,10}?(?:项目|企业|工程|产业|集群|园区)")


# The days a count of days measures ("空气质量优良天数达到260天", "优良天数比例…" is a share).
DAYS_COUNTED = re.compile(r"天数[^，,；;。\d比率]{0,6}$")


def is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def skip(sentence: str, match: re.Match[str], value: float | int | None = None) -> bool:
    """True for numbers that do not measure anything the report commits to or achieved.

    `value` is the number as read (rough numerals such as 两三 read by rough_number).
    """
    num, unit = match.group("num"), match.group("unit")
    before = sentence[: match.start()]
    after = sentence[match.end() :]
    arabic = num[0].isdigit() or num[0] in "-−－+＋"
    if num[0] in "-−－+＋" and not before.endswith(("(", "（")) and unit not in ("%", "个百分点", "百分点"):
        return True  # outside brackets only a rate carries a sign ("同比增长-2.1%")
    if match.group("ord"):
        # A rank with its unit written is a record (排名第7位); other ordinals name things (第十批).
        if unit not in ("位", "名"):
            return True
        # 第七位 counts as a rank only where a ranking is named right before it ("综合排名第七位").
        return not arabic and not re.search(r"(?:排名|排位|位列|位居|排)[^，,；;。]{0,6}$", before)
    if not arabic:
        value = to_number(num) if value is None else value
        # Small Chinese numerals count parts of a speech ("两套政策", "四个关系") far more often than
        # they measure anything; real measurements in reports are written in digits.
        if value is None or before.endswith(VAGUE_BEFORE):
            return True  # "数十家", "几十个": no figure is given
        # "两三家", "十几个", "二十余个": a rough amount is a measurement, never a count of parts.
        rough = match.re in ROUGH or bool(match.groupdict().get("mid"))
        # A rank class ("前五强") is judged below, with the verb that reaches it.
        measured = rough or unit.startswith(("万", "亿")) or unit in MEASURE_UNITS or unit == "强"
        # ... but an amount of money, area, weight or a share in words is a measurement ("一万人", "两亿元").
        if not measured and (value < 10 or (value < 100 and unit in COUNTING_WORDS)):
            return True
        # 一 is an article far more often than an amount: "唯一一家", "最后一公里".
        if value == 1 and not rough and not unit.startswith(("万", "亿")) and unit != "倍":
            return True
    if arabic and LEADING_ZERO.match(num):
        return True  # "01多项指标": a list label with its leading zero, never an amount
    # The `$`-anchored patterns below scan all of `before`; the end they need is checked first.
    trimmed = before.rstrip()
    if trimmed.endswith(".") and LOST_INTEGER.search(before):
        return True  # "生产总值达到.7亿元": a number whose integer part the page lost
    clause_before = CLAUSE_OR_LABEL_SPLIT.split(before)[-1]
    if unit == "天" and not DAYS_COUNTED.search(clause_before):
        return True  # "连续30天", "100天攻坚": a span of time; only "优良天数达到260天" counts days
    if (
        CEREMONY.search(clause_before)
        or CEREMONY_AFTER.match(after)
        or (unit in CAPACITY_UNITS and PLANT.match(after))
    ):
        return True  # "表彰了25家企业": who was honoured; "120万吨乙烯项目": a plant's name
    if unit in RANK_NAMES and after.startswith(("名单", "榜单")):
        return True  # "前30名名单": a list's header
    if unit in COUNT_UNITS and ZONES_COUNTED.match(after):
        return True  # "218家国家级经开区总体上…": a count of zones is the comparison set, never a result
    if _quoted(before, after) or before.endswith(("“", "「")):
        # a quoted slogan: "“7个净月”", "“奋战双百亿、挺进三十强”"; a number that opens a quotation
        # starts a name even where the page lost the closing mark ("“4个年中心任务")
        return True
    if unit == "强":
        reached = TOP_REACHED.search(before)
        if reached:
            return False  # "进入前30强", "跻身全国开发区五十强": a class the zone reached
        return not before.endswith("前") or after.startswith("的") or _noun_follows(after)
    if after.startswith(("级", "量级", "强")):
        return True  # "100亿级产业集群", "500强": a class in a name, not an amount
    if (after[:1].isdigit() and not CLASS_AMOUNT.match(after)) or after.startswith("+"):
        return True  # "5个10%": the count of the numbers that follow
    if before.endswith(("+", "-", "/")):
        return True  # slogans and codes: "1+3+1"
    if trimmed.endswith(RANGE_MARKS) and RANGE_TAIL.search(before):
        return True  # "增长15%—20%": the upper bound of a range, which takes its lower bound
    clause_after = CLAUSE_SPLIT.split(after, maxsplit=1)[0]
    if unit in COUNT_UNITS and "第" + num not in before[-2:] and _comparison_set(before, clause_after):
        return True
    if before.endswith(("连续", "连续第")) or (unit == "个" and after.startswith("月")):
        return True  # durations and streaks: "连续16个月", "连续五年"
    if after.startswith(PAGE_COUNTER) or PAGE_COUNTER_BEFORE.search(before):
        return True  # page counters
    if unit in ("条", "项") and (POLICY.match(clause_after) or POLICY_BEFORE.search(before)):
        return True  # "19条措施", "一揽子政策措施56项": a policy package, counted parts of a text
    if unit in COUNT_UNITS + ("条", "大") and _counts_the_list(before, to_number(num)):
        return True  # "医疗器械、集成电路、软件和信息技术、绿色低碳4个新兴产业": the items just named
    if unit in COUNT_UNITS and uses_what_exists(before, to_number(num)):
        return True  # "依托现有3家省级众创空间": what the zone has, not what it is to reach
    if _quoted(before, after):
        return True  # a quoted slogan: "“7个净月”", "“双百亿”"
    # "产值过100亿元企业2家", "投资50亿~100亿元重大项目3个": a class inside what is counted.
    bare_after = RANGE_HEAD.sub("", after)
    named_class = unit in MONEY and bare_after[:1] and is_cjk(bare_after[0])
    if (
        named_class
        and not bare_after.startswith(("的", "和", "或", "等", "以"))
        and COUNTED.match(bare_after)
    ):
        return True
    if unit in ("人", "余人", "名") and (
        any(word in sentence for word in LOGISTICS)
        or ("会议" in sentence and MEETING_ATTENDANCE.search(after))
    ):
        return True
    if match.group("post") in ("以上", "以下", "及以上") and after[:1] and is_cjk(after[0]):
        # "产销5000万元以上工业企业23家": a threshold inside the name of what its clause counts.
        rest = after[:20]
        if not rest.startswith(("的", "和", "或", "等")) and QUANTITY.search(clause_after):
            return True
        # "建设3个投资10亿元以上的项目": the count before it is of the projects of that class.
        if rest.startswith("的") and re.search(r"\d\s*[个家项]\s*(?:投资|总投资|营收|产值|规模)?$", before):
            return True
        # "投资5亿元以上的重点工业项目加快建设", "总投资10亿元以上的项目12个": a class of projects.
        if unit in MONEY and CLASS_OF.match(after):
            return True
    if (
        unit in COUNT_UNITS
        and re.search(r"(?:全国|全省|全市|在)$", before)
        and EVALUATED_SET.match(clause_after)
    ):
        return True  # "在全省95家产业集聚区考核中": the evaluation's comparison set
    speech_parts = ("方面", "关系", "环节") if arabic else ("方面", "关系", "重点", "环节")
    return unit in ("个", "家", "项") and after.startswith(speech_parts)


def after_label(after: str) -> bool:
    """A round figure naming a class ("超千亿元的开发区", "千亿级", "千亿新闻发布会"), not an amount."""
    if after.startswith(("大关", "台阶", "大台阶", "规模")):
        return False
    return after.startswith(("的", "级")) or _noun_follows(after)


def _noun_follows(after: str) -> bool:
    """ "前20强企业…": the rank class names the noun after it (a class in a name, not a result)."""
    from parsers.records.lexicon import pos_tags

    head = re.split(r"[，,；;。：:、]", after, maxsplit=1)[0][:6]
    tags = pos_tags(head) if head else []
    return bool(tags) and tags[0][1].startswith("n") and tags[0][0] not in ("目标",)


def _comparison_set(before: str, clause_after: str) -> bool:
    """ "在全国218家国家级经开区中排名第17位", "列全省119家经开区第37名", "为全省20家之一"."""
    if COMPARISON_SET.match(clause_after):
        return True
    ranked = re.match(r"^[^，,；;。\d]{0,40}?第\s*\d+\s*(?:位|名)", clause_after)
    return bool(ranked and SET_LEAD.search(before))


def _counts_the_list(before: str, value: float | int | None) -> bool:
    """The count equals the number of items named right before it ("A、B、C三大产业")."""
    # A list runs to the end of `before` without a separator or digit, so it can only start where
    # the last run of such characters starts; if it does not match there, it matches nowhere.
    # Matching there alone is the same answer as a search, without the search's quadratic retries.
    run = NON_LIST_RUN.match(before[::-1])
    listed = LISTED_ITEMS.match(before, len(before) - run.end())
    if not listed or value is None or "等" in listed.group(1)[-3:]:
        return False
    if listed.start() > 0 and before[listed.start() - 1].isdigit():
        return False  # "瞪羚企业4家、雏鹰企业2家": the list started at an earlier figure
    parts = listed.group(1).split("、")
    if parts[0].lstrip().startswith(RESULT_VERBS):
        return False  # "新增一诺威、亚华电子2家上市公司": firms gained, counted as a result
    if len(parts) != value:
        return False
    # Places and countries are often one character each ("中、日、韩3个合作园区"); with three items
    # or more such a list is still the items counted. Two one-character items are more often a
    # level pair inside a name ("省、市2个…"), so those need words.
    shortest = 1 if len(parts) >= 3 else 2
    return all(len(part.strip()) >= shortest for part in parts)


def _quoted(before: str, after: str) -> bool:
    """The number sits inside a short quotation (a slogan or a name, not a figure)."""
    opening = max(before.rfind("“"), before.rfind("「"), before.rfind('"'))
    if opening < 0 or len(before) - opening > 16:
        return False
    inside = before[opening + 1 :]
    if any(mark in inside for mark in '”」"'):
        return False
    closing = re.search(r"[”」\"]", after[:8])
    return closing is not None


def unit_of(match: re.Match[str]) -> str:
    """The unit as written, without an approximation inside it ("万余亩" → 万亩)."""
    unit = match.group("unit")
    mid = match.groupdict().get("mid")
    return unit.replace(mid, "", 1) if mid and mid in unit else unit
