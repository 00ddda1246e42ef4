"""File > Preferences: the name and every keyboard shortcut, kept for the next launch; a key
that another command holds is refused with a message."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from desktop.ui import preferences_dialog
from desktop.ui.preferences_dialog import PreferencesDialog
from tests.ui.conftest import wait_until_read


def _open(window, qtbot) -> PreferencesDialog:  # type: ignore[no-untyped-def]
    from desktop.ui import shortcuts

    dialog = PreferencesDialog(
        window, name="Test Reviewer", assignment=shortcuts.current(window.host.settings)
    )
    qtbot.addWidget(dialog)
    return dialog


def test_a_chosen_shortcut_works_at_once_and_after_a_restart(
    make_window, qtbot, monkeypatch
) -> None:
    window = make_window()
    chosen: dict[str, tuple[str, dict]] = {}

    def ask(cls, parent, *, name, assignment):  # type: ignore[no-untyped-def]
        dialog = _open(window, qtbot)
        dialog.edits["end_later"].setKeySequence(QKeySequence("Ctrl+Alt+L"))
        dialog.name.setText("  Ada   Lovelace ")
        chosen["answer"] = (" ".join(dialog.name.text().split()), dialog.chosen())
        return chosen["answer"]

    monkeypatch.setattr(PreferencesDialog, "ask", classmethod(ask))
    window.actions_by_id["preferences"].trigger()
    end_later = window.actions_by_id["end_later"]
    assert end_later.shortcuts() == [QKeySequence("Ctrl+Alt+L")]
    assert window.host.settings.value("reviewer/name") == "Ada Lovelace"
    assert window.actions_by_id["redo"].shortcuts() == [
        QKeySequence("Ctrl+Shift+Z"),
        QKeySequence("Ctrl+Y"),
    ]  # untouched
    window.close()

    again = make_window()
    wait_until_read(qtbot, again.left)
    assert again.actions_by_id["end_later"].shortcuts() == [QKeySequence("Ctrl+Alt+L")]
    assert again.actions_by_id["end_earlier"].shortcuts() == [QKeySequence("Ctrl+Shift+Left")]


def test_a_key_another_command_holds_is_refused_with_a_message(
    make_window, qtbot, monkeypatch
) -> None:
    window = make_window()
    dialog = _open(window, qtbot)
    said: list[str] = []
    monkeypatch.setattr(preferences_dialog, "warn", lambda parent, title, text: said.append(text))
    dialog.show()
    dialog.edits["highlight"].setKeySequence(QKeySequence("T"))
    dialog.accept()
    assert said == [
        "T is the shortcut of both “Highlight Selection” and “Tag with Code”. "
        "Give one of them another key."
    ]
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    dialog.edits["highlight"].setKeySequence(QKeySequence("Ctrl+Alt+H"))
    dialog.accept()
    assert len(said) == 1 and dialog.result() == dialog.DialogCode.Accepted
