"""Airflow's addresses from one setting, `AIRFLOW_PORT` (default 8080).

The API server's port and the address tasks use to reach its execution API must move together: a
task that still calls :8080 after the UI moved fails every time with "connection refused". So
`make airflow` (scripts/airflow_local.py) and `make celery-check` (scripts/celery_check.py) take
both from here, and docker-compose.yml spells the same derivation with `${AIRFLOW_PORT:-8080}`
(tests/dags/test_airflow_port.py holds the three together).

Nothing here imports Airflow; usable as `python scripts/airflow_addresses.py` to print the
environment as `KEY=value` lines.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

PORT_VARIABLE = "AIRFLOW_PORT"
DEFAULT_PORT = 8080


class BadPort(ValueError):
    """AIRFLOW_PORT is set to something that is not a TCP port number."""


def airflow_port(environ: Mapping[str, str] | None = None, default: int = DEFAULT_PORT) -> int:
    """The port of AIRFLOW_PORT in `environ` (os.environ when None), `default` when unset or empty.

    Raises BadPort, whose message is one line naming the variable and the value.
    """
    raw = (os.environ if environ is None else environ).get(PORT_VARIABLE, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise BadPort(f"{PORT_VARIABLE}={raw!r} is not a TCP port number (1-65535)")
    return int(raw)


def airflow_addresses(port: int, host: str = "localhost", public_host: str = "localhost") -> dict[str, str]:
    """The Airflow settings that name the API server listening on `port`.

    `host` is how the other components (scheduler, workers, task processes) reach it: localhost
    for `make airflow`, the service name in the compose stack. `public_host` is how a browser
    reaches the UI (its links, the approval requests' preview links).
    """
    return {
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__BASE_URL": f"http://{public_host}:{port}",
        # Airflow's own default is http://localhost:8080/execution/ whatever the API port is:
        # this is the line that makes a moved API server reachable for tasks.
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://{host}:{port}/execution/",
    }


def main() -> int:
    """Print the addresses for AIRFLOW_PORT as KEY=value lines; exit 2 on a bad port."""
    try:
        port = airflow_port()
    except BadPort as error:
        print(f"airflow_addresses: {error}", file=sys.stderr)
        return 2
    host = sys.argv[1] if len(sys.argv) > 1 else "localhost"
    for key, value in airflow_addresses(port, host, public_host="localhost").items():
        print(f"{key}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
