"""A hostile document costs at most its own worker: time and memory bounds, crashes, and a
worker that dies with the process that started it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.children import child_environment, module_command
from desktop.core.framing import write_frame
from desktop.documents.bounds import WorkerLimits
from desktop.documents.client import DocumentClient
from desktop.documents.protocol import (
    DocumentStopped,
    Opened,
    OpenFailed,
    OpenRequest,
    Rendered,
    RenderRequest,
)
from desktop.documents.spawning import WorkerTemplate
from tests.documents.test_worker import EventLog

TEST_LIMITS = WorkerLimits(memory_bytes=400 * 1024**2, step_seconds=2)
"""Bounds small enough that the hostile files below cross them in seconds."""


def long_paragraph_html(path: Path, words: int) -> Path:
    """An article that is one paragraph of ``words`` words: every step of reading it grows
    with its length."""
    path.write_text("<html><body><p>" + "word " * words + "</p></body></html>", encoding="utf-8")
    return path


@pytest.fixture(params=["spawned", "forked"])
def started(request: pytest.FixtureRequest) -> Iterator[str]:
    """Every bound holds for a worker started as a fresh Python and for one forked by the
    template, as the window's workers are."""
    if request.param == "forked":
        WorkerTemplate.start()
    yield request.param
    WorkerTemplate.stop()


@pytest.fixture
def bounded(started: str) -> Iterator[tuple[DocumentClient, EventLog]]:
    log = EventLog()
    client = DocumentClient(log, limits=TEST_LIMITS)
    client.start()
    yield client, log
    client.shutdown()


def _stopped(log: EventLog, request: int) -> OpenFailed | DocumentStopped:
    """How the document opened by ``request`` ended: its open failed, or it was closed."""
    opened = log.wait_for(lambda e: isinstance(e, Opened | OpenFailed) and e.request == request)
    if isinstance(opened, OpenFailed):
        return opened
    key = opened.info.key
    return log.wait_for(lambda e: isinstance(e, DocumentStopped) and e.key == key)


def test_a_document_slower_than_its_budget_is_stopped_while_the_other_renders(
    bounded: tuple[DocumentClient, EventLog], generated: dict[str, Path], tmp_path: Path
) -> None:
    client, log = bounded
    slow = client.open(long_paragraph_html(tmp_path / "slow.html", 160_000))
    asked = client.open(generated["sample.pdf"])
    good = log.wait_for(lambda e: isinstance(e, Opened) and e.request == asked)
    render = client.render(good.info.key, 0, 1.0)
    rendered = log.wait_for(lambda e: isinstance(e, Rendered) and e.request == render)
    stop = _stopped(log, slow)
    assert log.events.index(rendered) < log.events.index(stop)  # not queued behind it
    assert "slow.html" in stop.message
    assert "after 2 seconds on one step" in stop.message
    assert client.worker_pid(good.info.key) is not None  # the other worker is untouched
    again = client.render(good.info.key, 1, 1.0)
    assert isinstance(log.wait_for(lambda e: getattr(e, "request", None) == again), Rendered)


def test_a_document_that_needs_more_memory_than_its_cap_gets_a_message(
    started: str, generated: dict[str, Path], tmp_path: Path
) -> None:
    log = EventLog()
    client = DocumentClient(log, limits=WorkerLimits(memory_bytes=300 * 1024**2, step_seconds=600))
    client.start()
    try:
        stop = _stopped(log, client.open(long_paragraph_html(tmp_path / "big.html", 160_000)))
        assert stop.message.startswith("Can't ")
        assert "big.html" in stop.message
        assert "needs more than 300 MB of memory" in stop.message
        good = client.open(generated["sample.pdf"])  # the next document gets a fresh worker
        assert isinstance(log.wait_for(lambda e: getattr(e, "request", None) == good), Opened)
    finally:
        client.shutdown()


def test_a_worker_that_crashes_closes_its_document_with_a_message(
    bounded: tuple[DocumentClient, EventLog], generated: dict[str, Path]
) -> None:
    client, log = bounded
    request = client.open(generated["sample.pdf"])
    info = log.wait_for(lambda e: isinstance(e, Opened) and e.request == request).info
    os.kill(client.worker_pid(info.key), signal.SIGSEGV)
    stop = log.wait_for(lambda e: isinstance(e, DocumentStopped) and e.key == info.key)
    assert stop.message == (
        "Can't show “sample.pdf” any more: the document reader crashed on "
        "it (MuPDF could not handle its content)"
    )
    assert client.worker_pid(info.key) is None  # not opened again: it would only crash again


_PARENT = textwrap.dedent("""
    import queue, sys, time
    from desktop.documents.client import DocumentClient
    events = queue.Queue()
    client = DocumentClient(events.put)
    client.start()
    client.open(sys.argv[1], key=1)
    events.get()  # opened: the worker runs
    print(client.worker_pid(1), flush=True)
    time.sleep(600)
""")


def _gone(pid: int) -> bool:
    """Whether the process has ended (a zombie nobody reaps has ended too)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_worker_dies_with_the_process_that_started_it(generated: dict[str, Path]) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT, str(generated["sample.pdf"])],
        stdout=subprocess.PIPE,
        env=child_environment(),
    )
    worker = int(parent.stdout.readline())
    os.kill(worker, signal.SIGSTOP)  # busy in MuPDF: it cannot notice its pipes close
    try:
        parent.kill()
        parent.wait()
        for _wait in range(600):  # the kernel kills it at once; allow 30 s on a loaded machine
            if _gone(worker):
                break
            time.sleep(0.05)
        assert _gone(worker)
    finally:
        if not _gone(worker):
            os.kill(worker, signal.SIGKILL)


def test_a_worker_whose_client_is_gone_ends_quietly(generated: dict[str, Path]) -> None:
    worker = subprocess.Popen(
        module_command("desktop.documents.worker"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_environment(),
    )
    write_frame(worker.stdin, OpenRequest(1, str(generated["sample.pdf"]), 1))
    worker.stdout.close()  # the client is killed: nobody reads what the worker writes
    with contextlib.suppress(BrokenPipeError):  # it may be gone already
        for request in range(2, 40):
            write_frame(worker.stdin, RenderRequest(request, 1, request % 5, 2.0))
        worker.stdin.close()
    errors = worker.stderr.read().decode()
    assert worker.wait() == 0
    assert "Traceback" not in errors and "BrokenPipeError" not in errors


def test_a_file_that_cannot_be_opened_leaves_no_worker_running(
    bounded: tuple[DocumentClient, EventLog], tmp_path: Path
) -> None:
    client, log = bounded
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 nothing else")
    request = client.open(broken, key=1)
    pid = client.worker_pid(1)
    log.wait_for(lambda e: isinstance(e, OpenFailed) and e.request == request)
    for _wait in range(600):
        if _gone(pid):
            break
        time.sleep(0.05)
    assert _gone(pid) and client.worker_pids() == []


def test_a_worker_started_from_a_thread_that_ends_lives_on(
    bounded: tuple[DocumentClient, EventLog], generated: dict[str, Path]
) -> None:
    """Linux kills a worker when the *thread* that started it ends (its parent-death signal is
    the thread's): a document opened from a short-lived thread must not lose its worker."""
    client, log = bounded
    asked: list[int] = []

    def open_and_wait() -> None:  # until the worker runs (and has asked to die with it)
        asked.append(client.open(generated["sample.pdf"]))
        log.wait_for(lambda e: isinstance(e, Opened) and e.request == asked[0])

    opener = threading.Thread(target=open_and_wait)
    opener.start()
    opener.join()
    info = log.wait_for(lambda e: isinstance(e, Opened) and e.request == asked[0]).info
    render = client.render(info.key, 0, 1.0)
    assert isinstance(log.wait_for(lambda e: getattr(e, "request", None) == render), Rendered)
