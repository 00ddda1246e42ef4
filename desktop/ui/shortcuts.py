"""The keyboard shortcuts in use: ``actions.ACTIONS``' defaults, with the user's own choices
(File > Preferences) over them, kept in the settings file.

Only the choices that differ from a default are stored, so a later release's new default
reaches everyone who did not choose otherwise. Two actions never share a key: the Preferences
dialog refuses such a choice with a message naming both, since Qt would then run neither
("ambiguous shortcut") and the key would seem dead.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence

from desktop.ui.actions import ACTIONS

Assignment = dict[str, tuple[str, ...]]
"""Action id → its key sequences, in Qt's portable text (``"Ctrl+Shift+Right"``)."""
_GROUP = "shortcuts"


def _portable(sequence: str | QKeySequence.StandardKey) -> list[str]:
    keys = (
        QKeySequence.keyBindings(sequence)
        if isinstance(sequence, QKeySequence.StandardKey)
        else [QKeySequence(sequence)]
    )
    return [key.toString(QKeySequence.SequenceFormat.PortableText) for key in keys]


def defaults() -> Assignment:
    return {
        spec.id: tuple(text for s in spec.shortcuts for text in _portable(s)) for spec in ACTIONS
    }


def current(settings: QSettings) -> Assignment:
    """The defaults with the user's saved choices over them (unknown ids are ignored)."""
    chosen = defaults()
    settings.beginGroup(_GROUP)
    try:
        for action_id in settings.childKeys():
            if action_id in chosen:
                value = settings.value(action_id) or ()
                keys = (value,) if isinstance(value, str) else tuple(value)
                chosen[action_id] = tuple(k for k in keys if not QKeySequence(k).isEmpty())
    finally:
        settings.endGroup()
    return chosen


def conflicts(assignment: Mapping[str, tuple[str, ...]]) -> list[tuple[str, str, str]]:
    """Every key two actions hold: ``(key, first action id, second action id)``."""
    holder: dict[str, str] = {}
    found = []
    for action_id, keys in assignment.items():
        for key in keys:
            normal = QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)
            if normal in holder and holder[normal] != action_id:
                found.append((normal, holder[normal], action_id))
            holder.setdefault(normal, action_id)
    return found


def save(settings: QSettings, assignment: Mapping[str, tuple[str, ...]]) -> None:
    """Store the choices that differ from the defaults, and forget those that do not."""
    original = defaults()
    settings.beginGroup(_GROUP)
    try:
        for action_id, keys in assignment.items():
            if keys == original.get(action_id):
                settings.remove(action_id)
            else:
                settings.setValue(action_id, list(keys))
    finally:
        settings.endGroup()
    settings.sync()


def apply(actions: Mapping[str, QAction], assignment: Mapping[str, tuple[str, ...]]) -> None:
    for action_id, keys in assignment.items():
        action = actions.get(action_id)
        if action is not None:
            action.setShortcuts([QKeySequence(key) for key in keys])
