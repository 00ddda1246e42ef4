"""The window's menus, toolbar, page menu and shortcut list, snapshot as a user sees them.

The actions are declared in one table now; this snapshot was taken from the window as it was
before that (menus built by hand from five lists), so it fails if building them from the table
moves, renames, re-keys, enables or disables anything a user sees."""

from __future__ import annotations

import json

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QToolBar

from tests.ui.menus_before_the_table import SNAPSHOT


def _keys(action) -> str:
    return ", ".join(
        k.toString(QKeySequence.SequenceFormat.PortableText) for k in action.shortcuts()
    )


def _items(menu: QMenu) -> list:
    """The menu's entries as the user sees them once it opens."""
    menu.aboutToShow.emit()
    items: list = []
    for action in menu.actions():
        if action.isSeparator():
            items.append("---")
        elif action.menu() is not None:
            items.append((action.text(), action.isEnabled(), _items(action.menu())))
        else:
            items.append((action.text(), _keys(action), action.isEnabled()))
    return items


def menu_bar(window) -> list:
    return [(a.text(), _items(a.menu())) for a in window.menuBar().actions()]


def toolbar(window) -> list:
    bar = window.findChild(QToolBar, "annotateToolbar")
    return [
        "---" if a.isSeparator() else (a.iconText(), a.text(), a.isEnabled()) for a in bar.actions()
    ]


def page_menu(window) -> list:
    """The menu a right click on the page opens (read, then closed)."""
    shown: list = []

    def read_and_close() -> None:
        menu = QApplication.activePopupWidget()
        shown.append(_items(menu))
        menu.close()

    QTimer.singleShot(0, read_and_close)
    window.left.view.customContextMenuRequested.emit(window.left.view.rect().topLeft())
    return shown[0]


def key_reach(window) -> dict:
    """Where each action's keys act: the whole window, or only the reading panes (and the
    annotation list), so typing in a box never highlights."""
    listing = window.host.list_dock
    return {
        action.objectName(): (
            action.shortcutContext().name,
            action in window.actions(),
            action in window.splitter.actions(),
            listing is not None and action in listing.actions(),
        )
        for action in window.actions_by_id.values()
    }


def preferences_rows(window) -> list:
    from desktop.ui import shortcuts
    from desktop.ui.preferences_dialog import PreferencesDialog

    dialog = PreferencesDialog(
        window, name="Ada", assignment=shortcuts.current(window.host.settings)
    )
    rows = [
        (
            dialog.table.item(row, 0).text(),
            dialog.table.item(row, 0).toolTip(),
            dialog.table.cellWidget(row, 1)
            .keySequence()
            .toString(QKeySequence.SequenceFormat.PortableText),
        )
        for row in range(dialog.table.rowCount())
    ]
    dialog.deleteLater()
    return rows


def snapshot(window) -> dict:
    return {
        "menus": menu_bar(window),
        "toolbar": toolbar(window),
        "page menu": page_menu(window),
        "title": window.windowTitle(),
    }


def test_the_menus_toolbar_and_shortcuts_are_those_users_know(
    annotating, qtbot, monkeypatch, tmp_path
) -> None:
    """In four states: a new user's window, a selection, a tagged highlight, no project."""
    window = annotating
    seen = {"reach": key_reach(window), "preferences": preferences_rows(window)}
    seen["launch"] = snapshot(window)
    pane = window.left
    pane.view.setFocus()
    start = pane.view.text_layer.text.index("research and innovation")
    pane.view.set_selection(start, start + 23)
    seen["selected"] = snapshot(window)
    window.actions_by_id["highlight"].trigger()
    window.actions_by_id["pin_1"].trigger()
    qtbot.waitUntil(lambda: window.host.annotator.current is not None)
    seen["current"] = snapshot(window)
    window.host.close_project()
    seen["closed"] = snapshot(window)
    seen = json.loads(json.dumps(seen).replace(str(tmp_path), "<tmp>"))
    assert seen == json.loads(json.dumps(SNAPSHOT))


def test_a_key_pinned_after_the_pinned_menu_opened_tags_at_once(annotating) -> None:
    """The keys' states were worked out only as the menu opened: a key pinned afterwards
    stayed disabled (pressing it did nothing) until the menu was opened again."""
    from desktop.app.coding_scheme import PinCode
    from desktop.core.model import CodeId

    window = annotating
    bridge, annotator = window.host.bridge, window.host.annotator
    horizon = annotator.codebook.by_path("Instruments/Programmes/Horizon Europe")
    bridge.execute(PinCode(9, None))
    window.commands.submenus["pinned"].aboutToShow.emit()
    assert not window.actions_by_id["pin_9"].isEnabled()
    bridge.execute(PinCode(9, CodeId(horizon.guid)))
    assert window.actions_by_id["pin_9"].isEnabled()
    assert window.actions_by_id["pin_9"].text() == "Horizon Europe"


def test_the_last_code_is_named_in_the_annotate_menu_as_soon_as_it_is_applied(
    annotating, qtbot
) -> None:
    window = annotating
    pane = window.left
    pane.view.setFocus()
    start = pane.view.text_layer.text.index("research and innovation")
    pane.view.set_selection(start, start + 23)
    window.actions_by_id["highlight"].trigger()
    window.actions_by_id["pin_1"].trigger()
    qtbot.waitUntil(lambda: window.host.annotator.last_code is not None)
    assert window.actions_by_id["tag_last"].text() == "Tag with &Last Code (Pandemics)"
