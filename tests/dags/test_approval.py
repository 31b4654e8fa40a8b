"""ZONEWATCH_APPROVAL=1: the nightly digest waits for an analyst in the Airflow UI (dag.test, real HITL API)."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.db import session_scope
from storage.models import Change, OutboxMessage, utcnow
from tests.monitor.conftest import Inbox, add_report, free_port, rec

pytestmark = pytest.mark.airflow


class Analyst(threading.Thread):
    """Answers the night's approval request through Airflow's own REST API, as the UI's button does."""

    def __init__(self, answer: str) -> None:
        super().__init__(daemon=True)
        self.answer = answer
        self.request: dict | None = None
        self.status: int | None = None
        self.preview: str | None = None  # the page behind the request's preview link
        self.stop = threading.Event()

    def run(self) -> None:
        from airflow.api_fastapi.app import create_app
        from airflow.models.taskinstance import TaskInstance
        from airflow.utils.session import create_session
        from airflow.utils.state import TaskInstanceState
        from fastapi.testclient import TestClient

        client = TestClient(create_app("core"))
        while not self.stop.is_set():
            with create_session() as session:
                waiting = session.scalar(
                    select(TaskInstance).where(
                        TaskInstance.dag_id == "zonewatch_nightly",
                        TaskInstance.task_id == "approve",
                        TaskInstance.state == TaskInstanceState.AWAITING_INPUT,
                    )
                )
                run_id = waiting.run_id if waiting is not None else None
            if run_id is None:
                # Answer as soon as the request exists: the night waits on nothing else.
                time.sleep(0.1)
                continue
            base = f"/api/v2/dags/zonewatch_nightly/dagRuns/{run_id}/taskInstances/approve/-1/hitlDetails"
            self.request = client.get(base).json()
            # The link names the plugin's route under /zonewatch (its mount in a real API server is
            # checked by tests/zonewatch_ui/test_airflow_standalone.py); read it from the plugin's app.
            link = re.search(r"\]\(([^)]*)/zonewatch(/digests/\d+)\)", self.request.get("body") or "")
            if link:
                from zonewatch_ui.app import create_app as zone_pages

                page = TestClient(zone_pages()).get(link.group(2))
                self.preview = page.text if page.status_code == 200 else f"HTTP {page.status_code}"
            response = client.patch(base, json={"chosen_options": [self.answer], "params_input": {}})
            self.status = response.status_code
            return


def _night(dagbag_factory, analyst: Analyst | None):  # type: ignore[no-untyped-def]
    dag = dagbag_factory().dags["zonewatch_nightly"]
    for task in dag.tasks:
        task.retries = 0
    if analyst is not None:
        analyst.start()
    try:
        # The reports are already in the database, so nothing is crawled; the final check would
        # (rightly) call a night without crawls incomplete, so it is marked too.
        run = dag.test(mark_success_pattern="crawl|parse|check")
    finally:
        if analyst is not None:
            analyst.stop.set()
            analyst.join(timeout=10)
    return run, {ti.task_id: ti.state for ti in run.get_task_instances() if ti.map_index in (-1, 0)}


@pytest.fixture
def smtp():  # type: ignore[no-untyped-def]
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def approval_env(airflow_db, monkeypatch, tmp_path: Path, smtp):  # type: ignore[no-untyped-def]
    inbox, port = smtp
    db_url = f"sqlite:///{tmp_path / 'zonewatch.db'}"
    sites = tmp_path / "sites.yaml"
    sites.write_text(
        f"sites: [{{name: demo, zone: 示例高新区, start_urls: ['http://127.0.0.1:{free_port()}/']}}]\n",
        encoding="utf-8",
    )
    for name, value in {
        "ZONEWATCH_APPROVAL": "1",
        "ZONEWATCH_SITES": str(sites),
        "ZONEWATCH_DB_URL": db_url,
        "ZONEWATCH_HOME": str(tmp_path),
        "ZONEWATCH_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "ZONEWATCH_MAIL_TO": "analyst@example.cn",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
    }.items():
        monkeypatch.setenv(name, value)
    from storage.migrate import upgrade

    upgrade(db_url)
    add_report(db_url, 2023, [rec("新认定高新技术企业", 40, "家", 2023)])
    add_report(db_url, 2024, [rec("新认定高新技术企业", 45, "家", 2024), rec("新建5G基站", 300, "个", 2024)])

    def dagbag():  # type: ignore[no-untyped-def]
        from airflow.dag_processing.dagbag import DagBag

        from tests.dags.conftest import DAGS

        bag = DagBag(dag_folder=str(DAGS))
        assert bag.import_errors == {}, bag.import_errors
        return bag

    yield dagbag, inbox, db_url
    # Later tests parse the DAG without approval: dag.test() re-syncs the folder as it is then.


def _unclaimed(db_url: str) -> int:
    with session_scope(db_url) as session:
        return session.scalar(select(func.count()).select_from(Change).where(Change.digest_id.is_(None))) or 0


def test_rejected_digest_stays_unsent_then_approved_one_goes_out(approval_env) -> None:  # type: ignore[no-untyped-def]
    dagbag, inbox, db_url = approval_env
    tasks = dagbag().dags["zonewatch_nightly"].task_dict
    assert {"digest_preview", "approve", "digest"} <= set(tasks)
    assert type(tasks["approve"]).__name__ == "ApprovalOperator"

    rejecting = Analyst("Reject")
    run, states = _night(dagbag, rejecting)
    assert rejecting.status == 200, rejecting.request
    assert "示例高新区" in rejecting.request["body"] and "analyst@example.cn" in rejecting.request["body"]
    # The approver gets a link to the preview, not a path on a worker's disk.
    assert str(db_url).rsplit("/", 1)[0] not in rejecting.request["body"]
    assert rejecting.preview and "新建5G基站" in rejecting.preview, rejecting.preview
    assert states["approve"] == "success" and states["digest"] == "skipped", states
    assert run.state == "success" and inbox.messages == []
    assert _unclaimed(db_url) > 0, "a rejected digest's changes stay for the next night"
    with session_scope(db_url) as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0

    waiting = _unclaimed(db_url)
    approving = Analyst("Approve")
    run, states = _night(dagbag, approving)
    assert approving.status == 200 and states["digest"] == "success", states
    ((_, recipients, message),) = inbox.messages
    assert recipients == ["analyst@example.cn"] and "新建5G基站" in message.get_body(("plain",)).get_content()
    assert _unclaimed(db_url) == 0 and waiting > 0


def test_a_night_with_nothing_to_mail_asks_nothing(approval_env) -> None:  # type: ignore[no-untyped-def]
    dagbag, inbox, db_url = approval_env
    with session_scope(db_url) as session:
        for change in session.scalars(select(Change)):
            session.delete(change)
    from storage.models import Report

    with session_scope(db_url) as session:
        reports = list(session.scalars(select(Report).order_by(Report.plan_year)))
        for report in reports[:-1]:
            report.is_report = False  # no pair to diff: a quiet night
        # This year's report is in, so source health has no overdue report to mail about either.
        reports[-1].plan_year = utcnow().year
    run, states = _night(dagbag, None)
    assert states["digest_preview"] == "success" and states["approve"] == "skipped", states
    assert states["digest"] == "skipped" and run.state == "success" and inbox.messages == []
