"""The pixel ring's two ends in one process, and drawing into memory the caller provides."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from desktop.core.geometry import Rect
from desktop.documents.opening import READING_FONT_SIZE, READING_PAGE_HEIGHT, open_document
from desktop.documents.pixel_ring import CHUNK_BYTES, RING_BYTES, PixelRing, RingWriter
from tests.documents.conftest import LETTER

pytestmark = pytest.mark.skipif(not hasattr(os, "memfd_create"), reason="needs memfd_create")


@pytest.fixture
def ring() -> PixelRing:
    ring = PixelRing.create()
    assert ring is not None
    yield ring
    ring.close()


def _fill(byte: int):
    def draw(view: memoryview) -> None:
        view[:] = bytes([byte]) * view.nbytes

    return draw


def test_what_the_worker_writes_the_client_reads_until_the_ring_is_full(ring: PixelRing) -> None:
    writer = RingWriter(ring.fd)
    size = 5 * CHUNK_BYTES // 2  # three chunks, the last one half used
    offsets, views = [], []
    while (offset := writer.write(size, _fill(len(views) + 1))) is not None:
        offsets.append(offset)
        views.append(ring.receive(offset, size))
    assert len(views) == RING_BYTES // (3 * CHUNK_BYTES)
    assert all(view.readonly and view == bytes([n + 1]) * size for n, view in enumerate(views))

    def never(view: memoryview) -> None:
        raise AssertionError("a full ring must not draw")

    assert writer.write(size, never) is None
    views[1] = None  # the UI is done with the second image
    gc.collect()
    assert writer.write(size, _fill(99)) == offsets[1]  # its chunks were given back
    assert all(view == bytes([n + 1]) * size for n, view in enumerate(views) if view is not None)


def test_a_failed_drawing_gives_its_chunks_back(ring: PixelRing) -> None:
    writer = RingWriter(ring.fd)

    def fail(view: memoryview) -> None:
        raise RuntimeError("MuPDF gave up")

    with pytest.raises(RuntimeError):
        writer.write(CHUNK_BYTES, fail)
    first = writer.write(CHUNK_BYTES, _fill(1))
    assert first is not None and writer.write(RING_BYTES - CHUNK_BYTES, _fill(2)) is not None


def test_an_image_larger_than_the_ring_is_not_lent(ring: PixelRing) -> None:
    assert RingWriter(ring.fd).write(RING_BYTES + 1, _fill(1)) is None


def test_the_client_refuses_what_is_not_a_run_and_the_ring_cannot_shrink(
    ring: PixelRing,
) -> None:
    for offset, size in (
        (0, 10),
        (os.sysconf("SC_PAGE_SIZE") + 1, 10),
        (os.sysconf("SC_PAGE_SIZE"), RING_BYTES + 1),
    ):
        with pytest.raises(ValueError):
            ring.receive(offset, size)
    with pytest.raises(PermissionError):  # sealed: the GUI's reads can never fault
        os.ftruncate(ring.fd, 0)


def test_images_stay_readable_after_the_ring_closes(ring: PixelRing) -> None:
    writer = RingWriter(ring.fd)
    view = ring.receive(writer.write(1000, _fill(7)), 1000)
    ring.close()
    assert view == b"\x07" * 1000
    del view
    gc.collect()  # its release finds the ring closed, and does nothing
    with pytest.raises(ValueError):
        ring.receive(os.sysconf("SC_PAGE_SIZE"), 1000)


def test_drawing_gives_exactly_the_pixels_of_get_pixmap(
    generated: dict[str, Path], tmp_path: Path
) -> None:
    annotated = tmp_path / "annotated.pdf"
    with pymupdf.open(generated["sample.pdf"]) as doc:
        doc[0].add_highlight_annot(pymupdf.Rect(72, 88, 300, 104))
        doc[0].add_text_annot((400, 400), "a note")
        doc.save(annotated)
    paths = [annotated, generated["sample.pdf"], generated["article.html"], generated["book.epub"]]
    if LETTER.exists():
        paths.append(LETTER)
    for path in paths:
        with open_document(path) as ours, pymupdf.open(path) as theirs:
            if ours.is_reflowable:
                theirs.layout(
                    width=ours.page_sizes[0][0],
                    height=READING_PAGE_HEIGHT,
                    fontsize=READING_FONT_SIZE,
                )
            for page, scale, clip in (
                (0, 1.0, None),
                (ours.page_count - 1, 1.37, None),
                (0, 2.0, (50.5, 60, 300, 1000)),
            ):
                image = ours.render(page, scale, None if clip is None else Rect(*clip))
                area = theirs[page].rect if clip is None else pymupdf.Rect(clip)
                pixmap = theirs[page].get_pixmap(
                    matrix=pymupdf.Matrix(scale, scale),
                    clip=area,
                    alpha=False,
                    colorspace=pymupdf.csRGB,
                )
                assert (image.width, image.height, image.stride) == (
                    pixmap.width,
                    pixmap.height,
                    pixmap.stride,
                ), path.name
                assert image.samples == pixmap.samples, f"{path.name} page {page} at {scale}"


def test_a_drawing_refuses_a_buffer_it_could_overrun(generated: dict[str, Path]) -> None:
    with open_document(generated["sample.pdf"]) as doc:
        drawing = doc.drawing(0, 1.0)
        with pytest.raises(ValueError):
            drawing.draw(bytearray(drawing.size - 1))
        with pytest.raises(ValueError):
            drawing.draw(bytes(drawing.size))


def test_the_client_side_never_loads_pymupdf() -> None:
    code = (
        "import sys, desktop.documents.client\n"
        "print(sorted({'pymupdf', 'fitz'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout.strip() == "[]"
