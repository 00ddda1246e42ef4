"""Documents generated for the tests, each made to exercise one rule of the canonical text."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pymupdf

TWO_COLUMNS = (
    "Column one opens the page and continues down the left side of the sheet."
    "\n\nColumn two follows only after the whole left column has been written out."
)
HYPHENATION = (
    "The Sides intend to deepen their cooperation in science and to strengthen "
    "EU-Japan relations through innovation policy."
)
SHAPED = "An official office fire: efficient 𝔸 😀 café naïve"
TURNED = "This page is turned a quarter to the {side}. Its text runs along the turned page."

_LEFT = ["Column one opens the page and", "continues down the left side of", "the sheet."]
_RIGHT = ["Column two follows only after", "the whole left column has been", "written out."]
_HYPHENATED = [
    "The Sides intend to deepen their coopera-",
    "tion in science and to strengthen EU-",
    "Japan relations through inno-",
    "vation policy.",
]


def make_sample_pdf(path: Path) -> Path:
    """Five pages: two columns written column by column (lines side by side at the same height),
    hyphenated line ends, shaped text (ligatures, non-BMP characters, a decomposed accent), and
    two pages with /Rotate 90 and 270."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 100), _LEFT, fontsize=11)
    page.insert_text((320, 100), _RIGHT, fontsize=11)
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 100), _HYPHENATED, fontsize=11)
    page = doc.new_page(width=595, height=842)
    page.insert_htmlbox(
        pymupdf.Rect(72, 72, 523, 300),
        "<p style='font-family: serif'>An official office fire: efficient 𝔸 😀 "
        "cafe\u0301 naïve</p>",
    )
    for rotation, side in ((90, "right"), (270, "left")):
        page = doc.new_page(width=595, height=842)
        page.insert_textbox(pymupdf.Rect(72, 72, 300, 400), TURNED.format(side=side), fontsize=11)
        page.set_rotation(rotation)
    _fix_non_bmp_tounicode(doc)
    doc.save(path)
    return path


def _fix_non_bmp_tounicode(doc: pymupdf.Document) -> None:
    """MuPDF writes a non-BMP character's ToUnicode entry as a bare code point (<1d538>) instead
    of its UTF-16 surrogate pair, and then reads it back cut to 16 bits; write it as a PDF
    producer should, so that the extraction is tested and not the writer's slip."""
    for xref in range(1, doc.xref_length()):
        kind, value = doc.xref_get_key(xref, "ToUnicode")
        if kind != "xref":
            continue
        stream = int(value.split()[0])
        cmap = doc.xref_stream(stream).decode("latin-1")
        fixed = re.sub(
            r"<([0-9a-fA-F]{4})> <([0-9a-fA-F]{5,6})>",
            lambda m: f"<{m[1]}> <{chr(int(m[2], 16)).encode('utf-16-be').hex()}>",
            cmap,
        )
        doc.update_stream(stream, fixed.encode("latin-1"))


LONG_PARAGRAPH = " ".join(
    [
        "The European Union and Japan intend to step up their cooperation in research and "
        "innovation, including open access to data and results."
    ]
    * 4
)
ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A generated article</title>
<style>p { margin: 0 0 0.8em 0; } .wide { white-space: normal; }</style></head>
<body>
<h1>Partners agree to cooperate</h1>
<p class="wide">{para}</p>
<p>Soft hyphens let a long word such as extra&shy;ordinarily&shy;long&shy;compounded break,
and a well-known hyphenated compound may break after its hyphen.</p>
<ul><li>First point of the list</li><li>Second point, with 𝔸 and 😀 inside</li></ul>
<p>An official office fire: efficient café naïve.<br>After a forced line break.</p>
{more}
</body></html>
"""


def make_article_html(path: Path, *, paragraphs: int = 6) -> Path:
    """A reflowable article long enough for several pages, with paragraphs that must break
    across pages, soft hyphens, a list, shaped text and a <br>."""
    more = "\n".join(f"<p>Paragraph {n}: {LONG_PARAGRAPH}</p>" for n in range(paragraphs))
    path.write_text(
        ARTICLE_HTML.replace("{para}", LONG_PARAGRAPH).replace("{more}", more), encoding="utf-8"
    )
    return path


def make_epub(
    path: Path, *, body: str | None = None, extra: dict[str, bytes] | None = None
) -> Path:
    """A two-chapter EPUB: the container, the package and two XHTML chapters whose paragraph
    is ``body`` (markup as it is), and the ``extra`` members, deflated as hard as zlib can."""
    chapter = (
        "<?xml version='1.0' encoding='utf-8'?><html xmlns='http://www.w3.org/1999/xhtml'>"
        "<head><title>{title}</title></head><body><h1>{title}</h1><p>{body}</p>"
        "</body></html>"
    )
    if body is None:
        body = "The Sides intend to exchange views on the implementation of this letter. " * 12
    with zipfile.ZipFile(path, "w") as book:
        book.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        book.writestr(
            "META-INF/container.xml",
            "<?xml version='1.0'?><container version='1.0' "
            "xmlns='urn:oasis:names:tc:opendocument:xmlns:container'><rootfiles>"
            "<rootfile full-path='book.opf' media-type='application/oebps-package+xml'/>"
            "</rootfiles></container>",
        )
        book.writestr(
            "book.opf",
            "<?xml version='1.0'?><package xmlns='http://www.idpf.org/2007/opf' "
            "version='3.0' unique-identifier='id'><metadata "
            "xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:identifier id='id'>x"
            "</dc:identifier><dc:title>A Generated Book</dc:title><dc:language>en"
            "</dc:language></metadata><manifest>"
            "<item id='c1' href='c1.xhtml' media-type='application/xhtml+xml'/>"
            "<item id='c2' href='c2.xhtml' media-type='application/xhtml+xml'/>"
            "</manifest><spine><itemref idref='c1'/><itemref idref='c2'/></spine>"
            "</package>",
        )
        book.writestr("c1.xhtml", chapter.format(title="Chapter one", body=body))
        book.writestr("c2.xhtml", chapter.format(title="Chapter two", body=body))
        for name, data in (extra or {}).items():
            book.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return path


def make_long_pdf(path: Path, pages: int) -> Path:
    """A long agreement: ``pages`` A4 pages of a few paragraphs each."""
    doc = pymupdf.open()
    text = (
        "Article {n}. The Sides intend to enhance their cooperation in science, technology "
        "and innovation on the basis of mutual benefit and reciprocity. "
    ) * 6
    for number in range(pages):
        page = doc.new_page(width=595, height=842)
        page.insert_textbox(pymupdf.Rect(72, 72, 523, 770), text.format(n=number + 1), fontsize=11)
    doc.save(path)
    return path
