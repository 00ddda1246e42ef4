"""The reading selection of one pane: an anchor and a focus caret in canonical-text offsets.

Kept as offsets, never as screen positions, so it survives zoom, scrolling and re-rendering,
and so what is copied or highlighted is exactly ``text[start:end]``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Selection:
    anchor: int
    focus: int

    @property
    def start(self) -> int:
        return min(self.anchor, self.focus)

    @property
    def end(self) -> int:
        return max(self.anchor, self.focus)

    @property
    def is_empty(self) -> bool:
        return self.anchor == self.focus

    def extended_to(self, focus: int) -> Selection:
        return Selection(self.anchor, focus)
