"""Reviewer layers: each reviewer's highlights shown or hidden, "only mine" and colour by
reviewer, on the page (``PageHighlights``), in the annotations list and in the curation view,
all from one ``ReviewerLayers`` the window holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMainWindow

from desktop.app.anchors import annotation_from_span
from desktop.app.editor import Editor
from desktop.app.reviewer_layers import ReviewerLayers, reviewer_color
from desktop.core.model import AnnotationId
from desktop.store import Project, open_project
from desktop.ui.annotation_list import AnnotationListDock
from desktop.ui.curation_panel import CurationDock
from desktop.ui.editor_bridge import EditorBridge
from desktop.ui.highlights import PageHighlights
from tests.store.helpers import TEXT, small_project, text_layer


class _Team:
    def __init__(self, path: Path) -> None:
        small_project(path).close()
        self.project: Project = open_project(path)
        (self.document,) = self.project.documents.all()
        self.layer = text_layer(TEXT)
        self.pandemics = self.project.codes.codebook().lookup("Pandemics").guid
        self.editors = {name: Editor.start(self.project, name) for name in ("Anna", "Ben")}

    def highlight(self, name: str, start: int, end: int) -> AnnotationId:
        command = annotation_from_span(
            self.layer, start, end, document_id=self.document.id, code_ids=(self.pandemics,)
        )
        self.editors[name].execute(command)
        return command.annotation_id

    def reviewer(self, name: str):  # type: ignore[no-untyped-def]
        return self.project.reviewers.find(name)


@pytest.fixture
def team(tmp_path: Path):
    made = _Team(tmp_path / "team.accord")
    yield made
    made.project.close()


def _shown(highlights: PageHighlights) -> set[str]:
    page = highlights.on_page(0)
    assert page is not None
    read = [a.id for a in highlights.project.annotations.in_document(highlights.document_id)]
    return {annotation_id for annotation_id in read if page.get(annotation_id) is not None}


def test_the_page_shows_each_reviewers_layer_only_mine_and_colours_by_reviewer(team, qtbot) -> None:
    anna = {team.highlight("Anna", 0, 9), team.highlight("Anna", 20, 30)}
    ben = {team.highlight("Ben", 4, 12)}
    highlights = PageHighlights(team.project, team.document.id, team.project.codes.codebook)
    assert _shown(highlights) == anna | ben

    highlights.set_layers(ReviewerLayers(hidden=frozenset({team.reviewer("Ben").id})))
    assert _shown(highlights) == anna
    later = team.highlight("Ben", 40, 50)  # made while Ben's layer is hidden
    highlights.refresh([later])
    assert _shown(highlights) == anna

    highlights.set_layers(ReviewerLayers(only=team.reviewer("Ben").id))
    assert _shown(highlights) == ben | {later}

    highlights.set_layers(ReviewerLayers(by_reviewer=True))
    page = highlights.on_page(0)
    assert _shown(highlights) == anna | ben | {later}
    for annotation_id, name in ((min(anna), "Anna"), (later, "Ben")):
        fill = page.get(annotation_id).style.fill
        assert fill.rgb() == QColor(reviewer_color(team.reviewer(name).id)).rgb()
    assert page.get(later).style.chips  # the codes' chips stay in the margin


def test_the_list_and_the_curation_view_follow_the_layers(team, qtbot) -> None:
    team.highlight("Anna", 0, 9)
    team.highlight("Ben", 0, 9)
    team.highlight("Ben", 20, 30)
    bridge = EditorBridge(Editor.start(team.project, "Lea"))
    window = QMainWindow()
    qtbot.addWidget(window)
    listing = AnnotationListDock(bridge, window)
    curation = CurationDock(bridge, window)
    window.setCentralWidget(curation)
    window.show()
    qtbot.waitUntil(lambda: curation.model.rowCount() == 2)
    qtbot.waitUntil(lambda: listing.model.rowCount() == 3)
    ben = team.reviewer("Ben").id

    hidden = ReviewerLayers(hidden=frozenset({ben}), by_reviewer=True)
    listing.set_layers(hidden)
    curation.set_layers(hidden)

    qtbot.waitUntil(lambda: listing.model.rowCount() == 1)
    reviewer_cell = listing.model.index(0, 5)
    assert reviewer_cell.data() == "Anna"
    assert reviewer_cell.data(9).rgb() == QColor(reviewer_color(team.reviewer("Anna").id)).rgb()
    assert curation.model.index(0, 3).data() == ""  # Ben's column, left empty
    assert curation.model.index(0, 2).data() != ""

    listing.set_layers(ReviewerLayers(only=ben))
    qtbot.waitUntil(lambda: listing.model.rowCount() == 2)
    assert listing.model.index(0, 5).data(9) is None  # the theme's colour again
    bridge.detach()
