"""Hostile documents (issue 11 §2) through Accord's document workers, with their default bounds.

Builds each file, opens it in a worker of its own as a pane does, and prints how it ended (read
whole, or the sentence the pane shows), the time from the open to that moment, and the worker's
peak resident memory (VmHWM, sampled until it exits or finishes), against the 1 GB bound.

    uv run python benchmarks/hostile_documents.py [--only NAME]
"""

from __future__ import annotations

import argparse
import io
import queue
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import smoke

from desktop.documents.bounds import WorkerLimits
from desktop.documents.client import DocumentClient
from desktop.documents.protocol import DocumentStopped, Opened, OpenFailed, TextPages

MB = 1024**2


def _html(body: str) -> bytes:
    return f"<html><body>{body}</body></html>".encode()


def _epub_bomb() -> bytes:
    """1 MB of EPUB that inflates to 1 GB: a chapter of spaces."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", "<container/>")
        chapter = b"<html><body><p>" + b" " * (1024 * MB) + b"</p></body></html>"
        archive.writestr(
            "chapter.xhtml", chapter, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9
        )
    return out.getvalue()


HOSTILE: dict[str, tuple[str, Callable[[], bytes]]] = {
    "5 MB paragraph without a space": ("html", lambda: _html("<p>" + "a" * 5 * MB + "</p>")),
    "3.5 MB paragraph without a space": (
        "html",
        lambda: _html("<p>" + "a" * (7 * MB // 2) + "</p>"),
    ),
    "1 MB one-line text file without a space": ("txt", lambda: b"a" * MB),
    "1 MB one-line text file of words": ("txt", lambda: b"word " * (MB // 5)),
    "1 MB single-paragraph HTML of words": (
        "html",
        lambda: _html("<p>" + "word " * (MB // 5) + "</p>"),
    ),
    "0.85 MB single-paragraph HTML (near the cap)": (
        "html",
        lambda: _html("<p>" + "word " * (85 * MB // 500) + "</p>"),
    ),
    "20 MB single-paragraph HTML": ("html", lambda: _html("<p>" + "word " * (4 * MB) + "</p>")),
    "10,000 nested divs": ("html", lambda: _html("<div>" * 10_000 + "x" + "</div>" * 10_000)),
    "5,000 nested tables": (
        "html",
        lambda: _html("<table><tr><td>" * 5_000 + "x" + "</td></tr></table>" * 5_000),
    ),
    "2,000 nested divs": ("html", lambda: _html("<div>" * 2_000 + "x" + "</div>" * 2_000)),
    "EPUB bomb (1 GB from 1 MB)": ("epub", _epub_bomb),
}


class _Peak:
    """The highest VmHWM of a process, sampled every 20 ms until stopped."""

    def __init__(self, pid: int) -> None:
        self.mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, args=(pid,), daemon=True)
        self._thread.start()

    def _sample(self, pid: int) -> None:
        while not self._stop.wait(0.02):
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        self.mb = max(self.mb, int(line.split()[1]) / 1024)
            except OSError:
                return

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.mb


def _run(name: str, suffix: str, data: bytes, folder: Path) -> str:
    path = folder / f"hostile.{suffix}"
    path.write_bytes(data)
    events: queue.Queue[object] = queue.Queue()
    client = DocumentClient(events.put)
    client.start()
    try:
        started = time.perf_counter()
        request = client.open(path)
        pid = None
        while pid is None:
            pid = client.worker_pid(1)
        peak = _Peak(pid)
        pages = key = total = 0
        while True:
            event = events.get(timeout=600)
            if isinstance(event, Opened) and event.request == request:
                key, total = event.info.key, event.info.page_count
            elif isinstance(event, OpenFailed | DocumentStopped):
                outcome = event.message
                break
            elif isinstance(event, TextPages) and event.key == key:
                pages += len(event.pages)
                if pages == total:
                    outcome = f"read whole: {total} pages"
                    break
        seconds = time.perf_counter() - started
        return (
            f"{name:46s} {len(data) / MB:5.2f} MB  {seconds:6.1f} s  "
            f"peak {peak.stop():6.0f} MB\n    {outcome}"
        )
    finally:
        client.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the cases whose name holds this")
    options = smoke.parse(parser, only="10,000 nested divs")
    limits = WorkerLimits()
    print(
        f"bounds: {limits.memory_bytes // MB} MB of address space, {limits.step_seconds} s a step"
    )
    with tempfile.TemporaryDirectory(prefix="accord-hostile-") as folder:
        for name, (suffix, build) in HOSTILE.items():
            if options.only and options.only not in name:
                continue
            print(_run(name, suffix, build(), Path(folder)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
