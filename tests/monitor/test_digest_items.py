"""The digest's change items as a reader gets them: own clause with the number marked, the change in
% or points, 未再提及 for targets not repeated, one line for a report without numeric targets, and a
missing year named."""

from __future__ import annotations

from pathlib import Path

from monitor.compare.changes import update_changes
from monitor.compare.present import delta, quote
from monitor.delivery.digest import collect
from monitor.delivery.outbox import deliver_digest
from monitor.delivery.render import render_text
from storage.db import session_scope
from tests.monitor.conftest import add_report, rec
from zonewatch.settings import load_settings

LIST = "全年新认定高新技术企业40家、入库科技型中小企业130家，新引育各级人才项目20个以上"


def digest_of(db_url: str, tmp_path: Path) -> tuple[str, str]:
    update_changes(db_url)
    with session_scope(db_url) as session:
        text = render_text(collect(session))
    page = tmp_path / "digest.html"
    deliver_digest(load_settings({"ZONEWATCH_DB_URL": db_url}), out=page)
    return page.read_text(encoding="utf-8"), text


def test_each_item_quotes_its_own_clause() -> None:
    assert quote(LIST, 130) == {"before": "入库科技型中小企业", "number": "130", "after": "家"}
    assert quote(LIST, 20) == {"before": "新引育各级人才项目", "number": "20", "after": "个以上"}
    assert quote("地区生产总值增长7.5%", 7.5)["number"] == "7.5"
    assert quote("没有这个数", 12)["number"] == ""
    assert quote("到2040年建成140家、40个", 40) == {"before": "", "number": "40", "after": "个"}


def test_change_in_points_or_per_cent() -> None:
    assert delta({"value": 7, "unit": "%"}, {"value": 7.5, "unit": "%"}) == "+0.5个百分点"
    assert delta({"value": 40, "unit": "家"}, {"value": 45, "unit": "家"}) == "+12.5%"
    assert delta({"value": 50000, "unit": "万元"}, {"value": 6, "unit": "亿元"}) == "+20.0%"
    assert delta({"value": 6, "unit": "亿元"}, {"value": 6, "unit": "亿元"}) == "持平"
    assert delta({"value": 6, "unit": "亿元"}, {"value": 6, "unit": "家"}) is None


def test_items_in_html_and_text(db_url: str, tmp_path: Path) -> None:
    older = rec("入库科技型中小企业", 130, "家", 2023)
    older["text"] = LIST
    add_report(db_url, 2023, [older, rec("建成标准厂房", 15, "万平方米", 2023)])
    newer = rec("入库科技型中小企业", 150, "家", 2024)
    newer["text"] = "全年新认定高新技术企业45家、入库科技型中小企业150家"
    add_report(db_url, 2024, [newer, rec("入库科技型中小企业", 131, "家", 2023, "actual")])
    html, text = digest_of(db_url, tmp_path)
    assert "入库科技型中小企业<b" in html and ">150</b>家" in html, "the number of its own clause is marked"
    assert "新认定高新技术企业45家" not in html, "a neighbour's clause is not quoted under the item"
    assert "未再提及（1）" in html and "取消（" not in html
    assert "（+15.4%）" in html and "（+0.8%）" in html
    # Judged (131 against 130) and set again (150): one story, under 完成, the re-set on its line.
    assert (
        "- 入库科技型中小企业：2023年目标 130家，实际 131家（+0.8%），完成；2024年目标上调为 150家（+15.4%）"
        in text
    )
    assert "130家 → 150家" not in text and "[调整]" not in text
    assert "新目标：“入库科技型中小企业【150】家”" in text
    assert "[未再提及]" in text and "- 建成标准厂房：原目标 15万平方米" in text


def test_a_missing_year_is_named_and_not_judged(db_url: str, tmp_path: Path) -> None:
    add_report(db_url, 2021, [rec("新认定高新技术企业", 40, "家", 2021)])
    add_report(
        db_url,
        2023,
        [rec("新认定高新技术企业", 50, "家", 2023), rec("新认定高新技术企业", 38, "家", 2022, "actual")],
    )
    html, text = digest_of(db_url, tmp_path)
    line = "缺少2022年的工作报告：本次比较2021年与2023年的报告，不判断目标完成情况。"
    assert line in html and line in text
    assert "完成（" not in html and "未完成（" not in html


def test_no_numeric_targets_is_one_line(db_url: str, tmp_path: Path) -> None:
    add_report(
        db_url, 2023, [rec("新认定高新技术企业", 40, "家", 2023), rec("建成标准厂房", 15, "万平方米", 2023)]
    )
    add_report(db_url, 2024, [rec("新认定高新技术企业", 41, "家", 2023, "actual")])
    html, text = digest_of(db_url, tmp_path)
    line = "新报告未提出量化目标，上一份报告的2项目标不逐条列为未再提及。"
    assert line in html and line in text
    assert "未再提及（" not in html and "完成（1）" in html


def test_links_to_the_page_and_the_attachment(db_url: str, tmp_path: Path) -> None:
    from sqlalchemy import select

    from storage.models import Report

    add_report(db_url, 2023, [rec("新认定高新技术企业", 40, "家", 2023)])
    add_report(
        db_url, 2024, [rec("新认定高新技术企业", 45, "家", 2024)], url="https://zone.example.cn/art/2024.html"
    )
    with session_scope(db_url) as session:
        report = session.scalar(select(Report).where(Report.plan_year == 2024))
        assert report is not None
        report.meta = {"source_url": "https://zone.example.cn/att/2024.pdf"}
    html, text = digest_of(db_url, tmp_path)
    assert 'href="https://zone.example.cn/art/2024.html"' in html
    assert 'href="https://zone.example.cn/att/2024.pdf"' in html and ">附件</a>" in html
    assert "附件：https://zone.example.cn/att/2024.pdf" in text
