"""A project whose page in view has thousands of highlights opens with them: the first frame
in which the page is painted already shows its highlights (they are read by page, first, and
the page waits for them), never the bare page with its highlights arriving later."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage

from desktop.app.anchors import anchor_for_span
from desktop.app.projects import new_project
from desktop.app.reading import DocumentReader
from desktop.bundled import bundled_pair
from desktop.core.model import Annotation, CodeId, Coding, new_annotation_id
from desktop.documents.opening import open_document

MOMENT = datetime(2020, 5, 26, 9, tzinfo=UTC)
COUNT = 3000
"""Highlights on the letter's pages: many reading slices, and a page drawn from an image."""


def _crowded_project(path: Path) -> list[Annotation]:
    """The bundled pair, and ``COUNT`` highlights coded Pandemics over the letter's text."""
    with DocumentReader() as reader:
        layer = reader.read(bundled_pair()[0]).text
        project = new_project(path, reader=reader)
    with project:
        letter = project.documents.all()[0].id
        reviewer = project.reviewers.ensure("Ada")
        code = CodeId(project.codes.codebook().lookup("Pandemics").guid)
        chance, made = random.Random(3), []
        with project.transaction():
            for _ in range(COUNT):
                start = chance.randrange(len(layer.text) - 100)
                anchor = anchor_for_span(layer, start, start + chance.randrange(5, 100))
                annotation = Annotation(
                    new_annotation_id(),
                    letter,
                    anchor,
                    "",
                    reviewer.id,
                    MOMENT,
                    MOMENT,
                )
                project.annotations.insert(
                    annotation, [Coding(annotation.id, code, reviewer.id, MOMENT)]
                )
                made.append(annotation)
    return made


def test_the_first_frame_of_a_crowded_page_shows_its_highlights(
    make_window, qtbot, tmp_path
) -> None:
    made = _crowded_project(tmp_path / "crowded.accord")
    window = make_window(project=tmp_path / "crowded.accord")
    view = window.left.view
    frames: list[QImage] = []
    view.first_page_painted.connect(lambda: frames.append(view.viewport().grab().toImage()))
    qtbot.waitUntil(lambda: bool(frames), timeout=30_000)

    frame = frames[0]
    assert view.highlights is not None and view.document is not None
    assert view.document.fingerprint == made[0].document_id
    corner = view._slot_rect(0).topLeft()
    left, top = round(corner.x()), round(corner.y())
    with open_document(view.document.path) as document:
        bare = document.render(0, view._render_scale())
    tinted = checked = 0
    for annotation in made:
        for piece in annotation.anchor.rects:
            centre = view.screen_rect(piece).center().toPoint()
            x, y = centre.x() - left, centre.y() - top
            if (
                piece.page != 0
                or not frame.rect().contains(centre)
                or not (0 <= x < bare.width and 0 <= y < bare.height)
            ):
                continue
            at = y * bare.stride + x * 3
            shown = frame.pixelColor(QPoint(centre.x(), centre.y()))
            checked += 1
            tinted += (shown.red(), shown.green(), shown.blue()) != tuple(bare.samples[at : at + 3])
    assert checked > 500
    assert tinted / checked > 0.95, "the page's first frame shows its highlights"
