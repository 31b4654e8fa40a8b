"""The analyst's workspace on a real database (SQLite and PostgreSQL): filters and sorting in the URL,
one indicator across zones, the report card, and exports that match their page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from monitor.compare.changes import update_changes
from storage.db import session_scope
from storage.models import CrawlRun
from tests.monitor.seed import record, seed_report, seed_site
from tests.zonewatch_ui.conftest import NOW
from zonewatch_ui.app import create_app


@pytest.fixture
def workspace_db(zones_db: str) -> str:
    """The two zones of conftest plus 青川高新区 (registered, 省级) whose 高企 target went down, and
    澄湖 written by its alias (澄湖经开区) in the sites file's place."""
    seed_site(zones_db, "qc-site", "青川高新区")
    seed_report(
        zones_db,
        "qc-site",
        "青川高新区",
        2025,
        dt.date(2025, 2, 1),
        [record("新认定高企", 30, "家", 2025), record("地区生产总值增长", 7, "%", 2025)],
    )
    seed_report(
        zones_db,
        "qc-site",
        "青川高新区",
        2026,
        dt.date(2026, 2, 3),
        [
            record("新认定高企", 33, "家", 2025, "actual"),
            record("新认定高企", 25, "家", 2026),
            record("高新技术企业总数", 400, "家", 2026),
        ],
    )
    update_changes(zones_db)
    return zones_db


def client(db_url: str) -> TestClient:
    return TestClient(create_app(db_url, NOW))


def zone_names(html: str) -> list[str]:
    return re.findall(r'<td class="nowrap lead"><a href="zones/[^"]+">([^<]+)</a>', html)


def test_all_zones_filter_search_and_sort_live_in_the_url(workspace_db: str) -> None:
    web = client(workspace_db)
    assert zone_names(web.get("/").text) == ["临江开发区", "云溪高新区", "青川高新区"]
    assert zone_names(web.get("/?level=省级").text) == ["青川高新区"]
    assert zone_names(web.get("/?province=示例甲省&type=高新区").text) == ["云溪高新区", "青川高新区"]
    assert zone_names(web.get("/?province=未登记").text) == ["临江开发区"], "zones the registry lacks"
    # Search by an alias or the full name, as registered.
    assert zone_names(web.get("/?q=" + quote("青川高新技术产业开发区")).text) == ["青川高新区"]
    # Sorted by publication date, newest first; the column header links to the other direction.
    page = web.get("/?sort=published&order=desc&level=国家级").text
    assert zone_names(web.get("/?sort=published&order=desc").text) == [
        "青川高新区",
        "云溪高新区",
        "临江开发区",
    ]
    assert 'href="?level=%E5%9B%BD%E5%AE%B6%E7%BA%A7&amp;sort=published"' in page, "filters kept, order flips"
    assert zone_names(web.get("/?sort=missed&order=desc").text)[0] == "云溪高新区"  # 7.2% against 8%
    # The filter form keeps the state, so a shared URL shows the same view.
    assert '<option value="省级" selected>' in web.get("/?level=省级").text


def test_all_zones_reads_at_phone_width_without_a_script(workspace_db: str) -> None:
    html = client(workspace_db).get("/").text
    assert "<script" not in html.lower()
    assert '<meta name="viewport" content="width=device-width' in html
    assert "@media (max-width:640px)" in html and 'table class="reflow"' in html
    assert 'data-label="健康状况"' in html, "each cell names its column once the table reflows into cards"


def test_indicator_across_zones_uses_the_matchers_synonyms(workspace_db: str) -> None:
    web = client(workspace_db)
    html = web.get("/indicators?metric=" + quote("新认定高新技术企业")).text
    # 新认定高企 (青川) and 高新技术企业新认定 / 新认定高新技术企业 (云溪) are one indicator; 高新技术企业总数 is not.
    assert zone_names(html) == ["云溪高新区", "青川高新区"], "sorted by target, highest first"
    assert "高新技术企业总数" not in html
    yunxi, qingchuan = html.split('<td class="nowrap lead">')[1:3]
    assert "≥55家" in yunxi and "2026年" in yunxi and "+10.0%" in yunxi and "52家" in yunxi
    assert "25家" in qingchuan and "-16.7%" in qingchuan and "↓" in qingchuan, "lowered from 30 to 25"
    assert "“2026年新认定高企25家”" in qingchuan and "report-2026.html" in qingchuan
    by_change = zone_names(
        web.get("/indicators?metric=" + quote("新认定高企") + "&sort=change&order=asc").text
    )
    assert by_change == ["青川高新区", "云溪高新区"], "who lowered their target comes first"
    year = web.get("/indicators?metric=" + quote("新认定高企") + "&year=2025").text
    assert "50家" in year and "30家" in year and "≥55" not in year, "the 2025 targets"
    assert zone_names(web.get("/indicators?metric=" + quote("新认定高企") + "&level=省级").text) == [
        "青川高新区"
    ]


def test_indicator_chart_has_labelled_zones_and_a_value_axis_with_its_unit(workspace_db: str) -> None:
    html = client(workspace_db).get("/indicators?metric=" + quote("新认定高企")).text
    svg = ElementTree.fromstring(re.search(r"<svg.*?</svg>", html, re.S).group(0))  # type: ignore[union-attr]
    texts = {t.get("class"): [] for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    for t in svg.iter("{http://www.w3.org/2000/svg}text"):
        texts[t.get("class")].append(t.text)
    assert texts["zone"] == ["云溪高新区", "青川高新区"] and texts["unit"] == ["单位：家"]
    assert texts["tick"] == ["0", "20", "40", "60"], "round ticks from zero past the highest target (55)"


def test_zone_page_card_counts_and_statuses(workspace_db: str) -> None:
    html = client(workspace_db).get("/zones/" + quote("云溪高新区")).text
    card = html.split("目标兑现记录")[1].split("最新变化")[0]
    assert "完成 2，未完成 1，无法判断 0，未再提及 1，未到期 2" in card
    assert card.count('class="tag ok">完成<') == 2 and card.count('class="tag info">未到期<') == 2
    assert "取消" not in html, "a target not repeated is 未再提及, never cancelled"
    linjiang = client(workspace_db).get("/zones/" + quote("临江开发区")).text
    assert "尚无回顾2025年的报告" in linjiang.split("目标兑现记录")[1], "a year over, unjudged: said why"
    assert "未在园区名录中登记" in linjiang


def test_times_on_the_pages_are_beijing_times(workspace_db: str) -> None:
    with session_scope(
        workspace_db
    ) as session:  # a crawl that ended at 18:30 UTC: 02:30 the next day in Beijing
        run = session.query(CrawlRun).order_by(CrawlRun.id.desc()).first()
        assert run is not None
        run.finished_at = dt.datetime(2026, 3, 31, 18, 30)
    web = client(workspace_db)
    assert "最近抓取 2026-04-01 02:30" in web.get("/").text
    assert "2026-04-01 02:30" in web.get("/zones/" + quote("临江开发区")).text


def test_exports_carry_the_pages_rows_with_a_bom_and_as_xlsx(workspace_db: str) -> None:
    web = client(workspace_db)
    response = web.get("/export.csv?level=" + quote("国家级"))
    assert response.status_code == 200 and response.content.startswith("\ufeff".encode())
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["园区", "全称", "省份", "城市", "级别", "类型"]
    assert (
        [r[0] for r in rows[1:]] == zone_names(web.get("/?level=" + quote("国家级")).text) == ["云溪高新区"]
    )
    xlsx = web.get("/indicators/export.xlsx?metric=" + quote("新认定高企") + "&sort=change&order=asc")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "园区" and [v[0] for v in values[1:]] == ["青川高新区", "云溪高新区"]
    assert isinstance(values[1][values[0].index("目标值")], (int, float)), "numbers stay numbers"
    card = web.get("/zones/" + quote("云溪高新区") + "/card.xlsx")
    book = load_workbook(io.BytesIO(card.content))
    assert book.sheetnames == ["目标兑现-云溪高新区", "按年统计"]
    results = [row[4] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert sorted(results) == sorted(["完成", "未完成", "未再提及", "完成", "未到期", "未到期"])
    assert web.get("/export.pdf").status_code == 404


def test_a_report_whose_text_names_another_registered_zone_is_flagged(workspace_db: str) -> None:
    """The zone a document's text names resolves through the registry (江阴高新技术产业开发区 is
    江阴高新区); the page says when a zone's report is about another zone."""
    from storage.models import Report

    with session_scope(workspace_db) as session:
        for report in session.query(Report).filter(Report.zone == "青川高新区"):
            text = "江阴高新技术产业开发区" if report.plan_year == 2026 else "青川高新技术产业开发区"
            report.meta = {**(report.meta or {}), "text_zone": text}
    html = client(workspace_db).get("/zones/" + quote("青川高新区")).text
    reports = html.split("历年工作报告")[1].split("</table>")[0]
    assert reports.count("正文所说的园区是") == 1 and "正文所说的园区是江阴高新区" in reports
