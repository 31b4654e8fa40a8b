"""Decoding fetched pages, and a record of what their charsets claimed.

The decoding itself is the parse stage's (`parsers.decode`: gb2312/gbk read as gb18030, BOM first,
UTF-8 with GBK runs); the crawler uses the same function so a list it read is the list the parser
sees. A page no reading of which gives Chinese text is marked `unclean` (the share of its
characters that are garbled), and the spider counts it. What it adds besides is the record: a header that contradicts the page's meta, or a page that
declares nothing, is worth knowing when a site's text comes out wrong.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from typing import Any

from parsers.decode import MAX_GARBLED, _canonical, declared_charsets, decode_html, garbled_share


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec that decoded the bytes
    charset: dict[str, Any]  # what was declared, for the document's meta


def _header_charset(content_type: str) -> str | None:
    lowered = content_type.lower()
    if "charset=" not in lowered:
        return None
    return _canonical(lowered.split("charset=")[-1].split(";")[0].split(",")[0])


def decode_page(body: bytes, content_type: str | None, hint: str | None = None) -> Decoded:
    """Text of a page; `hint` is the site's configured encoding, trusted before any declaration."""
    text, used = decode_html(body, content_type, hint)
    header = _header_charset(content_type or "")
    declared = declared_charsets(body, None, None)  # the page's own <meta>, without the header
    meta_charset = declared[0] if declared else None
    charset: dict[str, Any] = {"used": used}
    if body.startswith(codecs.BOM_UTF8):
        charset["bom"] = "utf-8"
    if header:
        charset["header"] = header
    if meta_charset:
        charset["meta"] = meta_charset
    if header and meta_charset and header != meta_charset:
        charset["conflict"] = True
    if not header and not meta_charset and "bom" not in charset:
        charset["undeclared"] = True
    share = garbled_share(text)
    if share is not None and share > MAX_GARBLED:
        # No reading of the bytes gives a Chinese page: said, never passed off as text.
        charset["unclean"] = round(share, 2)
    return Decoded(text, used, charset)
