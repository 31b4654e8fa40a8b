"""The task logic the DAGs call, run for real: SMTP from an Airflow connection, shards, and the crawl
child process reporting a failed site or crashing with a message the task log can show."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
import yaml

from tests.monitor.conftest import free_port
from zonewatch import orchestration


def test_smtp_url_from_a_json_connection_keeps_real_booleans(monkeypatch: pytest.MonkeyPatch) -> None:
    conn = {
        "conn_type": "smtp",
        "host": "mailpit",
        "port": 1025,
        "login": "ops@zone.cn",
        "password": "p:w/d",
        "extra": {"disable_ssl": True, "disable_tls": True},
    }
    monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps(conn))
    assert orchestration.smtp_url_from_connection() == "smtp://ops%40zone.cn:p%3Aw%2Fd@mailpit:1025"


def test_smtp_connection_defaults_to_implicit_tls_like_the_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps({"conn_type": "smtp", "host": "mx.zone.cn"}))
    assert orchestration.smtp_url_from_connection() == "smtps://mx.zone.cn:465"


def test_no_connection_falls_back_to_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIRFLOW_CONN_SMTP_DEFAULT", raising=False)
    assert orchestration.smtp_url_from_connection("zonewatch_no_such_conn") is None


def test_shards_keep_order_and_cover_every_site() -> None:
    names = [f"site-{i}" for i in range(2_500)]
    shards = orchestration.shard_sites(names, 50)
    assert len(shards) == 50 and all(len(shard) == 50 for shard in shards)
    assert [name for shard in shards for name in shard] == names
    assert orchestration.shard_sites(names[:7], 3) == [names[0:3], names[3:6], names[6:7]]
    with pytest.raises(ValueError):
        orchestration.shard_sites(names, 0)


def _sites_file(path: Path, count: int) -> Path:
    sites = [
        {"name": f"site-{i:04d}", "zone": f"园区{i}", "start_urls": [f"http://127.0.0.1:9/{i}/"]}
        for i in range(count)
    ]
    path.write_text(yaml.safe_dump({"sites": sites}, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("count", "tasks", "largest"), [(5, 5, 1), (64, 64, 1), (65, 33, 2), (3_000, 64, 47)]
)
def test_nightly_shards_stay_under_the_map_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int, tasks: int, largest: int
) -> None:
    monkeypatch.delenv("ZONEWATCH_SHARD_SIZE", raising=False)
    shards = orchestration.crawl_shards(_sites_file(tmp_path / "sites.yaml", count))
    assert (len(shards), max(map(len, shards))) == (tasks, largest)
    assert sum(map(len, shards)) == count


def test_shard_size_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONEWATCH_SHARD_SIZE", "4")
    shards = orchestration.crawl_shards(_sites_file(tmp_path / "sites.yaml", 10))
    assert [len(shard) for shard in shards] == [4, 4, 2]


def test_worker_hostname_tells_workers_on_one_machine_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONEWATCH_WORKER_HOSTNAME", "worker-7")
    assert orchestration.worker_hostname() == "worker-7"
    monkeypatch.delenv("ZONEWATCH_WORKER_HOSTNAME")
    assert orchestration.worker_hostname() == socket.getfqdn()


def test_unreachable_site_fails_with_its_reason(tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    down = {"name": "demo-down", "zone": "停机园区", "start_urls": [f"http://127.0.0.1:{free_port()}/"]}
    sites.write_text(yaml.safe_dump({"sites": [down]}, allow_unicode=True), encoding="utf-8")
    db_url = f"sqlite:///{tmp_path / 'zw.db'}"
    orchestration.migrate_db(db_url)
    assert orchestration.site_names(sites) == ["demo-down"]
    with pytest.raises(orchestration.SiteCrawlFailed, match="demo-down"):
        orchestration.crawl_site("demo-down", sites_file=sites, db_url=db_url, timeout=120)


def test_a_crashing_crawl_raises_with_the_child_error(tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text("sites: [{name: x}]\n", encoding="utf-8")  # refused by the sites loader
    with pytest.raises(RuntimeError, match="exit"):
        orchestration.crawl_site("x", sites_file=sites, db_url=f"sqlite:///{tmp_path / 'zw.db'}", timeout=120)


def test_failure_callback_mails_through_the_smtp_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from aiosmtpd.controller import Controller

    from tests.monitor.conftest import Inbox

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    conn = {"conn_type": "smtp", "host": "127.0.0.1", "port": port}
    conn["extra"] = {"disable_ssl": True, "disable_tls": True, "from_email": "zw@example.cn"}
    monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps(conn))
    monkeypatch.setenv("ZONEWATCH_MAIL_TO", "ops@example.cn")
    ti = SimpleNamespace(dag_id="zonewatch_nightly", task_id="crawl", map_index=2)
    try:
        orchestration.notify_failure(
            {"task_instance": ti, "exception": RuntimeError("demo-down: {{ <refused> }}")}
        )
    finally:
        controller.stop()
    ((_, recipients, message),) = inbox.messages
    assert recipients == ["ops@example.cn"]
    assert message["Subject"] == "[zonewatch] task failed: zonewatch_nightly.crawl[2]"
    body = message.get_body(("html",)).get_content()
    assert "demo-down: &#123;&#123; &lt;refused&gt; &#125;&#125;" in body  # escaped, not rendered by Jinja


def test_failure_callback_without_a_connection_is_harmless(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIRFLOW_CONN_SMTP_DEFAULT", raising=False)
    monkeypatch.setenv("ZONEWATCH_MAIL_TO", "ops@example.cn")
    orchestration.notify_failure({"task_instance": None, "exception": RuntimeError("x")})


def test_the_sites_task_refuses_a_bad_subscriptions_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zonewatch.sites import ConfigError

    sites = tmp_path / "sites.yaml"
    sites.write_text(
        "sites: [{name: a, zone: 甲园区, start_urls: ['http://127.0.0.1:9/']}]\n", encoding="utf-8"
    )
    subscriptions = tmp_path / "subs.yaml"
    subscriptions.write_text("subscriptions: [{email: not-an-address}]\n", encoding="utf-8")
    monkeypatch.setenv("ZONEWATCH_SUBSCRIPTIONS", str(subscriptions))
    with pytest.raises(ConfigError, match=r"subs\.yaml: subscription #1 \(not-an-address\): 'email'"):
        orchestration.site_names(sites)
    monkeypatch.delenv("ZONEWATCH_SUBSCRIPTIONS")
    assert orchestration.site_names(sites) == ["a"]


def test_approval_is_off_unless_asked_and_its_request_says_what_would_go_out() -> None:
    assert not orchestration.approval_enabled({}) and not orchestration.approval_enabled(
        {"ZONEWATCH_APPROVAL": "0"}
    )
    assert orchestration.approval_enabled({"ZONEWATCH_APPROVAL": "1"})
    preview = {
        "subject": "zonewatch 日报 · 2026-02-01：2 个园区发布新报告",
        "changes": 7,
        "zones": 25,
        "zone_names": [f"园区{i:02d}" for i in range(25)],
        "alerts": ["全部 3 个站点今晚抓取失败"],
        "omitted": 3,
        "out": "/var/zonewatch/digests/preview.html",
        "link": "http://airflow.example.cn/zonewatch/digests/12",
        "messages": [{"to": ["a@example.cn"], "subject": "s", "changes": 7}],
    }
    body = orchestration.approval_body(preview)
    assert "今晚共 7 项变化" in body and "园区19" in body and "园区20" not in body and "等 25 个" in body
    assert "其中 3 项只计数" in body and "全部 3 个站点今晚抓取失败" in body
    assert "a@example.cn" in body and "拒绝" in body
    assert "(http://airflow.example.cn/zonewatch/digests/12)" in body and "/var/zonewatch" not in body


def test_the_preview_link_follows_the_zone_pages_address(monkeypatch: pytest.MonkeyPatch) -> None:
    assert orchestration.preview_link(3, "https://zw.example.cn/zonewatch") == (
        "https://zw.example.cn/zonewatch/digests/3"
    )
    monkeypatch.setenv("AIRFLOW__API__BASE_URL", "http://airflow.example.cn:8081")
    assert orchestration.preview_link(3, None) == "http://airflow.example.cn:8081/zonewatch/digests/3"
    # A per-zone template names no root: the API server's own address is used.
    assert orchestration.preview_link(4, "https://x.cn/zone?name={zone}").endswith(
        ":8081/zonewatch/digests/4"
    )


def test_the_stored_preview_is_what_the_link_serves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from monitor.compare.changes import update_changes
    from storage.migrate import upgrade
    from tests.monitor.conftest import add_report, rec
    from zonewatch_ui.app import create_app

    db_url = f"sqlite:///{tmp_path / 'zw.db'}"
    upgrade(db_url)
    add_report(db_url, 2023, [rec("新建5G基站", 100, "个", 2023)])
    add_report(db_url, 2024, [rec("新建5G基站", 300, "个", 2024)])
    update_changes(db_url)
    for name, value in {
        "ZONEWATCH_DB_URL": db_url,
        "ZONEWATCH_HOME": str(tmp_path),
        "ZONEWATCH_MAIL_TO": "a@example.cn",
        "ZONEWATCH_UI_URL": "https://zw.example.cn/zonewatch",
    }.items():
        monkeypatch.setenv(name, value)
    preview = orchestration.digest_preview_stage(out=str(tmp_path / "preview.html"))
    assert preview["link"] == f"https://zw.example.cn/zonewatch/digests/{preview['preview_id']}"
    assert f"]({preview['link']})" in preview["body"]
    client = TestClient(create_app(db_url))
    page = client.get(f"/digests/{preview['preview_id']}")
    assert page.status_code == 200 and page.text == (tmp_path / "preview.html").read_text(encoding="utf-8")
    assert "script-src" not in page.headers["content-security-policy"] and "新建5G基站" in page.text
    assert client.get("/digests/999").status_code == 404


def test_a_quiet_approval_night_still_retries_an_approved_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aiosmtpd.controller import Controller

    from monitor.compare.changes import update_changes
    from monitor.delivery.outbox import deliver_digest
    from storage.migrate import upgrade
    from tests.monitor.conftest import Inbox, add_report, rec
    from zonewatch.settings import load_settings

    db_url = f"sqlite:///{tmp_path / 'zw.db'}"
    upgrade(db_url)
    add_report(db_url, 2023, [rec("新建5G基站", 100, "个", 2023)])
    add_report(db_url, 2024, [rec("新建5G基站", 300, "个", 2024)])
    update_changes(db_url)
    down = {"ZONEWATCH_DB_URL": db_url, "ZONEWATCH_MAIL_TO": "a@example.cn"}
    queued = deliver_digest(
        load_settings({**down, "ZONEWATCH_SMTP_URL": f"smtp://127.0.0.1:{free_port()}"}), send=True
    )
    assert queued["queued"] == 1 and queued["sent"] == 0, "approved, but the mail server was down"
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        for name, value in {
            **down,
            "ZONEWATCH_SMTP_URL": f"smtp://127.0.0.1:{port}",
            "ZONEWATCH_HOME": str(tmp_path),
        }.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("AIRFLOW_CONN_SMTP_DEFAULT", raising=False)
        assert orchestration.digest_preview_stage() == {}, "nothing new: no approval asked"
    finally:
        controller.stop()
    assert len(inbox.messages) == 1, "the approved digest went out on the quiet night"


def test_night_check_names_failed_partial_and_uncrawled_sites(db_url: str, tmp_path: Path) -> None:
    import datetime as dt

    from storage import repository as repo
    from storage.db import session_scope
    from zonewatch.sites import load_sites

    entries = [
        {"name": name, "zone": zone, "start_urls": [f"http://127.0.0.{n}:8000/index.html"]}
        for n, (name, zone) in enumerate(
            [("ok-site", "甲园区"), ("cut-site", "乙园区"), ("down-site", "丙园区"), ("new-site", "丁园区")],
            start=20,
        )
    ]
    sites_file = tmp_path / "sites.yaml"
    sites_file.write_text(yaml.safe_dump({"sites": entries}, allow_unicode=True), encoding="utf-8")
    before = dt.datetime.now(dt.UTC)
    outcomes = {
        "ok-site": ("ok", None),
        "cut-site": ("partial", "列表声明45条，读到15条：dataproxy.jsp 返回404"),
        "down-site": ("failed", "connection refused"),
    }
    with session_scope(db_url) as session:
        for config in load_sites(sites_file):
            site = repo.upsert_site(session, config)
            if config.name in outcomes:
                status, reason = outcomes[config.name]
                repo.finish_crawl_run(session, repo.start_crawl_run(session, site), status, {}, reason)
    problems = orchestration.night_problems(before, sites_file=sites_file, db_url=db_url)
    assert problems == [
        "cut-site（乙园区）：partial: 列表声明45条，读到15条：dataproxy.jsp 返回404",
        "down-site（丙园区）：failed: connection refused",
        "new-site: not crawled tonight",
    ]
    with pytest.raises(orchestration.NightIncomplete, match="4 problem"):
        orchestration.check_night(before, ["parse"], sites_file=sites_file, db_url=db_url)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    assert len(orchestration.night_problems(later, sites_file=sites_file, db_url=db_url)) == 4, (
        "runs before tonight do not count as tonight's"
    )
    only_ok = tmp_path / "ok.yaml"
    only_ok.write_text(yaml.safe_dump({"sites": entries[:1]}, allow_unicode=True), encoding="utf-8")
    assert orchestration.check_night(before, [], sites_file=only_ok, db_url=db_url) == {"problems": 0}


def test_crawl_task_warns_of_a_partial_site_and_does_not_fail(
    sqlite_db_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    from mirror.demo_sites import site_entries
    from mirror.expectations import FIXTURES
    from mirror.server import MirrorServer

    with MirrorServer(fixtures=True, demo=False) as server:
        entries = [{**entry, "download_delay": 0} for entry in site_entries(server, ["plaincut"])]
        sites_file = tmp_path / "sites.yaml"
        sites_file.write_text(yaml.safe_dump({"sites": entries}, allow_unicode=True), encoding="utf-8")
        with caplog.at_level(logging.WARNING, logger="zonewatch.orchestration"):
            summary = orchestration.crawl_site("demo-plaincut", sites_file=sites_file, db_url=sqlite_db_url)
    reason = FIXTURES["plaincut"].partial
    assert summary["demo-plaincut"]["status"] == "partial" and summary["demo-plaincut"]["reason"] == reason
    assert f"site demo-plaincut read only in part: {reason}" in caplog.text
