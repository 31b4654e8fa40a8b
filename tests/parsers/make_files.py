"""Builds the PDF and DOCX fixtures in tests/parsers/files (run by hand; the output is committed).

PDF needs a CJK font (Debian's fonts-noto-cjk); CI machines may lack it, hence committed files.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

FILES = Path(__file__).with_name("files")
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
REPORT = [
    "示例高新区2020年工作报告",
    "回顾2019年，全区预计全年实现地区生产总值94.1亿元，同比增长8%；新认定高新技术企业49家。",
    "2020年，全区要确保新认定高新技术企业40家以上，一般公共预算收入增长6%。",
]


def make_pdf(path: Path, paragraphs: list[str]) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.add_font("noto", fname=FONT)
    halves = [paragraphs[:2], paragraphs[2:]]
    for page, half in enumerate(halves, start=1):
        pdf.add_page()
        pdf.set_font("noto", size=10)
        pdf.cell(0, 8, "示例高新区管委会文件", new_x="LMARGIN", new_y="NEXT")  # running header
        pdf.set_font("noto", size=12)
        for paragraph in half:
            pdf.multi_cell(60, 8, paragraph)  # narrow column: sentences break across lines
        pdf.set_y(-20)
        pdf.cell(0, 8, f"- {page} -", align="C")
    path.write_bytes(bytes(pdf.output()))


def make_scanned_pdf(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # drawing only: no text layer
    path.write_bytes(bytes(pdf.output()))


def make_docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "指标"
    table.rows[0].cells[1].text = "目标"
    document.save(str(path))


def make_zip_bomb(path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (60 * 1024 * 1024))
    path.write_bytes(buffer.getvalue())


if __name__ == "__main__":
    FILES.mkdir(exist_ok=True)
    make_pdf(FILES / "report.pdf", REPORT)
    make_scanned_pdf(FILES / "scanned.pdf")
    make_docx(FILES / "report.docx", REPORT)
    make_zip_bomb(FILES / "bomb.docx")
    (FILES / "not-a-zip.docx").write_bytes(b"this is not a zip archive at all")
    pdf = (FILES / "report.pdf").read_bytes()
    (FILES / "corrupt.pdf").write_bytes(pdf[: len(pdf) // 3])
