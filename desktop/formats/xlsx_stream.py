"""The Annotations sheet's data rows, written as SpreadsheetML while the annotations stream.

The columns are the CSV export's (``csv_table.COLUMNS``), in its order. An annotation's own
cells are built once and repeated on each of its code rows; a code's, a document's and a
reviewer's cells once per export. Rows go to the file a batch at a time, already encoded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from xlsxwriter.utility import xl_col_to_name

from desktop.core.model import ReviewerId
from desktop.core.record import shown
from desktop.formats.csv_table import COLUMNS, LISTED
from desktop.formats.source import ExportSource, Progress
from desktop.formats.tally import CodeTally
from desktop.formats.xlsx_sheet import cell, date, number, row, text

PROGRESS_EVERY = 1000
LETTERS = {name: xl_col_to_name(index) for index, name in enumerate(COLUMNS)}
"""The column letter of each of the CSV export's columns."""
DATE_COLUMNS = frozenset({"created", "modified", "coded_at"})


class _Cells:
    """The cells that repeat across rows, each built the first time it is needed."""

    def __init__(self, source: ExportSource) -> None:
        self._source = source
        self.documents = {
            d.id: cell(LETTERS["document"], text(d.title))
            + cell(LETTERS["document_fingerprint"], text(d.id))
            for d in source.documents
        }
        self._codes: dict[str, str] = {}
        self._people: dict[tuple[str, ReviewerId], str] = {}

    def code(self, guid: str) -> str:
        found = self._codes.get(guid)
        if found is None:
            codebook = self._source.codebook
            code = codebook[guid]
            found = self._codes[guid] = "".join(
                cell(LETTERS[column], text(value))
                for column, value in (
                    ("code", code.name),
                    ("code_path", codebook.path(guid)),
                    ("code_id", guid),
                    ("facet", code.facet.value),
                    ("code_color", code.color),
                )
            )
        return found

    def person(self, column: str, reviewer_id: ReviewerId) -> str:
        found = self._people.get((column, reviewer_id))
        if found is None:
            found = self._people[column, reviewer_id] = cell(
                LETTERS[column], text(self._source.reviewer_name(reviewer_id))
            )
        return found


def write_rows(
    source: ExportSource,
    out: IO[bytes],
    *,
    tally: CodeTally,
    progress: Progress,
    check: Callable[[int], None],
) -> int:
    """Write every exported annotation's rows to ``out`` (from sheet row 2), count its codes
    in ``tally``, and return how many rows were written. ``check(rows)`` may refuse a size."""
    cells = _Cells(source)
    total = source.count()
    rows = 1
    done = 0
    batch: list[str] = []
    for record in source.records():
        head = (
            cell(LETTERS["annotation_id"], text(record.id))
            + cells.documents[record.document_id]
            + cell(LETTERS["page"], number(record.page + 1))
            + cell(LETTERS["start"], number(record.start))
            + cell(LETTERS["end"], number(record.end))
            + cell(LETTERS["quote"], text(record.exact))
            + (cell(LETTERS["prefix"], text(record.prefix)) if record.prefix else "")
            + (cell(LETTERS["suffix"], text(record.suffix)) if record.suffix else "")
        )
        tail = (
            (cell(LETTERS["note"], text(record.note)) if record.note else "")
            + cells.person("reviewer", record.reviewer_id)
            + cell(LETTERS["created"], date(record.created))
            + cell(LETTERS["modified"], date(record.modified))
        )
        end = "".join(cell(LETTERS[n], text(shown(getattr(record, n)))) for n in LISTED)
        for coding in record.codings:
            rows += 1
            batch.append(
                row(
                    rows,
                    head
                    + cells.code(coding.code_id)
                    + tail
                    + cells.person("coded_by", coding.reviewer_id)
                    + cell(LETTERS["coded_at"], date(coding.created))
                    + end,
                )
            )
        if not record.codings:
            rows += 1
            batch.append(row(rows, head + tail + end))
        tally.add(coding.code_id for coding in record.codings)
        done += 1
        if done % PROGRESS_EVERY == 0:
            check(rows - 1)
            out.write("".join(batch).encode("utf-8"))
            batch.clear()
            progress(done, max(total, done))
    check(rows - 1)
    out.write("".join(batch).encode("utf-8"))
    progress(done, done)
    return rows - 1
