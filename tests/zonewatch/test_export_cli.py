"""`zonewatch export`, `zonewatch zones` and `zonewatch history --card` on a real database: the same
rows, columns and filters as the pages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import quote

from click.testing import CliRunner
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.zonewatch_ui.conftest import NOW, seed_zones
from zonewatch.cli import main
from zonewatch_ui.app import create_app


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_export_zones_csv_is_the_pages_table_with_a_bom(sqlite_db_url: str, tmp_path: Path) -> None:
    seed_zones(sqlite_db_url)
    out = tmp_path / "zones.csv"
    code, _, err = run("export", "zones", "--province", "示例甲省", "--out", str(out), "--db", sqlite_db_url)
    assert code == 0 and "1 rows (csv)" in err
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "a BOM, so Excel and WPS read UTF-8"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    page = TestClient(create_app(sqlite_db_url, NOW)).get("/export.csv?province=" + quote("示例甲省"))
    page_rows = list(csv.reader(io.StringIO(page.content.decode("utf-8-sig"))))
    # The same headers and zone rows as the page's download (the quiet-days column depends on today).
    assert rows[0] == page_rows[0] and [r[:15] for r in rows[1:]] == [r[:15] for r in page_rows[1:]]
    assert [r[0] for r in rows[1:]] == ["云溪高新区"]


def test_export_card_xlsx_by_an_alias_and_history_card(sqlite_db_url: str, tmp_path: Path) -> None:
    seed_zones(sqlite_db_url)
    out = tmp_path / "card.xlsx"
    code, _, _ = run(
        "export", "card", "--zone", "云溪高新技术产业开发区", "--out", str(out), "--db", sqlite_db_url
    )
    assert code == 0
    book = load_workbook(out)
    statuses = [row[4] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert statuses.count("完成") == 2 and statuses.count("未完成") == 1 and "取消" not in statuses
    code, out_json, _ = run("history", "--zone", "云溪高新区", "--card", "--json", "--db", sqlite_db_url)
    card = json.loads(out_json)
    assert code == 0 and [t["结果"] for t in card["targets"]] == statuses, "the same data as the export"
    assert {y["目标年份"]: y["完成"] for y in card["years"]} == {2024: 1, 2025: 1, 2026: 0}
    code, text, _ = run("history", "--zone", "云溪高新区", "--card", "--db", sqlite_db_url)
    rows = [line.split() for line in text.splitlines()]
    assert code == 0 and ["2024", "未完成", "规上工业增加值增长", "8%", "7.2%", "2024年报告", "-"] in rows


def test_export_indicator_and_its_mistakes(sqlite_db_url: str, tmp_path: Path) -> None:
    seed_zones(sqlite_db_url)
    out = tmp_path / "i.csv"
    code, _, _ = run(
        "export", "indicator", "--metric", "新认定高企", "--out", str(out), "--db", sqlite_db_url
    )
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert code == 0 and [(r["园区"], r["目标"], r["变化"]) for r in rows] == [
        ("云溪高新区", "≥55家", "+10.0%")
    ]
    for args, problem in [
        (["export", "indicator", "--out", str(out)], "needs --metric"),
        (["export", "card", "--zone", "无此园区", "--out", str(out)], "no recognised work report"),
        (["export", "zones", "--out", str(tmp_path / "z.pdf")], "--format csv or xlsx"),
    ]:
        code, _, err = run(*args, "--db", sqlite_db_url)
        assert code == 1 and problem in err and "Traceback" not in err


def test_zones_resolves_written_names_and_lists_the_registry() -> None:
    code, out, _ = run("zones", "江阴国家高新区", "江苏省江阴高新技术产业开发区管委会", "--json")
    assert code == 0 and {r["zone"]["name"] for r in json.loads(out)} == {"江阴高新区"}
    code, out, _ = run("zones", "临港经开区")
    assert code == 1 and "可能是" in out, "a short form three zones share names none of them"
    code, out, _ = run("zones", "--province", "江苏", "--type", "高新区", "--level", "国家级")
    rows = out.splitlines()[2:]  # after the title and the header
    assert code == 0 and "江阴高新区" in out and len(rows) == 17, "GB/T 37028-2018 lists 17"
