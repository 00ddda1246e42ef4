"""A page's highlights gathered while it is read, a slice at a time, then merged into drawing
order a turn's worth at a time: edits made meanwhile are on the page as last made, once."""

from __future__ import annotations

import math
import random

from PySide6.QtGui import QColor

from desktop.ui import highlight_page
from desktop.ui.highlight_page import GatheredPage, ImageBudget
from desktop.ui.highlight_pieces import Highlight, Style

STYLE = Style(None, QColor("#333333"), None)
OTHER = Style(QColor("#0072B2"), QColor("#333333"), None)


def _highlight(number: int, chance: random.Random, style: Style = STYLE) -> Highlight:
    start = chance.randrange(0, 5000)
    end = start + chance.randrange(1, 300)
    return Highlight(f"h{number:05d}", start, end, ((0, 10.0, 20.0, 30.0, 40.0),), (), style)


def test_edits_while_the_page_is_ordered_are_on_it_once(monkeypatch) -> None:
    monkeypatch.setattr(highlight_page, "MERGE_STEP", 16)
    chance = random.Random(7)
    gathered = GatheredPage(0)
    made = [_highlight(number, chance) for number in range(600)]
    for first in range(0, 600, 100):  # six slices
        for highlight in made[first : first + 100]:
            gathered.put(highlight)
        gathered.end_slice()
    gathered.put(made[3])  # read again by a later slice: the same highlight
    gathered.end_slice()
    assert not gathered.order(deadline=0.0), "a turn's worth, then the next turn"
    recoloured = Highlight(made[10].id, made[10].start, made[10].end, made[10].pieces, (), OTHER)
    gathered.put(recoloured)
    gathered.discard(made[20].id)
    assert not gathered.order(deadline=0.0)
    assert gathered.order(deadline=math.inf)
    page = gathered.page(budget=ImageBudget())
    expected = sorted(
        [recoloured, *(h for h in made if h.id not in {made[10].id, made[20].id})],
        key=lambda h: h.order,
    )
    assert list(page) == expected
    assert page.get(made[10].id) is recoloured
    assert page.get(made[20].id) is None
