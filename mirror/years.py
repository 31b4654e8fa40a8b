"""The demo's calendar follows today's: its newest report is this year's, in any year.

The content is written for plan years up to BASE_YEAR. `demo_year_offset` says how far to move it
so that the newest report is the latest one already published today; `shift_text`, `shift_date`
and `shift_pdf` move one text, date or committed PDF by that many years. Only years written as
years move (2024年, 2023—2025年, dates): amounts that happen to look like years stay as they are.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from mirror.pdf_strings import recode_shown_strings

# The newest plan year written in mirror/content/<zone>/reports/, and its publication month-day at the
# latest (the reports of that year are dated January–February).
BASE_YEAR = 2025
NEWEST_PUBLISHED = dt.date(BASE_YEAR, 2, 28)

# A year followed by 年, or the first year of a span ("2023—2025年", "2021-2025年").
YEAR = re.compile(r"(?<![\d.])(20[0-4]\d)(?=年|[—–\-~～至到]20[0-4]\d年)")


def demo_year_offset(today: dt.date) -> int:
    """Years to move the content so its newest report is the newest one published by `today`."""
    offset = today.year - BASE_YEAR
    return offset if shift_date(NEWEST_PUBLISHED, offset) <= today else offset - 1


def shift_text(text: str, offset: int) -> str:
    """Every year written as a year, moved by `offset` years."""
    if not offset:
        return text
    return YEAR.sub(lambda m: str(int(m.group(1)) + offset), text)


def shift_date(day: dt.date, offset: int) -> dt.date:
    """The same day `offset` years later (29 February becomes 28 February in a common year)."""
    try:
        return day.replace(year=day.year + offset)
    except ValueError:
        return day.replace(year=day.year + offset, day=28)


def shift_pdf(data: bytes, offset: int) -> bytes:
    """A committed PDF with the years of its text layer moved: each shown string is read through its
    font's ToUnicode map, moved with `shift_text` and written back with the same font's codes, so
    the glyphs, the layout and the text layer stay consistent. A string whose moved text needs a
    glyph the font subset lacks is left as it was.
    """
    if not offset:
        return data
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        maps = {name: _unicode_map(ref.get_object()) for name, ref in page["/Resources"]["/Font"].items()}
        recode_shown_strings(page, writer, maps, lambda raw, font: _moved(raw, font, offset))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _unicode_map(font: object) -> tuple[dict[int, str], dict[str, int]] | None:
    """(code -> character, character -> code) of a two-byte font's ToUnicode CMap; None otherwise."""
    stream = font.get("/ToUnicode") if hasattr(font, "get") else None
    if stream is None:
        return None
    text = stream.get_object().get_data().decode("latin-1")
    decode = {
        int(code, 16): chr(int(char, 16))
        for code, char in re.findall(r"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>", text)
    }
    return decode, {char: code for code, char in decode.items()}


def _moved(raw: bytes, maps: tuple[dict[int, str], dict[str, int]], offset: int) -> bytes:
    decode, encode = maps
    codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
    if not all(code in decode for code in codes):
        return raw
    text = "".join(decode[code] for code in codes)
    moved = shift_text(text, offset)
    if moved == text or len(moved) != len(text) or not all(char in encode for char in moved):
        return raw
    return b"".join(encode[char].to_bytes(2, "big") for char in moved)
