"""zonewatch_nightly under real Airflow (dag.test), against the demo mirror and a real SMTP server."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from mirror.demo_sites import write_sites_file
from mirror.server import MirrorServer
from storage.db import session_scope
from storage.models import Change, Report
from tests.monitor.conftest import Inbox, free_port

pytestmark = pytest.mark.airflow


@pytest.fixture
def smtp():  # type: ignore[no-untyped-def]
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def _prepare(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sites: Path, port: int) -> str:
    db_url = f"sqlite:///{tmp_path / 'zonewatch.db'}"
    monkeypatch.setenv("ZONEWATCH_SITES", str(sites))
    monkeypatch.setenv("ZONEWATCH_DB_URL", db_url)
    monkeypatch.setenv("ZONEWATCH_HOME", str(tmp_path))
    monkeypatch.setenv("ZONEWATCH_SMTP_URL", f"smtp://127.0.0.1:{port}")
    monkeypatch.setenv("ZONEWATCH_MAIL_TO", "analyst@example.cn")
    return db_url


def _run(dagbag):  # type: ignore[no-untyped-def]
    dag = dagbag.dags["zonewatch_nightly"]
    retries = {task.task_id: task.retries for task in dag.tasks}
    try:
        for task in dag.tasks:
            task.retries = 0  # dag.test() would sleep through real retry delays
        run = dag.test()
    finally:
        for task in dag.tasks:
            task.retries = retries[task.task_id]
    states = {(ti.task_id, ti.map_index): ti.state for ti in run.get_task_instances()}
    return run, states


def _fast_sites(server: MirrorServer, path: Path, keys: list[str], extra: list[dict] | None = None) -> Path:
    data = yaml.safe_load(write_sites_file(server, path, keys).read_text(encoding="utf-8"))
    for site in data["sites"]:
        site["download_delay"] = 0
    data["sites"].extend(extra or [])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_nightly_run_crawls_parses_diffs_and_mails(airflow_db, dagbag, smtp, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp
    with MirrorServer(fixtures=False) as server:
        sites = _fast_sites(server, tmp_path / "sites.yaml", ["yunxi", "fengyuan"])
        db_url = _prepare(monkeypatch, tmp_path, sites, port)
        run, states = _run(dagbag)
    assert run.state == "success", states
    assert all(state == "success" for state in states.values()), states
    with session_scope(db_url) as session:
        assert session.scalar(select(func.count()).select_from(Report).where(Report.is_report.is_(True))) == 4
        assert session.scalar(select(func.count()).select_from(Change)) > 0
    ((_, recipients, message),) = inbox.messages
    assert recipients == ["analyst@example.cn"] and "zonewatch 日报" in message["Subject"]


def test_a_failed_or_partial_site_mails_the_digest_then_turns_the_run_red(
    airflow_db, dagbag, smtp, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp
    down = {
        "name": "demo-down",
        "zone": "停机园区",
        "start_urls": [f"http://127.0.0.1:{free_port()}/index.html"],
    }
    with MirrorServer(fixtures=True) as server:
        # trsgap: a TRS list whose last page answers 503 — read in part, not failed.
        sites = _fast_sites(server, tmp_path / "sites.yaml", ["fengyuan", "trsgap"], [down])
        _prepare(monkeypatch, tmp_path, sites, port)
        run, states = _run(dagbag)
    crawl_states = sorted(state for (task, _), state in states.items() if task == "crawl")
    assert crawl_states == ["failed", "success", "success"], "a partial site warns, a failed one fails"
    assert states[("digest", -1)] == "success", "the digest still goes out"
    assert states[("check", -1)] == "failed" and run.state == "failed", "the night is red"
    ((_, _, message),) = inbox.messages
    text = message.get_body(("plain",)).get_content()
    assert "停机园区（demo-down）：连接被拒绝（网站可能已停止服务）" in text
    assert "列表声明21条，读到14条：index_2.shtml 返回503" in text
