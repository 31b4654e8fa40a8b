"""A real mirror on loopback and the real `zonewatch crawl` in a child process, as production runs it."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from mirror.demo_sites import write_sites_file
from mirror.server import MirrorServer
from zonewatch.pipeline import crawl_command


@dataclass
class CrawlResult:
    code: int
    stats: dict[str, dict[str, Any]]
    failed: list[str]
    stderr: str
    partial: list[str] = field(default_factory=list)  # sites whose lists were read only in part


def run_crawl(sites_file: Path, db_url: str, *extra: str, timeout: float = 180) -> CrawlResult:
    command = [*crawl_command(sites_file, db_url), "--delay", "0", *extra]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    assert completed.stdout.strip(), completed.stderr[-3000:]
    data = json.loads(completed.stdout.strip().splitlines()[-1])
    return CrawlResult(
        completed.returncode,
        {s["site"]: s for s in data["sites"]},
        data["failed"],
        completed.stderr,
        data.get("partial", []),
    )


@pytest.fixture
def mirror() -> Iterator[MirrorServer]:
    with MirrorServer(fixtures=True) as server:
        yield server


@pytest.fixture
def demo_sites(mirror: MirrorServer, tmp_path: Path) -> Path:
    return write_sites_file(mirror, tmp_path / "sites.yaml", ["yunxi", "chenghu", "qingchuan", "fengyuan"])
