"""Bytes of a Chinese government page to text, without trusting a single declared charset.

Servers declare UTF-8 over GBK bytes, pages declare gb2312 and use GBK characters (镕, 堃), and
some declare nothing. A strict decode decides: the declared charsets are tried in order, gb2312 and
gbk are read as their superset gb18030, and detection is the last resort.
"""

from __future__ import annotations

import codecs
import re
from functools import cache, lru_cache

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "x-gbk": "gb18030",
    # Big5 pages use the ETEN/HKSCS extensions (碁 銹 裏 堃 喆); big5hkscs reads them all.
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
}
# Read when the declared charset yields text no Chinese page is made of (gate/big5 gateways keep
# the original page's "gb2312" over Big5 bytes; servers say UTF-8 or ISO-8859-1 over GBK).
CANDIDATES = ("utf-8", "gb18030", "big5hkscs")
MIN_JUDGED = 20  # non-ASCII characters a text needs before its decoding is judged
MAX_GARBLED = 0.15  # real pages: under 0.05 of their non-ASCII characters; mojibake: 0.4 and more
# Pinyin with tone marks: ruby text of machine-converted copies (經(jīng)開區) is text, not mojibake.
PINYIN = frozenset("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ")
HEAD = 30000  # characters judged: plenty of evidence, and a bounded cost per page


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


_UTF8_TOKEN = re.compile(
    rb"(?P<ascii>[\x00-\x7f]+)|(?P<wide>(?:[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})+)"
    rb"|(?P<narrow>[\xc2-\xdf][\x80-\xbf])|(?P<other>[\x80-\xff])"
)


def _utf8_with_gbk_runs(raw: bytes) -> str:
    """UTF-8 text with runs pasted from an old GBK page. A GBK pair can look like a two-byte UTF-8
    character (业 is D2 B5, read as "ҵ"), so such a pair next to a GBK run belongs to the run."""
    parts: list[str] = []
    foreign = bytearray()
    for match in _UTF8_TOKEN.finditer(raw):
        kind = match.lastgroup
        if kind == "other" or (kind == "narrow" and foreign):
            foreign += match.group()
            continue
        token = match.group()
        if foreign and kind == "ascii" and len(foreign) % 2:
            # GBK's extension characters take a trail byte from the ASCII range (镕 is E9 46).
            foreign.append(token[0])
            token = token[1:]
        if foreign:
            parts.append(bytes(foreign).decode("gb18030", "replace"))
            foreign.clear()
        parts.append(token.decode("utf-8", "replace"))
    if foreign:
        parts.append(bytes(foreign).decode("gb18030", "replace"))
    return "".join(parts)


def _mostly_utf8(raw: bytes) -> bool:
    """UTF-8 with a few stray GBK runs. Checked before gb18030, which would 'succeed' on such
    bytes and turn the whole page into mojibake."""
    high = sum(1 for byte in raw if byte >= 0x80)
    if not high:
        return False
    valid = len(raw.decode("utf-8", "ignore").encode("utf-8"))
    return (len(raw) - valid) <= 0.3 * high  # all-GBK text scores above 0.6


@cache
def _garbled_char() -> re.Pattern[str]:
    """A non-ASCII character Chinese pages are not made of: outside the common Chinese characters
    (simplified and traditional), the punctuation and full-width forms of Chinese text, pinyin.
    One notion of ordinary Chinese text for the project: the PDF text-layer check's."""
    from parsers.pdf_layer import _chinese, _common, _plain

    others = {chr(code) for code in range(0x80, 0x10000) if _plain(chr(code)) and not _chinese(chr(code))}
    readable = "".join(re.escape(char) for char in sorted(_common() | others | PINYIN))
    return re.compile(f"[^\\x00-\\x7f\\s{readable}]")


@lru_cache(maxsize=16)  # asked twice of one page (decoding, then the crawler's record)
def garbled_share(text: str) -> float | None:
    """Share (0–1) of a text's non-ASCII characters that Chinese pages are not made of: letters of
    other scripts, private-use and replacement characters, Chinese characters outside the common
    set. None when the text has too few to judge. It is asked of every page the crawler fetches,
    so it runs in C over the first HEAD characters (one regex class, an ASCII encode)."""
    head = text[:HEAD]
    wide = len(head) - len(head.encode("ascii", "ignore"))
    if wide < MIN_JUDGED:
        return None
    return len(_garbled_char().findall(head)) / wide


def decoded_cleanly(text: str) -> bool:
    """Whether a decoded text reads as a page (too little non-ASCII text to judge counts as clean)."""
    share = garbled_share(text)
    return share is None or share <= MAX_GARBLED


def _strict(raw: bytes, name: str) -> str | None:
    try:
        return raw.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def _best_reading(raw: bytes, names: list[str]) -> tuple[str, str] | None:
    """The strict decoding among `names` that reads most like a Chinese page, if one reads cleanly."""
    readings = [(text, name) for name in dict.fromkeys(names) if (text := _strict(raw, name)) is not None]
    scored = [(garbled_share(text) or 0.0, text, name) for text, name in readings]
    clean = [entry for entry in scored if entry[0] <= MAX_GARBLED]
    if not clean:
        return None
    _, text, name = min(clean, key=lambda entry: entry[0])
    return text, name


def decode_html(raw: bytes, content_type: str | None = None, hint: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used).

    The site's configured encoding (hint) is trusted; a declared charset is taken when it decodes
    strictly into text that reads as a page. A declaration that decodes strictly into mojibake
    (Big5 bytes under "gb2312", GBK under "iso-8859-1") gives way to the reading of the bytes that
    reads cleanly (decoded_cleanly); whether the result is clean is the caller's to check.
    """
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", "replace"), "utf-8"
    declared = declared_charsets(raw, content_type, hint)
    hinted = _canonical(hint) if hint else None
    for name in declared + ["utf-8"]:
        text = _strict(raw, name)
        if text is None:
            continue
        if name == hinted or decoded_cleanly(text):
            return text, name
        better = _best_reading(raw, [*CANDIDATES, *declared])
        return better if better is not None else (text, name)
    if _mostly_utf8(raw):
        return _utf8_with_gbk_runs(raw), "utf-8+gbk"
    better = _best_reading(raw, ["gb18030", "big5hkscs"])
    if better is not None:
        return better
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None:
        return str(best), best.encoding
    return raw.decode("gb18030", "replace"), "gb18030"
