"""Detail pages and attachments as the mirror serves them over HTTP: each CMS oddity (metadata table
variants, containers, charsets, cover notes, scans, OFD, a cut-off PDF) parsed with its real headers."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator

import pytest

from mirror.platforms import oddities
from mirror.server import MirrorServer
from parsers.document import parse_bytes

PAGES = [
    special
    for special in oddities.SPECIALS
    if special.kind.split(":")[0] in ("table", "container", "encoding", "attachment-only", "attachments")
]


@pytest.fixture(scope="module")
def mirror() -> Iterator[MirrorServer]:
    with MirrorServer(demo=False, fixtures=True) as server:
        yield server


def _get(mirror: MirrorServer, path: str) -> tuple[bytes, str | None, str]:
    url = mirror.url("oddities", path)
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read(), response.headers.get("Content-Type"), url


@pytest.mark.parametrize("special", PAGES, ids=[s.kind for s in PAGES])
def test_detail_page(mirror: MirrorServer, special: oddities.Special) -> None:
    raw, content_type, url = _get(mirror, special.path)
    parsed = parse_bytes(raw, url=url, content_type=content_type)
    assert parsed.status == "ok", parsed.error
    assert parsed.title == special.title
    # The cover note shows no date (the crawler has it from the list); the others show one somewhere.
    assert parsed.published == (None if special.kind == "attachment-only" else special.date)
    assert not parsed.is_report, "news and cover notes are not reports by themselves"
    for chrome in ("当前位置", "索引号", "打印", "版权所有", "扫一扫", "发布时间"):
        assert chrome not in parsed.text, chrome
    assert "\ufffd" not in parsed.text
    if special.kind.startswith("encoding:"):
        assert oddities.GBK_TEXT in parsed.text


@pytest.mark.parametrize(
    ("path", "status", "reason"),
    [
        ("/files/P020240311_report.pdf", "ok", None),
        ("/files/scan.pdf", "needs-ocr", "no text layer"),
        ("/files/P020240312_plan.ofd", "failed", "OFD not readable"),  # a broken package
    ],
)
def test_attachment(mirror: MirrorServer, path: str, status: str, reason: str | None) -> None:
    raw, content_type, url = _get(mirror, path)
    parsed = parse_bytes(raw, url=url, content_type=content_type)
    assert parsed.status == status
    if reason is None:
        assert parsed.is_report and parsed.records
    else:
        assert reason in (parsed.error or "") and parsed.records == []
