"""The Documents panel in the real window: every document with its pages and annotations, the
way back to one neither pane shows (from the panel, the annotation list, or a click on one of
its annotations), renaming and removing with undo."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.ui import documents_panel
from desktop.ui.annotation_model import Column
from tests.documents.samples import make_article_html
from tests.ui.conftest import wait_until_read


def _rows(dock) -> list[list[str]]:
    tree = dock.tree
    return [
        [tree.topLevelItem(row).text(column) for column in range(tree.columnCount())]
        for row in range(tree.topLevelItemCount())
    ]


def _article_annotated_then_replaced(window, qtbot, tmp_path) -> tuple[str, str]:
    """Highlight a passage of the article, then open another document over it, so the
    article is in neither pane. Returns the annotation's id and the article's."""
    right = window.right
    article = right.view.document.fingerprint
    quote = right.view.text_layer.text.split(".")[3].strip()[:40]
    start = right.view.text_layer.text.index(quote)
    right.view.setFocus()
    right.view.set_selection(start, start + len(quote))
    qtbot.keyClick(right.view, Qt.Key.Key_H)
    annotation_id = window.host.annotator.current
    right.open_file(make_article_html(tmp_path / "other.html"))
    qtbot.waitUntil(
        lambda: right.view.document is not None and right.view.document.fingerprint != article,
        timeout=15_000,
    )
    wait_until_read(qtbot, right)
    qtbot.waitUntil(lambda: len(_rows(window.host.documents_dock)) == 3, timeout=10_000)
    return annotation_id, article


def test_the_panel_lists_every_document_and_is_a_panel_like_the_others(annotating) -> None:
    window = annotating
    dock = window.host.documents_dock
    assert dock.objectName() == "documentsPanel"
    assert "Documents" in [a.text() for a in window.panels_menu.actions()]
    letter, article = _rows(dock)
    assert "Letter of Intent" in letter[0] and letter[2:] == ["0", "Left"]
    assert article[2:] == ["0", "Right"]
    pages = [d.page_count for d in window.host.project.documents.all()]
    assert [int(letter[1]), int(article[1])] == pages


def test_clicking_an_annotation_of_a_document_in_neither_pane_offers_to_open_it(
    annotating,
    qtbot,
    tmp_path,
    monkeypatch,
) -> None:
    window = annotating
    annotation_id, article = _article_annotated_then_replaced(window, qtbot, tmp_path)
    dock = window.host.documents_dock
    assert [row[2:] for row in _rows(dock)] == [["0", "Left"], ["1", ""], ["0", "Right"]]
    asked = []
    monkeypatch.setattr(
        documents_panel, "ask_side", lambda _parent, title: asked.append(title) or "left"
    )
    window.host.list_dock.annotation_activated.emit(annotation_id)
    assert len(asked) == 1 and "Japan" in asked[0]
    qtbot.waitUntil(lambda: window.left.view.document.fingerprint == article, timeout=15_000)
    wait_until_read(qtbot, window.left)
    qtbot.waitUntil(lambda: window.host.annotator.current == annotation_id, timeout=5_000)
    assert [row[3] for row in _rows(dock)] == ["", "Left", "Right"]


def test_the_panel_and_the_list_open_a_document_into_the_pane_asked(
    annotating,
    qtbot,
    tmp_path,
) -> None:
    window = annotating
    annotation_id, article = _article_annotated_then_replaced(window, qtbot, tmp_path)
    host = window.host
    host.documents_dock.select(article)
    host.documents_dock.actions_by_id["open_right"].trigger()
    qtbot.waitUntil(lambda: window.right.view.document.fingerprint == article, timeout=15_000)
    wait_until_read(qtbot, window.right)
    letter = window.left.view.document.fingerprint
    window.left.open_file(make_article_html(tmp_path / "third.html", paragraphs=2))
    qtbot.waitUntil(lambda: window.left.view.document.fingerprint != letter, timeout=15_000)
    wait_until_read(qtbot, window.left)
    host.documents.open_annotations_document(annotation_id, "left")  # the list's context menu
    qtbot.waitUntil(lambda: window.left.view.document.fingerprint == article, timeout=15_000)
    wait_until_read(qtbot, window.left)
    qtbot.waitUntil(lambda: host.annotator.current == annotation_id, timeout=5_000)


def test_rename_and_remove_from_the_panel_undo_like_every_edit(
    annotating,
    qtbot,
    tmp_path,
    monkeypatch,
) -> None:
    window = annotating
    annotation_id, article = _article_annotated_then_replaced(window, qtbot, tmp_path)
    host = window.host
    dock = host.documents_dock
    monkeypatch.setattr(documents_panel, "ask_title", lambda _parent, _current: "The press")
    dock.select(article)
    dock.actions_by_id["rename"].trigger()
    assert _rows(dock)[1][0] == "The press"
    listed = host.list_dock.model.index(host.list_dock.model.row_of(annotation_id), Column.DOCUMENT)
    assert listed.data() == "The press"
    questions = []
    monkeypatch.setattr(
        documents_panel,
        "confirm_removal",
        lambda _parent, title, count: questions.append((title, count)) or True,
    )
    dock.select(article)
    dock.actions_by_id["remove"].trigger()
    assert questions == [("The press", 1)]
    assert len(_rows(dock)) == 2 and host.project.annotations.count() == 0
    assert host.list_dock.model.rowCount() == 0
    assert window.actions_by_id["undo"].text() == "Undo Remove document “The press”"
    window.actions_by_id["undo"].trigger()
    assert [row[:1] + row[2:3] for row in _rows(dock)][1] == ["The press", "1"]
    assert host.project.annotations.get(annotation_id) is not None
    qtbot.waitUntil(lambda: host.list_dock.model.rowCount() == 1, timeout=5_000)
    window.actions_by_id["undo"].trigger()
    assert _rows(dock)[1][0] != "The press"


def test_counts_follow_highlights_made_and_deleted_even_while_the_panel_is_hidden(
    annotating,
    qtbot,
) -> None:
    window = annotating
    dock = window.host.documents_dock
    pane = window.left
    text = pane.view.text_layer.text
    for quote in ("research and innovation", "Quantum Technology"):
        start = text.index(quote)
        pane.view.setFocus()
        pane.view.set_selection(start, start + len(quote))
        qtbot.keyClick(pane.view, Qt.Key.Key_H)
    assert _rows(dock)[0][2] == "2"  # counted without a recount, behind the Annotations tab
    qtbot.keyClick(pane.view, Qt.Key.Key_Delete)
    dock.show()
    dock.raise_()
    qtbot.waitUntil(lambda: _rows(dock)[0][2] == "1", timeout=5_000)


def test_the_panel_stays_where_the_user_put_it_at_the_next_launch(make_window, qtbot) -> None:
    window = make_window()
    for pane in window.panes:
        wait_until_read(qtbot, pane)
    qtbot.waitUntil(lambda: window.host.documents_dock is not None, timeout=10_000)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, window.host.documents_dock)
    window.close()
    again = make_window()
    qtbot.waitUntil(lambda: again.host.documents_dock is not None, timeout=15_000)
    assert again.dockWidgetArea(again.host.documents_dock) == Qt.DockWidgetArea.LeftDockWidgetArea


def test_a_pane_showing_a_removed_document_shows_another_of_the_project(
    annotating,
    qtbot,
    tmp_path,
    monkeypatch,
) -> None:
    window = annotating
    _annotation_id, article = _article_annotated_then_replaced(window, qtbot, tmp_path)
    monkeypatch.setattr(documents_panel, "confirm_removal", lambda *_args: True)
    dock = window.host.documents_dock
    dock.select(window.right.view.document.fingerprint)
    dock.actions_by_id["remove"].trigger()
    qtbot.waitUntil(lambda: window.right.view.document.fingerprint == article, timeout=15_000)
