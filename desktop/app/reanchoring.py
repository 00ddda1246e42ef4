"""Bring a document's annotations in line with a newly extracted text layer.

Each document records the sha256 of the text its annotations' offsets refer to. When Accord
extracts a different text (a newer Accord reads PDFs differently, say), every annotation is
placed again with ``desktop.anchoring.reanchor`` before any offset is trusted. Annotations that
cannot be placed are reported and left untouched, and the document keeps its old text sha256,
so they are tried again next time instead of silently pointing at the wrong words.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from desktop.anchoring import Anchored, TextPositionSelector, TextQuoteSelector, reanchor
from desktop.app.anchors import anchor_for_span
from desktop.core.model import Annotation, DocumentId
from desktop.core.textlayer import TextLayer
from desktop.store import Project


@dataclass(frozen=True, slots=True)
class Reanchored:
    moved: tuple[Annotation, ...]
    orphans: tuple[tuple[Annotation, str], ...]
    """Annotations that could not be placed, with the reason to show."""


def reanchor_document(project: Project, document_id: DocumentId, layer: TextLayer) -> Reanchored:
    """Re-place the document's annotations on ``layer`` if its text changed (one transaction;
    not an undoable edit: it follows the text, not the analyst)."""
    document = project.documents.get(document_id)
    text_sha256 = layer.sha256()
    if document is None or document.text_sha256 == text_sha256:
        return Reanchored((), ())
    moved: list[Annotation] = []
    orphans: list[tuple[Annotation, str]] = []
    with project.transaction():
        for annotation in project.annotations.in_document(document_id):
            a = annotation.anchor
            placed = reanchor(
                layer.text,
                TextPositionSelector(a.start, a.end),
                TextQuoteSelector(a.exact, a.prefix, a.suffix),
            )
            if not isinstance(placed, Anchored):
                orphans.append((annotation, placed.reason))
                continue
            anchor = anchor_for_span(layer, placed.start, placed.end)
            if anchor != a:
                annotation = dataclasses.replace(annotation, anchor=anchor)
                project.annotations.update(annotation)
                moved.append(annotation)
        if not orphans:
            project.documents.set_text_sha256(document_id, text_sha256)
    return Reanchored(tuple(moved), tuple(orphans))
