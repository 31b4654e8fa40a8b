"""The digest as a reader sees it: rendered by headless Chromium, phone-width and desktop."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.compare.changes import update_changes
from monitor.delivery.outbox import deliver_digest
from zonewatch.browser import chromium, screenshot
from zonewatch.settings import load_settings


@pytest.mark.skipif(
    chromium() is None, reason="Debian's chromium is not installed: no browser to render the digest"
)
def test_digest_renders_in_chromium(two_reports: str, tmp_path: Path) -> None:
    update_changes(two_reports)
    page = tmp_path / "digest.html"
    deliver_digest(load_settings({"ZONEWATCH_DB_URL": two_reports}), out=page)
    for width in (390, 900):
        png = tmp_path / f"digest-{width}.png"
        screenshot(
            page.as_uri(), png, width=width, height=1400, profile=tmp_path / f"profile-{width}", timeout=90
        )
        data = png.read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 10_000, "a blank page compresses to almost nothing"


def _page_width(page: Path, width: int, profile: Path) -> int:
    """The width the page's content takes in Chromium when its body is `width` px wide."""
    import re
    import subprocess

    from zonewatch.browser import FLAGS

    probe = page.with_name(f"probe-{width}.html")
    # Headless Chromium will not open a window under 500 px, so the body is held to `width` instead.
    script = (
        f"<style>body{{width:{width}px !important;}}</style>"
        "<script>window.addEventListener('load',()=>{document.body.setAttribute("
        "'data-width',String(document.body.scrollWidth));});</script>"
    )
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8"
    )
    command = [
        str(chromium()),
        *FLAGS,
        f"--user-data-dir={profile}",
        f"--window-size={max(width, 500) + 100},1200",
        "--virtual-time-budget=3000",
        "--dump-dom",
        probe.as_uri(),
    ]
    dom = subprocess.run(command, capture_output=True, timeout=120, check=True, text=True).stdout
    found = re.search(r'data-width="(\d+)"', dom)
    assert found, "the probe script did not run"
    return int(found.group(1))


@pytest.mark.skipif(
    chromium() is None, reason="Debian's chromium is not installed: no browser to render the digest"
)
def test_change_items_fit_a_phone(db_url: str, tmp_path: Path) -> None:
    """Long quotes, tiers and notes wrap inside a 390 px phone screen: nothing scrolls sideways."""
    from tests.monitor.conftest import add_report, rec

    long_clause = "全年新认定高新技术企业40家、入库科技型中小企业130家，新引育各级人才项目20个以上" * 2
    old = [rec("新认定高新技术企业", 40, "家", 2021), rec("地区生产总值增长", 9, "%", 2021)]
    old[0]["text"] = long_clause
    add_report(db_url, 2021, old)
    tiers = [rec("地区生产总值增长", 9, "%", 2023), rec("地区生产总值增长", 12, "%", 2023)]
    for record in tiers:
        record["text"] = "确保地区生产总值增长9%、力争增长12%"
    add_report(db_url, 2023, [*tiers, rec("规模以上工业企业研发机构覆盖率", 65.5, "%", 2023)])
    update_changes(db_url)
    page = tmp_path / "digest.html"
    deliver_digest(load_settings({"ZONEWATCH_DB_URL": db_url}), out=page)
    html = page.read_text(encoding="utf-8")
    assert "缺少2022年的工作报告" in html and "确保9%／力争12%" in html
    for width in (390, 900):
        assert _page_width(page, width, tmp_path / f"probe-profile-{width}") <= width
