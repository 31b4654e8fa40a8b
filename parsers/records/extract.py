"""Numbers of a work report as target records (../shared/spec/targets.md).

For each sentence: find every number that carries a unit, drop the ones that are not measurements
(dates, ordinals, slogans, counts of speech parts, meeting logistics, thresholds inside a name),
name what it measures from the words around it, and decide actual vs target and the year.
Coordinated forms ("A、B和C实现3个10%的增长", "分别增长x%、y%", "均占全市的四分之一") are
expanded first and their spans kept away from the generic pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from parsers.records.lexicon import COUNTING_WORDS, LEAD_STOP, TRAIL_STOP, UNITS, pos_tags, tokens
from parsers.records.normalise import normalise
from parsers.records.numbers import CN_NUMBER, FRACTION, fraction_percent, to_number
from parsers.records.script import to_simplified
from parsers.records.sections import Sentence, sentences

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
ROUND = re.compile(rf"(?<=[近上逾约])(?P<num>[千百万])(?P<unit>{UNIT_RE})")
MASKED = re.compile(rf"(?<![A-Za-z])(?P<num>[xX]+(?:\.[xX]+)?)\s*(?P<unit>{UNIT_RE})")
SEPARATORS = "，,；;：:、。！？!?()（）"
SUBJECT_SPLIT = re.compile(r"[、和及与]|以及")
HORIZON = re.compile(r"(?:到|至|截至)\s*(20\d\d)\s*年")
PLAN_PERIOD = {"十四五": 2025, "十五五": 2030, "十三五": 2020}
# A five-year plan is a horizon only as a span or an end ("十四五期间", "十四五末"), not as a name
# ("十四五开局之年", "十四五规划").
PERIOD = re.compile(r"(十四五|十五五|十三五)[”\"’']?(?:期间|末|时期|内|结束|收官)")
TARGET_CUES = ("力争", "确保", "争取", "目标是", "预期目标", "新的一年", "明年")
GROWTH_WORDS = ("同比增长", "增长", "增幅", "提高", "提升", "下降", "降低", "减少")
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
# A share or a change against last year says nothing of its own subject: "占比达53.3%",
# "比上年提高0.3个百分点" measure the indicator named just before (not 占地/占用, which are areas).
RELATIVE = re.compile(r"占比|占(?![地用])|[比较](?:上年|去年|上一年)|同比")
# Attributes of whatever was counted just before them.
ATTRIBUTE = re.compile(
    r"^(?:计划|累计)?(?:总投资额?|投资总额|总额|总产值|总面积|建筑面积|占地面积|占地|总长度?|总里程)$"
)
NULL_YEAR_CUES = ("再打造", "年内", "三年内", "五年内", "未来")


@dataclass
class Found:
    start: int
    end: int
    value: float | int | None
    unit: str
    comparator: str
    metric: str = ""


def _comparator(before: str, match: re.Match[str]) -> str:
    post = match.groupdict().get("post") or ""
    if post in ("以上", "及以上"):
        return ">="
    if post in ("以下", "以内"):
        return "<="
    if post == "左右" or match.groupdict().get("mid"):
        return "~"
    tail = before[-4:]
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


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _skip(sentence: str, match: re.Match[str]) -> bool:
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
    if after.startswith(("级", "量级", "强")):
        return True  # "100亿级产业集群", "500强": a class in a name, not an amount
    if (after[:1].isdigit() and not re.match(r"[\d.]+[万亿千百]*元?级", after)) or after.startswith("+"):
        return True  # "5个10%": the count of the numbers that follow
    if before.endswith(("+", "-", "/")):
        return True  # slogans and codes: "1+3+1"
    if re.search(r"从\s*$", before) and re.match(r"^[^，,；;。\d]{0,6}?(?:到|至)\s*\d", after):
        return True  # "产值从100亿元增长到150亿元": the starting point, not what was reached
    if RANGE_TAIL.search(before):
        return True  # "增长15%—20%": the upper bound of a range, which takes its lower bound
    if unit in ("人", "余人", "名") and (
        any(word in sentence for word in LOGISTICS)
        or ("会议" in sentence and MEETING_ATTENDANCE.search(after))
    ):
        return True
    if match.group("post") in ("以上", "以下", "及以上") and after[:1] and _is_cjk(after[0]):
        # "产销5000万元以上工业企业…": a threshold inside the indicator's name.
        rest = after[:20]
        if not rest.startswith(("的", "和", "或", "等")) and QUANTITY.search(after):
            return True
    return unit in ("个", "家", "项") and after.startswith(("方面", "关系", "重点", "环节"))


COMPARATOR_TAIL = re.compile(
    r"(不低于|不少于|不超过|不到|不足|不高于|超过|突破|达到|控制在|保持在|高于|低于|至少)+$"
)


# "开发区预计全年实现地区生产总值": who reports and how is framing, not the indicator.
SUBJECT_HEAD = re.compile(
    r"^(?:全区|全园|我区|开发区|高新区|经开区|园区|全市)(?:预计)?(?:全年)?(?:实现|完成)?"
)


def _clean_metric(text: str) -> str:
    text = re.sub(r"[“”\"'‘’《》〈〉\s]", "", text)
    # The year is a field of its own: "在2019年基础上", "比2019年", "2020年" are not the indicator.
    text = re.sub(r"[在比较与]?20\d\d年(?:的)?(?:基础上|同期)?", "", text)
    text = COMPARATOR_TAIL.sub("", text)
    text = SUBJECT_HEAD.sub("", text)
    text = text.split("等")[-1] if "等" in text[:-1] else text
    words = tokens(text) if text else []
    while words and (words[0] in LEAD_STOP or not words[0].strip(SEPARATORS)):
        words.pop(0)
    while words and (words[-1] in TRAIL_STOP or not words[-1].strip(SEPARATORS)):
        words.pop()
    return "".join(words).strip(SEPARATORS + "的")


def _left_context(sentence: str, start: int, floor: int) -> str:
    segment = sentence[floor:start]
    for index in range(len(segment) - 1, -1, -1):
        if segment[index] in SEPARATORS:
            return segment[index + 1 :]
    return segment


def _right_context(sentence: str, end: int, ceiling: int) -> str:
    segment = sentence[end:ceiling]
    for index, char in enumerate(segment):
        if char in SEPARATORS:
            return segment[:index]
    return segment


def _noun_head(text: str) -> str:
    """The noun phrase an amount modifies: "41个超亿元产业项目正式落地" → 超亿元产业项目."""
    quantity = QUANTITY.match(text)
    if quantity:
        text = text[quantity.end() :]
    text = re.split(r"\d", text, maxsplit=1)[0]
    words: list[str] = []
    for word, flag in pos_tags(text):
        # The phrase ends where the predicate starts: a verb, adverb, preposition or particle.
        if words and (flag[:1] in ("v", "d", "p", "u", "c", "m", "i", "l") or flag == "ad"):
            break
        words.append(word)
    return _clean_metric("".join(words))


def _name(sentence: str, found: Found, floor: int, ceiling: int, previous: Found | None) -> str:
    left = _left_context(sentence, found.start, floor)
    if sentence.startswith("的", found.end):
        # "总投资370亿元的41个超亿元产业项目": the amount belongs to the noun after 的.
        head = _noun_head(_right_context(sentence, found.end + 1, len(sentence)))
        if len(head) >= 2:
            return head + _clean_metric(left)
    right = RANGE_HEAD.sub("", _right_context(sentence, found.end, ceiling))
    left = FROM_TO.sub("", left)
    modified = re.match(
        r"[^，,；;。\d]*?、[^，,；;。\d]*的([^，,；;。、和及与\d]+)", sentence[found.end : ceiling]
    )
    if modified and not right.startswith(("和", "及", "与", "或")):
        # "1—2个行业领先、全国闻名的特色产业集群": the count is of the noun after the modifiers.
        right = modified.group(1)
    right_clean = _clean_metric(right)
    conjunction = right.startswith(
        ("和", "及", "与", "或", "以及", "的增长", "左右", "同比", "比", "较", "增长")
    )
    if len(right_clean) >= 2 and not conjunction:
        # "3个项目完成土地摘牌": the number comes before what it counts.
        lead = _clean_metric(left)
        if not lead and previous is None:
            # "启星产业园正式开园,10个项目入驻": what a park opening in the clause before counts.
            clauses = re.split(r"[，,；;]", sentence[: found.start])
            opened = (
                OPENED_PLACE.match(clauses[-2]) if len(clauses) >= 2 and not clauses[-1].strip() else None
            )
            if opened:
                return _clean_metric(opened.group(1)) + right_clean
        return (lead if len(lead) <= 4 else "") + right_clean
    metric = _clean_metric(left)
    if not metric and previous is None:
        # "高新技术企业数量在2019年基础上实现倍增、突破250家": the subject is a clause further back.
        wider = re.split(r"在|实现|比|较", sentence[floor : found.start], maxsplit=1)[0]
        metric = _clean_metric(re.split(r"[，,；;：:]", wider)[-1])
        if not metric:
            # "新增高企数量翻一番，达到200家": the subject heads the clause before.
            for part in reversed(re.split(r"[，,；;：:]", sentence[floor : found.start])[:-1]):
                metric = _noun_head(part)
                if metric:
                    break
    counted = (
        previous is not None and previous.unit not in MEASURE_UNITS and not previous.unit.startswith("亿")
    )
    if counted and ATTRIBUTE.match(metric):
        # "签约亿元以上项目24个，总投资186亿元": the investment of the projects just counted.
        return previous.metric + metric  # type: ignore[union-attr]
    if previous is not None and (not metric or metric.startswith(GROWTH_WORDS) or RELATIVE.match(metric)):
        # "GDP94.1亿元，同比增长8%" / "安置农户44户、78套": the subject carries over.
        base = previous.metric
        if metric:
            # "工业投资增长15%，占比提高到60%": the share is of the indicator, not of its growth.
            base = re.sub(r"(?:同比)?(?:增长|增幅|增速|提高|提升|下降|降低|减少)$", "", base) or base
        metric = base + metric
    return metric


def _coordinated(sentence: str) -> tuple[list[Found], list[tuple[int, int]]]:
    """Expand "A、B和C实现N个M%的增长" and "A、B、C分别增长x%、y%、z%"."""
    found: list[Found] = []
    spans: list[tuple[int, int]] = []
    for match in re.finditer(
        rf"(?P<subjects>[^，,；;。]*?)实现(?:{NUM})个(?P<pct>\d+(?:\.\d+)?)%的?增长", sentence
    ):
        subjects = [_clean_metric(s) for s in SUBJECT_SPLIT.split(match.group("subjects"))]
        for subject in filter(None, subjects):
            found.append(
                Found(match.start(), match.end(), to_number(match.group("pct")), "%", "=", subject + "增长")
            )
        spans.append(match.span())
    pattern = rf"(?P<subjects>[^，,；;。]*?)分别(?P<verb>[^\d，,；;。]{{0,4}}?)(?P<values>(?:(?:{NUM})\s*(?:{UNIT_RE})[、和及，,]?\s*)+)"
    last: list[str] = []
    for match in re.finditer(pattern, sentence):
        subjects = [s for s in (_clean_metric(s) for s in SUBJECT_SPLIT.split(match.group("subjects"))) if s]
        values = list(QUANTITY.finditer(match.group("values")))
        relative = re.fullmatch(r"(?:同比|[比较](?:上年|去年))?", "".join(subjects))
        if relative and len(last) == len(values):
            # "A、B分别为x、y，同比分别增长m%、n%": the second 分别 is about the same subjects.
            subjects = [subject + relative.group(0) for subject in last]
        if len(subjects) != len(values) or len(values) < 2:
            continue
        last = subjects
        for index, subject in enumerate(subjects[:-1]):
            # "国家级和省级孵化器": the modifiers share the last subject's head noun.
            if subject.endswith("级") and "级" in subjects[-1]:
                subjects[index] = subject + subjects[-1].split("级", 1)[1]
        before = sentence[: match.start("values")]
        verb = COMPARATOR_TAIL.sub("", match.group("verb").strip())
        verb = "" if verb in ("达到", "达", "为", "是", "实现", "完成", "有") else verb
        for subject, value in zip(subjects, values, strict=True):
            found.append(
                Found(
                    match.start(),
                    match.end(),
                    to_number(value.group("num")),
                    value.group("unit"),
                    _comparator(before, value),
                    subject + verb,
                )
            )
        spans.append(match.span())
    return found, spans


def _fractions(sentence: str, earlier: list[Found]) -> list[Found]:
    """ "…37家，均占全市的四分之一": a share in words, for the counts it follows."""
    out: list[Found] = []
    for match in FRACTION.finditer(sentence):
        # 四分之一: the denominator is written first.
        value = fraction_percent(match.group(2), match.group(1))
        if value is None:
            continue
        before = sentence[max(0, match.start() - 12) : match.start()]
        share = re.search(r"占([^，,；;。]*?)的?$", before)
        suffix = "占" + share.group(1) if share else ""
        owners = [f for f in earlier if f.end <= match.start() and f.unit != "%"]
        if "均" not in before:
            owners = owners[-1:]
        names = [owner.metric + suffix for owner in owners]
        if not names:
            # "外资项目占全区的三分之一": the share's own subject.
            names = [_clean_metric(_left_context(sentence, match.start(), 0))]
        for name in filter(None, names):
            out.append(Found(match.start(), match.end(), value, "%", "=", name))
    return out


def _quantities(sentence: str, taken: list[tuple[int, int]]) -> list[Found]:
    found: list[Found] = []
    previous: Found | None = None
    hits: list[tuple[re.Match[str], float | int | None]] = []
    for regex in (QUANTITY, ROUND, MASKED):
        for match in regex.finditer(sentence):
            if any(a <= match.start() < b for a, b in taken):
                continue
            if regex is QUANTITY:
                if _skip(sentence, match):
                    continue
                value = to_number(match.group("num"))
            elif regex is ROUND:
                value = {"千": 1000, "百": 100, "万": 10000}[match.group("num")]
            else:
                value = None
            hits.append((match, value))
    hits.sort(key=lambda hit: hit[0].start())
    for index, (match, value) in enumerate(hits):
        if any(a <= match.start() < b for a, b in taken):
            continue
        before = sentence[: match.start()]
        item = Found(match.start(), match.end(), value, match.group("unit"), _comparator(before, match))
        if not match.groupdict().get("mid") and before.endswith("近") and item.comparator == "=":
            item.comparator = "~"
        floor = previous.end if previous else 0
        ceiling = hits[index + 1][0].start() if index + 1 < len(hits) else len(sentence)
        left = _left_context(sentence, match.start(), floor).strip()
        if left.startswith(("均", "都")) and previous is not None:
            # "第7位，…排31位，均比上年度提高5位": one record for each subject before 均.
            rest = _clean_metric(left)
            for owner in [f for f in found if f.unit == item.unit]:
                found.append(
                    Found(item.start, item.end, value, item.unit, item.comparator, owner.metric + rest)
                )
            taken.append((match.start(), match.end()))
            continue
        item.metric = _name(sentence, item, floor, ceiling, previous)
        if item.metric:
            found.append(item)
            previous = item
        taken.append((match.start(), match.end()))
    return found


def _kind_and_year(
    sentence: Sentence, upto: int, review_year: int | None, plan_year: int | None
) -> tuple[str, int | None]:
    """Actual or target, and the year, for a record ending at `upto` in the sentence.

    Actual cues (预计, the review year as the sentence's own time) hold for the whole sentence;
    commitment cues and horizons only for the records after them ("新增40家，力争明年突破50家").
    """
    text = sentence.text
    before = text[:upto]
    if "预计" in text or "以来" in text or (review_year and _anchors_on(text, review_year)):
        return "actual", review_year
    if plan_year and re.match(rf"{plan_year}\s*年[\d一二三四五六七八九十]{{1,3}}月", text):
        return "actual", plan_year  # "2020年1月，…": something that already happened in the plan year
    horizon = HORIZON.search(before)
    if horizon and (review_year is None or int(horizon.group(1)) > review_year):
        return "target", int(horizon.group(1))
    period = PERIOD.search(before)
    if period and (plan_year is None or PLAN_PERIOD[period.group(1)] >= plan_year):
        return "target", PLAN_PERIOD[period.group(1)]
    # 目标/计划 also occur inside names ("太湖人才计划"), so only commitment verbs count here.
    target_cue = any(cue in before for cue in TARGET_CUES)
    if sentence.section == "plan" or target_cue:
        if any(cue in text for cue in NULL_YEAR_CUES) or re.search(r"\d+年内", text):
            return "target", None
        return "target", plan_year
    return "actual", review_year


def _anchors_on(text: str, year: int) -> bool:
    """The review year named as the sentence's own time, not as a base ("比2019年", "在2019年基础上")."""
    for match in re.finditer(rf"{year}\s*年", text):
        if text[max(0, match.start() - 1) : match.start()] in ("比", "较", "在", "与", "到", "至"):
            continue
        if text.startswith(("基础", "同期", "水平", "的基础", "翻"), match.end()):
            continue
        if "到" in text[: match.start()]:
            continue
        return True
    return False


def extract_from_sentence(
    sentence: Sentence, review_year: int | None, plan_year: int | None
) -> list[dict[str, Any]]:
    text = sentence.text
    coordinated, taken = _coordinated(text)
    plain = _quantities(text, list(taken))
    shares = _fractions(text, plain)
    items = sorted(coordinated + plain + shares, key=lambda f: f.start)
    if not items:
        return []
    clause = text.rstrip("。；;！？!?")
    records = []
    for item in items:
        kind, year = _kind_and_year(sentence, item.end, review_year, plan_year)
        records.append(
            {
                "metric": item.metric,
                "value": item.value,
                "unit": item.unit,
                "year": year,
                "kind": kind,
                "comparator": item.comparator,
                "text": clause,
            }
        )
    return records


def extract_records(text: str, *, review_year: int | None, plan_year: int | None) -> list[dict[str, Any]]:
    """Every target and actual of a clean report text, in the order they appear.

    Traditional-script text is converted to simplified first; the records' metric, unit and clause
    text are then in simplified script.
    """
    if plan_year is None and review_year is not None:
        plan_year = review_year + 1
    if review_year is None and plan_year is not None:
        review_year = plan_year - 1
    records: list[dict[str, Any]] = []
    for sentence in sentences(normalise(to_simplified(text)), review_year, plan_year):
        records.extend(extract_from_sentence(sentence, review_year, plan_year))
    return records
