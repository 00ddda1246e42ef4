"""The rendered pages of one page view: those asked of the document worker, and those it has.

A view asks only for the pages it shows and one either side. When it scrolls or zooms, requests
that no longer fit are cancelled, so a fast scroll never leaves the worker a backlog of pages
nobody will see. The farthest pages are asked for first so that the pages in view, asked for
last, render first (the worker serves the newest request first). Finished pages go to a bounded
cache, and a page cached at another scale stands in, stretched, until the right one arrives.
"""

from __future__ import annotations

from PySide6.QtGui import QImage, QPixmap

from desktop.documents.protocol import Rendered
from desktop.ui.document_service import DocumentService
from desktop.ui.pixmap_cache import PixmapCache

PREFETCH_PAGES = 1


class PageRenders:
    """Render requests under way and rendered pages, for one document at a time."""

    def __init__(self, service: DocumentService) -> None:
        self._service = service
        self._cache = PixmapCache()
        self._pending: dict[int, tuple[int, float]] = {}
        """Page → (request id, render scale) of each render asked for and not yet arrived."""

    def request(
        self, key: int, pages: range, *, page_count: int, scale: float, prefetch: bool = True
    ) -> None:
        """Make sure ``pages`` (and their neighbours, when ``prefetch``) of document ``key``
        are rendered at ``scale`` or on their way, and cancel what is no longer wanted."""
        ahead = PREFETCH_PAGES if prefetch else 0
        wanted = range(max(0, pages.start - ahead), min(page_count, pages.stop + ahead))
        stale = [
            page
            for page, (_request, s) in self._pending.items()
            if page not in wanted or s != scale
        ]
        if stale:
            self._service.client.cancel([self._pending.pop(page)[0] for page in stale])
        for page in sorted(wanted, key=lambda p: p not in pages, reverse=True):
            if page in self._pending or self._cache.get((page, scale)) is not None:
                continue
            request = self._service.client.render(key, page, scale)
            self._pending[page] = (request, scale)

    def accept(self, event: Rendered, *, device_pixel_ratio: float) -> bool:
        """Keep a rendered page if it answers the request still awaited for it (not one that
        was cancelled or superseded); True when kept. The pixmap takes the screen's
        ``device_pixel_ratio`` exactly (not one derived from rounded scales), so that it is
        drawn at its own size, never resampled."""
        pending = self._pending.get(event.page)
        if pending is None or pending[0] != event.request:
            return False
        del self._pending[event.page]
        raw = event.image
        image = QImage(raw.samples, raw.width, raw.height, raw.stride, QImage.Format.Format_RGB888)
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(device_pixel_ratio)
        self._cache.put((event.page, event.scale), pixmap)
        return True

    def pixmap(self, page: int, scale: float) -> QPixmap | None:
        return self._cache.get((page, scale))

    def stand_in(self, page: int) -> QPixmap | None:
        """The page at another scale, to draw stretched until the right scale arrives."""
        return self._cache.any_for_page(page)

    def reset(self) -> None:
        """Cancel every request and forget every page: the document changed or reopened."""
        if self._pending:
            self._service.client.cancel([request for request, _scale in self._pending.values()])
        self._pending.clear()
        self._cache.clear()
