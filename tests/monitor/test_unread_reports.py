"""A report published only as an attachment zonewatch cannot read is never called overdue: source
health says it was found and could not be read (case 19's kind, with sites of our own: a readable
OFD beside .et/.wps files, an image-only OFD, a report only as .wps). Real crawl, parse and health."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from mirror.demo_sites import write_sites_file
from mirror.server import MirrorServer
from monitor.health.alerts import tonight
from monitor.health.sources import assess
from parsers.stage import parse_documents
from storage.db import session_scope
from storage.models import Document
from tests.crawlers.conftest import run_crawl
from tests.monitor.seed import night_moment

KEYS = ("ofdreport", "ofdscan", "wpsreport")
AFTER_DUE = night_moment(dt.date(2025, 3, 5))  # past the default due date (end of February)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("unread")
    db_url = f"sqlite:///{tmp / 'zonewatch.db'}"
    with MirrorServer(fixtures=True, demo=False) as mirror:
        result = run_crawl(write_sites_file(mirror, tmp / "sites.yaml", KEYS), db_url)
    assert result.code == 0, result.stderr[-2000:]
    parse_documents(db_url)
    yield db_url


def test_attachments_are_named_and_the_ofd_report_is_read(crawled: str) -> None:
    with session_scope(crawled) as session:
        files = {
            d.filename: (d.file_type, d.parse_status)
            for d in session.scalars(select(Document).where(Document.kind == "attachment"))
        }
    assert files == {
        "示例科技园2025年工作报告.ofd": ("ofd", "ok"),
        "主要指标表.et": ("et", "unsupported"),
        "工作报告解读.wps": ("wps", "unsupported"),
        "示例物流园2025年工作报告.ofd": ("ofd", "needs-ocr"),
        "示例航空港区2025年工作报告.wps": ("wps", "unsupported"),
    }


def test_health_says_found_and_unreadable_instead_of_overdue(crawled: str) -> None:
    with session_scope(crawled) as session:
        report = assess(session, AFTER_DUE)
    zones = report.zones
    assert zones["示例科技园"].has_current_report and zones["示例科技园"].unread is None
    for zone, words in (("示例物流园", "OFD附件"), ("示例航空港区", "WPS附件")):
        health = zones[zone]
        assert not health.overdue and not health.has_current_report
        assert health.unread is not None and health.unread.startswith(f"2025 年工作报告已发布（{words}")
    kinds = {(p.kind, p.subject) for p in report.problems}
    assert kinds == {("report_unreadable", "示例物流园"), ("report_unreadable", "示例航空港区")}, kinds
    scan = next(p for p in report.problems if p.subject == "示例物流园")
    assert scan.summary.endswith("未能解析：没有文字层，需要OCR") and scan.detail["url"].endswith(".ofd")


def test_the_digest_health_section_tells_the_reader(crawled: str) -> None:
    with session_scope(crawled) as session:
        section = tonight(session, AFTER_DUE)
    lines = {(item.label, item.subject): item.summary for item in section.new}
    assert ("报告无法解析", "示例航空港区") in lines and ("报告无法解析", "示例物流园") in lines
    assert not any(label == "年度报告逾期" for label, _ in lines)
