"""The document worker: one process that owns every open document and makes all PyMuPDF calls.

Run as ``python -m desktop.documents.worker --parent PID [--memory BYTES --seconds N
--export-seconds N] [--pixels FD]`` by ``DocumentClient``, or forked with the same arguments by
the template (``template``), one worker for each open document:
PID is the process that started it (the worker dies with it), the limits are its ``bounds``,
FD is the pixel ring that page images cross (see ``pixel_ring``; without it, they take the
pipe). Requests
arrive as frames on stdin and are read by a thread, so a cancel takes effect while a page renders;
the main thread answers them on stdout in this order: opens, closes, relayouts, annotated PDF
exports and highlight reads first (in the order sent), then renders, newest first (the page the
reader just scrolled to matters most), and only when neither waits, the next few pages of a
document's text layer (of a document opened with ``text_after_render``, as at launch, only once
a page of it has been rendered).
"""

from __future__ import annotations

import gc
import os
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from desktop.core.errors import AccordError, DocumentError
from desktop.core.framing import read_frame, write_frame
from desktop.core.textlayer import PageText
from desktop.documents import bounds
from desktop.documents.canonical import fixed_page_text
from desktop.documents.opening import Document, fingerprint, open_document
from desktop.documents.pixel_ring import RingWriter
from desktop.documents.protocol import (
    AnnotatedPdfRequest,
    AnnotatedPdfWritten,
    CancelRequest,
    CloseRequest,
    DocumentInfo,
    Failed,
    HighlightsRead,
    HighlightsRequest,
    Opened,
    OpenFailed,
    OpenRequest,
    RawImage,
    RelayoutRequest,
    Rendered,
    RenderedInRing,
    RenderRequest,
    ShutdownRequest,
    TextPages,
    Working,
)

if TYPE_CHECKING:
    import logging

_MUPDF_OUT_OF_MEMORY = re.compile(r"\b(?:m|c|re)alloc\b.*\bfailed\b")
TEXT_CHUNK_PAGES = 8
TEXT_CHUNK_SECONDS = 0.05
"""A text chunk ends after this long, or sooner when a request comes in, so that a request
waits for one page's text at most."""


class Inbox:
    """Requests waiting for the main thread, filled by the reader thread."""

    def __init__(self) -> None:
        self._ready = threading.Condition()
        self._commands: deque[object] = deque()
        self._renders: dict[int, RenderRequest] = {}

    def put(self, request: object) -> None:
        with self._ready:
            if isinstance(request, CancelRequest):
                for request_id in request.request_ids:
                    self._renders.pop(request_id, None)
            elif isinstance(request, RenderRequest):
                self._renders[request.request] = request
            else:
                self._commands.append(request)
            self._ready.notify()

    def has_requests(self) -> bool:
        with self._ready:
            return bool(self._commands or self._renders)

    def take(self, *, wait: bool) -> object | None:
        """The next request to answer; without ``wait``, None when there is none."""
        with self._ready:
            while not self._commands and not self._renders:
                if not wait:
                    return None
                self._ready.wait()
            if self._commands:
                return self._commands.popleft()
            return self._renders.popitem()[1]  # the newest render


class Worker:
    """Answers requests and streams text layers; all PyMuPDF calls happen on its thread."""

    def __init__(
        self,
        inbox: Inbox,
        output: BinaryIO,
        ring: RingWriter | None = None,
        *,
        limits: bounds.WorkerLimits | None = None,
    ) -> None:
        self._inbox = inbox
        self._output = output
        self._ring = ring
        self._limits = limits or bounds.WorkerLimits()
        self._documents: dict[int, Document] = {}
        self._text_streams: dict[int, int] = {}  # key -> next page to send, in round-robin order
        self._text_held: set[int] = set()  # keys whose text waits for a render (OpenRequest)

    def run(self) -> None:
        try:
            while True:
                request = self._inbox.take(wait=not self._text_streams)
                if isinstance(request, ShutdownRequest):
                    return
                long_step = isinstance(request, AnnotatedPdfRequest | HighlightsRequest)
                bounds.arm(self._limits.export_seconds if long_step else self._limits.step_seconds)
                gc.disable()  # a step makes millions of glyph objects and no cycles: Python's
                try:  # collector would walk them all again and again (a third of the time)
                    if request is None:
                        self._send_text_chunk()
                    else:
                        self._answer(request)
                finally:
                    gc.enable()
                bounds.arm(0)
        finally:
            for document in self._documents.values():
                document.close()

    def _answer(self, request: object) -> None:
        """Answer one request; whatever goes wrong is reported, and the worker goes on."""
        try:
            match request:
                case OpenRequest():
                    self._open(request)
                case RenderRequest():
                    self._render(request)
                case CloseRequest(key=key):
                    self._text_streams.pop(key, None)
                    self._text_held.discard(key)
                    document = self._documents.pop(key, None)
                    if document is not None:
                        document.close()
                case RelayoutRequest():
                    self._relayout(request)
                case AnnotatedPdfRequest():
                    self._write_annotated_pdf(request)
                case HighlightsRequest():
                    self._read_highlights(request)
        except Exception as error:
            out_of_memory = _out_of_memory(error)
            if isinstance(error, AccordError) or out_of_memory:  # a sentence, not a bug
                _log().warning("%s", error)
            else:
                _log().exception("could not answer %r", request)
            reason = (
                self._limits.too_much_memory()
                if out_of_memory
                else f"Accord could not read it ({error})"
            )
            if isinstance(request, OpenRequest):
                name = Path(request.path).name
                self._send(
                    OpenFailed(request.request, request.path, f"Can't open “{name}”: {reason}")
                )
            elif isinstance(
                request, RenderRequest | RelayoutRequest | AnnotatedPdfRequest | HighlightsRequest
            ):
                self._send(Failed(request.request, reason if out_of_memory else str(error)))
        finally:
            if isinstance(request, RenderRequest) and request.key in self._text_held:
                self._text_held.discard(request.key)  # answered: now its text
                self._text_streams[request.key] = 0

    def _open(self, request: OpenRequest) -> None:
        key = request.key
        try:
            document = open_document(request.path)
        except DocumentError as error:
            self._send(OpenFailed(request.request, request.path, str(error)))
            return
        try:
            if request.width is not None and document.is_reflowable:
                document.relayout(request.width)
        except Exception as error:  # keep the document at its first layout
            _log().warning("could not lay out %s again: %s", request.path, error)
        previous = self._documents.pop(key, None)
        if previous is not None:
            previous.close()
        self._documents[key] = document
        if request.text_after_render:
            self._text_held.add(key)
        else:
            self._text_held.discard(key)
        self._announce(request.request, key)

    def _render(self, request: RenderRequest) -> None:
        """Draw the page straight into the pixel ring, or else into a buffer that goes down the
        pipe (the ring is full, or absent)."""
        drawing = self._document(request.key).drawing(request.page, request.scale, request.clip)
        offset = None
        if self._ring is not None:
            offset = self._ring.write(drawing.size, drawing.draw)
        if offset is None:
            samples = bytearray(drawing.size)
            drawing.draw(samples)
            image = RawImage(drawing.width, drawing.height, drawing.stride, samples)
            self._send(
                Rendered(
                    request.request, request.key, request.page, request.scale, request.clip, image
                )
            )
        else:
            self._send(
                RenderedInRing(
                    request.request,
                    request.key,
                    request.page,
                    request.scale,
                    request.clip,
                    drawing.width,
                    drawing.height,
                    drawing.stride,
                    offset,
                    drawing.size,
                )
            )

    def _relayout(self, request: RelayoutRequest) -> None:
        self._document(request.key).relayout(request.width)
        self._announce(request.request, request.key)

    def _write_annotated_pdf(self, request: AnnotatedPdfRequest) -> None:
        document = self._document(request.key)
        try:
            from desktop.documents.annotated_pdf import annotated_pdf  # only when asked

            data = annotated_pdf(
                _file_bytes(document),
                document.kind,
                request.highlights,
                canonical=document.canonical_text() if document.is_reflowable else None,
                working=self._working(request.key),
            )
            Path(request.out).write_bytes(data)
        except Exception as error:
            raise AccordError(
                f"Can't write “{document.path.name}” as a PDF with its highlights: {_reason(error)}"
            ) from error
        self._send(AnnotatedPdfWritten(request.request, request.key, request.out, len(data)))

    def _read_highlights(self, request: HighlightsRequest) -> None:
        document = self._document(request.key)
        try:
            if document.kind != "pdf":
                raise ValueError("it is not a PDF, and only PDFs carry highlight annotations")
            _log()  # its warnings go where the worker's do
            from desktop.documents.pdf_highlights import read_highlights  # only when asked

            read = read_highlights(
                document.path, _file_bytes(document), working=self._working(request.key)
            )
        except Exception as error:
            raise AccordError(
                f"Can't read the highlights of “{document.path.name}”: {_reason(error)}"
            ) from error
        self._send(
            HighlightsRead(
                request.request, request.key, read.text, read.highlights, read.skipped, read.source
            )
        )

    def _working(self, key: int) -> Callable[[int, int], None]:
        """Says how far a long answer about document ``key`` is (see ``Working``)."""
        return lambda done, total: self._send(Working(key, done, total))

    def _document(self, key: int) -> Document:
        document = self._documents.get(key)
        if document is None:
            raise LookupError(f"no document is open under key {key}")
        return document

    def _announce(self, request: int, key: int) -> None:
        """Send the document's info and (re)start streaming its text layer from page 0 (once a
        page has been rendered, if its text is held until then)."""
        document = self._documents[key]
        info = DocumentInfo(
            key,
            str(document.path),
            document.fingerprint,
            document.title,
            document.kind,
            document.page_sizes,
        )
        self._send(Opened(request, info))
        self._text_streams.pop(key, None)
        if key not in self._text_held:
            self._text_streams[key] = 0

    def _send_text_chunk(self) -> None:
        """The next pages of the document whose turn it is, then that document goes last."""
        key = next(iter(self._text_streams))
        first = self._text_streams.pop(key)
        document = self._documents[key]
        pages: list[PageText] = []
        deadline = time.monotonic() + TEXT_CHUNK_SECONDS
        while (
            first + len(pages) < document.page_count
            and len(pages) < TEXT_CHUNK_PAGES
            and (not pages or (time.monotonic() < deadline and not self._inbox.has_requests()))
        ):
            pages.append(self._page_text(document, first + len(pages)))
        self._send(TextPages(key, first, tuple(pages), document.page_count))
        if first + len(pages) < document.page_count:
            self._text_streams[key] = first + len(pages)

    @staticmethod
    def _page_text(document: Document, page: int) -> PageText:
        try:
            return document.page_text(page)
        except Exception as error:  # one unreadable page must not stop the rest of the text
            if _out_of_memory(error):  # but a page that needs more memory than allowed must:
                raise MemoryError from error  # its text would vanish without a word
            _log().exception("could not read the text of page %d of %s", page + 1, document.path)
            return fixed_page_text([], first_page=page == 0)

    def _send(self, event: object) -> None:
        try:
            write_frame(self._output, event)
        except (BrokenPipeError, ValueError):  # the client is gone: nobody will read this
            os._exit(0)


def _out_of_memory(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) is an allocation that the memory cap refused:
    Python's MemoryError, or MuPDF's failed allocation, which PyMuPDF raises as a
    RuntimeError ("code=2: calloc (4104 x 1 bytes) failed")."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, MemoryError) or _MUPDF_OUT_OF_MEMORY.search(str(seen)):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _file_bytes(document: Document) -> bytes:
    """The document's file again, checked to be the bytes that were opened."""
    try:
        data = document.path.read_bytes()
    except OSError as error:
        raise DocumentError(
            document.path, f"Accord cannot read it again: {error.strerror or error}"
        ) from None
    if fingerprint(data) != document.fingerprint:
        raise DocumentError(document.path, "the file changed since Accord opened it; open it again")
    return data


def _reason(error: Exception) -> str:
    """The part of an error's message that says what went wrong, for a sentence of our own."""
    return error.reason if isinstance(error, DocumentError) else str(error) or type(error).__name__


def _read_requests(stream: BinaryIO, inbox: Inbox) -> None:
    """Feed the inbox until a shutdown; stop reading then, as Python cannot end cleanly while a
    thread is blocked reading stdin. Out of memory here, no request could be answered again:
    the worker ends, and the client says why."""
    try:
        while (request := read_frame(stream)) is not None:
            inbox.put(request)
            if isinstance(request, ShutdownRequest):
                return
    except MemoryError:
        os._exit(bounds.OUT_OF_MEMORY_EXIT)
    inbox.put(ShutdownRequest())  # the client is gone: nobody will read what we write


def _claim_stdout() -> BinaryIO:
    """A private handle on stdout for frames; anything else printed (by us or by MuPDF's C
    code) goes to stderr instead of corrupting the frame stream."""
    frames = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    return frames


def _options(arguments: list[str]) -> dict[str, str]:
    """``--name value`` pairs."""
    return dict(zip(arguments[::2], arguments[1::2], strict=False))


def _ring(options: dict[str, str]) -> RingWriter | None:
    """The pixel ring passed as ``--pixels FD``, if any and usable."""
    if "--pixels" not in options:
        return None
    try:
        return RingWriter(int(options["--pixels"]))
    except (OSError, ValueError) as error:
        _log().warning("page images will take the pipe: %s", error)
        return None


def _log() -> logging.Logger:
    """The worker's log, on stderr, set up when first needed: importing ``logging`` would add
    to every start-up, which waits on the worker, for warnings that most sessions never have."""
    import logging

    logging.basicConfig(level=logging.WARNING, format="accord worker: %(message)s")
    return logging.getLogger(__name__)


def main(arguments: list[str] | None = None) -> None:
    """Run a worker on stdin and stdout (``arguments``: as on the command line; the template
    passes them to the workers it forks)."""
    options = _options(sys.argv[1:] if arguments is None else arguments)
    if "--parent" in options:
        bounds.die_with_parent(int(options["--parent"]))
    limits = bounds.WorkerLimits.from_arguments(options)
    bounds.limit_memory(limits)
    bounds.allow_alarm_to_end_the_process()
    output = _claim_stdout()
    inbox = Inbox()
    threading.Thread(
        target=_read_requests, args=(sys.stdin.buffer, inbox), daemon=True, name="requests"
    ).start()
    try:
        Worker(inbox, output, _ring(options), limits=limits).run()
    except MemoryError:
        os._exit(bounds.OUT_OF_MEMORY_EXIT)


if __name__ == "__main__":
    main()
