"""View > Reviewers: a layer per reviewer (shown or hidden), Only Mine, and Colour by
Reviewer, made afresh each time the menu opens from the project's reviewers and the layers
the window shows (``Annotator.layers``); each choice applies at once to both pages, the
annotations list and the curation view."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QMenu

from desktop.app.reviewer_layers import reviewer_color
from desktop.core.model import Reviewer
from desktop.ui.annotator import Annotator
from desktop.ui.plain_text import literal_ampersands


def fill_reviewers_menu(menu: QMenu, annotator: Annotator | None, my_name: str | None) -> None:
    """``my_name``: the name this window edits under, if it has one yet."""
    menu.clear()
    if annotator is None:
        menu.addAction("No project open").setEnabled(False)
        return
    project = annotator.bridge.project
    layers = annotator.layers
    me = project.reviewers.find(my_name) if my_name else None
    only_mine = menu.addAction("Only &Mine")
    only_mine.setCheckable(True)
    only_mine.setChecked(me is not None and layers.only == me.id)
    only_mine.setEnabled(me is not None)
    only_mine.setToolTip("Show your own highlights alone")
    only_mine.toggled.connect(
        lambda on: annotator.set_layers(
            replace(annotator.layers, only=me.id if on and me is not None else None)
        )
    )
    by_reviewer = menu.addAction("&Colour by Reviewer")
    by_reviewer.setCheckable(True)
    by_reviewer.setChecked(layers.by_reviewer)
    by_reviewer.toggled.connect(
        lambda on: annotator.set_layers(replace(annotator.layers, by_reviewer=on))
    )
    menu.addSeparator()
    reviewers = project.reviewers.all()
    for reviewer in reviewers:
        action = menu.addAction(_swatch(reviewer), literal_ampersands(reviewer.name))
        action.setCheckable(True)
        action.setChecked(layers.shows(reviewer.id))
        action.toggled.connect(
            lambda _on, r=reviewer.id: annotator.set_layers(annotator.layers.toggled(r))
        )
    if not reviewers:
        menu.addAction("No reviewers yet").setEnabled(False)


def _swatch(reviewer: Reviewer) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(reviewer_color(reviewer.id)))
    return QIcon(pixmap)
