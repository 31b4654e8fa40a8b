"""Time and memory of `zonewatch crawl` over many unreachable sites: it must stay linear.

Run by hand (not a test):

    .venv/bin/python benchmarks/bench_unreachable.py [--sites 300 1000 3000] [--silent 5]

Each size is one `zonewatch crawl` child process, whole process (start-up included), on a fresh
SQLite database: N sites on loopback ports where nothing listens (connection refused), plus
--silent sites that accept connections and never answer (each costs its own download timeout,
30 s by default, once). Prints wall and CPU time, peak RSS of the child and seconds per 1,000
sites. On a shared, loaded machine the wall time measures the neighbours; the CPU time does not.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def free_ports(count: int) -> list[int]:
    """Loopback ports nobody listens on: bound by the kernel's choice, then released."""
    sockets = []
    for _ in range(count):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sockets.append(sock)
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def run(count: int, silent: list[socket.socket], workdir: Path) -> dict[str, Any]:
    ports = free_ports(count)
    sites = [
        {"name": f"down-{i}", "zone": f"第{i}园区", "start_urls": [f"http://127.0.0.1:{port}/index.html"]}
        for i, port in enumerate(ports)
    ]
    sites += [
        {
            "name": f"silent-{i}",
            "zone": f"沉默{i}园区",
            "start_urls": [f"http://127.0.0.1:{s.getsockname()[1]}/"],
        }
        for i, s in enumerate(silent)
    ]
    sites_file = workdir / f"sites-{count}.yaml"
    sites_file.write_text(yaml.safe_dump({"sites": sites}, allow_unicode=True), encoding="utf-8")
    db = workdir / f"unreachable-{count}.db"
    command = [
        sys.executable,
        "-m",
        "zonewatch",
        "crawl",
        "--sites",
        str(sites_file),
        "--db",
        f"sqlite:///{db}",
    ]
    started = time.monotonic()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    stdout = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 3:
        raise SystemExit(f"expected exit 3 (sites failed), got {status}")
    stats = json.loads(stdout.strip().splitlines()[-1])["sites"]
    reasons: dict[str, int] = {}
    for site in stats:
        reasons[site["reason"]] = reasons.get(site["reason"], 0) + 1
    slowest = max(site["duration_s"] for site in stats)
    return {
        "sites": len(stats),
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
        "slowest_site_s": slowest,
        "reasons": reasons,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sites", type=int, nargs="+", default=[300, 1000, 3000])
    parser.add_argument("--silent", type=int, default=5, help="sites that accept and never answer")
    args = parser.parse_args()
    silent = []
    for _ in range(args.silent):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)  # the kernel accepts; nobody reads or answers
        silent.append(sock)
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.sites:
            result = run(count, silent, Path(tmp))
            per_1000 = result["wall_s"] / result["sites"] * 1000
            print(
                f"{count} unreachable + {args.silent} silent sites (load {os.getloadavg()[0]:.1f}): "
                f"{result['wall_s']:.1f} s wall ({per_1000:.1f} s per 1,000 sites), "
                f"{result['cpu_s']:.1f} s CPU, peak RSS {result['rss_mb']:.0f} MB, "
                f"slowest site {result['slowest_site_s']:.1f} s, reasons {result['reasons']}",
                flush=True,
            )
    for sock in silent:
        sock.close()


if __name__ == "__main__":
    main()
