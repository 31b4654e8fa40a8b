"""`crawl`, `parse`, `diff`, `digest` by hand give the same digest as `run` (issue 15, point 3)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.zonewatch.conftest import demo_sites_file, zonewatch

pytestmark = pytest.mark.slow

# The failure section names the minute of each crawl: the two databases crawled a few seconds apart.
MINUTE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def _normalised(path: Path) -> str:
    return MINUTE.sub("<minute>", path.read_text(encoding="utf-8"))


def test_stages_by_hand_give_the_digest_of_run(tmp_path: Path, mirror_server: object) -> None:
    sites = demo_sites_file(mirror_server, tmp_path / "sites.yaml", ["fengyuan"], dead=True)

    whole = f"sqlite:///{tmp_path / 'run.db'}"
    ran = zonewatch(
        "run", "--json", "--sites", str(sites), "--db", whole, "--out", str(tmp_path / "run.html")
    )
    assert ran.returncode == 3, ran.stderr  # the dead site
    night = json.loads(ran.stdout.strip().splitlines()[-1])
    assert night["digest"]["changes"] > 0, (
        "the fixture must produce changes, or the comparison proves nothing"
    )

    by_hand = f"sqlite:///{tmp_path / 'hand.db'}"
    crawled = zonewatch("crawl", "--sites", str(sites), "--db", by_hand)
    assert crawled.returncode == 3, crawled.stderr
    parsed = zonewatch("parse", "--json", "--db", by_hand)
    assert parsed.returncode == 0, parsed.stderr
    assert json.loads(parsed.stdout.splitlines()[-1])["work_reports"] == night["parse"]["work_reports"]

    # Looking at one zone stores its changes; the whole-database diff stores the rest.
    one_zone = zonewatch("diff", "--zone", "丰源科技产业园", "--db", by_hand)
    assert one_zone.returncode == 0 and one_zone.stdout.strip(), one_zone.stderr
    counted = zonewatch("diff", "--json", "--db", by_hand)
    assert counted.returncode == 0, counted.stderr
    assert json.loads(counted.stdout.splitlines()[-1]) == night["diff"]

    digested = zonewatch("digest", "--json", "--db", by_hand, "--out", str(tmp_path / "hand.html"))
    assert digested.returncode == 0, digested.stderr
    result = json.loads(digested.stdout.splitlines()[-1])
    for key in ("changes", "zones", "reports"):
        assert result[key] == night["digest"][key], key
    assert "无新变化" not in (tmp_path / "hand.html").read_text(encoding="utf-8")
    assert _normalised(tmp_path / "hand.html") == _normalised(tmp_path / "run.html")


def test_digest_after_parse_alone_has_the_changes(tmp_path: Path, mirror_server: object) -> None:
    """Skipping `diff` loses nothing: the digest brings the stored changes up to date itself."""
    sites = demo_sites_file(mirror_server, tmp_path / "sites.yaml", ["fengyuan"])
    url = f"sqlite:///{tmp_path / 'z.db'}"
    assert zonewatch("crawl", "--sites", str(sites), "--db", url).returncode == 0
    assert zonewatch("parse", "--db", url).returncode == 0
    digested = zonewatch("digest", "--json", "--db", url, "--out", str(tmp_path / "d.html"))
    assert digested.returncode == 0, digested.stderr
    assert json.loads(digested.stdout.splitlines()[-1])["changes"] > 0
    assert "丰源科技产业园" in (tmp_path / "d.html").read_text(encoding="utf-8")
