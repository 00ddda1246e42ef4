"""Anchors from selections, and re-anchoring when a document's text changes."""

from __future__ import annotations

import dataclasses

import pytest

from desktop.anchoring import AnchoringError
from desktop.app.anchors import anchor_for_span, annotation_from_span
from desktop.app.reanchoring import reanchor_document
from tests.app.conftest import Workbench
from tests.store.helpers import TEXT, text_layer


def test_an_anchor_has_both_selectors_the_page_and_one_rect_per_line() -> None:
    layer = text_layer(TEXT)
    start = TEXT.index("digital")
    end = TEXT.index("dialogue") + len("dialogue")
    anchor = anchor_for_span(layer, start, end)
    assert (anchor.start, anchor.end, anchor.exact) == (start, end, TEXT[start:end])
    assert anchor.prefix == TEXT[start - 32 : start] and anchor.suffix == TEXT[end : end + 32]
    assert anchor.page == layer.page_of(start)
    assert [r.page for r in anchor.rects] == [0, 0, 1]  # across a page break
    with pytest.raises(AnchoringError):
        anchor_for_span(layer, 5, 5)


def test_a_changed_text_moves_annotations_and_reports_orphans(bench: Workbench) -> None:
    for quote in ("joint calls", "regular dialogue"):
        start = TEXT.index(quote)
        bench.editor.execute(
            annotation_from_span(
                bench.layer, start, start + len(quote), document_id=bench.document_id
            )
        )
    new_text = "A new first sentence. " + TEXT.replace("regular dialogue", "forum")
    result = reanchor_document(bench.project, bench.document_id, text_layer(new_text))
    (moved,) = result.moved
    assert new_text[moved.anchor.start : moved.anchor.end] == "joint calls"
    ((orphan, reason),) = result.orphans
    assert orphan.anchor.exact == "regular dialogue" and "regular dialogue" in reason
    assert bench.project.documents.get(bench.document_id).text_sha256 == bench.layer.sha256()


def test_when_every_annotation_is_placed_the_new_text_is_recorded(bench: Workbench) -> None:
    start = TEXT.index("joint calls")
    bench.editor.execute(
        annotation_from_span(bench.layer, start, start + 11, document_id=bench.document_id)
    )
    layer = text_layer("Preface. " + TEXT)
    reanchor_document(bench.project, bench.document_id, layer)
    assert bench.project.documents.get(bench.document_id).text_sha256 == layer.sha256()
    again = reanchor_document(bench.project, bench.document_id, layer)
    assert again == dataclasses.replace(again, moved=(), orphans=())
