"""The window's QActions, menus, toolbar and page menu, built from ``actions.ENTRIES``, and
their enabled states and texts worked out from ``Facts`` in one place (``show``).

Nothing here knows what a command does or when it is enabled: the table says both. This part
only turns the table into Qt objects and puts each where the table places it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

from desktop.ui.actions import (
    ACTIONS,
    ENTRIES,
    MENUS,
    PAGE_MENU,
    TOOLBAR,
    ActionSpec,
    Facts,
    Reach,
    Submenu,
    Window,
)
from desktop.ui.plain_text import tooltip

_MNEMONIC = re.compile(r"&(.)")
Entry = ActionSpec | Submenu


def set_menu_text(action: QAction, text: str) -> None:
    """Name ``action`` with ``text`` (Qt's markup: ``&&`` shows one ``&``), and give its
    toolbar button the same words as a tooltip, which Qt would otherwise read as markup."""
    action.setText(text)
    action.setToolTip(tooltip(_MNEMONIC.sub(r"\1", text)) or "")


class WindowActions:
    def __init__(
        self,
        window: QMainWindow,
        *,
        run: Window,
        facts: Callable[[bool], Facts],
        reading_keys_in: QWidget,
    ) -> None:
        """``run``: what the commands act on; ``facts(with_pins)``: the facts now;
        ``reading_keys_in``: the widget whose focus the single keys need (the panes)."""
        self._facts = facts
        self.by_id: dict[str, QAction] = {}
        for spec in ACTIONS:
            action = QAction(spec.text, window)
            action.setObjectName(spec.id)
            action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
            if spec.tip:
                action.setStatusTip(spec.tip)
            action.setCheckable(spec.checked is not None)
            action.triggered.connect(lambda _=False, spec=spec: spec.run(run))
            if spec.reach is Reach.WINDOW:
                window.addAction(action)
            else:
                # Held by the panes (and the list) alone: held by the window too, Del would
                # delete the highlight while the keyboard is in the codebook's tree.
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                reading_keys_in.addAction(action)
            self.by_id[spec.id] = action
        self.submenus: dict[str, QMenu] = {}
        for menu_id, title, sections in MENUS:
            self._fill(window.menuBar().addMenu(title), sections, in_menu=menu_id)
        self.toolbar = QToolBar("Annotate")
        self.toolbar.setObjectName("annotateToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for number, section in enumerate(TOOLBAR):
            if number:
                self.toolbar.addSeparator()
            for spec in ACTIONS:
                if spec.toolbar == section:
                    self.toolbar.addAction(self.by_id[spec.id])
                    if spec.button:
                        self.by_id[spec.id].setIconText(spec.button)
        window.addToolBar(self.toolbar)

    def reaching(self, reach: Reach) -> list[QAction]:
        """The actions whose keys act only where ``reach`` says."""
        return [self.by_id[spec.id] for spec in ACTIONS if spec.reach is reach]

    def page_menu(self, parent: QWidget) -> QMenu:
        """The menu of a right click on a page, its states worked out as it opens."""
        menu = QMenu(parent)
        self._place(menu, PAGE_MENU, lambda entry: entry.page_menu)
        self.show(with_pins=True)
        return menu

    def show(self, *, with_pins: bool = False) -> None:
        """Enable and name every command as the facts now say (those marked ``lazy`` only
        ``with_pins``, as a menu showing them opens)."""
        facts = self._facts(with_pins)
        for spec in ACTIONS:
            if spec.lazy and not with_pins:
                continue
            action = self.by_id[spec.id]
            action.setEnabled(spec.enabled(facts))
            if spec.text_now is not None:
                set_menu_text(action, spec.text_now(facts))
            if spec.checked is not None:
                action.setChecked(spec.checked(facts))

    def _fill(self, menu: QMenu, sections: tuple[str, ...], *, in_menu: str) -> None:
        self._place(
            menu,
            sections,
            lambda entry: entry.menu[1] if entry.menu and entry.menu[0] == in_menu else None,
        )

    def _place(
        self, menu: QMenu, sections: tuple[str, ...], section_of: Callable[[Entry], str | None]
    ) -> None:
        """Put each entry whose ``section_of`` is one of ``sections`` in ``menu``, section by
        section, a separator between two; a submenu is made the first time it is placed."""
        for number, section in enumerate(sections):
            if number:
                menu.addSeparator()
            for entry in ENTRIES:
                if section_of(entry) != section:
                    continue
                if isinstance(entry, ActionSpec):
                    menu.addAction(self.by_id[entry.id])
                elif entry.id in self.submenus:
                    menu.addMenu(self.submenus[entry.id])
                else:
                    submenu = self.submenus[entry.id] = menu.addMenu(entry.text)
                    if entry.sections:  # entries of the table: theirs to work out as it opens
                        submenu.aboutToShow.connect(lambda: self.show(with_pins=True))
                        self._fill(submenu, entry.sections, in_menu=entry.id)
