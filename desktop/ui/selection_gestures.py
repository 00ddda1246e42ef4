"""Selecting text with the mouse: press and drag, Shift+click, double and triple click.

The selection lives in the page view as canonical-text offsets; this module only turns pointer
positions into those offsets. A drag held past the top or bottom edge keeps scrolling, and
extending, because a clause often runs on to the next page. A double click selects a word and a
third press soon after it the sentence, as in a word processor.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QPoint, QPointF, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QScrollBar, QWidget

from desktop.core.textlayer import TextLayer
from desktop.core.textunits import sentence_span, word_span
from desktop.ui.selection import Selection

AUTOSCROLL_MS = 30
AUTOSCROLL_MAX_STEP = 60
"""Pixels per tick at most, however far past the edge the pointer is, so text stays readable."""


class SelectionSurface(Protocol):
    """What selecting needs from the page view it serves."""

    text_layer: TextLayer | None

    @property
    def text_selection(self) -> Selection | None: ...

    def set_text_selection(self, selection: Selection | None) -> None: ...

    def page_point(self, point: QPointF) -> tuple[int, float, float]: ...

    def viewport(self) -> QWidget: ...

    def verticalScrollBar(self) -> QScrollBar: ...


class SelectionGestures:
    """The drag, multi-click and autoscroll state of one page view."""

    def __init__(self, surface: SelectionSurface) -> None:
        self._surface = surface
        self.dragging = False
        self._last_double_click = 0.0
        self._last_pointer = QPoint()
        self._autoscroll = QTimer(surface.viewport(), interval=AUTOSCROLL_MS)
        self._autoscroll.timeout.connect(self._on_autoscroll_timeout)

    def press(self, point: QPointF, *, extending: bool) -> None:
        """Start a drag at the caret under ``point``, or extend the selection to it (Shift);
        the press that follows a double click quickly selects the sentence instead."""
        interval = QGuiApplication.styleHints().mouseDoubleClickInterval() / 1000
        if time.monotonic() - self._last_double_click < interval:
            self._snap(point, sentence_span)
            self._last_double_click = 0.0
            return
        caret = self._caret(point)
        if caret is None:
            return
        current = self._surface.text_selection
        if extending and current is not None:
            self._surface.set_text_selection(current.extended_to(caret))
        else:
            self._surface.set_text_selection(Selection(caret, caret))
        self.dragging = True
        self._last_pointer = point.toPoint()

    def drag_from(self, anchor: int, point: QPointF) -> None:
        """Start a drag whose fixed end is ``anchor``: the other end of a highlight while one
        of its handles is dragged."""
        caret = self._caret(point)
        if caret is not None:
            self._surface.set_text_selection(Selection(anchor, caret))
        self.dragging = True

    def double_click(self, point: QPointF) -> None:
        self._snap(point, word_span)
        self._last_double_click = time.monotonic()

    def move(self, point: QPointF) -> None:
        """Follow the pointer; outside the viewport, scroll towards it until it comes back."""
        self._last_pointer = point.toPoint()
        self._extend_to_pointer()
        if self._surface.viewport().rect().contains(self._last_pointer):
            self._autoscroll.stop()
        elif not self._autoscroll.isActive():
            self._autoscroll.start()

    def release(self, point: QPointF) -> None:
        self._last_pointer = point.toPoint()
        self._extend_to_pointer()
        self.dragging = False
        self._autoscroll.stop()

    def _caret(self, point: QPointF) -> int | None:
        layer = self._surface.text_layer
        if layer is None:
            return None
        return layer.caret_at(*self._surface.page_point(point))

    def _snap(self, point: QPointF, unit: Callable[[str, int], tuple[int, int]]) -> None:
        """Select the ``unit`` (word, sentence) around the character under ``point``."""
        layer = self._surface.text_layer
        assert layer is not None
        offset = layer.char_at(*self._surface.page_point(point))
        if offset is None:
            return
        self._surface.set_text_selection(Selection(*unit(layer.text, offset)))
        self.dragging = False

    def _extend_to_pointer(self) -> None:
        caret = self._caret(QPointF(self._last_pointer))
        current = self._surface.text_selection
        if caret is not None and current is not None:
            self._surface.set_text_selection(current.extended_to(caret))

    def _on_autoscroll_timeout(self) -> None:
        if not self.dragging:
            self._autoscroll.stop()
            return
        height = self._surface.viewport().height()
        y = self._last_pointer.y()
        delta = y if y < 0 else max(0, y - height)
        bar = self._surface.verticalScrollBar()
        step = max(-AUTOSCROLL_MAX_STEP, min(AUTOSCROLL_MAX_STEP, delta))
        bar.setValue(bar.value() + step)
        self._extend_to_pointer()


def offer_to_primary_selection(text: str) -> None:
    """Put a finished selection on the X11 primary selection, where the system has one, so a
    middle click pastes it elsewhere as with any other text on the desktop."""
    clipboard = QGuiApplication.clipboard()
    if text and clipboard.supportsSelection():
        clipboard.setText(text, clipboard.Mode.Selection)
