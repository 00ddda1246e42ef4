"""Judge whether a file is a sound Accord project without changing it, nor its folder.

A damaged project must be refused before anything writes to it: the first write of a session
(a reviewer's name, a re-anchoring) would otherwise spread the damage, and the analyst would
learn of it later, from a traceback. The checks run on a connection that cannot write. When no
other Accord has the file open (no ``-wal`` beside it) it is opened ``immutable``, so SQLite
does not even create the ``-wal`` and ``-shm`` files it otherwise leaves beside a file it only
read; when one is there, ``mode=ro``, since the ``-wal`` holds commits the checks must see.

What is checked, cheapest first:

1. the format number: 1 up to ``SCHEMA_VERSION`` (a newer one is ``NewerProjectError``; 0 or a
   negative number is no format Accord ever wrote, so it is not "migrated");
2. SQLite's own check of every page: ``integrity_check`` (which also compares every index
   with its table) and ``foreign_key_check`` for a file up to ``FULL_CHECK_BYTES``;
   ``quick_check`` above it, because the full check grows with the file and took 1.5–2.5 s
   at every open of a project of 100,000 annotations, against a quarter of a second;
3. the schema: every table, index and view the migrations make for this format, with the
   SQL they made it with (objects of one's own may be added beside them);
4. the rows as Accord reads them (text that is not UTF-8, rectangles that are not JSON, a
   facet Accord does not know): the codebook, reviewers and documents always, and up to
   ``FULL_CHECK_BYTES`` every annotation and coding too.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
from pathlib import Path

from desktop import __version__
from desktop.store.codes import CodeRepository
from desktop.store.connection import Connection
from desktop.store.documents import DocumentRepository
from desktop.store.errors import (
    UNREADABLE,
    DamagedProjectError,
    NewerProjectError,
    ProjectError,
)
from desktop.store.reviewers import ReviewerRepository
from desktop.store.rows import ANNOTATIONS, CODINGS
from desktop.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

FULL_CHECK_BYTES = 4 * 1024 * 1024
"""Up to this size (the bundled pair and about 3,000 annotations) a project gets the full
checks at every open, a tenth to a third of a second, mostly decoding every annotation; above
it they would grow with the file, to seconds (``benchmarks/project_checks.py`` measures
both tiers)."""

_DAMAGE = (*UNREADABLE, ValueError, TypeError)
"""What reading a damaged file raises here: besides ``UNREADABLE``, what decoding its rows
does (dates, facets, unpacking), which once the checks passed would be Accord's own bug."""


def check_project(path: Path, *, busy_timeout: float) -> int:
    """The project format of ``path`` once it is judged sound; ``ProjectError`` saying what is
    wrong otherwise. Neither the file nor its folder is changed."""
    immutable = not Path(f"{path}-wal").exists()
    try:
        return _judge(path, immutable=immutable, busy_timeout=busy_timeout)
    except DamagedProjectError:
        if immutable and Path(f"{path}-wal").exists():  # another Accord began writing meanwhile
            return _judge(path, immutable=False, busy_timeout=busy_timeout)
        raise


def read_only(path: Path, *, busy_timeout: float, immutable: bool = False) -> sqlite3.Connection:
    """A connection that cannot write to ``path`` (see the module's docstring for
    ``immutable``)."""
    mode = "immutable=1" if immutable else "mode=ro"
    return sqlite3.connect(
        f"{path.resolve().as_uri()}?{mode}", uri=True, timeout=busy_timeout, isolation_level=None
    )


def _judge(path: Path, *, immutable: bool, busy_timeout: float) -> int:
    try:
        with contextlib.closing(
            read_only(path, busy_timeout=busy_timeout, immutable=immutable)
        ) as connection:
            version = _format(path, connection)
            full = path.stat().st_size <= FULL_CHECK_BYTES
            _pages(path, connection, full=full)
            _schema(path, connection, version)
            _rows(path, connection, full=full)
    except _DAMAGE as error:
        raise DamagedProjectError.reading(path, error) from error
    return version


def _format(path: Path, connection: sqlite3.Connection) -> int:
    (application_id,) = connection.execute("PRAGMA application_id").fetchone()
    version: int
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if application_id != APPLICATION_ID:
        raise ProjectError(path, "it is an SQLite database, but not an Accord project.")
    if version > SCHEMA_VERSION:
        raise NewerProjectError(
            path,
            found=version,
            known=SCHEMA_VERSION,
            written_by=_written_by(connection),
            running=__version__,
        )
    if version < 1:
        raise DamagedProjectError(
            path, f"its project format is {version}, which no Accord ever wrote"
        )
    return version


def _pages(path: Path, connection: sqlite3.Connection, *, full: bool) -> None:
    check = "integrity_check(5)" if full else "quick_check(5)"
    problems = [row[0] for row in connection.execute(f"PRAGMA {check}")]
    if problems != ["ok"]:
        raise DamagedProjectError(path, f"SQLite: {problems[0]}")
    if full:
        dangling = connection.execute("PRAGMA foreign_key_check").fetchone()
        if dangling is not None:
            table, row, parent, _ = dangling
            raise DamagedProjectError(
                path, f"row {row} of “{table}” refers to a row of “{parent}” that is not there"
            )


def _schema(path: Path, connection: sqlite3.Connection, version: int) -> None:
    found = dict(_objects(connection))
    for (kind, name), sql in expected_schema(version).items():
        if (kind, name) not in found:
            raise DamagedProjectError(path, f"its {kind} “{name}” is missing")
        if found[kind, name] != sql:
            raise DamagedProjectError(path, f"its {kind} “{name}” is not as Accord made it")


REFERENCE = Path(__file__).with_name("schema_reference.json")
"""What the migrations make for ``SCHEMA_VERSION``, written down when a migration is added
(``uv run python -m tests.fixtures.make_project_fixtures``; ``tests/store/test_schema.py``
checks it is exactly what they make): the format nearly every open checks against, read
instead of made again at each launch."""


@functools.cache
def expected_schema(version: int) -> dict[tuple[str, str], str]:
    """The tables, indexes and views the first ``version`` migrations make, with their SQL:
    made in memory by the migrations themselves, so there is no second description of the
    schema to keep in step with them; for the current format, read from ``REFERENCE``, the
    same made once and checked, which saves a launch making it (and importing sqlite-utils
    to)."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    if version == reference["version"]:
        return {(kind, name): sql for kind, name, sql in reference["objects"]}
    return made_schema(version)


def made_schema(version: int) -> dict[tuple[str, str], str]:
    """The tables, indexes and views the first ``version`` migrations make, made in memory."""
    from sqlite_utils import Database

    database = Database(memory=True, execute_plugins=False)
    MIGRATIONS.apply(database, stop_before=MIGRATIONS.names[version:])
    return dict(_objects(database.conn))


def _objects(connection: sqlite3.Connection) -> list[tuple[tuple[str, str], str]]:
    """Accord's schema objects (not SQLite's automatic indexes, nor the table in which
    sqlite-utils records migrations, whose SQL is the library's)."""
    rows = connection.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'index', 'view') "
        "AND name NOT LIKE 'sqlite_%' AND name <> '_sqlite_migrations'"
    )
    return [((kind, name), sql) for kind, name, sql in rows]


def _rows(path: Path, connection: sqlite3.Connection, *, full: bool) -> None:
    """Read the rows as the repositories do: whatever they would fail on later fails here."""
    db = Connection(path, connection)
    CodeRepository(db).codebook()
    ReviewerRepository(db).all()
    documents = DocumentRepository(db)
    for document in documents.all():
        if full:
            documents.content(document.id)
    if full:
        # Every column the file has, by name: an older format lacks the later ones, which
        # read as their declared defaults (as its migration will write them).
        for _ in ANNOTATIONS.values(connection.execute("SELECT * FROM annotations")):
            pass
        for _ in CODINGS.values(connection.execute("SELECT * FROM annotation_codes")):
            pass


def _written_by(connection: sqlite3.Connection) -> str | None:
    """The Accord version that last set the file's format, if the file says (it is newer than
    us, so its tables are read defensively)."""
    try:
        row = connection.execute(
            "SELECT value FROM project_info WHERE key IN ('migrated_with', 'created_with') "
            "ORDER BY key = 'migrated_with' DESC LIMIT 1"
        ).fetchone()
    except (sqlite3.Error, UnicodeDecodeError):
        return None
    return row[0] if row else None
