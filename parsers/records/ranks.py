"""Names of ranks: what is ranked, among which set, by which evaluation.

"在全国156家国家级高新区中排名第38位" ranks the zone among 国家级高新区 (the set's count is not
part of the name); "在2022年省开发区综合考评中，列全省第12名" ranks it in that evaluation.
"""

from __future__ import annotations

import re

from parsers.records.chunks import indicator

RANK_UNITS = ("位", "名", "个位次", "个名次", "位次", "名次")
EVALUATION = re.compile(
    r"(?P<name>[^，,；;。：:]{2,30}?(?:综合考评|考核评价|考评|考核|评价|评估|评比))(?:结果|活动)?中?[，,]"
)


def rank_name(metric: str, before: str) -> str:
    """The name of a rank: `metric` without the comparison set's count, with the evaluation the
    sentence names before it (`before`: the sentence up to the rank)."""
    metric = re.sub(r"\d+\s*[家个所]", "", metric)
    evaluations = list(EVALUATION.finditer(before))
    if not evaluations or not metric:
        return metric
    name = indicator(re.sub(r"[“”\"'‘’《》\s]|[在比较与]?20\d\d年度?", "", evaluations[-1].group("name")))
    name = re.sub(r"^.*?(?:公布|通报|发布|公布了|通报了|发布了)", "", name)
    return metric if not name or name in metric else name + metric
