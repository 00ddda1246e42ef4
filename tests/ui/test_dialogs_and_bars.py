"""What a new user trips on around the reader: where file dialogs open, an export dialog wider
than the screen, a toolbar that moves, a selection that outlives its project, and Ctrl+C in
the find bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desktop.ui.interop_dialogs import ExportDialog, ExportFiles
from desktop.ui.project_dialogs import ProjectFiles
from desktop.userdata import user_data_folder
from tests.ui.conftest import wait_until_read


def test_file_dialogs_open_outside_the_data_folder_then_where_the_user_last_chose(
    annotating,
    monkeypatch,
    tmp_path,
) -> None:
    window = annotating
    starts: list[Path] = []
    monkeypatch.setattr(
        ExportFiles, "ask_import", classmethod(lambda cls, parent, start: starts.append(start))
    )
    monkeypatch.setattr(
        ProjectFiles, "ask_new", classmethod(lambda cls, parent, start, **kw: starts.append(start))
    )
    monkeypatch.setattr(
        ProjectFiles, "ask_open", classmethod(lambda cls, parent, start: starts.append(start))
    )
    for action_id in ("import", "save_copy", "new_project", "open_project"):
        window.actions_by_id[action_id].trigger()
    assert len(starts) == 4
    data = user_data_folder().resolve()
    assert window.host.project.path.resolve().is_relative_to(data)  # the default project
    for start in starts:
        assert not start.resolve().is_relative_to(data), start
    window.host.remember_folder(tmp_path / "chosen.qdpx")
    window.actions_by_id["import"].trigger()
    assert starts[-1] == tmp_path.resolve()


def test_the_export_dialog_fits_a_1280_pixel_screen_whatever_the_titles(qtbot) -> None:
    title = "Letter of Intent on Strengthening Cooperation " * 6
    dialog = ExportDialog(
        None,
        reviewers=["Ada"],
        documents=[title],
        codes=["Instruments/" + "Cooperation frameworks/" * 8 + "Dialogue"],
    )
    qtbot.addWidget(dialog)
    dialog.adjustSize()
    assert dialog.width() <= 1280 * 0.6
    dialog.document.setCurrentIndex(1)
    assert dialog.document.currentText() == title  # elided on screen only


def test_the_toolbar_stays_put_when_the_undo_label_changes(annotating, qtbot) -> None:
    window = annotating
    bar = window.findChild(type(window.addToolBar("probe")), "annotateToolbar")
    buttons = [
        bar.widgetForAction(window.actions_by_id[a])
        for a in ("undo", "redo", "highlight", "tag", "note")
    ]
    before = [button.geometry() for button in buttons]
    pane = window.left
    start = pane.view.text_layer.text.index("research and innovation")
    pane.view.setFocus()
    pane.view.set_selection(start, start + 23)
    qtbot.keyClick(pane.view, Qt.Key.Key_H)
    qtbot.keyClick(pane.view, Qt.Key.Key_1)
    assert window.actions_by_id["undo"].text().startswith("Undo Tag")
    qtbot.wait(20)
    assert [button.geometry() for button in buttons] == before
    assert buttons[0].text() == "Undo" and "Tag" in buttons[0].toolTip()


def test_a_selection_does_not_come_back_after_new_project(annotating, qtbot, tmp_path) -> None:
    window = annotating
    pane = window.left
    pane.view.set_selection(10, 40)
    assert "30 characters selected" in window.statusBar().currentMessage()
    old = window.host.project
    window.host.new_project(tmp_path / "fresh.accord")
    qtbot.waitUntil(
        lambda: window.host.project is not None and window.host.project is not old, timeout=15_000
    )
    for each in window.panes:
        wait_until_read(qtbot, each)
    assert pane.view.selection is None and pane.view.selected_text() == ""
    assert "selected" not in window.statusBar().currentMessage()


def test_ctrl_c_in_the_find_bar_copies_the_current_hit(annotating, qtbot) -> None:
    window = annotating
    pane = window.left
    pane.find_bar.open_bar()
    qtbot.keyClicks(pane.find_bar.field, "PANDEMICS")
    assert pane.find_bar.hit_count >= 1
    QGuiApplication.clipboard().setText("")
    qtbot.keyClick(pane.find_bar.field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == pane.view.selected_text()
    assert QGuiApplication.clipboard().text().casefold() == "pandemics"
