"""OFD (GB/T 33190, China's fixed-layout format) to text, read by ofdkit.

ofdkit was chosen over easyofd: it reads text in reading order (by position, templates and
composite objects included), needs only the standard library, takes bytes, and raises typed
errors with size limits against zip bombs; easyofd has no text API (its `data` holds the text
objects in file order), pulls in PyMuPDF and reportlab (~300 MB), and prints while it parses.
An OFD whose pages hold no text objects (text drawn as images or paths) needs OCR, and says so.
"""

from __future__ import annotations

from parsers.errors import ParseFailure


def ofd_text(raw: bytes, warnings: list[str]) -> str:
    """The text of an OFD file, pages in order; unreadable pages are named in `warnings`.

    Raises ParseFailure: `failed` for a file that is not a readable OFD package (with ofdkit's
    reason), `needs-ocr` when no page holds text.
    """
    import ofdkit

    pages: list[str] = []
    try:
        with ofdkit.open(raw) as document:
            for page in document.pages:
                try:
                    pages.append(page.text().strip())
                except ofdkit.OFDError as exc:
                    warnings.append(f"OFD page {page.index + 1} not read: {exc}")
                    pages.append("")
            warnings.extend(f"OFD: {warning}" for warning in document.warnings)
    except ofdkit.OFDLimitError as exc:
        raise ParseFailure("failed", f"OFD beyond a safety limit: {exc}") from None
    except (ofdkit.OFDError, ValueError, KeyError, OSError) as exc:
        raise ParseFailure("failed", f"OFD not readable: {exc}") from None
    if not pages:
        raise ParseFailure("failed", "OFD not readable: it has no pages")
    if not any(pages):
        raise ParseFailure("needs-ocr", f"OFD of {len(pages)} pages without text objects (drawn as images)")
    blank = [str(number) for number, text in enumerate(pages, start=1) if not text]
    if blank:
        warnings.append(f"OFD pages without text (images?), not read: {', '.join(blank)}")
    return "\n".join(text for text in pages if text)
