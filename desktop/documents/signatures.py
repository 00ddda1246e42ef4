"""Digital signatures in a PDF that gets highlights: keep them valid, or say why that can't be done.

A signature covers the bytes of the file as it was signed (/ByteRange). Rewriting the file, as
an export otherwise does to drop unused objects and compress, moves those bytes and breaks
every signature. Viewers then report the document as altered. So a signed PDF is saved as an
**incremental update**: its bytes stay exactly as signed and the highlights are appended
after them, which is how Acrobat itself adds comments to a signed file. Each signature stays
valid for the revision it signed. A viewer says that comments were added after signing, which
is true.

Two cases are refused, with a sentence saying why, rather than writing a file whose signature a
viewer would call broken:

* a PDF **certified** against comments: the author's certification signature (DocMDP,
  ISO 32000 §12.8.2.2) allows no changes (level 1) or only form filling and signing (level 2),
  so any added highlight breaks the certification, even in an incremental update;
* a signed PDF that MuPDF had to repair on opening: it cannot be updated incrementally, and a
  rewrite would break the signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pymupdf

from desktop.core.errors import AccordError

ANNOTATIONS_ALLOWED = 3
"""The DocMDP level from which comments may be added to a certified document."""
_DEFAULT_LEVEL = 2
"""A DocMDP transform without /P means level 2 (ISO 32000 Table 254)."""
_MAX_FIELDS = 10_000
"""Form fields looked at for a signature: a form is never this large, a loop in a damaged one
can be."""
_LEVEL = re.compile(r"/P\s+(\d+)")
_REFERENCE = re.compile(r"(\d+)\s+\d+\s+R")


class SignedPdfError(AccordError):
    """A signed PDF cannot take highlights without breaking its signature."""


@dataclass(frozen=True, slots=True)
class Signatures:
    signed: bool
    """Whether a signature field holds a signature."""
    certification: int | None
    """The DocMDP level (1, 2 or 3) of a certified document, None when it is not certified."""


def signatures(pdf: pymupdf.Document) -> Signatures:
    """The document's signatures, as far as adding highlights is concerned."""
    return Signatures(_signed(pdf), _certification(pdf))


def check_annotatable(pdf: pymupdf.Document, found: Signatures) -> None:
    """Raise ``SignedPdfError`` when highlights cannot be added without breaking a signature."""
    level = found.certification
    if level is not None and level < ANNOTATIONS_ALLOWED:
        allows = "no changes at all" if level <= 1 else "only form filling and signing"
        raise SignedPdfError(
            f"its author certified it with a signature that allows {allows} (DocMDP level "
            f"{level}), so adding highlights would break the certification. Leave it out of "
            "the export, or ask its author for a copy that allows comments."
        )
    if found.signed and not pdf.can_save_incrementally():
        raise SignedPdfError(
            "it is signed, but damaged: Accord cannot add highlights after the signed version "
            "without rewriting the file, which would break the signature."
        )


def _signed(pdf: pymupdf.Document) -> bool:
    """Whether a field of the form (walked from /AcroForm /Fields, /FT inherited by kids) is
    a signature field with a value."""
    kind, fields = pdf.xref_get_key(pdf.pdf_catalog(), "AcroForm/Fields")
    if kind == "xref":  # the array itself is an indirect object
        fields = pdf.xref_object(int(fields.split()[0]), compressed=True)
    elif kind != "array":
        return False
    stack = [(int(xref), None) for xref in _REFERENCE.findall(fields)]
    seen: set[int] = set()
    while stack and len(seen) < _MAX_FIELDS:
        xref, inherited = stack.pop()
        if xref in seen or not 0 < xref < pdf.xref_length():
            continue
        seen.add(xref)
        kind, value = pdf.xref_get_key(xref, "FT")
        field_type = value if kind == "name" else inherited
        if field_type == "/Sig" and pdf.xref_get_key(xref, "V")[0] not in ("null", "none"):
            return True
        kind, kids = pdf.xref_get_key(xref, "Kids")
        if kind == "array":
            stack.extend((int(kid), field_type) for kid in _REFERENCE.findall(kids))
    return False


def _certification(pdf: pymupdf.Document) -> int | None:
    """The /P of the DocMDP transform of the signature /Perms /DocMDP names, if any."""
    kind, signature = pdf.xref_get_key(pdf.pdf_catalog(), "Perms/DocMDP")
    if kind != "xref":
        return None
    kind, references = pdf.xref_get_key(int(signature.split()[0]), "Reference")
    if kind == "xref":
        references = pdf.xref_object(int(references.split()[0]), compressed=True)
    elif kind != "array":
        return _DEFAULT_LEVEL
    texts = [references]
    if "<<" not in references:  # an array of references to the dictionaries
        texts = [
            pdf.xref_object(int(xref), compressed=True)
            for xref in _REFERENCE.findall(references)
            if 0 < int(xref) < pdf.xref_length()
        ]
    for text in texts:
        if "/DocMDP" in text:
            level = _LEVEL.search(text.split("/TransformParams", 1)[-1])
            return int(level[1]) if level else _DEFAULT_LEVEL
    return _DEFAULT_LEVEL
