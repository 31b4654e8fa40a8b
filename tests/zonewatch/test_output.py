"""Human output is for humans (issue 22, point 3): every command prints an aligned Chinese table or
summary, `--json` prints JSON, no deprecation noise on a crawl, and a closed pipe ends quietly.

Alignment is measured in display cells (rich's `cell_len`: a Chinese character takes two), on the
plain text a pipe gets: in every line of a table each column starts (left-aligned) or ends
(right-aligned numbers) at the same display column as its header.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from tests.conftest import _reset_pg
from tests.zonewatch.conftest import demo_sites_file, zonewatch
from tests.zonewatch_ui.conftest import seed_zones
from zonewatch.cli import main

CJK = re.compile(r"[\u4e00-\u9fff]")
CELL = re.compile(r"\S+(?: \S+)*")  # cells are parted by two or more spaces; a cell may hold one


def cells(line: str) -> list[tuple[int, int, str]]:
    """(first display column, display column after it, text) of each cell of a table line."""
    return [(cell_len(line[: m.start()]), cell_len(line[: m.end()]), m.group()) for m in CELL.finditer(line)]


def table_after(output: str, title: str) -> list[str]:
    """The lines of the table under the line that starts with `title`: its header and rows."""
    lines = output.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith(title)]
    assert starts, f"no table titled {title!r} in:\n{output}"
    block = []
    for line in lines[starts[0] + 1 :]:
        if not line.strip():
            break
        block.append(line)
    return block


def assert_aligned(lines: list[str], *, chinese: bool = True) -> None:
    """Each column of the table starts or ends at one display column on every line."""
    assert len(lines) >= 2, f"a header and at least one row: {lines}"
    table = [cells(line) for line in lines]
    width = len(table[0])
    assert width >= 2, lines
    for line, row in zip(lines, table, strict=True):
        assert len(row) == width, f"{len(row)} cells, not {width}: {line!r}"
    for column in range(width):
        starts = {row[column][0] for row in table}
        ends = {row[column][1] for row in table}
        assert len(starts) == 1 or len(ends) == 1, (
            f"column {table[0][column][2]!r} moves: starts {sorted(starts)}, ends {sorted(ends)}\n"
            + "\n".join(lines)
        )
    if chinese:
        assert any(CJK.search(text) for row in table[1:] for _, _, text in row[:-1]), (
            "Chinese values before the last column, or alignment by display width proves nothing"
        )


def not_json(output: str) -> None:
    for line in output.splitlines():
        if line.strip().startswith(("{", "[")):
            with pytest.raises(ValueError):
                json.loads(line)


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


# --- the table printer ----------------------------------------------------------------------------


def test_table_aligns_chinese_by_display_width_without_escape_codes() -> None:
    from zonewatch.output import render_table

    lines = render_table(
        ["站点", "状态", "新增", "原因"],
        [["demo-云溪", "正常", 58, None], ["chenghu", "失败", 1234, "[bold]blocked: waf"]],
    )
    assert_aligned(lines)
    assert "[bold]blocked: waf" in lines[2], "a cell is text, not rich markup"
    assert all("\x1b" not in line and line == line.rstrip() for line in lines)
    assert not any(set(line) & set("─│┃━") for line in lines), "no box drawing off a terminal"


# --- reading commands on a seeded database --------------------------------------------------------


@pytest.fixture
def seeded(sqlite_db_url: str) -> str:
    seed_zones(sqlite_db_url)
    return sqlite_db_url


def test_health_is_two_aligned_tables(seeded: str) -> None:
    out = invoke("health", "--at", "2026-04-01", "--db", seeded)
    not_json(out)
    assert_aligned(table_after(out, "未解决的问题"))
    sites = table_after(out, "园区与站点")
    assert_aligned(sites)
    assert "持续失败" in out and "正常" in out, "sites of different status labels line up"


def test_history_and_card_are_aligned_tables(seeded: str) -> None:
    out = invoke("history", "--zone", "云溪高新区", "--db", seeded)
    not_json(out)
    assert_aligned(table_after(out, "云溪高新区："))
    card = invoke("history", "--zone", "云溪高新区", "--card", "--db", seeded)
    assert_aligned(table_after(card, "云溪高新区 目标兑现记录"))
    assert_aligned(table_after(card, "按年统计"), chinese=False)


def test_reports_list_and_all_are_aligned_tables(seeded: str) -> None:
    out = invoke("reports", "--db", seeded)
    not_json(out)
    assert_aligned(table_after(out, "工作报告"))
    everything = invoke("reports", "--all", "--db", seeded)
    assert_aligned(table_after(everything, "全部文档"))


def test_parse_diff_and_digest_print_summaries_and_json_on_request(seeded: str, tmp_path: Path) -> None:
    parsed = invoke("parse", "--db", seeded)
    not_json(parsed)
    assert_aligned(table_after(parsed, "解析结果"))
    counts = invoke("diff", "--db", seeded)
    not_json(counts)
    assert_aligned(table_after(counts, "逐年变化"))
    digest = invoke("digest", "--db", seeded, "--out", str(tmp_path / "d.html"))
    not_json(digest)
    assert_aligned(table_after(digest, "摘要"))
    # --json: the object these commands printed before, for scripts and Airflow.
    assert set(json.loads(invoke("diff", "--json", "--db", seeded))) >= {"zones", "pairs", "new", "met"}
    assert set(json.loads(invoke("digest", "--json", "--db", seeded))) >= {"changes", "sent", "error"}
    assert json.loads(invoke("parse", "--json", "--db", seeded).splitlines()[-1])["parsed"] == 0


CHANGE_COLUMNS = ["类别", "指标", "年份", "旧", "新", "变化", "说明"]


def row_of(table: list[str], **wanted: str) -> dict[str, str]:
    """The row of a table (its lines, header first) whose cells hold `wanted`, as {column: cell}."""
    header = [text for _, _, text in cells(table[0])]
    rows = [dict(zip(header, (text for _, _, text in cells(line)), strict=True)) for line in table[1:]]
    found = [row for row in rows if all(row.get(key) == value for key, value in wanted.items())]
    assert len(found) == 1, f"{len(found)} rows with {wanted}:\n" + "\n".join(table)
    return found[0]


def test_diff_of_a_zone_prints_its_reports_and_changes_as_aligned_tables(seeded: str) -> None:
    out = invoke("diff", "--zone", "云溪高新区", "--db", seeded)
    not_json(out)
    # Every pair of consecutive reports: the two reports, then their changes.
    assert_aligned(table_after(out, "云溪高新区：2024年报告 → 2025年报告"))
    changes = table_after(out, "变化：")
    assert changes[0].split() == CHANGE_COLUMNS
    assert_aligned(changes)
    met = row_of(changes, 类别="完成", 指标="新认定高新技术企业")
    assert (met["年份"], met["旧"], met["新"], met["变化"]) == ("2024", "目标 40家", "实际 43家", "+7.5%")
    assert met["说明"].startswith("2025年目标上调为 50家"), met
    assert out.count("变化：") == 2, "two pairs of reports, two tables of changes"


def test_sites_and_zones_are_aligned_tables(tmp_path: Path, mirror_server: object) -> None:
    sites = demo_sites_file(mirror_server, tmp_path / "sites.yaml", ["fengyuan", "yunxi"], dead=True)
    out = invoke("sites", "--sites", str(sites))
    assert_aligned(table_after(out, "站点："))
    assert {s["name"] for s in json.loads(invoke("sites", "--sites", str(sites), "--json"))} == {
        "demo-fengyuan",
        "demo-yunxi",
        "down",
    }
    assert_aligned(table_after(invoke("zones", "--province", "江苏", "--type", "高新区"), "登记的园区"))
    named = CliRunner().invoke(main, ["zones", "江阴国家高新区", "临港经开区"])
    assert named.exit_code == 1, "a name that is no one zone"
    assert_aligned(table_after(named.stdout, "园区名称"))


def test_db_commands_speak_chinese_and_json_on_request(tmp_path: Path) -> None:
    from storage.migrate import head_revision

    url = f"sqlite:///{tmp_path / 'z.db'}"
    head = head_revision()
    upgraded = invoke("db", "upgrade", "--revision", "0002", "--db", url)
    assert upgraded == f"数据库已升级到 0002（最新版本为 {head}）：{url}\n"
    current = invoke("db", "current", "--db", url)
    not_json(current)
    table = table_after(current, "数据库：")
    assert_aligned(table)
    assert row_of(table, 项目="当前版本")["内容"] == "0002" and row_of(table, 项目="最新版本")["内容"] == head
    assert row_of(table, 项目="状态")["内容"].startswith("需要升级")
    assert json.loads(invoke("db", "current", "--json", "--db", url)) == {
        "revision": "0002",
        "head": head,
        "url": url,
    }
    assert invoke("db", "upgrade", "--db", url) == f"数据库已升级到 {head}（最新版本）：{url}\n"
    assert invoke("db", "downgrade", "--db", url).startswith("数据库已降级为空库（没有表")
    assert json.loads(invoke("db", "upgrade", "--json", "--db", url))["revision"] == head


@pytest.mark.timeout(60)
def test_mirror_lists_its_sites_as_an_aligned_table(tmp_path: Path) -> None:
    sites_file = tmp_path / "sites.yaml"
    command = [sys.executable, "-m", "zonewatch", "mirror", "--print-sites", str(sites_file)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        for line in process.stdout:  # type: ignore[union-attr]
            lines.append(line)
            # The line after the table says where the sites file is; the mirror then serves quietly.
            if "Ctrl-C" in line:
                break
        out = "".join(lines)
        not_json(out)
        table = table_after(out, "演示镜像：4 个站点")
        assert_aligned(table)
        yunxi = row_of(table, 站点="demo-yunxi")
        assert yunxi["园区"] == "云溪高新区"
        # The address listed is served (and the mirror is past its start-up when interrupted below).
        with urllib.request.urlopen(yunxi["起始网址"], timeout=20) as page:
            assert page.status == 200
        assert lines[-1] == f"站点文件：{sites_file}（按 Ctrl-C 停止）\n"
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=20)
    assert code == 0, process.stderr.read()  # type: ignore[union-attr]


def test_extract_prints_the_document_and_its_records_as_aligned_tables() -> None:
    path = Path(__file__).resolve().parents[1] / "parsers" / "files" / "report.pdf"
    out = invoke("extract", str(path))
    not_json(out)
    document = table_after(out, f"文档：{path}")
    assert_aligned(document)
    assert [line.split()[0] for line in document] == [
        "项目",
        "标题",
        "园区",
        "发布日期",
        "回顾年",
        "计划年",
        "是否工作报告",
        "状态",
    ]
    assert row_of(document, 项目="园区")["内容"] == "示例高新区"
    assert row_of(document, 项目="状态")["内容"] == "已读取"
    assert row_of(document, 项目="是否工作报告")["内容"].startswith("是（得分 ")
    records = table_after(out, "目标与实绩：5 条")
    assert_aligned(records)
    assert row_of(records, 类型="目标", 指标="新认定高新技术企业")["比较"] == ">="
    assert "status" not in out and "score" not in out, "one language for the analyst"


# --- crawl and run on the bundled mirror ----------------------------------------------------------


@pytest.mark.slow
def test_crawl_prints_a_table_and_no_deprecation_warnings(tmp_path: Path, mirror_server: object) -> None:
    sites = demo_sites_file(mirror_server, tmp_path / "sites.yaml", ["fengyuan", "yunxi"], dead=True)
    crawled = zonewatch("crawl", "--sites", str(sites), "--db", f"sqlite:///{tmp_path / 'z.db'}")
    assert crawled.returncode == 3, crawled.stderr  # the dead site
    not_json(crawled.stdout)
    table = table_after(crawled.stdout, "抓取结果")
    assert_aligned(table)
    assert len(table) == 4 and "失败" in crawled.stdout and "正常" in crawled.stdout
    assert "Deprecat" not in crawled.stderr, crawled.stderr


@pytest.mark.slow
def test_run_prints_each_stage_as_a_table(tmp_path: Path, mirror_server: object) -> None:
    sites = demo_sites_file(mirror_server, tmp_path / "sites.yaml", ["fengyuan"], dead=True)
    ran = zonewatch(
        "run",
        "--sites",
        str(sites),
        "--db",
        f"sqlite:///{tmp_path / 'z.db'}",
        "--out",
        str(tmp_path / "d.html"),
    )
    assert ran.returncode == 3, ran.stderr
    not_json(ran.stdout)
    for title in ("抓取结果", "解析结果", "逐年变化", "摘要"):
        assert_aligned(table_after(ran.stdout, title), chinese=title != "摘要")
    assert "Deprecat" not in ran.stderr, ran.stderr


# --- a reader that closes the pipe early ----------------------------------------------------------


def closed_early(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `zonewatch ARGS` with its stdout a pipe whose reader closed it before any output."""
    process = subprocess.Popen(
        [sys.executable, "-m", "zonewatch", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `| head -1` once it has its line
    stderr = process.stderr.read()
    return subprocess.CompletedProcess(args, process.wait(240), "", stderr)


@pytest.mark.parametrize("args", [["reports", "--all"], ["reports", "--all", "--json"], ["health"]])
def test_a_closed_pipe_ends_quietly(seeded: str, args: list[str]) -> None:
    done = closed_early(*args, "--db", seeded)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", "no Broken pipe, no traceback"


@pytest.mark.slow
def test_a_crawl_into_a_closed_pipe_keeps_its_own_status(tmp_path: Path, mirror_server: object) -> None:
    sites = demo_sites_file(mirror_server, tmp_path / "sites.yaml", ["fengyuan"], dead=True)
    done = closed_early("crawl", "--sites", str(sites), "--db", f"sqlite:///{tmp_path / 'z.db'}")
    assert done.returncode == 3, done.stderr  # the dead site, as with an open pipe
    assert "Broken pipe" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert not any(line.startswith("Error:") for line in done.stderr.splitlines()), done.stderr


@pytest.mark.postgres
def test_db_commands_never_print_a_password(pg_server_url: str) -> None:
    """The db commands print the database they worked on; a password in its URL is masked as in
    every error line (PostgreSQL here trusts the client, so the password is accepted and unused)."""
    from sqlalchemy.engine import make_url

    url = make_url(pg_server_url).set(password="s3cret-pw").render_as_string(hide_password=False)
    _reset_pg(url)
    for args in (["db", "upgrade"], ["db", "current"], ["db", "current", "--json"]):
        printed = invoke(*args, "--db", url)
        assert "s3cret-pw" not in printed and "***" in printed, printed
