#!/usr/bin/env bash
# The demo mirror inside compose: every site on 0.0.0.0, ports 8100, 8101, …, and start URLs written
# with the service name `mirror` so the Airflow workers can reach them over the compose network.
set -euo pipefail
shared="${ZONEWATCH_SHARED:-/opt/zonewatch/shared}"
exec zonewatch mirror --host-prefix 0.0.0.0 --port 8100 --public-host mirror \
  --print-sites "$shared/demo-sites.yaml"
