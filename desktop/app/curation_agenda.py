"""The curation view's agenda, without Qt: one document's units, most contested first, kept
up to date by the ChangeSets of every edit.

A settlement or its undo (a ChangeSet that names curations) changes only states: the agenda
reads which annotations are settled again (one small query) and moves the units concerned,
without reading or grouping 100,000 highlights again. Any other edit of the document's
highlights (made, resized, coded, deleted; an import) may join or split units, so the
agenda is read again.
"""

from __future__ import annotations

from collections import Counter

from desktop.app.curating import units_of
from desktop.core.changes import ChangeSet, Entity
from desktop.core.curation import Unit, UnitState, agenda, restated
from desktop.core.model import DocumentId, ReviewerId
from desktop.store import Project


class CurationAgenda:
    def __init__(self, project: Project, document_id: DocumentId) -> None:
        self._project = project
        self.document_id = document_id
        self.units: list[Unit] = []
        self._ids: set[str] = set()
        self.reload()

    def reload(self) -> None:
        self.units = agenda(units_of(self._project, self.document_id))
        self._ids = {v.annotation_id for unit in self.units for v in unit.versions}

    @property
    def reviewers(self) -> tuple[ReviewerId, ...]:
        """The document's reviewers, the columns shown side by side."""
        return self.units[0].reviewers if self.units else ()

    def counts(self) -> Counter[UnitState]:
        return Counter(unit.state for unit in self.units)

    def follow(self, change_set: ChangeSet) -> bool:
        """Bring the agenda up to date with an edit; False when it changed nothing here."""
        if change_set.whole_project or change_set.touches(Entity.DOCUMENT):
            if self._project.documents.get(self.document_id) is None:
                self.units = []
            else:
                self.reload()
            return True
        if change_set.touches(Entity.CURATION):
            settled = self._project.curations.settled(self.document_id)
            self.units = agenda(restated(self.units, settled))
            return True
        if any(map(self._concerns, change_set.ids(Entity.ANNOTATION))):
            self.reload()
            return True
        return False

    def _concerns(self, annotation_id: str) -> bool:
        """The annotation is (or was, or now is) one of this document's: an edit in the other
        pane's document leaves this agenda as it is."""
        if annotation_id in self._ids:
            return True
        found = self._project.annotations.get(annotation_id)
        return found is not None and found.document_id == self.document_id
