"""Small real files of the formats zone sites attach beside PDF and DOCX, built in memory:
OFD packages (GB/T 33190: OFD.xml → Document.xml → pages of TextObjects, or of an image only) and
OLE2 compound files with the streams Word, Excel and WPS Office write (.doc, .wps, .et)."""

from __future__ import annotations

import io
import struct
import zipfile

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
XML = '<?xml version="1.0" encoding="UTF-8"?>'


def _text_objects(lines: list[str], first_id: int) -> str:
    return "".join(
        f'<ofd:TextObject ID="{first_id + i}" Boundary="25 {30 + 9 * i} 160 7" Font="2" Size="3.5">'
        f'<ofd:TextCode X="0" Y="3.5">{line}</ofd:TextCode></ofd:TextObject>'
        for i, line in enumerate(lines)
    )


def ofd_bytes(pages: list[list[str]], title: str = "", image_only: bool = False) -> bytes:
    """An OFD package whose pages hold the given lines (one TextObject each), or, with image_only,
    one ImageObject per page and no text at all (a scanned document)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "OFD.xml",
            f'{XML}<ofd:OFD {NS} Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>a1b2</ofd:DocID>'
            f"<ofd:Title>{title}</ofd:Title><ofd:Creator>zonewatch mirror</ofd:Creator></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        refs = "".join(
            f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages))
        )
        package.writestr(
            "Doc_0/Document.xml",
            f"{XML}<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea>"
            "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
            f"</ofd:CommonData><ofd:Pages>{refs}</ofd:Pages></ofd:Document>",
        )
        package.writestr(
            "Doc_0/PublicRes.xml",
            f'{XML}<ofd:Res {NS} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="2" FontName="仿宋"/></ofd:Fonts></ofd:Res>',
        )
        for index, lines in enumerate(pages):
            if image_only:
                body = f'<ofd:ImageObject ID="{100 + index}" Boundary="0 0 210 297" ResourceID="90"/>'
            else:
                body = _text_objects(lines, 100 + 40 * index)
            package.writestr(
                f"Doc_0/Pages/Page_{index}/Content.xml",
                f'{XML}<ofd:Page {NS}><ofd:Content><ofd:Layer ID="{10 + index}">{body}</ofd:Layer></ofd:Content></ofd:Page>',
            )
    return buffer.getvalue()


# --- OLE2 compound files (version 3, 512-byte sectors, every stream in the main FAT) -------------

END, FREE, FAT_SECTOR, NONE = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
SECTOR = 512


def _entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", NONE, right, child)
        + b"\0" * 16  # CLSID
        + b"\0" * 4  # state bits
        + b"\0" * 16  # created, modified
        + struct.pack("<IQ", start, size)
    )


def ole_bytes(streams: dict[str, bytes]) -> bytes:
    """An OLE2 compound file holding the named streams (each padded to 4 KiB, so no mini stream)."""
    datas = [data.ljust(max(4096, -(-len(data) // SECTOR) * SECTOR), b"\0") for data in streams.values()]
    directory_sectors = -(-(len(streams) + 1) * 128 // SECTOR)
    fat = [FAT_SECTOR] + [*range(2, 1 + directory_sectors), END]
    starts = []
    for data in datas:
        first = len(fat)
        count = len(data) // SECTOR
        starts.append(first)
        fat += [*range(first + 1, first + count), END]
    assert len(fat) <= SECTOR // 4, "one FAT sector is enough for these small files"
    fat += [FREE] * (SECTOR // 4 - len(fat))
    entries = _entry("Root Entry", 5, 1 if streams else NONE, NONE, END, 0)
    names = list(streams)
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else NONE
        entries += _entry(name, 2, NONE, right, starts[index], len(streams[name]))
    entries = entries.ljust(directory_sectors * SECTOR, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", FREE) * 108
    )
    return header + struct.pack(f"<{SECTOR // 4}I", *fat) + entries + b"".join(datas)
