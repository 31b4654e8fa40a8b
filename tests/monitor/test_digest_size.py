"""A digest never too big to read: over the cap, targets and large moves stay, the rest are counted and linked."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from monitor.delivery.outbox import deliver_digest
from storage.db import session_scope
from storage.models import Change
from zonewatch.settings import load_settings


def _side(value: float, kind: str, year: int) -> dict:
    return {
        "metric": "m",
        "value": value,
        "kind": kind,
        "year": year,
        "comparator": "=",
        "text": f"原文{value}",
    }


def _many_changes(db_url: str, zones: int = 30, per_zone: int = 40) -> None:
    """Per zone: raised targets (moves of 1 % … per_zone %), and as many met reviews."""
    with session_scope(db_url) as session:
        for z in range(zones):
            zone = f"测试园区{z:02d}"
            for i in range(1, per_zone + 1):
                session.add(
                    Change(
                        key=f"{z}-c-{i}",
                        zone=zone,
                        year=2025,
                        metric=f"指标{z:02d}号第{i:02d}项",
                        unit="亿元",
                        change="changed",
                        direction="up",
                        previous=_side(100, "target", 2024),
                        current=_side(100 + i + z / 100, "target", 2025),
                    )
                )
                session.add(
                    Change(
                        key=f"{z}-m-{i}",
                        zone=zone,
                        year=2024,
                        metric=f"实绩{z:02d}号第{i:02d}项",
                        unit="亿元",
                        change="met",
                        previous=_side(100, "target", 2024),
                        current=_side(150, "actual", 2024),
                    )
                )


def test_a_big_night_keeps_targets_and_large_moves_and_links_the_rest(
    db_url: str, smtp_server, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_server
    _many_changes(db_url)
    settings = load_settings(
        {
            "ZONEWATCH_DB_URL": db_url,
            "ZONEWATCH_SMTP_URL": f"smtp://127.0.0.1:{port}",
            "ZONEWATCH_MAIL_TO": "analyst@example.cn",
            "ZONEWATCH_UI_URL": "http://zonewatch.example.cn/zonewatch/zone/{zone}",
        }
    )
    out = tmp_path / "digest.html"
    result = deliver_digest(settings, send=True, out=out)
    assert result["changes"] == 2400 and result["sent"] == 1 and result["omitted"] > 0
    html = inbox.messages[0][2].get_body(("html",)).get_content()
    text = inbox.messages[0][2].get_body(("plain",)).get_content()
    assert 60_000 < len(html.encode()) <= 90_000, len(html.encode())
    assert out.read_text(encoding="utf-8").strip() == html.replace("\r\n", "\n").strip()
    shown = set(re.findall(r"<b>(指标\d\d号第(\d\d)项)</b>", html))
    assert shown and "实绩" not in html, "targets before actuals: no review fits while targets are left out"
    smallest_shown = min(int(i) for _, i in shown)
    omitted_moves = {(z, i) for z in range(30) for i in range(1, 41)} - {
        (int(name[2:4]), int(i)) for name, i in shown
    }
    assert all(i <= smallest_shown for _, i in omitted_moves), "larger moves first"
    assert f"另有 <b>{result['omitted']}</b> 项未列出" in html and str(result["omitted"]) in text
    assert 'href="http://zonewatch.example.cn/zonewatch/zone/%E6%B5%8B%E8%AF%95%E5%9B%AD%E5%8C%BA00"' in html
    with session_scope(db_url) as session:
        unclaimed = session.scalar(select(func.count()).select_from(Change).where(Change.digest_id.is_(None)))
    assert unclaimed == 0, "the left-out items belong to this digest: counted and linked, not mailed again"


def test_a_small_night_is_left_whole(two_reports: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from monitor.compare.changes import update_changes

    update_changes(two_reports)
    out = tmp_path / "digest.html"
    result = deliver_digest(load_settings({"ZONEWATCH_DB_URL": two_reports}), out=out)
    assert result["omitted"] == 0 and "未列出" not in out.read_text(encoding="utf-8")


def test_without_a_ui_url_the_note_says_how_to_see_the_rest(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _many_changes(db_url, zones=4, per_zone=30)
    settings = load_settings({"ZONEWATCH_DB_URL": db_url, "ZONEWATCH_DIGEST_MAX_BYTES": "20000"})
    out = tmp_path / "digest.html"
    result = deliver_digest(settings, out=out)
    html = out.read_text(encoding="utf-8")
    assert result["omitted"] > 0 and len(html.encode()) <= 20_000
    assert "zonewatch diff --zone" in html and 'href="None"' not in html


def test_the_ui_url_is_the_zone_pages_base(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _many_changes(db_url, zones=4, per_zone=30)
    settings = load_settings(
        {
            "ZONEWATCH_DB_URL": db_url,
            "ZONEWATCH_DIGEST_MAX_BYTES": "20000",
            "ZONEWATCH_UI_URL": "http://airflow.example.cn:8080/zonewatch/",
        }
    )
    out = tmp_path / "digest.html"
    deliver_digest(settings, out=out)
    html = out.read_text(encoding="utf-8")
    assert 'href="http://airflow.example.cn:8080/zonewatch/"' in html, "the all-zones page"
    assert 'href="http://airflow.example.cn:8080/zonewatch/zones/%E6%B5%8B%E8%AF%95%E5%9B%AD%E5%8C%BA' in html
