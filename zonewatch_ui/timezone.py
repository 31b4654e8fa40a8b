"""Times on the pages are Beijing times: the database stores naive UTC (storage.models.utcnow)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(moment: dt.datetime | None, with_seconds: bool = False) -> str:
    """A naive UTC timestamp as Beijing wall-clock time, "2026-04-01 02:13"; "—" for None."""
    if moment is None:
        return "—"
    aware = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment
    return aware.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")
