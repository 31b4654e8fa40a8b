"""A CeleryExecutor cluster on one machine, built from the compose stack's own definition.

`docker-compose.yml` names the Airflow components (its services on the zonewatch image whose command
is an Airflow sub-command) and `docker/airflow.env` holds their settings. This module reads both, so
`make celery-check` starts exactly what the compose stack starts, with the same settings; only the
addresses differ (PostgreSQL, Redis, the API server, SMTP on loopback instead of service names).

Nothing here imports Airflow: every component is a child process, in its own process group so a
worker can be killed whole (`kill_group`), with its output in `<run_dir>/logs/<name>.log`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
COMPOSE_FILE = REPO / "docker-compose.yml"
AIRFLOW_ENV_FILE = REPO / "docker" / "airflow.env"
WORKER_COMMAND = "celery worker"


class ComponentFailed(RuntimeError):
    """A component exited or never became ready; the message names it and its log file."""


def read_env_file(path: Path = AIRFLOW_ENV_FILE) -> dict[str, str]:
    """KEY=VALUE lines of an env file (compose's `env_file` format: no quotes, # comments)."""
    settings: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"{path}:{number}: not a KEY=VALUE line: {line!r}")
        settings[key.strip()] = value.strip()
    return settings


def compose_components(path: Path = COMPOSE_FILE) -> dict[str, str]:
    """The long-running Airflow services of the compose file: service name → Airflow sub-command.

    A service counts when it runs the zonewatch image with a string command (`scheduler`,
    `celery worker`, …); one-shot jobs (airflow-init) and helpers (mirror) use a list command.
    """
    services = yaml.safe_load(path.read_text(encoding="utf-8"))["services"]
    return {
        name: service["command"]
        for name, service in services.items()
        if str(service.get("image", "")).startswith("zonewatch-airflow")
        and isinstance(service.get("command"), str)
    }


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(what: str, ready: Callable[[], bool], timeout: float, poll: float = 0.5) -> None:
    """Poll ready() until it is true; TimeoutError naming `what` after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(poll)
    raise TimeoutError(f"{what}: not ready after {timeout:.0f} s")


def port_open(port: int) -> bool:
    """True when something accepts TCP connections on 127.0.0.1:port."""
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def alive(self) -> bool:
        return self.popen.poll() is None

    def check(self) -> None:
        """Raise ComponentFailed when the process has exited."""
        if not self.alive():
            raise ComponentFailed(f"{self.name} exited with {self.popen.returncode}; log: {self.log}")


@dataclass
class Cluster:
    """Child processes started for one check, stopped together (`stop`) in reverse order."""

    run_dir: Path
    env: dict[str, str]
    processes: list[Process] = field(default_factory=list)

    def start(self, name: str, command: list[str], extra_env: dict[str, str] | None = None) -> Process:
        """Start command as component `name`, output to logs/<name>.log, in its own process group."""
        logs = self.run_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        log = logs / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                command,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env={**self.env, **(extra_env or {})},
                cwd=self.run_dir,
                start_new_session=True,
            )
        process = Process(name, popen, log)
        self.processes.append(process)
        return process

    def run(self, name: str, command: list[str], timeout: float = 300) -> str:
        """Run a one-shot command to completion; its output, or ComponentFailed naming its log."""
        logs = self.run_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        log = logs / f"{name}.log"
        result = subprocess.run(
            command, capture_output=True, text=True, env=self.env, cwd=self.run_dir, timeout=timeout
        )
        log.write_text(result.stdout + result.stderr, encoding="utf-8")
        if result.returncode != 0:
            raise ComponentFailed(f"{name} exited with {result.returncode}; log: {log}")
        return result.stdout

    def check_alive(self) -> None:
        """Raise ComponentFailed for the first started component that has exited."""
        for process in self.processes:
            process.check()

    def kill_group(self, process: Process) -> None:
        """SIGKILL a component with every process it started (a worker lost with its tasks)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.popen.pid, signal.SIGKILL)
        process.popen.wait(timeout=30)

    def stop(self, grace: float = 20) -> None:
        """SIGTERM every component's group (newest first), SIGKILL what is left after grace seconds."""
        for process in reversed(self.processes):
            if process.alive():
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.popen.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in reversed(self.processes):
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.popen.pid, signal.SIGKILL)
