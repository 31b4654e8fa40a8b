"""Start `airflow standalone` in a throwaway home, run zonewatch_nightly on the demo mirror over the
REST API v2, and screenshot the DAG's grid in headless Chromium for docs/airflow-grid.png.

    .venv/bin/python scripts/screenshot_airflow.py [--out docs/airflow-grid.png] [--check-only]

--check-only stops after the REST checks (login with POST /auth/token, both DAGs listed, no import
errors). Everything lives under var/airflow-shot-*; the mirror runs in this process, Airflow in a
child process group that is stopped at the end. Prints one JSON line with what it found.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DAG_IDS = {"zonewatch_nightly", "zonewatch_reparse"}
PASSWORD = "zonewatch-shot"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Api:
    """The REST API v2 with a bearer token from POST /auth/token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.token: str | None = None

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def login(self, username: str, password: str) -> None:
        answer = self.call("POST", "/auth/token", {"username": username, "password": password})
        self.token = answer["access_token"]


def wait_healthy(base: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"airflow standalone exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(base + "/api/v2/monitor/health", timeout=5) as response:
                health = json.loads(response.read())
            if health.get("scheduler", {}).get("status") == "healthy":
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError):
            pass
        time.sleep(1)
    raise TimeoutError("airflow standalone did not become healthy")


def wait_dags(api: Api, timeout: float) -> dict[str, Any]:
    """Both DAGs parsed by the dag-processor, and no import errors."""
    deadline = time.monotonic() + timeout
    while True:
        listed = {d["dag_id"] for d in api.call("GET", "/api/v2/dags?limit=100")["dags"]}
        errors = api.call("GET", "/api/v2/importErrors")
        if errors["total_entries"]:
            raise RuntimeError(f"import errors: {errors['import_errors']}")
        if listed >= DAG_IDS:
            return {"dags": sorted(listed), "import_errors": 0}
        if time.monotonic() > deadline:
            raise TimeoutError(f"DAGs listed: {sorted(listed)}")
        time.sleep(1)


def run_nightly(api: Api, timeout: float) -> dict[str, Any]:
    # New DAGs start paused: a triggered run would sit queued (and {} is a 422 without logical_date).
    api.call("PATCH", "/api/v2/dags/zonewatch_nightly", {"is_paused": False})
    run = api.call("POST", "/api/v2/dags/zonewatch_nightly/dagRuns", {"logical_date": None})
    run_id = run["dag_run_id"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = api.call("GET", f"/api/v2/dags/zonewatch_nightly/dagRuns/{run_id}")
        if run["state"] in ("success", "failed"):
            break
        time.sleep(2)
    tis = api.call("GET", f"/api/v2/dags/zonewatch_nightly/dagRuns/{run_id}/taskInstances")
    states = {f"{t['task_id']}[{t['map_index']}]": t["state"] for t in tis["task_instances"]}
    return {"run_id": run_id, "state": run["state"], "tasks": states}


def screenshot(url: str, out: Path, workdir: Path) -> None:
    from zonewatch.browser import screenshot as render

    # The UI is a single-page app: give its scripts virtual time to draw the grid.
    render(
        url,
        out,
        width=1500,
        height=900,
        profile=workdir / "chromium",
        extra=["--virtual-time-budget=20000"],
        timeout=180,
    )


def fast_sites(mirror: Any, path: Path) -> Path:
    from mirror.demo_sites import write_sites_file

    data = yaml.safe_load(write_sites_file(mirror, path).read_text(encoding="utf-8"))
    for site in data["sites"]:
        site["download_delay"] = 0  # politeness is for real sites; the mirror is ours
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description="Airflow standalone checks and grid screenshot")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "airflow-grid.png")
    parser.add_argument("--check-only", action="store_true")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()

    from mirror.server import MirrorServer

    (REPO / "var").mkdir(exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="airflow-shot-", dir=REPO / "var"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "ZONEWATCH_"))}
    env.update(
        # standalone starts its components as `airflow …` from PATH
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        AIRFLOW_HOME=str(home / "airflow"),
        AIRFLOW__CORE__DAGS_FOLDER=str(REPO / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__CORE__PARALLELISM="4",
        AIRFLOW__API__PORT=str(port),
        AIRFLOW__API__BASE_URL=base,
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS="admin:admin",
        # Chromium's --screenshot cannot log in: every visitor is admin in this throwaway run only.
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS="True",
        ZONEWATCH_HOME=str(home),
        ZONEWATCH_DB_URL=f"sqlite:///{home / 'zonewatch.db'}",
        ZONEWATCH_MAIL_TO="analyst@example.cn",
    )
    (home / "airflow").mkdir()
    (home / "airflow" / "simple_auth_manager_passwords.json.generated").write_text(
        json.dumps({"admin": PASSWORD})
    )
    with MirrorServer(fixtures=False) as mirror:
        env["ZONEWATCH_SITES"] = str(fast_sites(mirror, home / "sites.yaml"))
        airflow = str(BIN / "airflow")
        subprocess.run([airflow, "db", "migrate"], env=env, check=True, capture_output=True)
        pool = [airflow, "pools", "set", "zonewatch_crawl", "2", "zonewatch crawl"]
        subprocess.run(pool, env=env, check=True, capture_output=True)
        with (home / "standalone.log").open("wb") as log:
            proc = subprocess.Popen(
                [airflow, "standalone"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            wait_healthy(base, proc, args.timeout)
            api = Api(base)
            api.login("admin", PASSWORD)
            result: dict[str, Any] = wait_dags(api, args.timeout)
            if not args.check_only:
                result["run"] = run_nightly(api, args.timeout)
                screenshot(f"{base}/dags/zonewatch_nightly", args.out, home)
                result["screenshot"] = str(args.out)
            print(json.dumps(result, ensure_ascii=False))
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
