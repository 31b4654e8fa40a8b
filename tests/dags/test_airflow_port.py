"""AIRFLOW_PORT moves the API server and the tasks' execution API address together, in all three
ways of starting Airflow: `make airflow`, the compose stack and `make celery-check`.

The real launcher on a moved port is tests/dags/test_airflow_local.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.dags.test_compose import AIRFLOW_SERVICES, COMPOSE_FILE, REPO, _load_script
from tests.monitor.conftest import free_port


def test_the_derived_addresses_put_the_api_server_and_the_task_api_on_one_port() -> None:
    addresses = _load_script("airflow_addresses")
    port = free_port()
    env = addresses.airflow_addresses(addresses.airflow_port({"AIRFLOW_PORT": str(port)}))
    assert env == {
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__BASE_URL": f"http://localhost:{port}",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://localhost:{port}/execution/",
    }
    assert addresses.airflow_port({}) == 8080 and addresses.airflow_port({"AIRFLOW_PORT": ""}) == 8080


@pytest.mark.parametrize("bad", ["80a", "0", "65536", "-1", "8080.0"])
def test_a_bad_port_is_refused_in_one_line(bad: str) -> None:
    addresses = _load_script("airflow_addresses")
    with pytest.raises(addresses.BadPort, match=r"^AIRFLOW_PORT='.*' is not a TCP port number \(1-65535\)$"):
        addresses.airflow_port({"AIRFLOW_PORT": bad})
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "airflow_addresses.py")],
        env={**os.environ, "AIRFLOW_PORT": bad},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr


def test_make_airflow_runs_the_launcher_with_the_derived_addresses(tmp_path: Path) -> None:
    launcher = _load_script("airflow_local")
    port = free_port()
    env = launcher.local_env(tmp_path, port)
    assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == f"http://localhost:{port}/execution/"
    assert env["AIRFLOW__API__PORT"] == str(port)
    assert "$(BIN)/python scripts/airflow_local.py" in (REPO / "Makefile").read_text(encoding="utf-8")


def test_celery_check_puts_its_api_server_on_airflow_port(tmp_path: Path) -> None:
    check = _load_script("celery_check")
    port = free_port()
    ports = check.cluster_ports({"AIRFLOW_PORT": str(port)})
    assert ports["api"] == port
    env = check.cluster_env(tmp_path, "postgres@127.0.0.1:5432", "meta", "data", ports)
    assert env["AIRFLOW__API__PORT"] == str(port)
    assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == f"http://127.0.0.1:{port}/execution/"
    # Unset: a free port, so the check can run beside a `make airflow` on 8080.
    assert check.cluster_ports({})["api"] not in (0, 8080)


def test_celery_check_refuses_a_bad_airflow_port_before_starting_anything() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "celery_check.py")],
        env={**os.environ, "AIRFLOW_PORT": "eighty"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "celery-check: AIRFLOW_PORT='eighty' is not a TCP port number (1-65535)"


def test_compose_moves_the_published_port_and_every_components_task_api_address() -> None:
    if shutil.which("docker-compose") is None:
        pytest.skip("Debian's docker-compose is absent (.ci/run installs it): cannot interpolate the file")
    addresses = _load_script("airflow_addresses")
    port = free_port()
    result = subprocess.run(
        ["docker-compose", "-f", str(COMPOSE_FILE), "config"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env={**os.environ, "AIRFLOW_PORT": str(port)},
    )
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    expected = addresses.airflow_addresses(port, "airflow-apiserver", public_host="localhost")
    for name in AIRFLOW_SERVICES:
        env = {key: str(value) for key, value in services[name]["environment"].items()}
        assert {key: env.get(key) for key in expected} == expected, name
    api = services["airflow-apiserver"]
    published = [(str(p["published"]), str(p["target"])) for p in api["ports"]]
    assert published == [(str(port), str(port))]
    assert f"http://localhost:{port}/api/v2/monitor/health" in api["healthcheck"]["test"]
