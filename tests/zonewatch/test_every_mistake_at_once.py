"""A sites, subscriptions or zone-registry file reports every mistake at once (issue 22, point 4).

Before, only the first mistake was named, so a file with three took three runs to fix, and a
mistyped key got the whole list of allowed keys rather than the one it meant.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from config.yaml_file import ConfigError

SITES = """\
sites:
  - name: a
    zone: 甲园区
    start_url: ["http://127.0.0.1:9/a/"]
    max_pages: -3
  - name: b
    zone: 乙园区
    start_urls: ["ftp://127.0.0.1/b/"]
"""

SUBSCRIPTIONS = """\
subscriptions:
  - emial: a@example.cn
    changes: [new, chnaged]
  - email: b@example.cn
    min_change: 10
"""

REGISTRY = """\
blocks:
  - source: 测试名录
    zones:
      - {name: 甲区, typ: 高新区}
      - {name: 乙区, level: 市级的}
"""


def test_a_sites_file_with_three_mistakes_in_two_entries_lists_all_three(tmp_path: Path) -> None:
    from zonewatch.cli import main

    path = tmp_path / "sites.yaml"
    path.write_text(SITES, encoding="utf-8")
    result = CliRunner().invoke(main, ["sites", "--sites", str(path)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: 3 problems: "), result.stderr
    problems = lines[0].removeprefix("Error: 3 problems: ").split("; ")
    assert problems == [
        f"{path}: site #1 (a): unknown key 'start_url' (did you mean 'start_urls'?)",
        f"{path}: site #1 (a): 'max_pages' must be a non-negative number, not -3",
        f"{path}: site #2 (b): bad URL 'ftp://127.0.0.1/b/' in 'start_urls' (need http:// or https:// and a host)",
    ]


def test_an_unknown_key_far_from_any_lists_the_allowed_ones() -> None:
    from config.sites import parse_sites

    with pytest.raises(ConfigError) as caught:
        parse_sites("sites:\n  - {name: a, zone: 甲, start_urls: ['http://x.cn/'], colour: red}\n", "s.yaml")
    assert str(caught.value).startswith("s.yaml: site #1 (a): unknown key 'colour' (allowed: name, zone,")


def test_a_subscriptions_file_lists_every_mistake() -> None:
    from monitor.delivery.subscriptions import parse_subscriptions

    with pytest.raises(ConfigError) as caught:
        parse_subscriptions(SUBSCRIPTIONS, "subs.yaml")
    problems = caught.value.problems
    assert len(problems) == 3, problems
    assert problems[0] == "subs.yaml: subscription #1: unknown key 'emial' (did you mean 'email'?)"
    assert (
        problems[1] == "subs.yaml: subscription #1: unknown change kind 'chnaged' (did you mean 'changed'?)"
    )
    assert problems[2].startswith("subs.yaml: subscription #2 (b@example.cn): 'min_change' 10 is ambiguous")


def test_a_zone_registry_file_lists_every_mistake() -> None:
    from config.registry.zones import parse_registry

    with pytest.raises(ConfigError) as caught:
        parse_registry(REGISTRY, "zones.yaml")
    problems = caught.value.problems
    assert len(problems) == 2, problems
    assert problems[0] == "zones.yaml: block #1: zone #1 (甲区): unknown key 'typ' (did you mean 'type'?)"
    assert problems[1].startswith("zones.yaml: block #1: zone #2 (乙区): level '市级的' is not one of")
