"""Rewriting the strings a PDF page shows, font by font (the mirror's PDF fixtures and the demo's
moved years both re-encode a committed PDF's text in place)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

FontData = TypeVar("FontData")


def recode_shown_strings(
    page: Any,
    writer: Any,
    fonts: Mapping[Any, FontData | None],
    recode: Callable[[bytes, FontData], bytes],
) -> None:
    """Replace every string shown by `Tj` and `TJ` on a pypdf `page` of `writer` with
    `recode(raw bytes, fonts[its font])`; strings in a font without an entry (or None) stay as
    they are. Kerning numbers inside `TJ` arrays are kept."""
    from pypdf.generic import ByteStringObject, ContentStream

    content = ContentStream(page.get_contents(), writer)
    current: FontData | None = None
    for operands, operator in content.operations:
        if operator == b"Tf":
            current = fonts.get(operands[0])
        elif current is None:
            continue
        elif operator == b"Tj":
            operands[0] = ByteStringObject(recode(bytes(operands[0].original_bytes), current))
        elif operator == b"TJ":
            operands[0] = type(operands[0])(
                ByteStringObject(recode(bytes(o.original_bytes), current))
                if hasattr(o, "original_bytes")
                else o
                for o in operands[0]
            )
    page.replace_contents(content)
