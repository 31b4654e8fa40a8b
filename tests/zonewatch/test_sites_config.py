"""A wrong sites file is refused before anything runs, naming the file, the entry and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from zonewatch.cli import main
from zonewatch.sites import ConfigError, load_sites, select_sites

GOOD = """
sites:
  - name: demo-gxq
    zone: 示例高新区
    start_urls: ["http://127.0.0.1:8000/gxq/xxgk/index.html"]
  - name: demo-jkq
    zone: 示例经开区
    start_urls: http://127.0.0.1:8001/col/col4021/index.html
    download_delay: 0.5
    max_pages: 30
    encoding: gb18030
    selectors: {content: "div.TRS_Editor"}
    include: [工作报告, 工作会议]
    enabled: false
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sites.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_loads_with_defaults(tmp_path: Path) -> None:
    gxq, jkq = load_sites(_write(tmp_path, GOOD))
    assert gxq.download_delay == 1.0 and gxq.domains() == ["127.0.0.1"]
    assert jkq.start_urls == ["http://127.0.0.1:8001/col/col4021/index.html"]
    assert jkq.selectors == {"content": "div.TRS_Editor"} and jkq.max_pages == 30
    assert [s.name for s in select_sites([gxq, jkq], [])] == ["demo-gxq"], "disabled sites are skipped"
    assert [s.name for s in select_sites([gxq, jkq], ["demo-jkq"])] == ["demo-jkq"]


BAD = {
    "bad yaml": ("sites:\n  - name: a\n    zone: : :\n", "line 3: invalid YAML"),
    "not a mapping": ("- just a list\n", "top level: expected a mapping with a 'sites' list"),
    "no sites": ("sites: []\n", "'sites' must be a non-empty list"),
    "missing key": ("sites:\n  - name: a\n    zone: 甲\n", "site #1 (a): missing required key 'start_urls'"),
    "unknown key": (
        "sites:\n  - {name: a, zone: 甲, start_urls: ['http://x.cn/'], dealy: 1}\n",
        "site #1 (a): unknown key 'dealy'",
    ),
    "duplicate name": (
        "sites:\n  - {name: a, zone: 甲, start_urls: ['http://x.cn/']}\n"
        "  - {name: a, zone: 乙, start_urls: ['http://y.cn/']}\n",
        "site #2 (a): duplicate name (also site #1)",
    ),
    "bad url": (
        "sites:\n  - {name: a, zone: 甲, start_urls: ['ftp://x.cn/list']}\n",
        "site #1 (a): bad URL 'ftp://x.cn/list'",
    ),
    "url without host": ("sites:\n  - {name: a, zone: 甲, start_urls: ['http:///x']}\n", "bad URL"),
    "bad number": (
        "sites:\n  - {name: a, zone: 甲, start_urls: ['http://x.cn/'], download_delay: fast}\n",
        "'download_delay' must be a non-negative number",
    ),
    "bad encoding": (
        "sites:\n  - {name: a, zone: 甲, start_urls: ['http://x.cn/'], encoding: klingon}\n",
        "unknown encoding 'klingon'",
    ),
    "bad selector": (
        "sites:\n  - {name: a, zone: 甲, start_urls: ['http://x.cn/'], selectors: {body: div}}\n",
        "unknown selector 'body'",
    ),
    "empty sites": ("sites:\n", "'sites' is empty, nothing to crawl"),
    "duplicate key in an entry": (
        "sites:\n  - name: a\n    zone: 甲\n    start_urls: ['http://x.cn/']\n"
        "  - name: b\n    zone: 乙\n    start_urls: ['http://y.cn/']\n    zone: 丙\n",
        "site #2 (b): line 8: duplicate key 'zone' (also on line 6)",
    ),
    "duplicate top-level key": (
        "sites:\n  - {name: a, zone: 甲, start_urls: ['http://x.cn/']}\nsites: []\n",
        "top level: line 3: duplicate key 'sites' (also on line 1)",
    ),
    "port above 65535": (
        "sites:\n  - {name: a, zone: 甲, start_urls: ['http://x.cn:70000/list']}\n",
        "site #1 (a): bad URL 'http://x.cn:70000/list' in 'start_urls': port must be 1-65535",
    ),
    "port zero": (
        "sites:\n  - {name: a, zone: 甲, start_urls: ['http://x.cn:0/list']}\n",
        "port must be 1-65535",
    ),
    "port not a number": (
        "sites:\n  - {name: a, zone: 甲, start_urls: ['http://x.cn:80a/list']}\n",
        "port must be 1-65535",
    ),
    "selector that does not parse": (
        "sites:\n  - {name: a, zone: 甲, start_urls: ['http://x.cn/'], selectors: {link: 'ul.news >> a['}}\n",
        "site #1 (a): selector 'link' does not parse as CSS: 'ul.news >> a['",
    ),
    "empty selector": (
        "sites:\n  - {name: a, zone: 甲, start_urls: ['http://x.cn/'], selectors: {link: ''}}\n",
        "selector 'link' must be a non-empty string",
    ),
}


@pytest.mark.parametrize("text,expected", list(BAD.values()), ids=list(BAD))
def test_bad_files_are_refused_clearly(tmp_path: Path, text: str, expected: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_sites(path)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    assert expected in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_sites(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    "text,expected",
    [BAD["unknown key"], BAD["duplicate name"], BAD["duplicate key in an entry"], BAD["empty sites"]],
)
def test_cli_prints_one_line_and_exits_non_zero(tmp_path: Path, text: str, expected: str) -> None:
    result = CliRunner().invoke(main, ["sites", "--sites", str(_write(tmp_path, text))])
    assert result.exit_code != 0
    assert expected in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_cli_lists_good_sites_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONEWATCH_SITES", str(_write(tmp_path, GOOD)))
    result = CliRunner().invoke(main, ["sites"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.split()[:2] == ["demo-gxq", "示例高新区"] for line in lines), result.output
    assert "停用" in result.output, "a disabled site says so"
