"""docker-compose.yml and the Dockerfile, checked as far as possible without a Docker engine."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"
AIRFLOW_SERVICES = (
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-triggerer",
    "airflow-worker",
    "airflow-init",
)
SERVICES = (*AIRFLOW_SERVICES, "postgres", "redis", "mailpit", "mirror")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def test_compose_file_validates() -> None:
    if shutil.which("docker-compose") is None:
        pytest.skip("Debian's docker-compose is absent (.ci/run installs it): cannot validate offline")
    result = subprocess.run(
        ["docker-compose", "-f", str(COMPOSE_FILE), "config", "-q"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr


def test_services_exist_and_readme_names_only_real_ones(compose: dict) -> None:
    assert set(SERVICES) <= set(compose["services"])
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:airflow-[a-z-]+)|postgres|redis|mailpit|mirror)`", readme))
    assert named <= set(compose["services"]), named - set(compose["services"])


def test_builds_and_mounted_files_resolve_in_the_repo(compose: dict) -> None:
    for name, service in compose["services"].items():
        build = service.get("build")
        if build:
            context = REPO / (build if isinstance(build, str) else build.get("context", "."))
            dockerfile = build.get("dockerfile", "Dockerfile") if isinstance(build, dict) else "Dockerfile"
            assert (context / dockerfile).is_file(), name
        else:
            assert service.get("image"), f"{name} has neither build nor image"
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (REPO / source).exists(), f"{name}: {source}"
        for word in service.get("command") or []:
            if isinstance(word, str) and word.startswith("/opt/zonewatch/"):
                assert (REPO / word.removeprefix("/opt/zonewatch/")).is_file(), f"{name}: {word}"


def test_zonewatch_variables_are_the_ones_the_code_reads(compose: dict) -> None:
    read = set(re.findall(r'"(ZONEWATCH_[A-Z_]+)"', (REPO / "config" / "settings.py").read_text()))
    env = compose["x-airflow-common"]["environment"]
    used = {name for name in env if name.startswith("ZONEWATCH_")}
    assert {"ZONEWATCH_SITES", "ZONEWATCH_DB_URL", "ZONEWATCH_MAIL_TO", "ZONEWATCH_MAIL_FROM"} <= used
    assert used <= read, used - read
    # The zonewatch data lives in its own database, created by the Postgres init SQL.
    assert env["ZONEWATCH_DB_URL"].startswith("postgresql+psycopg://") and env["ZONEWATCH_DB_URL"].endswith(
        "/zonewatch"
    )
    assert "CREATE DATABASE zonewatch" in (REPO / "docker" / "postgres-init.sql").read_text()


def test_airflow_services_share_one_jwt_secret_and_a_json_smtp_connection(compose: dict) -> None:
    secrets = set()
    for name in AIRFLOW_SERVICES:
        env = compose["services"][name]["environment"]
        assert (
            env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"]
            == "http://airflow-apiserver:${AIRFLOW_PORT:-8080}/execution/"
        )
        secrets.add(env["AIRFLOW__API_AUTH__JWT_SECRET"])
        smtp = yaml.safe_load(env["AIRFLOW_CONN_SMTP_DEFAULT"])
        assert smtp["host"] == "mailpit" and smtp["port"] == 1025
        assert smtp["extra"]["disable_ssl"] is True and smtp["extra"]["disable_tls"] is True
    assert len(secrets) == 1


def test_dockerfile_installs_the_same_pins_as_make() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM apache/airflow:3\.3\.2(-python3\.11)?$", dockerfile, re.M)
    install = next(line for line in dockerfile.splitlines() if "-r requirements.lock" in line)
    assert '"apache-airflow==3.3.2"' in install
    assert "requirements.lock" in (REPO / "Makefile").read_text()
    assert "\napache-airflow==3.3.2\n" in (REPO / "requirements.lock").read_text()
    assert "--no-deps" in dockerfile


def _load_script(name: str):  # type: ignore[no-untyped-def]
    """A module of scripts/ (not a package: the check runs as `python scripts/celery_check.py`)."""
    import importlib
    import sys

    sys.path.insert(0, str(REPO / "scripts"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(REPO / "scripts"))


def test_compose_reads_the_cluster_settings_from_the_shared_env_file(compose: dict) -> None:
    cluster = _load_script("celery_cluster")
    shared = cluster.read_env_file()
    assert shared["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    for name in AIRFLOW_SERVICES:
        service = compose["services"][name]
        assert service.get("env_file") == "docker/airflow.env", name
        # A key set in both places would let the compose stack drift from `make celery-check`.
        assert not set(shared) & set(service.get("environment", {})), name


def test_celery_check_starts_the_compose_components() -> None:
    cluster = _load_script("celery_cluster")
    assert cluster.compose_components() == {
        "airflow-apiserver": "api-server",
        "airflow-scheduler": "scheduler",
        "airflow-dag-processor": "dag-processor",
        "airflow-triggerer": "triggerer",
        "airflow-worker": "celery worker",
    }


def test_celery_check_changes_only_addresses_and_timings(tmp_path: Path) -> None:
    cluster = _load_script("celery_cluster")
    check = _load_script("celery_check")
    ports = {"redis": 1, "smtp": 2, "api": 3}
    env = check.cluster_env(tmp_path, "postgres@127.0.0.1:5432", "meta", "data", ports)
    for key, value in cluster.read_env_file().items():
        assert env[key] == check.CHECK_TIMINGS.get(key, value), key
    assert set(check.CHECK_TIMINGS) <= {
        *cluster.read_env_file(),
        "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL",
        "ZONEWATCH_RETRY_DELAY_S",
    }
