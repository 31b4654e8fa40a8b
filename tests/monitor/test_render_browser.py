"""The digest as a reader sees it: rendered by headless Chromium, phone-width and desktop."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from monitor.changes import update_changes
from monitor.outbox import deliver_digest
from zonewatch.settings import load_settings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def screenshot(page: Path, png: Path, width: int, profile: Path) -> None:
    assert CHROMIUM
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--hide-scrollbars",
            f"--window-size={width},1400",
            f"--screenshot={png}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=90,
        check=True,
    )


@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed: no browser to render the digest"
)
def test_digest_renders_in_chromium(two_reports: str, tmp_path: Path) -> None:
    update_changes(two_reports)
    page = tmp_path / "digest.html"
    deliver_digest(load_settings({"ZONEWATCH_DB_URL": two_reports}), out=page)
    for width in (390, 900):
        png = tmp_path / f"digest-{width}.png"
        screenshot(page, png, width, tmp_path / f"profile-{width}")
        data = png.read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 10_000, "a blank page compresses to almost nothing"
