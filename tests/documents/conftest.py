"""Documents to test against: the bundled pair, and files generated into a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.documents.opening import Document, open_document
from tests.documents import samples
from tests.needs import require

BUNDLED = Path(__file__).resolve().parents[2] / "documents"
LETTER = BUNDLED / "letter-of-intent-eu-japan-sti.pdf"
ARTICLE = BUNDLED / "news-article-eu-japan-sti-2020-05-26.html"


def bundled(path: Path) -> Path:
    return require(path, "the bundled document (documents/make_documents.py makes it)")


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("generated")
    text = folder / "notes.md"
    text.write_text(
        "# Review notes\n\nThe Sides intend to explore twinning between coopera-\n"
        "tion programmes, and\tto keep   their EU-\nJapan dialogue regular.\n\n\n"
        "A second paragraph, written on one line.\n\n"
        + "A long last paragraph, hard-wrapped by its author like an e-mail.\n"
        * 60,
        encoding="utf-8",
    )
    return {
        "sample.pdf": samples.make_sample_pdf(folder / "sample.pdf"),
        "article.html": samples.make_article_html(folder / "article.html"),
        "book.epub": samples.make_epub(folder / "book.epub"),
        "notes.md": text,
    }


def _source(name: str, generated: dict[str, Path]) -> Path:
    return {"letter": lambda: bundled(LETTER), "article": lambda: bundled(ARTICLE)}.get(
        name, lambda: generated[name]
    )()


@pytest.fixture(
    params=[
        "letter",
        "article",
        "sample.pdf",
        "article.html",
        "book.epub",
        "notes.md",
        "narrow article.html",
    ]
)
def document(request: pytest.FixtureRequest, generated: dict[str, Path]) -> Iterator[Document]:
    """Every kind of document, and a reflowable one laid out narrower than usual."""
    name: str = request.param
    with open_document(_source(name.removeprefix("narrow "), generated)) as opened:
        if name.startswith("narrow "):
            opened.relayout(250)
        yield opened
