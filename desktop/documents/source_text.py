"""The text of the document an Accord PDF was rendered from, kept in the PDF to read it back by.

An HTML article (or a text or EPUB file) is exported as the PDF of its reading pages. Its
canonical text comes from its markup: each HTML block is a paragraph. The PDF's canonical
text comes from MuPDF's blocks of the drawn page, and these differ: a small label just above
a headline ("News article", then the title) is one PDF block, so the PDF text joins them with
a space where the article has a paragraph break, and every offset after it is one less. An
offset read from the PDF is then not the article's offset. Re-anchoring by quote usually
lands on the right words, but the span is not the same (a quote across that join is not even
in the other text).

So the export keeps the source document's canonical text in the PDF, with the source's
sha256, in the document's page-piece dictionary (ISO 32000 §14.5, the catalog's
``/PieceInfo /Accord``: the standard place for an application's private data, which every
reader ignores). When a highlight is read back from such a PDF (Accord's own, or one a
colleague highlighted further in Acrobat), the kept text is cut where the PDF's pages end
and each page's PDF text is aligned with its part. Both are laid out from the same pages and
differ only in whitespace and the odd hyphen, so each PDF offset moves to its own character
in the source's text, and the highlight has exactly the span it had in the article. The kept
text is used only when the PDF still names the same source and shows the same words, so a
PDF with pages added, removed or edited is read on its own text.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import pymupdf
from rapidfuzz.distance import Indel

PIECE_KEY = "Accord"
"""Our entry in the catalog's /PieceInfo (the page-piece dictionary's data dictionary name)."""
_HYPHENS = frozenset("-\u2010\u00ad")
_Op = tuple[str, int, int, int, int]
"""An alignment step: tag, start and end in the PDF's piece, start and end in the kept one."""


def keep_source_text(pdf: pymupdf.Document, text: str, *, source: str, when: str) -> None:
    """Store the source's canonical ``text`` (``source`` is its sha256, ``when`` the PDF date
    of the export, the data dictionary's required /LastModified)."""
    stream = pdf.get_new_xref()
    pdf.update_object(stream, "<<>>")
    pdf.update_stream(stream, text.encode("utf-8"), compress=True)
    private = f"<</Source{pymupdf.get_pdf_str(source)}/Text {stream} 0 R>>"
    pdf.xref_set_key(
        pdf.pdf_catalog(),
        "PieceInfo",
        f"<</{PIECE_KEY}<</LastModified{pymupdf.get_pdf_str(when)}/Private{private}>>>>",
    )


def kept_source_text(pdf: pymupdf.Document, source: str | None) -> str | None:
    """The text ``keep_source_text`` stored for the document ``source``; None when there is
    none, or it is another document's."""
    if source is None:
        return None
    private = f"PieceInfo/{PIECE_KEY}/Private"
    kind, named = pdf.xref_get_key(pdf.pdf_catalog(), f"{private}/Source")
    if kind != "string" or named.lower() != source:
        return None
    kind, text = pdf.xref_get_key(pdf.pdf_catalog(), f"{private}/Text")
    if kind != "xref":
        return None
    try:
        stream: bytes = pdf.xref_stream(int(text.split()[0]))
        return stream.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None


def _cut_like(kept: str, pieces: Sequence[str]) -> list[str] | None:
    """The kept text in one part per page, each ending where its page's PDF text does (after
    as many characters other than whitespace and hyphens, and the hyphens that end the page's
    last word); None when the PDF does not show the kept text's words."""
    if _letters("".join(pieces)) != _letters(kept):
        return None
    parts: list[str] = []
    start = index = 0
    for piece in pieces[:-1]:
        wanted = len(_letters(piece))
        while wanted:
            if _is_letter(kept[index]):
                wanted -= 1
            index += 1
        while index < len(kept) and kept[index] in _HYPHENS:
            index += 1
        parts.append(kept[start:index])
        start = index
    parts.append(kept[start:])
    return parts


def _letters(text: str) -> str:
    """What the PDF and the kept text must share: they may differ in whitespace (paragraph
    breaks, spaces) and in hyphens (the PDF's lines are de-hyphenated)."""
    return "".join(char for char in text if _is_letter(char))


def _is_letter(char: str) -> bool:
    return not char.isspace() and char not in _HYPHENS


class ShownText:
    """The text highlight offsets count in, and where a page's PDF characters are in it.

    Without ``kept`` parts that is the PDF's own canonical text; with them (the source's text
    in one part per page, ``_cut_like``), the source document's, each page's PDF piece aligned
    with the page's part."""

    def __init__(self, pieces: Sequence[str], kept: Sequence[str] | None = None) -> None:
        self._pieces = list(pieces)
        self._kept = list(kept) if kept is not None else None
        target = self._kept if self._kept is not None else self._pieces
        self.text = "".join(target)
        self._bases = [0]
        for piece in target[:-1]:
            self._bases.append(self._bases[-1] + len(piece))
        self._alignments: dict[int, tuple[list[int], list[_Op]]] = {}

    def span(self, page: int, first: int, last: int) -> tuple[int, int]:
        """The span from the page's PDF character ``first`` to its character ``last``
        (both included, indexes in the page's piece) in ``text``, end exclusive."""
        base = self._bases[page]
        if self._kept is None:
            return base + first, base + last + 1
        return base + self._moved(page, first, end=False), base + self._moved(page, last, end=True)

    def _moved(self, page: int, index: int, *, end: bool) -> int:
        """Where the PDF character ``index`` is in the kept piece: its own position when the
        alignment pairs it (plus one for an ``end``), else the edge of the unpaired stretch."""
        starts, ops = self._alignment(page)
        tag, src_start, _, dest_start, dest_end = ops[bisect.bisect_right(starts, index) - 1]
        if tag == "equal":
            return dest_start + index - src_start + (1 if end else 0)
        return dest_end if end else dest_start

    def _alignment(self, page: int) -> tuple[list[int], list[_Op]]:
        found = self._alignments.get(page)
        if found is None:
            assert self._kept is not None
            ops = [
                (op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
                for op in Indel.opcodes(self._pieces[page], self._kept[page])
                if op.src_end > op.src_start
            ]  # insertions hold no PDF character
            found = ([op[1] for op in ops], ops)
            self._alignments[page] = found
        return found


def shown_text(pdf: pymupdf.Document, pieces: Sequence[str], source: str | None) -> ShownText:
    """The text a PDF's highlights are read in: the kept source text when the PDF has it
    and still shows its words, else the PDF's own ``pieces``."""
    kept = kept_source_text(pdf, source)
    parts = None if kept is None else _cut_like(kept, pieces)
    return ShownText(pieces, parts)
