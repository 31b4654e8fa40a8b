"""Whose figure it is: a name that says what is measured but not of what takes its owner from the
record before it in the sentence.

- a change, a share or a comparison: "GDP94.1亿元，同比增长8%" → GDP同比增长; "增长8%，高于全市2个
  百分点" → …增长高于全市; a change in percentage points after a rate is the rate's ("同比增长6%，
  较上月回落0.5个百分点" → …同比增长较上月回落);
- an attribute of things just counted: "签约项目24个，总投资186亿元", "新开工项目15个，到位资金8.6亿元",
  "在建项目120个，已完成投资56.3亿元", "列入省级重点项目12个，投资完成率118%"; a stock of the same
  things takes them without the verb ("新认定高新技术企业45家，总数达210家" → 高新技术企业总数);
- another status of the same things: "新签约项目14个、开工13个" → 开工项目;
- a level or a place: "…100家，其中国家级7家", "占长沙市61%、全省24%".
"""

from __future__ import annotations

import re

from parsers.records.carry import bare_predicate, counted_things, same_subject
from parsers.records.lexicon import cues
from parsers.records.quantities import Found

# Earlier times a figure is compared with ("较上年", "比一季度", "较年初").
EARLIER = r"上年同期|上年|去年同期|去年|同期|上月|上季度|年初|[一二三四]季度|上半年|前[一二三]季度"
GROWTH_WORDS = ("同比增长", "增长", "增幅", "提高", "提升", "下降", "降低", "减少")
# A share or a change against last year says nothing of its own subject: "占比达53.3%",
# "比上年提高0.3个百分点" measure the indicator named just before (not 占地/占用, which are areas).
RELATIVE = re.compile(r"占比|占(?![地用])|[比较](?:上年|去年|上一年)|同比")
# What was planned, as a base of comparison ("比年度目标多降2.7个百分点", "较计划少降").
PLANNED = r"(?:(?:省|市|上级)?下达|省定|市定)?(?:全?年度?)?(?:目标|计划)"
# A change, a comparison or a rank with no subject of its own: "现价增长14.9%", "上升30位",
# "高于全市30个百分点", "高于GDP增幅2.2个百分点", "居全市第1位" measure the record just before them.
BARE = re.compile(
    rf"^(?:[比较](?:{EARLIER}|{PLANNED})?|同比|环比|现价|可比价|按可比价格?计算|年均|全年|[\u4e00-\u9fff]{{1,4}}口径"
    r"|逆势|逆市|稳步|快速|大幅|高速|持续)?"
    r"(?:增长|增速|增幅|比增|上升|下降|提高|提升|前进|进位|前移|后移|减少|降低|回落|放缓|加快|多降|少降|多增|少增)"
    r"|^(?:[比较]|高于|低于|超出|超过)(?:全国|全省|全市|全区|平均)"
    r"|^(?:高于|低于|快于|慢于)"
    r"|^(?:居|位居|位列|排名|排|列)(?:全国|全省|全市|全区)?(?:第|前)?$"
    r"|^(?:总量|增速|增幅|总额|规模)(?:居|位居|位列|排名|列|排)"  # "…1200亿元，总量居全市第2位"
    r"|^(?:增速|增幅|降幅)(?:[比较]|收窄|扩大|提高|回落|加快|放缓)"  # "降幅较上半年收窄2.1个百分点"
)
COMPARISON = re.compile(r"^(?:[比较]|高于|低于|超出|超过|快于|慢于)|(?:高于|低于|比全|较全|快于|慢于)")
# A change against an earlier time, said of a rate in percentage points.
CHANGE = re.compile(rf"^(?:[比较](?:{EARLIER})|回落|放缓|加快)")
SHARE_UNITS = ("%", "个百分点", "百分点", "倍")
RANK_UNITS = ("位", "名", "个位次", "个名次", "位次", "名次")
# Rates and progress that belong to the subject just named.
RATE_OF = re.compile(
    r"^[\u4e00-\u9fff]{1,3}率$|^(?:超时序|超序时)进度$|^(?:达|完成)?(?:(?:省|市|上级)?下达|省定|市定)?(?:全?年度?)?(?:目标任务|目标|任务|计划)$|^总量占"
)
STATUS_VERBS = frozenset(cues()["status_verbs"])
PER_YEAR = re.compile(r"^(?:年均|每年|平均每年)")
LEADING_VERB = re.compile("^(?:" + "|".join(sorted(cues()["status_verbs"], key=len, reverse=True)) + ")")
LEVEL_ONLY = re.compile(r"^(?:国家级|省级|市级|区级)$")
LEVEL_OF = re.compile(r"(?:国家级|省级|市级|区级)(?:以上|及以上)?")
PLACE_ONLY = re.compile(r"^(?:全国|全省|全市|全区|省|市|区)$")
# Attributes of whatever was counted just before them: what those things cost, hold or achieved.
ATTRIBUTE = re.compile(
    r"^(?:计划|累计|实际|协议|合同|签约)?(?:总投资额?|投资总额|投资额|总额|总产值|总面积|建筑面积|占地面积|占地|总长度?|总里程"
    r"|到位资金|实际到位资金|资金|完成投资|投资|投资完成率|[\u4e00-\u9fff]{0,2}率|年产值|达产产值)$"
)
# The whole stock of the things counted, not only those the count's verb made.
STOCK = re.compile(r"^(?:总数|总量|累计|总计|数量)$")
# Units of amounts, shares and ranks; any other unit counts things (家, 个, 项, 所, 户 …).
AMOUNT_UNIT = re.compile(r"元|%|百分点|倍|米|㎡|亩|吨|公里|千瓦|瓦时|立方|标箱|公顷|^成$|^亿$")


def counts_things(unit: str) -> bool:
    """Whether a unit counts things ("家", "个"), rather than measuring an amount, a share or a rank."""
    return unit not in RANK_UNITS and not AMOUNT_UNIT.search(unit)


def is_bare(metric: str) -> bool:
    """A name with no subject of its own: empty, a change, a share or a comparison."""
    return not metric or metric.startswith(GROWTH_WORDS) or bool(RELATIVE.match(metric) or BARE.match(metric))


def from_previous(metric: str, found: Found, previous: Found | None) -> str:
    """`metric` with the owner the record before gives it, where the words name none of their own."""
    if previous is None:
        return metric
    if not metric:
        if found.unit == previous.unit or previous.unit in SHARE_UNITS and found.unit in SHARE_UNITS:
            return previous.metric  # "确保增长9%，力争12%": the same measure, another tier
        # "能耗下降3.2%，为0.41吨标准煤/万元": in another unit, the level of what changed.
        return previous.subject or previous.metric
    owner = previous.subject or previous.metric
    counted = counts_things(previous.unit)
    if counted and STOCK.match(metric):
        # "新认定高新技术企业45家，总数达210家": all such enterprises, not only the new ones.
        return counted_things(owner) + metric
    if counted and ATTRIBUTE.match(metric) and not metric.startswith(previous.metric):
        # "签约亿元以上项目24个，总投资186亿元": the investment of the projects just counted.
        return previous.metric + ("完成" + metric if metric == "投资" else metric)
    if RATE_OF.match(metric) and not metric.startswith(previous.metric):
        # "引进重点项目40个、履约率70%", "实际利用外资x万元，达年任务57%": a rate of the subject.
        return owner + metric
    status = PER_YEAR.sub("", metric) in STATUS_VERBS  # "年均新增40家": a status, every year
    if previous.unit == found.unit and (metric in STATUS_VERBS or status or bare_predicate(metric)):
        if counted:
            # "新签约亿元以上项目14个、开工13个、新投产6个": the same projects, another status.
            return metric + counted_things(LEADING_VERB.sub("", owner))
        if found.unit not in SHARE_UNITS + RANK_UNITS and not BARE.match(metric):
            # "科创载体开工100万平方米、建成100万平方米": the same subject, another predicate.
            return same_subject(owner, metric)
    if LEVEL_ONLY.match(metric) and LEVEL_OF.search(previous.metric):
        # "培育省级以上专精特新企业100家，其中国家级7家": that level of the same things.
        return metric + LEVEL_OF.split(previous.metric, maxsplit=1)[-1]
    if PLACE_ONLY.match(metric) and "占" in previous.metric:
        # "占长沙市61%、全省24%": the same share, of another place.
        return previous.metric.split("占")[0] + "占" + metric
    if is_bare(metric) and not metric.startswith(previous.metric):
        # "GDP94.1亿元，同比增长8%" / "安置农户44户、78套": the subject carries over. A comparison
        # keeps the rate it compares ("增长8%，高于全市2个百分点" → …增长高于全市), so does a
        # change in points after a rate ("同比增长6%，较上月回落0.5个百分点"); anything else takes
        # the level itself ("…增长15%，占比提高到60%": the share is of the indicator).
        compares = COMPARISON.match(metric) and not COMPARISON.search(previous.metric)
        of_rate = found.unit in ("个百分点", "百分点") and previous.unit == "%" and _changes(metric)
        # "项目86个，完成投资46.3亿元，增长5.77%": the growth of the investment, not of the count.
        attribute = ATTRIBUTE.match(previous.metric.removeprefix(owner))
        return (previous.metric if compares or of_rate or attribute else owner) + metric
    return metric


def _changes(metric: str) -> bool:
    """A change against an earlier time ("较上月回落", "比上年提高"), not a share ("占比提高")."""
    return bool(CHANGE.match(metric))
