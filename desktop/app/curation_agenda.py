"""The curation view's agenda, without Qt: one document's units, most contested first, kept
up to date by the ChangeSets of every edit.

A settlement or its undo (a ChangeSet that names curations) changes only states: the agenda
reads which annotations are settled again (one small query), restates the units whose
highlights changed hands and moves each to its new place (a bisection), without reading or
grouping 100,000 highlights again. Any other edit of the document's highlights (made,
resized, coded, deleted; an import) may join or split units, so the agenda is read again.
"""

from __future__ import annotations

import bisect
from collections import Counter

from desktop.core.changes import ChangeSet, Entity
from desktop.core.curation import CurationId, Unit, UnitState, agenda_key, group_units, restated
from desktop.core.model import AnnotationId, DocumentId, ReviewerId
from desktop.store import Project


class CurationAgenda:
    def __init__(self, project: Project, document_id: DocumentId) -> None:
        self._project = project
        self.document_id = document_id
        self.units: list[Unit] = []
        """Most contested first."""
        self._keys: list[tuple[int, int, int]] = []
        """``agenda_key`` of each of ``units``, to find a unit's place by bisection."""
        self._reading: list[Unit] = []
        self._where: dict[AnnotationId, int] = {}
        """Each highlight's unit, by its place in reading order (``_reading``)."""
        self._settled: dict[AnnotationId, CurationId] = {}
        self.reload()

    def reload(self) -> None:
        self._settled = self._project.curations.settled(self.document_id)
        self._reading = group_units(
            self._project.curations.versions(self.document_id), curated=self._settled
        )
        self._where = {
            version.annotation_id: place
            for place, unit in enumerate(self._reading)
            for version in unit.versions
        }
        keys = [agenda_key(unit) for unit in self._reading]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        self.units = [self._reading[place] for place in order]
        self._keys = [keys[place] for place in order]

    @property
    def reviewers(self) -> tuple[ReviewerId, ...]:
        """The document's reviewers, the columns shown side by side."""
        return self._reading[0].reviewers if self._reading else ()

    def counts(self) -> Counter[UnitState]:
        return Counter(unit.state for unit in self.units)

    def follow(self, change_set: ChangeSet) -> bool:
        """Bring the agenda up to date with an edit; False when it changed nothing here."""
        if change_set.whole_project or change_set.touches(Entity.DOCUMENT):
            if self._project.documents.get(self.document_id) is None:
                self._reading, self.units, self._keys, self._where = [], [], [], {}
            else:
                self.reload()
            return True
        if change_set.touches(Entity.CURATION):
            self._restate()
            return True
        if any(map(self._concerns, change_set.ids(Entity.ANNOTATION))):
            self.reload()
            return True
        return False

    def _restate(self) -> None:
        settled = self._project.curations.settled(self.document_id)
        before = self._settled
        changed = {a for a in before.keys() | settled.keys() if before.get(a) != settled.get(a)}
        self._settled = settled
        for place in sorted({self._where[a] for a in changed if a in self._where}):
            old = self._reading[place]
            new = restated(old, settled)
            if new is old:
                continue
            self._reading[place] = new
            gone = bisect.bisect_left(self._keys, agenda_key(old))
            del self._keys[gone], self.units[gone]
            key = agenda_key(new)
            there = bisect.bisect_left(self._keys, key)
            self._keys.insert(there, key)
            self.units.insert(there, new)

    def _concerns(self, annotation_id: str) -> bool:
        """The annotation is (or was, or now is) one of this document's: an edit in the other
        pane's document leaves this agenda as it is."""
        if annotation_id in self._where:
            return True
        found = self._project.annotations.get(annotation_id)
        return found is not None and found.document_id == self.document_id
