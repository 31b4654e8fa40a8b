"""A real `airflow standalone` (free port, throwaway home) serves the zone pages through the plugin,
without a login, and headless Chromium renders them at phone and desktop widths."""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.zonewatch_ui.conftest import seed_zones
from zonewatch.browser import FLAGS, chromium, screenshot
from zonewatch_ui.standalone import standalone

pytestmark = [pytest.mark.airflow, pytest.mark.slow, pytest.mark.timeout(900)]


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def dom(url: str, profile: Path, width: int) -> str:
    """The page's DOM after Chromium ran it."""
    command = [
        chromium(),
        *FLAGS,
        f"--user-data-dir={profile}",
        f"--window-size={width},900",
        "--dump-dom",
        url,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=True).stdout  # type: ignore[list-item]


def keep_a_preview(db_url: str) -> int:
    """A digest preview as the approval stage keeps it; its id."""
    from monitor.delivery.outbox import preview_digest
    from zonewatch.settings import load_settings

    preview = preview_digest(load_settings({"ZONEWATCH_DB_URL": db_url}), keep=True)
    return int(preview["preview_id"])


def test_standalone_serves_the_zone_pages_to_chromium(sqlite_db_url: str, tmp_path: Path) -> None:
    if chromium() is None:
        pytest.skip("Debian's chromium is not installed: no browser to render the zone pages")
    seed_zones(sqlite_db_url)
    with standalone(tmp_path / "home", sqlite_db_url, all_admins=False) as airflow:
        token = airflow.token()
        plugins = airflow.get_json("/api/v2/plugins", token)["plugins"]
        ours = next(p for p in plugins if p["name"] == "zonewatch_ui")
        assert ours["fastapi_apps"][0]["url_prefix"] == "/zonewatch"
        assert ours["external_views"][0]["href"] == "/zonewatch/" and ours["external_views"][0]["url_route"]
        assert airflow.get_json("/api/v2/importErrors", token)["total_entries"] == 0

        # Outside Airflow's login (it guards its own API: the same request there is refused).
        status, html = airflow.get("/zonewatch/")
        assert status == 200 and "云溪高新区" in html and "临江开发区" in html
        # The approval request's link: the kept preview, through the same mount.
        status, html = airflow.get(f"/zonewatch/digests/{keep_a_preview(sqlite_db_url)}")
        assert status == 200 and "zonewatch" in html and "<script" not in html
        assert airflow.get("/api/v2/dags")[0] == 401
        pages = {
            "zone": (
                f"/zonewatch/zones/{quote('云溪高新区')}",
                ["指标历年数值", "<svg", "新认定高新技术企业", "目标兑现记录", "单位：家"],
            ),
            "all": (
                f"/zonewatch/?province={quote('示例甲省')}&sort=published&order=desc",
                ["云溪高新区", "筛选"],
            ),
            "indicator": (
                f"/zonewatch/indicators?metric={quote('新认定高企')}",
                ["云溪高新区", "≥55家", "<svg", "单位：家"],
            ),
        }
        for name, (path, expected) in pages.items():
            for width, height in ((390, 844), (1280, 900)):
                rendered = dom(airflow.base + path, tmp_path / f"profile-dom-{name}-{width}", width)
                assert all(text in rendered for text in expected), (name, width)
                png = tmp_path / f"{name}-{width}.png"
                screenshot(
                    airflow.base + path,
                    png,
                    width=width,
                    height=height,
                    profile=tmp_path / f"p-{name}-{width}",
                )
                assert png_size(png) == (width, height) and png.stat().st_size > 10_000, "a page, not a blank"
        assert "临江开发区" not in dom(airflow.base + pages["all"][0], tmp_path / "profile-filter", 390), (
            "filtered"
        )
