"""A new user launches Accord, highlights a clause, codes it, writes a note, and undoes it all.

Everything goes through the real window: keys pressed on the page view, the real project file
in the user data folder, the real codebook panel, list and note panels.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QPointF, Qt

from desktop.userdata import default_project_path

CLAUSE = "enhanced cooperation in research and innovation to overcome pandemics"


def _select(pane, quote: str) -> tuple[int, int]:
    text = pane.view.text_layer.text
    start = text.index(quote)
    pane.view.setFocus()
    pane.view.set_selection(start, start + len(quote))
    return start, start + len(quote)


def _rows(sql: str, *args) -> list[tuple]:
    with sqlite3.connect(default_project_path()) as connection:
        return connection.execute(sql, args).fetchall()


def _codes_of(annotation_id: str) -> list[str]:
    return [
        row[0]
        for row in _rows(
            "SELECT c.name FROM annotation_codes ac JOIN codes c ON c.guid = ac.code_guid "
            "WHERE ac.annotation_id = ? ORDER BY c.name",
            annotation_id,
        )
    ]


def test_first_launch_makes_the_default_project_with_both_documents(annotating) -> None:
    window = annotating
    assert window.host.project.path == default_project_path()
    titles = [row[0] for row in _rows("SELECT title FROM documents ORDER BY position")]
    assert len(titles) == 2 and "Letter of Intent" in titles[0]
    assert _rows("SELECT count(*) FROM codes")[0][0] == 52  # the default codebook, facets incl.
    assert _rows("SELECT name FROM codes WHERE pin_key = 1") == [("Pandemics",)]
    assert window.windowTitle().startswith("Accord")
    assert {dock.objectName() for dock in window.host.docks} == {
        "codebookPanel",
        "notePanel",
        "annotationList",
        "documentsPanel",
        "curationPanel",
        "coveragePanel",
    }


def test_h_highlights_the_selection_and_paints_it(annotating, qtbot) -> None:
    window = annotating
    pane = window.left
    start, end = _select(pane, CLAUSE)
    page = pane.view.text_layer.page_of(start)
    before = pane.view.viewport().grab().toImage()
    qtbot.keyClick(pane.view, Qt.Key.Key_H)
    rows = _rows("SELECT id, exact, start_offset, end_offset, reviewer_id FROM annotations")
    assert len(rows) == 1
    annotation_id, exact, stored_start, stored_end, _reviewer = rows[0]
    assert (exact, stored_start, stored_end) == (CLAUSE, start, end)
    assert _rows("SELECT name FROM reviewers") == [("Test Reviewer",)]
    assert window.host.annotator.current == annotation_id
    assert pane.view.selection is None
    drawn = [h.id for h in pane.view.highlights_on(page)]
    assert drawn == [annotation_id]
    pane.view.repaint()
    after = pane.view.viewport().grab().toImage()
    first = pane.view.text_layer.rects(start, end)[0]
    centre = (
        pane.view.viewport_rect_of(
            first.page, first.rect.x0, first.rect.y0, first.rect.x1, first.rect.y1
        )
        .center()
        .toPoint()
    )
    ratio = after.devicePixelRatio()
    assert before.pixelColor(centre * ratio) != after.pixelColor(centre * ratio)


def test_tag_with_key_1_picker_and_last_code_then_undo_redo_each(
    annotating, qtbot, monkeypatch
) -> None:
    from desktop.ui.code_picker import CodePicker

    window = annotating
    pane = window.left
    _select(pane, CLAUSE)
    qtbot.keyClick(pane.view, Qt.Key.Key_H)
    annotation_id = window.host.annotator.current
    qtbot.keyClick(pane.view, Qt.Key.Key_1)
    assert _codes_of(annotation_id) == ["Pandemics"]
    horizon = window.host.annotator.codebook.by_path("Instruments/Programmes/Horizon Europe")
    marked: list[set[str]] = []
    monkeypatch.setattr(
        CodePicker,
        "ask",
        classmethod(lambda cls, *a, applied=(), **k: marked.append(set(applied)) or horizon.guid),
    )
    qtbot.keyClick(pane.view, Qt.Key.Key_T)
    assert _codes_of(annotation_id) == ["Horizon Europe", "Pandemics"]
    pandemics = window.host.annotator.codebook.lookup("Pandemics").guid
    assert marked == [{pandemics}]  # the picker marks the code the highlight has
    undo = window.actions_by_id["undo"]
    assert undo.text() == "Undo Tag “Horizon Europe”"
    undo.trigger()
    assert _codes_of(annotation_id) == ["Pandemics"]
    window.actions_by_id["redo"].trigger()
    assert _codes_of(annotation_id) == ["Horizon Europe", "Pandemics"]
    # pressing 1 again takes the code off; R applies the last code to a new selection
    qtbot.keyClick(pane.view, Qt.Key.Key_1)
    assert _codes_of(annotation_id) == ["Horizon Europe"]
    _select(pane, "open access to research data and results")
    qtbot.keyClick(pane.view, Qt.Key.Key_R)
    second = window.host.annotator.current
    assert second != annotation_id and _codes_of(second) == ["Horizon Europe"]
    for _ in range(2):
        undo.trigger()
    assert _rows("SELECT count(*) FROM annotations")[0][0] == 1
    assert _codes_of(annotation_id) == ["Horizon Europe", "Pandemics"]


def test_note_delete_and_undo(annotating, qtbot) -> None:
    window = annotating
    pane = window.left
    _select(pane, CLAUSE)
    qtbot.keyClick(pane.view, Qt.Key.Key_H)
    annotation_id = window.host.annotator.current
    qtbot.keyClick(pane.view, Qt.Key.Key_N)
    editor = window.host.note_dock.editor
    assert editor.hasFocus() or editor.isVisible()
    qtbot.keyClicks(editor, "Core **commitment** of the letter")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert _rows("SELECT note FROM annotations")[0][0] == "Core **commitment** of the letter"
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_Delete)
    assert _rows("SELECT count(*) FROM annotations")[0][0] == 0
    assert window.host.annotator.current is None
    window.actions_by_id["undo"].trigger()
    assert _rows("SELECT id, note FROM annotations") == [
        (annotation_id, "Core **commitment** of the letter")
    ]
    window.actions_by_id["undo"].trigger()
    assert _rows("SELECT note FROM annotations")[0][0] == ""


_WORD_STEP = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
"""Ctrl+Shift+arrows: Shift+Alt+arrows are taken by Openbox and LXDE."""


def test_click_selects_a_highlight_and_ctrl_shift_arrows_resize_it(annotating, qtbot) -> None:
    window = annotating
    pane = window.left
    start, end = _select(pane, CLAUSE)
    qtbot.keyClick(pane.view, Qt.Key.Key_H)
    annotation_id = window.host.annotator.current
    window.host.annotator.set_current(None)
    first = pane.view.text_layer.rects(start, end)[0]
    spot = pane.view.viewport_rect_of(
        first.page, first.rect.x0, first.rect.y0, first.rect.x1, first.rect.y1
    ).center()
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=spot.toPoint())
    assert window.host.annotator.current == annotation_id
    qtbot.keyClick(pane.view, Qt.Key.Key_Right, _WORD_STEP)
    text = pane.view.text_layer.text
    (new_end,) = _rows("SELECT end_offset FROM annotations")[0]
    assert new_end > end and text[end:new_end].strip() and not text[new_end - 1].isspace()
    qtbot.keyClick(pane.view, Qt.Key.Key_Left, _WORD_STEP)
    assert _rows("SELECT end_offset FROM annotations")[0][0] == end
    window.actions_by_id["undo"].trigger()
    assert _rows("SELECT end_offset FROM annotations")[0][0] == new_end
    assert isinstance(spot, QPointF)


def test_a_word_step_skips_punctuation_and_the_opposite_step_undoes_it(annotating, qtbot) -> None:
    pane = annotating.left
    _select(pane, "STI. In relation to the COVID-19 outbreak")
    qtbot.keyClick(pane.view, Qt.Key.Key_H)
    qtbot.keyClick(pane.view, Qt.Key.Key_Down, _WORD_STEP)
    assert _rows("SELECT exact FROM annotations") == [("In relation to the COVID-19 outbreak",)]
    qtbot.keyClick(pane.view, Qt.Key.Key_Up, _WORD_STEP)
    assert _rows("SELECT exact FROM annotations") == [
        ("STI. In relation to the COVID-19 outbreak",)
    ]
    qtbot.keyClick(pane.view, Qt.Key.Key_Right, _WORD_STEP)
    assert _rows("SELECT exact FROM annotations") == [
        ("STI. In relation to the COVID-19 outbreak, the",)
    ]
    qtbot.keyClick(pane.view, Qt.Key.Key_Left, _WORD_STEP)
    assert _rows("SELECT exact FROM annotations") == [
        ("STI. In relation to the COVID-19 outbreak",)
    ]


def test_clicking_a_code_in_the_panel_tags_the_current_highlight(annotating, qtbot) -> None:
    window = annotating
    pane = window.left
    _select(pane, CLAUSE)
    qtbot.keyClick(pane.view, Qt.Key.Key_H)
    annotation_id = window.host.annotator.current
    quantum = window.host.annotator.codebook.by_path("Thematic areas/Quantum technology")
    window.host.codebook_dock.code_activated.emit(quantum.guid)
    assert _codes_of(annotation_id) == ["Quantum technology"]
    assert window.actions_by_id["undo"].text() == "Undo Tag “Quantum technology”"


def test_the_list_follows_and_activating_a_row_reveals_the_highlight(annotating, qtbot) -> None:
    window = annotating
    right = window.right
    quote = right.view.text_layer.text.split(".")[3].strip()[:40]
    _select(right, quote)
    qtbot.keyClick(right.view, Qt.Key.Key_H)
    annotation_id = window.host.annotator.current
    window.host.annotator.set_current(None)
    right.view.verticalScrollBar().setValue(right.view.verticalScrollBar().maximum())
    window.host.list_dock.annotation_activated.emit(annotation_id)
    assert window.host.annotator.current == annotation_id
    start = right.view.text_layer.text.index(quote)
    first = right.view.text_layer.rects(start, start + len(quote))[0]
    box = right.view.viewport_rect_of(
        first.page, first.rect.x0, first.rect.y0, first.rect.x1, first.rect.y1
    )
    assert right.view.viewport().rect().contains(box.center().toPoint())


def test_a_click_in_the_codebook_only_selects_and_its_keys_act_on_the_code(
    annotating, qtbot, monkeypatch
) -> None:
    """Clicking a code meaning to select it tags nothing; Del, F2 and Ins then act on the
    code in the tree (which has the keyboard), never on the highlight; a double-click, Enter
    or the Apply button tags."""
    from desktop.ui import codebook_panel

    window = annotating
    pane = window.left
    _select(pane, CLAUSE)
    qtbot.keyClick(pane.view, Qt.Key.Key_H)
    annotation_id = window.host.annotator.current
    dock = window.host.codebook_dock
    tree = dock.tree
    ai = dock.model.codebook.lookup("Artificial intelligence")
    index = dock.proxy.mapFromSource(dock.model.index_of(ai.guid))
    tree.scrollTo(index)
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).center()
    )
    assert _codes_of(annotation_id) == []
    assert dock.current_code() == ai and tree.hasFocus()

    asked: list[str] = []
    monkeypatch.setattr(
        codebook_panel.ConfirmDialog,
        "ask",
        classmethod(lambda cls, parent, **kw: asked.append(kw["text"])),
    )
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert len(asked) == 1 and "Artificial intelligence" in asked[0]
    assert _rows("SELECT count(*) FROM annotations")[0][0] == 1
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    assert tree.state() == tree.State.EditingState
    qtbot.keyClick(tree.focusWidget() or tree, Qt.Key.Key_Escape)
    names: list[str] = []
    monkeypatch.setattr(
        codebook_panel.NameDialog,
        "ask",
        classmethod(lambda cls, parent, **kw: names.append(kw["label"])),
    )
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Insert)
    assert names and "Artificial intelligence" in names[0]
    assert _codes_of(annotation_id) == []

    qtbot.mouseDClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).center()
    )
    assert _codes_of(annotation_id) == ["Artificial intelligence"]
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert _codes_of(annotation_id) == []  # Enter on a code the highlight has takes it off
    dock.apply_button.click()
    assert _codes_of(annotation_id) == ["Artificial intelligence"]


def test_hovering_a_highlight_shows_its_codes_note_and_reviewer_as_text(annotating, qtbot) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from desktop.app.annotating import SetNote

    window = annotating
    pane = window.left
    start, end = _select(pane, CLAUSE)
    qtbot.keyClick(pane.view, Qt.Key.Key_H)
    annotation_id = window.host.annotator.current
    qtbot.keyClick(pane.view, Qt.Key.Key_1)  # Pandemics
    window.host.bridge.execute(SetNote(annotation_id, "**Core** <img src='/dev/zero'> clause"))
    first = pane.view.text_layer.rects(start, end)[0]
    spot = (
        pane.view.viewport_rect_of(
            first.page, first.rect.x0, first.rect.y0, first.rect.x1, first.rect.y1
        )
        .center()
        .toPoint()
    )
    viewport = pane.view.viewport()
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, spot, viewport.mapToGlobal(spot))
    )
    shown = QToolTip.text()
    assert "Thematic areas: Pandemics" in shown
    assert "Note: Core &lt;img src=" in shown and "<img" not in shown
    assert "By Test Reviewer" in shown
    QToolTip.hideText()


def test_the_margin_strip_shows_each_lines_codes_as_chips(annotating, qtbot) -> None:
    """Beside the highlighted line, in the page's right margin: a chip of the thematic code's
    colour and one of the instrument's, readable at the zoom fit width gives."""
    from PySide6.QtGui import QColor

    from desktop.ui.highlight_margin import margin_of

    window = annotating
    pane = window.left
    start, end = _select(pane, CLAUSE)
    qtbot.keyClick(pane.view, Qt.Key.Key_H)
    qtbot.keyClick(pane.view, Qt.Key.Key_1)  # Pandemics
    qtbot.keyClick(pane.view, Qt.Key.Key_9)  # Horizon Europe
    book = window.host.annotator.codebook
    wanted = {book.lookup(name).color.upper() for name in ("Pandemics", "Horizon Europe")}
    view = pane.view
    first = view.text_layer.rects(start, end)[0]
    strip = margin_of(view.text_layer, first.page, view.document.page_sizes[first.page][0])
    assert strip is not None
    area = view.viewport_rect_of(first.page, strip.x0, first.rect.y0, strip.x1, first.rect.y1)
    view.repaint()
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    box = area.toAlignedRect()
    seen = {
        QColor(image.pixel(round(x * ratio), round(y * ratio))).name().upper()
        for x in range(box.left(), box.right())
        for y in range(box.top(), box.bottom())
    }
    assert wanted <= seen
