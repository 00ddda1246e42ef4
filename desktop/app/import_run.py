"""One import, fed what the file's reader hands on as it reads (``incoming.ReadEvent``).

Each annotation is placed, coded and sorted against the project as soon as its document is
known, and written in the import's **one transaction** while the reader goes on: a large
REFI-QDA project is parsed in a child process meanwhile (``desktop.formats.refi.qdpx_child``),
so on two cores reading and writing overlap. A failure or a cancellation at any point rolls
the transaction back and leaves the project exactly as it was.

What may still change waits:

- annotations of a document the file has not handed on yet wait for it (a document the file
  does not carry comes with its source's end, with quotes to recognise it by);
- while the file's notes may still change a note (``AnnotationsRead.notes_final`` is false: a
  REFI-QDA file lists its notes after its sources), an annotation the file gives no id (its id
  is derived from what it is, note included) and one the project already has (it is compared
  with ours, note included) wait for the end; a new annotation is written at once, and its
  note is corrected at the end if the file's notes change it;
- nothing is written before ``LARGE_IMPORT`` annotations have been read, or the file has ended,
  when the project already has annotations: whether a copy is kept first depends on the size.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from operator import attrgetter

from desktop.app.annotating import clean_note
from desktop.app.code_merge import CodeMerge, ConflictPolicy, merge_codes
from desktop.app.document_texts import Reader
from desktop.app.import_documents import DocumentMatcher
from desktop.app.import_links import import_links
from desktop.app.import_plan import Planned, Planner, Sorter, file_id, reading_order, take_theirs
from desktop.app.import_report import ImportReport
from desktop.core.model import Annotation, AnnotationId, Coding, ReviewerId, utc_now
from desktop.formats.incoming import (
    AnnotationsRead,
    CodesRead,
    DocumentRead,
    IncomingAnnotation,
    ReadEnd,
    ReadEvent,
)
from desktop.formats.source import Progress, no_progress
from desktop.store import (
    SCHEMA_VERSION,
    Project,
    StaleError,
    backup,
    prune_backups,
)

LARGE_IMPORT = 1000
"""Annotations in a file beyond which the project is backed up first (if it has any)."""

Numbered = tuple[int, IncomingAnnotation]
"""An annotation with its place in the file's order (how ``ReadEnd.notes`` names it)."""


def import_events(
    project: Project,
    events: Iterable[ReadEvent],
    *,
    file_name: str,
    format_name: str,
    reviewer_name: str,
    reader: Reader,
    on_conflict: ConflictPolicy = "keep",
    progress: Progress = no_progress,
) -> ImportReport:
    """Merge what a reader hands on into the project, in one transaction (see the module's
    docstring); ``reviewer_name`` is who the annotations the file attributes to nobody are
    recorded under."""
    report = ImportReport(file_name, format_name, on_conflict)
    try:
        with contextlib.ExitStack() as transaction:
            run = _Run(
                project,
                report,
                reviewer_name=reviewer_name,
                reader=reader,
                progress=progress,
                hold=transaction.enter_context,
            )
            for event in events:
                run.take(event)
            if not run.ended:
                raise RuntimeError(f"The reader of “{file_name}” stopped before the end.")
    except BaseException:
        if report.backup is not None:  # nothing was imported: the copy is the project
            report.backup.unlink(missing_ok=True)
        raise
    return report


class _Run:
    """The state of one import between the reader's events (see the module's docstring)."""

    def __init__(
        self,
        project: Project,
        report: ImportReport,
        *,
        reviewer_name: str,
        reader: Reader,
        progress: Progress,
        hold: Callable[[contextlib.AbstractContextManager[None]], object],
    ) -> None:
        self._project = project
        self._report = report
        self._reviewer_name = reviewer_name
        self._progress = progress
        self._hold = hold
        """Keeps a context (the transaction) entered until the import ends."""
        self._book = project.codes.codebook()
        self._documents = DocumentMatcher(project, reader=reader)
        self._sorter = Sorter(project, report)
        self._had_annotations = bool(self._sorter.known)
        self._planner: Planner | None = None
        self._codes: CodeMerge | None = None
        self._notes_final = True
        self._read = 0
        self._total = 0
        self._undocumented: dict[str, list[Numbered]] = {}
        """Annotations waiting for their document, by its key."""
        self._held: list[Numbered] = []
        """Annotations waiting for the file's notes."""
        self._late: dict[int, tuple[AnnotationId, str]] = {}
        """Ids and notes of new annotations whose note the file's notes may still change, by
        place (not the whole plan: its anchors, kept for each of 100,000, would be 100 MB)."""
        self._new: list[Planned] = []
        """New annotations not yet written."""
        self._theirs: list[Planned] = []
        """Conflicting annotations to take from the file, not yet written."""
        self._writing = False
        self._documents_written = 0
        self._position = 0
        self._reviewer_ids: dict[str, ReviewerId] = {}
        self.ended = False

    def take(self, event: ReadEvent) -> None:
        if isinstance(event, AnnotationsRead):
            self._annotations(event)
        elif isinstance(event, DocumentRead):
            self._documents.match(event.document, event.quotes)
            self._place(self._undocumented.pop(event.document.key, ()))
        elif isinstance(event, CodesRead):
            self._merge_codes(event)
        else:
            self._end(event)

    def _merge_codes(self, event: CodesRead) -> None:
        report = self._report
        codes = merge_codes(self._book, event.codes, event.paths, on_conflict=report.on_conflict)
        report.codes_added, report.code_conflicts = list(codes.added), list(codes.conflicts)
        report.codes_described = list(codes.described)
        report.dropped.extend(codes.notes)
        self._codes = codes
        self._planner = Planner(
            self._documents.matched, codes, report, reviewer_name=self._reviewer_name
        )

    def _annotations(self, event: AnnotationsRead) -> None:
        self._notes_final = event.notes_final
        first, self._read = self._read, self._read + len(event.items)
        self._place(enumerate(event.items, first))
        if self._writing or not self._had_annotations or self._read >= LARGE_IMPORT:
            self._write()
        self._total = event.total
        self._progress(event.done, event.total)

    def _place(self, numbered: Iterable[Numbered]) -> None:
        """Plan and sort each annotation that need not wait (at the end, none waits: one whose
        document never came is an orphan)."""
        if self._planner is None:
            self._merge_codes(CodesRead([]))
        assert self._planner is not None
        matched = self._documents.matched
        targets, missing, known = matched.targets, matched.missing, self._sorter.known
        for index, item in numbered:
            key = item.document_key
            if key not in targets and key not in missing and not self.ended:
                self._undocumented.setdefault(key, []).append((index, item))
                continue
            if not self._notes_final and ((given := file_id(item)) is None or given in known):
                self._held.append((index, item))
                continue
            planned = self._planner.plan(item)
            if planned is None:
                continue
            outcome = self._sorter.sort(planned)
            if outcome == "new":
                self._new.append(planned)
                if not self._notes_final:
                    self._late[index] = (planned.id, planned.note)
            elif outcome == "theirs":
                self._theirs.append(planned)

    def _end(self, event: ReadEnd) -> None:
        """The notes are final: correct them, place what waited, and write the rest."""
        self.ended = True
        self._report.dropped[:0] = event.dropped  # (the file's own first)
        waiting = sorted(
            [*self._held, *(n for some in self._undocumented.values() for n in some)],
            key=lambda numbered: numbered[0],
        )
        self._held, self._undocumented = [], {}
        for index, item in waiting:
            if index in event.notes:
                item.note = event.notes[index]
        unwritten = {planned.id: planned for planned in self._new}
        corrected: list[tuple[str, AnnotationId]] = []
        for index, note in event.notes.items():
            if index not in self._late:
                continue
            annotation_id, planned_note = self._late[index]
            if (cleaned := clean_note(note)) != planned_note:
                if annotation_id in unwritten:
                    unwritten[annotation_id].note = cleaned
                else:
                    corrected.append((cleaned, annotation_id))
        self._notes_final = True
        self._place(waiting)
        assert self._planner is not None
        self._planner.finish()
        self._write()
        self._project.annotations.set_notes(corrected)
        matched = self._documents.matched
        if event.links:  # (the transaction is open: ``_write`` above opened it)
            import_links(
                self._project,
                event.links,
                targets=matched.targets,
                reviewer_id=self._reviewers([self._reviewer_name])[self._reviewer_name],
                report=self._report,
            )
        self._report.documents_added = [d.title for d in matched.added]
        self._report.documents_matched = len(matched.matched)
        self._progress(self._total, self._total)

    def _write(self) -> None:
        """Write what is planned (the transaction begins with the first write)."""
        project = self._project
        if not self._writing:
            self._writing = True
            if self._had_annotations and self._read >= LARGE_IMPORT:
                self._report.backup = backup(project.path, SCHEMA_VERSION)
                prune_backups(project.path, version=SCHEMA_VERSION)
            self._hold(project.transaction())
            if not self._had_annotations:
                self._hold(project.annotations.indexes_built_at_end())
            self._position = max((d.position for d in project.documents.all()), default=-1) + 1
            assert self._codes is not None
            if self._codes.codebook != self._book:
                if project.codes.codebook() != self._book:  # another Accord changed it
                    raise StaleError(
                        "The project's codebook changed while the file was being "
                        "read; nothing was imported. Import it again."
                    )
                project.codes.replace(self._codes.codebook)
        matched = self._documents.matched
        for document in matched.added[self._documents_written :]:
            project.documents.add(document, position=self._position, added=utc_now())
            self._position += 1
        self._documents_written = len(matched.added)
        if self._new:
            _insert(project, self._new, self._reviewers(p.reviewer for p in self._new))
            self._report.annotations_added += len(self._new)
            self._new = []
        for item in self._theirs:
            take_theirs(project, item)
        self._theirs = []

    def _reviewers(self, names: Iterable[str]) -> dict[str, ReviewerId]:
        """Reviewer ids by name, the new names added (in the transaction)."""
        ids = self._reviewer_ids
        for name in sorted(set(names) - ids.keys()):
            ids[name] = self._project.reviewers.ensure(name).id
        return ids


def _insert(project: Project, items: list[Planned], reviewers: dict[str, ReviewerId]) -> None:
    """Insert a batch of new annotations and their codings, each table's rows in the order of
    an index they fill: annotations in reading order (their ids are random), codings by
    annotation id (their primary key). Files list annotations in reading order, so the
    reading-order index grows at its end; codings land all over their key, a batch at a time
    (the whole import's codings in one sorted pass was no faster once its tail was counted)."""
    project.annotations.insert_many(
        [
            Annotation(
                id=item.id,
                document_id=item.document_id,
                anchor=item.anchor,
                note=item.note,
                reviewer_id=reviewers[item.reviewer],
                created=item.created,
                modified=item.modified,
                **item.listed,
            )
            for item in sorted(items, key=reading_order)
        ],
        [
            Coding(
                annotation_id=item.id,
                code_id=code,
                reviewer_id=reviewers[item.reviewer],
                created=item.created,
            )
            for item in sorted(items, key=attrgetter("id"))
            for code in item.code_ids
        ],
    )
