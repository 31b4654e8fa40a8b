"""Builds the mirror's PDF and DOCX attachments into mirror/static (run by hand; output committed).

PDFs need a CJK font (Debian's fonts-noto-cjk), which a fresh machine may lack; committing the
small generated files keeps the mirror and its ETags the same on every machine.
"""

from __future__ import annotations

import io
from pathlib import Path

from mirror.content import ContentItem, load_zones

STATIC = Path(__file__).with_name("static")
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def pdf_bytes(item: ContentItem) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("noto", fname=FONT)
    pdf.set_creation_date(__import__("datetime").datetime(2025, 1, 1))
    pdf.add_page()
    pdf.set_font("noto", size=15)
    pdf.multi_cell(0, 10, item.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("noto", size=11)
    for paragraph in item.paragraphs:
        pdf.multi_cell(0, 7, "    " + paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())


def docx_bytes(item: ContentItem, extra: str | None = None) -> bytes:
    import datetime as dt

    import docx

    document = docx.Document()
    document.core_properties.created = dt.datetime(2025, 1, 1)
    document.core_properties.modified = dt.datetime(2025, 1, 1)
    document.add_heading(item.title, level=1)
    for paragraph in item.paragraphs:
        document.add_paragraph(paragraph)
    if extra:
        document.add_paragraph(extra)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def main() -> None:
    STATIC.mkdir(exist_ok=True)
    for zone in load_zones():
        for item in zone.items:
            if item.format == "pdf":
                (STATIC / f"{item.key}.pdf").write_bytes(pdf_bytes(item))
            elif item.format == "docx":
                (STATIC / f"{item.key}.docx").write_bytes(docx_bytes(item))
    # A scan: a page with no text layer.
    from fpdf import FPDF

    scan = FPDF()
    scan.set_creation_date(__import__("datetime").datetime(2025, 1, 1))
    scan.add_page()
    scan.rect(20, 20, 170, 250, style="F")
    (STATIC / "scan.pdf").write_bytes(bytes(scan.output()))


if __name__ == "__main__":
    main()
