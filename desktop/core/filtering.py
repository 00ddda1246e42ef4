"""The annotation filter, specified once: what the annotations list's filter bar, ``accord list``
and ``accord export`` select, with one definition of each rule that every path uses.

The rules:

- An empty field does not filter; within a field any chosen value matches; across fields all
  must.
- A *choice* field (documents, reviewers; see ``CHOICES``) keeps the annotations whose value of
  one field of the annotation is among those chosen.
- Codes: an annotation matches when it carries a chosen code **or a code under one**
  (``with_sub_codes``), wherever the filter comes from and whoever evaluates it. Expanding is
  idempotent, so a filter that already lists the sub-codes means the same.
- Text: every word of ``text`` occurs in the quote or the note, ignoring case in every script
  (``text_matches``): "cafe" does not find "Café" (accents count), "CAFÉ" does.
- Names a person types (a reviewer, a document's title) match ignoring case the same way
  (``fold``): "ÉMILIE" and "émilie" name every reviewer called Émilie in any case.

Who evaluates it: the store turns it into SQL (``desktop.store.queries``; the text rule runs as
``text_matches`` registered on the connection, since SQLite's ``LIKE`` folds A–Z only), the
annotations list's in-memory index into C-level passes over its columns
(``desktop.app.annotation_index``), and typed names become a filter in
``desktop.app.filter_names`` (``accord list``, ``accord export``; the filter bar's choices are
ids already, its reviewer choice one per folded name).

How to add a field to the filter (as the annotation's ``status`` was):

1. Give ``AnnotationFilter`` the field: a ``frozenset`` of the chosen values, empty by default.
2. Add a ``Choice`` to ``CHOICES``: the filter's field, the annotation field it looks at (as
   the annotation's declaration names it: the store's column of that name, and the attribute
   of that name of the rows the list's index reads, ``store.queries.FilterFields``), the
   command-line option with its help, and how a typed value becomes the values chosen
   (``resolve``: for a status, the ``StrEnum`` member whose value ``fold``s equal).

The store's SQL, the index, the narrowing of a filter typed on, ``accord list``'s and ``accord
export``'s options, the resolution of typed names and the JSON-LD collection's id (the same
filter giving the same id) all loop over ``CHOICES``. Written by hand, because each shows the
choice its own way: the filter bar's combo box (a widget) and the export report's line naming
the filter (``formats.report.model``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from desktop.core.errors import AccordError
from desktop.core.model import (
    CodeId,
    DocumentId,
    Reviewer,
    ReviewerId,
    Status,
    StoredDocument,
)


def fold(text: str) -> str:
    """The form two strings are compared in when case must not count, in every script
    (``str.casefold``: "Straße" and "STRASSE", "Émilie" and "ÉMILIE")."""
    return text.casefold()


@dataclass(frozen=True, slots=True)
class AnnotationFilter:
    """Which annotations to select; see the module's rules. Fields hold ids, never names: a
    person's typed names become ids once, in ``desktop.app.filter_names``."""

    document_ids: frozenset[DocumentId] = frozenset()
    code_ids: frozenset[CodeId] = frozenset()
    """The codes chosen; their sub-codes are selected too (``with_sub_codes``)."""
    reviewer_ids: frozenset[ReviewerId] = frozenset()
    text: str = ""
    statuses: frozenset[Status] = frozenset()
    """The review statuses chosen."""

    def words(self) -> tuple[str, ...]:
        """The words every selected annotation's quote or note contains, folded."""
        return words(self.text)

    def with_sub_codes(self, tree: CodeTree) -> AnnotationFilter:
        """The same filter with every code under a chosen code chosen too: what the store and
        the index evaluate, both by exact membership."""
        if not self.code_ids:
            return self
        codes = set(self.code_ids)
        for code in self.code_ids:
            if code in tree:
                codes.update(CodeId(below.guid) for below in tree.descendants(code))
        return replace(self, code_ids=frozenset(codes))

    def narrows(self, before: AnnotationFilter) -> bool:
        """Whether this filter can only select annotations ``before`` selected: every choice
        made before is still made, the same or narrower, and every word typed before is
        still inside one of the words typed now ("coop" → "cooperation")."""
        for choice in CHOICES:
            old, new = getattr(before, choice.field), getattr(self, choice.field)
            if old and not (new and new <= old):
                return False
        now = self.words()
        return all(any(old in new for new in now) for old in before.words())


class CodeTree(Protocol):
    """What the sub-code rule needs of a codebook (``desktop.codebook.model.Codebook``)."""

    def __contains__(self, guid: object) -> bool: ...

    def descendants(self, guid: str) -> Sequence[_Coded]: ...


class _Coded(Protocol):
    @property
    def guid(self) -> str: ...


@functools.lru_cache(maxsize=64)
def words(text: str) -> tuple[str, ...]:
    """``text``'s words, folded (cached: the store's SQL asks once per row)."""
    return tuple(fold(text).split())


def searched_text(quote: str, note: str) -> str:
    """What the words of a text filter are looked for in: quote and note, folded, a line
    break between them (a word never holds whitespace, so none matches across it)."""
    return fold(f"{quote}\n{note}")


def text_matches(quote: str, note: str, text: str) -> bool:
    """The text rule: every word of ``text`` occurs in the quote or the note."""
    found = searched_text(quote, note)
    for word in words(text):  # noqa: SIM110 (no generator: SQLite calls this once per row)
        if word not in found:
            return False
    return True


class Names(Protocol):
    """What typed names are resolved against: the project's documents, reviewers and codes
    (``desktop.app.filter_names`` gives the project's)."""

    def documents(self) -> Sequence[StoredDocument]: ...

    def reviewers(self) -> Sequence[Reviewer]: ...

    def code_named(self, text: str) -> CodeId:
        """The code a name or path means (an ``AccordError`` when none or several)."""
        ...


@dataclass(frozen=True, slots=True)
class Choice:
    """A field of the filter a person can set by typing names (see the module's rules)."""

    field: str
    """The ``AnnotationFilter`` field it sets."""
    annotation_field: str | None
    """The annotation's field whose value must be among those chosen; None for codes, which
    have a rule of their own (an annotation carries several, and sub-codes count)."""
    option: str
    """The command-line option (``accord list`` and ``accord export``), repeatable."""
    metavar: str
    help: str
    resolve: Callable[[Names, str], frozenset[object]]
    """The values a typed name chooses; an ``AccordError`` naming it when it chooses none."""


def document_named(text: str, documents: Sequence[StoredDocument]) -> StoredDocument:
    """The document a person means: its title or file name (any case), a prefix of its
    fingerprint, or else a word or phrase of its title that no other title contains."""
    wanted = fold(text.strip())
    matches = [
        d
        for d in documents
        if wanted in (fold(d.title), fold(d.file_name))
        or (len(wanted) >= 4 and d.id.startswith(wanted))
    ]
    if not matches:
        matches = [d for d in documents if wanted and wanted in fold(d.title)]
    if len(matches) == 1:
        return matches[0]
    listing = "; ".join(f"“{d.title}” ({d.file_name}, {d.id[:8]})" for d in matches or documents)
    if matches:
        raise AccordError(
            f"“{text}” could mean {len(matches)} documents: {listing}. "
            "Give the file name or the start of the fingerprint."
        )
    raise AccordError(f"The project has no document “{text}”. It has: {listing or 'none'}.")


def reviewers_named(text: str, reviewers: Iterable[Reviewer]) -> frozenset[ReviewerId]:
    """Every reviewer whose name is ``text`` ignoring case and spacing (``reviewer_key``): two
    imports that wrote "Émilie" and "ÉMILIE" made two reviewers, and either name means both.
    Empty when none is."""
    wanted = reviewer_key(text)
    return frozenset(r.id for r in reviewers if reviewer_key(r.name) == wanted)


def _reviewers_typed(names: Names, text: str) -> frozenset[ReviewerId]:
    known = names.reviewers()
    found = reviewers_named(text, known)
    if not found:
        listing = ", ".join(f"“{r.name}”" for r in known) or "none yet"
        raise AccordError(f"The project has no reviewer “{text}”. It has: {listing}.")
    return found


def reviewer_key(name: str) -> str:
    """What two reviewers' names are compared by: ``fold``-ed, spaces collapsed."""
    return fold(" ".join(name.split()))


def _status_named(text: str) -> Status:
    wanted = fold(text.strip())
    for status in Status:
        if fold(status.value) == wanted:
            return status
    raise AccordError(f"“{text}” is not a review status; choose one of {', '.join(Status)}.")


CHOICES: tuple[Choice, ...] = (
    Choice(
        field="document_ids",
        annotation_field="document_id",
        option="--document",
        metavar="DOC",
        help="only annotations in this document: a title, a file name or the start of a "
        "fingerprint (repeat for several)",
        resolve=lambda names, text: frozenset({document_named(text, names.documents()).id}),
    ),
    Choice(
        field="reviewer_ids",
        annotation_field="reviewer_id",
        option="--reviewer",
        metavar="NAME",
        help="only this reviewer's annotations, the name in any case (repeat for several)",
        resolve=_reviewers_typed,
    ),
    Choice(
        field="statuses",
        annotation_field="status",
        option="--status",
        metavar="STATUS",
        help=f"only annotations with this review status: {', '.join(Status)} (repeat for several)",
        resolve=lambda _names, text: frozenset({_status_named(text)}),
    ),
    Choice(
        field="code_ids",
        annotation_field=None,
        option="--code",
        metavar="NAME",
        help="only annotations with this code or one of its sub-codes: a name or a path "
        "(repeat for several)",
        resolve=lambda names, text: frozenset({names.code_named(text)}),
    ),
)
"""The filter's fields a person sets by name, in the order the command line lists them."""

ONE_VALUE_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (choice.field, choice.annotation_field)
    for choice in CHOICES
    if choice.annotation_field is not None
)
"""(filter field, annotation field) of each choice on one field of the annotation: the store
and the index evaluate these alike, as membership of that field's value."""
