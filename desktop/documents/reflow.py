"""The canonical text of a reflowable document (HTML, EPUB, plain text), whatever its layout.

Annotations store offsets into the canonical text, so the text must not change when the reader
makes the page wider or narrower: a paragraph split across a page break must not gain a break,
a line end must not turn into a space or a hyphen. It is therefore not read from the paginated
layout at all but from a copy laid out once, at a fixed size, with line wrapping turned off
(a user style sheet sets ``white-space: nowrap`` on every element): every line of that copy is
then a whole paragraph, a heading, a list item or a run ended by ``<br>``, and each becomes a
paragraph of the canonical text. Plain text needs no layout: its paragraphs are its blank-line
separated runs of lines, and it is shown as such (MuPDF would render a text file that looks like
Markdown as Markdown, dropping its "#" and "*"). ``pagination`` then maps this text onto the
paginated layout.

A word longer than ``LONG_WORD`` is given soft hyphens before MuPDF sees it, here for text
files and by ``markup.breakable`` for HTML (see there why).
"""

from __future__ import annotations

import html
import re
import unicodedata

import pymupdf

from desktop.documents.canonical import (
    PARAGRAPH_BREAK,
    join_lines,
    normalise_line,
)
from desktop.documents.canonical import (
    SOFT_HYPHEN as _SOFT_HYPHEN,
)
from desktop.documents.glyphs import GlyphLine, read_blocks
from desktop.documents.markup import LONG_WORD

CANONICAL_PAGE_WIDTH = 1000.0
"""Width of the unwrapped copy: only matters for boxes sized in percent (tables, images)."""
CANONICAL_PAGE_HEIGHT = 10000.0
"""Height of the unwrapped copy: page breaks fall between its lines, so any height will do."""
CANONICAL_FONT_SIZE = 11.0

_UNWRAPPED_CSS = "* { white-space: nowrap !important; }"
_LONG_RUN = re.compile(rf"\S{{{LONG_WORD + 1},}}")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_PLACEHOLDER = (0.0, 0.0, 0.0, 0.0)
_PLAIN_TEXT_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
    "pre {{ white-space: pre-wrap; font-family: serif; margin: 0; }}"
    "</style></head><body><pre>{}</pre></body></html>"
)


def markup_text(content: bytes, filetype: str) -> str:
    """The canonical text of an HTML or EPUB document: one paragraph per unwrapped line."""
    mupdf = pymupdf.mupdf
    previous_css = mupdf.fz_user_css()
    mupdf.fz_set_user_css(_UNWRAPPED_CSS)  # MuPDF applies user CSS when it parses, at open
    try:
        copy = pymupdf.open(stream=content, filetype=filetype)
    finally:
        mupdf.fz_set_user_css(previous_css or "")
    try:
        copy.layout(
            width=CANONICAL_PAGE_WIDTH, height=CANONICAL_PAGE_HEIGHT, fontsize=CANONICAL_FONT_SIZE
        )
        lines = [
            line
            for page in copy.pages()
            for block in read_blocks(page, clip=False)
            for line in block
        ]
    finally:
        copy.close()
    return compose(_paragraphs(lines), dehyphenate=False)


def _paragraphs(lines: list[GlyphLine]) -> list[list[GlyphLine]]:
    """Each unwrapped line is a paragraph, but for a line that ends at a soft hyphen: MuPDF
    breaks a word too long for the copy's width there even without wrapping, so the word goes
    on in the next line."""
    paragraphs: list[list[GlyphLine]] = []
    joined = False
    for line in lines:
        if joined:
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
        joined = bool(line.chars) and line.chars[-1] == _SOFT_HYPHEN
    return paragraphs


def plain_text_page(text: str) -> bytes:
    """A plain-text file as the HTML page MuPDF lays out: every character shown as written,
    lines kept, long lines wrapped (long words too, at soft hyphens)."""
    breakable_text = _LONG_RUN.sub(lambda run: _SOFT_HYPHEN.join(_cut(run.group())), text)
    return _PLAIN_TEXT_PAGE.format(html.escape(breakable_text, quote=False)).encode("utf-8")


def _cut(word: str) -> list[str]:
    return [word[start : start + LONG_WORD] for start in range(0, len(word), LONG_WORD)]


def plain_text(text: str) -> str:
    """The canonical text of a plain-text file: blank lines separate paragraphs, and a
    paragraph's lines are joined as a PDF block's are (its line ends are the author's wraps)."""
    paragraphs = []
    for run in _BLANK_LINE.split(text):
        lines = []
        for line in run.split("\n"):
            chars = [
                char
                for char in unicodedata.normalize("NFC", line)
                if char.isspace() or unicodedata.category(char) != "Cc"
            ]
            lines.append(GlyphLine(chars, [_PLACEHOLDER] * len(chars)))
        paragraphs.append(lines)
    return compose(paragraphs, dehyphenate=True)


def compose(paragraphs: list[list[GlyphLine]], *, dehyphenate: bool) -> str:
    """Paragraphs of raw lines as text: lines joined by ``join_lines``, paragraphs by a break."""
    parts = []
    for paragraph in paragraphs:
        joined = join_lines([normalise_line(line) for line in paragraph], dehyphenate=dehyphenate)
        text = "".join(separator + "".join(line.chars) for separator, line in joined)
        if text:
            parts.append(text)
    return PARAGRAPH_BREAK.join(parts)
