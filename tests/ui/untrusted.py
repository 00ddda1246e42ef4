"""Hostile words for the window's tests: a FIFO that tells whether anything opened it, and a
real project whose document title, file name, quote, note, reviewer and code hold markup
naming that FIFO.

The attack used ``/dev/zero`` (read until memory runs out); a test cannot afford that, nor a
FIFO read for ever. Here a watcher *process* (a thread would wait for the Python lock that
the blocked Qt call holds) keeps opening the FIFO for writing without blocking: that succeeds
only while something has it open for reading, and its close gives the reader an end of file
at once. So a read is counted, and never hangs the test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest

from desktop.app.anchors import annotation_from_span
from desktop.app.coding_scheme import AddCode
from desktop.app.editor import Editor
from desktop.app.projects import create_default_project, new_document
from desktop.app.reading import DocumentReader
from desktop.core.model import AnnotationId, CodeId

_WATCHER = """
import os, sys, time
fifo, log = sys.argv[1], sys.argv[2]
print("watching", flush=True)
while True:
    try:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:
        time.sleep(0.001)
        continue
    with open(log, "a") as counted:
        counted.write("read\\n")
    os.close(fd)
"""


@dataclass(frozen=True)
class ReadDetector:
    fifo: Path
    log: Path

    @property
    def img(self) -> str:
        """Markup whose image is the FIFO."""
        return f'<img src="{self.fifo}">'

    @property
    def file_name(self) -> str:
        """A file name that is the same markup (a name cannot hold ``/``: an entity can)."""
        return '<img src="' + str(self.fifo).replace("/", "&#47;") + '">'

    def reads(self) -> int:
        return self.log.read_text(encoding="utf-8").count("read")


@pytest.fixture
def detector(tmp_path: Path) -> Iterator[ReadDetector]:
    folder = tmp_path / "bait"
    folder.mkdir()
    found = ReadDetector(folder / "fifo", folder / "reads.log")
    os.mkfifo(found.fifo)
    found.log.write_text("", encoding="utf-8")
    watcher = subprocess.Popen(
        [sys.executable, "-c", _WATCHER, str(found.fifo), str(found.log)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert watcher.stdout is not None and watcher.stdout.readline() == "watching\n"
    yield found
    watcher.kill()
    watcher.wait()


@dataclass(frozen=True)
class HostileProject:
    path: Path
    pdf: Path
    text_file: Path
    annotation: AnnotationId
    code: CodeId


def hostile_pdf(detector: ReadDetector, folder: Path) -> Path:
    """A PDF whose /Title is the markup, and whose text holds it too (the highlighted quote)."""
    path = folder / "letter.pdf"
    with pymupdf.open() as document:
        page = document.new_page()
        page.insert_text((40, 72), "The parties agree that", fontsize=10)
        page.insert_text((40, 90), detector.img, fontsize=8)
        page.insert_text((40, 108), "is a clause.", fontsize=10)
        document.set_metadata({"title": detector.img})
        document.save(path)
    return path


def hostile_project(detector: ReadDetector, folder: Path) -> HostileProject:
    """A real project that stores the markup wherever outside words are kept: a document
    title (a PDF's /Title), a file name, a quote, a Markdown note, a reviewer, a code's name and
    description, as an import of a colleague's file would."""
    pdf = hostile_pdf(detector, folder)
    text_file = folder / f"{detector.file_name}.txt"
    text_file.write_text("An article about the letter.\n", encoding="utf-8")
    with DocumentReader() as reader:
        read = [reader.read(pdf), reader.read(text_file)]
    path = folder / "hostile.accord"
    project = create_default_project(path, [new_document(r) for r in read])
    try:
        editor = Editor(project, project.reviewers.ensure(detector.img))
        book = project.codes.codebook()
        add = AddCode(
            CodeId(book.lookup("Joint calls").parent_guid),
            detector.img,
            description=f"{detector.img}\nImported from a colleague's file.",
        )
        editor.execute(add)
        layer = read[0].text
        start = layer.text.index(detector.img)
        create = annotation_from_span(
            layer,
            start,
            start + len(detector.img),
            document_id=read[0].fingerprint,
            code_ids=(add.code_id,),
            note=f"![x]({detector.fifo})\n\n{detector.img}\n\n"
            f"[the file]({detector.fifo}) and "
            "[the site](https://example.org/clause)",
        )
        editor.execute(create)
    finally:
        project.close()
    return HostileProject(path, pdf, text_file, create.annotation_id, add.code_id)
