"""Workers forked by the template (as the window's are): they answer as spawned ones do, share
the template's pages, and end with the window, or with the template, which the client then
does without."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.children import child_environment
from desktop.documents.client import DocumentClient
from desktop.documents.protocol import Opened, Rendered, WorkerRestarted
from desktop.documents.spawning import WorkerTemplate
from tests.documents.test_worker import EventLog
from tests.documents.test_worker_bounds import _gone

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the template forks, and is started on Linux"
)


@pytest.fixture
def forked() -> Iterator[tuple[DocumentClient, EventLog]]:
    WorkerTemplate.start()
    log = EventLog()
    client = DocumentClient(log)
    client.start()
    yield client, log
    client.shutdown()
    WorkerTemplate.stop()


def _template_pid() -> int:
    running = WorkerTemplate._running
    assert running is not None
    return running.process.pid


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _memory_kb(pid: int, field: str) -> int:
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    return sum(int(line.split()[1]) for line in rollup if line.split(":")[0] in field.split("+"))


def _rendered(client: DocumentClient, log: EventLog, key: int) -> Rendered:
    render = client.render(key, 0, 1.0)
    rendered = log.wait_for(lambda e: getattr(e, "request", None) == render)
    assert isinstance(rendered, Rendered) and rendered.image.width > 0
    return rendered


def test_a_forked_worker_renders_and_shares_most_of_its_pages_with_the_template(
    forked: tuple[DocumentClient, EventLog], generated: dict[str, Path]
) -> None:
    client, log = forked
    asked = client.open(generated["sample.pdf"])
    info = log.wait_for(lambda e: isinstance(e, Opened) and e.request == asked).info
    _rendered(client, log, info.key)
    worker = client.worker_pid(info.key)
    assert worker is not None and _parent(worker) == _template_pid()
    # PyMuPDF and the interpreter are the template's pages: a spawned worker holds about
    # 30 MB of its own for them; a forked one, only what its document added.
    private = _memory_kb(worker, "Private_Clean+Private_Dirty")
    assert private < _memory_kb(worker, "Rss") / 3


def test_a_worker_whose_template_is_killed_comes_back_as_a_spawned_one(
    forked: tuple[DocumentClient, EventLog], generated: dict[str, Path]
) -> None:
    client, log = forked
    asked = client.open(generated["sample.pdf"])
    info = log.wait_for(lambda e: isinstance(e, Opened) and e.request == asked).info
    first = client.worker_pid(info.key)
    os.kill(_template_pid(), signal.SIGKILL)  # its workers die with it
    log.wait_for(lambda e: isinstance(e, WorkerRestarted))
    reopened = log.wait_for(
        lambda e: isinstance(e, Opened) and e.info.key == info.key and e.request != asked
    )
    _rendered(client, log, reopened.info.key)
    again = client.worker_pid(info.key)
    assert again not in (None, first) and _parent(again) == os.getpid()
    assert _gone(first)


_WINDOW = textwrap.dedent("""
    import queue, sys, time
    from desktop.documents.client import DocumentClient
    from desktop.documents.spawning import WorkerTemplate
    WorkerTemplate.start()
    events = queue.Queue()
    client = DocumentClient(events.put)
    client.start()
    client.open(sys.argv[1], key=1)
    events.get()  # opened: the worker runs
    print(client.worker_pid(1), WorkerTemplate._running.process.pid, flush=True)
    time.sleep(600)
""")


def test_the_template_and_its_workers_die_with_the_window(generated: dict[str, Path]) -> None:
    window = subprocess.Popen(
        [sys.executable, "-c", _WINDOW, str(generated["sample.pdf"])],
        stdout=subprocess.PIPE,
        env=child_environment(),
    )
    worker, template = (int(pid) for pid in window.stdout.readline().split())
    for pid in (worker, template):  # busy: neither can notice its pipes close
        os.kill(pid, signal.SIGSTOP)
    try:
        window.kill()
        window.wait()
        for _wait in range(600):  # the kernel kills both at once; allow 30 s on a loaded machine
            if _gone(worker) and _gone(template):
                break
            time.sleep(0.05)
        assert _gone(template) and _gone(worker)
    finally:
        for pid in (worker, template):
            if not _gone(pid):
                os.kill(pid, signal.SIGKILL)
