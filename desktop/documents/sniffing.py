"""Tell what kind of document a file is, from its first bytes as much as from its name.

MuPDF happily opens a PNG as a one-page image document and guesses at a zip; Accord reads
agreements and articles, so a file whose content is not one of its kinds is refused with a
sentence that says what the file really is, whatever its name claims.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.errors import DocumentError

UNSUPPORTED = "this is not a document Accord can open (PDF, HTML, text, Markdown or EPUB)"
DAMAGED_PDF = "the file is damaged or is not a valid PDF"
DAMAGED_EPUB = "the file is damaged or is not a valid EPUB"

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"\xcf\xfa\xed\xfe", "a program"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"%!PS", "a PostScript file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)


def detect_kind(path: Path, data: bytes) -> str:
    """The kind ("pdf", "html", "text" or "epub") Accord opens ``data`` as, or DocumentError."""
    suffix = path.suffix.lower()
    head = data[:1024]
    if b"%PDF-" in head:  # MuPDF, like Acrobat, accepts junk before the header
        return "pdf"
    if head.startswith(b"PK\x03\x04") and (suffix == ".epub" or b"application/epub+zip" in head):
        return "epub"
    is_text = _looks_like_text(data)
    what = None if is_text else _describe(head)
    if what is not None:
        raise DocumentError(
            path,
            f"this is {what}, not a document Accord can open (PDF, HTML, text, Markdown or EPUB)",
        )
    if suffix == ".pdf":
        raise DocumentError(path, DAMAGED_PDF)
    if suffix == ".epub":
        raise DocumentError(path, DAMAGED_EPUB)
    if is_text and (
        suffix in _HTML_SUFFIXES or (suffix not in _TEXT_SUFFIXES and _looks_like_html(head))
    ):
        return "html"
    if is_text and suffix in _TEXT_SUFFIXES:
        return "text"
    if suffix in _HTML_SUFFIXES or suffix in _TEXT_SUFFIXES:
        raise DocumentError(
            path, f"the file does not contain text, although its name ends in “{suffix}”"
        )
    raise DocumentError(path, UNSUPPORTED)


def decode_text(data: bytes) -> str:
    """A plain-text file's characters with "\\n" line ends.

    MuPDF reads text files as UTF-8 only; files saved by older editors in UTF-16 or Windows-1252
    are common among exported agreements, so they are decoded here and handed over as UTF-8.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_text(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return b"\x00" not in data[:8192]


def _describe(head: bytes) -> str | None:
    return next((name for magic, name in _SIGNATURES if head.startswith(magic)), None)


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html"))
