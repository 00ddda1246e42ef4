"""The messages between the GUI process and the document worker.

PyMuPDF holds the GIL while it renders, so every PyMuPDF call runs in a separate worker process
(``desktop.documents.worker``) and the GUI only exchanges these plain, picklable values with it.
This module must never import PyMuPDF: the GUI process imports it.

Requests carry a ``request`` id chosen by the client; the events that answer them carry it back.
"""

from __future__ import annotations

import operator
import pickle
from dataclasses import dataclass
from datetime import datetime
from typing import SupportsIndex

from desktop.core.geometry import PageRect, Rect
from desktop.core.textlayer import PageText

REFLOWABLE_KINDS = frozenset({"html", "text", "epub"})
WORKING_EVERY = 1000
"""Highlights written or read between two ``Working`` events (a few tenths of a second)."""
"""Document kinds that PyMuPDF lays out itself, so their pages depend on the chosen width."""


@dataclass(frozen=True, slots=True)
class RawImage:
    """Pixels of a rendered page: RGB888 rows of ``stride`` bytes, no alpha, white background.

    Plain bytes rather than a Qt or PyMuPDF type, so that the image can cross the process
    boundary and the UI alone decides how to wrap it (a QImage over ``samples``). From the
    worker, ``samples`` is usually a read-only view of shared memory (see ``pixel_ring``), which
    stays valid for as long as something (such as that QImage) holds on to it.
    """

    width: int
    height: int
    stride: int
    samples: bytes | bytearray | memoryview

    def __reduce_ex__(
        self, protocol: SupportsIndex
    ) -> tuple[type[RawImage], tuple[int, int, int, object]]:
        """Send the pixels out of band (see ``framing``), not copied into the pickle."""
        samples: object = self.samples
        if operator.index(protocol) >= 5:
            samples = pickle.PickleBuffer(self.samples)
        return (RawImage, (self.width, self.height, self.stride, samples))


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the GUI needs to lay out a document's pages before any of them is rendered."""

    key: int
    path: str
    fingerprint: str
    title: str
    kind: str
    page_sizes: tuple[tuple[float, float], ...]

    @property
    def page_count(self) -> int:
        return len(self.page_sizes)

    @property
    def is_reflowable(self) -> bool:
        return self.kind in REFLOWABLE_KINDS


@dataclass(frozen=True, slots=True)
class Highlight:
    """One annotation as a PDF highlight, what ``annotated_pdf`` writes: plain values, so the
    application layer (which never loads PyMuPDF) can hand them to the worker.

    ``rects`` are Accord's own (``Anchor.rects``): PDF points, origin at the top left of the
    displayed page, one per line piece; a highlight across a page break has rects on both
    pages (and becomes one /Highlight on each).
    """

    id: str
    rects: tuple[PageRect, ...]
    colour: str
    """``#RRGGBB``, written as /C."""
    reviewer: str
    note: str
    codes: tuple[str, ...]
    """Code names (written as /Subj, joined by "; ")."""
    created: datetime
    modified: datetime


@dataclass(frozen=True, slots=True)
class FoundHighlight:
    """A /Highlight annotation read from a PDF, with the canonical text under it.

    ``start``/``end`` are code points into the document's canonical text (the one the reader
    shows and annotations count in), None when no character lies under the highlight; ``text``
    is that span ("" when none). ``rects`` are the quads' bounding boxes in displayed page space.
    The pieces Accord writes for a highlight that crosses a page are read back as one.
    """

    page: int
    rects: tuple[PageRect, ...]
    colour: str | None
    author: str
    contents: str
    subject: str
    name: str
    created: datetime | None
    modified: datetime | None
    start: int | None
    end: int | None
    text: str


# Requests (client -> worker)


@dataclass(frozen=True, slots=True)
class OpenRequest:
    """Open ``path`` under ``key`` (the client's name for it, which later requests use).

    ``width`` lays a reflowable document out at that width straight away: the client uses it to
    re-open documents after a worker restart exactly as they were shown.

    ``text_after_render`` holds the text layer back until a page of the document has been
    rendered (or has failed to): at launch the reader waits for the first page, and reading the
    text first would compete with it for the processor.
    """

    request: int
    path: str
    key: int
    width: float | None = None
    text_after_render: bool = False


@dataclass(frozen=True, slots=True)
class RenderRequest:
    request: int
    key: int
    page: int
    scale: float
    clip: Rect | None = None


@dataclass(frozen=True, slots=True)
class CancelRequest:
    """Drop these renders if they have not started; nothing answers a cancel."""

    request_ids: frozenset[int]


@dataclass(frozen=True, slots=True)
class CloseRequest:
    key: int


@dataclass(frozen=True, slots=True)
class RelayoutRequest:
    request: int
    key: int
    width: float


@dataclass(frozen=True, slots=True)
class AnnotatedPdfRequest:
    """Write the open document ``key`` as a PDF carrying ``highlights`` to the file ``out``.

    The worker writes the file itself, so a large PDF never has to cross the pipe; the caller
    passes a temporary path and renames it once the answer says it is complete.
    """

    request: int
    key: int
    highlights: tuple[Highlight, ...]
    out: str


@dataclass(frozen=True, slots=True)
class HighlightsRequest:
    """Read the highlight annotations of the open PDF ``key``."""

    request: int
    key: int


@dataclass(frozen=True, slots=True)
class ShutdownRequest:
    """Ask the worker to exit after closing its documents."""


# Events (worker -> client)


@dataclass(frozen=True, slots=True)
class Opened:
    """A document opened (or was laid out again): its pages may be rendered now."""

    request: int
    info: DocumentInfo


@dataclass(frozen=True, slots=True)
class OpenFailed:
    """The file could not be opened; ``message`` is the DocumentError's sentence for the user."""

    request: int
    path: str
    message: str


@dataclass(frozen=True, slots=True)
class Rendered:
    request: int
    key: int
    page: int
    scale: float
    clip: Rect | None
    image: RawImage


@dataclass(frozen=True, slots=True)
class RenderedInRing:
    """A ``Rendered`` whose pixels the worker wrote into the pixel ring, ``size`` bytes at
    ``offset``; the client turns it back into a ``Rendered`` before anyone else sees it."""

    request: int
    key: int
    page: int
    scale: float
    clip: Rect | None
    width: int
    height: int
    stride: int
    offset: int
    size: int


@dataclass(frozen=True, slots=True)
class TextPages:
    """The next pages of a document's text layer, streamed in order after it opened.

    ``first_page`` 0 starts the stream again (after a relayout or a worker restart).
    """

    key: int
    first_page: int
    pages: tuple[PageText, ...]
    page_count: int


@dataclass(frozen=True, slots=True)
class Failed:
    """A request could not be answered; the worker keeps going."""

    request: int
    message: str


@dataclass(frozen=True, slots=True)
class AnnotatedPdfWritten:
    """Answers ``AnnotatedPdfRequest``: ``out`` holds the whole PDF, ``size`` bytes."""

    request: int
    key: int
    out: str
    size: int


@dataclass(frozen=True, slots=True)
class HighlightsRead:
    """Answers ``HighlightsRequest``: the document's canonical text and its highlights in page
    order; ``skipped`` says, one line each, what could not be read (an annotation, a page's
    text); ``source`` is the sha256 of the document Accord exported the PDF from, if it did."""

    request: int
    key: int
    text: str
    highlights: tuple[FoundHighlight, ...]
    skipped: tuple[str, ...]
    source: str | None


@dataclass(frozen=True, slots=True)
class Working:
    """A long answer (a PDF with thousands of highlights to write or read) is on its way:
    ``done`` of ``total``, in any unit. Sent every ``WORKING_EVERY`` highlights, so that
    whoever waits for the answer knows the worker is busy with it, not stuck. (Not an answer:
    it names the document's ``key``, not the request.)"""

    key: int
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class DocumentStopped:
    """The worker of the open document ``key`` was stopped by its bounds (too slow, out of
    memory) or crashed on it; the document is closed, and ``message`` says why, for its pane.
    It is not opened again: it would only do the same."""

    key: int
    path: str
    message: str


@dataclass(frozen=True, slots=True)
class WorkerRestarted:
    """A worker ended for no reason of its bounds (killed from outside, say), and a new one
    took over its document.

    Its unanswered requests were answered with ``Failed``/``OpenFailed`` just after this event;
    the document comes back under the same key with a fresh ``Opened`` and text stream, so
    views should render their visible pages again when those arrive.
    """
