"""File > Send to Reviewer…, Merge Reviewer's Work… and Settle Merge Conflicts… in the window:
the merge is one step of Edit > Undo, the list shows the reviewer's highlight, and a conflict is
settled from the dialog."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt

from tests.ui.test_annotating import CLAUSE, _select


def test_send_merge_undo_and_settle_from_the_file_menu(
    annotating, qtbot, tmp_path, monkeypatch
) -> None:
    from desktop.app.annotating import CreateAnnotation, SetNote
    from desktop.app.editor import Editor
    from desktop.store import open_project
    from desktop.ui.branch_dialogs import ConflictsDialog, ReviewerFiles, SendToReviewerDialog

    window = annotating
    _select(window.left, CLAUSE)
    qtbot.keyClick(window.left.view, Qt.Key.Key_1)  # the lead's highlight, before the copy
    qtbot.waitUntil(lambda: window.host.annotator.current is not None)
    shared = window.host.annotator.current
    copy = tmp_path / "kenji.accord"
    monkeypatch.setattr(SendToReviewerDialog, "ask", classmethod(lambda cls, *a, **k: "Kenji"))
    monkeypatch.setattr(ReviewerFiles, "ask_copy", classmethod(lambda cls, *a, **k: copy))
    window.actions_by_id["send_to_reviewer"].trigger()
    assert copy.exists()

    with contextlib.closing(open_project(copy)) as project:  # Kenji, on his laptop
        editor = Editor.start(project, "Kenji")
        anchor = project.annotations.require(shared).anchor
        document = project.annotations.require(shared).document_id
        editor.execute(CreateAnnotation(document, anchor, note="Kenji's own"))
        editor.execute(SetNote(shared, "Kenji's reading"))
    window.host.bridge.execute(SetNote(shared, "the lead's reading"))

    listed = window.host.list_dock
    before = listed.model.rowCount()
    shown = []
    monkeypatch.setattr(ReviewerFiles, "ask_merged", classmethod(lambda cls, *a, **k: [copy]))
    monkeypatch.setattr(
        ConflictsDialog,
        "show_for",
        classmethod(lambda cls, parent, **k: shown.append(cls(parent, **k))),
    )
    window.actions_by_id["merge_reviewer_work"].trigger()
    assert window.host.bridge.undo_text == "Undo Merge Kenji's work: 1 change, 1 conflict"
    qtbot.waitUntil(lambda: listed.model.rowCount() == before + 1)
    (dialog,) = shown
    assert dialog.summary.text() == "Merge Kenji's work: 1 change, 1 conflict"
    assert dialog.list.item(0).text() == (
        f"#1 annotation “{CLAUSE[:59]}…”: you changed it, Kenji changed it"  # (60 characters)
    )

    dialog.take_theirs.click()
    project = window.host.project
    assert project.annotations.require(shared).note == "Kenji's reading"
    assert dialog.list.item(0).text() == "No conflict is left to settle."
    assert not dialog.keep_mine.isEnabled()

    window.actions_by_id["undo"].trigger()  # the settlement
    window.actions_by_id["undo"].trigger()  # the merge
    assert project.annotations.require(shared).note == "the lead's reading"
    qtbot.waitUntil(lambda: listed.model.rowCount() == before)
    dialog.deleteLater()
