"""The GUI's handle on the document worker process (this module never imports PyMuPDF).

PyMuPDF keeps the GIL while it renders, so rendering on a thread of the GUI process would freeze
the interface; the worker process does it instead. The client sends requests as frames on the
worker's stdin and a reader thread hands every event to ``on_event`` (the UI re-emits it as a
queued Qt signal); page images arrive through a ring of shared memory given to each worker it
starts (see ``pixel_ring``). If MuPDF crashes the worker on a hostile file, the client starts a
new one and opens the documents again under the same keys, so the other pane keeps working.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import subprocess
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from desktop.core.framing import read_frame, write_frame
from desktop.core.geometry import Rect
from desktop.documents.pixel_ring import PixelRing
from desktop.documents.protocol import (
    AnnotatedPdfRequest,
    CancelRequest,
    CloseRequest,
    DocumentInfo,
    Failed,
    Highlight,
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
    WorkerRestarted,
)
from desktop.documents.spawning import SpawnedWorker, spawn_worker

SHUTDOWN_TIMEOUT = 5.0
QUICK_DEATH_SECONDS = 10.0
MAX_QUICK_DEATHS = 3
"""A worker that dies this many times in a row within seconds of starting is not restarted
again (it cannot even start, or every document crashes it); requests then fail at once."""
_LOST = "the document reader stopped unexpectedly and was restarted"
_GAVE_UP = "the document reader keeps stopping; please restart Accord"

_Answerable = (OpenRequest | RenderRequest | RelayoutRequest | AnnotatedPdfRequest
               | HighlightsRequest)


class DocumentClient:
    """Requests to the worker; answers arrive as events on the reader thread.

    Methods that get an answer return the request id that the answering event carries.
    """

    def __init__(self, on_event: Callable[[object], None]) -> None:
        self._on_event = on_event
        self._lock = threading.RLock()
        self._ids = itertools.count(1)
        self._process: subprocess.Popen[bytes] | None = None
        self._reader: threading.Thread | None = None
        self._unanswered: dict[int, _Answerable] = {}
        self._documents: dict[int, DocumentInfo] = {}
        self._stopping = False
        self._started_at = 0.0
        self._quick_deaths = 0

    def start(self, spawned: SpawnedWorker | None = None) -> None:
        """Start the worker, or adopt one that ``spawn_worker`` started (the launcher starts it
        before importing this module); requests may be sent at once (they wait in the pipe)."""
        with self._lock:
            self._stopping = False
            self._quick_deaths = 0
            self._listen(*self._adopt(spawned or spawn_worker()))
        atexit.register(self.shutdown)

    def open(self, path: str | Path, *, key: int | None = None,
             text_after_render: bool = False) -> int:
        """Answered by ``Opened`` (then ``TextPages``, with ``text_after_render`` only once a
        page of it has been rendered) or ``OpenFailed``."""
        return self._ask(OpenRequest(next(self._ids), str(path), key,
                                     text_after_render=text_after_render))

    def render(self, key: int, page: int, scale: float, *, clip: Rect | None = None) -> int:
        """Answered by ``Rendered`` or ``Failed``."""
        return self._ask(RenderRequest(next(self._ids), key, page, scale, clip))

    def relayout(self, key: int, width: float) -> int:
        """Answered by a new ``Opened`` for ``key`` (and its text again) or ``Failed``."""
        return self._ask(RelayoutRequest(next(self._ids), key, width))

    def write_annotated_pdf(self, key: int, highlights: Iterable[Highlight], *,
                            out: str | Path) -> int:
        """Answered by ``AnnotatedPdfWritten`` once the file ``out`` is complete, or ``Failed``
        (then ``out`` may hold part of a file: write to a temporary path)."""
        return self._ask(AnnotatedPdfRequest(next(self._ids), key, tuple(highlights), str(out)))

    def read_highlights(self, key: int) -> int:
        """Answered by ``HighlightsRead`` or ``Failed`` (the document is not a PDF, say)."""
        return self._ask(HighlightsRequest(next(self._ids), key))

    def cancel(self, request_ids: Iterable[int]) -> None:
        """Drop renders that have not started; a render already under way is still answered."""
        ids = frozenset(request_ids)
        with self._lock:
            for request_id in ids:
                self._unanswered.pop(request_id, None)
            self._write(CancelRequest(ids))

    def close(self, key: int) -> None:
        with self._lock:
            self._documents.pop(key, None)
            for request_id, request in list(self._unanswered.items()):
                if isinstance(request, OpenRequest | RelayoutRequest) and request.key == key:
                    del self._unanswered[request_id]
            self._write(CloseRequest(key))

    def shutdown(self) -> None:
        """Stop the worker and reap it; safe to call twice, and called at interpreter exit."""
        with self._lock:
            self._stopping = True
            process, reader = self._process, self._reader
            self._process = self._reader = None
            self._unanswered.clear()
            self._documents.clear()
        atexit.unregister(self.shutdown)
        if process is None:
            return
        with contextlib.suppress(OSError, ValueError):  # already gone
            write_frame(process.stdin, ShutdownRequest())
            process.stdin.close()
        try:
            process.wait(timeout=SHUTDOWN_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if reader is not None and reader is not threading.current_thread():
            reader.join(timeout=SHUTDOWN_TIMEOUT)

    def worker_pids(self) -> list[int]:
        """The running worker's process id, if any (for memory figures and tests)."""
        with self._lock:
            return [self._process.pid] if self._process is not None else []

    def _ask(self, request: _Answerable) -> int:
        with self._lock:
            gave_up = self._quick_deaths >= MAX_QUICK_DEATHS
            if not gave_up:
                self._unanswered[request.request] = request
                self._write(request)
        if gave_up:
            self._on_event(_failure(request, _GAVE_UP))
        return request.request

    def _write(self, request: object) -> None:
        """Send under the lock; a dead worker is noticed (and replaced) by the reader thread,
        which then answers whatever was unanswered."""
        if self._process is None:
            if self._stopping or self._quick_deaths >= MAX_QUICK_DEATHS:
                return  # shut down, or given up on: nothing will answer
            raise RuntimeError("the document worker is not running: call start() first")
        with contextlib.suppress(OSError, ValueError):
            write_frame(self._process.stdin, request)

    def _adopt(self, spawned: SpawnedWorker) -> tuple[subprocess.Popen[bytes], PixelRing | None]:
        """Make ``spawned`` the worker; its events flow once ``_listen`` starts reading them,
        and its ring closes when they stop."""
        self._process, self._started_at = spawned.process, spawned.started_at
        return spawned.process, spawned.ring

    def _listen(self, process: subprocess.Popen[bytes], ring: PixelRing | None) -> None:
        self._reader = threading.Thread(target=self._read_events, args=(process, ring),
                                        daemon=True, name="document-events")
        self._reader.start()

    def _read_events(self, process: subprocess.Popen[bytes], ring: PixelRing | None) -> None:
        """Deliver the worker's events until it ends; its ring closes with it (the images
        already delivered stay readable)."""
        stream: BinaryIO = process.stdout
        try:
            while (event := read_frame(stream)) is not None:
                if isinstance(event, RenderedInRing) and ring is not None:
                    event = _from_ring(event, ring)
                self._note(event)
                self._on_event(event)
                del event  # hold no image while the next frame is awaited
        finally:
            if ring is not None:
                ring.close()
        self._worker_ended(process)

    def _note(self, event: object) -> None:
        """Keep track of open documents and unanswered requests, for a restart."""
        request = getattr(event, "request", None)
        with self._lock:
            if self._unanswered.pop(request, None) is not None and isinstance(event, Opened):
                self._documents[event.info.key] = event.info

    def _worker_ended(self, process: subprocess.Popen[bytes]) -> None:
        """Answer what the dead worker left unanswered, then start another and re-open the
        documents under their keys (at the width they were laid out at)."""
        with self._lock:
            if self._stopping or process is not self._process:
                return
            process.wait()
            quick = time.monotonic() - self._started_at < QUICK_DEATH_SECONDS
            self._quick_deaths = self._quick_deaths + 1 if quick else 0
            lost, self._unanswered = self._unanswered, {}
            replacement = None
            if self._quick_deaths < MAX_QUICK_DEATHS:
                replacement = self._adopt(spawn_worker())
                for info in self._documents.values():
                    width = info.page_sizes[0][0] if info.is_reflowable else None
                    self._ask(OpenRequest(next(self._ids), info.path, info.key, width))
            else:
                self._process = None
        self._on_event(WorkerRestarted())
        for request in lost.values():
            self._on_event(_failure(request, _LOST))
        if replacement is not None:
            self._listen(*replacement)


def _from_ring(event: RenderedInRing, ring: PixelRing) -> Rendered:
    image = RawImage(event.width, event.height, event.stride,
                     ring.receive(event.offset, event.size))
    return Rendered(event.request, event.key, event.page, event.scale, event.clip, image)


def _failure(request: _Answerable, reason: str) -> OpenFailed | Failed:
    if isinstance(request, OpenRequest):
        name = Path(request.path).name
        return OpenFailed(request.request, request.path, f"Can't open “{name}”: {reason}")
    return Failed(request.request, reason)
