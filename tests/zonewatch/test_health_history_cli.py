"""`zonewatch health [--json]` and `zonewatch history --zone Z [--metric M] [--csv]` on a real database."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from click.testing import CliRunner

from tests.zonewatch_ui.conftest import seed_zones
from zonewatch.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_health_json_names_problems_zones_and_sites(sqlite_db_url: str) -> None:
    seed_zones(sqlite_db_url)
    code, out, _ = run("health", "--json", "--at", "2026-04-01", "--db", sqlite_db_url)
    assert code == 0
    data = json.loads(out)
    assert data["night"] == "2026-04-01"
    problems = {(p["kind"], p["subject"]) for p in data["problems"]}
    assert problems == {("site_failing", "lk-site"), ("zone_overdue", "临江开发区")}
    zones = {z["zone"]: z for z in data["zones"]}
    assert zones["临江开发区"]["overdue"] and zones["临江开发区"]["due"] == "2026-03-02"
    assert zones["云溪高新区"]["has_current_report"] and not zones["云溪高新区"]["overdue"]
    site = zones["云溪高新区"]["sites"][0]
    assert (site["first_seen"], site["last_new_document"], site["status"]) == (
        "2024-01-15",
        "2026-01-20",
        "ok",
    )
    code, out, _ = run("health", "--at", "2026-04-01", "--db", sqlite_db_url)
    assert code == 0 and "连续 3 晚抓取失败" in out and "年度报告逾期" in out


def test_health_of_an_unknown_zone_is_one_line_and_exit_1(sqlite_db_url: str) -> None:
    command = [sys.executable, "-m", "zonewatch", "health", "--zone", "无此园区", "--db", sqlite_db_url]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 1 and "Traceback" not in completed.stderr
    assert completed.stderr.strip().count("\n") == 0 and "无此园区" in completed.stderr


def test_history_csv_gives_every_value_with_kind_year_and_source(sqlite_db_url: str) -> None:
    seed_zones(sqlite_db_url)
    code, out, _ = run(
        "history", "--zone", "云溪高新区", "--metric", "高新技术企业", "--csv", "--db", sqlite_db_url
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    values = [(r["report_year"], r["kind"], r["year"], r["value"], r["comparator"]) for r in rows]
    assert values == [
        ("2024", "target", "2024", "40.0", "="),
        ("2025", "actual", "2024", "43.0", "="),
        ("2025", "target", "2025", "50.0", "="),  # worded 高新技术企业新认定 that year
        ("2026", "actual", "2025", "52.0", "="),
        ("2026", "target", "2026", "55.0", ">="),
    ]
    assert all(r["url"].endswith(f"report-{r['report_year']}.html") and r["text"] for r in rows)
    code, out, _ = run("history", "--zone", "云溪高新区", "--json", "--db", sqlite_db_url)
    assert code == 0 and len(json.loads(out)) == 9, "without --metric: every value of every indicator"


def test_history_refuses_an_unknown_zone_or_metric(sqlite_db_url: str) -> None:
    seed_zones(sqlite_db_url)
    code, _, err = run("history", "--zone", "无此园区", "--db", sqlite_db_url)
    assert code == 1 and "no recognised work report" in err
    code, _, err = run("history", "--zone", "云溪高新区", "--metric", "不存在的指标", "--db", sqlite_db_url)
    assert code == 1 and "不存在的指标" in err
