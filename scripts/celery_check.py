"""`make celery-check`: the nightly DAG on a real CeleryExecutor cluster, on this machine.

Starts what the compose stack starts (scripts/celery_cluster.py reads docker-compose.yml and
docker/airflow.env): Redis on a loopback port, Airflow's api-server, scheduler, dag-processor,
triggerer and two Celery workers with different host names, on two throwaway PostgreSQL databases
(Airflow metadata, zonewatch data), with the demo mirror as the sites and an aiosmtpd sink as the
mail server. Then two nights:

1. `zonewatch_nightly` runs to success; the mapped crawl tasks ran on both workers; reports,
   changes and one sent digest are in the database; the digest is in the mail sink.
2. The DAG runs again and one worker is killed (SIGKILL of its whole process group) while it
   crawls: its task is retried on the other worker, the run succeeds, every site has one finished
   crawl that night, and no document, report or digest is duplicated.

Everything started is stopped and both databases are dropped, pass or fail. Exit 0 when every
check holds, 1 when a check fails, 2 when a component fails (the line names it and its log) or
AIRFLOW_PORT is no port number. The API server listens on AIRFLOW_PORT when it is set (addresses
from scripts/airflow_addresses.py, as for `make airflow` and the compose file), else a free port.
Usage: python scripts/celery_check.py [--keep] [--pg-url URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import mailbox
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

from airflow_addresses import BadPort, airflow_addresses, airflow_port
from celery_cluster import (
    REPO,
    WORKER_COMMAND,
    Cluster,
    ComponentFailed,
    compose_components,
    free_port,
    port_open,
    read_env_file,
    wait_for,
)
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

DAG_ID = "zonewatch_nightly"
WORKERS = ("worker-1", "worker-2")
RUN_TIMEOUT_S = 600
# Only timings differ from docker/airflow.env: a lost worker's task must come back within the check.
CHECK_TIMINGS = {
    "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT": "20",
    "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL": "2",
    "ZONEWATCH_RETRY_DELAY_S": "2",
}


class CheckFailed(AssertionError):
    """A property of the night did not hold."""


def say(message: str) -> None:
    print(f"[celery-check {time.strftime('%H:%M:%S')}] {message}", flush=True)


def create_databases(admin_url: str, names: list[str]) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for name in names:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def drop_databases(admin_url: str, names: list[str]) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for name in names:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def cluster_env(run_dir: Path, pg: str, meta_db: str, data_db: str, ports: dict[str, int]) -> dict[str, str]:
    """The components' environment: docker/airflow.env plus this machine's addresses."""
    bin_dir = Path(sys.executable).parent
    sites = run_dir / "demo-sites.yaml"
    smtp = {
        "conn_type": "smtp",
        "host": "127.0.0.1",
        "port": ports["smtp"],
        "extra": {"disable_ssl": True, "disable_tls": True, "from_email": "zonewatch@example.cn"},
    }
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "ZONEWATCH"))},
        **read_env_file(),
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "AIRFLOW_HOME": str(run_dir / "airflow"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(REPO / "plugins"),
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"postgresql+psycopg://{pg}/{meta_db}",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_ASYNC": f"postgresql+psycopg_async://{pg}/{meta_db}",
        "AIRFLOW__CELERY__RESULT_BACKEND": f"db+postgresql+psycopg://{pg}/{meta_db}",
        "AIRFLOW__CELERY__BROKER_URL": f"redis://127.0.0.1:{ports['redis']}/0",
        **airflow_addresses(ports["api"], "127.0.0.1", public_host="127.0.0.1"),
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_hex(16),
        "AIRFLOW__API__SECRET_KEY": secrets.token_hex(16),
        "AIRFLOW_CONN_SMTP_DEFAULT": json.dumps(smtp),
        "ZONEWATCH_DB_URL": f"postgresql+psycopg://{pg}/{data_db}",
        "ZONEWATCH_SITES": str(sites),
        "ZONEWATCH_HOME": str(run_dir / "home"),
        "ZONEWATCH_MAIL_TO": "analyst@example.cn",
        "ZONEWATCH_MAIL_FROM": "zonewatch@example.cn",
        "ZONEWATCH_SMTP_URL": f"smtp://127.0.0.1:{ports['smtp']}",
        **CHECK_TIMINGS,
    }


def cluster_ports(environ: dict[str, str] | None = None) -> dict[str, int]:
    """Loopback ports of the cluster: the API server's is AIRFLOW_PORT when set, like `make airflow`.

    Unset, it is a free port (not 8080), so the check runs beside a `make airflow` on the default.
    Raises BadPort for an AIRFLOW_PORT that is no port number.
    """
    api = airflow_port(environ, default=0) or free_port()
    return {"redis": free_port(), "smtp": free_port(), "api": api}


def start_cluster(cluster: Cluster, ports: dict[str, int], maildir: Path) -> dict[str, object]:
    """Redis, the mail sink, the mirror, airflow-init's steps, then every compose component."""
    env = cluster.env
    redis = shutil.which("redis-server")
    if redis is None:
        raise ComponentFailed("redis-server is not installed (apt-get install redis-server)")
    cluster.start("redis", [redis, "--port", str(ports["redis"]), "--bind", "127.0.0.1", "--save", ""])
    mail_cmd = [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{ports['smtp']}"]
    cluster.start("smtp-sink", [*mail_cmd, "-c", "aiosmtpd.handlers.Mailbox", str(maildir)])
    sites = Path(env["ZONEWATCH_SITES"])
    cluster.start("mirror", ["zonewatch", "mirror", "--print-sites", str(sites)])
    wait_for("redis", lambda: port_open(ports["redis"]), 30)
    wait_for("smtp sink", lambda: port_open(ports["smtp"]), 30)
    wait_for("mirror", lambda: sites.exists() and sites.stat().st_size > 0, 60)
    say("redis, smtp sink and mirror up; running airflow-init's steps")
    cluster.run("airflow-init", ["bash", str(REPO / "docker" / "airflow-init.sh")], timeout=400)

    workers = []
    for service, command in compose_components().items():
        if command == WORKER_COMMAND:
            for name in WORKERS:
                extra = {
                    "ZONEWATCH_WORKER_HOSTNAME": name,
                    "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
                }
                argv = ["airflow", *command.split(), "--celery-hostname", f"{name}@%h"]
                workers.append(cluster.start(name, argv, extra))
        else:
            cluster.start(service, ["airflow", *command.split()])
    say(f"started {', '.join(p.name for p in cluster.processes)}")
    return {"workers": workers}


def meta_query(engine: Engine, sql: str, **params: object) -> list[dict[str, object]]:
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(text(sql), params)]


def wait_for_run(cluster: Cluster, meta: Engine, start: list[str], on_running=None) -> str:  # type: ignore[no-untyped-def]
    """Start the DAG's next run with the `airflow` sub-command `start` and wait for its end; its run_id.

    Unpausing the DAG starts its latest scheduled night by itself (catchup is off), so night 1 is a
    run of the schedule; night 2 is triggered by hand. CheckFailed unless the run succeeds.
    """
    before = {r["run_id"] for r in meta_query(meta, "SELECT run_id FROM dag_run WHERE dag_id=:d", d=DAG_ID)}
    cluster.run(start[1], ["airflow", *start])
    run_id = ""
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while time.monotonic() < deadline:
        cluster.check_alive()
        runs = meta_query(meta, "SELECT run_id, state FROM dag_run WHERE dag_id=:d ORDER BY id", d=DAG_ID)
        new = [r for r in runs if r["run_id"] not in before]
        if new:
            run_id, state = str(new[0]["run_id"]), new[0]["state"]
            if on_running is not None:
                on_running(run_id)
            if state in ("success", "failed"):
                if state != "success":
                    raise CheckFailed(f"run {run_id} ended {state}: {task_states(meta, run_id)}")
                return run_id
        time.sleep(1)
    raise CheckFailed(f"run {run_id or '(not created)'} did not finish in {RUN_TIMEOUT_S} s")


def task_states(meta: Engine, run_id: str) -> list[dict[str, object]]:
    return meta_query(
        meta,
        "SELECT task_id, map_index, state, hostname, try_number FROM task_instance"
        " WHERE dag_id=:d AND run_id=:r ORDER BY task_id, map_index",
        d=DAG_ID,
        r=run_id,
    )


def count(engine: Engine, sql: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar_one())


PASSED: list[str] = []


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)
    PASSED.append(message)
    say(f"ok: {message}")


def check_first_night(meta: Engine, data: Engine, run_id: str, maildir: Path) -> None:
    crawls = [t for t in task_states(meta, run_id) if t["task_id"] == "crawl"]
    hosts = {str(t["hostname"]) for t in crawls}
    check(
        len(crawls) >= 2 and all(t["state"] == "success" for t in crawls),
        f"{len(crawls)} crawl tasks succeeded",
    )
    check(hosts == set(WORKERS), f"crawl tasks ran on both workers: {sorted(hosts)}")
    check(count(data, "SELECT count(*) FROM reports WHERE is_report") > 0, "reports stored")
    check(count(data, "SELECT count(*) FROM changes") > 0, "changes stored")
    check(count(data, "SELECT count(*) FROM outbox WHERE status='sent'") == 1, "one digest sent")
    check(len(mailbox.Maildir(maildir)) == 1, "one mail in the SMTP sink")


def check_killed_night(
    meta: Engine, data: Engine, run_id: str, killed: str, maildir: Path, since: dt.datetime
) -> None:
    crawls = [t for t in task_states(meta, run_id) if t["task_id"] == "crawl"]
    check(all(t["state"] == "success" for t in crawls), f"all {len(crawls)} crawl tasks succeeded")
    retried = [t for t in crawls if int(t["try_number"] or 1) > 1]
    check(
        bool(retried), f"the killed task was retried: {[(t['map_index'], t['try_number']) for t in retried]}"
    )
    check(all(t["hostname"] != killed for t in retried), f"retried away from {killed}")
    sites = count(data, "SELECT count(*) FROM sites")
    with data.connect() as connection:
        finished = connection.execute(
            text(
                "SELECT count(DISTINCT site_id) FROM crawl_runs WHERE finished_at IS NOT NULL AND started_at >= :t"
            ),
            {"t": since},
        ).scalar_one()
    check(finished == sites, f"every site ({sites}) has a finished crawl after the kill")
    dupes = "SELECT count(*) FROM (SELECT {c} FROM {t} GROUP BY {c} HAVING count(*) > 1) AS d"
    check(count(data, dupes.format(c="url", t="documents")) == 0, "no document stored twice")
    check(count(data, dupes.format(c="document_id", t="reports")) == 0, "no report stored twice")
    check(count(data, "SELECT count(*) FROM outbox") == 1, "still exactly one digest")
    check(len(mailbox.Maildir(maildir)) == 1, "still exactly one mail in the SMTP sink")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the run folder (logs) afterwards")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "ZONEWATCH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
        help="an admin URL of the PostgreSQL server (databases are created and dropped there)",
    )
    args = parser.parse_args()
    try:
        ports = cluster_ports()
    except BadPort as error:
        print(f"celery-check: {error}", file=sys.stderr)
        return 2
    started = time.monotonic()
    run_dir = Path(tempfile.mkdtemp(prefix="zonewatch-celery-"))
    suffix = secrets.token_hex(4)
    meta_db, data_db = f"zw_celery_meta_{suffix}", f"zw_celery_data_{suffix}"
    admin = make_url(args.pg_url)
    pg = f"{admin.username}@{admin.host}:{admin.port or 5432}"
    maildir = run_dir / "mail"
    cluster = Cluster(run_dir, cluster_env(run_dir, pg, meta_db, data_db, ports))
    code = 0
    try:
        create_databases(args.pg_url, [meta_db, data_db])
        parts = start_cluster(cluster, ports, maildir)
        meta = create_engine(f"postgresql+psycopg://{pg}/{meta_db}")
        data = create_engine(f"postgresql+psycopg://{pg}/{data_db}")
        wait_for("api-server", lambda: port_open(ports["api"]), 300)
        wait_for(
            f"dag-processor parsing {DAG_ID}",
            lambda: bool(meta_query(meta, "SELECT 1 FROM serialized_dag WHERE dag_id=:d", d=DAG_ID)),
            180,
        )
        say("night 1 (the schedule's, started by unpausing): both workers")
        run_id = wait_for_run(cluster, meta, ["dags", "unpause", DAG_ID])
        check_first_night(meta, data, run_id, maildir)

        say("night 2: kill -9 a worker while it crawls")
        workers = {p.name: p for p in parts["workers"]}  # type: ignore[union-attr]
        killed: list[str] = []
        night2 = dt.datetime.now(dt.UTC).replace(tzinfo=None)

        def kill_when_crawling(current: str) -> None:
            if killed:
                return
            for t in task_states(meta, current):
                if t["task_id"] == "crawl" and t["state"] == "running" and t["hostname"] in workers:
                    victim = str(t["hostname"])
                    time.sleep(1.0)  # let the crawl child start: the kill lands mid-crawl
                    cluster.kill_group(workers[victim])
                    cluster.processes.remove(workers[victim])
                    killed.append(victim)
                    say(f"killed {victim} while it ran crawl[{t['map_index']}]")
                    return

        run_id = wait_for_run(cluster, meta, ["dags", "trigger", DAG_ID], on_running=kill_when_crawling)
        check(bool(killed), "a worker was killed during a crawl")
        check_killed_night(meta, data, run_id, killed[0], maildir, night2)
        say(f"passed in {time.monotonic() - started:.0f} s")
        print(f"celery-check: {len(PASSED)} passed, 0 failed", flush=True)
    except (ComponentFailed, TimeoutError) as error:
        print(f"celery-check: component failed: {error}; logs in {run_dir / 'logs'}", file=sys.stderr)
        code, args.keep = 2, True
    except CheckFailed as error:
        print(f"celery-check: check failed: {error}; logs in {run_dir / 'logs'}", file=sys.stderr)
        code, args.keep = 1, True
        print(f"celery-check: {len(PASSED)} passed, 1 failed", flush=True)
    finally:
        cluster.stop()
        try:
            drop_databases(args.pg_url, [meta_db, data_db])
        except Exception as error:  # the run's own verdict matters more than the clean-up
            print(f"celery-check: could not drop {meta_db}/{data_db}: {error}", file=sys.stderr)
        if not args.keep:
            shutil.rmtree(run_dir, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
