"""`make airflow` for real: scripts/airflow_local.py on a free AIRFLOW_PORT in a throwaway folder,
its tasks' API address on that port, and one SIGINT stopping every process it started within 15 s."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from tests.monitor.conftest import free_port

REPO = Path(__file__).resolve().parents[2]
LAUNCHER = REPO / "scripts" / "airflow_local.py"

pytestmark = [pytest.mark.airflow, pytest.mark.slow, pytest.mark.timeout(900)]


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/api/v2/monitor/health", timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _alive(process: psutil.Process) -> bool:
    # A killed process is reaped by whoever inherits it; until then it is a zombie, not alive.
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _task_states(database: Path, deadline: float) -> list[str]:
    """Task instance states once one task has started or ended (or the deadline passed)."""
    states: list[str] = []
    while time.monotonic() < deadline:
        with contextlib.suppress(sqlite3.Error):
            connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)
            try:
                states = [row[0] for row in connection.execute("SELECT state FROM task_instance")]
            finally:
                connection.close()
        if {"running", "success", "failed", "up_for_retry"} & set(states):
            return states
        time.sleep(1)
    return states


def test_one_sigint_stops_every_process_and_tasks_use_the_moved_port(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "ZONEWATCH_"))}
    env["AIRFLOW_PORT"] = str(port)
    # Standalone's log servers default to 8793/8794: free ones, so another Airflow test can run beside.
    env["AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT"] = str(free_port())
    env["AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT"] = str(free_port())
    log = tmp_path / "launcher.log"
    with log.open("wb") as out:
        launcher = subprocess.Popen(
            [sys.executable, str(LAUNCHER), "--var", str(tmp_path / "var")],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # as a terminal's foreground job: the signal goes to the launcher
        )
    tree: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 600
        while not _healthy(f"http://127.0.0.1:{port}"):
            assert launcher.poll() is None, log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "the API server never answered"
            # The free port can be taken between its choice and the bind: say so at once.
            assert "address already in use" not in log.read_text(errors="replace"), f"port {port} taken"
            time.sleep(1)
        tree = psutil.Process(launcher.pid).children(recursive=True)
        names = " ".join(" ".join(p.cmdline()) for p in tree if _alive(p))
        assert "standalone" in names and "mirror" in names, names
        # Every Airflow component (and so every task it starts) calls the execution API on the port.
        # (Only the python processes: setproctitle overwrites the others' environment block.)
        urls = {
            p.cmdline()[2]: p.environ().get("AIRFLOW__CORE__EXECUTION_API_SERVER_URL")
            for p in tree
            if _alive(p) and len(p.cmdline()) > 2 and p.cmdline()[1].endswith("bin/airflow")
        }
        assert {"standalone", "scheduler", "dag-processor", "triggerer"} <= set(urls), urls
        assert set(urls.values()) == {f"http://localhost:{port}/execution/"}, urls

        # And a real task reaches it: the nightly DAG starts unpaused, and its first task must run
        # (with the API address left at :8080, every task failed with "connection refused"). A task
        # is `running` only once its process has called the execution API, so running is the proof,
        # without waiting for its end, which takes minutes on a loaded machine.
        states = _task_states(tmp_path / "var" / "airflow" / "airflow.db", time.monotonic() + 420)
        assert {"running", "success"} & set(states), states
        tree = psutil.Process(launcher.pid).children(recursive=True)  # tasks started meanwhile

        signalled = time.monotonic()
        launcher.send_signal(signal.SIGINT)
        code = launcher.wait(timeout=60)
        took = time.monotonic() - signalled
        print(f"SIGINT to exit: {took:.1f} s, {len(tree)} processes in the tree")  # shown with -s
        assert took < 15, f"stopping took {took:.1f} s"
        assert code == 128 + signal.SIGINT, log.read_text(errors="replace")[-2000:]
        time.sleep(0.5)  # let init reap what the launcher's children left behind
        left = [f"{p.pid} {' '.join(p.cmdline())}" for p in tree if _alive(p)]
        assert left == [], left
        assert not _healthy(f"http://127.0.0.1:{port}")
    finally:
        # A failed check must not leave Airflow running: the launcher's own stop first, then force.
        if launcher.poll() is None:
            launcher.send_signal(signal.SIGTERM)
            try:
                launcher.wait(timeout=30)
            except subprocess.TimeoutExpired:
                launcher.kill()
                launcher.wait(timeout=30)
        for process in tree:
            with contextlib.suppress(psutil.Error):
                process.kill()


def test_a_bad_airflow_port_is_one_line_and_exit_2(tmp_path: Path) -> None:
    env = {**os.environ, "AIRFLOW_PORT": "80a"}
    result = subprocess.run(
        [sys.executable, str(LAUNCHER), "--var", str(tmp_path / "var")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "make airflow: AIRFLOW_PORT='80a' is not a TCP port number (1-65535)"
    assert not (tmp_path / "var").exists(), "nothing is started or created"
