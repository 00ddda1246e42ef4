"""A highlight resized past its neighbours keeps its row, as the list promises; the next new
annotation then cannot be placed by its neighbours, and the list is put in reading order again
(keeping the selection) rather than the new row going in the wrong place."""

from __future__ import annotations

from desktop.app.anchors import anchor_for_span
from desktop.app.annotating import ResizeAnnotation
from tests.ui import test_annotation_list as listing

corpus, work, dock = listing.corpus, listing.work, listing.dock
"""The annotation list's fixtures: its corpus, six annotations by Ada and Bea, the dock."""
shown = listing.shown


def test_a_new_row_lands_in_reading_order_after_a_resize(work, dock) -> None:
    resets = []
    dock.model.modelReset.connect(lambda: resets.append(True))
    letter = work.corpus.letter
    layer = work.corpus.layers[letter]
    later = layer.text.index("twinning") + len("twinning ")  # past "funding" in the letter
    work.bridge.execute(
        ResizeAnnotation(work.ids["covid"], anchor_for_span(layer, later, later + 12))
    )
    assert shown(dock, work) == [
        "challenges",
        "covid",
        "open_letter",
        "funding",
        "gabriel",
        "open_article",
    ]  # covid keeps its row
    dock.show_annotation(work.ids["gabriel"])
    work.annotate("smart", letter, "Smart Cities", "Smart cities")
    assert shown(dock, work) == [
        "challenges",
        "open_letter",
        "smart",
        "funding",
        "covid",
        "gabriel",
        "open_article",
    ]
    assert resets == [True]
    assert dock.current_annotation_id() == work.ids["gabriel"]
    assert dock.filter_bar.count_label.text() == "7 annotations"
    work.annotate("japan", work.corpus.article, "Japan", "Dialogue")  # in order again: in place
    assert resets == [True]
    assert shown(dock, work).index("japan") > shown(dock, work).index("covid")
