"""The canonical text layers of a project's documents, read through the document worker.

Exports write offsets, and imports place annotations, on the text Accord extracts from each
document. That text is trusted only if it is the one the stored annotations were placed on
(``StoredDocument.text_sha256``): a newer Accord may read a PDF differently, and then offsets
would point at other words. Rather than write or merge wrong offsets, both refuse, naming the
document (``desktop.app.reanchoring`` moves the annotations to the new text first).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from desktop.app.reading import PdfHighlights, ReadDocument
from desktop.core.errors import AccordError
from desktop.core.leftovers import scratch_folder
from desktop.core.model import DocumentId, StoredDocument
from desktop.core.textlayer import TextLayer
from desktop.documents.protocol import Highlight
from desktop.store import Project


class Reader(Protocol):
    """What reads a document file and a PDF's highlights: ``desktop.app.reading.DocumentReader``
    or a stand-in."""

    def read(self, path: str | Path) -> ReadDocument: ...

    def read_highlights(self, path: str | Path) -> PdfHighlights: ...


class WritingReader(Reader, Protocol):
    """A reader that also writes a PDF with highlights (the PDF export's)."""

    def write_annotated_pdf(
        self, source: str | Path, highlights: Sequence[Highlight], *, out: str | Path
    ) -> int: ...


class ReaderFactory(Protocol):
    def __call__(self) -> AbstractContextManager[Reader]: ...


class WritingReaderFactory(Protocol):
    def __call__(self) -> AbstractContextManager[WritingReader]: ...


class TextChanged(AccordError):
    """The text Accord extracts from a document is not the one its annotations refer to."""

    def __init__(self, document: StoredDocument) -> None:
        self.document = document
        super().__init__(
            f"The text Accord now extracts from “{document.title}” ({document.file_name}) "
            "differs from the text its annotations were placed on, so their offsets cannot be "
            "trusted. Add or change an annotation on it once (Accord then re-anchors the "
            "others), and try again."
        )


def read_layers(
    project: Project, documents: Iterable[StoredDocument], *, reader: Reader
) -> dict[DocumentId, TextLayer]:
    """Each document's text layer, checked against the text its annotations refer to."""
    layers: dict[DocumentId, TextLayer] = {}
    with scratch_folder("texts") as folder:
        for number, document in enumerate(documents):
            place = folder / str(number)  # two documents may share a file name
            place.mkdir()
            layer = reader.read(project.documents.write_file(document.id, place)).text
            if layer.sha256() != document.text_sha256:
                raise TextChanged(document)
            layers[document.id] = layer
    return layers
