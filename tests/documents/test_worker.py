"""The worker process seen through its client: answers, text streaming, crashes, shutdown."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop.core.geometry import Rect
from desktop.documents.client import MAX_QUICK_DEATHS, DocumentClient
from desktop.documents.opening import open_document
from desktop.documents.pixel_ring import RING_BYTES, PixelRing
from desktop.documents.protocol import (
    CancelRequest,
    CloseRequest,
    Failed,
    Opened,
    OpenFailed,
    OpenRequest,
    Rendered,
    RenderRequest,
    TextPages,
    WorkerRestarted,
)
from desktop.documents.worker import Inbox
from tests.documents.conftest import LETTER, bundled
from tests.documents.samples import make_long_pdf
from tests.needs import needs

TIMEOUT = 60.0


class EventLog:
    """Every event the client delivered, in order, and a way to wait for one."""

    def __init__(self) -> None:
        self.events: list[object] = []
        self._arrived = threading.Condition()

    def __call__(self, event: object) -> None:
        with self._arrived:
            self.events.append(event)
            self._arrived.notify_all()

    def wait_for(self, matches: Callable[[object], bool]) -> object:
        with self._arrived:
            found = self._arrived.wait_for(
                lambda: next((e for e in self.events if matches(e)), None), timeout=TIMEOUT
            )
        assert found is not None, f"no such event among {[type(e).__name__ for e in self.events]}"
        return found

    def text_of(self, key: int, page_count: int, *, after: int = 0) -> str:
        """The text layer streamed for ``key`` (from the ``after``-th event on), once complete."""

        def complete(_: object) -> bool:
            return self._streamed_pages(key, after) == page_count

        self.wait_for(complete)
        pages = [
            p
            for e in self.events[after:]
            if isinstance(e, TextPages) and e.key == key
            for p in e.pages
        ]
        return "".join(page.text for page in pages)

    def _streamed_pages(self, key: int, after: int) -> int:
        chunks = [e for e in self.events[after:] if isinstance(e, TextPages) and e.key == key]
        assert [c.first_page for c in chunks] == [
            sum(len(c.pages) for c in chunks[:n]) for n in range(len(chunks))
        ], "text pages arrive in order"
        return sum(len(c.pages) for c in chunks)


@pytest.fixture
def worker() -> Iterator[tuple[DocumentClient, EventLog]]:
    log = EventLog()
    client = DocumentClient(log)
    client.start()
    yield client, log
    client.shutdown()


def _opened(log: EventLog, request: int) -> Opened:
    return log.wait_for(lambda e: isinstance(e, Opened) and e.request == request)


def _rendered(log: EventLog, request: int) -> Rendered:
    return log.wait_for(lambda e: isinstance(e, Rendered | Failed) and e.request == request)


def test_open_render_and_text_match_the_in_process_document(
    worker: tuple[DocumentClient, EventLog], generated: dict[str, Path]
) -> None:
    client, log = worker
    paths = [generated["sample.pdf"], generated["article.html"]]
    if LETTER.exists():
        paths.append(LETTER)
    requests = [client.open(path) for path in paths]  # usable straight after start()
    for path, request in zip(paths, requests, strict=True):
        info = _opened(log, request).info
        with open_document(path) as local:
            assert info.fingerprint == hashlib.sha256(path.read_bytes()).hexdigest()
            assert (info.path, info.title, info.kind) == (str(path), local.title, local.kind)
            assert info.page_sizes == local.page_sizes
            image = _rendered(log, client.render(info.key, info.page_count - 1, 1.5)).image
            assert image == local.render(info.page_count - 1, 1.5)
            assert log.text_of(info.key, info.page_count) == local.text_layer().text
    assert len({_opened(log, request).info.key for request in requests}) == len(paths)


def test_first_page_renders_long_before_the_text_layer_is_done(
    worker: tuple[DocumentClient, EventLog], tmp_path: Path
) -> None:
    client, log = worker
    info = _opened(log, client.open(make_long_pdf(tmp_path / "long.pdf", 300))).info
    render = client.render(info.key, 0, 1.0)
    log.text_of(info.key, info.page_count)
    order = [e for e in log.events if isinstance(e, Rendered | TextPages)]
    rendered_at = next(n for n, e in enumerate(order) if isinstance(e, Rendered))
    assert order[rendered_at].request == render
    assert rendered_at < len(order) // 2
    assert all(len(e.pages) <= 8 for e in order if isinstance(e, TextPages))


def test_a_broken_file_fails_to_open_and_the_other_document_still_renders(
    worker: tuple[DocumentClient, EventLog], generated: dict[str, Path], tmp_path: Path
) -> None:
    client, log = worker
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(generated["sample.pdf"].read_bytes()[:200])
    good = _opened(log, client.open(generated["sample.pdf"])).info
    bad = client.open(broken)
    failure = log.wait_for(lambda e: isinstance(e, OpenFailed) and e.request == bad)
    assert failure.path == str(broken)
    assert failure.message == "Can't open “broken.pdf”: the file is damaged or is not a valid PDF"
    wrong_page = _rendered(log, client.render(good.key, 99, 1.0))
    assert isinstance(wrong_page, Failed) and "page 100" in wrong_page.message
    assert isinstance(_rendered(log, client.render(good.key, 0, 0.5)), Rendered)


def test_relayout_answers_a_new_layout_and_the_same_text(
    worker: tuple[DocumentClient, EventLog], generated: dict[str, Path]
) -> None:
    client, log = worker
    info = _opened(log, client.open(generated["article.html"])).info
    text = log.text_of(info.key, info.page_count)
    mark = len(log.events)
    relaid = _opened(log, client.relayout(info.key, 250)).info
    assert relaid.key == info.key and relaid.page_sizes[0][0] == 250
    assert relaid.page_count > info.page_count
    assert log.text_of(info.key, relaid.page_count, after=mark) == text


def test_a_killed_worker_is_replaced_and_documents_come_back(
    worker: tuple[DocumentClient, EventLog], generated: dict[str, Path]
) -> None:
    client, log = worker
    pdf = _opened(log, client.open(generated["sample.pdf"], key=7)).info
    article = _opened(log, client.open(generated["article.html"])).info
    _opened(log, client.relayout(article.key, 300))
    dead = [client.worker_pid(7), client.worker_pid(article.key)]
    for pid in dead:
        os.kill(pid, signal.SIGKILL)
    restart = log.events.index(log.wait_for(lambda e: isinstance(e, WorkerRestarted)))

    def reopened(key: int) -> Opened:
        return log.wait_for(
            lambda e: isinstance(e, Opened) and e.info.key == key and log.events.index(e) > restart
        )

    assert reopened(7).info.page_sizes == pdf.page_sizes
    assert reopened(article.key).info.page_sizes[0][0] == 300  # at the width it was shown at
    assert client.worker_pid(7) not in (None, *dead)
    assert client.worker_pid(article.key) not in (None, *dead)
    assert isinstance(_rendered(log, client.render(7, 3, 1.0)), Rendered)
    assert isinstance(_rendered(log, client.render(article.key, 0, 1.0)), Rendered)


def test_shutdown_leaves_no_process(
    generated: dict[str, Path], capfd: pytest.CaptureFixture[str]
) -> None:
    log = EventLog()
    client = DocumentClient(log)
    client.start()
    _opened(log, client.open(generated["sample.pdf"]))
    (pid,) = client.worker_pids()
    client.shutdown()
    client.shutdown()  # twice is harmless
    with pytest.raises(ProcessLookupError):  # exited and reaped: not even a zombie
        os.kill(pid, 0)
    assert client.worker_pids() == []
    errors = capfd.readouterr().err
    assert "Fatal Python error" not in errors and "Traceback" not in errors  # it ended cleanly


@needs(Path("/bin/false"), "a program that fails at once")
def test_a_worker_that_cannot_start_is_given_up_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", "/bin/false")  # every worker dies at once
    log = EventLog()
    client = DocumentClient(log)
    client.start()
    early = [client.open(f"letter-{n}.pdf") for n in range(MAX_QUICK_DEATHS)]
    for request in early:
        lost = log.wait_for(lambda e, r=request: isinstance(e, OpenFailed) and e.request == r)
        assert "stopped unexpectedly" in lost.message
    late = client.open("article.html")  # answered at once, without a worker
    refused = log.wait_for(lambda e: isinstance(e, OpenFailed) and e.request == late)
    assert "keeps stopping" in refused.message and client.worker_pids() == []
    assert WorkerRestarted() not in log.events  # no document had opened: none to open again
    client.shutdown()


def test_opens_go_first_then_renders_newest_first_and_cancels_drop_renders() -> None:
    inbox = Inbox()
    for request in (1, 2, 3):
        inbox.put(RenderRequest(request, key=1, page=request, scale=1.0))
    inbox.put(OpenRequest(4, "a.pdf", 2))
    inbox.put(CloseRequest(1))
    inbox.put(CancelRequest(frozenset({2})))
    taken = [inbox.take(wait=False) for _ in range(5)]
    assert [type(t).__name__ for t in taken[:2]] == ["OpenRequest", "CloseRequest"]
    assert [t.request for t in taken[2:4]] == [3, 1]
    assert taken[4] is None


def test_bundled_letter_streams_every_page(worker: tuple[DocumentClient, EventLog]) -> None:
    client, log = worker
    info = _opened(log, client.open(bundled(LETTER))).info
    with open_document(LETTER) as local:
        assert log.text_of(info.key, info.page_count) == local.text_layer().text


needs_memfd = pytest.mark.skipif(not hasattr(os, "memfd_create"), reason="needs memfd_create")


@needs_memfd
def test_renders_cross_the_pixel_ring_byte_for_byte(
    worker: tuple[DocumentClient, EventLog], generated: dict[str, Path]
) -> None:
    client, log = worker
    info = _opened(log, client.open(generated["sample.pdf"])).info
    with open_document(generated["sample.pdf"]) as local:
        for page, scale, clip in (
            (0, 1.5, None),
            (4, 1.0, None),
            (1, 2.0, Rect(100, 100, 300, 200)),
        ):
            image = _rendered(log, client.render(info.key, page, scale, clip=clip)).image
            assert isinstance(image.samples, memoryview) and image.samples.readonly
            assert image == local.render(page, scale, clip)


@needs_memfd
def test_a_burst_beyond_the_ring_arrives_intact_and_the_ring_is_reused(
    worker: tuple[DocumentClient, EventLog], tmp_path: Path
) -> None:
    client, log = worker
    info = _opened(log, client.open(make_long_pdf(tmp_path / "long.pdf", 12))).info
    requests = [client.render(info.key, page, 2.0) for page in range(12)]  # 6 MB each
    images = [_rendered(log, request).image for request in requests]  # all held at once
    through_ring = [isinstance(image.samples, memoryview) for image in images]
    assert 0 < through_ring.count(True) <= RING_BYTES // (6 * 1024 * 1024)
    assert not all(through_ring)  # the rest took the pipe
    with open_document(tmp_path / "long.pdf") as local:
        for page, image in enumerate(images):
            assert image == local.render(page, 2.0), f"page {page + 1}"
    del images
    log.events.clear()  # the UI is done with every image
    gc.collect()
    again = _rendered(log, client.render(info.key, 11, 2.0)).image
    assert isinstance(again.samples, memoryview)


@needs_memfd
def test_an_image_larger_than_the_ring_takes_the_pipe(
    worker: tuple[DocumentClient, EventLog], tmp_path: Path
) -> None:
    client, log = worker
    info = _opened(log, client.open(make_long_pdf(tmp_path / "long.pdf", 1))).info
    image = _rendered(log, client.render(info.key, 0, 6.0)).image
    assert len(image.samples) > RING_BYTES and not isinstance(image.samples, memoryview)
    with open_document(tmp_path / "long.pdf") as local:
        assert image == local.render(0, 6.0)


def test_without_shared_memory_pages_take_the_pipe(
    monkeypatch: pytest.MonkeyPatch, generated: dict[str, Path]
) -> None:
    monkeypatch.setattr(PixelRing, "create", classmethod(lambda cls: None))
    log = EventLog()
    client = DocumentClient(log)
    client.start()
    try:
        info = _opened(log, client.open(generated["sample.pdf"])).info
        image = _rendered(log, client.render(info.key, 2, 1.5)).image
        with open_document(generated["sample.pdf"]) as local:
            assert image == local.render(2, 1.5)
    finally:
        client.shutdown()


@needs_memfd
def test_no_shared_memory_is_left_after_a_crash_or_a_shutdown(generated: dict[str, Path]) -> None:
    shm = Path("/dev/shm")
    before = set(shm.iterdir()) if shm.is_dir() else set()
    log = EventLog()
    client = DocumentClient(log)
    client.start()
    info = _opened(log, client.open(generated["sample.pdf"])).info
    assert isinstance(_rendered(log, client.render(info.key, 0, 1.0)).image.samples, memoryview)
    (dead,) = client.worker_pids()
    os.kill(dead, signal.SIGKILL)
    log.wait_for(lambda e: isinstance(e, WorkerRestarted))
    log.wait_for(
        lambda e: (
            isinstance(e, Opened)
            and e.info.key == info.key
            and log.events.index(e) > log.events.index(WorkerRestarted())
        )
    )
    assert isinstance(_rendered(log, client.render(info.key, 0, 1.0)), Rendered)
    assert _rings_open() == 2  # an image of the dead worker's ring is still held
    log.events.clear()  # the UI drops every image
    gc.collect()
    assert _rings_open() == 1  # the dead worker's ring was closed, the new one is in use
    client.shutdown()
    assert _rings_open() == 0
    assert (set(shm.iterdir()) if shm.is_dir() else set()) == before


def _rings_open() -> int:
    """Pixel rings that this process holds a descriptor of (one for the ring itself, and one for
    each mapping of it, which Python's mmap keeps)."""
    rings = set()
    for fd in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):  # closed since it was listed
            if "accord-pixels" in os.readlink(fd):
                rings.add(fd.stat().st_ino)
    return len(rings)
