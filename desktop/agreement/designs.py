"""Study designs: how reviewers' highlights become the data an agreement figure is computed on.

**Clause units.** The units are the clauses of each document, as triple-click selects them
(``desktop.core.textunits.clauses``). A reviewer codes a clause with a code when one of their
highlights with that code covers at least half of the clause's characters; their value for the
clause is the set of such codes (empty: they read it and coded nothing). A reviewer who
highlighted nothing in a document gives its clauses no value at all (missing, as in the curation
units: someone who never opened the document does not disagree with everything in it). A clause
that no reviewer coded is not a unit: counting text nobody coded as agreement inflates percent
agreement and kappa (QualCoder #667).

**Free spans.** The documents' texts, in the order given, are one continuum of characters, each
document's offsets re-based past the ones before it; a reviewer's highlights with a code are that
code's units on it (Krippendorff's unitizing design). Without the re-basing, two reviewers who
coded different documents at the same offsets would agree perfectly (INCEpTION #2219).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desktop.agreement.unitizing import Continuum, Span
from desktop.core.curation import Version
from desktop.core.model import CodeId, DocumentId, ReviewerId
from desktop.core.textunits import clauses


@dataclass(frozen=True, slots=True)
class StudyDocument:
    """A document of the study: its canonical text and every reviewer's highlights on it."""

    id: DocumentId
    title: str
    text: str
    versions: tuple[Version, ...]


@dataclass(frozen=True, slots=True)
class ClauseUnit:
    document: DocumentId
    start: int
    end: int
    codes: Mapping[ReviewerId, frozenset[CodeId]]
    """Each reviewer of the document's codes for the clause (an empty set: none)."""

    def differs(self) -> bool:
        return len(set(self.codes.values())) > 1


def clause_units(
    documents: Sequence[StudyDocument], reviewers: Sequence[ReviewerId]
) -> list[ClauseUnit]:
    """The clauses some reviewer coded, in document and reading order."""
    chosen = set(reviewers)
    units: list[ClauseUnit] = []
    for document in documents:
        versions = [v for v in document.versions if v.reviewer_id in chosen]
        present = [r for r in reviewers if any(v.reviewer_id == r for v in versions)]
        spans = [(clause.start, clause.end) for clause in clauses(document.text)]
        starts = [start for start, _ in spans]
        coded: dict[int, dict[ReviewerId, set[CodeId]]] = {}
        for version in versions:
            if not version.code_ids:
                continue
            first = max(0, bisect.bisect_right(starts, version.start) - 1)
            for index in range(first, len(spans)):
                start, end = spans[index]
                if start >= version.end:
                    break
                covered = min(end, version.end) - max(start, version.start)
                if 2 * covered >= end - start:
                    by_reviewer = coded.setdefault(index, {})
                    by_reviewer.setdefault(version.reviewer_id, set()).update(version.code_ids)
        for index in sorted(coded):
            start, end = spans[index]
            values = {r: frozenset(coded[index].get(r, ())) for r in present}
            units.append(ClauseUnit(document.id, start, end, values))
    return units


def continuum(
    documents: Sequence[StudyDocument], reviewers: Sequence[ReviewerId]
) -> tuple[Continuum, dict[DocumentId, int]]:
    """The documents as one continuum, each code a category, and where each document begins."""
    chosen = set(reviewers)
    bases: dict[DocumentId, int] = {}
    spans: list[Span] = []
    base = 0
    for document in documents:
        bases[document.id] = base
        for version in document.versions:
            if version.reviewer_id not in chosen or version.end <= version.start:
                continue
            for code in version.code_ids:
                spans.append(
                    Span(
                        base + version.start,
                        version.end - version.start,
                        str(version.reviewer_id),
                        code,
                    )
                )
        base += len(document.text)
    return Continuum(0, base, tuple(str(r) for r in reviewers), tuple(spans)), bases
