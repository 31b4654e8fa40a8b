"""The zone registry: its files, the names that resolve to one entry, and the sites file's zones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from config.registry import Registry, by_default, load_zones
from config.registry.sites import registered_sites
from config.registry.zones import parse_registry
from config.sites import parse_sites
from config.yaml_file import ConfigError
from tests.conftest import shared_path

# A small registry of our own: two zones of one city whose short forms differ, a zone and its
# provincial namesake that share a short form, and a zone run together with a district.
OWN = """
blocks:
  - source: "test list A"
    defaults: {level: 国家级, type: 高新区}
    zones:
      - {name: 梧桐高新区, full_name: 梧桐高新技术产业开发区, province: 江苏, city: 梧桐}
      - {name: 临水高新区, full_name: 临水高新技术产业开发区, province: 浙江, city: 临水, district: 东岸区}
  - source: "test list B"
    defaults: {type: 经开区}
    zones:
      - {name: 梧桐经开区, full_name: 梧桐经济技术开发区, province: 江苏, city: 梧桐, level: 国家级}
      - {name: 江苏梧桐经济开发区, province: 江苏, city: 梧桐, level: 省级}
      - {name: 南郊经开区, full_name: 北原南郊经济技术开发区, province: 河北, city: 北原, level: 国家级}
"""


@pytest.fixture
def own() -> Registry:
    return Registry(parse_registry(OWN, "own.yaml").values())


@pytest.mark.parametrize(
    "written",
    [
        "梧桐高新区",
        "梧桐高新技术产业开发区",  # the full name
        "梧桐国家高新区",  # an infix
        "国家级梧桐高新区",  # a prefix
        "江苏省梧桐高新技术产业开发区管委会",  # province and office
        "梧桐市梧桐高新区",  # a leading city
        "梧桐高新技术开发区",  # another long form
        "梧 桐 高 新 區",  # traditional script, spaces
        "梧桐高新区(示范区)",  # a parenthesis
    ],
)
def test_written_names_of_one_zone_resolve_to_its_entry(own: Registry, written: str) -> None:
    found = own.resolve(written)
    assert found.zone is not None and found.zone.name == "梧桐高新区", found


def test_a_short_form_two_zones_share_names_neither(own: Registry) -> None:
    # 梧桐经济技术开发区 (国家级) and 江苏梧桐经济开发区 (省级) are both "梧桐经开区" in short: a registered
    # name wins; where neither is registered under it, the short form names neither.
    assert own.resolve("梧桐经开区").zone.name == "梧桐经开区"  # type: ignore[union-attr]
    assert own.resolve("梧桐经济开发区").zone.name == "江苏梧桐经济开发区"  # type: ignore[union-attr]
    two = Registry(
        parse_registry(
            "blocks:\n  - source: s\n    zones:\n      - {name: 梧桐经济技术开发区}\n"
            "      - {name: 江苏梧桐经济开发区}\n",
            "two.yaml",
        ).values()
    )
    ambiguous = two.resolve("梧桐经开区")
    assert ambiguous.zone is None and ambiguous.how == "ambiguous"
    assert ambiguous.candidates == ("梧桐经济技术开发区", "江苏梧桐经济开发区")


def test_a_category_or_an_unknown_zone_is_not_a_zone(own: Registry) -> None:
    for written in ("高新区", "国家级经济技术开发区", "xx高新区", "石桥高新区"):
        assert own.resolve(written).zone is None, written
    assert own.resolve("南郊经开区").zone.name == "南郊经开区"  # type: ignore[union-attr]
    assert own.resolve("南郊经济技术开发区").zone.name == "南郊经开区", "written without its city"  # type: ignore[union-attr]


def test_bundled_registry_has_a_source_per_row_and_the_national_lists() -> None:
    zones = by_default().zones
    assert all(zone.source for zone in zones.values())
    national = [z for z in zones.values() if z.code and z.code[2:5] in ("101", "102", "103")]
    counts = {kind: sum(z.code[2:5] == kind for z in national) for kind in ("101", "102", "103")}  # type: ignore[index]
    assert counts == {"101": 219, "102": 19, "103": 168}, "GB/T 37028-2018's national lists, whole"
    assert all(z.level == "国家级" and z.as_of == "2018" for z in national)
    jiangyin = by_default().resolve("江阴高新技术产业开发区").zone
    assert jiangyin is not None and (jiangyin.province, jiangyin.city, jiangyin.type) == (
        "江苏",
        "无锡",
        "高新区",
    )
    assert by_default().resolve("江阴高新技术开发区").zone == jiangyin, "the seed's 发布机构 name"


def test_every_zone_of_the_real_excerpts_is_registered() -> None:
    """Each named zone of ../shared/eval/real resolves (b17 is anonymised: it must not)."""
    docs = shared_path("eval", "real", "docs")
    for meta in sorted(docs.glob("*.meta.json")):
        zone = json.loads(meta.read_text(encoding="utf-8"))["zone"]
        found = by_default().resolve(zone)
        if "匿名" in zone:
            assert found.zone is None, zone
        else:
            assert found.zone is not None and found.zone.province and found.zone.type, (meta.name, zone)


def test_wrong_registry_files_are_refused_in_one_line(tmp_path: Path) -> None:
    cases = {
        "blocks:\n  - zones: [{name: 甲区}]\n": "names the source",
        "blocks:\n  - source: s\n    zones: [{name: 甲区, level: 市级}]\n": "level '市级'",
        "blocks:\n  - source: s\n    zones: [{name: 甲区, typ: 高新区}]\n": "unknown key 'typ'",
        "blocks:\n  - source: s\n    zones: [{name: 甲区}, {name: 甲区}]\n": "listed twice",
        "blocks:\n  - source: s\n    amends: true\n    zones: [{name: 乙区, aliases: [乙]}]\n": "no earlier block",
    }
    for number, (text, problem) in enumerate(cases.items()):
        path = tmp_path / f"zones{number}.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match=problem) as caught:
            load_zones([path])
        assert str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_sites_file_zones_take_their_registered_name_and_unknown_ones_warn(own: Registry) -> None:
    sites = parse_sites(
        "sites:\n"
        "  - {name: a, zone: 梧桐高新技术产业开发区, start_urls: ['http://127.0.0.1:9/a/']}\n"
        "  - {name: b, zone: 梧桐高新区, start_urls: ['http://127.0.0.1:9/b/']}\n"
        "  - {name: c, zone: 石桥园区, start_urls: ['http://127.0.0.1:9/c/']}\n"
    )
    kept, messages = registered_sites(sites, own)
    assert [s.zone for s in kept] == ["梧桐高新区", "梧桐高新区", "石桥园区"], "one zone, however written"
    assert len(messages) == 2
    assert messages[0].startswith("note:") and "'梧桐高新区'" in messages[0]
    assert (
        messages[1].startswith("warning:")
        and "石桥园区" in messages[1]
        and "not in the zone registry" in messages[1]
    )


def test_zonewatch_zones_files_extend_the_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "more.yaml"
    extra.write_text(
        "blocks:\n  - source: our list\n    zones: [{name: 石桥园区, province: 河北, type: 其他}]\n"
        "  - source: our notes\n    amends: true\n    zones: [{name: 江阴高新区, aliases: [澄江高新园]}]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("ZONEWATCH_ZONES", str(extra))
    registry = by_default()
    assert registry.resolve("石桥园区").zone.province == "河北"  # type: ignore[union-attr]
    assert registry.resolve("澄江高新园").zone.name == "江阴高新区"  # type: ignore[union-attr]
    assert "our notes" in registry.get("江阴高新区").sources  # type: ignore[union-attr]
