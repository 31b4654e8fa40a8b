"""
### zonewatch_reparse

Manual: re-parse the stored documents with the current extractor (all zones, or the `zone` param)
and recompute the year-over-year diff. No crawling. Use it after the extractor improved
(`parsers/version.py`) or after fixing a site's configuration.
"""

from __future__ import annotations

import datetime as dt

from airflow.sdk import Asset, Param, dag, task

from zonewatch.orchestration import notify_failure

REPORTS = Asset("zonewatch://reports")
CHANGES = Asset("zonewatch://changes")


@dag(
    dag_id="zonewatch_reparse",
    schedule=None,
    start_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    catchup=False,
    max_active_runs=1,
    tags=["zonewatch", "maintenance"],
    default_args={
        "owner": "zonewatch",
        "retries": 1,
        "retry_delay": dt.timedelta(minutes=2),
        "execution_timeout": dt.timedelta(hours=2),
        "on_failure_callback": notify_failure,
    },
    params={"zone": Param(None, type=["null", "string"], description="Only this zone (empty: every zone)")},
    doc_md=__doc__,
)
def zonewatch_reparse() -> None:
    @task(outlets=[REPORTS])
    def reparse(params: dict | None = None) -> dict:
        from zonewatch.orchestration import migrate_db, parse_stage

        migrate_db()
        return parse_stage(zone=(params or {}).get("zone") or None, reparse_all=True)

    @task(outlets=[CHANGES])
    def rediff(params: dict | None = None) -> dict:
        from zonewatch.orchestration import diff_stage

        return diff_stage(zone=(params or {}).get("zone") or None)

    reparse() >> rediff()


zonewatch_reparse()
