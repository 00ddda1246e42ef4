"""The Curation panel shows the hand-made fixture's 200 units (two reviewers) with their
states, most contested first, and each decision updates the list at once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from desktop.app.anchors import anchor_for_span
from desktop.app.editor import Editor
from desktop.core.curation import Curation, CurationId, Outcome, UnitState
from desktop.core.model import Annotation, AnnotationId, CodeId, Coding, ReviewerId
from desktop.store import open_project
from desktop.ui.curation_panel import CurationDock
from desktop.ui.editor_bridge import EditorBridge
from tests.app.conftest import START
from tests.core.test_curation_units import _fixture
from tests.store.helpers import small_project, text_document, text_layer

TEXT = ("The Sides intend to cooperate on research and innovation. " * 400)[:20_000]


@pytest.fixture
def curating(qtbot, tmp_path: Path):
    """A project whose one document carries the fixture's highlights (Anna's and Ben's, the
    code letters A-E standing for five codes), its curated units settled (rejected), and the
    panel on it in a window, curated by Lea."""
    path = tmp_path / "team.accord"
    small_project(path, documents=[text_document(TEXT)]).close()
    project = open_project(path)
    layer = text_layer(TEXT)
    (document,) = project.documents.all()
    codable = [CodeId(c.guid) for c in project.codes.codebook() if c.is_codable][:5]
    letters = dict(zip("ABCDE", codable, strict=True))
    versions, curated, expected = _fixture()
    with project.transaction():
        anna, ben = project.reviewers.ensure("Anna"), project.reviewers.ensure("Ben")
        ids = {ReviewerId(1): anna.id, ReviewerId(2): ben.id}
        for version in versions:
            reviewer = ids[version.reviewer_id]
            project.annotations.insert(
                Annotation(
                    version.annotation_id,
                    document.id,
                    anchor_for_span(layer, version.start, version.end),
                    "",
                    reviewer,
                    START,
                    START,
                ),
                [
                    Coding(version.annotation_id, letters[c], reviewer, START)
                    for c in version.code_ids
                ],
            )
        sources: dict[str, list[AnnotationId]] = {}
        for source, curation_id in curated.items():
            sources.setdefault(curation_id, []).append(source)
        for curation_id, found in sorted(sources.items()):
            project.curations.insert(
                Curation(
                    CurationId(curation_id),
                    document.id,
                    Outcome.REJECTED,
                    tuple(found),
                    (),
                    anna.id,
                    START,
                )
            )
    bridge = EditorBridge(Editor.start(project, "Lea"))
    window = QMainWindow()
    dock = CurationDock(bridge, window)
    window.setCentralWidget(dock)
    window.resize(1200, 700)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: dock.model.rowCount() > 0)
    yield dock, bridge, expected
    bridge.detach()
    project.close()


def _states(dock: CurationDock) -> list[str]:
    return [dock.model.index(row, 0).data() for row in range(dock.model.rowCount())]


def test_the_panel_shows_the_200_units_with_their_hand_made_states(curating, qtmodeltester) -> None:
    dock, _bridge, expected = curating
    qtmodeltester.check(dock.model)

    shown = _states(dock)

    assert len(shown) == 200
    assert Counter(shown) == Counter(state.shown for state in expected)
    assert shown == [s.shown for s in sorted(expected, key=lambda s: s.rank)]
    assert [dock.model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "State",
        "Text",
        "Anna",
        "Ben",
    ]
    assert (
        dock.summary.text() == "40 disagree · 55 partly · 40 not everyone · 45 agree · 20 curated"
    )


def test_each_decision_updates_the_list_at_once_and_undoes(curating, qtbot) -> None:
    dock, bridge, _expected = curating
    first = dock.model.unit(0)
    assert first is not None and first.state is UnitState.DISAGREE
    book = bridge.project.codes.codebook()
    assert dock.model.index(0, 3).data() == " | ".join(
        f"{', '.join(sorted(book.get(c).name for c in v.code_ids))}: “{TEXT[v.start : v.end]}”"
        for v in first.of(first.reviewers[1])
    )

    dock.adopt_buttons[first.reviewers[1]].click()

    assert dock.model.unit(0).key != first.key  # the next place to settle, selected
    assert dock.view.currentIndex().row() == 0
    settled = [dock.model.unit(r) for r in range(dock.model.rowCount())]
    assert next(u for u in settled if u.key == first.key).state is UnitState.CURATED
    assert dock.summary.text().startswith("39 disagree")
    assert dock.summary.text().endswith("21 curated")

    dock.reject_button.click()
    assert dock.summary.text().startswith("38 disagree")

    bridge.undo()
    bridge.undo()
    assert dock.summary.text().startswith("40 disagree")
    assert dock.model.unit(0).key == first.key


def test_pre_merge_settles_every_agreed_unit_in_one_undo_step(curating) -> None:
    dock, bridge, _expected = curating
    assert dock.pre_merge_button.text() == "Pre-merge Agreed (45)"

    dock.pre_merge_button.click()

    assert dock.summary.text().endswith("65 curated")
    assert dock.summary.text() == "40 disagree · 55 partly · 40 not everyone · 65 curated"
    assert not dock.pre_merge_button.isEnabled()
    assert bridge.undo_text == "Undo Pre-merge 45 agreed units"
    bridge.undo()
    assert dock.summary.text().endswith("45 agree · 20 curated")
