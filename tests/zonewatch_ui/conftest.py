"""A database with two zones' reports, changes and crawl history, for the zone pages."""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.compare.changes import update_changes
from tests.monitor.seed import record, seed_nights, seed_report, seed_site

# Fixed "now" for the pages: 1 April 2026, Beijing morning.
NOW = dt.datetime(2026, 3, 31, 22, 0)


@pytest.fixture
def zones_db(db_url: str) -> str:
    """Two zones on each backend."""
    return seed_zones(db_url)


def seed_zones(db_url: str) -> str:
    seed_site(db_url, "yx-site", "云溪高新区")
    seed_site(db_url, "lk-site", "临江开发区")
    seed_report(
        db_url,
        "yx-site",
        "云溪高新区",
        2024,
        dt.date(2024, 1, 15),
        [record("新认定高新技术企业", 40, "家", 2024), record("规上工业增加值增长", 8, "%", 2024)],
    )
    seed_report(
        db_url,
        "yx-site",
        "云溪高新区",
        2025,
        dt.date(2025, 1, 14),
        [
            record("新认定高新技术企业", 43, "家", 2024, "actual"),
            record("规上工业增加值增长", 7.2, "%", 2024, "actual"),
            record("高新技术企业新认定", 50, "家", 2025),
            record("新建5G基站", 300, "个", 2025),
        ],
    )
    seed_report(
        db_url,
        "yx-site",
        "云溪高新区",
        2026,
        dt.date(2026, 1, 20),
        [
            record("新认定高新技术企业", 52, "家", 2025, "actual"),
            record("新认定高新技术企业", 55, "家", 2026, comparator=">="),
            record("研发投入强度", 3.5, "%", 2026),
        ],
    )
    # 临江 published in January before and has no 2026 report by April: overdue; its site is down.
    seed_report(
        db_url,
        "lk-site",
        "临江开发区",
        2025,
        dt.date(2025, 1, 8),
        [record("固定资产投资", 120, "亿元", 2025)],
    )
    seed_nights(db_url, "yx-site", dt.date(2026, 3, 20), ["ok"] * 12)
    seed_nights(db_url, "lk-site", dt.date(2026, 3, 20), ["ok"] * 9 + ["failed: connection refused"] * 3)
    update_changes(db_url)
    return db_url
