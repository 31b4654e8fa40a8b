"""What the Airflow tasks do, kept out of the DAG files so those stay thin and import fast.

Only the standard library is imported at module level: the DAG processor imports the DAG files
(and so this module) often, and Scrapy, jieba and the storage models must not come with it.
"""

from __future__ import annotations

import html
import json
import logging
import math
import os
import socket
from pathlib import Path
from typing import Any
from urllib.parse import quote

log = logging.getLogger(__name__)

SMTP_CONN_ID = "smtp_default"
CRAWL_POOL = "zonewatch_crawl"
# Mapped crawl tasks per night at most: Airflow refuses more than [core] max_map_length (1024) and
# its scheduler slows well before that, so past this many sites each task crawls a shard of them.
MAX_CRAWL_TASKS = 64
DEFAULT_RETRY_DELAY_S = 300


class SiteCrawlFailed(RuntimeError):
    """The site was crawled but failed (blocked, unreachable, empty list): its mapped task fails."""


class NightIncomplete(RuntimeError):
    """Some site failed or was read only in part tonight: the final check fails, so the run is red."""


def _settings():  # type: ignore[no-untyped-def]
    from zonewatch.settings import load_settings

    return load_settings()


def _sites_file(sites_file: str | Path | None = None) -> Path:
    if sites_file is not None:
        return Path(sites_file)
    settings = _settings()
    if settings.sites_file is None:
        raise RuntimeError("ZONEWATCH_SITES is not set: the nightly DAG needs a sites file")
    return settings.sites_file


def _db_url(db_url: str | None) -> str:
    return db_url or _settings().db_url


def migrate_db(db_url: str | None = None) -> str:
    """Bring the zonewatch schema to head (Alembic); returns the revision for the task log."""
    from storage.migrate import current_revision, upgrade
    from zonewatch.database import require_db

    settings = _settings()
    url = db_url or settings.db_url
    # The nightly run may create its database, as `zonewatch run` does and by the same rule: a
    # SQLite file only in a folder that exists, but the default one under ZONEWATCH_HOME.
    require_db(settings.with_overrides(db_url=url), create=True)
    upgrade(url)
    return str(current_revision(url))


def site_names(sites_file: str | Path | None = None) -> list[str]:
    """Enabled sites of the sites file, validated before any crawl starts (the subscriptions file too)."""
    from monitor.delivery.subscriptions import load_subscriptions
    from zonewatch.sites import load_sites, select_sites

    names = [site.name for site in select_sites(load_sites(_sites_file(sites_file)), [])]
    subscriptions = _settings().subscriptions_file
    if subscriptions is not None:
        load_subscriptions(subscriptions)  # a wrong file fails this task, before any crawl
    return names


def crawl_shards(sites_file: str | Path | None = None, shard_size: int | None = None) -> list[list[str]]:
    """The enabled sites in the shards the nightly DAG maps `crawl` over: a list of lists of names.

    shard_size defaults to ZONEWATCH_SHARD_SIZE, else the smallest size that keeps the night at
    MAX_CRAWL_TASKS tasks or fewer: up to 64 sites every site is its own task (its own retry and its
    own red square in the grid), 3,000 sites make 60 shards of 50. Raises ValueError for a size < 1.
    """
    names = site_names(sites_file)
    if shard_size is None:
        configured = os.environ.get("ZONEWATCH_SHARD_SIZE")
        shard_size = int(configured) if configured else max(1, math.ceil(len(names) / MAX_CRAWL_TASKS))
    return shard_sites(names, shard_size)


def shard_sites(names: list[str], shard_size: int) -> list[list[str]]:
    """Sites in groups of shard_size, in order.

    Airflow fails a mapped task's upstream beyond [core] max_map_length (1024) and its scheduler
    struggles well before that, so with hundreds or thousands of sites map `crawl` over shards
    (`crawl.expand(site=shards)`; crawl_site accepts a list): one Scrapy process then crawls a
    shard's domains concurrently while per-domain politeness still holds.
    """
    if shard_size < 1:
        raise ValueError("shard_size must be at least 1")
    return [names[i : i + shard_size] for i in range(0, len(names), max(1, shard_size))]


def retry_delay_seconds() -> float:
    """Seconds before a failed task's first retry: ZONEWATCH_RETRY_DELAY_S, default 300.

    A short delay lets `make celery-check` see a killed worker's task retried within its budget.
    """
    return float(os.environ.get("ZONEWATCH_RETRY_DELAY_S") or DEFAULT_RETRY_DELAY_S)


def worker_hostname() -> str:
    """The host name Airflow records for a task ([core] hostname_callable).

    ZONEWATCH_WORKER_HOSTNAME when set, so two Celery workers on one machine are told apart in the
    task instances; otherwise the fully qualified domain name, Airflow's own default.
    """
    return os.environ.get("ZONEWATCH_WORKER_HOSTNAME") or socket.getfqdn()


def crawl_site(
    names: str | list[str],
    *,
    sites_file: str | Path | None = None,
    db_url: str | None = None,
    timeout: float | None = None,
) -> dict[str, Any]:
    """Run `zonewatch crawl` for one site (or a shard) in a child process and return its stats.

    Scrapy's reactor cannot restart inside one process, so the crawl never runs in the task's own.
    """
    from zonewatch.pipeline import crawl_subprocess

    names = [names] if isinstance(names, str) else list(names)
    stats = crawl_subprocess(_sites_file(sites_file), _db_url(db_url), names, timeout=timeout)
    summary = {
        s["site"]: {
            k: s.get(k)
            for k in (
                "status",
                "reason",
                "new",
                "changed",
                "unchanged",
                "not_modified",
                "errors",
                "pages",
                "duration_s",
            )
        }
        for s in stats["sites"]
    }
    log.info("crawl stats: %s", json.dumps(summary, ensure_ascii=False))
    for site in stats["sites"]:
        if site["status"] == "partial":
            # Not a task failure (what was read is stored and goes on to parse); the final check
            # turns the run red.
            log.warning("site %s read only in part: %s", site["site"], site["reason"])
    if stats.get("failed"):
        reasons = ", ".join(f"{s['site']}: {s['reason']}" for s in stats["sites"] if s["status"] != "ok")
        raise SiteCrawlFailed(f"crawl failed for {reasons}")
    return summary


def night_problems(
    started_at: Any, *, sites_file: str | Path | None = None, db_url: str | None = None
) -> list[str]:
    """Tonight's site problems, one line each ("site（zone）：failed: reason"), empty when every site
    of the sites file was crawled ok since started_at (an aware or naive-UTC datetime).

    A site with no crawl run since then (its crawl task crashed before recording one) is a problem
    too: a night that did not crawl a site is not a complete night.
    """
    import datetime as dt

    from storage import repository as repo
    from storage.db import session_scope

    since = started_at
    if since is not None and since.tzinfo is not None:
        since = since.astimezone(dt.UTC).replace(tzinfo=None)  # the database keeps naive UTC
    names = site_names(sites_file)
    with session_scope(_db_url(db_url)) as session:
        runs = {run.site.name: run for run in repo.latest_crawl_runs(session, since=since)}
        problems = []
        for name in names:
            run = runs.get(name)
            if run is None:
                problems.append(f"{name}: not crawled tonight")
            elif run.status != "ok":
                problems.append(f"{name}（{run.site.zone}）：{run.status}: {run.reason or run.status}")
    return problems


def failed_tasks(context: dict[str, Any], skip: tuple[str, ...] = ("crawl", "check")) -> list[str]:
    """Task ids of this DAG run that failed (parse, diff, digest…), from the Airflow API the task
    runner offers; the crawl's mapped tasks are left to night_problems, which names their sites."""
    ti, dag_run = context["ti"], context["dag_run"]
    try:
        states = ti.get_task_states(dag_id=dag_run.dag_id, run_ids=[dag_run.run_id])
    except Exception as exc:  # an older task runner without the call: the sites alone decide
        log.warning("task states unavailable (%s): checking the sites only", exc)
        return []
    failed = []
    for task, state in sorted(states.get(dag_run.run_id, {}).items()):
        base = task.rsplit("_", 1)[0] if task.rsplit("_", 1)[-1].isdigit() else task
        if str(state) in ("failed", "upstream_failed") and base not in skip:
            failed.append(task)
    return failed


def check_night(
    started_at: Any,
    failed_tasks: list[str] | None = None,
    *,
    sites_file: str | Path | None = None,
    db_url: str | None = None,
) -> dict[str, Any]:
    """The nightly run's final verdict, after the digest went out: raises NightIncomplete (and so
    fails the run) when any site failed or was partial, or when another task of the run failed."""
    problems = night_problems(started_at, sites_file=sites_file, db_url=db_url)
    problems += [f"task {task} failed" for task in failed_tasks or []]
    if problems:
        for line in problems:
            log.warning("incomplete night: %s", line)
        raise NightIncomplete(f"{len(problems)} problem(s) tonight: " + "; ".join(problems[:20]))
    log.info("every site crawled ok")
    return {"problems": 0}


def parse_stage(
    db_url: str | None = None, zone: str | None = None, reparse_all: bool = False
) -> dict[str, Any]:
    from parsers.stage import parse_documents
    from zonewatch.runlock import run_lock

    url = _db_url(db_url)
    # Like `zonewatch parse`: never alongside a run by hand on the same database; wait for it.
    with run_lock(url, "parse (Airflow)", wait=float("inf"), on_wait=log.info):
        return parse_documents(url, reparse_all=reparse_all, zone=zone)


def diff_stage(db_url: str | None = None, zone: str | None = None) -> dict[str, Any]:
    from monitor.compare.changes import update_changes

    return update_changes(_db_url(db_url), zone=zone)


def smtp_url_from_connection(conn_id: str = SMTP_CONN_ID) -> str | None:
    """An smtp:// or smtps:// URL from the Airflow connection, or None when it does not exist."""
    try:
        from airflow.sdk import BaseHook

        connection = BaseHook.get_connection(conn_id)
    except Exception:  # the connection is optional: fall back to ZONEWATCH_SMTP_URL
        return None
    extra = connection.extra_dejson or {}
    implicit_tls = not bool(extra.get("disable_ssl", False))
    scheme = "smtps" if implicit_tls else "smtp"
    credentials = ""
    if connection.login:
        credentials = (
            quote(connection.login, safe="")
            + (f":{quote(connection.password, safe='')}" if connection.password else "")
            + "@"
        )
    port = connection.port or (465 if implicit_tls else 25)
    return f"{scheme}://{credentials}{connection.host}:{port}"


def digest_stage(send: bool = True, out: str | None = None, until_id: int | None = None) -> dict[str, Any]:
    """Render the night's digest to var/digests/latest.html and, with send, mail it.

    until_id: only changes up to this id (what the analyst approved; later ones wait for the next night).
    """
    from monitor.delivery.outbox import deliver_digest

    settings = _settings()
    smtp_url = smtp_url_from_connection() or settings.smtp_url
    settings = settings.with_overrides(smtp_url=smtp_url)
    target = Path(out) if out else settings.home / "digests" / "latest.html"
    return deliver_digest(settings, out=target, send=send and bool(smtp_url), until_id=until_id)


APPROVAL_TIMEOUT_HOURS = 20  # an unanswered request is rejected before the next night's run is due


def approval_enabled(environ: dict[str, str] | None = None) -> bool:
    """ZONEWATCH_APPROVAL=1: the nightly DAG waits for an analyst before mailing (read at DAG parse)."""
    env = os.environ if environ is None else environ
    return env.get("ZONEWATCH_APPROVAL", "").strip().lower() in {"1", "true", "yes", "on"}


def digest_preview_stage(out: str | None = None) -> dict[str, Any]:
    """The digest an analyst is asked to approve: written to var/digests/preview.html, nothing queued.

    Returns preview_digest's summary plus "body", the Markdown shown in the Airflow UI; an empty
    dict (falsy) when there is nothing to mail tonight, so the approval is not even asked.
    """
    from monitor.delivery.outbox import preview_digest, retry_pending

    settings = _settings()
    target = Path(out) if out else settings.home / "digests" / "preview.html"
    preview = preview_digest(settings, out=target, keep=True)
    if not preview["messages"]:
        # Digests already approved but not yet delivered are retried even on a night with nothing new.
        smtp_url = smtp_url_from_connection() or settings.smtp_url
        if smtp_url:
            log.info(
                "nothing to mail tonight; outbox retries: %s",
                retry_pending(settings.with_overrides(smtp_url=smtp_url)),
            )
        log.info("nothing to mail tonight: no approval asked")
        return {}
    preview["link"] = preview_link(preview["preview_id"], settings.ui_url)
    preview["body"] = approval_body(preview)
    return preview


def preview_link(preview_id: int, ui_url: str | None) -> str:
    """Where the approver reads the preview: the zone pages' read-only /digests/<id> route.

    Under ZONEWATCH_UI_URL when it names the zone pages' root; else under the API server's own
    `[api] base_url`, or as a path on the Airflow UI's own host (the plugin is served there).
    """
    from monitor.delivery.digest_size import zones_link

    root = zones_link(ui_url)
    if root is None:
        from airflow.configuration import conf

        root = conf.get("api", "base_url", fallback="").rstrip("/") + "/zonewatch/"
    return f"{root}digests/{preview_id}"


def approval_body(preview: dict[str, Any]) -> str:
    """The approval request in the Airflow UI (Markdown, Chinese): what would be mailed, to whom."""
    lines = [
        f"**{preview['subject']}**",
        "",
        f"今晚共 {preview['changes']} 项变化，涉及 {preview['zones']} 个园区。",
    ]
    names = preview.get("zone_names") or []
    if names:
        shown = "、".join(names[:20])
        lines.append(f"园区：{shown}" + (f" 等 {len(names)} 个" if len(names) > 20 else ""))
    if preview["omitted"]:
        lines.append(f"邮件篇幅有限，其中 {preview['omitted']} 项只计数、不逐条列出。")
    lines += [f"- ⚠ {alert}" for alert in preview["alerts"]]
    lines += ["", "将发送："]
    lines += [f"- {', '.join(m['to'])}：{m['subject']}（{m['changes']} 项变化）" for m in preview["messages"]]
    lines += [
        "",
        f"[打开日报预览]({preview['link']})（只读，内容即批准后发送的邮件）",
        "",
        "批准（Approve）后立即发送；拒绝（Reject）或无人处理则不发送，这些变化留到下一晚的日报。",
    ]
    return "\n".join(lines)


def notify_failure(context: dict[str, Any]) -> None:
    """on_failure_callback: mail the failure through the SMTP provider's notifier when configured."""
    recipients = os.environ.get("ZONEWATCH_MAIL_TO")
    if not recipients or smtp_url_from_connection() is None:
        log.warning("task failed; no smtp_default connection or ZONEWATCH_MAIL_TO, so no failure mail")
        return
    from airflow.providers.smtp.notifications.smtp import SmtpNotifier

    ti = context.get("task_instance")
    task = f"{getattr(ti, 'dag_id', '?')}.{getattr(ti, 'task_id', '?')}"
    if getattr(ti, "map_index", -1) not in (-1, None):
        task += f"[{ti.map_index}]"  # type: ignore[union-attr]
    # The exception text (a site's failure reason) is data: escape it, and keep Jinja from reading it.
    reason = html.escape(str(context.get("exception"))).replace("{", "&#123;").replace("}", "&#125;")
    notifier = SmtpNotifier(
        to=[r.strip() for r in recipients.replace(";", ",").split(",") if r.strip()],
        from_email=os.environ.get("ZONEWATCH_MAIL_FROM"),
        subject=f"[zonewatch] task failed: {task}",
        html_content=f"<p>Task <b>{html.escape(task)}</b> failed: {reason}</p>",
        smtp_conn_id=SMTP_CONN_ID,
    )
    notifier(context)
