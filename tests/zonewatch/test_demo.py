"""The main job end to end: two nights against the mirror, then the digest says what the story says."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from sqlalchemy import select

from mirror.years import demo_year_offset
from storage.db import session_scope
from storage.models import Change
from zonewatch.demo import beijing_today, run_demo
from zonewatch.settings import load_settings

DATA = Path(__file__).resolve().parents[1] / "data"


def test_two_night_demo(tmp_path: Path) -> None:
    settings = load_settings(
        {"ZONEWATCH_HOME": str(tmp_path), "ZONEWATCH_DB_URL": f"sqlite:///{tmp_path}/demo.db"}
    )
    lines: list[str] = []
    today = beijing_today()
    offset = demo_year_offset(today)  # the story told in today's calendar: newest report this year's
    result = run_demo(settings, tmp_path / "demo", echo=lines.append, today=today)
    first, second = result.nights
    assert first.crawl["failed"] == [] and second.crawl["failed"] == []
    assert first.parse["work_reports"] == 8 and second.parse["work_reports"] == 4
    fetched = sum(s["new"] + s["changed"] for s in second.crawl["sites"])
    assert fetched == 5, "night 2 fetches the four new reports (one with its PDF) and nothing else"
    html = result.digest_path.read_text(encoding="utf-8")
    assert "4 个园区发布新报告" in html
    newest = 2025 + offset
    assert newest in (today.year, today.year - 1), (
        "the newest report is this year's (last year's before March)"
    )
    for zone in ("云溪高新区", "青川高新区", "丰源科技产业园"):
        assert f"{zone}{newest}年工作报告" in html
    assert "逾期未发布" not in html, "a demo whose reports are current has no overdue zone"
    expected = yaml.safe_load((DATA / "demo_changes.yaml").read_text(encoding="utf-8"))
    zones = {
        "yunxi": "云溪高新区",
        "chenghu": "澄湖经济开发区",
        "qingchuan": "青川高新区",
        "fengyuan": "丰源科技产业园",
    }
    with session_scope(settings.db_url) as session:
        rows = list(session.scalars(select(Change)))
    found = {(c.zone, c.year, c.change, float((c.previous or c.current)["value"])) for c in rows}
    for key, story in expected.items():
        zone_key, year = key.split("/")
        for _metric, change, previous, current in story["changes"]:
            value = previous if previous is not None else current
            assert (zones[zone_key], int(year) + offset, change, float(value)) in found, (
                key,
                _metric,
                change,
            )
    assert json.dumps(second.as_dict(), default=str)
    assert any("night 2" in line for line in lines)
    _no_target_in_two_places(settings.db_url, html)


def _no_target_in_two_places(db_url: str, html: str) -> None:
    """Each older target tells one story in the digest: judged, re-set, both on one line, or 未再提及,
    never two of those as separate items (before: 3 of the demo's 4 未再提及 were also 完成)."""
    from collections import Counter

    from monitor.delivery.digest import _sections

    with session_scope(db_url) as session:
        rows = list(session.scalars(select(Change).where(Change.change != "unchanged")))
        sections = _sections(session, rows)
    for section in sections:
        told = Counter(
            (
                item["previous"].get("metric"),
                item["previous"].get("value"),
                item["previous"].get("year"),
                item["previous"].get("report_year"),
            )
            for _, _, items in section.groups
            for item in items
            if item["change"] not in ("new", "gap", "no_targets", "unread_targets") and item["previous"]
        )
        assert [target for target, times in told.items() if times > 1] == [], section.zone
    assert "目标上调为" in html or "目标下调为" in html, "a verdict and its re-set share a line"


def test_run_command_does_one_night_and_names_a_failed_site(tmp_path: Path) -> None:
    """`zonewatch run`: crawl → parse → diff → digest in one go; a dead site is exit 3, not silence."""
    from click.testing import CliRunner

    from mirror.demo_sites import write_sites_file
    from mirror.server import MirrorServer
    from zonewatch.cli import main

    with MirrorServer(fixtures=False) as server:
        sites = write_sites_file(server, tmp_path / "sites.yaml", ["fengyuan"])
        data = yaml.safe_load(sites.read_text(encoding="utf-8"))
        data["sites"][0]["download_delay"] = 0
        data["sites"].append({"name": "down", "zone": "停机园区", "start_urls": ["http://127.0.0.1:9/"]})
        sites.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        out = tmp_path / "digest.html"
        result = CliRunner().invoke(
            main,
            [
                "run",
                "--json",
                "--sites",
                str(sites),
                "--db",
                f"sqlite:///{tmp_path}/run.db",
                "--out",
                str(out),
            ],
        )
    assert result.exit_code == 3, result.output
    night = json.loads(result.output.strip().splitlines()[-1])
    assert night["crawl"]["failed"] == ["down"] and night["parse"]["work_reports"] == 2
    html = out.read_text(encoding="utf-8")
    assert "停机园区" in html and "丰源科技产业园" in html
