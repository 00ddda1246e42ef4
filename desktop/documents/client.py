"""The GUI's handle on the document workers, one process for each open document (this module
never imports PyMuPDF).

PyMuPDF keeps the GIL while it renders, so rendering on a thread of the GUI process would freeze
the interface; worker processes do it instead. Each document gets a worker of its own, bounded
in memory and in time per step (see ``bounds``), so a hostile file costs at most its own pane:
the other document's worker keeps answering while it is being read, and when it is stopped, the
open fails (or, once open, the document is closed with ``DocumentStopped``) with a sentence
saying why: too slow, too large, or MuPDF crashed on it.

The client sends requests as frames on a worker's stdin, and a reader thread per worker hands
every event to ``on_event`` (the UI re-emits it as a queued Qt signal); page images arrive
through a ring of shared memory given to each worker (see ``pixel_ring``). If a worker is
killed from outside after its document opened, the client starts another and opens the
document again under the same key.
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

from desktop.core.framing import read_frame, write_frame
from desktop.core.geometry import Rect
from desktop.documents.bounds import WorkerLimits
from desktop.documents.pixel_ring import PixelRing
from desktop.documents.protocol import (
    AnnotatedPdfRequest,
    CancelRequest,
    CloseRequest,
    DocumentInfo,
    DocumentStopped,
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
"""Workers that end this many times in a row before saying anything (they cannot even start)
are not started again, and a document whose worker dies this many times within seconds of
opening it is not opened again; requests then fail at once."""
_LOST = "the document reader stopped unexpectedly"
_GAVE_UP = "the document reader keeps stopping; please restart Accord"

_Answerable = (
    OpenRequest | RenderRequest | RelayoutRequest | AnnotatedPdfRequest | HighlightsRequest
)


class _Worker:
    """One worker process, and whether it has said anything yet."""

    def __init__(self, spawned: SpawnedWorker) -> None:
        self.process = spawned.process
        self.ring = spawned.ring
        self.started_at = spawned.started_at
        self.reader: threading.Thread | None = None
        self.answered = False
        self.ended = False
        self.retired = False

    def send(self, request: object) -> None:
        """A dead worker is noticed (and its requests answered) by its reader thread."""
        assert self.process.stdin is not None  # (spawned with stdin=PIPE)
        with contextlib.suppress(OSError, ValueError):
            write_frame(self.process.stdin, request)

    def retire(self) -> None:
        """Ask it to exit once it has closed its document; its reader thread reaps it."""
        self.retired = True
        self.send(ShutdownRequest())
        assert self.process.stdin is not None  # (spawned with stdin=PIPE)
        with contextlib.suppress(OSError, ValueError):
            self.process.stdin.close()


class DocumentClient:
    """Requests to the workers; answers arrive as events on their reader threads.

    Methods that get an answer return the request id that the answering event carries.
    """

    def __init__(
        self, on_event: Callable[[object], None], *, limits: WorkerLimits | None = None
    ) -> None:
        self._on_event = on_event
        self._limits = limits or WorkerLimits()
        self._lock = threading.RLock()
        self._ids = itertools.count(1)
        self._keys = itertools.count(1)
        self._spares: list[_Worker] = []
        self._workers: dict[int, _Worker] = {}  # document key -> the worker reading it
        self._unanswered: dict[int, tuple[_Answerable, _Worker]] = {}
        self._documents: dict[int, DocumentInfo] = {}
        self._reopened_at: dict[int, tuple[float, int]] = {}  # key -> (when, quick deaths)
        self._silent_deaths = 0
        self._running = False
        self._stopped = False  # shut down: requests are dropped, as nothing will answer them

    def start(self, *spawned: SpawnedWorker) -> None:
        """Be ready for requests, adopting workers that ``spawn_worker`` started (the launcher
        starts one per pane before importing this module); requests may be sent at once (they
        wait in the pipe), and each open takes one of these or starts a worker of its own."""
        with self._lock:
            self._running, self._stopped = True, False
            self._silent_deaths = 0
            for one in spawned:
                self._spares.append(self._listen(_Worker(one)))
        atexit.register(self.shutdown)

    def open(
        self, path: str | Path, *, key: int | None = None, text_after_render: bool = False
    ) -> int:
        """Answered by ``Opened`` (then ``TextPages``, with ``text_after_render`` only once a
        page of it has been rendered) or ``OpenFailed``."""
        with self._lock:
            if key is None:
                key = next(k for k in self._keys if k not in self._workers)
            return self._ask(
                OpenRequest(next(self._ids), str(path), key, text_after_render=text_after_render),
                key,
            )

    def render(self, key: int, page: int, scale: float, *, clip: Rect | None = None) -> int:
        """Answered by ``Rendered`` or ``Failed``."""
        return self._ask(RenderRequest(next(self._ids), key, page, scale, clip), key)

    def relayout(self, key: int, width: float) -> int:
        """Answered by a new ``Opened`` for ``key`` (and its text again) or ``Failed``."""
        return self._ask(RelayoutRequest(next(self._ids), key, width), key)

    def write_annotated_pdf(
        self, key: int, highlights: Iterable[Highlight], *, out: str | Path
    ) -> int:
        """Answered by ``AnnotatedPdfWritten`` once the file ``out`` is complete, or ``Failed``
        (then ``out`` may hold part of a file: write to a temporary path)."""
        return self._ask(
            AnnotatedPdfRequest(next(self._ids), key, tuple(highlights), str(out)), key
        )

    def read_highlights(self, key: int) -> int:
        """Answered by ``HighlightsRead`` or ``Failed`` (the document is not a PDF, say)."""
        return self._ask(HighlightsRequest(next(self._ids), key), key)

    def cancel(self, request_ids: Iterable[int]) -> None:
        """Drop renders that have not started; a render already under way is still answered."""
        by_worker: dict[_Worker, set[int]] = {}
        with self._lock:
            for request_id in request_ids:
                asked = self._unanswered.pop(request_id, None)
                if asked is not None:
                    by_worker.setdefault(asked[1], set()).add(request_id)
            for worker, ids in by_worker.items():
                worker.send(CancelRequest(frozenset(ids)))

    def close(self, key: int) -> None:
        """Forget the document. Its worker closes it and waits for the next document to open
        (starting a worker costs a quarter of a second, and a command reads its documents one
        after another), unless one already waits: then it exits."""
        with self._lock:
            self._documents.pop(key, None)
            self._reopened_at.pop(key, None)
            worker = self._workers.pop(key, None)
            for request_id, (_request, asked) in list(self._unanswered.items()):
                if asked is worker:
                    del self._unanswered[request_id]
            if worker is not None:
                worker.send(CloseRequest(key))
                if self._spares or worker.ended:
                    worker.retire()
                else:
                    self._spares.append(worker)

    def shutdown(self) -> None:
        """Stop every worker and reap them; safe to call twice, and called at interpreter
        exit."""
        with self._lock:
            self._running, self._stopped = False, True
            workers = [*self._spares, *self._workers.values()]
            self._spares, self._workers = [], {}
            self._unanswered.clear()
            self._documents.clear()
            for worker in workers:
                worker.retire()
        atexit.unregister(self.shutdown)
        for worker in workers:
            try:
                worker.process.wait(timeout=SHUTDOWN_TIMEOUT)
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()
        for worker in workers:
            if worker.reader is not None and worker.reader is not threading.current_thread():
                worker.reader.join(timeout=SHUTDOWN_TIMEOUT)

    def worker_pids(self) -> list[int]:
        """The running workers' process ids (for memory figures and tests)."""
        with self._lock:
            return [
                worker.process.pid
                for worker in [*self._spares, *self._workers.values()]
                if not worker.ended
            ]

    def worker_pid(self, key: int) -> int | None:
        """The process id of the worker reading the document ``key``, if it runs."""
        with self._lock:
            worker = self._workers.get(key)
            return None if worker is None or worker.ended else worker.process.pid

    def _ask(self, request: _Answerable, key: int) -> int:
        """Send ``request`` to the worker of document ``key`` (an open with a new key takes a
        worker of its own); it is answered at once with a failure when there is none."""
        with self._lock:
            worker = self._workers.get(key)
            if worker is None and isinstance(request, OpenRequest):
                worker = self._claim()
                if worker is not None:
                    self._workers[key] = worker
            if worker is not None:
                self._unanswered[request.request] = (request, worker)
                worker.send(request)
            elif self._stopped:
                return request.request  # shut down: nothing will answer
        if worker is None:
            reason = (
                _GAVE_UP
                if self._silent_deaths >= MAX_QUICK_DEATHS
                else f"no document is open under key {key}"
            )
            self._on_event(_failure(request, reason))
        return request.request

    def _claim(self) -> _Worker | None:
        """A started worker that is still alive, or a new one; None when workers keep dying
        before they say anything, or the client was shut down."""
        if self._stopped:
            return None
        if not self._running:
            raise RuntimeError("the document client is not running: call start() first")
        if self._silent_deaths >= MAX_QUICK_DEATHS:
            return None
        while self._spares:
            worker = self._spares.pop(0)
            if not worker.ended:
                return worker
        return self._listen(_Worker(spawn_worker(self._limits)))

    def _listen(self, worker: _Worker) -> _Worker:
        worker.reader = threading.Thread(
            target=self._read_events, args=(worker,), daemon=True, name="document-events"
        )
        worker.reader.start()
        return worker

    def _read_events(self, worker: _Worker) -> None:
        """Deliver the worker's events until it ends; its ring closes with it (the images
        already delivered stay readable)."""
        stream = worker.process.stdout
        assert stream is not None  # (spawned with stdout=PIPE)
        try:
            while (event := read_frame(stream)) is not None:
                if isinstance(event, RenderedInRing) and worker.ring is not None:
                    event = _from_ring(event, worker.ring)
                self._note(event, worker)
                self._on_event(event)
                del event  # hold no image while the next frame is awaited
        finally:
            if worker.ring is not None:
                worker.ring.close()
        self._worker_ended(worker)

    def _note(self, event: object, worker: _Worker) -> None:
        """Keep track of open documents and unanswered requests, for a restart."""
        request = getattr(event, "request", None)
        with self._lock:
            worker.answered = True
            self._silent_deaths = 0
            asked = self._unanswered.pop(request, None) if isinstance(request, int) else None
            if asked is not None and isinstance(event, Opened):
                self._documents[event.info.key] = event.info
            elif asked is not None and isinstance(event, OpenFailed):
                key = asked[0].key  # an OpenRequest's
                self._documents.pop(key, None)
                if self._workers.get(key) is worker:  # it has nothing left to read
                    del self._workers[key]
                    worker.retire()

    def _worker_ended(self, worker: _Worker) -> None:
        """Reap the worker and answer what it left unanswered, saying why it stopped where its
        exit status tells. Its open document is closed if its bounds stopped it (or it
        crashed), and opened again in a new worker if it was killed from outside."""
        returncode = worker.process.wait()
        reopen: list[DocumentInfo] = []
        stopped: list[DocumentStopped] = []
        with self._lock:
            worker.ended = True
            if worker.retired or not self._running:
                return
            if not worker.answered and returncode > 0:
                self._silent_deaths += 1
            bounded = self._limits.why_stopped(returncode)
            reason = bounded or _LOST
            lost = [request for request, asked in self._unanswered.values() if asked is worker]
            for request in lost:
                del self._unanswered[request.request]
            for key in [key for key, asked in self._workers.items() if asked is worker]:
                del self._workers[key]
                info = self._documents.get(key)
                if info is None:
                    continue
                if bounded is None and self._may_reopen(key):
                    reopen.append(info)
                else:
                    del self._documents[key]
                    name = Path(info.path).name
                    stopped.append(
                        DocumentStopped(key, info.path, f"Can't show “{name}” any more: {reason}")
                    )
        if reopen:
            self._on_event(WorkerRestarted())
        for request in lost:
            self._on_event(_failure(request, reason))
        for event in stopped:
            self._on_event(event)
        for info in reopen:
            width = info.page_sizes[0][0] if info.is_reflowable else None
            with self._lock:
                if self._running and info.key in self._documents:
                    self._ask(OpenRequest(next(self._ids), info.path, info.key, width), info.key)

    def _may_reopen(self, key: int) -> bool:
        """Whether to open the document again: not when its worker keeps dying soon after."""
        now = time.monotonic()
        when, deaths = self._reopened_at.get(key, (0.0, 0))
        deaths = deaths + 1 if now - when < QUICK_DEATH_SECONDS else 0
        self._reopened_at[key] = (now, deaths)
        return deaths < MAX_QUICK_DEATHS


def _from_ring(event: RenderedInRing, ring: PixelRing) -> Rendered:
    image = RawImage(
        event.width, event.height, event.stride, ring.receive(event.offset, event.size)
    )
    return Rendered(event.request, event.key, event.page, event.scale, event.clip, image)


def _failure(request: _Answerable, reason: str) -> OpenFailed | Failed:
    if isinstance(request, OpenRequest):
        name = Path(request.path).name
        return OpenFailed(request.request, request.path, f"Can't open “{name}”: {reason}")
    return Failed(request.request, reason)
