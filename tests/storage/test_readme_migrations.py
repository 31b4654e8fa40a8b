"""The README names only migrations that exist (issue 22: it named a health migration `0006` while
the head was `0003`)."""

from __future__ import annotations

import re
from pathlib import Path

from storage.migrate import MIGRATIONS

README = Path(__file__).resolve().parents[2] / "README.md"
# A standalone four-digit id starting with 0 (`0003`, 0003_health_alerts); not part of 90000 or 1.0003.
MIGRATION_ID = re.compile(r"(?<![\w.])(0\d{3})(?=\b|_)")


def test_every_migration_the_readme_names_exists() -> None:
    existing = {path.name[:4] for path in (MIGRATIONS / "versions").glob("0[0-9][0-9][0-9]_*.py")}
    named = set(MIGRATION_ID.findall(README.read_text(encoding="utf-8")))
    assert named, "the README names the health_alerts migration; the pattern must find it"
    assert named <= existing, f"README names migrations that do not exist: {sorted(named - existing)}"
