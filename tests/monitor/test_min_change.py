"""`min_change` means points for a percentage and a relative move for an amount (issue 22, point 4).

It was relative everywhere, so a growth target cut from 8 % to 7.5 % (half a point) counted as a
6 % move and reached a reader who asked for moves of at least one point. The nights here run the
real diff and the real digest delivery into an SMTP server on loopback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.compare.changes import update_changes
from monitor.delivery.outbox import deliver_digest
from tests.monitor.conftest import add_report, rec
from zonewatch.settings import load_settings
from zonewatch.sites import SiteConfig

LAKE = SiteConfig(name="lake", zone="澄湖经济开发区", start_urls=["http://127.0.0.1:9/lake/"])

SUBSCRIPTIONS = """
subscriptions:
  - email: points@example.cn      # growth rates moved by one point or more
    metrics: [增速]
    min_change: 1%
  - email: amounts@example.cn     # output moved by 5 % or more of its old value
    metrics: [总产值]
    min_change: 5%
"""


def _mail(inbox) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {rcpts[0]: message.get_body(("plain",)).get_content() for _, rcpts, message in inbox.messages}


@pytest.fixture
def two_zones_moved(db_url: str) -> str:
    """示例高新区: growth 8 % → 7.5 % (0.5 points), output 100 → 104 亿元 (4 %);
    澄湖经济开发区: growth 8 % → 6.5 % (1.5 points), output 100 → 106 亿元 (6 %)."""
    for site, (growth, output) in ((None, (7.5, 104)), (LAKE, (6.5, 106))):
        where = {} if site is None else {"site": site}
        add_report(
            db_url,
            2023,
            [rec("地区生产总值增速", 8, "%", 2023), rec("工业总产值", 100, "亿元", 2023)],
            **where,
        )
        add_report(
            db_url,
            2024,
            [rec("地区生产总值增速", growth, "%", 2024), rec("工业总产值", output, "亿元", 2024)],
            **where,
        )
    update_changes(db_url)
    return db_url


def test_points_for_a_rate_and_a_relative_move_for_an_amount(
    two_zones_moved: str, smtp_server, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_server
    subscriptions = tmp_path / "subs.yaml"
    subscriptions.write_text(SUBSCRIPTIONS, encoding="utf-8")
    settings = load_settings(
        {
            "ZONEWATCH_DB_URL": two_zones_moved,
            "ZONEWATCH_SMTP_URL": f"smtp://127.0.0.1:{port}",
            "ZONEWATCH_SUBSCRIPTIONS": str(subscriptions),
        }
    )
    result = deliver_digest(settings, send=True)
    assert result["error"] is None, result
    mail = _mail(inbox)
    assert set(mail) == {"points@example.cn", "amounts@example.cn"}
    points = mail["points@example.cn"]
    assert "澄湖经济开发区" in points and "地区生产总值增速" in points, "8 % → 6.5 %: 1.5 points"
    assert "示例高新区" not in points, "8 % → 7.5 % is half a point, not the 6 % a relative move would say"
    amounts = mail["amounts@example.cn"]
    assert "澄湖经济开发区" in amounts and "工业总产值" in amounts, "100 → 106 亿元: 6 %"
    assert "示例高新区" not in amounts, "100 → 104 亿元: 4 %, under 5 %"


@pytest.mark.parametrize(
    ("metric", "unit", "before", "after", "size"),
    [
        ("地区生产总值增速", "%", 8, 7.5, 0.005),
        ("研发投入占比", "", 3.2, 3.5, 0.003),  # a share without a unit is a percentage too
        ("进出口增长", "个百分点", 2, 3, 0.01),
        ("工业总产值", "亿元", 100, 106, 0.06),
        ("地区生产总值增速", "%", None, 7.5, None),  # masked: size unknown, shown
    ],
)
def test_move_size(metric: str, unit: str, before: float | None, after: float, size: float | None) -> None:
    from monitor.delivery.digest import relative_move
    from monitor.delivery.subscriptions import move_size

    previous, current = {"value": before}, {"value": after}
    item = {
        "metric": metric,
        "unit": unit,
        "previous": previous,
        "current": current,
        "relative": relative_move(previous, current),
    }
    assert move_size(item) == (None if size is None else pytest.approx(size))
