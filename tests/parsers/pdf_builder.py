"""Small PDFs written object by object, for tests that need a text layer of a given kind.

No font file is needed: Chinese text uses the standard Adobe-GB1 font STSong-Light with the
predefined UniGB-UTF16-H CMap (the viewer supplies the font, pypdf maps codes to Unicode), the way
公文 typesetting output often refers to a font it does not embed. Other kinds reproduce the text
layers no extractor can read: glyph names without /ToUnicode, and codes mapped to the Private Use Area.
"""

from __future__ import annotations

import random

# A line is a string, or a list of strings and ints: an int is a TJ gap in thousandths of an em,
# as justified CJK typesetting puts between glyphs ("42." gap "6亿元").
Line = str | list[str | int]

UNICODE_FONT = (
    "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H "
    "/DescendantFonts [4 0 R] >>"
)
CID_FONT = (
    "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R /DW 1000 >>"
)
# A subset TrueType font whose /Differences names every code /Gxx and that has no /ToUnicode.
GLYPH_NAME_FONT = (
    "<< /Type /Font /Subtype /TrueType /BaseFont /QWERTY+FZSSJW--GB1-0 /FirstChar 33 /LastChar 126 "
    "/Encoding << /Type /Encoding /Differences [33 "
    + " ".join(f"/G{code:02X}" for code in range(33, 127))
    + "] >> /FontDescriptor 5 0 R >>"
)
# Identity-H without /ToUnicode: codes are glyph ids of the embedded font, which pypdf reads as UTF-16.
GLYPH_ID_FONT = "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H /DescendantFonts [8 0 R] >>"
GLYPH_ID_CID = (
    "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+SimSun "
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 1000 >>"
)
DESCRIPTOR = (
    "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -141 1000 859] "
    "/ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>"
)


def _show(line: Line, font: str) -> str:
    parts = [line] if isinstance(line, str) else line
    shown = []
    for part in parts:
        if isinstance(part, int):
            shown.append(f"-{part}")
        elif font == "glyph-names":
            shown.append("<" + part.encode("latin-1").hex().upper() + ">")
        else:
            shown.append("<" + part.encode("utf-16-be").hex().upper() + ">")
    return "[" + " ".join(shown) + "] TJ T*"


def build_pdf(pages: list[list[Line]], font: str | list[str] = "unicode") -> bytes:
    """A PDF with one page per list of lines, each line drawn below the one before.

    font, for all pages or one per page: "unicode" (readable Chinese), "glyph-names" (lines must be
    ASCII codes; they read as /Gxx names), "glyph-ids" (each character's code point is drawn as a
    glyph id of a font without /ToUnicode) or "private-use" (every character mapped into U+E000…).
    """
    fonts = [font] * len(pages) if isinstance(font, str) else font
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: UNICODE_FONT.encode(),
        4: CID_FONT.encode(),
        5: DESCRIPTOR.encode(),
        6: GLYPH_NAME_FONT.encode(),
        7: GLYPH_ID_FONT.encode(),
        8: GLYPH_ID_CID.encode(),
    }
    kids = []
    number = 9
    for lines, kind in zip(pages, fonts, strict=True):
        if kind == "private-use":
            lines = [_private(line) for line in lines]
        name = {"glyph-names": "/F2", "glyph-ids": "/F3"}.get(kind, "/F1")
        shown = (_show(line, kind) for line in lines)
        body = ["BT", f"{name} 11 Tf", "16 TL", "50 800 Td", *shown, "ET"]
        stream = "\n".join(body).encode("latin-1")
        objects[number] = (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R /F2 6 0 R /F3 7 0 R >> >> /Contents {number + 1} 0 R >>"
        ).encode()
        objects[number + 1] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
        kids.append(number)
        number += 2
    objects[2] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    )
    data = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for key in sorted(objects):
        offsets[key] = len(data)
        data += b"%d 0 obj\n" % key + objects[key] + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for key in sorted(objects):
        data += b"%010d 00000 n \n" % offsets[key]
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(data)


def _private(line: Line) -> Line:
    parts = [line] if isinstance(line, str) else line
    return [p if isinstance(p, int) else "".join(chr(0xE000 + ord(c) % 0x1000) for c in p) for p in parts]


def random_glyph_ids(lines: int, width: int = 30, seed: int = 5) -> list[str]:
    """Lines of glyph ids as a large CJK font numbers them (1–30000), one character per id."""
    rng = random.Random(seed)
    return ["".join(chr(rng.randint(0x100, 0x7530)) for _ in range(width)) for _ in range(lines)]


def random_codes(lines: int, width: int = 30, seed: int = 3) -> list[str]:
    """Lines of printable ASCII codes, for the glyph-name font (each code names one glyph)."""
    rng = random.Random(seed)
    return ["".join(chr(rng.randint(33, 126)) for _ in range(width)).replace("\\", "/") for _ in range(lines)]
