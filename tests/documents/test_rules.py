"""The plain-Python rules under the text layer, on hand-made input."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest

from desktop.core.errors import DocumentError
from desktop.core.framing import read_frame, write_frame
from desktop.core.geometry import Rect
from desktop.documents.alignment import UNMATCHED, align
from desktop.documents.canonical import fixed_page_text, join_lines, normalise_line
from desktop.documents.glyphs import GlyphLine
from desktop.documents.pagination import paginate
from desktop.documents.protocol import RawImage, Rendered
from desktop.documents.sniffing import decode_text, detect_kind


def _line(text: str, *, y: float = 0.0) -> GlyphLine:
    """Monospaced glyphs, 10 pt wide, on a line at height ``y``."""
    return GlyphLine(list(text), [(10.0 * n, y, 10.0 * n + 10, y + 12) for n in range(len(text))])


def _joined(*lines: str, dehyphenate: bool = True) -> str:
    pairs = join_lines([normalise_line(_line(t)) for t in lines], dehyphenate=dehyphenate)
    return "".join(separator + "".join(line.chars) for separator, line in pairs)


def test_whitespace_collapses_and_lines_are_stripped() -> None:
    line = normalise_line(_line("  two\t\u00a0 words  "))
    assert "".join(line.chars) == "two words"
    assert line.boxes[3] == (50.0, 0.0, 60.0, 12.0)  # the space keeps the box of the run's start


def test_hyphens_at_line_ends() -> None:
    assert _joined("the coopera-", "tion of") == "the cooperation of"
    assert _joined("deepen EU-", "Japan ties") == "deepen EU-Japan ties"
    assert _joined("COVID-", "19 outbreak") == "COVID-19 outbreak"
    assert _joined("a pause -", "then more") == "a pause - then more"
    assert _joined("inno\u00ad", "Vation") == "innoVation"  # a soft hyphen always goes
    assert _joined("a well-", "known fact", dehyphenate=False) == "a well-known fact"
    assert _joined("日本語の", "テキスト") == "日本語のテキスト"
    assert _joined("one", "", "  ", "two") == "one two"


def test_fixed_page_separates_blocks_and_pages() -> None:
    blocks = [[_line("First block"), _line("goes on", y=12)], [], [_line("Second", y=40)]]
    page = fixed_page_text(blocks, first_page=False)
    assert page.text == "\n\nFirst block goes on\n\nSecond"
    assert [(line.start, line.end) for line in page.lines] == [(2, 13), (14, 21), (23, 29)]
    assert page.lines[1].rect == Rect(0, 12, 70, 24)
    assert math.isnan(page.boxes[4 * 13])  # the joining space is not drawn
    assert fixed_page_text([], first_page=True).text == ""


def test_align_skips_what_one_reading_lacks() -> None:
    assert align("abc", "abc") == [0, 1, 2]
    assert align("cooperation", "coopera\u00adtion") == [0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11]
    clipped = align("supercalifragilisticwordsfollow", "supercalifrwordsfollow")
    assert clipped[:11] == list(range(11)) and clipped[11:20] == [UNMATCHED] * 9
    assert clipped[20:] == list(range(11, 22))
    assert align("café naïve", "cafe naïve") == list(range(10))  # drawn differently: paired
    assert align("", "abc") == [] and align("abc", "") == [UNMATCHED] * 3


def test_paginate_cuts_at_page_starts_and_keeps_paragraphs_whole() -> None:
    text = "Heading\n\nA paragraph that runs over the page end."
    page_one = [[_line("Heading")], [_line("A paragraph that", y=20)]]
    page_two = [[_line("runs over the"), _line("page end.", y=12)]]
    first, second = paginate(text, [page_one, page_two])
    assert first.text == "Heading\n\nA paragraph that"
    assert second.text == " runs over the page end."
    assert [(line.start, line.end) for line in second.lines] == [(1, 14), (15, 24)]
    assert second.lines[0].rect == Rect(0, 0, 130, 12)
    assert tuple(second.boxes[4 * 4 : 4 * 5]) == (30.0, 0.0, 40.0, 12.0)  # the space in "runs over"


def test_sniffing_trusts_content_over_names() -> None:
    assert detect_kind(Path("page"), b"  <!DOCTYPE html><p>hi") == "html"
    assert detect_kind(Path("a.xhtml"), b"<?xml version='1.0'?><html/>") == "html"
    assert detect_kind(Path("Report.MD"), b"MZ is how this note begins") == "text"
    assert detect_kind(Path("letter.txt"), b"junk\n%PDF-1.7\n") == "pdf"
    epub = b"PK\x03\x04" + bytes(26) + b"mimetypeapplication/epub+zip"
    assert detect_kind(Path("book.zip"), epub) == "epub"
    with pytest.raises(DocumentError, match="JPEG image"):
        detect_kind(Path("scan.pdf"), b"\xff\xd8\xff\xe0\x00\x10JFIF")


def test_text_files_decode_whatever_their_encoding() -> None:
    assert decode_text("Ünïcode\r\nline".encode("utf-16")) == "Ünïcode\nline"
    assert decode_text(b"\xef\xbb\xbfUTF-8 \xe2\x82\xac\rend") == "UTF-8 €\nend"
    assert decode_text(b"Windows \x80 1252") == "Windows € 1252"


def test_frames_carry_events_and_stop_at_a_closed_pipe() -> None:
    event = Rendered(3, 1, 0, 1.5, Rect(0, 0, 10, 10), RawImage(2, 1, 6, b"\xff" * 6))
    stream = io.BytesIO()
    write_frame(stream, event)
    write_frame(stream, "second")
    data = stream.getvalue()
    reader = io.BytesIO(data)
    assert read_frame(reader) == event and read_frame(reader) == "second"
    assert read_frame(reader) is None
    assert read_frame(io.BytesIO(data[:-3])) == event  # a frame cut short ends the stream
