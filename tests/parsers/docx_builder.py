"""DOCX files whose body is given as WordprocessingML, for tests of what the reader keeps.

python-docx writes a real package (styles, settings, relationships); the body's paragraphs are then
replaced by the XML under test, which python-docx itself has no API to write (content controls,
tracked changes).
"""

from __future__ import annotations

import io

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def paragraph(*inline: str) -> str:
    """A w:p of inline XML pieces; plain strings become runs."""
    return "<w:p>" + "".join(piece if piece.startswith("<") else run(piece) for piece in inline) + "</w:p>"


def inserted(text: str) -> str:
    return f'<w:ins w:id="1" w:author="审核" w:date="2024-01-05T00:00:00Z">{run(text)}</w:ins>'


def deleted(text: str) -> str:
    return (
        f'<w:del w:id="2" w:author="审核" w:date="2024-01-05T00:00:00Z">'
        f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'
    )


def moved_away(text: str) -> str:
    return f'<w:moveFrom w:id="3" w:author="审核" w:date="2024-01-05T00:00:00Z">{run(text)}</w:moveFrom>'


def control(content: str) -> str:
    """A content control (w:sdt) around block or inline content."""
    return f'<w:sdt><w:sdtPr><w:alias w:val="字段"/></w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>'


def alt_chunk(name: str) -> str:
    """A w:altChunk that embeds the part given to build_docx under `name`."""
    return f'<w:altChunk r:id="{{{name}}}"/>'


def build_docx(*blocks: str, parts: dict[str, tuple[str, bytes]] | None = None) -> bytes:
    """A DOCX whose body holds `blocks` (w:p, w:tbl, w:sdt, w:altChunk XML), in order.

    parts: name → (content type, bytes) of parts embedded as alternative-format chunks.
    """
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    document = docx.Document()
    ids = {}
    for index, (name, (content_type, blob)) in enumerate((parts or {}).items()):
        part = Part(PackURI(f"/word/chunk{index}.bin"), content_type, blob, document.part.package)
        ids[name] = document.part.relate_to(part, RELATIONSHIP_TYPE.A_F_CHUNK)
    body = document.element.body
    section = body[-1]  # w:sectPr stays last
    for block in blocks:
        xml = block.format(**ids) if ids else block
        section.addprevious(parse_xml(f'<w:wrap xmlns:w="{W}" xmlns:r="{R}">{xml}</w:wrap>')[0])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
