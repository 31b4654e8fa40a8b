"""`zonewatch compare`: two report files, the nightly diff's items, no database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import SHARED
from tests.zonewatch.test_output import assert_aligned, row_of, table_after
from zonewatch.cli import main

DATA = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "data" / "compare_reports.yaml").read_text("utf-8")
)
SEEDS = SHARED / "seeds"
KEYS = {"zone", "year", "metric", "unit", "change", "direction", "previous", "current", "match"}


def write(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.txt"
    path.write_text(DATA[name]["text"], encoding="utf-8")
    return path


def run(*args: str) -> Any:
    return CliRunner().invoke(main, ["compare", *args])


def as_rows(items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    def value(side: dict[str, Any] | None) -> float | None:
        return None if side is None else float(side["value"])

    return sorted((i["change"], i["metric"], value(i["previous"]), value(i["current"])) for i in items)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("compare")
    return {name: write(folder, name) for name in ("old", "new", "qualitative")}


def dates(*names: str) -> list[str]:
    return ["--old-published", DATA[names[0]]["published"], "--new-published", DATA[names[1]]["published"]]


def test_compare_two_files_json(files: dict[str, Path]) -> None:
    result = run(str(files["old"]), str(files["new"]), *dates("old", "new"), "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert all(set(item) == KEYS for item in items)
    expected = sorted(
        (c, m, None if a is None else float(a), None if b is None else float(b))
        for c, m, a, b in DATA["expect"]
    )
    assert as_rows(items) == expected
    gdp = next(i for i in items if i["change"] == "changed" and i["metric"] == "地区生产总值增长")
    assert [t["value"] for t in gdp["current"]["tiers"]] == [8, 9] and gdp["direction"] == "down"
    money = next(i for i in items if i["change"] == "changed" and i["metric"] == "技术合同成交额")
    assert (money["previous"]["unit"], money["current"]["unit"], money["direction"]) == ("万元", "亿元", "up")


def test_compare_table_is_chinese(files: dict[str, Path]) -> None:
    result = run(str(files["old"]), str(files["new"]), *dates("old", "new"))
    assert result.exit_code == 0, result.output
    reports = table_after(result.stdout, "示例高新区：2023年报告 → 2024年报告（回顾2023年）")
    assert_aligned(reports)
    assert row_of(reports, 报告="新")["标题"] == "示例高新区召开2024年工作会议"
    changes = table_after(result.stdout, "变化：5 项")
    assert_aligned(changes)
    # Judged and set again: one row, the unit conversion said.
    money = row_of(changes, 指标="技术合同成交额")
    assert (money["类别"], money["年份"], money["旧"], money["新"], money["变化"]) == (
        "完成",
        "2023",
        "目标 50000万元",
        "实际 5.2亿元",
        "+4.0%",
    )
    assert money["说明"] == "2024年目标上调为 6亿元（+20.0%）；单位换算：万元 → 亿元"
    dropped = row_of(changes, 类别="未再提及")
    assert (dropped["指标"], dropped["旧"], dropped["新"]) == ("建成标准厂房", "20万平方米", "-")


def test_qualitative_reports_on_either_side(files: dict[str, Path]) -> None:
    before = json.loads(
        run(str(files["qualitative"]), str(files["new"]), *dates("qualitative", "new"), "--json").stdout
    )
    assert {i["change"] for i in before} == {"new"} and len(before) == 4
    after = run(
        str(files["old"]),
        str(files["qualitative"]),
        "--old-published",
        "2022-01-20",
        "--new-published",
        "2023-01-18",
        "--json",
    )
    assert after.exit_code == 0, after.output
    assert [i["change"] for i in json.loads(after.stdout)] == ["no_targets"]


def test_compare_is_the_nightly_diff(files: dict[str, Path], db_url: str) -> None:
    """The same two reports stored as the parse stage stores them: `diff --json` prints the same items."""
    from parsers.document import parse_path
    from storage import repository as repo
    from storage.db import session_scope
    from zonewatch.sites import SiteConfig

    site = SiteConfig(name="cmp", zone="示例高新区", start_urls=["http://127.0.0.1:9/"])
    with session_scope(db_url) as session:
        repo.upsert_site(session, site)
        for name in ("old", "new"):
            import datetime as dt

            parsed = parse_path(files[name], published=dt.date.fromisoformat(DATA[name]["published"]))
            url = f"http://127.0.0.1:9/{name}.html"
            document, _ = repo.save_document(session, repo.FetchedDocument(site.name, url, name.encode()))
            fields = {
                "zone": site.zone,
                "plan_year": parsed.plan_year,
                "review_year": parsed.review_year,
                "title": parsed.title,
                "url": url,
                "is_report": parsed.is_report,
                "report_score": parsed.report_score,
                "extractor_version": "t",
            }
            repo.save_report(session, document, fields, parsed.records)
    nightly = CliRunner().invoke(main, ["diff", "--zone", "示例高新区", "--db", db_url, "--json"])
    assert nightly.exit_code == 0, nightly.output
    compared = run(str(files["old"]), str(files["new"]), *dates("old", "new"), "--json")
    assert json.loads(nightly.stdout) == json.loads(compared.stdout)


def test_bad_input_is_one_line_and_an_exit_code(files: dict[str, Path], tmp_path: Path) -> None:
    bad_date = run(str(files["old"]), str(files["new"]), "--old-published", "2023-13-45")
    assert bad_date.exit_code == 1 and "--old-published must be YYYY-MM-DD" in bad_date.output
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    no_text = run(str(files["old"]), str(empty))
    assert no_text.exit_code == 2 and "empty.txt: failed: empty document" in no_text.output
    reversed_order = run(str(files["new"]), str(files["old"]), *dates("new", "old"))
    assert reversed_order.exit_code == 1 and "give the older report first" in reversed_order.output
    missing = run(str(tmp_path / "nowhere.txt"), str(files["new"]))
    assert missing.exit_code == 1 and "nowhere.txt: file not found" in missing.output
    folder = run(str(tmp_path), str(files["new"]))
    assert folder.exit_code == 1 and "not a file" in folder.output
    unsupported = tmp_path / "report.doc"
    unsupported.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    old_word = run(str(unsupported), str(files["new"]))
    assert old_word.exit_code == 2 and "report.doc: unsupported" in old_word.output
    for result in (bad_date, no_text, reversed_order, missing, folder, old_word):
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


@pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/seeds is absent: the real 江阴高新区 pair cannot be read"
)
def test_jiangyin_2019_to_2020() -> None:
    """The 2020 targets as new, the 2019 target 2020 no longer mentions (R&D), the met verdict on the
    high-tech output share (≥50 %, actual 59.1 %), and nothing else: the share is judged, so it is
    not also 未再提及 (one story per target)."""
    old, new = SEEDS / "000_16fd51994cc59a60.txt", SEEDS / "001_031e73ca6727ce23.txt"
    result = run(str(old), str(new), "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    kinds = {i["change"] for i in items}
    assert kinds == {"new", "dropped", "met"}, kinds
    new_targets = [i for i in items if i["change"] == "new"]
    assert len(new_targets) >= 20 and all(i["previous"] is None for i in new_targets)
    assert all(i["current"]["year"] in (2020, 2022, 2025, None) for i in new_targets)
    dropped = sorted((i["metric"], i["previous"]["value"]) for i in items if i["change"] == "dropped")
    assert dropped == [("全社会研发投入占GDP比重", 5)]
    (met,) = [i for i in items if i["change"] == "met"]
    assert (met["previous"]["value"], met["previous"]["comparator"], met["current"]["value"]) == (
        50,
        ">=",
        59.1,
    )
    assert met["previous"]["year"] == 2019 and met["current"]["kind"] == "actual"


def test_a_later_review_of_an_earlier_year_judges_and_drops_nothing(tmp_path: Path) -> None:
    """A mid-term review published after next year's report looks back on an earlier year: compared
    in the order given, it neither drops nor judges the older report's targets."""
    older = tmp_path / "plan-2024.txt"
    older.write_text(
        "示例高新区2024年工作会议召开\n2023年，全区地区生产总值增长6.2%。"
        "2024年主要目标是：地区生产总值增长6%，新认定高新技术企业60家。",
        encoding="utf-8",
    )
    review = tmp_path / "midterm.txt"
    review.write_text(
        "示例高新区“十四五”规划中期评估报告\n2022年，全区地区生产总值增长5.1%，高新技术企业达到210家。"
        "到2025年，力争高新技术企业总数突破300家。",
        encoding="utf-8",
    )
    given = ["--old-published", "2024-01-20", "--new-published", "2024-03-10", "--json"]
    result = CliRunner().invoke(main, ["compare", str(older), str(review), *given])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    kinds = {item["change"] for item in items}
    assert not kinds & {"dropped", "met", "missed", "unclear", "progress", "gap"}, items
    assert "reviews 2022" in result.stderr
    refused = CliRunner().invoke(main, ["compare", str(older), str(review)])
    assert refused.exit_code == 1 and "give the older report first" in refused.output
