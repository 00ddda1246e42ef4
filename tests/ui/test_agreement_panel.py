"""Review > Agreement…: the panel computes on a thread with progress, shows a row per facet
and code coloured by its figure, follows edits, can be cancelled, and a disagreement opens
the Curation panel on its place."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.app.agreement import set_aside_in
from desktop.app.anchors import annotation_from_span
from desktop.app.editor import Editor
from desktop.app.reviewing import Decide, StartSession
from desktop.codebook.model import Codebook
from desktop.core.model import CodeId
from desktop.core.review import Verdict
from desktop.core.textunits import sentence_span


def _code(book: Codebook, name: str) -> CodeId:
    return CodeId(book.lookup(name).guid)


def _annotate(window, reviewer: str, words: str, code: str) -> None:
    """``reviewer`` highlights the clause holding ``words`` as another reviewer's copy would
    hold it (their own editor on the same project)."""
    project = window.host.project
    layer = window.left.view.text_layer
    start, end = sentence_span(layer.text, layer.text.index(words))
    command = annotation_from_span(
        layer,
        start,
        end,
        document_id=window.left.view.document.fingerprint,
        code_ids=(_code(project.codes.codebook(), code),),
        note="",
    )
    Editor.start(project, reviewer).execute(command)


def _wait_for_figures(qtbot, panel) -> None:
    qtbot.waitUntil(lambda: panel.result is not None and not panel.running, timeout=20_000)


def test_the_agreement_panel(annotating, qtbot) -> None:
    window = annotating
    sentence = "research and innovation"
    _annotate(window, "Ana", sentence, "Pandemics")
    _annotate(window, "Ben", sentence, "Climate change")
    window.actions_by_id["agreement"].trigger()
    panel = window.review._agreement
    assert panel is not None and not panel.isModal()
    _wait_for_figures(qtbot, panel)
    assert panel.chosen_reviewers()  # Ana and Ben, who highlighted
    assert "2 reviewers (Ana, Ben)" in panel.headline.text()
    names = [panel.table.item(row, 1).text() for row in range(panel.table.rowCount())]
    assert names[:2] == ["All codes", "Thematic areas"]
    assert "Thematic areas/Pandemics" in names
    percent = panel.table.item(0, 2)
    assert percent.text() == "0.000"  # the one clause they coded, each with another code
    assert "Units 1, reviewers 2" in percent.toolTip()
    assert percent.background().color().hue() == 0  # red: no agreement
    assert panel.disagreements.count() == 1

    # Live: Ben's second thought agrees with Ana, and the figures follow once the window
    # hears of an edit.
    first = panel.result
    _annotate(window, "Ben", sentence, "Pandemics")
    panel._on_bridge_changed(None)
    qtbot.waitUntil(lambda: panel.result is not first and not panel.running, timeout=20_000)
    assert panel.table.item(0, 2).text() == "0.000"  # Ben's clause now has two codes
    assert panel.table.item(0, 4).toolTip().count("MASI") == 1

    # The design and the reviewers are the person's choice.
    panel.design.setCurrentIndex(1)
    qtbot.waitUntil(lambda: "alpha_U" in panel.headline.text(), timeout=20_000)
    _wait_for_figures(qtbot, panel)
    panel.reviewers.item(0).setCheckState(Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: "two reviewers or more" in panel.headline.text(), timeout=5_000)

    # A disagreement opens the Curation panel on its place.
    panel.reviewers.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: panel.disagreements.count() == 1 and not panel.running, timeout=20_000)
    panel.disagreements.itemClicked.emit(panel.disagreements.item(0))
    curation = window.host.panels.curation
    assert curation.isVisible()
    assert curation.view.currentIndex().row() == 0


def test_a_run_can_be_cancelled(annotating, qtbot) -> None:
    window = annotating
    _annotate(window, "Ana", "research and innovation", "Pandemics")
    _annotate(window, "Ben", "research and innovation", "Pandemics")
    window.actions_by_id["agreement"].trigger()
    panel = window.review._agreement
    _wait_for_figures(qtbot, panel)
    panel.recompute()
    assert panel.running
    panel.cancel.click()
    assert not panel.running
    assert panel.headline.text().startswith("Cancelled")
    panel.close()


def test_before_and_after_a_review_sessions_decisions(annotating, qtbot) -> None:
    """Ana and Ben coded the clause differently; the session rejects Ben's highlight, so
    after it only Ana's coding is left and nothing can be paired (not computable), and the
    table says what each figure was before and became after."""
    window = annotating
    sentence = "research and innovation"
    _annotate(window, "Ana", sentence, "Pandemics")
    _annotate(window, "Ben", sentence, "Climate change")
    project = window.host.project
    ben = project.reviewers.find("Ben")
    bens = next(
        a
        for a in project.curations.versions(window.left.view.document.fingerprint)
        if a.reviewer_id == ben.id
    )
    lead = Editor.start(project, "Lead")
    start = StartSession("Settle the themes")
    lead.execute(start)
    lead.execute(Decide(bens.annotation_id, Verdict.REJECT, "Off topic", start.session_id))
    assert set_aside_in(project, start.session_id) == {bens.annotation_id}

    window.actions_by_id["agreement"].trigger()
    panel = window.review._agreement
    _wait_for_figures(qtbot, panel)
    first = panel.result
    panel.session.setCurrentIndex(panel.session.findData(start.session_id))
    qtbot.waitUntil(lambda: panel.result is not first and not panel.running, timeout=20_000)
    header = [panel.table.horizontalHeaderItem(c).text() for c in range(panel.table.columnCount())]
    assert header[-2:] == ["After “Settle the themes”", "Change"]
    assert panel.table.item(0, header.index("After “Settle the themes”")).text() == "not computable"
