"""Names a person types into an ``AnnotationFilter``: what ``accord list`` and ``accord export``
do with ``--document``, ``--reviewer`` and ``--code`` (each field's rule is in
``desktop.core.filtering.CHOICES``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from desktop.core.filtering import CHOICES, AnnotationFilter
from desktop.core.model import CodeId, Reviewer, StoredDocument
from desktop.store import Project


class ProjectNames:
    """A project's documents, reviewers and codes, as ``filtering.Names``."""

    def __init__(self, project: Project) -> None:
        self._project = project

    def documents(self) -> Sequence[StoredDocument]:
        return self._project.documents.all()

    def reviewers(self) -> Sequence[Reviewer]:
        return self._project.reviewers.all()

    def code_named(self, text: str) -> CodeId:
        return CodeId(self._project.codes.codebook().lookup(text).guid)


def filter_from_names(project: Project, typed: Mapping[str, Sequence[str]]) -> AnnotationFilter:
    """The filter the typed names (by ``AnnotationFilter`` field, as ``Choice.field``) choose;
    a name that chooses nothing is an ``AccordError`` naming it and what the project has."""
    names = ProjectNames(project)
    chosen: dict[str, Any] = {}
    for choice in CHOICES:
        values = {
            value for text in typed.get(choice.field, ()) for value in choice.resolve(names, text)
        }
        if values:
            chosen[choice.field] = frozenset(values)
    return AnnotationFilter(**chosen)
