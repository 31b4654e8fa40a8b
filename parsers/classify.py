"""Is a document a zone's annual work report? Decided from the content, not the title.

Slogan titles hide real reports and many news items mention 工作会议, so the score weighs the
review-and-plan structure, the density of targets and actuals, and the meeting genre, and takes
away for notices and single-topic meetings. The score is kept so the threshold can be tuned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

THRESHOLD = 0.5
GENRE = re.compile(
    r"工作会议上的讲话|同志们|工作报告|工作会议|冬训大会|动员部署会|工作部署大会|工作部署会|动员大会|工作总结|务虚会|扩大会议|总结大会"
)
REVIEW = re.compile(
    r"20\d\d\s*年是[^，。]{0,12}的一年|回顾\s*20\d\d|过去(的)?一年|一年来|总结\s*20\d\d\s*年|20\d\d\s*年[,，]\s*[^，。]{0,6}?(实现|完成|预计)"
)
PLAN = re.compile(
    r"展望|新的一年|新一年|部署\s*20\d\d|20\d\d\s*年[,，]?\s*[^，。]{0,6}?(将|要|力争|确保)|目标任务|工作安排|主要目标|重点做好|工作思路"
)
SINGLE_TOPIC = re.compile(
    r"安全生产|招商(引资)?工作会议|党风廉政|防汛|消防|疫情防控|信访|统战|宣传思想|组织工作会议"
)
# Mid-year and quarterly meetings review part of a year: their "全年" targets are not next year's plan.
PART_YEAR = re.compile(r"上半年|下半年|半年工作|年中|[一二三四1-4]季度|前三季度|季度工作")
NOTICE = re.compile(r"关于召开|的通知|通知如下|报名|请各单位|参会人员")


def report_score(text: str, title: str | None, records: Sequence[dict[str, Any]]) -> float:
    head = (title or "") + "\n" + text[:1500]
    score = 0.0
    if GENRE.search(head):
        score += 0.25
    if REVIEW.search(text):
        score += 0.2
    if PLAN.search(text):
        score += 0.2
    targets = sum(1 for r in records if r.get("kind") == "target" and r.get("value") is not None)
    actuals = sum(1 for r in records if r.get("kind") == "actual" and r.get("value") is not None)
    score += min(targets, 4) * 0.05 + min(actuals, 4) * 0.03
    if len(text) >= 1500:
        score += 0.1
    structured = bool(REVIEW.search(text) and PLAN.search(text) and targets >= 2)
    if len(text) < 400:
        # Short texts are usually news; a short one that reviews, plans and sets targets is a summary.
        score -= 0.1 if structured else 0.3
    if PART_YEAR.search((title or "") + "\n" + text[:200]):
        score -= 0.4
    if NOTICE.search(head):
        score -= 0.4
    if SINGLE_TOPIC.search(head) and not re.search(r"高质量发展|经济社会发展|全区工作|园区工作", head):
        score -= 0.35
    return round(max(0.0, min(1.0, score)), 3)


def is_work_report(score: float) -> bool:
    return score >= THRESHOLD
