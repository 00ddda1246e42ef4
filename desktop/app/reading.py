"""Read documents through the document worker, for code that waits for the answer.

Only ``desktop.documents`` may load PyMuPDF, and the process that runs ``accord`` never does
(the same rule keeps the GUI responsive), so creating a project and ``accord annotate`` ask the
worker process for each document's facts and text layer, exactly as the reader window does;
so do the PDF exports with highlights and the reading of a PDF's own highlights.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from desktop.core.errors import AccordError
from desktop.core.textlayer import TextLayer
from desktop.documents.client import DocumentClient
from desktop.documents.protocol import (
    AnnotatedPdfWritten,
    DocumentInfo,
    Failed,
    FoundHighlight,
    Highlight,
    HighlightsRead,
    Opened,
    OpenFailed,
    TextPages,
    WorkerRestarted,
)

TIMEOUT_SECONDS = 120.0
"""How long the worker may stay silent before a wait gives up. A long answer (a PDF with
thousands of highlights) is not cut short: the worker sends a ``Working`` event every
``WORKING_EVERY`` highlights, and each event starts the wait afresh."""


@dataclass(frozen=True, slots=True)
class ReadDocument:
    """What Accord learns from opening a file: its facts and its canonical text layer."""

    path: Path
    fingerprint: str
    title: str
    kind: str
    text: TextLayer

    @property
    def page_count(self) -> int:
        return self.text.page_count


@dataclass(frozen=True, slots=True)
class PdfHighlights:
    """A PDF's facts, its canonical text and the highlight annotations found in it."""

    path: Path
    fingerprint: str
    title: str
    text: str
    """The canonical text that the highlights' ``start``/``end`` count in."""
    highlights: tuple[FoundHighlight, ...]
    skipped: tuple[str, ...]
    """What could not be read (an annotation, a page's text), one line each, for the user."""
    source: str | None
    """The fingerprint of the document Accord exported this PDF from, when it did."""


class DocumentReader:
    """Document workers for the duration of a ``with`` block (one for each document it reads,
    which ends when the document is read); ``read`` waits for a document."""

    def __init__(self, *, timeout: float = TIMEOUT_SECONDS) -> None:
        self._timeout = timeout
        self._events: queue.Queue[object] = queue.Queue()
        self._client = DocumentClient(self._events.put)

    def __enter__(self) -> DocumentReader:
        self._client.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._client.shutdown()

    def read(self, path: str | Path) -> ReadDocument:
        """Open ``path`` in the worker and wait for all of its text; raise ``AccordError``
        with the worker's sentence when the file cannot be opened."""
        path = Path(path)
        info = self._open(path)
        layer = TextLayer(info.page_count)
        while not layer.is_complete:
            pages = self._wait(lambda e: isinstance(e, TextPages) and e.key == info.key)
            assert isinstance(pages, TextPages)
            if pages.first_page == 0 and layer.ready_pages:
                layer = TextLayer(pages.page_count)
            for page in pages.pages:
                layer.add_page(page)
        self._client.close(info.key)
        return ReadDocument(path, info.fingerprint, info.title, info.kind, layer)

    def write_annotated_pdf(
        self, source: str | Path, highlights: Sequence[Highlight], *, out: str | Path
    ) -> int:
        """Write the document ``source`` as a PDF with ``highlights`` to ``out`` (the worker
        writes it: pass a temporary path, see ``desktop.formats.files.atomic_output``) and
        return its size in bytes; ``AccordError`` with the worker's sentence if it cannot."""
        info = self._open(Path(source))
        try:
            written = self._answer(self._client.write_annotated_pdf(info.key, highlights, out=out))
        finally:
            self._client.close(info.key)
        assert isinstance(written, AnnotatedPdfWritten)
        return written.size

    def read_highlights(self, path: str | Path) -> PdfHighlights:
        """The highlight annotations of the PDF at ``path``, with the text under each in
        Accord's canonical text of it; ``AccordError`` for a file that is not a readable PDF."""
        path = Path(path)
        info = self._open(path)
        try:
            read = self._answer(self._client.read_highlights(info.key))
        finally:
            self._client.close(info.key)
        assert isinstance(read, HighlightsRead)
        return PdfHighlights(
            path,
            info.fingerprint,
            info.title,
            read.text,
            read.highlights,
            read.skipped,
            read.source,
        )

    def _open(self, path: Path) -> DocumentInfo:
        request = self._client.open(path)
        opened = self._answer(request)
        assert isinstance(opened, Opened)
        return opened.info

    def _answer(self, request: int) -> object:
        """The event that answers ``request``; a failure raises its sentence."""
        answer = self._wait(lambda e: getattr(e, "request", None) == request)
        if isinstance(answer, OpenFailed | Failed):
            raise AccordError(answer.message)
        return answer

    def _wait(self, wanted: Callable[[object], bool]) -> object:
        while True:
            try:
                event = self._events.get(timeout=self._timeout)
            except queue.Empty:
                raise AccordError("The document reader did not answer in time.") from None
            if isinstance(event, WorkerRestarted):
                raise AccordError("The document reader stopped unexpectedly; try again.")
            if wanted(event):
                return event
