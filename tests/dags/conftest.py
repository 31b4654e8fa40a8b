"""Real Airflow in a throwaway AIRFLOW_HOME (tests/conftest.py points it there before any import)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DAGS = REPO / "dags"


def airflow(*args: str) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).with_name("airflow")), *args]
    return subprocess.run(
        command, capture_output=True, text=True, env=os.environ.copy(), timeout=300, check=False
    )


@pytest.fixture(scope="session")
def airflow_db() -> str:
    migrated = airflow("db", "migrate")
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    pool = airflow("pools", "set", "zonewatch_crawl", "4", "zonewatch crawl concurrency")
    assert pool.returncode == 0, pool.stderr[-2000:]
    return os.environ["AIRFLOW_HOME"]


@pytest.fixture(scope="session")
def dagbag():  # type: ignore[no-untyped-def]
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))
