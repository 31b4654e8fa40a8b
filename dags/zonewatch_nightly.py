"""
### zonewatch_nightly

Every night at 02:00 (Asia/Shanghai): migrate the database, read the sites file, crawl **each site
in its own mapped task** (past 64 sites, each task crawls a shard of them; `ZONEWATCH_SHARD_SIZE`
sets the size; pool `zonewatch_crawl` bounds how many run at once), parse the new and changed
documents, diff every zone's reports year over year, and mail the digest.

**Settings**: the `ZONEWATCH_*` environment of the workers (README, Configuration); SMTP from the
Airflow connection `smtp_default`, else `ZONEWATCH_SMTP_URL`.

**One site failing** fails only its own `crawl` map index (after retries); a site read only in
part (`partial`: a list shorter than it declared, a pager request that failed) logs a warning. Parse,
diff and the digest still run, and the digest names both under 抓取异常. The final `check` task then
fails when any site failed or was partial (or another task failed), so the run is red in the grid.

**Approval before sending** (off by default): with `ZONEWATCH_APPROVAL=1` in the environment of the
DAG processor and the workers, `digest_preview` keeps the night's digest (linked from the request,
served by the zone pages) and `approve` waits for an analyst (Airflow UI → *Required actions*).
*Approve* mails exactly the previewed changes; *Reject*, or no answer within 20 hours, mails nothing
and the changes wait for the next night. A night with nothing to mail asks nothing.

**Re-run one site**: *Clear* its failed `crawl` map index (with downstream), or run
`zonewatch crawl --site NAME` and trigger `zonewatch_reparse`.
"""

from __future__ import annotations

import datetime as dt

from airflow.sdk import Asset, CronTriggerTimetable, dag, task

from zonewatch import orchestration as orch

DOCUMENTS = Asset("zonewatch://documents")
REPORTS = Asset("zonewatch://reports")
CHANGES = Asset("zonewatch://changes")

DEFAULT_ARGS = {
    "owner": "zonewatch",
    "retries": 2,
    "retry_delay": dt.timedelta(seconds=orch.retry_delay_seconds()),
    "retry_exponential_backoff": True,
    "max_retry_delay": dt.timedelta(minutes=40),
    "execution_timeout": dt.timedelta(minutes=30),
    "on_failure_callback": orch.notify_failure,
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
    def sites() -> list[list[str]]:
        from zonewatch.orchestration import crawl_shards

        return crawl_shards()

    @task(
        pool=orch.CRAWL_POOL,
        execution_timeout=dt.timedelta(hours=2),
        outlets=[DOCUMENTS],
        map_index_template="{{ shard_label }}",
    )
    def crawl(shard: list[str]) -> dict:
        from airflow.sdk import get_current_context

        from zonewatch.orchestration import crawl_site

        get_current_context()["shard_label"] = ", ".join(shard[:3]) + (" …" if len(shard) > 3 else "")
        # The child gets a timeout under execution_timeout so it is stopped, not orphaned, on a hang.
        return crawl_site(shard, timeout=110 * 60)

    @task(trigger_rule="all_done", outlets=[REPORTS])
    def parse() -> dict:
        from zonewatch.orchestration import parse_stage

        return parse_stage()

    @task(outlets=[CHANGES])
    def diff() -> dict:
        from zonewatch.orchestration import diff_stage

        return diff_stage()

    # After the digest, whatever happened: red when the night was incomplete (a retry changes nothing).
    @task(trigger_rule="all_done", retries=0)
    def check(**context) -> dict:  # type: ignore[no-untyped-def]
        from zonewatch.orchestration import check_night, failed_tasks

        run = context["dag_run"]
        return check_night(run.run_after or run.start_date, failed_tasks(context))

    names = sites()
    migrate() >> names
    crawled = crawl.expand(shard=names)
    parsed = parse()
    crawled >> parsed
    changes = diff()
    parsed >> changes
    if not orch.approval_enabled():

        @task(trigger_rule="all_done")
        def digest() -> dict:
            from zonewatch.orchestration import digest_stage

            return digest_stage(send=True)

        sent = digest()
        changes >> sent
    else:
        from airflow.providers.standard.operators.hitl import ApprovalOperator

        # Falsy (nothing to mail) skips the approval and the send; later tasks keep their own rules.
        @task.short_circuit(trigger_rule="all_done", ignore_downstream_trigger_rules=False)
        def digest_preview() -> dict:
            from zonewatch.orchestration import digest_preview_stage

            return digest_preview_stage()

        @task(task_id="digest")
        def send_digest(preview: dict) -> dict:
            from zonewatch.orchestration import digest_stage

            return digest_stage(send=True, until_id=preview["until_id"])

        preview = digest_preview()
        approve = ApprovalOperator(
            task_id="approve",
            subject="{{ ti.xcom_pull(task_ids='digest_preview')['subject'] }}：是否发送？",
            body="{{ ti.xcom_pull(task_ids='digest_preview')['body'] }}",
            defaults="Reject",  # an unanswered request mails nothing
            response_timeout=dt.timedelta(hours=orch.APPROVAL_TIMEOUT_HOURS),
            retries=0,
        )
        sent = send_digest(preview)
        changes >> preview >> approve >> sent
    [crawled, parsed, changes, sent] >> check()


zonewatch_nightly()
