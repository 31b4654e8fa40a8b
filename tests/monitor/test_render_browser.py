"""The digest as a reader sees it: rendered by headless Chromium, phone-width and desktop."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.changes import update_changes
from monitor.outbox import deliver_digest
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
