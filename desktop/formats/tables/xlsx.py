"""The project as an Excel workbook: Annotations, Codebook, and Theme × Instrument.

* **Annotations**: one row per annotation × code (an annotation without codes has one row with
  the code columns empty), the same columns as the CSV export, in reading order; the header row
  frozen, a filter on every column, times as real Excel date-times in UTC.
* **Codebook**: every code in codebook order (names indented by depth), its colour cell filled
  with the colour, and how many exported annotations carry it: the code itself, and the code or
  any code below it (each annotation once).
* **Theme × Instrument**: thematic codes down, instrument codes across, twice: first with each
  code's sub-codes counted with it (what "annotations about pandemics, by instrument" means),
  then the codes themselves only. A note at the top says so. See ``tally`` for the counting.
* **Links**: each link between exported annotations (``desktop.comparing.gather``'s columns).

The Annotations sheet's data rows are streamed by ``xlsx_stream`` and spliced in by
``xlsx_sheet`` (XlsxWriter alone is too slow for 100,000 annotations); everything else is
XlsxWriter's.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from desktop.codebook.colors import BLACK, WHITE, contrast_ratio
from desktop.codebook.model import Code
from desktop.comparing.gather import LINK_FIELDS, link_rows
from desktop.formats import columns
from desktop.formats.agreement_table import AgreementSection, exported_study
from desktop.formats.files import atomic_output
from desktop.formats.source import ExportSource, Progress, no_progress
from desktop.formats.tables.xlsx_sheet import check_size, splice
from desktop.formats.tables.xlsx_stream import letters, write_rows
from desktop.formats.tally import CodeTally

DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss "UTC"'
ANNOTATIONS, CODEBOOK, MATRIX = "Annotations", "Codebook", "Theme × Instrument"
LINKS = "Links"
AGREEMENT = "Agreement"
MATRIX_NOTE = (
    "Rows: thematic areas; columns: instruments. A cell counts the exported annotations that "
    "carry both codes. In the first table a code's sub-codes count with it (an annotation "
    "counts once per cell, however many of a branch's codes it carries); the second counts "
    "only annotations carrying exactly those two codes. Empty cells are zero."
)


def export(source: ExportSource, path: Path, *, progress: Progress = no_progress) -> None:
    path = Path(path)
    tally = CodeTally(source.codebook)
    with atomic_output(path) as temporary, tempfile.TemporaryFile("w+b") as rows:
        count = write_rows(
            source, rows, tally=tally, progress=progress, check=lambda done: check_size(done, path)
        )
        package = _workbook(source, tally, count)
        splice(
            package,
            rows,
            temporary,
            sheet=1,
            last_row=count + 1,
            last_column=letters()[columns.COLUMNS[-1].name],
            date_format=DATE_FORMAT,
        )


def _workbook(source: ExportSource, tally: CodeTally, count: int) -> bytes:
    """Everything but the Annotations sheet's data rows, as the bytes of an .xlsx package."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    workbook.set_properties(
        {"title": f"{source.name}: annotations", "comments": "Exported by Accord"}
    )
    header = workbook.add_format({"bold": True, "bg_color": "#E8EAED", "bottom": 1})
    annotations = workbook.add_worksheet(ANNOTATIONS)
    dates = workbook.add_format({"num_format": DATE_FORMAT})
    for number, column in enumerate(columns.COLUMNS):
        annotations.set_column(
            number, number, column.width, dates if column.kind == "date" else None
        )
        annotations.write_string(0, number, column.name, header)
    annotations.freeze_panes(1, 0)
    annotations.autofilter(0, 0, max(count, 1), len(columns.COLUMNS) - 1)
    _codebook_sheet(workbook, workbook.add_worksheet(CODEBOOK), tally, header)
    _matrix_sheet(workbook, workbook.add_worksheet(MATRIX), tally, header)
    _links_sheet(source, workbook.add_worksheet(LINKS), header)
    agreement = exported_study(source)
    if agreement is not None:
        _agreement_sheet(agreement, workbook.add_worksheet(AGREEMENT), header)
    workbook.close()
    return output.getvalue()


def _agreement_sheet(section: AgreementSection, sheet: Worksheet, header: Format) -> None:
    """The reviewers' agreement on clause units: a sentence, then a row per facet and code,
    each figure a number (or the words "not computable")."""
    sheet.write_string(0, 0, section.headline)
    top, *rows = section.lines
    for number, name in enumerate(top):
        sheet.set_column(number, number, 44 if number == 1 else 14)
        sheet.write_string(2, number, name, header)
    for row, cells in enumerate(rows, start=3):
        for number, cell in enumerate(cells):
            try:
                sheet.write_number(row, number, float(cell))
            except ValueError:
                sheet.write_string(row, number, cell)
    sheet.freeze_panes(3, 2)


def _links_sheet(source: ExportSource, sheet: Worksheet, header: Format) -> None:
    """Every link between exported annotations, a row each (the columns of ``accord links``;
    a link to a whole document leaves the target's passage empty)."""
    exported = set(source.project.annotations.ids(source.filter))
    rows = list(link_rows(source.project, source.links(exported)))
    for number, name in enumerate(LINK_FIELDS):
        sheet.set_column(number, number, 40 if name.endswith("quote") else 14)
        sheet.write_string(0, number, name, header)
    for row, values in enumerate(rows, start=1):
        for number, name in enumerate(LINK_FIELDS):
            value = values[name]
            if isinstance(value, int):
                sheet.write_number(row, number, value)
            elif value != "":
                sheet.write_string(row, number, str(value))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(LINK_FIELDS) - 1)


def _codebook_sheet(workbook: Workbook, sheet: Worksheet, tally: CodeTally, header: Format) -> None:
    columns = (
        ("path", 52),
        ("name", 34),
        ("facet", 14),
        ("parent", 28),
        ("colour", 10),
        ("description", 50),
        ("guid", 38),
        ("annotations", 12),
        ("with sub-codes", 14),
    )
    for number, (name, width) in enumerate(columns):
        sheet.set_column(number, number, width)
        sheet.write_string(0, number, name, header)
    indents = {}
    codebook = tally.codebook
    for row, code in enumerate(codebook, start=1):
        depth = len(codebook.ancestors(code.guid))
        if depth not in indents:
            indents[depth] = workbook.add_format({"indent": depth, "bold": code.is_root})
        parent = codebook.parent(code.guid)
        sheet.write_string(row, 0, codebook.path(code.guid))
        sheet.write_string(row, 1, code.name, indents[depth])
        sheet.write_string(row, 2, code.facet.value)
        if parent is not None:
            sheet.write_string(row, 3, parent.name)
        sheet.write_string(row, 4, code.color, workbook.add_format(_colour_cell(code)))
        if code.description:
            sheet.write_string(row, 5, code.description)
        sheet.write_string(row, 6, code.guid)
        sheet.write_number(row, 7, tally.direct[code.guid])
        sheet.write_number(row, 8, tally.rolled[code.guid])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(codebook), len(columns) - 1)


def _colour_cell(code: Code) -> dict[str, object]:
    ink = BLACK if contrast_ratio(code.color, BLACK) >= contrast_ratio(code.color, WHITE) else WHITE
    return {"bg_color": code.color, "font_color": ink, "font_name": "Consolas"}


def _matrix_sheet(workbook: Workbook, sheet: Worksheet, tally: CodeTally, header: Format) -> None:
    rows, columns = tally.rows(), tally.columns()
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, len(columns), 5.5)
    sheet.set_row(0, 48)
    sheet.merge_range(
        0,
        0,
        0,
        min(len(columns), 12),
        MATRIX_NOTE,
        workbook.add_format({"text_wrap": True, "valign": "top", "italic": True}),
    )
    title = workbook.add_format({"bold": True, "font_size": 12})
    across = workbook.add_format(
        {"bold": True, "rotation": 90, "valign": "bottom", "align": "center", "bottom": 1}
    )
    counts = workbook.add_format({"num_format": "0;-0;;@"})
    indents = {depth: workbook.add_format({"indent": depth}) for depth in range(8)}
    first = 2
    for label, figures in (
        ("Including sub-codes", tally.matrix.rolled),
        ("This code only", tally.matrix.direct),
    ):
        sheet.write_string(first, 0, label, title)
        sheet.write_string(first + 1, 0, "Thematic area \\ Instrument", header)
        for number, column in enumerate(columns, start=1):
            sheet.write_string(first + 1, number, column.name, across)
        for offset, row in enumerate(rows, start=first + 2):
            sheet.write_string(offset, 0, row.name, indents[min(tally.depth(row.guid), 7)])
            for number, column in enumerate(columns, start=1):
                sheet.write_number(offset, number, figures[row.guid, column.guid], counts)
        last = first + 1 + len(rows)
        if rows and columns:
            sheet.conditional_format(
                first + 2,
                1,
                last,
                len(columns),
                {"type": "2_color_scale", "min_color": "#FFFFFF", "max_color": "#5B8FD6"},
            )
        first = last + 2
    sheet.freeze_panes(4, 1)
