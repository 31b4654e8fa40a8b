"""Helpers for CLI tests that run `zonewatch` as a real child process, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml


def zonewatch(
    *args: str, env: dict[str, str] | None = None, timeout: float = 240
) -> subprocess.CompletedProcess:
    """Run `python -m zonewatch ARGS` in a child process; stdout and stderr captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "zonewatch", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )


def demo_sites_file(server, path: Path, keys: list[str], *, dead: bool = False) -> Path:  # type: ignore[no-untyped-def]
    """A sites file for the given mirror zones with no politeness delay (loopback), optionally a dead site."""
    from mirror.demo_sites import write_sites_file

    write_sites_file(server, path, keys)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for site in data["sites"]:
        site["download_delay"] = 0
    if dead:
        # Port 9 (discard) is closed on loopback: connection refused at once.
        data["sites"].append({"name": "down", "zone": "停机园区", "start_urls": ["http://127.0.0.1:9/"]})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def mirror_server() -> Iterator[object]:
    """The bundled demo mirror on loopback (ephemeral ports)."""
    from mirror.server import MirrorServer

    with MirrorServer(fixtures=False) as server:
        yield server


@pytest.fixture(autouse=True)
def _no_cli_log_handler_left_behind() -> Iterator[None]:
    """In-process CLI invocations install a root log handler; other tests' output must not see it."""
    import logging

    from zonewatch.failures import OneLineLogHandler

    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, OneLineLogHandler)]:
        root.removeHandler(handler)
