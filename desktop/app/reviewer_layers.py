"""Each reviewer's colour, for "colour by reviewer" on the page, in the list and in the
curation view: one palette, so a reviewer has the same colour everywhere.

The colours are Okabe and Ito's palette for colour-blind readers (without its black and
yellow, which are lost on a page or behind text), given in the order of the reviewers' ids,
so a reviewer keeps their colour in every window of the same project.
"""

from __future__ import annotations

from desktop.core.model import ReviewerId

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00")


def reviewer_color(reviewer_id: ReviewerId) -> str:
    """``#RRGGBB`` for the reviewer; the palette repeats past six reviewers."""
    return PALETTE[(reviewer_id - 1) % len(PALETTE)]
