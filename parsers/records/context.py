"""What a sentence says about all its figures: the part of the year they cover, the industry they are of.

"1—11月，…完成工业总产值…" keeps the period in the metric ("1—11月工业总产值", a part-year actual);
"第二产业支撑有力，全年实现增加值764亿元" names whose 增加值 it is ("第二产业增加值").
"""

from __future__ import annotations

import re

from parsers.records.quantities import Found

# Part of a year, as written: "1-8月", "1至11月份", "一季度", "前三季度", "上半年", "截至10月底".
PART_YEAR = re.compile(
    r"(?:\d{1,2}\s*[-—–~～至到]\s*\d{1,2}\s*月份?|前[一二三]季度|[一二三四]季度|上半年|截至\s*\d{1,2}\s*月底?|截至目前)"
)
# A full-year statement after the label ends its run: "截至10月底…，预计全年竣工项目90个",
# "三季度实现100%开工，全年完成工业投资100亿元".
FULL_YEAR = re.compile(r"预计全年|全年预计|预计年底|(?:^|[，,；;：:。])(?:确保|力争|争取)?全年")
# A sentence that opens on an industry: "第一产业稳中有进", "航空制造产业加速蓄势".
# An industry's name: "…产业", "…行业", "…制造业", "…服务业" (not 工业: 规模工业 is a scope).
SECTOR = r"(?:产业|行业|制造业|服务业)(?!园|链|集群|项目|基金|企业)"
TOPIC = re.compile(rf"^(?:其中[，,]?)?(?P<topic>[^，,；;。、\d“”\"()（）]{{2,12}}?{SECTOR})")
INDUSTRY = re.compile(rf"[\u4e00-\u9fff]{{2,8}}?{SECTOR}")
# A clause whose subject is the zone itself, after its time ("到2020年园区…", "全区…").
OWN_SUBJECT = re.compile(r"^(?:[^，,；;]{0,10}?年)?(?:全区|全园|园区|我区|本区|该区|开发区|高新区|经开区)")
# Names that say what is measured but not of what: they take the sentence's industry.
GENERIC = re.compile(
    r"^(?:全年)?(?:增加值|营收|营业收入|主营业务收入|产值|总产值|工业产值|吞吐量|产能|销售收入|税收|规模"
    r"|(?:对)?(?:经济增长|GDP增长)?贡献率|拉动(?:GDP|经济)(?:增长)?)"
)


def part_year(sentence: str, position: int) -> str | None:
    """The part-year label that governs a figure at `position`, as written, or None."""
    head = sentence[:position]
    if "月" not in head and "季度" not in head and "上半年" not in head and "截至目前" not in head:
        return None  # what every PART_YEAR label holds; most sentences have none, and `in` is quick
    label = None
    for match in PART_YEAR.finditer(head):
        label = match
    if label is None or FULL_YEAR.search(sentence[label.end() : position]):
        return None
    return re.sub(r"\s+", "", label.group(0))


def without_period(metric: str) -> str:
    """The metric without the part-year label it opens on ("1—9月营业收入" → 营业收入)."""
    label = PART_YEAR.match(metric)
    return metric[label.end() :] if label else metric


def with_period(metric: str, sentence: str, position: int) -> str:
    """The metric with its part-year label in front, where the sentence labels the figure."""
    label = part_year(sentence, position)
    if not label or label in metric:
        return metric
    return label + metric


def with_topic(metric: str, sentence: str, position: int) -> str:
    """A generic metric ("增加值", "营收") with the industry the sentence opens on, or that the
    clause just before it is about ("…得益于电子信息产业生态完善，营收突破1500亿元")."""
    if not GENERIC.match(metric):
        return metric
    clause = re.split(r"[，,；;：:]", sentence[:position])[-1]
    if OWN_SUBJECT.match(clause):
        return metric  # "到2020年园区主营业务收入达到两千亿": the zone's own total, of no one industry
    opening = TOPIC.match(sentence)
    topic = opening.group("topic") if opening else None
    if topic is None:
        clauses = re.split(r"[，,；;]", sentence[:position])
        if len(clauses) >= 2:
            industries = INDUSTRY.findall(clauses[-2])
            topic = industries[-1] if industries else None
    # "得益于电子信息产业": the industry is the noun after the last function word.
    topic = re.split(r"[于的在是和及与了把将对为]", topic)[-1] if topic else None
    if not topic or len(topic) < 4 or topic in metric:
        return metric
    return topic + metric


def with_topics(items: list[Found], sentence: str) -> list[str]:
    """`with_topic` for every figure of a sentence; a name built on the one before it keeps that
    one's industry ("营收突破1500亿元，总量占全市的75%" → 电子信息产业营收总量占全市)."""
    named: list[str] = []
    for index, item in enumerate(items):
        metric = with_topic(item.metric, sentence, item.start)
        if metric == item.metric and index:
            before, given = items[index - 1], named[index - 1]
            topic = given[: -len(before.metric)] if before.metric and given.endswith(before.metric) else ""
            owner = before.subject or before.metric
            if topic and owner and item.metric.startswith(owner) and not item.metric.startswith(topic):
                metric = topic + item.metric
        named.append(metric)
    return named
