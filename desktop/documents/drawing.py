"""Draw a page into memory that the caller provides, instead of into a new pixmap.

Why: ``Page.get_pixmap`` allocates a new pixmap for every render and ``Pixmap.samples`` copies it
again. A page at 150 % is about 6 MB, and first touching that much fresh memory takes as long as
drawing the page; the worker draws straight into the shared pixel ring (see ``pixel_ring``)
instead. The steps are those of PyMuPDF's own ``JM_pixmap_from_display_list`` (the page's display
list with its annotations, the same rounding of the box, a white background), so the pixels are
byte for byte those of ``get_pixmap``, as a test checks.
"""

from __future__ import annotations

import pymupdf
from pymupdf import mupdf

_CHANNELS = 3  # RGB, no alpha


class PageDrawing:
    """The part of a page inside ``clip`` (in page points) at ``scale`` pixels per point: its size
    is known before any memory is found for its pixels."""

    def __init__(self, page: pymupdf.Page, scale: float, clip: pymupdf.Rect) -> None:
        self._list = mupdf.fz_new_display_list_from_page(page.this)
        self._matrix = mupdf.FzMatrix(scale, 0, 0, scale, 0, 0)
        self._clip = mupdf.FzRect(clip.x0, clip.y0, clip.x1, clip.y1)
        bounds = mupdf.fz_intersect_rect(mupdf.fz_bound_display_list(self._list), self._clip)
        self._box = mupdf.fz_round_rect(mupdf.fz_transform_rect(bounds, self._matrix))
        self.width: int = max(0, self._box.x1 - self._box.x0)
        self.height: int = max(0, self._box.y1 - self._box.y0)
        self.stride: int = self.width * _CHANNELS

    @property
    def size(self) -> int:
        return self.stride * self.height

    def draw(self, into: bytearray | memoryview) -> None:
        """Fill the first ``size`` bytes of ``into`` with RGB rows of ``stride`` bytes.

        MuPDF writes through a raw pointer, so ``into`` must be writable, large enough, and stay
        where it is during the call (a bytearray is not resized, a mapping not closed).
        """
        view = memoryview(into).cast("B")
        if view.readonly or view.nbytes < self.size:
            raise ValueError(f"need {self.size} writable bytes to draw into, got {view.nbytes}")
        if self.size == 0:
            return
        pixmap = mupdf.fz_new_pixmap_with_bbox_and_data(
            mupdf.FzColorspace(mupdf.FzColorspace.Fixed_RGB),
            self._box,
            mupdf.FzSeparations(),
            0,
            mupdf.python_mutable_buffer_data(view[: self.size]),
        )
        mupdf.fz_clear_pixmap_with_value(pixmap, 0xFF)
        device = mupdf.fz_new_draw_device_with_bbox(self._matrix, pixmap, self._box)
        mupdf.fz_run_display_list(
            self._list, device, mupdf.FzMatrix(), self._clip, mupdf.FzCookie()
        )
        mupdf.fz_close_device(device)
