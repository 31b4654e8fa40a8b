"""What changes between nights and what the log records: validators, edits, next year, hits, the command."""

from __future__ import annotations

import io
import json
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import docx
import pypdf
import pytest
import yaml

from mirror.build_attachments import docx_bytes
from mirror.content import load_zones, zone
from mirror.demo_sites import sites_yaml
from mirror.expectations import DEMO_SITES, FIXTURES, ODDITIES_SPECIALS
from mirror.platforms import hanweb, trs
from mirror.server import MirrorServer
from mirror.site import STATIC
from zonewatch.sites import parse_sites


def _trs_rows(mirror: MirrorServer, get: Callable, index: int) -> list[str]:
    path = trs.COLUMN + ("index.html" if index == 0 else f"index_{index}.html")
    return re.findall(r'<a href="\./([^"]+)"', get(mirror.url("yunxi", path)).text())


def test_validators_answer_304_and_an_edit_changes_them(get: Callable) -> None:
    item = next(i for i in zone("yunxi").items if i.format == "pdf")
    article = trs.article_path(item)
    attachment = trs.COLUMN + f"{item.date:%Y%m}/" + trs.attachment_name(item)
    with MirrorServer(fixtures=False) as mirror:
        for path in (article, attachment):
            first = get(mirror.url("yunxi", path))
            etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
            assert get(mirror.url("yunxi", path), headers={"If-None-Match": etag}).status == 304
            assert get(mirror.url("yunxi", path), headers={"If-Modified-Since": modified}).status == 304
            assert get(mirror.url("yunxi", path), headers={"If-None-Match": '"other"'}).status == 200
            mirror.edit("yunxi", path)
            changed = get(mirror.url("yunxi", path), headers={"If-None-Match": etag})
            assert changed.status == 200 and changed.headers["ETag"] != etag
            assert changed.headers["Last-Modified"] != modified
            if path == article:
                assert (
                    "本文内容已于发布后更正" in changed.text()
                    and "本文内容已于发布后更正" not in first.text()
                )
            else:
                assert pypdf.PdfReader(io.BytesIO(changed.body)).pages[0].extract_text().strip()
        assert mirror.hits("yunxi", status=304) == 4
        # Lists carry no validators: a crawler must re-read them.
        assert "ETag" not in get(mirror.url("yunxi", DEMO_SITES["yunxi"].start_path)).headers


def test_replaced_docx_reads_back_with_the_correction(get: Callable) -> None:
    item = next(i for i in zone("chenghu").items if i.format == "docx")
    path = f"/attach/0/{hanweb.file_hex(item)}.docx"
    with MirrorServer(fixtures=False) as mirror:
        before = get(mirror.url("chenghu", path)).body
        mirror.edit("chenghu", path)
        after = get(mirror.url("chenghu", path)).body
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(after)).paragraphs)
    assert before != after and text.endswith("（本文内容已于发布后更正。）")


def test_next_year_puts_new_items_on_top_and_shifts_page_boundaries(get: Callable) -> None:
    facts = DEMO_SITES["yunxi"]
    new = facts.articles[2] - facts.articles[1]
    assert new, "the demo content has a night-2 item"
    with MirrorServer(fixtures=False) as mirror:
        before = [_trs_rows(mirror, get, i) for i in range(facts.list_pages[1])]
        for path in new:
            assert get(mirror.url("yunxi", path)).status == 404
        mirror.publish_next_year()
        after = [_trs_rows(mirror, get, i) for i in range(facts.list_pages[2])]
        for path in new:
            assert get(mirror.url("yunxi", path)).status == 200
    added = len(new)
    assert {trs.COLUMN + href for href in after[0][:added]} == new
    assert after[0][added:] == before[0][:-added]
    assert after[1][:added] == before[0][-added:], "the old page-0 tail moved to page 1"
    assert sum(map(len, after)) == sum(map(len, before)) + added


def test_hits_count_by_site_status_prefix_and_method(get: Callable) -> None:
    with MirrorServer(fixtures=False) as mirror:
        get(mirror.url("chenghu", "/robots.txt"))
        get(
            mirror.url("chenghu", hanweb.PROXY + "?startrecord=16&endrecord=30&perpage=15"),
            data={**hanweb.FORM},
        )
        get(mirror.url("chenghu", "/nowhere.html"))
        get(mirror.url("yunxi", "/nowhere.html"))
        assert mirror.hits() == 4
        assert mirror.hits("chenghu") == 3
        assert mirror.hits(status=404) == 2
        assert mirror.hits("chenghu", prefix=hanweb.PROXY, method="POST", status=200) == 1
        entry = next(e for e in mirror.log if e.method == "POST")
        assert entry.path == hanweb.PROXY + "?startrecord=16&endrecord=30&perpage=15"
        assert entry.headers["Content-Type"] == "application/x-www-form-urlencoded"
        mirror.reset_log()
        assert mirror.hits() == 0 and mirror.log == []


def test_sites_yaml_is_a_valid_sites_file(mirror: MirrorServer) -> None:
    demo = parse_sites(sites_yaml(mirror))
    assert {s.zone for s in demo} == {f.zone for f in DEMO_SITES.values()}
    everything = parse_sites(sites_yaml(mirror, list(mirror.apps)))
    assert len(everything) == len(DEMO_SITES) + len(FIXTURES)
    raw = yaml.safe_load(sites_yaml(mirror))["sites"]
    assert all(set(entry) == {"name", "zone", "start_urls"} for entry in raw)
    assert raw[0]["start_urls"][0].startswith(mirror.sites[raw[0]["name"].removeprefix("demo-")])


def test_committed_attachments_match_the_current_reports() -> None:
    """Rebuild with `python -m mirror.build_attachments` when this fails after a content change."""
    for z in load_zones():
        for item in z.items:
            if item.format == "pdf":
                reader = pypdf.PdfReader(STATIC / f"{item.key}.pdf")
                text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
                assert "\x00" not in text
                missing = [p for p in item.paragraphs if re.sub(r"\s+", "", p) not in text]
                assert not missing, f"{item.key}.pdf is stale: {missing[0][:40]}"
            elif item.format == "docx":
                assert docx_bytes(item) == docx_bytes(item), "DOCX bytes (and so ETags) are stable"


@pytest.mark.timeout(60)
def test_mirror_command_serves_and_writes_the_sites_file(tmp_path: Path, get: Callable) -> None:
    sites_file = tmp_path / "sites.yaml"
    command = [
        sys.executable,
        "-m",
        "zonewatch",
        "mirror",
        "--print-sites",
        str(sites_file),
        "--next-year",
        "--as-written",
        "--json",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # With --json the one line on stdout says the mirror serves: a script waits for it.
        ready = process.stdout.readline()  # type: ignore[union-attr]
        assert ready, process.stderr.read()  # type: ignore[union-attr]
        served = json.loads(ready)
        assert served["sites_file"] == str(sites_file)
        sites = parse_sites(sites_file.read_text(encoding="utf-8"))
        assert len(sites) == len(DEMO_SITES)
        assert served["sites"] == [
            {"name": s.name, "zone": s.zone, "start_urls": list(s.start_urls)} for s in sites
        ]
        yunxi = next(s for s in sites if s.name == "demo-yunxi")
        new = sorted(DEMO_SITES["yunxi"].articles[2] - DEMO_SITES["yunxi"].articles[1])
        base = yunxi.start_urls[0].split("/xxgk/")[0]
        assert get(base + new[0]).status == 200, "--next-year serves night 2"
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=20)
    assert code == 0, process.stderr.read()  # type: ignore[union-attr]


@pytest.mark.timeout(120)
def test_mirror_interrupted_right_after_its_ready_line_stops_cleanly(tmp_path: Path) -> None:
    """A supervisor may answer the ready line with Ctrl-C at once; the mirror then stops as it
    does later (exit 0), not with 'Error: interrupted'. It used to print the line before its
    interrupt handler was set, so about every second try failed: five tries in a row make it sure."""
    command = [
        sys.executable,
        "-m",
        "zonewatch",
        "mirror",
        "--print-sites",
        str(tmp_path / "s.yaml"),
        "--json",
    ]
    for _ in range(5):
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert json.loads(process.stdout.readline())["sites"]  # type: ignore[union-attr]
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=20)
        assert code == 0, process.stderr.read()  # type: ignore[union-attr]


def test_edited_gbk_fixture_page_stays_gbk(get: Callable) -> None:
    path = ODDITIES_SPECIALS["encoding:gb2312-meta"]
    with MirrorServer(demo=False) as mirror:
        before = get(mirror.url("oddities", path))
        mirror.edit("oddities", path)
        after = get(mirror.url("oddities", path), headers={"If-None-Match": before.headers["ETag"]})
    assert after.status == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert "本文内容已于发布后更正" in after.body.decode("gbk")
