"""Damaged and hostile project files are refused at open, with a sentence naming the file and
what is wrong, before anything writes to them; the file and its folder stay as they were.

Each test makes its bad project itself from a sound one: a table dropped or changed, rows
Accord cannot decode, an index that disagrees with its table, a format number no Accord
wrote, a pipe, a read-only folder, a full disk, and 200 projects with random bit flips.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import shutil
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest

from desktop.app.anchors import anchor_for_span, annotation_from_span
from desktop.app.editor import Editor
from desktop.codebook.default import load_default_codebook
from desktop.core.errors import AccordError
from desktop.core.model import Annotation, CodeId, Coding, DocumentId, ReviewerId, utc_now
from desktop.store import ProjectError, create_project, open_project
from desktop.store import project as project_module
from tests.store.helpers import (
    TEXT,
    dump,
    folder_state,
    refused,
    small_project,
    text_document,
    text_layer,
)

ANNOTATIONS = 12


def _annotated(path: Path) -> Path:
    """A small sound project: one text document, the default codebook, annotations with
    codes and notes by one reviewer."""
    layer = text_layer(TEXT)
    with small_project(path) as project:
        document = DocumentId(project.documents.all()[0].id)
        codes = [CodeId(c.guid) for c in project.codes.codebook() if c.is_codable]
        with project.transaction():
            reviewer = project.reviewers.ensure("Ada")
            for number in range(ANNOTATIONS):
                moment = utc_now()
                annotation = Annotation(
                    f"00000000-0000-4000-8000-{number:012X}",
                    document,
                    anchor_for_span(layer, number * 10, number * 10 + 8),
                    f"note {number}",
                    ReviewerId(reviewer.id),
                    moment,
                    moment,
                )
                project.annotations.insert(
                    annotation,
                    [
                        Coding(annotation.id, code, reviewer.id, moment)
                        for code in codes[number : number + 2]
                    ],
                )
    return path


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _annotated(tmp_path_factory.mktemp("sound") / "sound.accord")


@pytest.fixture
def project_file(sound: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "projects"
    folder.mkdir()
    return Path(shutil.copy(sound, folder / "work.accord"))


def _change(path: Path, *statements: str, checks: bool = True) -> None:
    """Run SQL on the file as another program would (with SQLite's checks off if asked), and
    leave no journal beside it."""
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        if not checks:
            connection.execute("PRAGMA ignore_check_constraints = ON")
        for statement in statements:
            connection.execute(statement)
        connection.execute("PRAGMA journal_mode = DELETE")


def test_a_missing_table_is_refused_at_open(project_file: Path) -> None:
    _change(project_file, "DROP TABLE annotation_codes")
    refused(project_file, "damaged", "table “annotation_codes” is missing")


def test_a_changed_table_is_refused_at_open(project_file: Path) -> None:
    _change(
        project_file,
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_master SET sql = replace(sql, 'note TEXT', 'remark TEXT') "
        "WHERE name = 'annotations'",
    )
    refused(project_file, "damaged", "table “annotations” is not as Accord made it")


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        (
            "UPDATE codes SET facet = 'Methods'"
            " WHERE parent_guid IS NULL AND facet = 'Instruments'",
            "Methods",
        ),
        ("UPDATE codes SET name = CAST(X'C328' AS TEXT) WHERE name = 'Pandemics'", "UTF-8"),
        ("UPDATE annotations SET rects = '[[0, 1, 2, 3' WHERE rowid = 3", "damaged"),
        ("UPDATE annotations SET created = 'yesterday' WHERE rowid = 4", "yesterday"),
        (
            "UPDATE annotation_codes SET reviewer_id = 99 WHERE annotation_id LIKE '%0003'",
            "reviewers",
        ),
    ],
)
def test_rows_accord_cannot_read_are_refused_at_open(
    project_file: Path, statement: str, words: str
) -> None:
    _change(project_file, statement, checks=False)
    refused(project_file, "damaged", words)


def _index_page_flipped(path: Path) -> bytes:
    """The file with one byte changed in a key of the codes-by-parent index, chosen so that
    ``quick_check`` still says "ok" and only ``integrity_check`` sees that the index
    disagrees with its table (the damage the bit flips of the attack most often left)."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'codes_by_parent'"
        ).fetchone()
        (page_size,) = connection.execute("PRAGMA page_size").fetchone()
    data = path.read_bytes()
    end = root * page_size
    for offset in range(end - 1, end - page_size // 4, -1):
        if not chr(data[offset]).isalnum():
            continue
        changed = bytearray(data)
        changed[offset] ^= 0x02  # another letter or digit: still UTF-8, still a key
        with contextlib.closing(_reader(changed, path)) as connection:
            quick = connection.execute("PRAGMA quick_check").fetchall()
            full = connection.execute("PRAGMA integrity_check").fetchall()
        if quick == [("ok",)] and full != [("ok",)]:
            return bytes(changed)
    raise AssertionError("no byte of the index gives damage only integrity_check sees")


def _reader(data: bytes | bytearray, beside: Path) -> sqlite3.Connection:
    probe = beside.with_name("probe.sqlite")
    probe.write_bytes(data)
    connection = sqlite3.connect(f"{probe.as_uri()}?immutable=1", uri=True)
    connection.execute("PRAGMA schema_version").fetchone()
    probe.unlink()  # the open connection keeps reading it
    return connection


def test_an_index_that_disagrees_with_its_table_isrefused(project_file: Path) -> None:
    project_file.write_bytes(_index_page_flipped(project_file))
    refused(project_file, "damaged", "index codes_by_parent")


@pytest.mark.parametrize("version", [-1, 0])
def test_a_format_number_no_accord_wrote_is_refused_not_migrated(
    project_file: Path, version: int
) -> None:
    _change(project_file, f"PRAGMA user_version = {version}")
    refused(project_file, "damaged", f"project format is {version}, which no Accord ever wrote")
    assert sorted(p.name for p in project_file.parent.iterdir()) == ["work.accord"]


def test_a_refused_project_gets_no_journal_beside_it(project_file: Path) -> None:
    """The project is in WAL mode; SQLite leaves ``-wal`` and ``-shm`` files beside a file it
    only read, unless it reads the file as immutable."""
    _change(project_file, "DROP TABLE annotation_codes", "PRAGMA journal_mode = WAL")
    refused(project_file, "damaged")


def test_a_pipe_is_refused_instead_of_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.accord"
    os.mkfifo(pipe)
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            open_project(pipe)
        except BaseException as error:
            outcome.append(error)
        else:
            outcome.append(None)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():  # it blocked on the pipe: set it free before failing
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        worker.join()
        pytest.fail("opening a pipe as a project blocked")
    (error,) = outcome
    assert isinstance(error, ProjectError)
    assert str(pipe) in str(error) and "pipe" in str(error)


@pytest.fixture
def read_only_folder(project_file: Path):  # type: ignore[no-untyped-def]
    """The project's folder made read-only (for root too: the immutable attribute)."""
    folder = project_file.parent
    folder.chmod(0o555)
    immutable = (
        os.geteuid() == 0
        and shutil.which("chattr") is not None
        and subprocess.run(
            ["chattr", "+i", str(folder)], capture_output=True, check=False
        ).returncode
        == 0
    )
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("cannot make a folder read-only here")
        yield folder
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_a_sound_project_in_a_read_only_folder_is_not_called_damaged(
    project_file: Path, read_only_folder: Path
) -> None:
    error = refused(project_file, f"its folder “{read_only_folder}” is read-only")
    assert "damaged" not in str(error)


def test_a_full_disk_while_creating_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    """SQLite says "database or disk is full" when it may not grow the file (here the page
    limit plays the full disk): a sentence naming the project asked for, and no file."""
    connect = project_module._connect

    def small_disk(path: Path) -> sqlite3.Connection:
        connection = connect(path)
        connection.execute("PRAGMA max_page_count = 6")
        return connection

    monkeypatch.setattr(project_module, "_connect", small_disk)
    path = tmp_path / "new" / "study.accord"
    with pytest.raises(ProjectError) as caught:
        create_project(path, documents=[text_document()], codebook=load_default_codebook())
    assert str(caught.value).startswith(
        f"Can't open the project “{path}”: Accord could not create it (database or disk is full)"
    )
    assert list(path.parent.iterdir()) == []


FLIPPED_PROJECTS = 200


def test_bit_flipped_projects_are_refused_or_sound_never_edited_while_damaged(
    sound: Path, tmp_path: Path
) -> None:
    """200 copies of a small real project with 1–4 random bit flips each (fixed seed). Each
    must be refused with a sentence (``AccordError``) and left as it was, or open, read in
    full and take an edit, and then be sound (SQLite's full ``integrity_check``): never a
    traceback, never an edit to a damaged file."""
    data = sound.read_bytes()
    layer = text_layer(TEXT)
    chance = random.Random(20261207)
    refused = opened = 0
    for case in range(FLIPPED_PROJECTS):
        flipped = bytearray(data)
        for _ in range(chance.randint(1, 4)):
            bit = chance.randrange(len(data) * 8)
            flipped[bit // 8] ^= 1 << bit % 8
        path = tmp_path / f"case {case}" / "flipped.accord"
        path.parent.mkdir()
        path.write_bytes(flipped)
        before = folder_state(path)
        try:
            with open_project(path) as project:
                document = project.documents.all()[0]
                project.documents.content(document.id)
                project.codes.pins()
                project.annotations.listed(project.annotations.ids())
                list(project.annotations.snapshots())
                Editor.start(project, "Bea").execute(
                    annotation_from_span(
                        layer, 5, 30, document_id=DocumentId(document.id), note="checked"
                    )
                )
        except AccordError:
            assert folder_state(path) == before, f"case {case}: refused, yet changed"
            refused += 1
            continue
        problems = _integrity(path)
        assert not problems, f"case {case}: edited although damaged: {problems}"
        assert len(dump(path)["annotations"]) == ANNOTATIONS + 1
        opened += 1
    assert refused and opened  # the seed gives both (about one in five refused)


def _integrity(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
        rows += connection.execute("PRAGMA foreign_key_check").fetchall()
    return [str(row) for row in rows if row != ("ok",)]


def test_a_damaged_row_of_a_large_project_is_said_when_a_command_reads_it(
    project_file: Path, monkeypatch
) -> None:
    """Above ``FULL_CHECK_BYTES`` the open checks leave the annotations to be read later
    (every open would otherwise pay a full read of them); a command that meets a damaged
    one says so, naming the file, instead of a traceback."""
    from desktop.app import terminal
    from desktop.store import DamagedProjectError, soundness

    monkeypatch.setattr(soundness, "FULL_CHECK_BYTES", 0)
    _change(project_file, "UPDATE annotations SET note = CAST(X'C328' AS TEXT) WHERE rowid = 5")
    open_project(project_file).close()  # the checks of a large project pass it
    with pytest.raises(DamagedProjectError) as caught:
        terminal.list_annotations(project_file, typed={}, output_format="json", out=io.StringIO())
    assert str(project_file) in str(caught.value)
    assert "it is damaged (SQLite: Could not decode to UTF-8 column 'note'" in str(caught.value)


def test_an_error_message_that_is_not_utf8_is_still_a_refusal(project_file: Path) -> None:
    """SQLite names a broken schema object in its error; a name that is not UTF-8 made the
    message itself fail to decode (a ``UnicodeDecodeError`` inside the open check)."""
    _change(
        project_file,
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_master SET name = CAST(X'62616EFF' AS TEXT), "
        "sql = 'CREATE INDEX x ON nowhere (y)' WHERE name = 'codes_by_parent'",
    )
    refused(project_file, "damaged", "utf-8")
