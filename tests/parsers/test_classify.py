"""Work report or ordinary news: decided from the content, not the title."""

from __future__ import annotations

import pytest

from parsers.document import parse_bytes

NEWS = {
    "safety meeting": "园区召开2024年安全生产工作会议。会议传达了上级精神，要求各企业压实安全责任，"
    "开展隐患排查，确保春节期间安全形势稳定。共200余人参加会议。",
    "notice": "关于召开2023年度工作总结大会的通知。各部门：定于1月10日上午9时在园区会议中心召开2023年度工作总结大会，"
    "请各单位主要负责人准时参加。特此通知。",
    "bulletin": "1—10月，园区规上工业产值完成412亿元，同比增长6.3%；固定资产投资完成98亿元，同比增长4.1%。",
    "mid-year meeting": "示例高新区召开2023年上半年工作总结暨下半年工作推进会\n7月10日，示例高新区召开上半年工作总结会议，"
    "回顾上半年工作，部署下半年任务。上半年，全区实现地区生产总值150亿元，同比增长6.5%；新认定高新技术企业20家。"
    "下半年，全区要确保全年地区生产总值增长7%，力争新认定高新技术企业40家，固定资产投资增长10%。"
    "全区上下要咬定目标不放松，奋力冲刺全年目标任务，确保完成年初确定的各项目标。" * 2,
    "signing": "3月8日，园区与某新材料企业签约，总投资20亿元的高端膜材料项目落户园区，达产后可实现年产值30亿元。",
}

REPORT = (
    "2020年，示例高新区：争当创新先行军\n"
    "1月2日，高新区召开2019年度工作总结暨党员冬训大会，总结2019年工作，部署2020年任务。\n"
    "回顾2019年，全区预计全年实现地区生产总值320亿元，同比增长7%；新认定高新技术企业49家，新增发明专利141件。"
    "全区上下保持定力、顶住压力，项目攻坚取得新成效，创新转型迈出新步伐，民生实事扎实推进。\n"
    "2020年，全区要确保新认定高新技术企业40家，入库科技型中小企业130家，新引育各级人才项目20个以上，"
    "力争一般公共预算收入增长6%。全区上下要坚持稳中求进，着力推进项目攻坚和创新提质。\n"
) * 2


@pytest.mark.parametrize("name", list(NEWS))
def test_news_is_not_a_report(name: str) -> None:
    parsed = parse_bytes(NEWS[name].encode(), url="http://127.0.0.1/n.txt", file_type="txt")
    assert not parsed.is_report, (name, parsed.report_score)


def test_slogan_titled_report_is_a_report() -> None:
    parsed = parse_bytes(REPORT.encode(), url="http://127.0.0.1/r.txt", file_type="txt")
    assert parsed.is_report and parsed.report_score >= 0.8
    assert (parsed.review_year, parsed.plan_year) == (2019, 2020)
    assert parsed.meeting and "冬训大会" in parsed.meeting


COMBINED_BODY = (
    "会议回顾了2023年工作。2023年，全区实现地区生产总值210亿元，同比增长6.8%；新认定高新技术企业35家。"
    "会议部署了2024年工作。2024年，全区要确保地区生产总值增长7%，新认定高新技术企业40家，"
    "力争一般公共预算收入增长5%。全区上下要坚持稳中求进，着力推进项目攻坚和创新提质，"
    "持之以恒正风肃纪，一体推进不敢腐、不能腐、不想腐。\n"
) * 3


@pytest.mark.parametrize(
    "title",
    [
        "示例经开区召开2024年经济工作暨党风廉政建设工作会议",
        "示例高新区2023年度总结表彰暨安全生产工作会议",
        "示例园区召开党风廉政建设暨2024年经济社会发展工作会议",
    ],
)
def test_combined_meeting_is_a_report(title: str) -> None:
    """A year's report held together with a single-topic meeting is still the year's report."""
    parsed = parse_bytes(
        (title + "\n" + COMBINED_BODY).encode(), url="http://127.0.0.1/c.txt", file_type="txt"
    )
    assert parsed.is_report, (title, parsed.report_score)


def test_single_topic_meeting_alone_is_not_a_report() -> None:
    text = (
        "示例经开区召开2024年党风廉政建设工作会议\n会议传达学习了上级纪委全会精神，部署全年党风廉政建设和反腐败工作。"
        * 3
    )
    parsed = parse_bytes(text.encode(), url="http://127.0.0.1/d.txt", file_type="txt")
    assert not parsed.is_report, parsed.report_score


def test_score_parts_add_up_to_the_score() -> None:
    from parsers.classify import report_score, score_parts

    parts = score_parts(REPORT, None, [{"kind": "target", "value": 1}] * 3)
    assert ("回顾上年", 0.2) in parts and ("部署新年", 0.2) in parts
    assert report_score(REPORT, None, [{"kind": "target", "value": 1}] * 3) == round(
        min(1.0, sum(p for _, p in parts)), 3
    )
