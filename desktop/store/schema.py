"""The project file's schema: numbered, append-only migrations, and the marks that make it ours.

Tables are created here and nowhere else. A migration, once released, is never edited: a change
to the schema is a new migration at the end, with a fixture file of the version before it in
``tests/fixtures/projects/`` and a test that opens that fixture. ``PRAGMA user_version`` is the
number of migrations applied, so a newer file is recognised from its header alone.

The names are plain on purpose (``documents``, ``codes``, ``annotations``, ``annotation_codes``,
``reviewers``): ``desktop/store/README.md`` shows how to read a project with nothing but
``sqlite3``, and the ``annotation_list`` view answers the common question in one line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (imported where migrations are applied, not to open a current project)
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

APPLICATION_ID = 0x41434344
"""``PRAGMA application_id`` of every project file: "ACCD" in ASCII, at offset 68 of the header."""

Migration = Callable[["Database"], None]


class DeclaredMigrations:
    """The migrations in the order they are declared (``@MIGRATIONS(name=...)``), applied by
    sqlite-utils' ``Migrations``, which records each by name in ``_sqlite_migrations``.

    That one is built only when migrations are applied or listed: opening a project already at
    ``SCHEMA_VERSION`` (every launch but the first after an upgrade) then never imports
    sqlite-utils, whose import chain (click, pluggy, dateutil) cost about 60 ms of every
    launch before the window could show."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._declared: list[tuple[str, Migration]] = []

    def __call__(self, *, name: str) -> Callable[[Migration], Migration]:
        def declare(migration: Migration) -> Migration:
            self._declared.append((name, migration))
            return migration

        return declare

    @property
    def names(self) -> list[str]:
        return [name for name, _migration in self._declared]

    def apply(self, database: Database, *, stop_before: str | Iterable[str] | None = None) -> None:
        """Apply the migrations ``database`` has not had, up to ``stop_before``."""
        self._built().apply(database, stop_before=stop_before)

    def pending(self, database: Database) -> list[str]:
        """The names of the migrations ``database`` has not had, in order."""
        return [migration.name for migration in self._built().pending(database)]

    def _built(self) -> Migrations:
        from sqlite_utils.migrations import Migrations

        built = Migrations(self._name)
        for name, migration in self._declared:
            built(name=name)(migration)
        return built


MIGRATIONS = DeclaredMigrations("accord")
"""Applied in order by ``desktop.store.project``."""


@MIGRATIONS(name="0001_initial")
def _initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE project_info (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        CREATE TABLE documents (
            fingerprint TEXT PRIMARY KEY CHECK (length(fingerprint) = 64),
            title TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('pdf', 'html', 'text', 'epub')),
            file_name TEXT NOT NULL,
            size INTEGER NOT NULL CHECK (size > 0),
            page_count INTEGER NOT NULL CHECK (page_count > 0),
            text_sha256 TEXT NOT NULL CHECK (length(text_sha256) = 64),
            position INTEGER NOT NULL,
            added TEXT NOT NULL
        );

        CREATE TABLE document_files (
            fingerprint TEXT PRIMARY KEY REFERENCES documents (fingerprint) ON DELETE CASCADE,
            content BLOB NOT NULL
        );

        CREATE TABLE reviewers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE CHECK (name <> ''),
            added TEXT NOT NULL
        );

        CREATE TABLE codes (
            guid TEXT PRIMARY KEY,
            name TEXT NOT NULL CHECK (name <> ''),
            facet TEXT NOT NULL CHECK (facet IN ('Thematic areas', 'Instruments')),
            parent_guid TEXT REFERENCES codes (guid) DEFERRABLE INITIALLY DEFERRED,
            color TEXT NOT NULL CHECK (
                length(color) = 7 AND color GLOB '#*' AND color NOT GLOB '#*[^0-9A-F]*'
            ),
            description TEXT NOT NULL DEFAULT '',
            is_codable INTEGER NOT NULL CHECK (is_codable IN (0, 1)),
            position INTEGER NOT NULL CHECK (position >= 0),
            pin_key INTEGER UNIQUE CHECK (pin_key BETWEEN 1 AND 9)
        );
        CREATE INDEX codes_by_parent ON codes (parent_guid, position);

        CREATE TABLE annotations (
            id TEXT PRIMARY KEY,
            document_fingerprint TEXT NOT NULL REFERENCES documents (fingerprint),
            start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
            end_offset INTEGER NOT NULL CHECK (end_offset > start_offset),
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL,
            suffix TEXT NOT NULL,
            page INTEGER NOT NULL CHECK (page >= 0),
            rects TEXT NOT NULL CHECK (json_valid(rects)),
            note TEXT NOT NULL DEFAULT '',
            reviewer_id INTEGER NOT NULL REFERENCES reviewers (id),
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        );
        CREATE INDEX annotations_in_reading_order
            ON annotations (document_fingerprint, start_offset, end_offset, id);

        CREATE TABLE annotation_codes (
            annotation_id TEXT NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
            code_guid TEXT NOT NULL REFERENCES codes (guid) ON DELETE CASCADE,
            reviewer_id INTEGER NOT NULL REFERENCES reviewers (id),
            created TEXT NOT NULL,
            PRIMARY KEY (annotation_id, code_guid)
        ) WITHOUT ROWID;
        CREATE INDEX annotation_codes_by_code ON annotation_codes (code_guid, annotation_id);
        """
    )


@MIGRATIONS(name="0002_reading_views")
def _reading_views(db: Database) -> None:
    """Two views for people who open a project with ``sqlite3`` or Datasette:
    ``select * from annotation_list`` lists every annotation with its document, quote, code
    paths and reviewer; ``code_paths`` gives each code's full path."""
    db.executescript(
        """
        CREATE VIEW code_paths (guid, path) AS
            WITH RECURSIVE tree (guid, path) AS (
                SELECT guid, name FROM codes WHERE parent_guid IS NULL
                UNION ALL
                SELECT codes.guid, tree.path || '/' || codes.name
                FROM codes JOIN tree ON codes.parent_guid = tree.guid
            )
            SELECT guid, path FROM tree;

        CREATE VIEW annotation_list AS
            SELECT
                annotations.id AS id,
                documents.title AS document,
                annotations.page + 1 AS page,
                annotations.exact AS quote,
                (
                    SELECT group_concat(path, '; ') FROM (
                        SELECT code_paths.path AS path
                        FROM annotation_codes
                        JOIN code_paths ON code_paths.guid = annotation_codes.code_guid
                        WHERE annotation_codes.annotation_id = annotations.id
                        ORDER BY code_paths.path
                    )
                ) AS codes,
                annotations.note AS note,
                reviewers.name AS reviewer,
                annotations.created AS created,
                annotations.modified AS modified,
                annotations.start_offset AS start_offset,
                annotations.end_offset AS end_offset
            FROM annotations
            JOIN documents ON documents.fingerprint = annotations.document_fingerprint
            JOIN reviewers ON reviewers.id = annotations.reviewer_id
            ORDER BY documents.position, annotations.start_offset, annotations.end_offset,
                annotations.id;
        """
    )


@MIGRATIONS(name="0003_annotations_by_page")
def _annotations_by_page(db: Database) -> None:
    """The highlights of one page, read first when a project opens: ``page`` is the page an
    annotation starts on, the second key the page it ends on (its last rectangle's), so
    ``page = P`` walks the page's own annotations in rowid order, a slice at a time, and
    ``page < P AND last page >= P`` finds those that run onto it from the pages before,
    from the index alone (rectangles that are not JSON, which only a damaged file has, key
    no last page rather than fail the write). Without it, reaching the page in view meant
    reading a document's annotations in reading order up to it: 14 s at 100,000."""
    db.executescript(
        """
        CREATE INDEX annotations_by_page
            ON annotations (
                document_fingerprint,
                page,
                CASE WHEN json_valid(rects) THEN json_extract(rects, '$[#-1][0]') END
            );
        """
    )


@MIGRATIONS(name="0004_annotation_status")
def _annotation_status(db: Database) -> None:
    """Each annotation's review status, ``proposed`` until the team decides; the
    ``annotation_list`` view shows it."""
    db.executescript(
        """
        ALTER TABLE annotations ADD COLUMN status TEXT NOT NULL DEFAULT 'proposed'
            CHECK (status IN ('proposed', 'accepted', 'disputed', 'rejected'));

        DROP VIEW annotation_list;
        CREATE VIEW annotation_list AS
            SELECT
                annotations.id AS id,
                documents.title AS document,
                annotations.page + 1 AS page,
                annotations.exact AS quote,
                (
                    SELECT group_concat(path, '; ') FROM (
                        SELECT code_paths.path AS path
                        FROM annotation_codes
                        JOIN code_paths ON code_paths.guid = annotation_codes.code_guid
                        WHERE annotation_codes.annotation_id = annotations.id
                        ORDER BY code_paths.path
                    )
                ) AS codes,
                annotations.note AS note,
                reviewers.name AS reviewer,
                annotations.created AS created,
                annotations.modified AS modified,
                annotations.start_offset AS start_offset,
                annotations.end_offset AS end_offset,
                annotations.status AS status
            FROM annotations
            JOIN documents ON documents.fingerprint = annotations.document_fingerprint
            JOIN reviewers ON reviewers.id = annotations.reviewer_id
            ORDER BY documents.position, annotations.start_offset, annotations.end_offset,
                annotations.id;
        """
    )


@MIGRATIONS(name="0005_links")
def _links(db: Database) -> None:
    """Links between the two documents (``desktop.core.links``): from an annotation to its
    counterpart, or to the whole other document for ``omits`` and ``adds``. Deleting either
    end deletes the link (an undo of that deletion puts both back); ``link_list`` shows each
    with both quotes."""
    db.executescript(
        """
        CREATE TABLE links (
            id TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
            target_id TEXT REFERENCES annotations (id) ON DELETE CASCADE,
            target_document_fingerprint TEXT REFERENCES documents (fingerprint)
                ON DELETE CASCADE,
            type TEXT NOT NULL CHECK (
                type IN ('reports', 'paraphrases', 'changes', 'contradicts', 'omits', 'adds')
            ),
            note TEXT NOT NULL DEFAULT '',
            reviewer_id INTEGER NOT NULL REFERENCES reviewers (id),
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'proposed'
                CHECK (status IN ('proposed', 'accepted', 'disputed', 'rejected')),
            CHECK ((target_id IS NULL) <> (target_document_fingerprint IS NULL)),
            CHECK ((type IN ('omits', 'adds')) = (target_document_fingerprint IS NOT NULL)),
            CHECK (target_id IS NULL OR target_id <> source_id)
        );
        CREATE INDEX links_by_source ON links (source_id);
        CREATE INDEX links_by_target ON links (target_id);

        CREATE VIEW link_list AS
            SELECT
                links.id AS id,
                links.type AS type,
                source.exact AS source_quote,
                coalesce(target.exact, '(the whole of ' || documents.title || ')')
                    AS target_quote,
                links.note AS note,
                reviewers.name AS reviewer,
                links.status AS status,
                links.created AS created,
                links.modified AS modified,
                links.source_id AS source_id,
                links.target_id AS target_id,
                links.target_document_fingerprint AS target_document
            FROM links
            JOIN annotations AS source ON source.id = links.source_id
            LEFT JOIN annotations AS target ON target.id = links.target_id
            LEFT JOIN documents ON documents.fingerprint = links.target_document_fingerprint
            JOIN reviewers ON reviewers.id = links.reviewer_id
            ORDER BY source.document_fingerprint, source.start_offset, links.id;
        """
    )


@MIGRATIONS(name="0006_curations")
def _curations(db: Database) -> None:
    """The lead's settlement of each curation unit (``desktop.core.curation``): what was kept
    (``outcome``), and in ``curation_annotations`` the reviewers' annotations it came from
    (``source``) and the team annotations it made (``result``; none when the unit was
    rejected, nothing kept). The annotation ids are not foreign keys: deleting a source or a
    result keeps the record of where a settlement came from, and the undo of that deletion
    (which brings the same id back) finds it whole."""
    db.executescript(
        """
        CREATE TABLE curations (
            id TEXT PRIMARY KEY,
            document_fingerprint TEXT NOT NULL
                REFERENCES documents (fingerprint) ON DELETE CASCADE,
            outcome TEXT NOT NULL CHECK (outcome IN ('adopted', 'merged', 'rejected')),
            reviewer_id INTEGER NOT NULL REFERENCES reviewers (id),
            created TEXT NOT NULL
        );
        CREATE INDEX curations_by_document ON curations (document_fingerprint);

        CREATE TABLE curation_annotations (
            curation_id TEXT NOT NULL REFERENCES curations (id) ON DELETE CASCADE,
            annotation_id TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('source', 'result')),
            PRIMARY KEY (curation_id, annotation_id)
        ) WITHOUT ROWID;
        CREATE INDEX curation_annotations_by_annotation
            ON curation_annotations (annotation_id, role);
        """
    )


@MIGRATIONS(name="0007_review")
def _review(db: Database) -> None:
    """Review sessions, decisions and replies (``desktop.core.review``). A decision is an
    event, never changed once written (a trigger refuses an update); the annotation's
    ``status`` is its latest decision's, kept in step by the store in the same transaction.
    Deleting an annotation takes its decisions and replies with it (an undo puts them back);
    ``decision_list`` shows each decision with its quote, reviewer and session."""
    db.executescript(
        """
        CREATE TABLE review_sessions (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL CHECK (title <> ''),
            purpose TEXT NOT NULL DEFAULT '',
            chair_id INTEGER REFERENCES reviewers (id),
            started TEXT NOT NULL,
            ended TEXT CHECK (ended IS NULL OR ended >= started)
        );
        CREATE UNIQUE INDEX one_running_session ON review_sessions (ended IS NULL)
            WHERE ended IS NULL;

        CREATE TABLE session_attendees (
            session_id TEXT NOT NULL REFERENCES review_sessions (id) ON DELETE CASCADE,
            reviewer_id INTEGER NOT NULL REFERENCES reviewers (id),
            PRIMARY KEY (session_id, reviewer_id)
        ) WITHOUT ROWID;

        CREATE TABLE decisions (
            id TEXT PRIMARY KEY,
            annotation_id TEXT NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 1),
            verdict TEXT NOT NULL CHECK (verdict IN ('accept', 'dispute', 'reject', 'withdraw')),
            before TEXT NOT NULL
                CHECK (before IN ('proposed', 'accepted', 'disputed', 'rejected')),
            note TEXT NOT NULL DEFAULT '',
            reviewer_id INTEGER NOT NULL REFERENCES reviewers (id),
            session_id TEXT REFERENCES review_sessions (id),
            decided TEXT NOT NULL,
            CHECK (verdict IN ('accept', 'withdraw') OR note <> ''),
            UNIQUE (annotation_id, position)
        );
        CREATE INDEX decisions_by_session ON decisions (session_id, decided);
        CREATE TRIGGER decisions_are_events BEFORE UPDATE ON decisions
        BEGIN
            SELECT RAISE(ABORT, 'a decision is an event and is never changed');
        END;

        CREATE TABLE replies (
            id TEXT PRIMARY KEY,
            annotation_id TEXT NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
            text TEXT NOT NULL CHECK (text <> ''),
            reviewer_id INTEGER NOT NULL REFERENCES reviewers (id),
            session_id TEXT REFERENCES review_sessions (id),
            created TEXT NOT NULL
        );
        CREATE INDEX replies_by_annotation ON replies (annotation_id, created);

        CREATE VIEW decision_list AS
            SELECT
                decisions.annotation_id AS annotation_id,
                decisions.position AS position,
                annotations.exact AS quote,
                decisions.verdict AS verdict,
                decisions.before AS before,
                annotations.status AS status_now,
                decisions.note AS note,
                reviewers.name AS reviewer,
                review_sessions.title AS session,
                decisions.decided AS decided
            FROM decisions
            JOIN annotations ON annotations.id = decisions.annotation_id
            JOIN reviewers ON reviewers.id = decisions.reviewer_id
            LEFT JOIN review_sessions ON review_sessions.id = decisions.session_id
            ORDER BY decisions.decided, decisions.annotation_id, decisions.position;
        """
    )


@MIGRATIONS(name="0008_branches_and_merge_conflicts")
def _branches_and_merge_conflicts(db: Database) -> None:
    """What hand-out and bring-back need (``desktop.merging``): the project's own id, which
    every copy sent to a reviewer carries, so a file from another project is refused; in a
    copy, ``branch_origin`` says who it was sent to and keeps the project as it was then (its
    base, an SQLite image), which a merge compares both sides with; and
    ``merge_conflicts`` keeps each edit a reviewer made to something the lead also changed
    since, until the lead keeps theirs or takes the reviewer's (``take_theirs``: the
    changeset that does it). ``digest`` names the reviewer's version, so merging the same
    file again lists no conflict twice, nor one already settled."""
    db.executescript(
        """
        INSERT INTO project_info (key, value) VALUES ('project_id', lower(hex(randomblob(16))));

        CREATE TABLE branch_origin (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            project_id TEXT NOT NULL,
            reviewer TEXT NOT NULL CHECK (reviewer <> ''),
            branched TEXT NOT NULL,
            format INTEGER NOT NULL,
            base BLOB NOT NULL
        );

        CREATE TABLE merge_conflicts (
            id INTEGER PRIMARY KEY,
            reviewer TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_key TEXT NOT NULL CHECK (json_valid(entity_key)),
            label TEXT NOT NULL,
            mine TEXT NOT NULL CHECK (mine IN ('created', 'changed', 'deleted')),
            theirs TEXT NOT NULL CHECK (theirs IN ('created', 'changed', 'deleted')),
            take_theirs BLOB NOT NULL,
            digest TEXT NOT NULL UNIQUE,
            found TEXT NOT NULL,
            resolution TEXT CHECK (resolution IN ('mine', 'theirs')),
            resolved TEXT,
            CHECK ((resolution IS NULL) = (resolved IS NULL))
        );
        """
    )


SCHEMA_VERSION = 8
"""The project format this Accord writes: the number of migrations above (a test checks)."""
