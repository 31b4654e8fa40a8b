"""
### zonewatch_nightly

Every night at 02:00 (Asia/Shanghai): migrate the database, read the sites file, crawl **each site
in its own mapped task** (pool `zonewatch_crawl` bounds how many run at once), parse the new and
changed documents, diff every zone's reports year over year, and mail the digest.

**Settings** (environment of the workers): `ZONEWATCH_SITES` (sites YAML), `ZONEWATCH_DB_URL`,
`ZONEWATCH_MAIL_TO`, `ZONEWATCH_MAIL_FROM`; SMTP from the Airflow connection `smtp_default`, else
`ZONEWATCH_SMTP_URL`.

**One site failing** fails only its own `crawl` map index (after retries); a site read only in
part (`partial`: a list shorter than it declared, a pager request that failed) logs a warning. Parse,
diff and the digest still run, and the digest names both under 抓取异常. The final `check` task then
fails when any site failed or was partial (or another task failed), so the run is red in the grid.

**Re-run one site**: in the grid, open the failed `crawl` map index and *Clear* it (with
downstream) — or from a shell: `zonewatch crawl --site NAME` then trigger `zonewatch_reparse`.
"""

from __future__ import annotations

import datetime as dt

from airflow.sdk import Asset, CronTriggerTimetable, dag, task

from zonewatch.orchestration import CRAWL_POOL, notify_failure

DOCUMENTS = Asset("zonewatch://documents")
REPORTS = Asset("zonewatch://reports")
CHANGES = Asset("zonewatch://changes")

DEFAULT_ARGS = {
    "owner": "zonewatch",
    "retries": 2,
    "retry_delay": dt.timedelta(minutes=5),
    "retry_exponential_backoff": True,
    "max_retry_delay": dt.timedelta(minutes=40),
    "execution_timeout": dt.timedelta(minutes=30),
    "on_failure_callback": notify_failure,
}


@dag(
    dag_id="zonewatch_nightly",
    schedule=CronTriggerTimetable("0 2 * * *", timezone="Asia/Shanghai"),
    start_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    catchup=False,
    max_active_runs=1,
    tags=["zonewatch", "crawl", "nightly"],
    default_args=DEFAULT_ARGS,
    doc_md=__doc__,
)
def zonewatch_nightly() -> None:
    @task
    def migrate() -> str:
        from zonewatch.orchestration import migrate_db

        return migrate_db()

    @task
    def sites() -> list[str]:
        from zonewatch.orchestration import site_names

        return site_names()

    @task(pool=CRAWL_POOL, execution_timeout=dt.timedelta(hours=2), outlets=[DOCUMENTS])
    def crawl(site: str) -> dict:
        from zonewatch.orchestration import crawl_site

        # The child gets a timeout under execution_timeout so it is stopped, not orphaned, on a hang.
        return crawl_site(site, timeout=110 * 60)

    @task(trigger_rule="all_done", outlets=[REPORTS])
    def parse() -> dict:
        from zonewatch.orchestration import parse_stage

        return parse_stage()

    @task(outlets=[CHANGES])
    def diff() -> dict:
        from zonewatch.orchestration import diff_stage

        return diff_stage()

    @task(trigger_rule="all_done")
    def digest() -> dict:
        from zonewatch.orchestration import digest_stage

        return digest_stage(send=True)

    # After the digest is out, whatever happened: red when the night was incomplete. No retries,
    # since the verdict would not change.
    @task(trigger_rule="all_done", retries=0)
    def check(**context) -> dict:  # type: ignore[no-untyped-def]
        from zonewatch.orchestration import check_night, failed_tasks

        run = context["dag_run"]
        return check_night(run.run_after or run.start_date, failed_tasks(context))

    names = sites()
    migrate() >> names
    crawled = crawl.expand(site=names)
    parsed = parse()
    crawled >> parsed
    changes = diff()
    parsed >> changes
    sent = digest()
    changes >> sent
    [crawled, parsed, changes, sent] >> check()


zonewatch_nightly()
