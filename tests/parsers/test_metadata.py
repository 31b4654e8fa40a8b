"""Metadata rules one at a time: dates, review/plan years, horizons, speaker, meeting, zone, title."""

from __future__ import annotations

import datetime as dt

import pytest

from parsers.document import parse_bytes
from parsers.metadata import date_from_url, describe, report_years, zone_name


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://x.gov.cn/xxgk/gzbg/202001/t20200103_123.html", dt.date(2020, 1, 3)),
        ("http://x.gov.cn/art/2024/1/9/art_4021_1.html", dt.date(2024, 1, 9)),
        ("http://x.gov.cn/doc/2024/01/12/566837.shtml", dt.date(2024, 1, 12)),
        ("http://x.gov.cn/news/content/410902.html", None),
        ("http://x.gov.cn/xxgk/t20201399_1.html", None),  # no 13th month: no date rather than a wrong one
    ],
)
def test_publish_date_from_url(url: str, expected: dt.date | None) -> None:
    assert date_from_url(url) == expected


@pytest.mark.parametrize(
    ("text", "published", "years"),
    [
        ("1月2日，高新区召开大会，总结2019年工作，部署2020年任务。", None, (2019, 2020)),
        ("回顾2021年，全区实现地区生产总值320亿元。", None, (2021, 2022)),
        ("园区召开2023年工作会议，明确全年目标。", None, (2022, 2023)),
        ("2024年是极不平凡的一年。新的一年，我们要再接再厉。", None, (2024, 2025)),
        # Nothing in the text: a meeting in January plans its own year, one in December the next.
        ("会议要求各部门抓好落实，确保各项任务完成。", dt.date(2020, 1, 15), (2019, 2020)),
        ("会议要求各部门抓好落实，确保各项任务完成。", dt.date(2020, 12, 20), (2020, 2021)),
        # The body's results decide, not a title naming another year.
        (
            "2021年工作总结\n一、工作总结 今年以来，我区稳中求进。2020 年全区完成投资12亿元。",
            None,
            (2020, 2021),
        ),
        # A commitment or a horizon is no statement of results.
        ("2018年，园区发展提速。2019年，要确保2019年完成产值80亿元。", None, (2018, 2019)),
        # Progress articles: the year they are published in is both reviewed and planned.
        ("今年1—8月，园区完成工业产值66亿元，同比增长9%。", dt.date(2021, 9, 3), (2021, 2021)),
        ("2022年以来，园区共落地项目88个。", dt.date(2022, 10, 9), (2022, 2022)),
        ("上半年，全区实现营收40亿元。力争全年突破90亿元。", dt.date(2023, 7, 20), (2023, 2023)),
        # A profile page published mid-year that gives last year's results reviews last year.
        ("园区简介。2023年GDP实现310亿元，同比增长5%。", dt.date(2024, 7, 30), (2023, 2024)),
        # "2024年，…围绕…目标" reviews; "2025年，该区将…" plans.
        ("会议传来消息。\n2024年，该区围绕双百亿目标抓项目。\n2025年，该区将紧扣目标。", None, (2024, 2025)),
        # A page title naming another year than the body's numbered heading: the heading decides.
        (
            "经开区2021年工作总结和2022年工作计划\n一、2022年工作总结\n1—11月，完成营收50亿元。",
            dt.date(2023, 1, 10),
            (2022, 2023),
        ),
        ("某园区2021年工作总结范文一、2022年工作总结在年度考评中位列第3名。", None, (2022, 2023)),
        ("园区2021年工作总结范文\n2022年工作回顾\n年度考评位列第3名。", dt.date(2023, 1, 9), (2022, 2023)),
        # "2024年，该区还将…实现" plans; it is no statement of results.
        (
            "2024年园区政府工作报告明确目标。\n2024年，园区还将紧盯全年实现工业投资300亿元。",
            None,
            (2023, 2024),
        ),
        # The progress of a year named with its part ("2019年度上半年", "对2009年全年目标任务"), even
        # where the only date known is January of that year.
        ("2019年度上半年经济运行分析。上半年，园区实现税收5亿元。", None, (2019, 2019)),
        ("园区对2009年全年目标任务强攻突破。1-6月份，实现销售83亿元。", dt.date(2009, 1, 15), (2009, 2009)),
        # ... but last year's 1—11月 in a January report review a closed year.
        ("2022年1—11月，园区完成工业产值66亿元。新的一年，要再接再厉。", dt.date(2023, 1, 12), (2022, 2023)),
    ],
)
def test_review_and_plan_years(text: str, published: dt.date | None, years: tuple[int, int]) -> None:
    assert report_years(text, published) == years


def test_publish_date_from_text_with_the_plan_year() -> None:
    meta = describe("1月2日下午，高新区召开2019年度工作总结暨党员冬训大会，部署2020年工作。")
    assert (meta.review_year, meta.plan_year, meta.published) == (2019, 2020, dt.date(2020, 1, 2))


def test_a_given_publish_date_wins_over_the_text() -> None:
    meta = describe("1月2日下午，高新区召开大会，部署2020年工作。", published=dt.date(2020, 1, 3))
    assert meta.published == dt.date(2020, 1, 3)


def test_horizon_years_beyond_the_plan_year() -> None:
    meta = describe("部署2020年工作。到2022年，高新技术企业达到300家；“十四五”期间再上台阶。到2019年已建成。")
    assert meta.horizon_years == [2022, 2025]


def test_speaker_and_meeting() -> None:
    meta = describe(
        "1月8日，澄湖经济开发区2024年度工作总结暨2025年工作部署大会召开。区党工委书记王立新作工作报告。"
        "会议强调，要以奋斗姿态开启新征程。"
    )
    assert meta.speaker == "王立新"
    assert meta.meeting is not None and "工作部署大会" in meta.meeting


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("1月14日，江阴高新区2018年度工作总结暨党员冬训大会召开。高新区全体干部参加。", "江阴高新区"),
        ("常州西太湖科技产业园召开动员部署会。园区将加快建设。", "常州西太湖科技产业园"),
        # Categories and masked names are not a zone: better none than "国家高新区".
        ("与国家高新区“两区”目标相比，与先进发达地区高新区相比，xx高新区还有差距。", None),
    ],
)
def test_zone_from_the_text(text: str, zone: str | None) -> None:
    assert zone_name(text) == zone


def test_zone_hint_wins_over_the_text() -> None:
    text = "江阴高新区召开2020年工作会议，总结2019年工作，部署2020年任务。全区上下要再接再厉。"
    assert parse_bytes(text.encode(), file_type="txt", zone_hint="云溪高新区").zone == "云溪高新区"


def test_meeting_name_replaces_a_lead_paragraph_as_title() -> None:
    lead = (
        "1月8日，中共某市委经济技术开发区工委第一次扩大会议召开，会议回顾总结2021年工作，研究部署2022年任务，"
        "动员全区上下奋力谱写新篇章。"
    )
    parsed = parse_bytes((lead + "\n" + "全区要确保地区生产总值增长6%。" * 3).encode(), file_type="txt")
    assert parsed.title == "中共某市委经济技术开发区工委第一次扩大会议"
    assert (parsed.review_year, parsed.plan_year) == (2021, 2022)
