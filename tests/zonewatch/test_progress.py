"""Progress of long work: a live bar on a real terminal, one plain line per site elsewhere (issue 15, point 6).

The terminal is real: a pseudo-terminal (pty) on the child's stderr, as an interactive shell gives.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path

import pytest

from tests.zonewatch.conftest import demo_sites_file, zonewatch

pytestmark = pytest.mark.slow

ESCAPE = "\x1b["
BAR = "━"  # rich's bar character


def on_terminal(
    args: list[str], env: dict[str, str] | None = None, timeout: float = 300
) -> tuple[int, str, str]:
    """Run `zonewatch ARGS` with stderr on a pty (120 columns); returns exit code, terminal text, stdout."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    # Airflow tests that ran earlier in this process leave AIRFLOW_CTX_* in its environment.
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW_CTX_") and k != "NO_COLOR"}
    child_env = {**inherited, "TERM": "xterm-256color", "ZONEWATCH_PROGRESS": "", **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "zonewatch", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
        env=child_env,
    )
    os.close(slave)
    stdout: list[bytes] = []
    reader = threading.Thread(target=lambda: stdout.append(process.stdout.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    screen = bytearray()
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 1.0)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                screen += chunk
            elif process.poll() is not None:
                break
        code = process.wait(timeout)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    reader.join(30)
    return code, screen.decode("utf-8", "replace"), b"".join(stdout).decode("utf-8")


@pytest.fixture
def sites(tmp_path: Path, mirror_server: object) -> Path:
    return demo_sites_file(mirror_server, tmp_path / "sites.yaml", ["fengyuan"], dead=True)


def test_run_on_a_terminal_shows_sites_and_documents(tmp_path: Path, sites: Path) -> None:
    code, screen, stdout = on_terminal(
        ["run", "--json", "--sites", str(sites), "--db", f"sqlite:///{tmp_path / 'z.db'}"]
    )
    assert code == 3, screen  # the dead site
    night = __import__("json").loads(stdout.strip().splitlines()[-1])
    parsed = night["parse"]["parsed"]
    assert parsed > 0
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen)
    assert ESCAPE in screen and BAR in plain, "a live bar, drawn with escape codes"
    assert re.search(r"crawl\s.*2/2 sites\s+\d+:\d\d:\d\d", plain), plain
    # The bar counts pages: it moves while the mirror site is still being crawled (issue 22).
    assert re.search(r"crawl\s.*[1-9]\d*/\? pages · [01]/2 sites", plain), plain
    assert re.search(rf"parse\s.*{parsed}/{parsed} documents\s+\d+:\d\d:\d\d", plain), plain
    assert "[1/2]" not in plain, "on a terminal the bar replaces the per-site log lines"


@pytest.mark.parametrize("where", ["pipe", pytest.param("airflow", id="terminal-under-airflow")])
def test_crawl_off_a_terminal_logs_one_line_per_site(tmp_path: Path, sites: Path, where: str) -> None:
    args = ["crawl", "--sites", str(sites), "--db", f"sqlite:///{tmp_path / 'z.db'}"]
    if where == "pipe":
        result = zonewatch(*args)
        code, log = result.returncode, result.stderr
    else:
        # An Airflow task's environment names its DAG; even on a terminal there is no bar there.
        code, log, _ = on_terminal(args, env={"AIRFLOW_CTX_DAG_ID": "zonewatch_nightly"})
    assert code == 3, log
    assert ESCAPE not in log and BAR not in log, "no escape codes or bars in a log"
    site_lines = [line for line in log.splitlines() if re.match(r"\[\d/2\] ", line)]
    assert len(site_lines) == 2, log
    assert {line.split()[1] for line in site_lines} == {"demo-fengyuan", "down"}
    assert any("FAILED (connection refused)" in line for line in site_lines), site_lines


def test_the_crawl_child_reports_every_page_as_it_arrives(tmp_path: Path) -> None:
    """What moves `run`'s bar: one event per page fetched (list, detail, attachment, robots.txt),
    sent by the crawl child before the site is done, not one per site."""
    import yaml

    from storage.migrate import upgrade
    from tests.crawlers.tiny_site import TinySite
    from zonewatch.pipeline import PAGE_EVENT, SITE_DONE, crawl_subprocess

    db_url = f"sqlite:///{tmp_path / 'z.db'}"
    upgrade(db_url)
    lines: list[str] = []
    with TinySite(lists=3, per_list=2) as site:
        entry = {
            "name": "tiny",
            "zone": "小微园区",
            "start_urls": [site.url + "/list_1.html"],
            "download_delay": 0,
        }
        sites = tmp_path / "sites.yaml"
        sites.write_text(yaml.safe_dump({"sites": [entry]}, allow_unicode=True), encoding="utf-8")
        stats = crawl_subprocess(sites, db_url, on_line=lines.append, page_events=True)
        served = len(site.log)
    (tiny,) = stats["sites"]
    assert tiny["status"] == "ok" and tiny["list_pages"] == 3, tiny
    events = [i for i, line in enumerate(lines) if line == f"{PAGE_EVENT}tiny"]
    assert len(events) == served, f"one event per response: {len(events)} of {served} served"
    assert len(events) > tiny["list_pages"] + 2, "detail pages and attachments count too"
    (done,) = [i for i, line in enumerate(lines) if SITE_DONE.match(line)]
    assert max(events) < done, "every page is reported before its site is done"
