"""The names pass: what each quantity measures, in the report's own words.

The metric is the phrase that governs the number in its clause — the words before it
("新认定高新技术企业49家"), after it ("3个项目完成摘牌"), after 的 ("总投资370亿元的X项目"), a label
before a colon — cleaned of framing by the chunker (chunks.py). Where the clause names nothing of
its own, the name is carried: from the record before (owners.py), from the items of a list
(carry.py), from what the sentence is about (referents.py), from the count an attribute is of
(counted.py); ranks are named by ranks.py.
"""

from __future__ import annotations

import re

import parsers.records.counted as counted
from parsers.records.carry import (
    bare_predicate,
    counted_things,
    list_head,
    listed_after,
    shared_modifier,
    sub_item,
)
from parsers.records.chunks import counted_noun, indicator, per_document, words
from parsers.records.context import without_period
from parsers.records.lexicon import cues
from parsers.records.owners import EARLIER, SHARE_UNITS, counts_things, from_previous, is_bare
from parsers.records.quantities import (
    NAME_TAIL_WORDS,
    QUANTITY,
    RANGE_HEAD,
    UNIT_RE,
    Found,
    comparator,
    unit_of,
)
from parsers.records.ranks import RANK_UNITS, rank_name, respective_places
from parsers.records.referents import points_back, with_heading, with_project, with_referent

FROM_TO = re.compile(rf"从\s*(?:\d+(?:\.\d+)?)\s*(?:{UNIT_RE})[^，,；;。\d]{{0,6}}?(?:到|至)$")
# Parks and platforms whose arrivals a following count may report.
OPENED_PLACE = re.compile(
    r"^([^，,；;]*?(?:园|基地|小镇|中心|孵化器|众创空间))[^，,；;]*?(?:开园|开业|启用|投入使用|投用|建成|揭牌|落成|运营)"
)
SEPARATORS = "，,；;：:、。！？!?()（）…"
SUBJECT_SPLIT = re.compile(r"[、和及与]|以及")
GROWTH_SUFFIX = re.compile(
    rf"(?:同比|现价|可比价|[比较](?:{EARLIER}))?(?:增长|增幅|增速|提高|提升|下降|降低|减少)$"
)
QUOTED_TARGET = re.compile(
    r"(?P<target>(?:(?:省|市|上级)?下达|省定|市定)?(?:全年|年度)?(?:目标任务|目标|任务|计划))\s*[(（]$"
)
FROM_START = re.compile(r"从\s*(?:20\d\d\s*年的?)?\s*$")
TO_END = re.compile(r"^[^，,；;。\d]{0,6}?(?:到|至|为)\s*(?:20\d\d\s*年的?)?\s*第?\s*\d")


COMPARATOR_TAIL = re.compile("(?:" + "|".join(NAME_TAIL_WORDS) + ")+$")  # quantities.yaml


QUOTES = re.compile(r"[“”\"'‘’《》〈〉\s]")
# The year is a field of its own: "在2019年基础上", "比2019年", "2020年" are not the indicator.
YEAR = re.compile(r"[在比较与]?20\d\d年度?(?:的)?(?:基础上|同期)?")
ALIAS = re.compile(r"[(（][A-Za-z&]+[)）]")  # "生产总值(GDP)": an alias, not a qualifier


@per_document
def clean_metric(text: str) -> str:
    """The indicator a phrase names, without quotes, years, framing or a comparator (chunks.py)."""
    text = ALIAS.sub("", COMPARATOR_TAIL.sub("", YEAR.sub("", QUOTES.sub("", text))))
    if "等" in text[:-1]:
        # "新开工A、B、C等重点项目": the examples go, the verb that heads the list stays.
        listed, text = text.rsplit("等", 1)
        verb = indicator(listed.split("、")[0])
        head = words(verb)[:1]
        if head and head[0].tag.startswith("v") and not indicator(text).startswith(head[0].text):
            text = head[0].text + text
    name = indicator(text).strip(SEPARATORS + "的")
    opened = name.rfind("(") if "(" in name else name.rfind("（")
    if opened > 0 and not re.search(r"[)）]", name[opened:]):
        name += ")" if name[opened] == "(" else "）"  # "新增外资项目(含增资)" kept whole
    return name


# A share written as a digit fraction ends the words before it like a figure does ("…占全市1/3规上…").
DIGIT_FRACTION_END = re.compile(r"\d\s*/\s*\d+")
ELLIPSIS = re.compile(r"\.{2,}|…+")
BOUNDARY = re.compile("[" + re.escape(SEPARATORS) + "]|——")


# A short bracket without figures inside a name: "(试验)", "(含服务业)", "市(省)外", "(GDP)".
INNER_GROUP = re.compile(r"[(（][^()（）\d，,；;。]{1,10}[)）]$")


def left_context(sentence: str, start: int, floor: int) -> str:
    """The words before a number back to the nearest separator ("——" too, not a range's "—")."""
    segment = sentence[floor:start]
    if ".." in segment or "…" in segment:
        segment = ELLIPSIS.split(segment)[-1]  # an ellipsis ends a clause too
    if "其中" in segment[1:]:
        segment = segment[segment.rindex("其中") :]  # "…第1其中区级税收收入": 其中 opens a clause
    if "/" in segment:
        fractions = list(DIGIT_FRACTION_END.finditer(segment))
        segment = segment[fractions[-1].end() :] if fractions else segment
    end = len(segment)
    while True:
        last = next(reversed(list(BOUNDARY.finditer(segment, 0, end))), None)
        if last is None:
            return segment
        if last.group() in ")）":
            # "研发(试验)经费支出": a bracket inside a name does not end it.
            inner = INNER_GROUP.search(segment[: last.end()])
            continues = last.end() == len(segment) or segment[last.end()] not in SEPARATORS
            if inner and inner.start() > 0 and continues and segment[inner.start() - 1] not in SEPARATORS:
                end = inner.start()
                continue
        return segment[last.end() :]


LISTED_NOUNS = re.compile(r"(?:^|[，,；;：:。])([^，,；;：:。\d、]+(?:、[^，,；;：:。\d、]+)+)$")


def _listed_nouns(sentence: str, start: int, floor: int) -> str | None:
    """ "新改扩建中小学、幼儿园15所": nouns joined by 、 before one count are one name."""
    listed = LISTED_NOUNS.search(sentence, 0, start)
    # The list opens its clause; after a figure ("迈过200亿元大关、同比增长超9%") it is no list of nouns.
    return (
        listed.group(1)
        if listed and listed.start(1) >= floor and (floor == 0 or listed.start(1) > floor)
        else None
    )


def right_context(sentence: str, end: int, ceiling: int) -> str:
    segment = sentence[end:ceiling]
    for index, char in enumerate(segment):
        if char in SEPARATORS or segment[index : index + 2] == "——":
            return segment[:index]
    return segment


def noun_head(text: str) -> str:
    """The noun phrase an amount modifies: "41个超亿元产业项目正式落地" → 超亿元产业项目."""
    quantity = QUANTITY.match(text)
    if quantity:
        text = text[quantity.end() :]
    chunk = words(re.split(r"\d", text, maxsplit=1)[0])
    end = 1
    for index, word in enumerate(chunk[1:], start=1):
        # The phrase ends where the predicate starts (an adverb, preposition, particle, a light
        # verb); a verb inside it modifies the noun after it ("华为智能制造产业园").
        if word.role or word.tag[:1] in ("d", "p", "u", "c", "m", "i", "l") or word.tag == "ad":
            break
        last = index + 1 == len(chunk) or chunk[index + 1].text in ("等", "、")
        if word.tag.startswith(("n", "eng", "j")) or (last and word.tag == "a"):
            end = index + 1  # "恒通精密等…": a name may end on an adjective where its item ends
    return clean_metric("".join(word.text for word in chunk[:end]))


def _starts_with_verb(text: str) -> bool:
    return text.startswith(tuple(cues()["predicate_verbs"]))


# A label before a colon ("2024年地区生产总值预期目标：", "GDP增长目标:"), and the plan words that
# close it.
LABEL = re.compile(r"(?:^|[，,；;。])([^，,；;。：:]{2,40})[：:][^，,；;。：:]*$")
LABEL_TAIL = re.compile(r"(?:主要|预期)*(?:目标|任务|指标)(?:确定为|是|为)?$")


def _label(before: str) -> str:
    """The name a label before a colon gives the figure after it, or "" where there is none."""
    label = LABEL.search(before)
    return LABEL_TAIL.sub("", clean_metric(label.group(1))) if label else ""


# "1—2个行业领先、全国闻名的特色产业集群": modifiers joined by 、 before the noun counted.
MODIFIED = re.compile(r"[^，,；;。\d]*?、[^，,；;。\d]*的([^，,；;。、和及与\d]+)")

GOAL_AFTER = re.compile(r"为(?:奋斗|主要|发展)?目标")
AFTER_COUNT = (
    "和",
    "及",
    "与",
    "或",
    "以及",
    "的增长",
    "左右",
    "同比",
    "比",
    "较",
    "增长",
    "到",
    "赴",
    "向",
    "在",
    "于",
)


def name_quantity(sentence: str, found: Found, floor: int, ceiling: int, previous: Found | None) -> str:
    left = _listed_nouns(sentence, found.start, floor) or left_context(sentence, found.start, floor)
    if left:
        # "60个省、市重点项目累计完成投资88亿元": the 、 between levels does not end the name.
        left = counted.levels_before(sentence, floor, found.start - len(left)) + left
    if sentence.startswith("的", found.end):
        # "总投资370亿元的41个超亿元产业项目": the amount belongs to the noun after 的.
        head = noun_head(right_context(sentence, found.end + 1, len(sentence)))
        if head.startswith(("增长", "增速", "增幅")) and clean_metric(left):
            # "GDP预期7.2%的增长指标": the growth of what stands before it.
            return clean_metric(left) + LABEL_TAIL.sub("", head)
        if len(head) >= 2:
            # "签约总投资30亿元的X": X's total investment; the clause's verb is not part of it.
            own = clean_metric(left)
            between = sentence[previous.end : found.start] if previous is not None else ""
            if not own and previous is not None and re.fullmatch(r"的[^，,；;。\d]+、\s*", between):
                # "总投资15亿元的A、8亿元的B": the list's first item says what the amounts are.
                own = clean_metric(left_context(sentence, previous.start, 0))
            return head + counted_things(own)
    right = RANGE_HEAD.sub("", right_context(sentence, found.end, ceiling))
    levels = counted.levels_after(sentence[found.end : ceiling]) if counts_things(found.unit) else None
    if levels:
        # "48个省、市重点项目": levels joined by 、 qualify one noun; 、 does not end the name here.
        right = levels
    if ceiling < len(sentence) and sentence.endswith(right, 0, ceiling) and right.strip():
        # "37个市重点项目完成年度投资计划65.2%": the predicate runs into the next figure and
        # belongs to it; the count is of the noun alone.
        right = counted_noun(right) or right
        if counted.is_attribute(clean_metric(right)):
            right = ""  # "签约项目45个总投资超300亿元" (a headline): what the next figure measures
    status = counted.shared_status(right, found.unit)
    if status is not None and counted.attribute_follows(
        sentence[found.end + len(right) : ceiling], ceiling >= len(sentence), clean_metric
    ):
        # "14个省级重点项目全部开工，完成投资48.8亿元": the projects are the subject their attributes
        # carry; what all of them did is a status. Alone ("12个社区全部实行…") it names the count.
        right = right[:status]
    left = FROM_TO.sub("", left)
    named_left = clean_metric(left)
    modified = MODIFIED.match(sentence[found.end : ceiling])
    if modified and not right.startswith(("和", "及", "与", "或")):
        # "1—2个行业领先、全国闻名的特色产业集群": the count is of the noun after the modifiers.
        right = modified.group(1)
    # What follows is not what was counted: another item, a comparison, or where they went
    # ("选派年轻干部42名到企业挂职").
    # … nor is the goal a figure is set as ("以跻身全国开发区五十强为目标").
    conjunction = right.startswith(AFTER_COUNT) or bool(GOAL_AFTER.match(right))
    # A share or rate is named by what stands before it ("增长5.3%一般公共预算收入…" lost its comma)
    # … unless it is only a verb: "设立10亿元产业引导基金", "安排5.2亿元支持企业技术改造" (VERBLEFT).
    money = found.unit.endswith("元")
    verb_only = (
        money
        and bool(right.strip())
        and sentence[found.end + len(right) : found.end + len(right) + 1] != "、"
        and not is_bare(named_left)
        and bare_predicate(named_left)
    )
    measured_left = (found.unit in SHARE_UNITS or money) and named_left and not verb_only
    right_clean = clean_metric(right) if right.strip() and not conjunction and not measured_left else ""
    # "有效发明专利数280件培育国家专精特新…": what follows is a new predicate, not what was counted.
    predicate = len(named_left) >= 5 and bool(right_clean) and _starts_with_verb(right_clean)
    if len(right_clean) >= 2 and not predicate:
        # "3个项目完成土地摘牌": the number comes before what it counts.
        # "潍柴动力等4家企业入选…": examples of what is counted, not its name.
        lead = "" if left.rstrip().endswith("等") else named_left
        if not lead and previous is None:
            # "启星产业园正式开园,10个项目入驻": what a park opening in the clause before counts.
            clauses = re.split(r"[，,；;]", sentence[: found.start])
            opened = (
                OPENED_PLACE.match(clauses[-2]) if len(clauses) >= 2 and not clauses[-1].strip() else None
            )
            if opened:
                return clean_metric(opened.group(1)) + right_clean
        return (lead if len(lead) <= 4 else "") + right_clean
    metric = named_left
    label = _label(sentence[floor : found.start])
    if label and previous is None and is_bare(metric):
        # "地区生产总值预期目标：确保增长9%": the label before the colon names what follows it.
        return label if label.endswith(metric) else label + metric
    if not metric and previous is None:
        # "高新技术企业数量在2019年基础上实现倍增、突破250家": the subject is a clause further back.
        wider = re.split(r"在|实现|比|较", sentence[floor : found.start], maxsplit=1)[0]
        metric = clean_metric(re.split(r"[，,；;：:]", wider)[-1])
        if not metric:
            # "新增高企数量翻一番，达到200家": the subject heads the clause before.
            for part in reversed(re.split(r"[，,；;：:]", sentence[floor : found.start])[:-1]):
                metric = noun_head(part)
                if metric:
                    break
    return from_previous(metric, found, previous)


def name_quantities(
    sentence: str,
    hits: list[tuple[re.Match[str], float | int | None]],
    taken: list[tuple[int, int]],
    context: str = "",
    prior: Found | None = None,
) -> list[Found]:
    """Each quantity with the metric it measures; quantities that cannot be named are dropped.

    `context` is the text before the sentence, where 该项目 and a heading may point; `prior` the
    last figure of the sentence before, which a sentence opening on 其中 details.
    """
    found: list[Found] = []
    previous: Found | None = None
    for index, (match, value) in enumerate(hits):
        if any(a <= match.start() < b for a, b in taken):
            continue
        before = sentence[: match.start()]
        item = Found(match.start(), match.end(), value, unit_of(match), comparator(before, match))
        if not match.groupdict().get("mid") and before.endswith("近") and item.comparator == "=":
            item.comparator = "~"
        floor = previous.end if previous else 0
        ceiling = hits[index + 1][0].start() if index + 1 < len(hits) else len(sentence)
        raw_left = left_context(sentence, match.start(), floor)
        left = raw_left.strip()
        if left.startswith(("均", "都")) and previous is not None:
            # "第7位，…排31位，均比上年度提高5位": one record for each subject before 均.
            rest = clean_metric(left)
            ranks = item.unit in RANK_UNITS
            for owner in [f for f in found if f.unit == item.unit or (ranks and f.unit in RANK_UNITS)]:
                found.append(
                    Found(item.start, item.end, value, item.unit, item.comparator, owner.metric + rest)
                )
            taken.append((match.start(), match.end()))
            continue
        quoted = QUOTED_TARGET.search(before[-16:]) if before.rstrip().endswith(("(", "（")) else None
        if quoted and sentence[match.end() : match.end() + 1] in ")）":
            # "新增企业280家，完成全年目标任务(450家)的62%": the year's target, quoted in the review.
            owner = previous.subject or previous.metric if previous is not None else ""
            item.metric = owner + quoted.group("target")
            item.quoted_target = True
        elif previous is not None and previous.quoted_target and raw_left.strip("的 ") == "":
            item.metric = (
                (previous.subject or "")
                + "完成"
                + QUOTED_TARGET.search(previous.metric + "(").group("target")
            )
        elif "从" in before[-12:] and FROM_START.search(before) and TO_END.match(sentence[match.end() :]):
            # "高企从210家增至655家": the baseline, named by what stands before 从, and the figure
            # it changed to; the baseline has no year unless its words give one.
            item.metric = clean_metric(raw_left)
            item.from_start, item.year = True, None
        elif previous is not None and previous.from_start:
            item.metric = previous.metric
        else:
            item.metric = name_quantity(sentence, item, floor, ceiling, previous)
            owner = counted.counted_owner(found, previous)
            if owner is not None and (counted.is_attribute(item.metric) or counted.is_stock(item.metric)):
                # "实施项目86个，开工率100%，完成投资175亿元": an attribute after another attribute
                # of the things counted is theirs too, not the rate's.
                item.metric = from_previous(item.metric, item, owner)
        if (
            previous is not None
            and item.unit not in RANK_UNITS
            and listed_after(sentence, previous.end, match.start())
        ):
            # "建设口袋公园4个、公厕21个": what the list's first item says of all of them.
            item.metric = shared_modifier(previous.metric, list_head(previous.metric, item.metric))
        elif (
            previous is not None
            and previous.unit == item.unit
            and counts_things(item.unit)
            and re.match(r"[(（]?其中", left)
        ):
            item.metric = sub_item(previous.subject or previous.metric, item.metric)
        elif item.unit == "%" and (previous or prior) is not None:
            # "…项目75个。其中北京项目超过50%": 其中 opening a sentence details the one before.
            owner = previous or (prior if left.startswith("其中") else None)
            item.metric = counted.share_of_part(item.metric, left, owner) if owner else item.metric
        if points_back(item.metric, left, previous is None):
            # "…二期开工建设，该项目总投资6亿元", "加快建设X项目，投资15亿元": what the clause is about.
            earlier = context + sentence[: match.start() - len(raw_left)]
            item.metric = with_referent(item.metric, left, earlier)
            item.metric = with_project(item.metric, earlier, previous.metric if previous else "")
            if previous is None:
                item.metric = with_heading(item.metric, earlier)
        ranked = ""
        if item.unit in RANK_UNITS:
            item.metric, ranked = rank_name(item.metric, sentence[: match.start("num")])
        if ranked:
            item.subject = ranked  # "一般公共预算收入居全市第3位，增速居全市第1位": its growth's rank next
        elif previous is not None and item.metric.startswith(previous.subject or previous.metric):
            item.subject = previous.subject or previous.metric
        else:
            item.subject = GROWTH_SUFFIX.sub("", item.metric) or item.metric
        if not item.metric and previous is None and prior is not None and context.endswith(("；", ";")):
            item.metric = without_period(prior.metric)  # "1—9月，营收420亿元；全年力争突破600亿元"
        if item.metric:
            found.append(item)
            previous = item
        taken.append((match.start(), match.end()))
    return respective_places(found, sentence)  # "在全省、全国…中分别位列第5名、第42名"
