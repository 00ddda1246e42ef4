"""QualCoder's annotations (a note on a passage, no coding) come in as uncoded annotations
with their note. QualCoder writes each as a ``Note`` holding its text and a
``PlainTextSelection``, and a ``NoteRef`` to it in the source (only for a source's first)."""

from __future__ import annotations

import contextlib
from pathlib import Path

from desktop.app.import_report import ImportReport
from desktop.app.importing import import_file
from tests.app.conftest import Workbench
from tests.app.stand_ins import TextReader
from tests.formats.qdpx_files import ADA, archive, selection, text_source
from tests.store.helpers import TEXT, dump

NOTED = ("0F8C2A55-1111-4A11-9A11-000000000001", "0F8C2A55-1111-4A11-9A11-000000000002")
PASSAGES = ("0F8C2A55-2222-4A11-9A11-000000000001", "0F8C2A55-2222-4A11-9A11-000000000002")


def _note(guid: str, passage: str, quote: str, memo: str) -> str:
    start = TEXT.index(quote)
    return (
        f'<Note guid="{guid}" creatingUser="{ADA}" creationDateTime="2024-05-02T08:00:00Z">'
        f"<PlainTextContent>{memo}</PlainTextContent>"
        f'<PlainTextSelection guid="{passage}" startPosition="{start}" '
        f'endPosition="{start + len(quote)}"/></Note>'
    )


def _qualcoder(folder: Path, *, sources: int = 1) -> Path:
    """QualCoder's export of the bench's text: a coded selection, and two annotations, the
    first named by the source's ``NoteRef``, the second by nothing."""
    coded = selection("0F8C2A55-3333-4A11-9A11-000000000001", 0, 10)
    body = text_source(f'{coded}<NoteRef targetGUID="{NOTED[0]}"/>')
    others = "".join(
        text_source("", guid=f"135D89C9-E9F7-5154-BD95-1BB12628600{n}") for n in range(sources - 1)
    )
    notes = _note(NOTED[0], PASSAGES[0], "intend to", "Intent, not duty.") + _note(
        NOTED[1], PASSAGES[1], "cooperate", "Which fields?"
    )
    return archive(
        folder, body + others, tail=f"<Notes>{notes}</Notes>", files={"T.txt": TEXT.encode()}
    )


def _import(bench: Workbench, path: Path) -> ImportReport:
    return import_file(
        bench.project,
        path,
        reviewer_name="Importer",
        reader_factory=lambda: contextlib.nullcontext(TextReader()),
    )


def test_qualcoder_annotations_arrive_uncoded_with_their_note(
    bench: Workbench,
    tmp_path: Path,
    where: str,
) -> None:
    report = _import(bench, _qualcoder(tmp_path))
    found = {s.annotation.id: s for s in bench.project.annotations.snapshots()}
    assert report.annotations_added == 3
    for passage, quote, memo in (
        (PASSAGES[0], "intend to", "Intent, not duty."),
        (PASSAGES[1], "cooperate", "Which fields?"),
    ):
        kept = found[passage]
        assert (kept.annotation.anchor.exact, kept.annotation.note, kept.codings) == (
            quote,
            memo,
            (),
        )
    assert not any("note" in line for line in report.dropped), report.dropped
    before = dump(bench.path)
    again = _import(bench, _qualcoder(tmp_path))
    assert again.annotations_added == 0 and dump(bench.path) == before


def test_a_note_on_a_passage_of_no_named_source_is_listed_when_the_file_has_several(
    bench: Workbench,
    tmp_path: Path,
) -> None:
    report = _import(bench, _qualcoder(tmp_path, sources=2))
    notes = {s.annotation.note for s in bench.project.annotations.snapshots()}
    assert "Intent, not duty." in notes and "Which fields?" not in notes
    assert any("1 note(s) on a passage were not imported" in line for line in report.dropped)
