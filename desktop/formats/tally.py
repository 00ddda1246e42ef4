"""How often each code was applied, and the theme × instrument matrix, counted in one pass.

The spreadsheet and the report both show two figures per code and per matrix cell, as mature
QDA tools do (MAXQDA's code matrix, NVivo's "aggregate coding from children"):

* **direct**: annotations carrying the code itself;
* **rolled up**: annotations carrying the code *or any code below it*. An annotation is counted
  once however many of the code's descendants it carries, so a parent's rolled-up figure is the
  number of distinct annotations in its branch, never a sum that counts one annotation twice.

A matrix cell counts annotations that carry both its thematic code and its instrument code
(directly, or anywhere in each code's branch for the rolled-up matrix). The facet folders are
not rows or columns (they are not applied to text), but their rolled-up figure is useful on its
own: the annotations with any thematic area, and those with any instrument.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop.codebook.model import Code, Codebook, Facet


@dataclass(slots=True)
class Matrix:
    """Counts by (thematic guid, instrument guid); a missing pair is zero."""

    direct: Counter[tuple[str, str]] = field(default_factory=Counter)
    rolled: Counter[tuple[str, str]] = field(default_factory=Counter)


class CodeTally:
    """Feed it each annotation's code ids (``add``), then read ``direct``, ``rolled`` and
    ``matrix``. Annotations are counted by their combination of codes, and the figures are
    worked out once per distinct combination when first read: a project has far fewer
    combinations than annotations, and the stream is not slowed by the arithmetic."""

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self.annotations = 0
        self.codings = 0
        self._combinations: Counter[frozenset[str]] = Counter()
        self._lineage = {
            code.guid: (code.guid, *(a.guid for a in codebook.ancestors(code.guid)))
            for code in codebook
        }
        self._thematic = frozenset(code.guid for code in codebook if code.facet is Facet.THEMATIC)
        self._counted: tuple[Counter[str], Counter[str], Matrix] | None = None

    def add(self, code_ids: Iterable[str]) -> None:
        """Count one annotation carrying ``code_ids`` (each at most once)."""
        codes = frozenset(code_ids)
        self.annotations += 1
        self.codings += len(codes)
        self._combinations[codes] += 1
        self._counted = None

    @property
    def direct(self) -> Counter[str]:
        """Annotations per code, the code itself."""
        return self._count()[0]

    @property
    def rolled(self) -> Counter[str]:
        """Annotations per code, the code or any code below it (once each); for a facet's
        folder, the annotations with any code of that facet."""
        return self._count()[1]

    @property
    def matrix(self) -> Matrix:
        return self._count()[2]

    def _count(self) -> tuple[Counter[str], Counter[str], Matrix]:
        if self._counted is not None:
            return self._counted
        direct: Counter[str] = Counter()
        rolled: Counter[str] = Counter()
        matrix = Matrix()
        lineage, thematic = self._lineage, self._thematic
        for codes, times in self._combinations.items():
            branches = {guid for code in codes for guid in lineage.get(code, ())}
            for code in codes:
                direct[code] += times
            for guid in branches:
                rolled[guid] += times
            themes = [code for code in codes if code in thematic]
            instruments = [code for code in codes if code in lineage and code not in thematic]
            for pair in itertools.product(themes, instruments):
                matrix.direct[pair] += times
            for pair in itertools.product(
                [g for g in branches if g in thematic], [g for g in branches if g not in thematic]
            ):
                matrix.rolled[pair] += times
        self._counted = (direct, rolled, matrix)
        return self._counted

    def rows(self) -> tuple[Code, ...]:
        """The matrix's rows: every thematic code below the folder, in codebook order."""
        return self.codebook.descendants(self.codebook.root(Facet.THEMATIC).guid)

    def columns(self) -> tuple[Code, ...]:
        """The matrix's columns: every instrument code below the folder, in codebook order."""
        return self.codebook.descendants(self.codebook.root(Facet.INSTRUMENT).guid)

    def depth(self, guid: str) -> int:
        """0 for a code just below its facet's folder, 1 for its children, and so on."""
        return len(self._lineage[guid]) - 2
