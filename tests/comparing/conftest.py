"""The bundled pair's canonical texts, read once through Accord's document reader."""

from __future__ import annotations

import pytest

from desktop.app.reading import DocumentReader
from tests.documents.conftest import ARTICLE, LETTER


@pytest.fixture(scope="session")
def bundled_texts() -> tuple[str, str]:
    with DocumentReader() as reader:
        return reader.read(LETTER).text.text, reader.read(ARTICLE).text.text
