"""The annotation list dock on a project of 100,000 annotations.

The project is the new-project default (the bundled letter and article, the default codebook)
filled in one transaction through the store's repositories: spans of the real canonical text,
clauses and sentences (word-aligned, 3–40 words), 1–3 codes each, four reviewers, a note on
one in five. Prints, each with its floor and the ratio to it:

- building the dock until its first rows are painted (model, first page of rows, layout,
  paint), floor 0.5 s;
- loading the filter index while idle: how long until it is ready, and the longest the event
  loop was blocked meanwhile (what a user scrolling or typing would feel);
- a filter keystroke until the list is updated (filter + model reset + repaint): each letter
  of a word typed, and each kind of choice, floor 50 ms;
- scrolling to the end, and paging down;
- an edit: tagging (one row repainted) and a new highlight (filter again, one row inserted);
- a new dock filtered at once, before its index has loaded (the store's SQL answers).

    uv run python benchmarks/annotation_list.py [--annotations 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import smoke
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
from spent import Spent, median, report, timed

from desktop.app.anchors import anchor_for_span, annotation_from_span
from desktop.app.annotating import TagAnnotation
from desktop.app.editor import Editor
from desktop.app.projects import new_project
from desktop.app.reading import DocumentReader
from desktop.bundled import bundled_pair
from desktop.codebook.model import Facet
from desktop.core.model import Anchor, Annotation, CodeId, Coding, new_annotation_id
from desktop.core.textlayer import TextLayer
from desktop.launch import rss_mb
from desktop.store import AnnotationFilter, Project, open_project
from desktop.ui.annotation_list import AnnotationListDock
from desktop.ui.editor_bridge import EditorBridge

BUILD_FLOOR_MS = 500.0
FILTER_FLOOR_MS = 50.0
NOTES = (
    "key clause",
    "check the wording against the article",
    "compare with section 2",
    "funding modalities",
    "pandemic preparedness",
)
_WORD = re.compile(r"\w+")


def _spans(layer: TextLayer, chance: random.Random, count: int) -> list[Anchor]:
    """``count`` word-aligned clauses and sentences of the layer's text, as anchors."""
    words = [match.span() for match in _WORD.finditer(layer.text)]
    anchors = []
    for _ in range(count):
        first = chance.randrange(len(words) - 3)
        last = min(len(words) - 1, first + chance.randint(3, 40))
        anchors.append(anchor_for_span(layer, words[first][0], words[last][1]))
    return anchors


def make_project(folder: Path, count: int) -> tuple[Project, dict[str, TextLayer]]:
    path = folder / "list.accord"
    with DocumentReader() as reader:
        project = new_project(path, reader=reader)
        layers = {read.fingerprint: read.text for read in map(reader.read, bundled_pair())}
    chance = random.Random(5)
    pools = {document: _spans(layer, chance, 3000) for document, layer in layers.items()}
    codes = [CodeId(c.guid) for c in project.codes.codebook() if c.is_codable]
    reviewers = [project.reviewers.ensure(n).id for n in ("Ada", "Bea", "Chen", "Dana")]
    moment = datetime(2020, 5, 26, tzinfo=UTC)
    documents = list(pools)
    with project.transaction():
        for number in range(count):
            document = chance.choice(documents)
            reviewer = chance.choice(reviewers)
            when = moment + timedelta(seconds=17 * number)
            annotation = Annotation(
                new_annotation_id(),
                document,
                chance.choice(pools[document]),
                chance.choice(NOTES) if number % 5 == 0 else "",
                reviewer,
                when,
                when,
            )
            project.annotations.insert(
                annotation,
                [
                    Coding(annotation.id, code, reviewer, when)
                    for code in chance.sample(codes, chance.randint(1, 3))
                ],
            )
    return project, layers


class PaintWatch(QObject):
    """Counts paint events of the list's viewport: "updated" means painted again."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def until_painted(app: QApplication, watch: PaintWatch, before: int) -> None:
    while watch.paints == before:
        app.processEvents()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    options = smoke.parse(parser, annotations=2000)
    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        project, layers = make_project(Path(folder), options.annotations)
        print(
            f"{project.annotations.count():,} annotations generated in "
            f"{time.perf_counter() - started:.1f} s"
        )
        project.close()  # measured as the window opens it: fresh, with a cold cache
        project = open_project(Path(folder) / "list.accord")
        bridge = EditorBridge(Editor.start(project, "Benchmark"))
        measure(app, bridge, layers)
        bridge.detach()
        project.close()


def measure(app: QApplication, bridge: EditorBridge, layers: dict[str, TextLayer]) -> None:
    window = QMainWindow()
    window.resize(1400, 900)
    watch = PaintWatch()
    memory_before = rss_mb([os.getpid()])

    def build() -> AnnotationListDock:
        before = watch.paints
        dock = AnnotationListDock(bridge, window)
        dock.view.viewport().installEventFilter(watch)
        window.setCentralWidget(dock)
        window.show()
        until_painted(app, watch, before)
        return dock

    docks: list[AnnotationListDock] = []
    report(
        "build the dock, first rows painted", timed(lambda: docks.append(build())), BUILD_FLOOR_MS
    )
    dock = docks[0]

    turns: list[Spent] = []

    def load() -> None:
        while not dock.model.index_ready:
            turns.append(timed(app.processEvents))

    report("filter index loaded while idle", timed(load))
    report("  longest event-loop turn meanwhile", max(turns, key=lambda s: s.cpu), FILTER_FLOOR_MS)
    grown = rss_mb([os.getpid()]) - memory_before
    print(f"{'  memory of the dock and its index':52} {grown:8.1f} MB")

    bar = dock.filter_bar

    def painted(change: Callable[[], None]) -> Spent:
        """From the change until the list has painted again."""

        def run() -> None:
            before = watch.paints
            change()
            until_painted(app, watch, before)

        return timed(run)

    def keystroke(change: Callable[[], None]) -> Spent:
        # filter_changed: what the debounce timer emits after the pause
        return painted(lambda: (change(), bar.filter_changed.emit()))

    typed = [
        keystroke(lambda p=prefix: bar.text.setText(p))
        for prefix in ("c", "co", "coo", "coop", "coope", "cooperation", "cooperation s")
    ]
    found = dock.model.rowCount()
    typed += [keystroke(lambda: bar.text.setText(""))]
    report(f"typing a word, median keystroke ({found:,} found)", median(typed), FILTER_FLOOR_MS)
    report("  slowest keystroke", max(typed, key=lambda s: s.cpu), FILTER_FLOOR_MS)

    def choose(combo, text: str) -> Callable[[], None]:  # type: ignore[no-untyped-def]
        """Pick the item as a user would, among the items the combo has by then."""
        return lambda: combo.setCurrentIndex(
            next(i for i in range(combo.count()) if combo.itemText(i).strip() == text)
        )

    book = bridge.project.codes.codebook()
    choices = [
        ("facet (Instruments)", choose(bar.facet, Facet.INSTRUMENT.value)),
        ("code with its sub-codes (Funding modalities)", choose(bar.code, "Funding modalities")),
        ("document (the article), with the code", choose(bar.document, "EU and Japan step up…")),
        ("reviewer (Bea), with the two above", choose(bar.reviewer, "Bea")),
        ("words as well", lambda: bar.text.setText("joint calls")),
    ]
    for label, change in choices:
        spent = keystroke(change)
        report(f"{label} ({dock.model.rowCount():,} found)", spent, FILTER_FLOOR_MS)
    report("clear the filter", keystroke(bar.clear), FILTER_FLOOR_MS)

    view = dock.view
    report("scroll to the end", painted(view.scrollToBottom))
    view.scrollToTop()
    app.processEvents()
    pages = [
        painted(
            lambda: view.verticalScrollBar().setValue(
                view.verticalScrollBar().value() + view.viewport().height()
            )
        )
        for _ in range(30)
    ]
    report("page down, median of 30", median(pages))

    target = dock.model.annotation_id(view.rowAt(view.viewport().height() // 2))
    code = next(
        CodeId(c.guid)
        for c in book
        if c.is_codable
        and c.guid not in {x.code_id for x in bridge.project.annotations.codings(target)}
    )
    report(
        "tag an annotation in view (until repainted)",
        painted(lambda: bridge.execute(TagAnnotation(target, code))),
    )
    letter = next(iter(layers))
    layer = layers[letter]
    start = layer.text.index("joint calls")
    command = annotation_from_span(layer, start, start + 11, document_id=letter)
    report(
        "a new highlight (filter again, one row inserted)", timed(lambda: bridge.execute(command))
    )

    def filter_at_once() -> None:
        fresh = build()  # replaces the first dock
        fresh.model.set_filter(AnnotationFilter(text="cooperation"))

    report("a new dock filtered at once (SQL until the index is in)", timed(filter_at_once))


if __name__ == "__main__":
    main()
