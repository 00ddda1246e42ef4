"""The table exports, for spreadsheets and data analysis: ``csv_table`` (CSV) and ``xlsx`` (an
Excel workbook, its Annotations sheet streamed by ``xlsx_sheet`` and ``xlsx_stream``). Both have
the columns declared once in ``desktop.formats.columns``.
"""
