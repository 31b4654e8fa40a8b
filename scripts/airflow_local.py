"""`make airflow`: Airflow 3 standalone on this machine, stopped whole by the first Ctrl-C.

Starts the demo mirror, migrates Airflow's SQLite database and zonewatch's, creates the
`zonewatch_crawl` pool, then runs `airflow standalone` (scheduler, dag-processor, API server + UI,
triggerer) with its home in <var>/airflow, this repo's dags/ and plugins/, and the mirror's sites.
The API server's port is AIRFLOW_PORT (default 8080); the task API address follows it
(scripts/airflow_addresses.py).

Stopping: every child runs in its own session, so a Ctrl-C in the terminal reaches only this
supervisor, which forwards SIGTERM once to each child's process group, waits up to GRACE_S seconds,
then SIGKILLs the groups and every descendant still alive. The supervisor is a child subreaper
(Linux), so a process that left its group and lost its parent (a task process calls setsid) is
still its descendant and is stopped too.
Exit 130 after SIGINT, 143 after SIGTERM, the standalone's own status when it ends by itself,
2 for a bad AIRFLOW_PORT or a failed set-up step (one line on stderr naming its log).
Usage: python scripts/airflow_local.py [--var DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

import psutil
from airflow_addresses import BadPort, airflow_addresses, airflow_port

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GRACE_S = 10.0


class Stop(Exception):
    """A stop signal arrived; `signum` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class SetupFailed(RuntimeError):
    """A set-up step (mirror, migrations, pool) failed; the message names its log."""


class Supervisor:
    """Child processes of one run, each in its own session, stopped together by `stop`."""

    def __init__(self, env: dict[str, str], grace: float = GRACE_S) -> None:
        self.env = env
        self.grace = grace
        self.children: list[subprocess.Popen[bytes]] = []

    def spawn(self, command: list[str], log: Path | None) -> subprocess.Popen[bytes]:
        """Start `command` in a new session; output to `log`, or to this terminal when None."""
        out = log.open("ab") if log is not None else None
        try:
            child = subprocess.Popen(
                command,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT if out is not None else None,
                start_new_session=True,  # the terminal's Ctrl-C goes to us only; we forward it once
            )
        finally:
            if out is not None:
                out.close()
        self.children.append(child)
        return child

    def run(self, name: str, command: list[str], log: Path) -> None:
        """Run a set-up step to its end; SetupFailed naming `log` when it fails."""
        child = self.spawn(command, log)
        code = child.wait()
        self.children.remove(child)
        if code != 0:
            raise SetupFailed(f"{name} exited with {code}; log: {log}")

    def descendants(self) -> list[psutil.Process]:
        """Every live process started for this run, including those that left their group."""
        with contextlib.suppress(psutil.Error):
            return psutil.Process().children(recursive=True)
        return []

    def stop(self) -> None:
        """SIGTERM each child's group once, wait up to `grace` s, then SIGKILL whatever is left."""
        processes = self.descendants()
        for child in self.children:
            if child.poll() is None:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        for child in self.children:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
        # Grandchildren may outlive their parents or sit in groups of their own (a task process
        # calls setsid): as a subreaper we inherit them, so they are still in our tree.
        _, alive = psutil.wait_procs(processes, timeout=max(0.1, deadline - time.monotonic()))
        for child in self.children:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.pid, signal.SIGKILL)
        left = list({p.pid: p for p in [*alive, *self.descendants()]}.values())
        if left:
            print(f"make airflow: killed after {self.grace:.0f} s: {_names(left)}", file=sys.stderr)
        for process in left:
            with contextlib.suppress(psutil.Error):
                process.kill()
        for child in self.children:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=5)
        psutil.wait_procs(self.descendants(), timeout=5)  # reaps the orphans we inherited


def _names(processes: list[psutil.Process]) -> str:
    names = []
    for process in processes:
        with contextlib.suppress(psutil.Error):
            names.append(f"{process.pid} {' '.join(process.cmdline()[:3])[:60]} ({process.status()})")
    return "; ".join(names)


def become_subreaper() -> bool:
    """Make orphaned descendants our children instead of init's (Linux); False where unsupported.

    Without it, a process that its parent left behind (the orphan dag-processor of issue 22) is
    reparented to init and no longer found in our process tree.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    pr_set_child_subreaper = 36
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl(pr_set_child_subreaper, 1, 0, 0, 0) == 0


def local_env(var: Path, port: int) -> dict[str, str]:
    """The environment of every process of the run."""
    # The caller's own AIRFLOW__* settings stay (say, other log server ports); these override them.
    env = dict(os.environ)
    env.update(
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        AIRFLOW_HOME=str(var / "airflow"),
        AIRFLOW__CORE__DAGS_FOLDER=str(REPO / "dags"),
        AIRFLOW__CORE__PLUGINS_FOLDER=str(REPO / "plugins"),  # the zone pages: /zonewatch, 园区监测
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__CORE__PARALLELISM="4",  # SQLite: keep the writers few
        AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION="False",
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS="admin:admin",
        ZONEWATCH_HOME=str(var),
        ZONEWATCH_SITES=str(var / "demo-sites.yaml"),
        ZONEWATCH_MAIL_TO=os.environ.get("ZONEWATCH_MAIL_TO", "analyst@example.cn"),
        **airflow_addresses(port),
    )
    return env


def _raise_stop(signum: int, _frame: FrameType | None) -> None:
    # Forward once: later signals are ignored while the stop (bounded by GRACE_S) runs.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Stop(signum)


def start(supervisor: Supervisor, var: Path, password: str) -> subprocess.Popen[bytes]:
    """The set-up steps, then `airflow standalone` (its output on this terminal)."""
    env = supervisor.env
    home = Path(env["AIRFLOW_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    # A known password instead of a generated one (SimpleAuthManager reads this file).
    (home / "simple_auth_manager_passwords.json.generated").write_text(json.dumps({"admin": password}))
    sites = Path(env["ZONEWATCH_SITES"])
    sites.unlink(missing_ok=True)
    mirror_log = var / "mirror.log"
    mirror_log.write_bytes(b"")
    mirror = supervisor.spawn([str(BIN / "zonewatch"), "mirror", "--print-sites", str(sites)], mirror_log)
    deadline = time.monotonic() + 30
    while not (sites.exists() and sites.stat().st_size > 0):
        if mirror.poll() is not None or time.monotonic() > deadline:
            raise SetupFailed(f"the demo mirror did not start; log: {mirror_log}")
        time.sleep(0.2)
    airflow = str(BIN / "airflow")
    migrate_log = var / "airflow-migrate.log"
    migrate_log.write_bytes(b"")
    supervisor.run("airflow db migrate", [airflow, "db", "migrate"], migrate_log)
    supervisor.run(
        "airflow pools set",
        [airflow, "pools", "set", "zonewatch_crawl", "4", "zonewatch sites crawled at once"],
        migrate_log,
    )
    supervisor.run("zonewatch db upgrade", [str(BIN / "zonewatch"), "db", "upgrade"], migrate_log)
    base = env["AIRFLOW__API__BASE_URL"]
    print(
        f"\n  Airflow UI:   {base}   (login: admin / {password})\n"
        "  DAGs:         zonewatch_nightly (02:00 Asia/Shanghai), zonewatch_reparse (manual)\n"
        f"  Zone pages:   {base}/zonewatch/   (no login; also 浏览 → 园区监测 in the UI)\n"
        f"  Demo mirror:  {mirror_log.read_text(encoding='utf-8', errors='replace')[:400].strip()}\n"
        f"  Digest files: {var}/digests/latest.html   (set ZONEWATCH_SMTP_URL to mail it)\n"
        "  Stop:         Ctrl-C (once; everything is stopped within about 10 s)\n",
        flush=True,
    )
    return supervisor.spawn([airflow, "standalone"], None)


def main(argv: list[str] | None = None) -> int:
    """Run Airflow standalone until it ends or a SIGINT/SIGTERM arrives; the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--var", type=Path, default=REPO / "var", help="state folder (Airflow home, logs, digests)"
    )
    args = parser.parse_args(argv)
    try:
        port = airflow_port()
    except BadPort as error:
        print(f"make airflow: {error}", file=sys.stderr)
        return 2
    var = args.var.resolve()
    var.mkdir(parents=True, exist_ok=True)
    become_subreaper()
    supervisor = Supervisor(local_env(var, port))
    signal.signal(signal.SIGINT, _raise_stop)
    signal.signal(signal.SIGTERM, _raise_stop)
    try:
        standalone = start(supervisor, var, os.environ.get("AIRFLOW_ADMIN_PASSWORD", "zonewatch"))
        code = standalone.wait()
        print(f"make airflow: airflow standalone ended with {code}", file=sys.stderr)
        return code
    except Stop as stop:
        print(f"\nmake airflow: {stop}: stopping Airflow (at most {GRACE_S:.0f} s)", file=sys.stderr)
        return 128 + stop.signum
    except SetupFailed as error:
        print(f"make airflow: {error}", file=sys.stderr)
        return 2
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        supervisor.stop()


if __name__ == "__main__":
    sys.exit(main())
