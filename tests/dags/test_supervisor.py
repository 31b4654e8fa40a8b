"""The stop of `make airflow` (scripts/airflow_local.py) on a small real process tree, no Airflow:
a child that ignores SIGTERM, and a grandchild that left for its own session and lost its parent
(how the orphan dag-processor of issue 22 escaped)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[2]

# Runs in its own interpreter: becoming a subreaper would change the pytest worker itself.
DRIVER = textwrap.dedent(
    """
    import json, os, sys, time
    sys.path.insert(0, sys.argv[1])
    import airflow_local

    airflow_local.become_subreaper()
    supervisor = airflow_local.Supervisor(dict(os.environ), grace=float(sys.argv[3]))
    out, log = sys.argv[2], airflow_local.Path(sys.argv[4])  # a log, so no child holds our stdout
    stubborn = supervisor.spawn([sys.executable, "-c", "import signal, time; "
        "signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(300)"], log)
    # A parent that starts a grandchild in a new session and then exits: an orphan in no group of ours.
    leaver = supervisor.spawn([sys.executable, "-c", "import subprocess, sys; "
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'], "
        "start_new_session=True); open(sys.argv[1], 'w').write(str(p.pid))", out], log)
    leaver.wait()
    while not os.path.exists(out) or not open(out).read():
        time.sleep(0.05)
    orphan = int(open(out).read())
    started = time.monotonic()
    supervisor.stop()
    print(json.dumps({"pids": [stubborn.pid, orphan], "took": time.monotonic() - started}))
    """
)


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_stop_kills_a_child_ignoring_sigterm_and_an_orphan_that_left_its_group(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            DRIVER,
            str(REPO / "scripts"),
            str(tmp_path / "orphan.pid"),
            "2",
            str(tmp_path / "children.log"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    time.sleep(0.5)  # let init reap what the driver left behind when it exited
    survivors = [pid for pid in report["pids"] if _alive(pid)]
    for pid in survivors:  # do not leave them running when the check fails
        os.kill(pid, 9)
    assert survivors == [], f"still running after stop(): {survivors}"
    assert report["took"] < 2 + 5, report  # the grace, then SIGKILL
    assert "killed after 2 s" in result.stderr
