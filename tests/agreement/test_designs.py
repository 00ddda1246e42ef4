"""Clause units and free spans over documents; the two edge cases of the references that need
a whole project: unrelated documents, and uncoded text."""

from __future__ import annotations

import random

import pytest

from desktop.agreement.coding import alpha, cohen_kappa_of, fleiss_kappa_of, percent_agreement
from desktop.agreement.designs import StudyDocument, clause_units, continuum
from desktop.agreement.study import Design, Scope, compute
from desktop.agreement.unitizing import alpha_u
from desktop.core.curation import Version
from desktop.core.model import AnnotationId, CodeId, DocumentId, ReviewerId

A, B, C = ReviewerId(1), ReviewerId(2), ReviewerId(3)
X, Y, Z = CodeId("X"), CodeId("Y"), CodeId("Z")
FACETS = {X: "Themes", Y: "Themes", Z: "Instruments"}

TEXT = "The Sides will cooperate. They fund research; they share data. Nothing else."
#       0         1         2         3         4         5         6         7
_serial = iter(range(10_000))


def _version(reviewer: ReviewerId, start: int, end: int, *codes: CodeId) -> Version:
    return Version(AnnotationId(f"a{next(_serial)}"), reviewer, start, end, frozenset(codes))


def _document(name: str, *versions: Version, text: str = TEXT) -> StudyDocument:
    return StudyDocument(DocumentId(name), name, text, versions)


def test_a_clause_is_coded_when_one_highlight_covers_half_of_it() -> None:
    # "The Sides will cooperate." is 0-25: 13 characters of 25 count, 12 do not.
    document = _document("d", _version(A, 0, 13, X), _version(B, 0, 12, X))
    [unit] = clause_units([document], [A, B])
    assert (unit.start, unit.end) == (0, 25)
    assert unit.codes == {A: frozenset({X}), B: frozenset()}


def test_two_halves_of_a_clause_by_two_highlights_do_not_code_it() -> None:
    """One highlight must cover half; two smaller ones with the code do not add up."""
    document = _document("d", _version(A, 0, 10, X), _version(A, 12, 24, X), _version(B, 0, 25, Y))
    [unit] = clause_units([document], [A, B])
    assert unit.codes[A] == frozenset()


def test_a_reviewer_who_highlighted_nothing_in_a_document_gives_it_no_values() -> None:
    document = _document("d", _version(A, 0, 25, X))
    [unit] = clause_units([document], [A, B])
    assert unit.codes == {A: frozenset({X})}


def test_two_unrelated_documents_must_not_agree() -> None:
    """INCEpTION #2219: A coded one document, B another, at the same offsets with the same
    code; without re-basing the offsets onto one continuum that is perfect agreement."""
    first = _document("first", _version(A, 26, 46, X))
    second = _document("second", _version(B, 26, 46, X))
    whole, bases = continuum([first, second], [A, B])
    assert bases == {DocumentId("first"): 0, DocumentId("second"): len(TEXT)}
    figure = alpha_u(whole)
    assert figure.value is not None
    assert figure.value < 0.5
    spans = compute([first, second], [A, B], design=Design.SPAN, facets=FACETS)
    assert spans.rows[0].figures[0].value == figure.value
    clauses = compute([first, second], [A, B], design=Design.CLAUSE, facets=FACETS)
    assert all(figure.value is None for figure in clauses.rows[0].figures)


def test_uncoded_text_does_not_count_as_agreement() -> None:
    """QualCoder #667: clauses nobody coded are not units, so a long uncoded stretch leaves
    percent agreement and kappa as they were."""
    versions = (_version(A, 0, 25, X), _version(B, 0, 25, Y), _version(A, 26, 46, X))
    versions += (_version(B, 26, 46, X),)
    short = compute([_document("d", *versions)], [A, B], design=Design.CLAUSE, facets=FACETS)
    longer_text = TEXT + " Filler clause here." * 50
    long = compute(
        [_document("d", *versions, text=longer_text)], [A, B], design=Design.CLAUSE, facets=FACETS
    )
    assert [f.value for f in long.rows[0].figures] == [f.value for f in short.rows[0].figures]
    assert short.rows[0].figures[0].value == 0.5
    assert short.rows[0].figures[0].sample.units == 2


def test_clause_study_rows_and_disagreements() -> None:
    versions = (
        _version(A, 0, 25, X, Y),
        _version(B, 0, 25, X),
        _version(C, 0, 25, X),
        _version(A, 26, 46, Z),
        _version(B, 26, 46, Z),
        _version(C, 26, 46, Z),
    )
    study = compute([_document("d", *versions)], [A, B, C], design=Design.CLAUSE, facets=FACETS)
    scopes = [(row.scope, row.facet, row.code) for row in study.rows]
    assert scopes == [
        (Scope.OVERALL, "", None),
        (Scope.FACET, "Themes", None),
        (Scope.CODE, "Themes", X),
        (Scope.CODE, "Themes", Y),
        (Scope.FACET, "Instruments", None),
        (Scope.CODE, "Instruments", Z),
    ]
    themes = study.rows[1]
    assert themes.figures[2].metric == "MASI"  # A gave the first clause two themes
    assert study.rows[4].figures[2].metric == "nominal"
    assert study.rows[5].figures[2].value == 1.0  # all three coded Z alike
    assert study.rows[2].figures[0].value == 1.0  # and X
    assert [(d.start, d.end) for d in study.disagreements] == [(0, 25)]
    assert study.rows[1].figures[1].measure == "Fleiss' kappa"


def test_span_study_progress_and_cancel() -> None:
    versions = (_version(A, 0, 25, X), _version(B, 2, 25, X), _version(A, 30, 40, Z))
    seen: list[tuple[int, int]] = []
    study = compute(
        [_document("d", *versions)],
        [A, B],
        design=Design.SPAN,
        facets=FACETS,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (3, 3) and len(seen) == 3  # a step per code used (X, Z), then the rows
    assert len(study.rows) == 5  # Y, which nobody used, has no row
    assert [(d.start, d.end) for d in study.disagreements] == [(0, 25), (30, 40)]
    from desktop.agreement.study import Cancelled

    with pytest.raises(Cancelled):
        compute(
            [_document("d", *versions)],
            [A, B],
            design=Design.SPAN,
            facets=FACETS,
            cancelled=lambda: True,
        )


@pytest.mark.parametrize("reviewers", [2, 3])
def test_a_codes_row_is_the_figures_of_its_explicit_binary_data(reviewers: int) -> None:
    """The per-code rows count clauses alike once (tallies); the same figures come from each
    clause's 0/1 values given to the plain functions."""
    rng = random.Random(reviewers)
    text = " ".join(f"Clause number {n} is here." for n in range(60))
    people = [ReviewerId(n + 1) for n in range(reviewers)]
    versions = []
    for start in range(0, len(text) - 30, 26):
        for person in people:
            if rng.random() < 0.8:
                codes = rng.sample([X, Y, Z], rng.choice((1, 2)))
                versions.append(_version(person, start, start + 25, *codes))
    study = compute(
        [_document("d", *versions, text=text)], people, design=Design.CLAUSE, facets=FACETS
    )
    names = [str(p) for p in people]
    for row in study.rows:
        if row.code is None:
            continue
        data = [
            {str(r): int(row.code in value) for r, value in unit.items()} for _, unit in row.values
        ]
        kappa = (
            cohen_kappa_of(data, names[0], names[1])
            if reviewers == 2
            else fleiss_kappa_of(data, names)
        )
        expected = [
            percent_agreement(data, reviewers=reviewers),
            kappa,
            alpha(data, reviewers=reviewers),
        ]
        for ours, plain in zip(row.figures, expected, strict=True):
            assert ours.value == pytest.approx(plain.value), (row.code, ours.measure)
            assert ours.sample.units == plain.sample.units
