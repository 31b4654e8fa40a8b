"""The quantities pass: every number with a unit in a sentence, minus those that measure nothing.

Dates, ordinals, slogans ("1+3+1"), counts of speech parts ("四个关系"), meeting logistics and
thresholds inside a name ("5000万元以上工业企业") are dropped here; naming comes later (names.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.records.lexicon import COUNTING_WORDS, UNITS
from parsers.records.numbers import CN_NUMBER, to_number

# 万/亿 in front of any unit is part of the unit as written (万株, 亿元, 万人次); "500亿" alone is a unit too.
UNIT_RE = "(?:万|亿)?(?:" + "|".join(re.escape(unit) for unit in UNITS) + ")"
# Thousands separators ("1,200亿元") only in strict groups of three, since "," also separates clauses.
NUM = rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|{CN_NUMBER}"
QUANTITY = re.compile(
    rf"(?P<ord>第\s*)?(?P<num>{NUM})(?:\s*[—\-–~～至到]\s*(?P<upper>{NUM}))?\s*(?P<mid>余|多)?\s*"
    rf"(?P<unit>{UNIT_RE})(?P<post>及以上|以上|以下|以内|左右)?"
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
    rf"(?P<ord>(?!))?(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>(?:万|亿)(?P<mid>余|多)(?:{UNIT_RE}))(?P<post>以上|左右)?"
)
ROUND = re.compile(rf"(?<=[近上逾约破])(?P<num>[千百万])(?P<unit>{UNIT_RE})")
MASKED = re.compile(rf"(?<![A-Za-z])(?P<num>[xX]+(?:\.[xX]+)?)\s*(?P<unit>{UNIT_RE})")
# Units that only ever measure: a small Chinese numeral before them is an amount, not a count of parts.
MEASURE_UNITS = frozenset(
    {"家", "%", "个百分点", "百分点", "元", "美元", "亩", "平方米", "平方公里", "公里", "吨", "倍"}
)
# "会议共有300余名代表参加": who attended, written after the count.
MEETING_ATTENDANCE = re.compile(r"^[^，,；;。]{0,8}?(参加|出席|列席|参会|与会)")
LOGISTICS = ("参加会议", "出席会议", "参会", "与会", "参加了会议", "出席了会议", "人参加", "人出席")
GE_BEFORE = ("不低于", "不少于", "超过", "超", "突破", "至少", "逾", "高于", "大于")
LE_BEFORE = ("不超过", "控制在", "低于", "少于", "不高于", "以内", "不到", "不足")
APPROX_BEFORE = ("约", "近", "接近", "左右", "大约")


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


def comparator(before: str, match: re.Match[str]) -> str:
    post = match.groupdict().get("post") or ""
    if post in ("以上", "及以上"):
        return ">="
    if post in ("以下", "以内"):
        return "<="
    if post == "左右" or match.groupdict().get("mid"):
        return "~"
    tail = before.rstrip()[-4:]
    # 不低于/不少于 end with 低于/少于: the floors are checked first.
    if any(tail.endswith(w) for w in GE_BEFORE):
        return ">="
    if any(tail.endswith(w) for w in LE_BEFORE):
        return "<="
    if any(tail.endswith(w) for w in APPROX_BEFORE if w != "约"):
        return "~"
    if tail.endswith("约") and (len(tail) < 2 or tail[-2] not in "签节合预制履特邀公条契集简婉相违"):
        return "~"  # 约 as "about", not the 约 of 签约/节约/合约
    return "="


# "全国218家国家级经开区第17位", "在160家省级以上开发区中排名第4位", "为全省20家之一": the count is
# of the comparison set, not of the zone; only the rank is a record.
COMPARISON_SET = re.compile(
    r"^(?:之一|[^，,；;。\d]{0,40}?(?:排名|排位|位列|位居|居|列|名列|中)第\s*\d|[^，,；;。\d]{0,20}?(?:区|园)中)"
)
SET_LEAD = re.compile(
    r"(?:(?:全国|全省|全市|全球|国内|省内|西部|东部|中部|在|列|为)[^，,；;。\d]{0,4}|[位名]、)$"
)
# "进入前30强", "跻身全省前10强": a rank class the zone reached (not "世界500强", "前十强的企业").
TOP_REACHED = re.compile(r"(?:进入|挺进|跨进|跻身|迈进|迈入|位列|位居|跃居|稳居)[^，,；;。\d]{0,14}?前?$")
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
PAGE_COUNTER = ("浏览", "阅读", "点击", "次浏览", "次阅读", "次点击")


def is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def skip(sentence: str, match: re.Match[str]) -> bool:
    """True for numbers that do not measure anything the report commits to or achieved."""
    num, unit = match.group("num"), match.group("unit")
    before = sentence[: match.start()]
    after = sentence[match.end() :]
    arabic = num[0].isdigit()
    if match.group("ord"):
        # A rank with its unit written is a record (排名第7位); other ordinals name things (第十批).
        if unit not in ("位", "名"):
            return True
        # 第七位 counts as a rank only where a ranking is named right before it ("综合排名第七位").
        return not arabic and not re.search(r"(?:排名|排位|位列|位居|排)[^，,；;。]{0,6}$", before)
    if not arabic:
        value = to_number(num)
        # Small Chinese numerals count parts of a speech ("两套政策", "四个关系") far more often than
        # they measure anything; real measurements in reports are written in digits.
        if value is None:
            return True
        measured = unit.startswith(("万", "亿")) or unit in MEASURE_UNITS
        # ... but an amount of money, area, weight or a share in words is a measurement ("一万人", "两亿元").
        if not measured and (value < 10 or (value < 100 and unit in COUNTING_WORDS)):
            return True
        # 一 is an article far more often than an amount: "唯一一家", "最后一公里".
        if value == 1 and not unit.startswith(("万", "亿")) and unit != "倍":
            return True
    if unit in RANK_NAMES and after.startswith(("名单", "榜单")):
        return True  # "前30名名单": a list's header
    if unit in COUNT_UNITS and ZONES_COUNTED.match(after):
        return True  # "218家国家级经开区总体上…": a count of zones is the comparison set, never a result
    if _quoted(before, after):
        return True  # a quoted slogan: "“7个净月”", "“奋战双百亿、挺进三十强”"
    if unit == "强":
        reached = TOP_REACHED.search(before)
        return not (reached or (before.endswith("前") and not after.startswith("的")))
    if after.startswith(("级", "量级", "强")):
        return True  # "100亿级产业集群", "500强": a class in a name, not an amount
    if (after[:1].isdigit() and not re.match(r"[\d.]+[万亿千百]*元?级", after)) or after.startswith("+"):
        return True  # "5个10%": the count of the numbers that follow
    if before.endswith(("+", "-", "/")):
        return True  # slogans and codes: "1+3+1"
    if RANGE_TAIL.search(before):
        return True  # "增长15%—20%": the upper bound of a range, which takes its lower bound
    clause_after = re.split(r"[，,；;。]", after, maxsplit=1)[0]
    if unit in COUNT_UNITS and "第" + num not in before[-2:] and _comparison_set(before, clause_after):
        return True
    if before.endswith(("连续", "连续第")) or (unit == "个" and after.startswith("月")):
        return True  # durations and streaks: "连续16个月", "连续五年"
    if after.startswith(PAGE_COUNTER) or re.search(r"(?:浏览|阅读|点击)(?:量|次数)?\s*[:：]?\s*$", before):
        return True  # page counters
    if unit in ("条", "项") and POLICY.match(clause_after):
        return True
    if unit in COUNT_UNITS + ("条", "大") and _counts_the_list(before, to_number(num)):
        return True  # "医疗器械、集成电路、软件和信息技术、绿色低碳4个新兴产业": the items just named
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
        # "产销5000万元以上工业企业…": a threshold inside the indicator's name.
        rest = after[:20]
        if not rest.startswith(("的", "和", "或", "等")) and QUANTITY.search(after):
            return True
        # "建设3个投资10亿元以上的项目": the count before it is of the projects of that class.
        if rest.startswith("的") and re.search(r"\d\s*[个家项]\s*(?:投资|总投资|营收|产值|规模)?$", before):
            return True
    return unit in ("个", "家", "项") and after.startswith(("方面", "关系", "重点", "环节"))


def _comparison_set(before: str, clause_after: str) -> bool:
    """ "在全国218家国家级经开区中排名第17位", "列全省119家经开区第37名", "为全省20家之一"."""
    if COMPARISON_SET.match(clause_after):
        return True
    ranked = re.match(r"^[^，,；;。\d]{0,40}?第\s*\d+\s*(?:位|名)", clause_after)
    return bool(ranked and SET_LEAD.search(before))


def _counts_the_list(before: str, value: float | int | None) -> bool:
    """The count equals the number of items named right before it ("A、B、C三大产业")."""
    listed = re.search(r"([^，,；;。：:\d]+(?:、[^，,；;。：:\d、]+)+)$", before)
    if not listed or value is None or "等" in listed.group(1)[-3:]:
        return False
    if listed.start() > 0 and before[listed.start() - 1].isdigit():
        return False  # "瞪羚企业4家、雏鹰企业2家": the list started at an earlier figure
    parts = listed.group(1).split("、")
    return len(parts) == value and all(len(part.strip()) >= 2 for part in parts)


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


def find_quantities(
    sentence: str, taken: list[tuple[int, int]]
) -> list[tuple[re.Match[str], float | int | None]]:
    """Every number with a unit that measures something, in order: (match, value); value None when masked.

    Spans in `taken` (already read by a list pass) are left out.
    """
    hits: list[tuple[re.Match[str], float | int | None]] = []
    for regex in (QUANTITY, BIG_APPROX, ROUND, MASKED):
        for match in regex.finditer(sentence):
            if any(a <= match.start() < b for a, b in taken):
                continue
            if regex is QUANTITY or regex is BIG_APPROX:
                if skip(sentence, match):
                    continue
                value = to_number(match.group("num"))
            elif regex is ROUND:
                value = {"千": 1000, "百": 100, "万": 10000}[match.group("num")]
            else:
                value = None
            hits.append((match, value))
    hits.sort(key=lambda hit: hit[0].start())
    return hits
