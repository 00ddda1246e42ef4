"""Hostile documents, each built here: long words, huge files, deep nesting, EPUB bombs. Each is
either read within bounds or refused with a sentence naming the file and what was too much."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.app.reading import DocumentReader
from desktop.core.errors import AccordError, DocumentError
from desktop.documents.markup import MAX_NESTING, breakable, nesting_depth
from desktop.documents.opening import (
    MAX_REFLOWABLE_BYTES,
    MAX_REFLOWABLE_PAGES,
    READING_PAGE_WIDTH,
    open_document,
)
from tests.documents.samples import make_epub

WORD = "Unbreakable" * 2_000  # 22,000 letters without a space


def _html(path: Path, body: str) -> Path:
    path.write_text(f"<html><body><p>before</p>{body}<p>after</p></body></html>", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["html", "txt"])
def test_a_word_longer_than_a_line_wraps_on_the_page_and_keeps_its_text(
    tmp_path: Path, kind: str
) -> None:
    path = (
        _html(tmp_path / "word.html", f"<p>{WORD}</p>") if kind == "html" else tmp_path / "word.txt"
    )
    if kind == "txt":
        path.write_text(f"before\n\n{WORD}\n\nafter\n", encoding="utf-8")
    with open_document(path) as document:
        layer = document.text_layer()
        assert layer.text == f"before\n\n{WORD}\n\nafter"  # no soft hyphen in the text
        assert document.page_count > 1  # it wraps, instead of one line running off the page
        boxes = [layer.char_box(offset) for offset in range(len(layer.text))]
        assert all(box.rect.x1 <= READING_PAGE_WIDTH for box in boxes if box is not None)


def test_soft_hyphens_go_between_characters_outside_markup_and_references() -> None:
    word = ("é" * 40 + "&amp;" + "a" * 100).encode("utf-8")
    markup = (
        b'<p title="'
        + b"t" * 200
        + b'">'
        + word
        + b"</p><style>"
        + b"s" * 200
        + b"</style><!--"
        + b"c" * 200
        + b"-->"
    )
    broken = breakable(markup)
    assert broken.replace(b"&shy;", b"") == markup
    text = broken.split(b">", 1)[1].split(b"</p>")[0]
    assert text.count(b"&shy;") == 2
    assert all(piece.decode("utf-8") for piece in text.split(b"&shy;"))  # no split character
    assert b"&am&shy;" not in broken and b"t&shy;" not in broken and b"s&shy;" not in broken


def test_a_file_larger_than_the_cap_is_refused_before_mupdf_sees_it(tmp_path: Path) -> None:
    path = _html(tmp_path / "huge.html", "<p>" + "a" * (MAX_REFLOWABLE_BYTES + 1) + "</p>")
    with pytest.raises(DocumentError) as refused:
        open_document(path)
    assert str(refused.value) == (
        "Can't open “huge.html”: it is too large for Accord: 4.0 MB of HTML, and Accord lays out "
        "files of up to 4.0 MB (a PDF of it has no such limit)"
    )


def test_a_document_longer_than_the_page_cap_is_refused(tmp_path: Path) -> None:
    paragraphs = "".join(f"<h1>{n}</h1>" + "<p>x</p>" * 40 for n in range(MAX_REFLOWABLE_PAGES))
    with pytest.raises(DocumentError) as refused:
        open_document(_html(tmp_path / "long.html", paragraphs))
    assert "long.html" in str(refused.value)
    assert (
        f"and Accord lays out HTML, text and EPUB documents of up to {MAX_REFLOWABLE_PAGES}"
        in str(refused.value)
    )


@pytest.mark.parametrize(
    ("opening", "closing", "levels"),
    [
        ("<div>", "</div>", 10_000),  # crashed the worker (SIGSEGV)
        ("<table><tr><td>", "</td></tr></table>", 5_000),  # crashed it too
        ("<div>", "</div>", 100),  # opened with the text inside missing, silently
        ("<table><tr><td>", "</td></tr></table>", 25),
    ],
)
def test_deep_nesting_is_refused_instead_of_losing_text_or_crashing(
    tmp_path: Path, opening: str, closing: str, levels: int
) -> None:
    path = _html(tmp_path / "deep.html", opening * levels + "deep text" + closing * levels)
    with pytest.raises(DocumentError) as refused:
        open_document(path)
    assert str(refused.value) == (
        f"Can't open “deep.html”: its elements are nested more than "
        f"{MAX_NESTING} deep, and Accord would lose the text inside "
        "them"
    )


def test_pages_that_leave_their_paragraphs_and_items_open_are_not_deep(tmp_path: Path) -> None:
    body = (
        "<p>para" * 500
        + "<ul>"
        + "<li>item" * 500
        + "</ul><table>"
        + "<tr><td>cell<td>cell" * 500
        + "</table>"
        + "<br><img src='x'>" * 500
    )
    path = _html(tmp_path / "flat.html", body)
    assert nesting_depth(path.read_bytes()) < 10
    with open_document(path) as document:
        text = document.text_layer().text
        assert (text.count("para"), text.count("item"), text.count("cell")) == (500, 500, 1000)


BOMB = {"images/cover.svg": b" " * 60 * 1024**2}
"""60 MB of spaces, which deflate to 60 KB: a member that inflates 1,000 times."""


def test_an_epub_bomb_is_refused_opened_and_read_for_an_import(tmp_path: Path) -> None:
    bomb = make_epub(tmp_path / "bomb.epub", extra=BOMB)
    assert bomb.stat().st_size < 200 * 1024
    expected = (
        "Can't open “bomb.epub”: its entry “images/cover.svg” claims to inflate more "
        "than 200 times, like a zip bomb"
    )
    with pytest.raises(DocumentError) as refused:
        open_document(bomb)
    assert str(refused.value) == expected
    with DocumentReader() as reader, pytest.raises(AccordError) as refused_in_worker:
        reader.read(bomb)  # how an import (a .qdpx carrying it, say) reads a new document
    assert str(refused_in_worker.value) == expected


def test_an_epub_whose_pages_nest_too_deeply_is_refused(tmp_path: Path) -> None:
    deep = make_epub(tmp_path / "deep.epub", body="<div>" * 3_000 + "x" + "</div>" * 3_000)
    with pytest.raises(DocumentError) as refused:
        open_document(deep)
    assert "the elements of its “c1.xhtml” are nested more than" in str(refused.value)


def test_a_sound_epub_still_opens(tmp_path: Path) -> None:
    sound = make_epub(
        tmp_path / "sound.epub",
        body="Chapter text. " * 2000,
        extra={"images/cover.svg": b"<svg/>" * 1000},
    )
    with open_document(sound) as document:
        assert document.text_layer().text.count("Chapter text.") == 4000
