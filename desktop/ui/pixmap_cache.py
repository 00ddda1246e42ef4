"""A bounded cache of rendered pages, so scrolling back is instant and memory stays flat."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtGui import QPixmap

PageKey = tuple[int, float]
"""(page index, render scale in device pixels per point)."""


class PixmapCache:
    """Least-recently-used pages, evicted once their pixels exceed ``max_bytes``."""

    def __init__(self, max_bytes: int = 160 * 1024 * 1024) -> None:
        self._max_bytes = max_bytes
        self._items: OrderedDict[PageKey, QPixmap] = OrderedDict()
        self._bytes = 0

    def get(self, key: PageKey) -> QPixmap | None:
        pixmap = self._items.get(key)
        if pixmap is not None:
            self._items.move_to_end(key)
        return pixmap

    def any_for_page(self, page: int) -> QPixmap | None:
        """The page at another scale, drawn stretched until the right scale arrives."""
        for (cached_page, _scale), pixmap in reversed(self._items.items()):
            if cached_page == page:
                return pixmap
        return None

    def put(self, key: PageKey, pixmap: QPixmap) -> None:
        if key in self._items:
            self._bytes -= _size(self._items.pop(key))
        self._items[key] = pixmap
        self._bytes += _size(pixmap)
        while self._bytes > self._max_bytes and len(self._items) > 1:
            _key, evicted = self._items.popitem(last=False)
            self._bytes -= _size(evicted)

    def clear(self) -> None:
        self._items.clear()
        self._bytes = 0


def _size(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * 4
