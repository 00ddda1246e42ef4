"""The bundled sample documents are the first thing a user opens: check that they have
the shape a reader expects, say exactly what their sources say, and are reproducible."""

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pymupdf
import pytest

DOCUMENTS = Path(__file__).resolve().parents[2] / "documents"
LETTER = DOCUMENTS / "letter-of-intent-eu-japan-sti.pdf"
ARTICLE = DOCUMENTS / "news-article-eu-japan-sti-2020-05-26.html"
LETTER_SOURCE = DOCUMENTS / "sources" / "letter-of-intent-eu-japan-sti.txt"
ARTICLE_SOURCE = DOCUMENTS / "sources" / "news-article-eu-japan-sti-2020-05-26.txt"

ARTICLE_TITLE = "EU and Japan step up cooperation in science, technology and innovation"
# Web page chrome in the article's source, left out of the bundled article.
ARTICLE_CHROME = ("Skip to main content", "More information")


def collapse(text: str) -> str:
    return " ".join(text.split())


def source_paragraphs(path: Path) -> list[str]:
    """Paragraphs are separated by blank lines; other line breaks are line wraps."""
    blocks = re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
    return [collapse(block) for block in blocks if block.strip()]


def element_texts(source: str, tag: str) -> list[str]:
    """The text of every <tag> element in an HTML source."""

    class Collector(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.depth = 0
            self.texts: list[str] = []

        def handle_starttag(self, name: str, attrs: list) -> None:
            if name == tag:
                if not self.depth:
                    self.texts.append("")
                self.depth += 1

        def handle_endtag(self, name: str) -> None:
            if name == tag:
                self.depth -= 1

        def handle_data(self, data: str) -> None:
            if self.depth:
                self.texts[-1] += data

    collector = Collector()
    collector.feed(source)
    return [collapse(text) for text in collector.texts]


@pytest.fixture(scope="module")
def letter():
    with pymupdf.open(LETTER) as doc:
        yield doc


@pytest.fixture(scope="module")
def letter_text(letter) -> str:
    return collapse(" ".join(page.get_text() for page in letter))


@pytest.fixture(scope="module")
def article_source() -> str:
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def article_text() -> str:
    with pymupdf.open(ARTICLE) as doc:
        doc.layout(width=420, height=595, fontsize=11)
        return collapse(" ".join(page.get_text() for page in doc))


def test_letter_is_an_a4_letter_of_two_or_three_pages(letter):
    assert 2 <= letter.page_count <= 3
    for page in letter:
        assert page.rect.width == pytest.approx(595, abs=1)
        assert page.rect.height == pytest.approx(842, abs=1)


def test_letter_says_exactly_what_its_source_says(letter_text):
    missing = [p for p in source_paragraphs(LETTER_SOURCE) if p not in letter_text]
    assert missing == []
    # The OCR noise of the source, kept as it is.
    assert "Signed on JLG , at Ů&utt£LS, and onZĻ » at Ţ0 k/ö , in duplicate" in letter_text
    assert "(hereinafter referred to as the ‘Moonshot Program’ )" in letter_text


def test_letter_text_layer_has_no_ligatures(letter_text):
    # A ligature (U+FB00..U+FB06) in the text layer would make "Office" unsearchable.
    assert not re.search("[\ufb00-\ufb06]", letter_text)


def test_letter_lines_each_sit_on_one_baseline(letter):
    for page in letter:
        for block in page.get_text("rawdict")["blocks"]:
            for line in block["lines"]:
                baselines = {round(c["origin"][1], 1) for s in line["spans"] for c in s["chars"]}
                assert len(baselines) == 1, (page.number, line["bbox"])


def test_letter_signature_blocks_stand_side_by_side(letter):
    page = letter[-1]
    (eu,) = page.search_for("For the European Commission")
    (japan,) = page.search_for("For the Cabinet Office of the Government")
    assert eu.y0 == pytest.approx(japan.y0, abs=1)
    assert eu.x1 < japan.x0
    (eu_title,) = page.search_for("Commissioner for Innovation, Research,")
    (japan_title,) = page.search_for("Minister of State for Science and Technology")
    assert eu_title.y0 == pytest.approx(japan_title.y0, abs=1)


def test_letter_metadata(letter):
    assert letter.metadata["title"] == (
        "Letter of Intent on Strengthening Cooperation in Science, Technology and Innovation "
        "between the European Commission and the Cabinet Office of the Government of Japan"
    )
    assert letter.metadata["subject"]
    assert letter.metadata["creationDate"] == "D:20200526000000Z"


def test_article_is_clean_semantic_html(article_source):
    assert '<html lang="en">' in article_source
    assert element_texts(article_source, "title") == [ARTICLE_TITLE]
    assert element_texts(article_source, "h1") == [ARTICLE_TITLE]
    assert element_texts(article_source, "h2") == ["Background", "Details"]
    assert len(element_texts(article_source, "article")) == 1
    assert '<time datetime="2020-05-26">26 May 2020</time>' in article_source
    assert element_texts(article_source, "dt") == ["Publication date", "Author"]


def test_article_quotes_the_commissioner_once(article_source):
    quote = next(p for p in source_paragraphs(ARTICLE_SOURCE) if p.startswith("“Japan is"))
    assert element_texts(article_source, "blockquote") == [quote]


def test_article_says_what_its_source_says_without_the_page_chrome(article_text):
    assert "Skip to main content" not in article_text
    assert "Research and innovation" not in article_text  # the site banner
    paragraphs = [p for p in source_paragraphs(ARTICLE_SOURCE) if not p.startswith(ARTICLE_CHROME)]
    missing = [p for p in paragraphs if p not in article_text]
    assert missing == []
    assert "based on the on the 2011" in article_text  # the source's typo, kept


def test_make_documents_reproduces_the_bundled_files(tmp_path):
    subprocess.run(
        [sys.executable, str(DOCUMENTS / "make_documents.py"), "--out", str(tmp_path)],
        check=True,
    )
    for bundled in (LETTER, ARTICLE):
        assert (tmp_path / bundled.name).read_bytes() == bundled.read_bytes(), bundled.name
