"""Reviewer layers: which reviewers' highlights a window shows, and whether it colours them by
reviewer instead of by code. A view setting, not an edit: nothing of it is stored in the
project, and the same project shows the same highlights to every other window.

Each reviewer's colour comes from one palette, so a reviewer has the same colour on the page,
in the annotations list and in the curation view: Okabe and Ito's palette for colour-blind
readers (without its black and yellow, which are lost on a page or behind text), in the order
of the reviewers' ids, so a reviewer keeps their colour in every window of the same project.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.model import ReviewerId

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00")


def reviewer_color(reviewer_id: ReviewerId) -> str:
    """``#RRGGBB`` for the reviewer; the palette repeats past six reviewers."""
    return PALETTE[(reviewer_id - 1) % len(PALETTE)]


@dataclass(frozen=True, slots=True)
class ReviewerLayers:
    hidden: frozenset[ReviewerId] = frozenset()
    """Reviewers whose highlights are not shown."""
    only: ReviewerId | None = None
    """Show this reviewer's highlights alone ("only mine"), whatever ``hidden`` says."""
    by_reviewer: bool = False
    """Colour each highlight in its reviewer's colour instead of its codes'."""

    def shows(self, reviewer_id: ReviewerId) -> bool:
        if self.only is not None:
            return reviewer_id == self.only
        return reviewer_id not in self.hidden

    @property
    def all_shown(self) -> bool:
        """Every reviewer is shown: nothing to filter."""
        return self.only is None and not self.hidden

    def shown_among(self, reviewers: frozenset[ReviewerId]) -> frozenset[ReviewerId]:
        """Which of ``reviewers`` are shown: what the annotations list keeps."""
        return frozenset(r for r in reviewers if self.shows(r))

    def toggled(self, reviewer_id: ReviewerId) -> ReviewerLayers:
        """The same layers with that reviewer shown if hidden, hidden if shown (and "only
        mine" off: choosing reviewers one by one is the other way to say who to see)."""
        hidden = self.hidden ^ {reviewer_id} if self.only is None else self.hidden
        return ReviewerLayers(frozenset(hidden), None, self.by_reviewer)
