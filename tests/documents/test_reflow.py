"""A reflowable document's text does not depend on how it is laid out."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.documents import opening
from desktop.documents.opening import open_document
from tests.documents import samples
from tests.documents.conftest import ARTICLE, bundled


@pytest.mark.parametrize("name", ["article.html", "book.epub", "notes.md", "bundled article"])
def test_text_is_the_same_at_every_width_and_height(
    name: str, generated: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = bundled(ARTICLE) if name == "bundled article" else generated[name]
    with open_document(path) as doc:
        text = doc.text_layer().text
        page_counts = {doc.page_count}
        for width in (200, 333, 900):
            doc.relayout(width)
            assert doc.page_sizes[0] == (width, opening.READING_PAGE_HEIGHT)
            assert doc.text_layer().text == text
            page_counts.add(doc.page_count)
    monkeypatch.setattr(opening, "READING_PAGE_HEIGHT", 260.0)
    with open_document(path) as doc:
        assert doc.page_sizes[0][1] == 260.0
        assert doc.text_layer().text == text
        page_counts.add(doc.page_count)
    assert len(page_counts) > 1  # the layouts really differed


def test_a_paragraph_broken_across_pages_keeps_its_words_together(
    generated: dict[str, Path],
) -> None:
    with open_document(generated["article.html"]) as doc:
        doc.relayout(200)
        layer = doc.text_layer()
        pieces = [layer.text[slice(*layer.page_span(p))] for p in range(doc.page_count)]
    assert doc.page_count > 3
    assert any(piece.startswith(" ") for piece in pieces[1:])  # a page begins mid-paragraph
    assert all(not piece.startswith("\n\n\n") for piece in pieces)


def test_line_breaks_inside_a_paragraph_do_not_change_it(generated: dict[str, Path]) -> None:
    with open_document(generated["article.html"]) as doc:
        text = doc.text_layer().text
    assert f"\n\n{samples.LONG_PARAGRAPH}\n\n" in text  # longer than the unwrapped copy's width
    assert "such as extraordinarilylongcompounded break, and a well-known hyphenated" in text
    assert "\n\n• Second point, with 𝔸 and 😀 inside\n\n" in text
    assert "naïve.\n\nAfter a forced line break." in text  # a <br> ends a paragraph


def test_plain_text_is_shown_as_written(generated: dict[str, Path]) -> None:
    with open_document(generated["notes.md"]) as doc:
        assert doc.kind == "text" and doc.title == "notes"
        text = doc.text_layer().text
    assert text.startswith(
        "# Review notes\n\nThe Sides intend to explore twinning between cooperation "
        "programmes, and to keep their EU-Japan dialogue regular.\n\n"
        "A second paragraph, written on one line.\n\n"
        "A long last paragraph, hard-wrapped by its author like an e-mail. A long last"
    )
    assert text.endswith("like an e-mail.")


def test_epub_chapters_and_title(generated: dict[str, Path]) -> None:
    with open_document(generated["book.epub"]) as doc:
        text = doc.text_layer().text
        assert doc.kind == "epub" and doc.title == "A Generated Book"
    assert text.startswith("Chapter one\n\nThe Sides intend to exchange views")
    assert "letter.\n\nChapter two\n\nThe Sides" in text
