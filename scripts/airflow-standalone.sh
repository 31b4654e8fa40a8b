#!/usr/bin/env bash
# `make airflow`: Airflow 3 standalone (scheduler, DAG processor, API server + UI, triggerer) on
# SQLite under ./var/airflow, this repo's dags/, and the bundled demo mirror as the sites to crawl.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export PATH="$ROOT/.venv/bin:$PATH"
export AIRFLOW_HOME="$ROOT/var/airflow"
export AIRFLOW__CORE__DAGS_FOLDER="$ROOT/dags"
export AIRFLOW__CORE__PLUGINS_FOLDER="$ROOT/plugins"  # the zone pages: /zonewatch, 园区监测 in the nav
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__PARALLELISM=4
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION=False
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS="admin:admin"
export AIRFLOW__API__PORT="${AIRFLOW_PORT:-8080}"
export ZONEWATCH_HOME="$ROOT/var"
export ZONEWATCH_SITES="$ROOT/var/demo-sites.yaml"
export ZONEWATCH_MAIL_TO="${ZONEWATCH_MAIL_TO:-analyst@example.cn}"
PASSWORD="${AIRFLOW_ADMIN_PASSWORD:-zonewatch}"

mkdir -p "$AIRFLOW_HOME"
# A known password instead of a generated one (SimpleAuthManager reads this file).
printf '{"admin": "%s"}' "$PASSWORD" > "$AIRFLOW_HOME/simple_auth_manager_passwords.json.generated"

rm -f "$ZONEWATCH_SITES"
zonewatch mirror --print-sites "$ZONEWATCH_SITES" > "$ROOT/var/mirror.log" 2>&1 &
MIRROR_PID=$!
trap 'kill "$MIRROR_PID" 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$ZONEWATCH_SITES" ] && break; sleep 0.2; done

airflow db migrate > "$ROOT/var/airflow-migrate.log" 2>&1
airflow pools set zonewatch_crawl 4 "zonewatch sites crawled at once" > /dev/null
zonewatch db upgrade > /dev/null

cat <<MSG

  Airflow UI:   http://localhost:${AIRFLOW__API__PORT}   (login: admin / ${PASSWORD})
  DAGs:         zonewatch_nightly (02:00 Asia/Shanghai), zonewatch_reparse (manual)
  Zone pages:   http://localhost:${AIRFLOW__API__PORT}/zonewatch/   (no login; also 浏览 → 园区监测 in the UI)
  Demo mirror:  $(head -c 400 "$ROOT/var/mirror.log" | tr '\n' ' ')
  Digest files: $ZONEWATCH_HOME/digests/latest.html   (no SMTP configured: set ZONEWATCH_SMTP_URL to mail it)

MSG
airflow standalone
