"""Write a document as a PDF with real /Highlight annotations, for people who read in a PDF reader.

Every PDF reader shows, prints and lists these highlights: each keeps its colour (/C, the
colour of its code), who made it (/T), the analyst's note (/Contents), its codes (/Subj, see
``subjects``), Accord's annotation id (/NM, so an import recognises it) and its dates, with an
appearance stream so that every viewer draws it the same (see ``shared/specs/INTEROP.md`` §3).

The highlights are placed by the rectangles Accord stores, which are in the displayed page's
space: a PDF keeps its own pages (rectangles are turned back through /Rotate; the crop box is
PyMuPDF's page origin already), and an HTML, text or EPUB document is first laid out and
converted to PDF exactly as the reader shows it (the reading page of ``opening``), so the
rectangles land on the same words. MuPDF writes a wrong ToUnicode entry for any character
beyond the Basic Multilingual Plane in the PDFs it makes; ``tounicode`` repairs those. Such a
rendered PDF also keeps the document's canonical text (``source_text``), so its highlights
read back on exactly the spans they came from.

A PDF is rewritten compactly, unless it is signed: then the highlights are appended as an
incremental update, which leaves the signed bytes, and so every signature, intact; a PDF
whose certification forbids comments is refused with the reason (``signatures``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import pymupdf
from pymupdf import mupdf

from desktop.core.geometry import Rect
from desktop.core.leftovers import scratch_folder
from desktop.documents import reflow, tounicode
from desktop.documents.opening import (
    READING_FONT_SIZE,
    READING_PAGE_HEIGHT,
    READING_PAGE_WIDTH,
    fingerprint,
)
from desktop.documents.page_boxes import PageBoxes
from desktop.documents.protocol import WORKING_EVERY, Highlight
from desktop.documents.signatures import check_annotatable, signatures
from desktop.documents.sniffing import decode_text
from desktop.documents.source_text import keep_source_text
from desktop.documents.subjects import join_codes

SOURCE_KEY = "AccordSource"
"""Key in the PDF's document information dictionary naming (by sha256) the document the PDF
was exported from, so an import of the PDF finds that document again, even an HTML article
whose text the PDF lays out slightly differently."""
PIECE_SEPARATOR = "#"
"""A highlight across a page break is one /Highlight per page (an annotation lives on one page):
the first is named by the annotation id, the next ``ID#2``, ``ID#3``, ... (/NM must be unique)."""

_FILETYPES = {"html": "html", "text": "html", "epub": "epub"}
_Line = tuple[tuple[float, float, float, float], tuple[int, int]]
"""A text line's box and writing direction (an axis), in unrotated page space."""


@dataclass(frozen=True, slots=True)
class _Piece:
    """The part of a highlight on one page, and the /NM it is written under."""

    name: str
    highlight: Highlight
    rects: list[Rect]


Working = Callable[[int, int], None]
"""Told ``(done, total)`` as a long piece of work goes on (see ``protocol.Working``)."""


def tell_no_one(done: int, total: int) -> None:
    """The ``Working`` of work that nobody waits for."""


_SHA256 = re.compile(r"[0-9A-Fa-f]{64}")
_HEX_COLOUR = re.compile(r"#([0-9A-Fa-f]{6})")
_PDF_DATE = re.compile(
    r"(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
    r"(?:([Zz+\-])(?:(\d{2})'?(?:(\d{2})'?)?)?)?"
)


def annotated_pdf(
    data: bytes,
    kind: str,
    highlights: Sequence[Highlight],
    *,
    canonical: str | None = None,
    working: Working = tell_no_one,
) -> bytes:
    """The document (its file's bytes, of ``kind`` "pdf", "html", "text" or "epub") as PDF bytes
    carrying one /Highlight per highlight and page. A highlight Accord wrote before with the same
    id (the document was itself an exported PDF) is replaced, not doubled. ``SignedPdfError``
    for a signed PDF that cannot take highlights without breaking its signature.

    ``canonical``: a reflowable document's canonical text when the caller has it already (the
    worker does, for a document it has open): computing it again took 60% of the export of a
    250-page article. ``working(done, total)`` is called every ``WORKING_EVERY`` highlights."""
    source = fingerprint(data)
    if kind != "pdf":
        doc, text = _rendered(data, kind, canonical)
        try:
            _annotate(doc, source, highlights, working)
            keep_source_text(doc, text, source=source, when=pdf_date(datetime.now(UTC)))
            return _saved(doc)
        finally:
            doc.close()
    doc = pymupdf.open(stream=data, filetype="pdf")
    try:
        found = signatures(doc)
        check_annotatable(doc, found)
        if not found.signed:
            _annotate(doc, source, highlights, working)
            return _saved(doc)
    finally:
        doc.close()
    return _appended(data, source, highlights, working)


def pdf_date(moment: datetime) -> str:
    """A PDF date in UTC, ``D:YYYYMMDDHHmmSSZ`` (ISO 32000 §7.9.4)."""
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%SZ")


def parse_pdf_date(text: str) -> datetime | None:
    """A PDF date (fields after the year optional, as the standard allows) in UTC, or None when
    it is not one. A date without a time zone is taken as UTC."""
    found = _PDF_DATE.fullmatch(text.strip())
    if found is None:
        return None
    year, month, day, hour, minute, second, sign, tz_hours, tz_minutes = found.groups()
    offset = timedelta(hours=int(tz_hours or 0), minutes=int(tz_minutes or 0))
    try:
        zone = timezone(-offset if sign == "-" else offset) if sign in ("+", "-") else UTC
        moment = datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=zone,
        )
    except ValueError:
        return None
    return moment.astimezone(UTC)


def rgb(colour: str) -> tuple[float, float, float]:
    """``#RRGGBB`` as the three numbers in 0..1 that /C holds."""
    found = _HEX_COLOUR.fullmatch(colour)
    if found is None:
        raise ValueError(f"“{colour}” is not a #RRGGBB colour")
    value = found[1]
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def hex_colour(components: Sequence[float]) -> str | None:
    """/C as ``#RRGGBB``: gray, RGB or CMYK (ISO 32000 §12.5.2); None for none or another."""
    values = [min(max(float(v), 0.0), 1.0) for v in components]
    if len(values) == 1:
        values = values * 3
    elif len(values) == 4:
        c, m, y, k = values
        values = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    elif len(values) != 3:
        return None
    return "#" + "".join(f"{round(v * 255):02X}" for v in values)


def source_of(doc: pymupdf.Document) -> str | None:
    """The sha256 of the document a PDF was exported from, if Accord wrote it."""
    kind, info = doc.xref_get_key(-1, "Info")
    if kind != "xref":
        return None
    kind, value = doc.xref_get_key(int(info.split()[0]), SOURCE_KEY)
    return value.lower() if kind == "string" and _SHA256.fullmatch(value) else None


def _rendered(data: bytes, kind: str, canonical: str | None) -> tuple[pymupdf.Document, str]:
    """The document laid out on the reading page and converted to PDF (its fonts subset, its
    ToUnicode maps repaired), and its canonical text (what the reader's offsets count in)."""
    if kind not in _FILETYPES:
        raise ValueError(f"Accord cannot write a “{kind}” document as PDF")
    text = decode_text(data) if kind == "text" else None
    content = data if text is None else reflow.plain_text_page(text)
    if canonical is None:
        canonical = (
            reflow.markup_text(content, _FILETYPES[kind])
            if text is None
            else reflow.plain_text(text)
        )
    source = pymupdf.open(stream=content, filetype=_FILETYPES[kind])
    try:
        source.layout(
            width=READING_PAGE_WIDTH, height=READING_PAGE_HEIGHT, fontsize=READING_FONT_SIZE
        )
        title = (source.metadata or {}).get("title", "").strip()
        pdf = pymupdf.open("pdf", source.convert_to_pdf())
    finally:
        source.close()
    if title:
        pdf.set_metadata({"title": title})
    pdf.subset_fonts()
    _repair_to_unicode(pdf)
    return pdf, canonical


def _saved(doc: pymupdf.Document) -> bytes:
    """The document written compactly. Through a file: PyMuPDF's ``tobytes`` hands MuPDF's
    output to Python a few bytes at a time (700,000 calls for 10,000 highlights)."""
    with scratch_folder("pdf") as folder:
        path = folder / "annotated.pdf"
        doc.save(path, garbage=1, deflate=True)
        return path.read_bytes()


def _appended(data: bytes, source: str, highlights: Sequence[Highlight], working: Working) -> bytes:
    """The signed PDF with the highlights in an incremental update after its signed bytes
    (MuPDF appends only to the file it opened, so the bytes go through a temporary file)."""
    with scratch_folder("signed") as folder:
        path = folder / "signed.pdf"
        path.write_bytes(data)
        doc = pymupdf.open(path)
        try:
            _annotate(doc, source, highlights, working)
            doc.saveIncr()
        finally:
            doc.close()
        return path.read_bytes()


def _annotate(
    doc: pymupdf.Document, source: str, highlights: Sequence[Highlight], working: Working
) -> None:
    _mark_source(doc, source)
    _remove_previous(doc, {highlight.id for highlight in highlights})
    by_page = _pieces_by_page(doc, highlights)
    total, done = sum(len(pieces) for pieces in by_page.values()), 0
    for page_number, pieces in by_page.items():

        def on_page(made: int, before: int = done) -> None:
            working(before + made, total)

        _add_page(doc[page_number], pieces, working=on_page)
        done += len(pieces)


def _repair_to_unicode(pdf: pymupdf.Document) -> None:
    for xref in range(1, pdf.xref_length()):
        kind, value = pdf.xref_get_key(xref, "ToUnicode")
        if kind != "xref":
            continue
        stream = int(value.split()[0])
        cmap = pdf.xref_stream(stream).decode("latin-1")
        if tounicode.needs_repair(cmap):
            pdf.update_stream(stream, tounicode.repair(cmap).encode("latin-1"))


def _mark_source(doc: pymupdf.Document, source: str) -> None:
    if doc.xref_get_key(-1, "Info")[0] != "xref":
        doc.set_metadata(doc.metadata or {})  # makes the information dictionary
    info = int(doc.xref_get_key(-1, "Info")[1].split()[0])
    doc.xref_set_key(info, SOURCE_KEY, pymupdf.get_pdf_str(source))


def _remove_previous(doc: pymupdf.Document, ids: set[str]) -> None:
    """Remove the highlights Accord wrote before under these ids, and the replies to them (as
    PyMuPDF's ``delete_annot`` does, but in one pass over the page: it looks for replies
    through the whole page once per highlight, so replacing 4,000 took half a minute)."""
    for page in doc.pages():
        annots = list(_annotations_of(page))
        stale = {
            annot.xref
            for annot in annots
            if annot.type[0] == mupdf.PDF_ANNOT_HIGHLIGHT
            and annot.info.get("id", "").split(PIECE_SEPARATOR)[0] in ids
        }
        if not stale:
            continue
        pdf_page = mupdf.pdf_page_from_fz_page(page.this)
        for annot in annots:
            if annot.xref in stale or annot.irt_xref in stale:
                mupdf.pdf_delete_annot(pdf_page, annot.this)


def highlights_of(page: pymupdf.Page) -> Iterator[pymupdf.Annot]:
    """The page's /Highlight annotations, in the page's order."""
    return (annot for annot in _annotations_of(page) if annot.type[0] == mupdf.PDF_ANNOT_HIGHLIGHT)


def _annotations_of(page: pymupdf.Page) -> Iterator[pymupdf.Annot]:
    """The page's annotations, in the page's order. (PyMuPDF's ``page.annots()`` looks each
    one up from the start of the page's list: quadratic, 140 s for 10,000.)"""
    annot = page.first_annot
    while annot is not None:
        following = annot.next
        yield annot
        annot = following


def _pieces_by_page(
    doc: pymupdf.Document, highlights: Sequence[Highlight]
) -> dict[int, list[_Piece]]:
    """Each page's pieces of highlights, in the highlights' order: one /Highlight per page a
    highlight covers, the first named by its id, the next ``ID#2``, ``ID#3``..."""
    by_page: dict[int, list[_Piece]] = {}
    page_count = doc.page_count
    for highlight in highlights:
        pages: dict[int, list[Rect]] = {}
        for piece in highlight.rects:
            pages.setdefault(piece.page, []).append(piece.rect)
        for number, (page_number, rects) in enumerate(pages.items(), start=1):
            if not 0 <= page_number < page_count:
                raise ValueError(
                    f"highlight {highlight.id} is on page {page_number + 1}, but "
                    f"the document has {page_count} pages"
                )
            name = highlight.id if number == 1 else f"{highlight.id}{PIECE_SEPARATOR}{number}"
            by_page.setdefault(page_number, []).append(_Piece(name, highlight, rects))
    return by_page


def _add_page(page: pymupdf.Page, pieces: list[_Piece], *, working: Callable[[int], None]) -> None:
    """One /Highlight per piece, each with its appearance stream. Made with MuPDF's own calls,
    the page's appearance streams at once: per annotation, MuPDF's ``pdf_update_annot`` takes
    time that grows with the annotations the page has, PyMuPDF's ``add_highlight_annot``
    reads every name on the page to give the new one a unique /NM (which Accord replaces),
    and its ``Annot.update`` adds a fixed 1–3 ms; so 10,000 highlights took 140 s.
    ``working(made)`` is called every ``WORKING_EVERY`` pieces."""
    lines = _line_directions(page)
    derotation = page.derotation_matrix
    quads = []
    for piece in pieces:
        unrotated = [turned(rect, derotation) for rect in piece.rects]
        quads.append([_quad(rect, _direction(rect, lines)) for rect in unrotated])
    pdf_page = mupdf.pdf_page_from_fz_page(page.this)
    rotation = page.rotation
    annots = []
    # MuPDF takes quads in the displayed page's space, which is the unrotated one only while
    # /Rotate is 0 (PyMuPDF's add_highlight_annot does the same).
    page.set_rotation(0)
    try:
        for piece_quads in quads:
            annot = mupdf.pdf_create_annot(pdf_page, mupdf.PDF_ANNOT_HIGHLIGHT)
            for quad in piece_quads:
                mupdf.pdf_add_annot_quad_point(annot, mupdf.fz_make_quad(*quad))
            annots.append(annot)
    finally:
        page.set_rotation(rotation)
    for made, (piece, annot) in enumerate(zip(pieces, annots, strict=True)):
        if made % WORKING_EVERY == 0:
            working(made)
        highlight = piece.highlight
        mupdf.pdf_set_annot_color(annot, list(rgb(highlight.colour)))
        entries = mupdf.pdf_annot_obj(annot)
        for key, value in (
            ("T", highlight.reviewer),
            ("Contents", highlight.note),
            ("Subj", join_codes(highlight.codes)),
            ("CreationDate", pdf_date(highlight.created)),
            ("M", pdf_date(highlight.modified)),
            ("NM", piece.name),
        ):
            mupdf.pdf_dict_put_text_string(entries, mupdf.pdf_new_name(key), value)
    mupdf.pdf_update_page(pdf_page)  # every new appearance stream at once


def _line_directions(page: pymupdf.Page) -> PageBoxes[_Line]:
    """Each text line's box and writing direction (snapped to an axis), unrotated page space."""
    unrotated = page.rect * page.derotation_matrix
    lines = []
    for block in page.get_text("dict", flags=0)["blocks"]:
        for line in block.get("lines", ()):
            dx, dy = line["dir"]
            direction = (
                (1 if dx >= 0 else -1, 0) if abs(dx) >= abs(dy) else (0, 1 if dy >= 0 else -1)
            )
            box = tuple(line["bbox"])
            lines.append((*box, (box, direction)))
    return PageBoxes(lines, top=unrotated.y0, bottom=unrotated.y1)


def turned(rect: Rect, matrix: pymupdf.Matrix) -> Rect:
    """The box around ``rect`` turned by ``matrix`` (plain arithmetic: PyMuPDF's ``Rect *
    Matrix`` costs as much as writing the highlight). A page's rotation matrices turn by
    right angles, so the box of a turned quad is the turned box of the quad."""
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    xs = [a * x + c * y + e for x in (rect.x0, rect.x1) for y in (rect.y0, rect.y1)]
    ys = [b * x + d * y + f for x in (rect.x0, rect.x1) for y in (rect.y0, rect.y1)]
    return Rect(min(xs), min(ys), max(xs), max(ys))


def _direction(rect: Rect, lines: PageBoxes[_Line]) -> tuple[int, int]:
    """The writing direction of the line the rectangle overlaps most (left to right if none)."""
    best, direction = 0.0, (1, 0)
    for (x0, y0, x1, y1), line_direction in lines.touching(rect.x0, rect.y0, rect.x1, rect.y1):
        overlap = max(0.0, min(rect.x1, x1) - max(rect.x0, x0)) * max(
            0.0, min(rect.y1, y1) - max(rect.y0, y0)
        )
        if overlap > best:
            best, direction = overlap, line_direction
    return direction


def _quad(rect: Rect, direction: tuple[int, int]) -> tuple[float, ...]:
    """The rectangle as a quad in the de-facto order readers expect: upper-left, upper-right,
    lower-left, lower-right as seen along the text (so text turned on the page stays right),
    each corner's x and y."""
    dx, dy = direction
    up = (dy, -dx)  # the glyphs' up, in y-down page space

    def along(point: tuple[float, float]) -> float:
        return point[0] * dx + point[1] * dy

    def height(point: tuple[float, float]) -> float:
        return point[0] * up[0] + point[1] * up[1]

    corners = sorted(
        ((rect.x0, rect.y0), (rect.x1, rect.y0), (rect.x0, rect.y1), (rect.x1, rect.y1)), key=along
    )
    upper_left, lower_left = sorted(corners[:2], key=height, reverse=True)
    upper_right, lower_right = sorted(corners[2:], key=height, reverse=True)
    return (*upper_left, *upper_right, *lower_left, *lower_right)
