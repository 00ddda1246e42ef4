"""The code picker and the codebook panel: does opening, typing and tagging feel instant?

Prints, each with its ratio to a floor:
- the code picker on the default codebook (52 codes) and on a generated one of 1,222 codes:
  opening it (built, shown, painted) and one keystroke of "horizon missions" (filtered, ranked,
  painted), medians; the floor is a bare ``QListWidget`` dialog with the same names that filters
  by hiding rows;
- the codebook panel on a project of 100,000 annotations: opening it, and tagging one
  annotation with the panel open against the same command with no panel (what the live counts
  cost each edit) and against a 16 ms frame (issue 12: the panel moves its counts by what the
  ChangeSet says instead of counting every coding again).

    uv run python benchmarks/codebook_panel.py [--annotations 100000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import smoke
from annotation_commands import _fill, _project  # the annotation benchmark's project
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QListWidget, QVBoxLayout

from desktop.app.annotating import TagAnnotation
from desktop.app.editor import Editor
from desktop.codebook.colors import palette
from desktop.codebook.default import load_default_codebook
from desktop.codebook.model import Code, Codebook, Facet
from desktop.core.model import AnnotationId, CodeId
from desktop.ui.code_picker import CodePicker
from desktop.ui.codebook_panel import CodebookDock
from desktop.ui.editor_bridge import EditorBridge

QUERY = "horizon missions"
FRAME_MS = 16.0
"""One frame at 60 Hz: an edit with the panel open must fit in it."""
WORDS = (
    "research",
    "climate",
    "digital",
    "health",
    "mobility",
    "energy",
    "ocean",
    "space",
    "quantum",
    "horizon",
)


def _median_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def big_codebook(width: int = 10) -> Codebook:
    """Two facets, each 10 areas of 10 topics of 5 codes: 1,222 codes with realistic words."""
    codes = list(Codebook.empty())
    for facet in Facet:
        colours = palette(facet)
        parents = [(codes[list(Facet).index(facet)].guid, "")]
        for depth, count in enumerate((width, width, width // 2)):
            below = []
            for parent_guid, stem in parents:
                for n in range(count):
                    name = f"{WORDS[(n + depth) % len(WORDS)].title()} {stem}{n}".strip()
                    guid = str(uuid.uuid4()).upper()
                    codes.append(
                        Code(
                            guid,
                            name,
                            facet=facet,
                            parent_guid=parent_guid,
                            color=colours[n % len(colours)],
                            position=n,
                            description=f"About {name.lower()} in {facet.value}.",
                        )
                    )
                    below.append((guid, f"{stem}{n}."))
            parents = below
    return Codebook(codes)


class FloorPicker(QDialog):
    """What any Qt list with a search box costs: names only, filtering by hiding rows."""

    def __init__(self, book: Codebook) -> None:
        super().__init__()
        self.search = QLineEdit()
        self.list = QListWidget()
        self.list.addItems([c.name for c in book if c.is_codable])
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.search.textChanged.connect(self._filter)
        self.resize(480, 420)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(not all(w in item.text().casefold() for w in words))


def measure_picker(app: QApplication, label: str, book: Codebook) -> None:
    def open_close(make: Callable[[], QDialog]) -> Callable[[], None]:
        def run() -> None:
            dialog = make()
            dialog.show()
            app.processEvents()
            dialog.close()
            dialog.deleteLater()

        return run

    opened = _median_ms(open_close(lambda: CodePicker(None, book)), 20)
    floor_opened = _median_ms(open_close(lambda: FloorPicker(book)), 20)

    def typing(dialog: QDialog, field: QLineEdit) -> float:
        dialog.show()
        app.processEvents()
        per_key = []
        for _ in range(5):
            for end in range(len(QUERY) + 1):
                started = time.perf_counter()
                field.setText(QUERY[:end])
                app.processEvents()
                per_key.append((time.perf_counter() - started) * 1000)
        dialog.close()
        return statistics.median(per_key)

    picker = CodePicker(None, book)
    keystroke = typing(picker, picker.search)
    floor = FloorPicker(book)
    floor_keystroke = typing(floor, floor.search)
    print(
        f"picker, {label} ({len(book):,} codes): open {opened:6.1f} ms "
        f"(floor {floor_opened:.1f} ms, ratio {opened / floor_opened:.2f}); "
        f"keystroke {keystroke:5.2f} ms (floor {floor_keystroke:.2f} ms, "
        f"ratio {keystroke / floor_keystroke:.2f})"
    )


def measure_panel(app: QApplication, folder: Path, count: int) -> None:
    with _project(folder, "The Sides intend to cooperate. " * 40) as project:
        _fill(project, count)
        bridge = EditorBridge(Editor.start(project, "Benchmark"))
        ids = [AnnotationId(a) for a in project.annotations.ids()[:40]]
        codes = [CodeId(c.guid) for c in project.codes.codebook() if c.is_codable]

        def tag_all(code: CodeId, targets: list[AnnotationId]) -> float:
            times = []
            for annotation_id in targets:
                if any(c.code_id == code for c in project.annotations.codings(annotation_id)):
                    continue
                started = time.perf_counter()
                bridge.execute(TagAnnotation(annotation_id, code))
                app.processEvents()
                times.append((time.perf_counter() - started) * 1000)
            return statistics.median(times)

        bare = tag_all(codes[0], ids[:20])

        def open_panel() -> CodebookDock:
            dock = CodebookDock(bridge)
            dock.resize(380, 900)
            dock.show()
            app.processEvents()
            return dock

        started = time.perf_counter()
        dock = open_panel()
        opened = (time.perf_counter() - started) * 1000
        with_panel = tag_all(codes[1], ids[20:])
        print(
            f"panel, {count:,} annotations: open {opened:6.1f} ms; tag with the panel open "
            f"{with_panel:.2f} ms vs {bare:.2f} ms without (ratio {with_panel / bare:.2f}), "
            f"{with_panel / FRAME_MS:.2f} of a {FRAME_MS:.0f} ms frame"
        )
        dock.close()
        bridge.detach()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    options = smoke.parse(parser, annotations=2000)
    app = QApplication([])
    measure_picker(app, "default", load_default_codebook())
    measure_picker(app, "generated", big_codebook())
    with tempfile.TemporaryDirectory() as folder:
        measure_panel(app, Path(folder), options.annotations)


if __name__ == "__main__":
    main()
