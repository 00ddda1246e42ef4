"""Small projects to test against, and a way to compare a whole project file before and after."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from array import array
from pathlib import Path

import pytest

from desktop.codebook.default import load_default_codebook
from desktop.core.geometry import Rect
from desktop.core.textlayer import PageText, TextLayer, TextLine
from desktop.store import NewDocument, Project, ProjectError, create_project, open_project

TEXT = (
    "The Sides intend to cooperate on pandemics, climate neutrality and the digital "
    "transition. They will hold a regular dialogue on research and innovation, and explore "
    "joint calls. Café, naïve 𝓔𝓤 and Japan 日本 cooperate."
)


def text_document(text: str = TEXT, *, name: str = "notes.txt") -> NewDocument:
    return NewDocument(
        text.encode("utf-8"),
        name.rsplit(".", 1)[0].title(),
        "text",
        name,
        1,
        text_layer(text).sha256(),
    )


def text_layer(text: str, *, line_length: int = 40, lines_per_page: int = 3) -> TextLayer:
    """A layer for ``text`` laid out as fixed-width lines, 10 points a character, several pages
    (every character drawn), so spans have pages and rectangles like a PDF's."""
    pages: list[PageText] = []
    per_page = line_length * lines_per_page
    for first in range(0, max(len(text), 1), per_page):
        piece = text[first : first + per_page]
        boxes = array("d")
        lines = []
        for start in range(0, len(piece), line_length):
            row = start // line_length
            y0 = 20.0 * row
            for column in range(min(line_length, len(piece) - start)):
                boxes.extend((10.0 * column, y0, 10.0 * column + 10, y0 + 12))
            end = min(start + line_length, len(piece))
            lines.append(TextLine(start, end, Rect(0, y0, 10.0 * (end - start), y0 + 12)))
        pages.append(PageText(piece, boxes, tuple(lines)))
    return TextLayer.from_pages(pages)


def small_project(path: Path, *, documents: list[NewDocument] | None = None) -> Project:
    """A project with one (or the given) text documents and the default codebook."""
    return create_project(
        path,
        documents=[text_document()] if documents is None else documents,
        codebook=load_default_codebook(),
    )


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table of the project, in key order: two equal dumps mean two equal
    projects."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name <> '_sqlite_migrations' ORDER BY name"
            )
        ]
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in tables
        }


def integrity(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` and ``foreign_key_check`` (empty when sound)."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        problems += [
            f"foreign key: {row}" for row in connection.execute("PRAGMA foreign_key_check")
        ]
    return [p for p in problems if p != "ok"]


def folder_state(path: Path) -> tuple[str, int, list[str]]:
    """The file's bytes and time, and every name in its folder (a ``-wal`` or ``-shm`` beside
    it means SQLite went further than reading)."""
    return (
        hashlib.sha256(path.read_bytes()).hexdigest(),
        path.stat().st_mtime_ns,
        sorted(p.name for p in path.parent.iterdir()),
    )


def refused(path: Path, *words: str) -> ProjectError:
    """Open ``path`` expecting a refusal that names the file and says ``words``, with the
    file and its folder left exactly as they were."""
    before = folder_state(path)
    with pytest.raises(ProjectError) as caught:
        open_project(path)
    assert folder_state(path) == before, "a refused file and its folder must stay as they were"
    message = str(caught.value)
    assert str(path) in message
    for word in words:
        assert word in message
    return caught.value
