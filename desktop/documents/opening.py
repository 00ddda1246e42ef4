"""Open a document file and answer what the reader asks of it: pages, pixels and text.

This is the in-process API over PyMuPDF. The GUI never calls it directly (PyMuPDF holds the GIL
while it renders); the worker process does, and so can tests and the command line.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import pymupdf

from desktop.core.archive import INFLATE_ERRORS, SafeArchive
from desktop.core.errors import DocumentError
from desktop.core.geometry import Rect
from desktop.core.textlayer import PageText, TextLayer
from desktop.documents import reflow
from desktop.documents.canonical import fixed_page_text
from desktop.documents.drawing import PageDrawing
from desktop.documents.glyphs import read_blocks
from desktop.documents.markup import MAX_NESTING, breakable, nesting_depth, wide_lines_joined
from desktop.documents.pagination import paginate
from desktop.documents.protocol import REFLOWABLE_KINDS, RawImage
from desktop.documents.sniffing import DAMAGED_EPUB, DAMAGED_PDF, decode_text, detect_kind

READING_PAGE_WIDTH = 460.0
"""Width of a reflowable document's page in points: about 75 characters of 11 pt text a line,
a comfortable measure that also fits a pane of half a laptop screen at 100 %."""
READING_PAGE_HEIGHT = 650.0
"""Height of a reflowable document's page: close to the proportions of A4 and Letter."""
READING_FONT_SIZE = 11.0
MIN_LAYOUT_WIDTH = 144.0
"""Narrower than two inches, a laid-out page holds a few letters a line and thousands of pages."""
MAX_RENDER_PIXELS = 64_000_000
"""A render larger than this (about 8000 x 8000) is refused rather than risking the memory."""
MAX_REFLOWABLE_BYTES = 4 * 1024**2
"""The largest HTML or text file laid out. Reading the text of a reflowable document takes
about 25 microseconds and 600 bytes a character (every glyph's box is read, for every page, to
cut the canonical text into pages), so 4 MB of text would take minutes and more memory than a
worker has; MuPDF alone takes 20 s and 600 MB to lay out 20 MB of HTML."""
MAX_REFLOWABLE_PAGES = 300
"""The most pages a reflowable document may have at the reading width: about 900,000
characters, whose text takes a worker some 15 s and 600 MB to read (50 s on a two-core machine
under a load of ten, within a step's 60 s; 325 pages took longer than that)."""

PASSWORD_PROTECTED = "the PDF is password-protected; Accord cannot open encrypted documents yet"
NO_PAGES = "the document has no pages"
_DAMAGED = {
    "pdf": DAMAGED_PDF,
    "epub": DAMAGED_EPUB,
    "html": "the file is damaged or is not valid HTML",
    "text": "Accord could not lay out this text file",
}
_OPENSSL_FROM_BYTES = 16 * 1024 * 1024
if TYPE_CHECKING:  # CPython's private modules have no stubs; they are hashlib's sha256 to a caller
    from hashlib import sha256 as _builtin_sha256
else:
    try:  # CPython's own sha256, which does not load OpenSSL
        from _sha2 import sha256 as _builtin_sha256  # CPython 3.12 and later
    except ImportError:
        try:
            from _sha256 import sha256 as _builtin_sha256  # CPython 3.11
        except ImportError:  # another Python: OpenSSL's it is
            from hashlib import sha256 as _builtin_sha256
_FILETYPES = {"pdf": "pdf", "html": "html", "text": "html", "epub": "epub"}
_PAGE_SUFFIXES = (".xhtml", ".html", ".htm", ".xml")
_INFLATE_CHUNK = 1024**2


def open_document(path: str | Path) -> Document:
    """Open a PDF, HTML, text, Markdown or EPUB file, or raise DocumentError saying why not."""
    path = Path(path)
    data = _read(path)
    kind = detect_kind(path, data)
    if kind in ("html", "text") and len(data) > MAX_REFLOWABLE_BYTES:
        raise DocumentError(
            path,
            f"it is too large for Accord: {_megabytes(len(data))} of "
            f"{kind.upper() if kind == 'html' else kind}, and Accord "
            f"lays out files of up to {_megabytes(MAX_REFLOWABLE_BYTES)}"
            " (a PDF of it has no such limit)",
        )
    canonical, content = None, data
    if kind == "text":
        text = decode_text(data)
        canonical, content = reflow.plain_text(text), reflow.plain_text_page(text)
    elif kind == "html":
        _check_nesting(path, data, what="its elements")
        content = breakable(wide_lines_joined(data))
    elif kind == "epub":
        _check_epub(path, data)
    try:
        doc = pymupdf.open(stream=content, filetype=_FILETYPES[kind])
    except Exception as error:  # MuPDF's many error types all mean "cannot read this"
        raise DocumentError(path, _DAMAGED[kind]) from error
    try:
        return Document(path, fingerprint(data), kind, doc, content, canonical=canonical)
    except DocumentError:
        doc.close()
        raise
    except Exception as error:
        doc.close()
        raise DocumentError(path, _DAMAGED[kind]) from error


def _check_nesting(path: Path, markup: bytes, *, what: str) -> None:
    if nesting_depth(markup) > MAX_NESTING:
        raise DocumentError(
            path,
            f"{what} are nested more than {MAX_NESTING} deep, and "
            "Accord would lose the text inside them",
        )


def _check_epub(path: Path, data: bytes) -> None:
    """An EPUB is a ZIP archive: it is held to the same caps as an imported one (a small EPUB
    must not inflate to gigabytes inside MuPDF), and each of its pages to the nesting cap."""
    with SafeArchive(
        data, file_name=path.name, refuse=lambda problem: DocumentError(path, problem)
    ) as archive:
        for name in archive.names:
            if name.endswith("/"):
                continue
            if name.lower().endswith(_PAGE_SUFFIXES):
                _check_nesting(path, archive.read(name), what=f"the elements of its “{name}”")
                continue
            try:
                with archive.stream(name) as member:
                    while member.read(_INFLATE_CHUNK):
                        pass
            except INFLATE_ERRORS as error:
                raise archive.damaged(error) from error


def _megabytes(size: int) -> str:
    return f"{size / 1024**2:,.1f} MB"


def fingerprint(data: bytes) -> str:
    """The file's sha256. OpenSSL's is five times faster than CPython's own, but loading it adds
    3 MB to the worker, so it is loaded only for files large enough to notice (over 16 MB)."""
    if len(data) > _OPENSSL_FROM_BYTES:
        import hashlib

        return hashlib.sha256(data).hexdigest()
    return _builtin_sha256(data).hexdigest()


def _read(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(path, "the file does not exist") from None
    except IsADirectoryError:
        raise DocumentError(path, "it is a folder, not a file") from None
    except PermissionError:
        raise DocumentError(path, "Accord cannot read it: permission denied") from None
    except OSError as error:
        raise DocumentError(path, f"Accord cannot read it: {error.strerror or error}") from None
    if not data:
        raise DocumentError(path, "the file is empty (0 bytes)")
    return data


class Document:
    """One open document. Not thread-safe: PyMuPDF must be called from one thread."""

    page_sizes: tuple[tuple[float, float], ...]
    """Each page's (width, height) in points as displayed, after /Rotate."""

    def __init__(
        self,
        path: Path,
        fingerprint: str,
        kind: str,
        doc: pymupdf.Document,
        content: bytes,
        *,
        canonical: str | None = None,
    ) -> None:
        if doc.needs_pass:
            raise DocumentError(path, PASSWORD_PROTECTED)
        if kind == "pdf" and doc.page_count == 0:
            raise DocumentError(path, DAMAGED_PDF if doc.is_repaired else NO_PAGES)
        self.path = path
        self.fingerprint = fingerprint
        self.kind = kind
        self.title = (doc.metadata or {}).get("title", "").strip() or path.stem
        self._doc = doc
        self._content = content
        self._canonical = canonical  # a reflowable document's text, made when first asked
        self._pieces: list[PageText] | None = None
        if self.is_reflowable:
            self._layout(READING_PAGE_WIDTH)
            if self.page_count > MAX_REFLOWABLE_PAGES:
                raise DocumentError(
                    path,
                    f"it is too long for Accord: {self.page_count:,} "
                    "pages at the reading width, and Accord lays out "
                    "HTML, text and EPUB documents of up to "
                    f"{MAX_REFLOWABLE_PAGES:,} (a PDF of it has no such "
                    "limit)",
                )
        else:
            self.page_sizes = _pdf_page_sizes(doc)
        if not self.page_sizes:
            raise DocumentError(path, NO_PAGES)

    @property
    def is_reflowable(self) -> bool:
        return self.kind in REFLOWABLE_KINDS

    @property
    def page_count(self) -> int:
        return len(self.page_sizes)

    def render(self, page: int, scale: float, clip: Rect | None = None) -> RawImage:
        """The page (or the part of it inside ``clip``, in page points) at ``scale`` pixels per
        point, RGB on white."""
        drawing = self.drawing(page, scale, clip)
        samples = bytearray(drawing.size)
        drawing.draw(samples)
        return RawImage(drawing.width, drawing.height, drawing.stride, samples)

    def drawing(self, page: int, scale: float, clip: Rect | None = None) -> PageDrawing:
        """What ``render`` draws, before any memory is found for it: the worker draws it straight
        into the memory that the GUI reads."""
        self._check_page(page)
        if not scale > 0:
            raise ValueError(f"cannot render at scale {scale}")
        loaded = self._doc.load_page(page)
        area = loaded.rect if clip is None else pymupdf.Rect(clip.x0, clip.y0, clip.x1, clip.y1)
        if area.width * area.height * scale * scale > MAX_RENDER_PIXELS:
            raise ValueError("the requested image is too large to render")
        return PageDrawing(loaded, scale, area)

    def page_text(self, page: int) -> PageText:
        """The page's piece of the canonical text (see ``desktop.core.textlayer``)."""
        self._check_page(page)
        if not self.is_reflowable:
            blocks = read_blocks(self._doc.load_page(page))
            return fixed_page_text(blocks, first_page=page == 0)
        if self._pieces is None:
            self._pieces = paginate(
                self.canonical_text(), [read_blocks(p) for p in self._doc.pages()]
            )
        return self._pieces[page]

    def canonical_text(self) -> str:
        """A reflowable document's whole canonical text, made once: the pages' text, and an
        annotated PDF of the document, are cut from it."""
        if not self.is_reflowable:
            raise ValueError("only HTML, text and EPUB documents have one text of their own")
        if self._canonical is None:
            self._canonical = reflow.markup_text(self._content, _FILETYPES[self.kind])
        return self._canonical

    def text_layer(self) -> TextLayer:
        return TextLayer.from_pages([self.page_text(page) for page in range(self.page_count)])

    def relayout(self, width: float) -> None:
        """Lay a reflowable document out again at ``width`` points; its text does not change,
        its pages and boxes do."""
        if not self.is_reflowable:
            raise ValueError("only HTML, text and EPUB documents can be laid out again")
        if not width >= MIN_LAYOUT_WIDTH:
            raise ValueError(f"a page must be at least {MIN_LAYOUT_WIDTH:g} points wide")
        self._layout(width)

    def close(self) -> None:
        self._doc.close()

    def __enter__(self) -> Document:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _layout(self, width: float) -> None:
        self._doc.layout(width=width, height=READING_PAGE_HEIGHT, fontsize=READING_FONT_SIZE)
        self.page_sizes = ((width, READING_PAGE_HEIGHT),) * self._doc.page_count
        self._pieces = None

    def _check_page(self, page: int) -> None:
        if not 0 <= page < self.page_count:
            raise IndexError(f"there is no page {page + 1} in this {self.page_count}-page document")


def _pdf_page_sizes(doc: pymupdf.Document) -> tuple[tuple[float, float], ...]:
    """Displayed page sizes without loading the pages.

    Loading a page parses its resources; a long agreement's page sizes are needed at once to lay
    out the scroll area, so MuPDF's own page-box logic (crop box, /Rotate, /UserUnit, inherited
    from the page tree) is run on the page objects: about 10 ms for 1,000 pages.
    """
    mupdf = pymupdf.mupdf
    pdf = mupdf.pdf_document_from_fz_document(doc.this)
    sizes = []
    for number in range(doc.page_count):
        mediabox, ctm = mupdf.FzRect(), mupdf.FzMatrix()
        mupdf.pdf_page_obj_transform(mupdf.pdf_lookup_page_obj(pdf, number), mediabox, ctm)
        bounds = mupdf.fz_transform_rect(mediabox, ctm)
        sizes.append((bounds.x1 - bounds.x0, bounds.y1 - bounds.y0))
    return tuple(sizes)
