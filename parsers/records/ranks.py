"""Names of ranks: among which set, in what, by which evaluation — "<set><aspect>排名".

"在全国156家国家级高新区中排名第38位、上升6位" → 全国国家级高新区排名 (38 位) and …排名上升 (6 位);
"一般公共预算收入居全市第2位" → 全市一般公共预算收入排名; "列全省98家开发区第12名" after "在…综合考评中"
→ …综合考评全省开发区排名. The set's count is never part of the name; the verb that places the zone
(居, 位列, 跃居, 挺进 …) is said by 排名; a change of rank keeps its words after it (排名较上年上升).
"""

from __future__ import annotations

import re

from parsers.records.chunks import indicator, words
from parsers.records.quantities import Found

RANK_UNITS = ("位", "名", "个位次", "个名次", "位次", "名次")
EVALUATION = re.compile(
    r"(?P<name>[^，,；;。：:]{2,30}?(?:综合考评|考核评价|考评|考核|评价|评估|评比))(?:结果|活动|榜单)?(?:显示|表明)?[中上]?[，,]"
)
# The set a sentence ranks the zone in: "在全省62家省级开发区中", "在全省、国家序列中".
SET_IN = re.compile(r"在(?P<set>[^，,；;。在]{2,30}?)(?:中|榜单上|榜上)")
# Verbs that place the zone in its set.
PLACES_IN = re.compile(
    r"(?:继续|连续[^，,；;。]{0,4}?|再次|稳步)?"
    r"(?:稳居|位居|位列|名列|跃居|跃升至|跃升到|挺进|上升到|上升至|提升到|提升至|居于|居|列|排名|排位|排|位于)"
)
# A change of rank: "较上年上升", "比上年度提升", "上升".
CHANGE = re.compile(
    r"(?:[比较](?:上年度?|去年|上次|上一年度?|上年同期|20\d\d年度?)?)?(?:上升|提升|前进|提高|进位|前移|上移|下降|后退|下滑|后移|下移)$"
)
COUNT = re.compile(r"\d+\s*[家个所]")
MOVED = re.compile(r"前移|后移|上移|下移|上升|提升|前进|后退|下降|下滑")
# Words for the rank itself: "排名", "位次" (排名前移, 位次前移).
RANK_WORDS = ("排名", "位次", "名次")


def _set(text: str) -> str:
    return indicator(COUNT.sub("", text).removeprefix("在")).removesuffix("中")


def rank_name(metric: str, before: str) -> tuple[str, str]:
    """The name of a rank and what is ranked ("一般公共预算收入", "" for the zone as a whole);
    `metric` is what the words around it gave, `before` the sentence up to it."""
    change = CHANGE.search(metric)
    if not change and not re.search(r"[第前]\s*$", before):
        return metric, ""  # "聘请产业顾问18名": people counted, not a rank
    metric = COUNT.sub("", metric)
    change = CHANGE.search(metric)
    base = metric[: change.start()] if change else metric
    placed = _placing_verb(base)
    aspect, named_set, inside = base, "", ""
    if placed:
        aspect, named_set = base[: placed[0]], base[placed[1] :]
    if "中" in aspect:
        # "省级经开区中排31位", "全国国家高新区综合排名中连续八年进位赶超排名第22位",
        # "国家级开发区综合考评中挺进全国第31位" (the evaluation, then the set)
        inside, aspect = aspect.rsplit("中", 1)
        named_set, inside = (named_set, inside) if named_set else (inside, "")
    elif not placed and not change:
        aspect, named_set = "", aspect or named_set  # "…、92家省级经开区第11名"
    if CHANGE.search(aspect) or aspect.endswith(RANK_WORDS):
        # "较上年上升，居第15位", "位次前移6位": the rank itself, not an aspect ranked.
        aspect = CHANGE.sub("", aspect)
        aspect = next((aspect.removesuffix(w) for w in RANK_WORDS if aspect.endswith(w)), aspect)
    named_set = _set(named_set).removesuffix("前")
    aspect = indicator(aspect)
    if not any(w.tag.startswith(("n", "j", "eng", "vn")) for w in words(aspect)):
        aspect = ""  # "连续八年进位赶超": how, not what is ranked
    if not named_set and not aspect:
        sets = list(SET_IN.finditer(before))
        named_set = _set(sets[-1].group("set")) if sets else ""
    evaluation = _evaluation(before) or indicator(inside)
    if not named_set and not evaluation and not placed:
        return metric, ""
    parts = [part for part in (evaluation, named_set, aspect) if part]
    # A part said inside another ("全省开发区综合考评" and the set 全省开发区) is said once.
    name = "".join(
        part
        for i, part in enumerate(parts)
        if not any(
            i != j and part in other and (len(other) > len(part) or j < i) for j, other in enumerate(parts)
        )
    )
    name = name if name.endswith("排名") else name + "排名"
    return name + (change.group(0) if change else ""), aspect


def _placing_verb(text: str) -> tuple[int, int] | None:
    """Where the last verb that places the zone in its set stands in `text`, on word boundaries
    (not the 列 of 序列 nor the 排 of 排头兵); 中 closes a set ("…经开区中排31位")."""
    bounds, position = {0}, 0
    for word in words(text):
        position += len(word.text)
        bounds.add(position)
    bounds |= {index + 1 for index, char in enumerate(text) if char == "中"}
    # A change of rank ends a word too: jieba reads "前移居" as 前 + 移居 (to migrate).
    bounds |= {match.end() for match in MOVED.finditer(text)}
    found = None
    for match in PLACES_IN.finditer(text):
        if match.start() in bounds and match.end() in bounds:
            found = match.span()
    return found


def _evaluation(before: str) -> str:
    """The evaluation the rank's clause or the one just before it names ("在2022年度全省开发区综合
    考评中，列…"); one said clauses earlier is background."""
    clauses = re.split(r"[，,；;。]", before)
    evaluations = list(EVALUATION.finditer("，".join(clauses[-2:]) if len(clauses) > 1 else before))
    if not evaluations:
        return ""
    name = re.sub(r"[“”\"'‘’《》\s]|^.*[在的]|[比较与]?20\d\d年度?", "", evaluations[-1].group("name"))
    # The count of the set evaluated is no part of its name ("全国230家国家级经开区综合考评").
    return indicator(COUNT.sub("", re.sub(r"^.*?(?:公布|通报|发布)了?", "", name)))


PLACE = r"(?:全国|全省|全市|全区|国家|省|市|区)"
# Places a zone is ranked in, joined by 、 ("在全省、全国开发区考评中", "在全市、全省的排名").
PLACE_LIST = re.compile(rf"{PLACE}(?:、{PLACE})+")


def respective_places(found: list[Found], sentence: str) -> list[Found]:
    """Ranks after 分别 that share one name holding a list of places ("全省、全国开发区考评综合排名"
    for 第5名、第42名): each rank is of its place, in order."""
    if "分别" not in sentence:
        return found
    ranks = [item for item in found if item.unit in RANK_UNITS and PLACE_LIST.search(item.metric)]
    if len(ranks) < 2 or len({item.metric for item in ranks}) != 1:
        return found
    places = PLACE_LIST.search(ranks[0].metric)
    names = places.group(0).split("、") if places else []
    if places is None or len(names) != len(ranks) or "分别" not in sentence[: ranks[0].start]:
        return found
    for item, place in zip(ranks, names, strict=True):
        item.metric = item.metric[: places.start()] + place + item.metric[places.end() :]
    return found
