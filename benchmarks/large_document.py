"""Large documents: a generated 1,000-page PDF through Accord's document worker.

Prints, each with its floor or target:
- first page rendered after open (target <= 0.3 s), through the worker as the window gets it;
- the text layer of every page streamed in the background (total time, pages/s);
- rendering a page while scrolling: median worker round trip vs PyMuPDF's raw render time of the
  same pages in-process (target <= 1.1 x);
- peak resident memory of the worker after scrolling through every page.

    uv run python benchmarks/large_document.py [--pages 1000]
"""

from __future__ import annotations

import argparse
import queue
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pymupdf
import smoke

from desktop.documents.client import DocumentClient
from desktop.documents.protocol import Opened, Rendered, TextPages
from desktop.launch import rss_mb

SCALE = 1.5 * 96 / 72  # a page at 150 % on a 96 dpi screen
PARAGRAPH = (
    "The Sides intend to explore appropriate modalities for enhanced STI cooperation such as "
    "possible expansion of co-funding mechanisms, joint calls, coordinated calls and twinning, "
    "where possible. "
)


def make_pdf(path: Path, pages: int) -> None:
    doc = pymupdf.open()
    for number in range(pages):
        page = doc.new_page()
        page.insert_text((72, 60), f"Page {number + 1}", fontsize=14)
        page.insert_textbox(pymupdf.Rect(72, 80, 523, 780), PARAGRAPH * 14, fontsize=10)
    doc.save(path, garbage=3, deflate=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    options = smoke.parse(parser, pages=20)
    path = Path(tempfile.mkdtemp(prefix="accord-large-")) / "large.pdf"
    make_pdf(path, options.pages)
    events = Events()
    client = DocumentClient(events.queue.put)
    client.start()
    warm = client.open(str(path))  # start the worker and warm the file cache
    client.close(events.wait(lambda e: isinstance(e, Opened) and e.request == warm).info.key)

    started = time.perf_counter()
    request = client.open(str(path))
    opened = events.wait(lambda e: isinstance(e, Opened) and e.request == request)
    key = opened.info.key
    render = client.render(key, 0, SCALE)
    events.wait(lambda e: isinstance(e, Rendered) and e.request == render)
    first_page_s = time.perf_counter() - started

    while events.text_pages.get(key, 0) < options.pages:
        events.wait(lambda e: True)
    text_s = time.perf_counter() - started

    sample = list(range(0, options.pages, max(1, options.pages // 50)))
    worker_ms = []
    for page in sample:
        begun = time.perf_counter()
        render = client.render(key, page, SCALE)
        events.wait(lambda e, r=render: isinstance(e, Rendered) and e.request == r)
        worker_ms.append((time.perf_counter() - begun) * 1000)
    for page in range(options.pages):  # scroll through everything: memory must stay bounded
        render = client.render(key, page, SCALE)
        events.wait(lambda e, r=render: isinstance(e, Rendered) and e.request == r)
    worker_rss = rss_mb(client.worker_pids())
    client.shutdown()

    doc = pymupdf.open(path)
    raw_ms = []
    for page in sample:
        begun = time.perf_counter()
        pix = doc[page].get_pixmap(matrix=pymupdf.Matrix(SCALE, SCALE), alpha=False)
        _samples = pix.samples
        raw_ms.append((time.perf_counter() - begun) * 1000)

    ratio = statistics.median(worker_ms) / statistics.median(raw_ms)
    print(f"pages: {options.pages}")
    print(
        f"first page painted after open   {first_page_s * 1000:7.1f} ms  "
        f"ratio to 300 ms target {first_page_s / 0.3:.2f}"
    )
    print(
        f"text layer streamed, all pages  {text_s * 1000:7.0f} ms  "
        f"({options.pages / text_s:.0f} pages/s, in the background)"
    )
    print(
        f"render while scrolling (median) {statistics.median(worker_ms):7.2f} ms via worker, "
        f"{statistics.median(raw_ms):.2f} ms raw PyMuPDF, ratio {ratio:.2f} (target <= 1.10)"
    )
    print(f"worker RSS after every page     {worker_rss:7.1f} MB")
    return 0


class Events:
    """The worker's events as they come, counting streamed text pages on the way."""

    def __init__(self) -> None:
        self.queue: queue.Queue = queue.Queue()
        self.text_pages: dict[int, int] = {}

    def wait(self, wanted):
        while True:
            event = self.queue.get(timeout=300)
            if isinstance(event, TextPages):
                self.text_pages[event.key] = self.text_pages.get(event.key, 0) + len(event.pages)
            if wanted(event):
                return event


if __name__ == "__main__":
    sys.exit(main())
