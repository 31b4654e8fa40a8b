"""Headless Chromium screenshots, for the digest test and the docs/ scripts.

The flags matter on this project's machines: without the background-networking ones Chromium keeps
dialling out to a closed network, and as root it needs --no-sandbox.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--hide-scrollbars",
)


def chromium() -> str | None:
    """Debian's chromium, or None when it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def screenshot(
    url: str,
    png: Path,
    *,
    width: int,
    height: int,
    profile: Path,
    extra: Sequence[str] = (),
    timeout: float = 120,
) -> None:
    """Render `url` at width×height into `png`, with a fresh profile directory."""
    binary = chromium()
    if binary is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    png.parent.mkdir(parents=True, exist_ok=True)
    command = [
        binary,
        *FLAGS,
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        *extra,
        f"--screenshot={png}",
        url,
    ]
    subprocess.run(command, capture_output=True, timeout=timeout, check=True)
