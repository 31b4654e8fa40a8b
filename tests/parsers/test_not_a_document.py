"""Bytes that are no document are refused clearly (issue 22, point 4).

Random bytes used to decode into a "text" and come out `status: ok`; a PNG, a program or a zip
that is no DOCX said only "recorded but not converted" or "not decoded cleanly". Now each is one
stderr line saying it is not a readable document and why, exit 2, and the outcome is never ok.
"""

from __future__ import annotations

import json
import os
import random
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from parsers.document import parse_bytes
from tests.zonewatch.test_output import row_of, table_after
from zonewatch.cli import main

NO_TEXT_EXIT = 2


def _png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (16, 16), (200, 30, 30)).save(path, format="PNG")
    return path


def _zip_no_docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "2024年园区工作报告（附件）" * 20)
    return path


def _executable(path: Path) -> Path:
    path.write_bytes(Path(sys.executable).resolve().read_bytes()[:65536])
    return path


def _random(path: Path) -> Path:
    path.write_bytes(os.urandom(4096))
    return path


@pytest.mark.parametrize(
    ("make", "name", "why"),
    [
        (_random, "noise.bin", "binary data"),
        (_random, "noise.txt", "binary data"),  # a .txt name does not make it text
        (_png, "scan.png", "image (image/png)"),
        (_png, "report.docx", "image (image/png)"),
        (_executable, "report", "binary data (application/x-executable)"),
        (_zip_no_docx, "report.docx", "archive (application/zip)"),
    ],
    ids=["random", "random named .txt", "png", "png named .docx", "executable", "zip no docx"],
)
@pytest.mark.parametrize("as_json", [False, True], ids=["table", "json"])
def test_extract_refuses_bytes_that_are_no_document(
    make, name: str, why: str, as_json: bool, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / name)
    result = CliRunner().invoke(main, ["extract", str(path), *(["--json"] if as_json else [])])
    assert result.exit_code == NO_TEXT_EXIT, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.stderr
    assert f"{path}: " in lines[0] and "not a readable document" in lines[0], lines[0]
    assert why in lines[0] and "not text/HTML/PDF/DOCX/OFD" in lines[0], lines[0]
    if as_json:
        assert json.loads(result.stdout)["status"] != "ok"
    else:
        assert row_of(table_after(result.stdout, "文档："), 项目="状态")["内容"] == "不支持的格式"


@pytest.mark.parametrize("size", [256, 1024, 65536])
def test_random_bytes_are_never_a_text(size: int) -> None:
    for _ in range(30):
        raw = os.urandom(size)
        for name in ("http://zone.example/files/a.bin", "http://zone.example/files/a.txt"):
            parsed = parse_bytes(raw, url=name, file_type="txt" if name.endswith(".txt") else None)
            assert parsed.status == "unsupported" and not parsed.records, (raw[:32], parsed.error)


def test_seeded_short_random_bytes_that_once_read_as_ok() -> None:
    # 64 random bytes: about one sample in six used to decode into a 20-character "text", status ok.
    for seed in range(200):
        raw = random.Random(seed).randbytes(64)
        assert parse_bytes(raw, url="a.bin").status != "ok", seed


@pytest.mark.parametrize(
    "text",
    [
        "园区2024年工作报告\n一、2023年工作回顾\n地区生产总值增长8%。\f\n第二页",
        "plain ASCII notes\twith tabs\r\nand lines\x1b[0m",
    ],
)
def test_text_with_line_breaks_tabs_or_form_feeds_is_still_text(text: str) -> None:
    from parsers.filetypes import looks_binary, sniff

    for raw in (text.encode("utf-8"), text.encode("gb18030")):
        assert not looks_binary(raw) and sniff(raw, "a.txt") == "txt"
