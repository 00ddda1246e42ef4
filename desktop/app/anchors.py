"""Turn a selection in a document's text layer into the anchor an annotation stores."""

from __future__ import annotations

from desktop.anchoring import describe
from desktop.app.annotating import CreateAnnotation
from desktop.core.model import Anchor, CodeId, DocumentId
from desktop.core.textlayer import TextLayer


def anchor_for_span(layer: TextLayer, start: int, end: int) -> Anchor:
    """Both text selectors of ``[start, end)``, the page it starts on and its highlight
    rectangles. ``AnchoringError`` for an empty or out-of-range span."""
    position, quote = describe(layer.text, start, end)
    return Anchor(
        position.start,
        position.end,
        quote.exact,
        quote.prefix,
        quote.suffix,
        layer.page_of(start),
        tuple(layer.rects(start, end)),
    )


def annotation_from_span(
    layer: TextLayer,
    start: int,
    end: int,
    *,
    document_id: DocumentId,
    code_ids: tuple[CodeId, ...] = (),
    note: str = "",
) -> CreateAnnotation:
    """The command that highlights ``[start, end)`` of the document (and codes it)."""
    return CreateAnnotation(document_id, anchor_for_span(layer, start, end), code_ids, note)
