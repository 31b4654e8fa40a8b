"""A throwaway `airflow standalone` serving the zone pages, for the test and the screenshot script.

Its home is a temporary directory, its port a free one, its plugins folder this repo's plugins/,
and its zonewatch database the one given. Airflow runs in its own process group, stopped on exit.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Standalone:
    base: str
    home: Path

    def get(self, path: str, timeout: float = 60) -> tuple[int, str]:
        """GET without credentials: (status, body)."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def get_json(self, path: str, token: str | None = None) -> Any:
        request = urllib.request.Request(self.base + path)
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def token(self, username: str = "admin", password: str = "zonewatch-ui") -> str:
        request = urllib.request.Request(
            self.base + "/auth/token",
            data=json.dumps({"username": username, "password": password}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())["access_token"]


def _wait_healthy(base: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"airflow standalone exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(base + "/api/v2/monitor/health", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    raise TimeoutError("airflow standalone did not answer /api/v2/monitor/health")


@contextmanager
def standalone(
    home: Path, db_url: str, timeout: float = 600, all_admins: bool = True
) -> Iterator[Standalone]:
    """Start Airflow standalone in `home` with the zone pages over `db_url`; yield once its API answers.

    all_admins: every visitor is admin (Chromium's --screenshot cannot log in) — for a throwaway
    instance on loopback only.
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "ZONEWATCH_"))}
    env.update(
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        AIRFLOW_HOME=str(home / "airflow"),
        AIRFLOW__CORE__DAGS_FOLDER=str(REPO / "dags"),
        AIRFLOW__CORE__PLUGINS_FOLDER=str(REPO / "plugins"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__CORE__PARALLELISM="2",
        AIRFLOW__API__PORT=str(port),
        # The log servers default to 8793/8794: free ports, so two standalones (tests) run side by side.
        AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT=str(free_port()),
        AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT=str(free_port()),
        AIRFLOW__API__BASE_URL=base,
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS="admin:admin",
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS=str(all_admins),
        ZONEWATCH_HOME=str(home),
        ZONEWATCH_DB_URL=db_url,
    )
    (home / "airflow").mkdir(parents=True, exist_ok=True)
    (home / "airflow" / "simple_auth_manager_passwords.json.generated").write_text(
        json.dumps({"admin": "zonewatch-ui"})
    )
    airflow = str(BIN / "airflow")
    subprocess.run([airflow, "db", "migrate"], env=env, check=True, capture_output=True)
    with (home / "standalone.log").open("wb") as log:
        proc = subprocess.Popen(
            [airflow, "standalone"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_healthy(base, proc, timeout)
        yield Standalone(base, home)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
