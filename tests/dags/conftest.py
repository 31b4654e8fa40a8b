"""Real Airflow in a throwaway AIRFLOW_HOME (tests/conftest.py points it there before any import).

Under pytest-xdist every worker has its own AIRFLOW_HOME (each imports tests/conftest.py), but the
metadata database is migrated only once per run: the first worker to need it migrates a template
under the run's shared temporary folder (behind a file lock) and each worker copies that file.
Migrating takes 10-25 s of a loaded 2-core machine; a copy takes milliseconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock

REPO = Path(__file__).resolve().parents[2]
DAGS = REPO / "dags"


def airflow(*args: str, home: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).with_name("airflow")), *args]
    env = os.environ.copy()
    if home is not None:
        env["AIRFLOW_HOME"] = home
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)


def migrate(home: str) -> None:
    """`airflow db migrate` and the crawl pool in the SQLite database of AIRFLOW_HOME `home`."""
    migrated = airflow("db", "migrate", home=home)
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    pool = airflow("pools", "set", "zonewatch_crawl", "4", "zonewatch crawl concurrency", home=home)
    assert pool.returncode == 0, pool.stderr[-2000:]


@pytest.fixture(scope="session")
def airflow_db(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> str:
    home = os.environ["AIRFLOW_HOME"]
    database = Path(home) / "airflow.db"
    # The database must be the default SQLite file of this worker's home, and not yet opened:
    # otherwise (another backend, or a file in use) migrate in place.
    default = "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN" not in os.environ and not database.exists()
    if worker_id == "master" or not default:
        migrate(home)
        return home
    shared = tmp_path_factory.getbasetemp().parent  # the same folder for every worker of this run
    template = shared / "airflow-template"
    with FileLock(str(shared / "airflow-template.lock")):
        if not (template / "airflow.db").exists():
            template.mkdir(exist_ok=True)
            migrate(str(template))
    shutil.copyfile(template / "airflow.db", database)
    return home


@pytest.fixture(scope="session")
def dagbag():  # type: ignore[no-untyped-def]
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))
