"""Bytes of a Chinese government page to text, without trusting a single declared charset.

Servers declare UTF-8 over GBK bytes, pages declare gb2312 and use GBK characters (镕, 堃), and
some declare nothing. A strict decode decides: the declared charsets are tried in order, gb2312 and
gbk are read as their superset gb18030, and detection is the last resort.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030"}


def _canonical(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def declared_charsets(raw: bytes, content_type: str | None = None, hint: str | None = None) -> list[str]:
    found: list[str] = []
    if hint:
        found.append(hint)
    if content_type and "charset=" in content_type.lower():
        found.append(content_type.lower().split("charset=")[-1].split(";")[0].split(",")[0])
    match = _META_CHARSET.search(raw[:4096])
    if match:
        found.append(match.group(1).decode("ascii", "ignore"))
    names = [_canonical(name) for name in found]
    return list(dict.fromkeys(name for name in names if name))


def decode_html(raw: bytes, content_type: str | None = None, hint: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used)."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", "replace"), "utf-8"
    for name in declared_charsets(raw, content_type, hint) + ["utf-8", "gb18030"]:
        try:
            return raw.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None:
        return str(best), best.encoding
    return raw.decode("gb18030", "replace"), "gb18030"
