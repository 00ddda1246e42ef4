"""The Annotations sheet's data rows, written as SpreadsheetML while the annotations stream.

The columns are the table exports' (``desktop.formats.columns``), in their order; each value
becomes its cell (``xlsx_sheet``: a text, a number or a date) once per annotation, code or
coding, and an empty text no cell, as XlsxWriter writes them. Rows go to the file a batch at a
time, already encoded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from xlsxwriter.utility import xl_col_to_name

from desktop.formats import columns
from desktop.formats.columns import Column
from desktop.formats.source import ExportSource, Progress
from desktop.formats.tables.xlsx_sheet import cell, date, number, row, text
from desktop.formats.tally import CodeTally

PROGRESS_EVERY = 1000


def letters() -> dict[str, str]:
    """The sheet's column letter of each of the table's columns."""
    return {column.name: xl_col_to_name(index) for index, column in enumerate(columns.COLUMNS)}


def _encoder(column: Column, letter: str) -> Callable[[Any], str]:
    """What one of the column's values becomes: its cell, or nothing for an empty text."""
    if column.kind == "number":
        return lambda value: cell(letter, number(value))
    if column.kind == "date":
        return lambda value: cell(letter, date(value))
    return lambda value: cell(letter, text(value)) if value else ""  # (id and text)


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
    found = letters()
    table = columns.TableRows(
        source, [_encoder(c, found[c.name]) for c in columns.COLUMNS], empty="", run="".join
    )
    total = source.count()
    rows = 1
    done = 0
    batch: list[str] = []
    for record in source.records():
        for cells in table.of(record):
            rows += 1
            batch.append(row(rows, "".join(cells)))
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
