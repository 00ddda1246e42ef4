"""The links' gutter between the panes: each band's ends lie on its highlights at every zoom,
follow scrolling (an end out of sight is a stub beyond the edge), the Link gesture makes a
link, a click on a band selects it and shows both ends, and reading in step keeps a linked
passage in sight."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from desktop.app.anchors import anchor_for_span
from desktop.app.annotating import CreateAnnotation
from desktop.app.linking import CreateLink
from desktop.core.links import LinkType
from desktop.ui.link_gutter import STUB


def _highlight(window, pane, quote: str) -> str:
    layer = pane.view.text_layer
    start = layer.text.index(quote)
    document = window.host.annotator.document_of(pane)
    command = CreateAnnotation(document, anchor_for_span(layer, start, start + len(quote)))
    window.host.bridge.execute(command)
    return command.annotation_id


@pytest.fixture
def linked(annotating, qtbot):
    """The COVID-19 clause of the letter linked to the article's report of it."""
    window = annotating
    clause = _highlight(window, window.left, "In relation to the COVID-19 outbreak")
    report = _highlight(window, window.right, "The letter underlines the paramount importance")
    command = CreateLink(clause, LinkType.REPORTS, report, note="same point")
    window.host.bridge.execute(command)
    qtbot.waitUntil(lambda: len(window.links.bands.bands) == 1)
    return window, clause, report, command.link_id


def _on_gutter(window, pane, annotation_id: str) -> tuple[float, float]:
    """The top and bottom of the highlight's first line piece, on the gutter's y axis."""
    annotation = window.host.bridge.project.annotations.get(annotation_id)
    first_page = annotation.anchor.rects[0].page
    pieces = [pane.view.screen_rect(r) for r in annotation.anchor.rects if r.page == first_page]
    offset = (
        pane.view.viewport().mapTo(window, QPoint(0, 0)).y()
        - window.splitter.gutter.mapTo(window, QPoint(0, 0)).y()
    )
    return min(p.top() for p in pieces) + offset, max(p.bottom() for p in pieces) + offset


@pytest.mark.parametrize("zoom", [0.6, 1.0, 1.7])
def test_a_bands_ends_lie_on_its_highlights_at_every_zoom(linked, qtbot, zoom: float) -> None:
    window, clause, report, _ = linked
    for pane in window.panes:
        pane.view.set_zoom(zoom)
    for pane, annotation_id in ((window.left, clause), (window.right, report)):
        pane.view.reveal(*_span(window, annotation_id))
    gutter = window.splitter.gutter
    ((band, ends, suggested),) = list(gutter.placed())
    assert not suggested
    assert (ends.x0, ends.x1) == (0, gutter.width())
    assert (ends.top0, ends.bottom0) == pytest.approx(_on_gutter(window, window.left, clause))
    assert (ends.top1, ends.bottom1) == pytest.approx(_on_gutter(window, window.right, report))
    middle = QPointF(1.0, (ends.top0 + ends.bottom0) / 2)
    assert gutter.band_at(middle) is band


def _span(window, annotation_id: str) -> tuple[int, int]:
    anchor = window.host.bridge.project.annotations.get(annotation_id).anchor
    return anchor.start, anchor.end


def test_an_end_scrolled_out_of_sight_becomes_a_stub_beyond_the_edge(linked, qtbot) -> None:
    window, *_ = linked
    right = window.right.view
    right.verticalScrollBar().setValue(right.verticalScrollBar().maximum())
    window.left.view.reveal(*_span(window, linked[1]))
    gutter = window.splitter.gutter
    ((_, ends, _),) = list(gutter.placed())
    assert (ends.top1, ends.bottom1) == (-STUB - 2, -STUB)  # the article's end is above: a stub
    window.left.view.verticalScrollBar().setValue(window.left.view.verticalScrollBar().maximum())
    assert list(gutter.placed()) == []  # both ends above: nothing to draw


def test_the_link_gesture_links_the_highlights_clicked_in_each_pane(annotating, qtbot) -> None:
    window = annotating
    clause = _highlight(window, window.left, "This Letter of Intent is not intended")
    report = _highlight(window, window.right, "Japan is one of the EU")
    assert not window.actions_by_id["link"].isEnabled()  # no highlight picked yet
    window.host.annotator.set_current(clause, window.left)
    window.host.annotator.set_current(report, window.right)
    assert window.actions_by_id["link"].isEnabled()
    window.actions_by_id["link"].trigger()
    (link,) = window.host.bridge.project.links.all()
    assert (link.source_id, link.target_id, link.type) == (clause, report, LinkType.REPORTS)
    window.actions_by_id["link_without_counterpart"].trigger()  # the right one is current
    kinds = {link.type for link in window.host.bridge.project.links.all()}
    assert kinds == {LinkType.REPORTS, LinkType.ADDS}
    window.actions_by_id["undo"].trigger()
    window.actions_by_id["undo"].trigger()
    assert window.host.bridge.project.links.all() == []


def test_clicking_a_band_selects_the_link_and_shows_both_ends(linked, qtbot) -> None:
    window, clause, report, link_id = linked
    window.right.view.reveal(*_span(window, report))
    left = window.left.view
    left.verticalScrollBar().setValue(left.verticalScrollBar().maximum())  # the clause is above
    gutter = window.splitter.gutter
    ((_, ends, _),) = list(gutter.placed())
    path = ends.shape()
    x = gutter.width() - 3.0
    bounds = path.boundingRect()
    inside = next(
        QPointF(x, bounds.top() + step)
        for step in range(int(bounds.height()))
        if path.contains(QPointF(x, bounds.top() + step))
    )
    qtbot.mouseClick(gutter, Qt.MouseButton.LeftButton, pos=inside.toPoint())
    assert gutter.selected == link_id
    for pane, annotation_id in ((window.left, clause), (window.right, report)):
        top, bottom = _on_gutter(window, pane, annotation_id)
        assert top >= 0 and bottom <= gutter.height()
    assert window.host.annotator.current == clause


def test_reading_in_step_keeps_the_linked_passage_in_sight(linked, qtbot) -> None:
    """With the source at the middle of its pane, its counterpart is fully in view."""
    window, clause, report, _ = linked
    window.actions_by_id["read_in_step"].trigger()
    assert window.actions_by_id["read_in_step"].isChecked()
    for zoom in (0.8, 1.0, 1.6):
        for pane in window.panes:
            pane.view.set_zoom(zoom)
        left = window.left.view
        annotation = window.host.bridge.project.annotations.get(clause)
        middle = left.screen_rect(annotation.anchor.rects[0]).center().y()
        bar = left.verticalScrollBar()
        bar.setValue(round(bar.value() + middle - left.viewport().height() / 2))
        top, bottom = _on_gutter(window, window.right, report)
        offset = (
            window.right.view.viewport().mapTo(window, QPoint(0, 0)).y()
            - window.splitter.gutter.mapTo(window, QPoint(0, 0)).y()
        )
        assert top - offset >= 0 and bottom - offset <= window.right.view.viewport().height()


def test_suggested_links_are_dashed_bands_to_accept_or_reject(annotating, qtbot) -> None:
    from desktop.ui.link_suggestions import SuggestionsDialog

    window = annotating
    window.actions_by_id["suggest_links"].trigger()
    dialog = window.findChild(SuggestionsDialog)
    assert dialog is not None
    gutter = window.splitter.gutter
    labels = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert any("reports" in label for label in labels)
    assert any(label.startswith("adds") for label in labels)
    assert any(label.startswith("omits") for label in labels)
    assert len(gutter.suggested) == len(labels)
    checked = len(dialog._checked())  # the *reports* suggestions, checked at first
    dialog.accept_checked()
    links = window.host.bridge.project.links.all()
    assert len(links) == checked and {link.type for link in links} == {LinkType.REPORTS}
    assert len(gutter.suggested) == len(labels) - checked
    window.actions_by_id["undo"].trigger()
    assert len(window.host.bridge.project.links.all()) == checked - 1
    dialog.list.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.reject_checked()
    assert len(gutter.suggested) == len(labels) - checked - 1
    dialog.close()
    assert gutter.suggested == []


def test_start_up_does_not_load_the_alignment() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import desktop.ui.main_window, desktop.cli; "
        "print('desktop.comparing.alignment' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "False"


def test_the_coverage_panel_says_what_became_of_each_clause(linked, qtbot) -> None:
    window, _, _, link_id = linked
    dock = window.host.panels.coverage
    dock.show()
    dock.raise_()
    dock.refresh()
    rows = {
        dock.tree.topLevelItem(n).text(0)[:30]: dock.tree.topLevelItem(n).text(1)
        for n in range(dock.tree.topLevelItemCount())
    }
    assert rows["In relation to the COVID-19 ou"] == "reported"
    assert rows["Letter of Intent"] == "not yet reviewed"
    assert "1 reported" in dock.summary.text()
    from desktop.app.linking import RetypeLink

    dock._on_screen = True
    window.host.bridge.execute(RetypeLink(link_id, LinkType.CONTRADICTS))
    rows = {
        dock.tree.topLevelItem(n).text(0)[:30]: dock.tree.topLevelItem(n).text(1)
        for n in range(dock.tree.topLevelItemCount())
    }
    assert rows["In relation to the COVID-19 ou"] == "contradicted"


def test_a_links_note_is_edited_from_its_band(linked, qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    window, _, _, link_id = linked
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", staticmethod(lambda *args: ("Reworded, §1", True))
    )
    window.splitter.gutter.note_requested.emit(link_id)
    assert window.host.bridge.project.links.get(link_id).note == "Reworded, §1"
    window.actions_by_id["undo"].trigger()
    assert window.host.bridge.project.links.get(link_id).note == "same point"
