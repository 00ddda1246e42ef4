"""The spreadsheet's Annotations sheet, one row per annotation × code, streamed fast.

XlsxWriter builds the workbook (styles, the Codebook and matrix sheets, the header, frozen
pane, filter and widths), but even in its constant-memory mode it writes about 140,000 cells a
second, under 5,000 annotations a second here (20 cells a row, two rows an annotation on
average): a third of what an export of 100,000 annotations must do. So the data rows are
written here as SpreadsheetML (ECMA-376 Part 1 §18.3.1.73 ``row`` and §18.3.1.4 ``c`` with
inline strings, the form XlsxWriter's own constant-memory mode writes) into a temporary file,
then spliced into the sheet XlsxWriter wrote, in the copy of its package that becomes the
output. Dates are real Excel dates in the style XlsxWriter made for the date columns (found in
``xl/styles.xml`` by its number format). Every row is what XlsxWriter writes for the same
values, byte for byte: its own escaping and date arithmetic are called here, and
``tests/formats/test_tables.py`` writes the same rows through XlsxWriter and compares.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from pathlib import Path
from typing import IO

from defusedxml import ElementTree
from xlsxwriter.utility import (
    _datetime_to_excel_datetime,
    _preserve_whitespace,
    _utf16_len,
    _utf16_truncate,
)
from xlsxwriter.xmlwriter import XMLwriter

from desktop.core.errors import AccordError
from desktop.core.model import parse_time

MAX_ROWS = 1_048_575
"""Excel's 1,048,576 rows a sheet, less the header."""
MAX_CELL_TEXT = 32_767
"""Excel's limit on the characters of one cell."""
DATE_STYLE = "\x01"
"""Stands for the date style's index in the streamed rows until it is known."""
ROW = "\x02"
"""Stands for the row number in a cell built before its row is known. Neither can appear in
the XML otherwise: ``text`` escapes every control character."""

_SPREADSHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NEEDS_ESCAPES = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
"""What XlsxWriter's escaping changes: XML's specials, control characters (as ``_xHHHH_``),
and text that already looks like such an escape."""
_CHUNK = 1 << 20
_DATE_STYLE_BYTE = DATE_STYLE.encode("ascii")


class SpreadsheetError(AccordError):
    """The export does not fit in a spreadsheet; the message names the file and says what to
    do instead."""


def cut(value: str) -> str:
    """``value`` within Excel's 32,767 UTF-16 units a cell, an ellipsis saying where it was cut
    (XlsxWriter would cut it silently)."""
    if len(value) > MAX_CELL_TEXT // 2 and _utf16_len(value) > MAX_CELL_TEXT:
        return _utf16_truncate(value, MAX_CELL_TEXT - 1) + "…"
    return value


def text(value: str) -> str:
    """A cell's ``t="inlineStr"`` attribute and content for ``value`` (``cut``), as XlsxWriter's
    constant-memory mode writes an inline string, with its own escaping (a test compares the
    bytes): control characters as Excel's ``_xHHHH_`` escapes, XML's specials escaped,
    surrounding whitespace preserved."""
    value = cut(value)
    if _NEEDS_ESCAPES.search(value):
        value = XMLwriter._escape_control_characters(value)
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _preserve_whitespace(value):
        return f' t="inlineStr"><is><t xml:space="preserve">{value}</t></is>'
    return f' t="inlineStr"><is><t>{value}</t></is>'


def number(value: int) -> str:
    return f"><v>{value:.16G}</v>"


@functools.lru_cache(maxsize=8192)
def date(stored: str) -> str:
    """A stored UTC moment (``format_time``'s form) as an Excel serial date in the date
    columns' style, as XlsxWriter computes and writes it. Cached: an export writes the same
    few thousand moments again and again."""
    serial = _datetime_to_excel_datetime(parse_time(stored), False, True)
    return f' s="{DATE_STYLE}"><v>{serial:.16G}</v>'


def cell(column: str, content: str) -> str:
    """One cell of any row: its reference carries ``ROW`` for the row number (see ``row``), so
    an annotation's cells are built once and repeated on each of its rows."""
    return f'<c r="{column}{ROW}"{content}</c>'


def row(number: int, cells: str) -> str:
    return f'<row r="{ROW}">{cells}</row>'.replace(ROW, str(number))


def check_size(rows: int, path: Path) -> None:
    if rows > MAX_ROWS:
        raise SpreadsheetError(
            f"“{path.name}” cannot hold this export: it needs more than {MAX_ROWS:,} annotation "
            "rows, Excel's limit for a sheet. Export fewer annotations (by reviewer, code or "
            "document) or export CSV instead."
        )


def splice(
    package: bytes,
    rows: IO[bytes],
    target: Path,
    *,
    sheet: int,
    last_row: int,
    last_column: str,
    date_format: str,
) -> None:
    """Write ``package`` (XlsxWriter's workbook, whose sheet number ``sheet`` has only its
    header row) to ``target`` with the streamed ``rows`` inside that sheet."""
    part = f"xl/worksheets/sheet{sheet}.xml"
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as output,
    ):
        style = _date_style(source.read("xl/styles.xml"), date_format).encode("ascii")
        for info in source.infolist():
            if info.filename != part:
                output.writestr(info, source.read(info), compress_type=zipfile.ZIP_DEFLATED)
                continue
            head, tail = _open_sheet(source.read(part).decode("utf-8"), last_row, last_column)
            with output.open(part, "w", force_zip64=True) as sheet_file:
                sheet_file.write(head.encode("utf-8"))
                rows.seek(0)
                for chunk in iter(lambda: rows.read(_CHUNK), b""):
                    sheet_file.write(chunk.replace(_DATE_STYLE_BYTE, style))
                sheet_file.write(tail.encode("utf-8"))


def _open_sheet(xml: str, last_row: int, last_column: str) -> tuple[str, str]:
    """The sheet's XML before and after the point where the data rows go, with its
    ``dimension`` widened to them."""
    dimension = re.search(r'<dimension ref="[^"]*"/>', xml)
    end = xml.find("</sheetData>")
    if dimension is None or end < 0:
        raise AssertionError("XlsxWriter wrote the Annotations sheet in an unexpected form")
    xml = (
        f'{xml[: dimension.start()]}<dimension ref="A1:{last_column}{last_row}"/>'
        f"{xml[dimension.end() :]}"
    )
    end = xml.find("</sheetData>")
    return xml[:end], xml[end:]


def _date_style(styles: bytes, date_format: str) -> str:
    """The index of the cell style (``cellXfs``) whose number format is ``date_format``."""
    root = ElementTree.fromstring(styles)
    formats = {
        element.get("formatCode"): element.get("numFmtId")
        for element in root.iter(f"{_SPREADSHEET_NS}numFmt")
    }
    wanted = formats.get(date_format)
    cell_styles = root.find(f"{_SPREADSHEET_NS}cellXfs")
    if wanted is not None and cell_styles is not None:
        for index, style in enumerate(cell_styles):
            if style.get("numFmtId") == wanted:
                return str(index)
    raise AssertionError(f"XlsxWriter wrote no cell style with the format {date_format!r}")
