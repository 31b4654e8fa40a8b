"""The lists pass: coordinated forms, read before the generic pass, their spans kept away from it.

- "A、B和C实现3个10%的增长": one growth rate for each subject.
- "A、B、C分别增长x%、y%、z%": one value per subject, in order; only the last value may carry the
  unit ("分别高2、1.4个百分点"). Where the subjects stand in earlier clauses ("GDP 57亿元，财政收入
  8亿元，比上年分别增长21.5%、14.2%") the list is resolved after the generic pass, against the
  records it follows (`resolve_respectively`); where they are places compared with ("比全省、全市
  分别高3、1.6个百分点"), each value is the record before it compared with that place.
- "A、B、C均增长10%左右": the one value for each subject.

Shares written as fractions ("…37家，均占全市的四分之一") are read by shares.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.records.carry import list_head
from parsers.records.chunks import has_compound, split_compound, words
from parsers.records.names import COMPARATOR_TAIL, SUBJECT_SPLIT, clean_metric
from parsers.records.numbers import to_number
from parsers.records.quantities import NUM, UNIT_RE, Found, comparator

# Values of a list: "12%、9%、6%", "2、1.4个百分点", "138%和142%"; the last one carries a unit.
# A later value may carry its own approximation or floor ("5倍、4倍和近5倍", "12%、超9%").
APPROX = r"(?:近|约|超过|超|逾)"
VALUE = re.compile(rf"(?P<approx>{APPROX})?(?P<num>{NUM})\s*(?P<unit>{UNIT_RE})?")
# The first value's comparator stands before the list and is the list's ("分别超过50家、30家").
VALUES = (
    rf"(?:{NUM})\s*(?:{UNIT_RE})?\s*[、和及与]\s*"
    rf"(?:{APPROX}?(?:{NUM})\s*(?:{UNIT_RE})?\s*[、和及与]\s*)*{APPROX}?(?:{NUM})\s*(?:{UNIT_RE})"
)
RESPECTIVELY = re.compile(
    rf"(?:^|(?<=[，,；;。：:%]))(?P<subjects>[^，,；;。：:%]*?)分别(?P<verb>(?:[^\d，,；;。]|20\d\d年){{0,10}}?)(?P<values>{VALUES})(?P<post>以上|左右)?"
)
# "申报省级、市级众创空间19家、35家": a list of subjects straight before a list of values.
ADJACENT = re.compile(
    rf"(?:^|(?<=[，,；;。：:]))(?P<subjects>[^，,；;。：:\d]+?、[^，,；;。：:\d]+?)(?P<verb>)(?P<values>{VALUES})(?P<post>以上|左右)?"
)
# "1000亿、500亿、200亿级企业各1家", "A、B各2个": the one value for each subject.
EACH_OF = re.compile(
    rf"(?:^|(?<=[，,；;。：:]))(?:其中)?(?P<subjects>[^，,；;。：:]+?、[^，,；;。：:]+?)各(?P<value>(?:{NUM})\s*(?:{UNIT_RE}))"
)
VALUE_LIST = re.compile(rf"\d\s*(?:{UNIT_RE})?\s*[、和及与]\s*\d")
EACH_GROWTH = re.compile(rf"(?P<subjects>[^，,；;。]*?)实现(?:{NUM})个(?P<pct>\d+(?:\.\d+)?)%的?增长")
# 均 that distributes over subjects; 年均, 人均, 亩均, 平均 are averages, part of a name.
# The test for the word before 均 comes after it, so that each alternative opens on a fixed
# character and a search skips straight to those (a lookbehind first is tried at every position).
ALL = r"均(?<![年人亩平户日月地]均)|双双|都"
# "A、B、C均增长12%左右": 均 after a list of at least two subjects.
# The first part is atomic: if no 均 after the first conjunction completes a match, none after a
# later one can (its candidates are a subset), and without it a long list of places ("…成都…、…")
# is re-split at every conjunction from every start, cubic in the clause's length.
ALL_OF = re.compile(
    rf"(?P<subjects>(?>[^，,；;。：:\d]+?(?:、|和|及))[^，,；;。：:\d]+?)(?:{ALL})(?P<verb>[^\d，,；;。]{{0,8}}?)"
    rf"(?P<value>(?:{NUM})\s*(?:{UNIT_RE})(?:以上|左右)?)"
)
ALL_WORD = re.compile(ALL)
# What every ALL_OF match ends with: 均 and its value. Far cheaper to look for first, and where it is
# absent (成都 in a list of places) the list pattern is not tried from every start of the clause.
ALL_VALUE = re.compile(rf"(?:{ALL})[^\d，,；;。]{{0,8}}?(?:{NUM})\s*(?:{UNIT_RE})")
RATE_WORD = re.compile(r"(?:增长|提高|提升|下降|降低)[^，,；;。]{0,3}\d")
CONJOINED = re.compile(r"[、和及]")
# "重点项目开复工率均达98%": 均 after one subject that names several (chunks.split_compound).
ALL_OF_ONE = re.compile(
    rf"(?:^|(?<=[，,；;。：:]))(?P<subjects>[^，,；;。：:\d、和及]+?)(?:{ALL})(?P<verb>[^\d，,；;。]{{0,8}}?)"
    rf"(?P<value>(?:{NUM})\s*(?:{UNIT_RE})(?:以上|左右)?)"
)
# "实现A、B和C增长20%以上": coordinated subjects of one rate, each growing by it (with or without 均).
SHARED_RATE = re.compile(
    rf"(?:^|(?<=[，,；;。：:]))(?P<subjects>[^，,；;。：:\d]+?(?:、|和|及)[^，,；;。：:\d]+?)"
    rf"(?P<verb>(?:同比)?(?:增长|提高|提升|下降|降低))(?:达到|达)?"
    rf"(?P<value>(?:{NUM})\s*(?:%|个百分点)(?:以上|左右)?)"
)
# Places a figure is compared with, not indicators: "比全省、全市分别高…".
PLACES = re.compile(r"^(?:全国|全省|全市|全区|全县|省|市|区|县|上年|去年|同期|上年同期|平均水平|全国平均)$")
RELATIVE_HEAD = re.compile(r"^(?:同比|[比较](?:上年|去年|上年同期)?|与上年相比)$")
NO_VERB = ("达到", "达", "为", "是", "实现", "完成", "有", "向", "朝", "往")


@dataclass
class Pending:
    """A 分别 list whose subjects are the records before it: resolved after the generic pass."""

    start: int
    end: int
    sentence: str
    places: list[str]
    relative: str
    values: list[Found]
    own: str = ""  # what the list measures of each earlier subject ("营业收入")


def _values(sentence: str, match: re.Match[str]) -> list[Found]:
    """The values of a list, each with the list's last unit where it wrote none."""
    items = list(VALUE.finditer(match.group("values")))
    unit = next((m.group("unit") for m in reversed(items) if m.group("unit")), "")
    before = sentence[: match.start("values")]
    out = []
    for item in items:
        value = to_number(item.group("num"))
        if value is None:
            return []
        mark = comparator(before, item)
        if item.group("approx"):
            mark = "~" if item.group("approx") in ("近", "约") else ">="
        found = Found(match.start(), match.end(), value, item.group("unit") or unit, mark)
        if match.groupdict().get("post") == "以上":
            found.comparator = ">="  # "分别达500亿元、150亿元以上": the floor is the whole list's
        elif match.groupdict().get("post") == "左右":
            found.comparator = "~"
        out.append(found)
    return out


def _subjects(text: str) -> list[str]:
    """The subjects of a list ("A、B和C"), each completed with what the list says of all of them."""
    measure = ""
    if "等" in text:
        # "工业总产值、规模工业增加值、财政总收入等主要经济指标年均增速": each item's 年均增速.
        text, tail = text.rsplit("等", 1)
        measure = clean_metric(re.sub(r"^.*?(?:指标|数据)", "", tail)) if re.search("指标|数据", tail) else ""
    subjects = [s for s in (clean_metric(s) for s in SUBJECT_SPLIT.split(text)) if s]
    tail = _shared_tail(subjects)
    if tail:
        # "新材料、高端装备、生命健康产业产值": the bare items share the last one's head.
        subjects = [subject + tail for subject in subjects[:-1]] + subjects[-1:]
    last_words = words(subjects[-1]) if subjects else []
    head = last_words[-1].text if len(last_words) >= 2 and len(last_words[-1].text) >= 2 else ""
    if not head and subjects and len(subjects[-1]) >= 4:
        head = subjects[-1][-2:]  # one dictionary word ("进出口总额"): its last two characters
    noun_head = bool(last_words) and last_words[-1].tag.startswith("n")
    # "新增20亿元企业、10亿元企业、亿元企业分别…": the first item's verb heads them all.
    subjects = subjects[:1] + [list_head(subjects[0], s) for s in subjects[1:]]
    for index, subject in enumerate(subjects[:-1]):
        # "国家级和省级孵化器": the modifiers share the last subject's head noun.
        if subject.endswith("级") and "级" in subjects[-1]:
            subjects[index] = subject + subjects[-1].split("级", 1)[1]
        elif head and len(subject) <= 2 and not subject.endswith(head):
            subjects[index] = subject + head  # "出口、进出口总额": 出口总额
        elif head and noun_head and words(subject)[-1].tag == "v" and not subject.endswith(head):
            subjects[index] = subject + head  # "项目招引、重大项目开工、…竣工贡献度": …招引贡献度
    return [subject + measure for subject in subjects]


# "678个“八大行动”项目、49个省大中型项目分别完成…": a subject of a 分别 list that opens on its count.
COUNTED_SUBJECT = re.compile(r"(?:^|(?<=[、和及与]))\s*(?P<num>\d+)\s*(?P<unit>个|家|项|所|座|户)")


def _counted_subjects(raw: str, offset: int) -> tuple[list[Found], str]:
    """The counts the subjects of a 分别 list open on, as records of their own named by the subject,
    and the subjects without them (the values after 分别 are of the things, not of the count)."""
    counts: list[Found] = []
    matches = list(COUNTED_SUBJECT.finditer(raw))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(raw)
        name = clean_metric(SUBJECT_SPLIT.split(raw[match.end() : end])[0])
        value = to_number(match.group("num"))
        if name and value is not None:
            # Placed where the list starts, like its values: the counts come first, in order.
            counts.append(Found(offset, offset + match.end(), value, match.group("unit"), "=", name))
    return counts, COUNTED_SUBJECT.sub("", raw) if counts else raw


# Where the head a list's items share starts in its last item: the industry, or what is measured.
SHARED_HEAD = re.compile(r"产业|行业|集群|板块|产值|营业收入|主营业务收入|营收|增加值|规模|总额|税收|利润")


def _shared_tail(subjects: list[str]) -> str:
    """The head the last subject of a list adds to items that name none ("新材料、高端装备、生命健康
    产业产值" → 产业产值), or "" where an earlier item names its own or the last has no modifier."""
    if len(subjects) < 2:
        return ""
    head = SHARED_HEAD.search(subjects[-1])
    if head is None or head.start() == 0 or any(SHARED_HEAD.search(s) for s in subjects[:-1]):
        return ""
    if any(len(s) <= 2 for s in subjects[:-1]):
        return ""  # "出口、进出口总额": items of two characters or less take the last word only (below)
    return subjects[-1][head.start() :]


def _verb(text: str) -> str:
    verb = COMPARATOR_TAIL.sub("", text.strip().rstrip("的"))
    return "" if verb in NO_VERB else verb


def coordinated(sentence: str) -> tuple[list[Found], list[tuple[int, int]], list[Pending]]:
    """Lists a sentence states: (records, spans they cover, 分别 lists waiting for their subjects)."""
    found: list[Found] = []
    spans: list[tuple[int, int]] = []
    pending: list[Pending] = []
    # Cheap tests first: the list patterns scan a sentence from every position.
    each = EACH_GROWTH.finditer(sentence) if "个" in sentence and "增长" in sentence else ()
    for match in each:
        for subject in _subjects(match.group("subjects")):
            value = to_number(match.group("pct"))
            found.append(Found(match.start(), match.end(), value, "%", "=", subject + "增长"))
        spans.append(match.span())
    last: list[str] = []
    regexes = [RESPECTIVELY] if "分别" in sentence else []
    if VALUE_LIST.search(sentence):
        regexes.append(ADJACENT)
    for regex in regexes:
        for match in regex.finditer(sentence):
            if any(a <= match.start("values") < b for a, b in spans):
                continue
            values = _values(sentence, match)
            if len(values) < 2:
                continue
            raw = match.group("subjects")
            head = (
                re.sub(r"^.*?([比较高低]于?)(?=全|省|市|区|县|上年|去年)", r"\1", raw) if "比" in raw else raw
            )
            places = [s.lstrip("比较") for s in SUBJECT_SPLIT.split(head.strip())]
            verb = _verb(match.group("verb"))
            if regex is RESPECTIVELY and len(places) == len(values) and all(PLACES.match(p) for p in places):
                # "比全省、全市分别高3、1.6个百分点": the record before, compared with each place.
                pending.append(Pending(match.start(), match.end(), sentence, places, "比", values))
                for value in values:
                    value.metric = verb
                spans.append(match.span("values"))
                continue
            counts, raw = (
                _counted_subjects(raw, match.start("subjects")) if regex is RESPECTIVELY else ([], raw)
            )
            subjects = _subjects(raw)
            relative = RELATIVE_HEAD.match("".join(subjects))
            if regex is RESPECTIVELY and (not subjects or relative):
                if len(last) == len(values):
                    # "A、B分别为x、y，同比分别增长m%、n%": the second 分别 is about the same subjects.
                    subjects = [s + (relative.group(0) if relative else "") for s in last]
                else:
                    # "GDP 57亿元，财政收入8亿元，比上年分别增长…": the records before it.
                    rel = relative.group(0) if relative else ""
                    pending.append(Pending(match.start(), match.end(), sentence, [], rel, values))
                    for value in values:
                        value.metric = verb
                    spans.append(match.span("values"))
                    continue
            if regex is RESPECTIVELY and len(subjects) == 1 and split_compound(subjects[0], len(values)):
                subjects = split_compound(subjects[0], len(values))  # "城乡居民…分别增长5.5%、7.2%"
            if regex is RESPECTIVELY and len(subjects) == 1:
                # "…A、B、C…，全年营业收入分别增长x、y、z": the subjects stand in an earlier clause.
                pending.append(Pending(match.start(), match.end(), sentence, [], "", values, subjects[0]))
                for value in values:
                    value.metric = verb
                spans.append(match.span("values"))
                continue
            if len(subjects) != len(values):
                continue
            if regex is ADJACENT and any(len(s) < 2 for s in subjects):
                continue
            last = subjects
            found.extend(counts)
            for subject, value in zip(subjects, values, strict=True):
                value.metric = subject + verb
                found.append(value)
            spans.append(match.span("values") if regex is ADJACENT else match.span())
    # Cheap tests first here too: each pattern scans the sentence from every clause start.
    distributes = ALL_WORD.search(sentence) is not None
    shared = list(ALL_OF.finditer(sentence)) if distributes and ALL_VALUE.search(sentence) else []
    if RATE_WORD.search(sentence) and CONJOINED.search(sentence) and not VALUE_LIST.search(sentence):
        shared += SHARED_RATE.finditer(sentence)
    if distributes and has_compound(sentence):
        shared += ALL_OF_ONE.finditer(sentence)
    for match in shared:
        if any(a <= match.start("value") < b for a, b in spans):
            continue
        subjects = _subjects(match.group("subjects"))
        if len(subjects) == 1:
            subjects = split_compound(subjects[0])  # "重点项目开复工率均达98%": 开工率, 复工率
        value_match = VALUE.match(match.group("value"))
        if len(subjects) < 2 or not value_match or not value_match.group("unit"):
            continue
        value = to_number(value_match.group("num"))
        mark = comparator(sentence[: match.start("value")], value_match)
        if match.group("value").endswith("左右"):
            mark = "~"
        elif match.group("value").endswith("以上"):
            mark = ">="
        verb = _verb(match.group("verb"))
        for subject in subjects:
            found.append(
                Found(match.start(), match.end(), value, value_match.group("unit"), mark, subject + verb)
            )
        spans.append(match.span())
    for match in EACH_OF.finditer(sentence) if "各" in sentence else ():
        found.extend(_each_of(sentence, match))
        spans.append(match.span())
    return found, spans, pending


def _each_of(sentence: str, match: re.Match[str]) -> list[Found]:
    parts = [part.strip() for part in match.group("subjects").split("、")]
    value_match = VALUE.match(match.group("value"))
    if not value_match or not value_match.group("unit") or any(not part for part in parts):
        return []
    last = parts[-1]
    shape = re.match(r"[\d.]+[万亿]?", last)
    tail = last[shape.end() :] if shape else ""
    # "1000亿、500亿、200亿级企业": the amounts share the last one's class noun.
    names = [part + tail if tail and re.fullmatch(r"[\d.]+[万亿]?", part) else part for part in parts]
    value = to_number(value_match.group("num"))
    mark = comparator(sentence[: match.start("value")], value_match)
    return [
        Found(match.start(), match.end(), value, value_match.group("unit"), mark, clean_metric(n))
        for n in names
    ]


def _earlier_list(item: Pending, count: int) -> list[str]:
    """ "A、B双双突破…，分别达x、y": the subjects of the nearest earlier clause listing `count` items.

    The list's own words before 分别 ("全年规工企业营业收入分别增长") name what is measured of each.
    """
    clauses = re.split(r"[，,；;：:]", item.sentence[: item.start])
    own = item.own or (clean_metric(clauses[-1]) if clauses else "")
    for clause in reversed(clauses[:-1]):
        head = re.split(rf"{ALL}|分别|实现|完成|突破|达到|增长|等|\d", clause, maxsplit=1)[0]
        parts = [p for p in head.split("、") if p.strip()]
        if len(parts) != count:
            continue
        names = [clean_metric(p.split("的")[-1]) for p in parts]
        first = words(names[0]) if names else []
        if (
            len(first) > 1
            and first[0].tag.startswith("v")
            and not any(words(n)[0].tag.startswith("v") for n in names[1:] if n)
        ):
            # "做大做强医疗器械、集成电路…": the clause's verb heads the list, it names no item.
            while len(first) > 1 and first[0].tag[:1] in "vad":
                names[0] = names[0][len(first.pop(0).text) :]
        if all(names):
            return [name + own for name in names]
    return []


def resolve_respectively(pending: list[Pending], earlier: list[Found]) -> list[Found]:
    """Name each value of a deferred 分别 list after the records it follows, in order."""
    out: list[Found] = []
    for item in pending:
        before = [f for f in earlier if f.end <= item.start and f.metric]
        if item.places:
            if not before:
                continue
            base = before[-1].metric
            for place, value in zip(item.places, item.values, strict=True):
                value.metric = base + "比" + place + value.metric
                out.append(value)
            continue
        # The owners are the last len(values) records before the list that are not themselves shares;
        # points compare rates ("…增长18.3%，…增长25%，分别高于全市8.2、10.5个百分点").
        points = all(value.unit in ("个百分点", "百分点") for value in item.values)
        owners = [f for f in before if (f.unit == "%") == points and f.unit != "个百分点"][
            -len(item.values) :
        ]
        if len(owners) != len(item.values):
            names = _earlier_list(item, len(item.values))
            for name, value in zip(names, item.values, strict=False):
                value.metric = name + item.relative + value.metric
                out.append(value)
            continue
        for owner, value in zip(owners, item.values, strict=True):
            value.metric = owner.metric + item.relative + value.metric
            out.append(value)
    return out
