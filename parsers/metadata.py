"""What a report says about itself: publish date, review and plan years, horizons, speaker, meeting, zone."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from parsers.records.kinds import PLAN_PERIOD

DATE = re.compile(r"(20\d\d|19\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
URL_DATES = (
    re.compile(r"/t(20\d\d)(\d\d)(\d\d)_"),
    re.compile(r"/art/(20\d\d)/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/doc/(20\d\d)/(\d\d)/(\d\d)/"),
    re.compile(r"/(20\d\d)-(\d\d)/(\d\d)/"),
    re.compile(r"[/_](20\d\d)(\d\d)(\d\d)[/_.]"),
)
# A numbered review heading in the body ("一、2023年工作总结") names the year reviewed where the
# body states no year of its results, whatever year the page title names ("管委会2022年工作总结…").
REVIEW_HEADING = re.compile(
    r"(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分)"
    r"\s*(20\d\d)\s*年度?(?:工作)?(?:总结|回顾)"
    # ... or a heading line of its own below the first line: "\n2023年工作回顾\n"
    r"|\n\s*(20\d\d)\s*年度?(?:工作)?(?:总结|回顾)\s*\n"
)
REVIEW_PATTERNS = (
    r"总结\s*(20\d\d)\s*年",
    r"(20\d\d)\s*年是[^，。\n]{0,12}的一年",
    r"回顾\s*(20\d\d)\s*年",
    r"(20\d\d)\s*年度?工作总结",
    r"(20\d\d)\s*年工作回顾",
)
PLAN_PATTERNS = (
    r"部署\s*(20\d\d)\s*年",
    r"(20\d\d)\s*年度?[^，。]{0,12}动员部署",
    r"展望\s*(20\d\d)\s*年",
    r"(20\d\d)\s*年(?:主要|工作)?目标",
    r"(20\d\d)\s*年[,，]\s*(?:全区|园区|我们|将|要)",
)
HORIZON = re.compile(r"到\s*(20\d\d)\s*年")
SPEAKER = re.compile(
    r"([\u4e00-\u9fff]{2,3})(?:代表[^，。\n]{1,8}|向大会)?作(?:了)?[^，。\n]{0,14}?(?:工作)?报告"
)
MEETING = re.compile(
    r"([^，。,;；:：\n]{0,30}?(?:工作会议|冬训大会|动员部署会|部署大会|工作部署会|动员大会|总结大会|工作大会|务虚会|扩大会议|推进大会))"
)
ZONE = re.compile(
    r"([\u4e00-\u9fff]{2,10}?(?:高新技术产业开发区|经济技术开发区|高新区|经开区|经济开发区|科技产业园|产业园|工业园区))"
)


@dataclass
class ReportMeta:
    published: dt.date | None = None
    review_year: int | None = None
    plan_year: int | None = None
    horizon_years: list[int] = field(default_factory=list)
    speaker: str | None = None
    meeting: str | None = None
    zone: str | None = None


def parse_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    match = DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def date_from_url(url: str | None) -> dt.date | None:
    if not url:
        return None
    for pattern in URL_DATES:
        match = pattern.search(url)
        if match:
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


def _first_year(patterns: tuple[str, ...], text: str) -> int | None:
    for pattern in patterns:
        match = re.search(pattern, text)
        if match:
            return int(match.group(1))
    return None


MEETING_YEAR = re.compile(
    r"(20\d\d)\s*年(?!度工作总结)度?[^，。\n]{0,10}?(工作会议|工作报告|动员部署|动员大会|工作部署|务虚会)"
)
OPENING = re.compile(r"(?:^|\n|。)\s*(?:回顾)?(20\d\d)\s*年[，,]([^。\n]{0,40})")
# "2019 年全区完成…", "2023年GDP实现…": the body saying which year's results it gives. Not a horizon
# ("到2025年实现") and not a commitment ("2020年，力争实现").
BODY_RESULT = re.compile(
    r"(?<![到至])(20\d\d)\s*年(?![\d一二三四五六七八九十]{1,3}月)([^，。；;\n\d]{0,8}?)(?:完成|实现|达到|取得)"
)
PLAN_VERBS = re.compile(r"将|要|力争|确保|争取|目标是|主要目标|重点")
# Part of a year named with its year ("2020年度上半年", "2009年1-6月", "对2009年全年目标任务"): an
# article on the progress of that year, whose targets are the same year's.
OWN_PART_YEAR = re.compile(
    r"(20\d\d)\s*年度?\s*(?:以来|上半年|前三季度|[一二三]季度|1\s*[-—–~～至到]\s*\d{1,2}\s*月|全年目标)"
)
# Part of a year reported while it runs: a progress article, whose targets are the same year's.
PART_YEAR = re.compile(
    r"今年以来|20\d\d\s*年以来|上半年|前三季度|[一二三]季度|1\s*[-—–~～至到]\s*\d{1,2}\s*月|截至\s*\d{1,2}\s*月"
)


def _body_result_year(text: str) -> int | None:
    for match in BODY_RESULT.finditer(text):
        if not PLAN_VERBS.search(match.group(2) + text[max(0, match.start() - 4) : match.start()]):
            return int(match.group(1))
    return None


def _running_year(head: str, published: dt.date | None) -> int | None:
    """The year whose part-year progress the text reports ("2020年度上半年", "2009年1-6月"), when it
    is the year of publication (or no date is known); None otherwise. A January report that gives
    last year's 1—11月 figures reports a year already closed, so it is no progress article."""
    for match in OWN_PART_YEAR.finditer(head):
        year = int(match.group(1))
        if published is None or year == published.year:
            return year
    return None


def report_years(text: str, published: dt.date | None) -> tuple[int | None, int | None]:
    """(review year, plan year). A meeting in early 2020 reviews 2019 and plans 2020.

    The body's own statement of results ("2019年全区完成…") first, since a title can name another
    year than the text under it; then explicit words (总结2019年, 部署2020年, 回顾2019年), the
    meeting's own year (2020年工作会议 plans 2020), and paragraphs that open on a year with past or
    future verbs. A progress article (published after March about the year it is published in, or
    reporting 1—N月/上半年 of it) has review year = plan year: its targets are that year's.
    """
    head = text[:4000]
    heading = REVIEW_HEADING.search(head)
    review = _body_result_year(head) or (int(heading.group(1) or heading.group(2)) if heading else None)
    if review is None:
        review = _first_year(REVIEW_PATTERNS[:1] + REVIEW_PATTERNS[2:], head)
    plan = _first_year(PLAN_PATTERNS[:3], head)
    if plan is None:
        meeting = MEETING_YEAR.search(head)
        plan = int(meeting.group(1)) if meeting else None
    for match in OPENING.finditer(head):
        year, words = int(match.group(1)), match.group(2)
        if plan is None and PLAN_VERBS.search(words):
            plan = year
        elif (
            review is None
            and not PLAN_VERBS.search(words)
            and re.search(r"实现|完成|预计|取得|达到|是[^，。]{0,10}的一年", words)
        ):
            review = year  # "2023年，全区实现…", not "2024年，该区还将紧盯全年实现…"
    if review is None:
        review = _first_year(REVIEW_PATTERNS[1:2], head)
    running = _running_year(head, published)
    if running is not None and review in (None, running) and plan in (None, running):
        return running, running
    progress = published is not None and published.month >= 4 and plan is None
    if progress and published is not None and (review == published.year or PART_YEAR.search(head)):
        return published.year, published.year
    if plan is not None and review is not None and plan != review + 1:
        plan = review + 1 if plan <= review else plan
        review = plan - 1
    if review is None and plan is not None:
        review = plan - 1
    if plan is None and review is not None:
        plan = review + 1
    if plan is None and published is not None:
        plan = published.year if published.month <= 6 else published.year + 1
        review = plan - 1
    if plan is None:
        years = Counter(int(y) for y in re.findall(r"(20\d\d)\s*年", text))
        if years:
            review = years.most_common(1)[0][0]
            plan = review + 1
    return review, plan


def text_date(text: str, year: int | None) -> dt.date | None:
    """ "1月2日下午，…召开" with the year from elsewhere."""
    if year is None:
        return None
    match = re.search(r"(?<![\d年])(\d{1,2})月(\d{1,2})日", text[:400])
    if not match:
        return None
    try:
        return dt.date(year, int(match.group(1)), int(match.group(2)))
    except ValueError:
        return None


# Categories, not zones: "与国家高新区'两区'目标相比", "先进发达地区高新区"; a masked "xx高新区" names none.
GENERIC_ZONE = re.compile(
    r"^(中共|市委|省级|国家|全国|全省|全市|我国|各|其他|兄弟|先进|发达|省内|市内|同类)|地区|^.?国家"
)
ZONE_LEAD = re.compile(
    r"^(?:推动|推进|全力|打造|建设|加快|把|将|在|为|是|对|和|与|及|全|让|使|以|向|从|由|到|召开|举行)+"
)


def _drop_leading_verbs(name: str) -> str:
    """ "国家设立高新区" → "高新区": jieba's part-of-speech tags cut verbs and adverbs off the front."""
    from parsers.records.lexicon import pos_tags

    tags = pos_tags(name)
    while len(tags) > 1 and tags[0][1][:1] in ("v", "d", "p", "c", "u", "a", "m", "r"):
        tags.pop(0)
    return "".join(word for word, _ in tags)


def zone_name(text: str) -> str | None:
    """The zone a text is about: specific names (江阴高新区, not 高新区), the earliest-mentioned
    and most frequent first, since the opening paragraph names the zone."""
    scores: Counter[str] = Counter()
    for match in ZONE.finditer(text[:8000]):
        name = re.split(r"[了在的等是和与对把将为从向到于及之、由被]", match.group(1))[-1]
        if GENERIC_ZONE.search(name):
            continue
        name = _drop_leading_verbs(ZONE_LEAD.sub("", name))
        if len(name) >= 4 and not GENERIC_ZONE.match(name):
            scores[name] += 1 + (3 if match.start() < 400 else 0)
    if not scores:
        return None
    return max(scores.items(), key=lambda item: (item[1], len(item[0])))[0]


def describe(text: str, *, published: dt.date | None = None, url: str | None = None) -> ReportMeta:
    meta = ReportMeta(published=published or date_from_url(url))
    meta.review_year, meta.plan_year = report_years(text, meta.published)
    if meta.published is None:
        meta.published = text_date(text, meta.plan_year)
    horizons = {int(y) for y in HORIZON.findall(text)}
    horizons |= {year for name, year in PLAN_PERIOD.items() if name in text}
    meta.horizon_years = sorted(y for y in horizons if meta.plan_year is None or y > meta.plan_year)
    speaker = SPEAKER.search(text[:4000])
    meta.speaker = speaker.group(1) if speaker else None
    meeting = MEETING.search(text[:1500])
    if meeting:
        meta.meeting = re.sub(r"^.*?召开(?:了)?", "", meeting.group(1)).strip()
    meta.zone = zone_name(text)
    return meta
