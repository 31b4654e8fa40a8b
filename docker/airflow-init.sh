#!/usr/bin/env bash
# One-shot setup for the compose stack: Airflow metadata schema, zonewatch schema, the crawl pool.
set -euo pipefail
airflow db migrate
zonewatch db upgrade
# The nightly DAG's mapped crawl tasks run in this pool: its size bounds how many sites crawl at once.
airflow pools set zonewatch_crawl "${ZONEWATCH_CRAWL_SLOTS:-8}" "zonewatch: sites crawled at once"
echo "airflow-init done"
