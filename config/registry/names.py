"""How a zone's name is written, and which written names are the same zone.

The rules are data (names.yaml): prefixes and suffixes around a zone's own name (国家级, 江苏省,
管委会), and the long forms that analysts and reports shorten (高新技术产业开发区 → 高新区). Both
sides of a comparison go through the same steps, so 江阴国家高新区, 江阴高新技术产业开发区管委会 and
江阴高新区 give one key. Nothing here knows a particular zone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).with_name("names.yaml")
# Parenthesised parts: "杭州高新区(滨江区)", "江阴—靖江工业园区(推断)".
PARENTHESES = re.compile(r"[(（][^()（）]*[)）]")
DROPPED = re.compile(r"[\s\"'“”‘’「」『』《》]")
# What remains of a name that names no zone in particular (a category, not a zone).
GENERIC = {
    "",
    "高新区",
    "经开区",
    "新区",
    "开发区",
    "园区",
    "工业园区",
    "产业园",
    "产业园区",
    "科技园",
    "工业园",
}


@dataclass(frozen=True)
class Rules:
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    infixes: tuple[str, ...]
    long_forms: tuple[tuple[str, str], ...]
    provinces: tuple[tuple[str, str], ...]

    @property
    def province_words(self) -> tuple[str, ...]:
        """Every way a name may start with its province, longest first."""
        words = {word for pair in self.provinces for word in pair}
        return tuple(sorted(words, key=len, reverse=True))


@cache
def rules() -> Rules:
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    longest = sorted(((str(a), str(b)) for a, b in data["long_forms"]), key=lambda p: -len(p[0]))
    return Rules(
        prefixes=tuple(sorted(map(str, data["prefixes"]), key=len, reverse=True)),
        suffixes=tuple(sorted(map(str, data["suffixes"]), key=len, reverse=True)),
        infixes=tuple(map(str, data["infixes"])),
        long_forms=tuple(longest),
        provinces=tuple((str(a), str(b)) for a, b in data["provinces"]),
    )


@cache
def _to_simplified() -> object:
    from opencc import OpenCC

    return OpenCC("t2s")


def clean(name: str) -> str:
    """Simplified script, half-width forms, no spaces or quotes: "江陰高新區 " → "江阴高新区"."""
    text = unicodedata.normalize("NFKC", name)
    text = _to_simplified().convert(text)  # type: ignore[attr-defined]
    return DROPPED.sub("", text)


def short_form(name: str) -> str:
    """The long forms shortened (江阴高新技术产业开发区 → 江阴高新区) and infixes out (江阴国家高新区 →
    江阴高新区); the name as given when it holds none."""
    text = name
    for long, short in rules().long_forms:
        text = text.replace(long, short)
    for infix in rules().infixes:
        for _, short in rules().long_forms:
            text = text.replace(infix + short, short)
    return text


def generic(name: str) -> bool:
    """Whether a (cleaned) name is a category rather than a zone: 高新区, 经济技术开发区, 工业园区."""
    return short_form(name) in GENERIC or len(name) < 2


def _strip_once(text: str) -> str:
    r = rules()
    for prefix in r.prefixes + r.province_words:
        if text.startswith(prefix) and not generic(text[len(prefix) :]):
            return text[len(prefix) :]
    for suffix in r.suffixes:
        if text.endswith(suffix) and not generic(text[: -len(suffix)]):
            return text[: -len(suffix)]
    return text


def key(name: str) -> str:
    """The comparable form of a zone name: cleaned, parentheses out, prefixes and suffixes stripped
    ("江苏省如皋高新技术产业开发区管委会" → "如皋高新技术产业开发区")."""
    text = PARENTHESES.sub("", clean(name))
    for _ in range(8):  # each round removes one word; names carry two or three at most
        stripped = _strip_once(text)
        if stripped == text:
            break
        text = stripped
    return text


def inner_names(name: str) -> list[str]:
    """The parenthesised parts of a name, which may be another name of the zone:
    "天津滨海高新区(天津高新区)" → ["天津高新区"]."""
    return [part[1:-1] for part in PARENTHESES.findall(clean(name)) if len(part) > 3]
