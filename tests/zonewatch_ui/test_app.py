"""The zone pages' FastAPI app against a real database (SQLite and PostgreSQL), through TestClient."""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi.testclient import TestClient

from monitor.health.alerts import tonight
from storage.db import session_scope
from tests.zonewatch_ui.conftest import NOW
from zonewatch_ui.app import create_app


def client(db_url: str) -> TestClient:
    return TestClient(create_app(db_url, NOW))


def test_all_zones_page_lists_newest_report_records_health_and_quiet_days(zones_db: str) -> None:
    with session_scope(zones_db) as session:  # the night's digest refreshes the stored health
        tonight(session, NOW)
    response = client(zones_db).get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    rows = dict(re.findall(r'<a href="zones/([^"]+)">([^<]+)</a>', html))
    assert set(rows.values()) == {"云溪高新区", "临江开发区"}
    yunxi = html.split(">云溪高新区</a>")[1].split("</tr>")[0]
    assert "2026 年" in yunxi and "report-2026.html" in yunxi and "正常" in yunxi
    assert '"目标数">2 项' in yunxi, "the 2026 report sets two targets (and states one actual)"
    assert "示例甲省" in yunxi and "国家级" in yunxi, "its registry entry"
    assert "71 天" in yunxi, "last new document 20 January (its report), page on 1 April (Beijing)"
    linjiang = html.split(">临江开发区</a>")[1].split("</tr>")[0]
    assert "年度报告逾期" in linjiang and "连续 3 晚抓取失败" in linjiang and "connection refused" in linjiang


def test_zone_page_reports_indicators_chart_outcomes_and_changes(zones_db: str) -> None:
    response = client(zones_db).get("/zones/" + quote("云溪高新区"))
    assert response.status_code == 200
    html = response.text
    assert [
        int(y) for y in re.findall(r'<td class="nowrap">(\d{4})</td>\s*<td><a href="[^"]*report-', html)
    ] == [
        2026,
        2025,
        2024,
    ], "reports newest first"
    # 新认定高新技术企业 and 高新技术企业新认定 are one indicator across three reports, with a chart.
    card = html.split("<b>新认定高新技术企业</b>")[1].split('<div class="card">')[0]
    assert "<svg" in card and card.count("<circle") == 5  # targets 2024–2026, actuals 2024–2025
    assert "≥55" in card and ">43<" in card and ">52<" in card
    outcomes = html.split("目标兑现记录")[1].split("最新变化")[0]
    assert "完成" in outcomes and "未完成" in outcomes  # 43 ≥ 40 met; 7.2% < 8% missed
    assert "2024年报告：“2024年新认定高新技术企业40家”" in outcomes
    changes = html.split("最新变化")[1]
    assert "研发投入强度" in changes and "来源" in changes and "report-2026.html" in changes


def test_unknown_zone_is_404_and_unreachable_database_is_503_without_details(zones_db: str) -> None:
    assert client(zones_db).get("/zones/" + quote("不存在园区")).status_code == 404
    unreachable = "postgresql+psycopg://zonewatch@127.0.0.1:1/zonewatch"  # nothing listens on port 1
    for path in ("/", "/zones/" + quote("云溪高新区")):
        response = TestClient(create_app(unreachable, NOW)).get(path)
        assert response.status_code == 503 and "数据库暂不可用" in response.text
        assert "127.0.0.1:1" not in response.text and "Traceback" not in response.text


def test_pages_show_only_what_the_digest_mails(zones_db: str) -> None:
    """The pages are outside Airflow's login: no raw text, site configuration or database address."""
    html = client(zones_db).get("/").text + client(zones_db).get("/zones/" + quote("云溪高新区")).text
    assert '127.0.0.1:9/yx-site/"' not in html, "the site's start URL is configuration"
    assert zones_db not in html and "sqlite" not in html.lower() and "postgresql" not in html.lower()
    assert "<script" not in html.lower()
    # Nothing but GET: read-only.
    assert client(zones_db).post("/").status_code == 405


def test_zone_page_dates_verdicts_by_the_year_judged_and_never_says_cancelled(zones_db: str) -> None:
    html = client(zones_db).get("/zones/" + quote("云溪高新区")).text
    outcomes = html.split("目标兑现记录")[1].split("最新变化")[0]
    rows = [
        (y, m.strip())
        for y, m in re.findall(
            r'<td class="nowrap" data-label="目标年份">(\d{4})</td>\s*<td class="lead">([^<]+)', outcomes
        )
    ]
    # 43 against the 2024 target is the 2024 verdict (the 2025 report says it), 52 the 2025 one.
    assert ("2024", "新认定高新技术企业") in rows and ("2025", "高新技术企业新认定") in rows, rows
    assert ("2026", "高新技术企业新认定") not in rows
    # The re-set of a judged target rides on its verdict, as in the digest: one story per target.
    assert "2025年目标上调为 50家" in outcomes and "2026年目标上调为 ≥55家" in outcomes
    changes = html.split("最新变化")[1]
    assert "未再提及" in changes and "新建5G基站" in changes
    assert "取消" not in html, "a target a report stopped mentioning is not cancelled"
