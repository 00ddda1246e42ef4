"""Japanese documents: a PDF and an HTML page with the Japanese names of the letter's ministries
and programmes read as written (no space between Japanese characters, even where the page's
source breaks a line), a click lands on the character drawn there, double-click selects a
phrase (not one kanji, not the whole run), triple-click a sentence ended by 。, find matches
across line breaks, and the annotations list's word filter finds a two-character word."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from desktop.app.reading import DocumentReader
from desktop.core.filtering import text_matches
from desktop.core.textunits import find_all, sentence_span, word_span
from desktop.documents.markup import wide_lines_joined

SENTENCES = (
    "文部科学省と科学技術振興機構は、ムーンショット型研究開発制度を推進する。",
    "欧州委員会と日本政府は、ホライズン・ヨーロッパで協力を強化する。",
)
TEXT = "".join(SENTENCES)


def _japanese_pdf(folder: Path) -> Path:
    """A PDF whose narrow text box wraps the sentences mid-word ("ムー" / "ンショット")."""
    document = pymupdf.open()
    page = document.new_page()
    spare, _scale = page.insert_htmlbox(pymupdf.Rect(72, 72, 300, 400), f'<p lang="ja">{TEXT}</p>')
    assert spare > 0  # (all of it fitted)
    path = folder / "japanese.pdf"
    document.save(path)
    return path


def _japanese_html(folder: Path) -> Path:
    """An HTML page whose source breaks lines inside words, as editors wrap Japanese."""
    first, second = SENTENCES
    path = folder / "japanese.html"
    path.write_text(
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>日欧協力</title>'
        f"</head><body><p>{first[:8]}\n{first[8:]}\n  {second[:12]}\r\n{second[12:]}</p>"
        "<p>English\nwords keep their space.</p></body></html>",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def layers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("japanese")
    with DocumentReader() as reader:
        return {
            kind: reader.read(make(folder)).text
            for kind, make in (("pdf", _japanese_pdf), ("html", _japanese_html))
        }


@pytest.mark.parametrize("kind", ["pdf", "html"])
def test_the_text_is_as_written_without_spaces_between_japanese_characters(layers, kind) -> None:
    assert TEXT in layers[kind].text


def test_english_line_breaks_in_html_stay_spaces(layers) -> None:
    assert "English words keep their space." in layers["html"].text


@pytest.mark.parametrize("kind", ["pdf", "html"])
@pytest.mark.parametrize(
    ("clicked", "phrase"),
    [
        ("部", "文部科学省と"),
        ("ン", "ムーンショット型研究開発制度を"),
        ("興", "科学技術振興機構は"),
        ("州", "欧州委員会と"),
    ],
)
def test_double_click_on_a_drawn_character_selects_its_phrase(layers, kind, clicked, phrase):
    layer = layers[kind]
    offset = layer.text.index(clicked)
    box = layer.char_box(offset)
    assert box is not None  # drawn on the page
    x, y = (box.rect.x0 + box.rect.x1) / 2, (box.rect.y0 + box.rect.y1) / 2
    assert layer.char_at(box.page, x, y) == offset  # a click there lands on it
    start, end = word_span(layer.text, offset)
    assert layer.text[start:end] == phrase


@pytest.mark.parametrize("kind", ["pdf", "html"])
def test_triple_click_selects_the_sentence_up_to_its_full_stop(layers, kind) -> None:
    text = layers[kind].text
    for sentence in SENTENCES:
        start, end = sentence_span(text, text.index(sentence) + 3)
        assert text[start:end] == sentence


@pytest.mark.parametrize("kind", ["pdf", "html"])
def test_find_matches_across_the_line_breaks(layers, kind) -> None:
    text = layers[kind].text
    for needle in ("ムーンショット型研究開発制度", "科学技術振興機構", "ホライズン・ヨーロッパ"):
        assert len(find_all(text, needle)) == 1, needle


def test_the_word_filter_finds_a_two_character_japanese_word() -> None:
    quote = SENTENCES[0]
    assert text_matches(quote, "", "科学")
    assert text_matches(quote, "", "推進 機構")
    assert not text_matches(quote, "", "物理")


def test_line_breaks_are_kept_between_japanese_and_other_characters() -> None:
    page = "<p>日本\nEU\n欧州\n 委員会</p><!-- 日本\n欧州 --><p>a\nb</p>".encode()
    assert (
        wide_lines_joined(page)
        == "<p>日本\nEU\n欧州委員会</p><!-- 日本\n欧州 --><p>a\nb</p>".encode()
    )
    shift_jis = "<p>日本\n欧州</p>".encode("shift_jis")
    assert wide_lines_joined(shift_jis) == shift_jis
