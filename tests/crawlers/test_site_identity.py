"""A site is its name in the sites file, not its port: the demo mirror restarted on new ports (or a
zone site moved to a new address) stores nothing a second time."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from mirror.demo_sites import write_sites_file
from mirror.server import MirrorServer
from storage.db import session_scope
from storage.models import Document
from storage.moves import moved_origins
from tests.crawlers.conftest import run_crawl

ZONES = ["yunxi", "chenghu", "qingchuan", "fengyuan"]


def _urls(db_url: str) -> list[str]:
    with session_scope(db_url) as session:
        return sorted(session.scalars(select(Document.url)))


def test_a_restarted_mirror_on_new_ports_stores_nothing_twice(tmp_path: Path, db_url: str) -> None:
    with MirrorServer(fixtures=False) as first:
        night1 = run_crawl(write_sites_file(first, tmp_path / "one.yaml", ZONES), db_url)
        old_ports = {first.start_url(key).split(":")[2].split("/")[0] for key in ZONES}
    assert night1.code == 0, night1.stderr[-2000:]
    before = _urls(db_url)
    with MirrorServer(fixtures=False) as second:
        assert {second.start_url(key).split(":")[2].split("/")[0] for key in ZONES}.isdisjoint(old_ports)
        night2 = run_crawl(write_sites_file(second, tmp_path / "two.yaml", ZONES), db_url, "--full-sweep")
    assert night2.code == 0, night2.stderr[-2000:]
    assert sum(site["new"] for site in night2.stats.values()) == 0, night2.stats
    after = _urls(db_url)
    assert len(after) == len(before), "every document of the first night was stored again"
    with session_scope(db_url) as session:
        assert session.scalar(select(func.count(func.distinct(Document.url)))) == len(before)
    # The stored addresses follow the sites file: tonight's ports, not last night's.
    assert not any(port in url for url in after for port in old_ports)


def test_only_an_address_change_with_the_same_path_is_a_move() -> None:
    assert moved_origins(
        ["http://127.0.0.1:8001/xxgk/index.html"], ["http://127.0.0.1:9002/xxgk/index.html"]
    ) == {"http://127.0.0.1:8001": "http://127.0.0.1:9002"}
    assert moved_origins(["http://a.gov.cn/x/"], ["https://www.a.gov.cn/x/"]) == {
        "http://a.gov.cn": "https://www.a.gov.cn"
    }
    assert moved_origins(["http://a.gov.cn/x/"], ["http://a.gov.cn/x/"]) == {}
    assert moved_origins(["http://a.gov.cn/x/"], ["http://b.gov.cn/y/"]) == {}, "another column, not a move"
