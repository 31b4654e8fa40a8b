"""How long the DAG processor spends importing zonewatch's DAG files, and what they pull in.

Run by hand: `.venv/bin/python benchmarks/bench_dag_import.py [--runs 5]`.

Each run is a fresh interpreter (the DAG processor parses files in fresh processes too), so the figure
includes importing airflow.sdk. Reported: the cost of `import airflow.sdk` alone, then of each DAG file
on top of it (median over runs), the module count the DAG files add, and whether Scrapy, jieba or the
storage models were imported (they must not be). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DAGS = sorted((ROOT / "dags").glob("*.py"))
HEAVY = ("scrapy", "jieba", "storage.models", "twisted.internet.reactor", "parsers", "monitor", "crawlers")

PROBE = """
import importlib.util, json, sys, time
t0 = time.perf_counter()
import airflow.sdk  # noqa: F401
t1 = time.perf_counter()
before = len(sys.modules)
times = {}
for path in sys.argv[1:]:
    start = time.perf_counter()
    spec = importlib.util.spec_from_file_location("dag_" + str(abs(hash(path))), path)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    times[path.rsplit("/", 1)[-1]] = time.perf_counter() - start
print(json.dumps({"sdk_s": t1 - t0, "dags_s": times, "modules_added": len(sys.modules) - before,
                  "heavy": [m for m in HEAVY if m in sys.modules]}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description="DAG file import time")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="bench-airflow-"))
    env.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    probe = f"HEAVY = {HEAVY!r}\n" + PROBE
    samples = []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-c", probe, *map(str, DAGS)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        samples.append(json.loads(out.stdout.strip().splitlines()[-1]))
    result = {
        "runs": args.runs,
        "import_airflow_sdk_s_median": round(statistics.median(s["sdk_s"] for s in samples), 3),
        "dag_file_s_median": {
            name: round(statistics.median(s["dags_s"][name] for s in samples), 4)
            for name in samples[0]["dags_s"]
        },
        "modules_added_by_dag_files": samples[0]["modules_added"],
        "heavy_modules_imported": samples[0]["heavy"],
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
