"""Spreadsheet downloads: the XLSX content type and the one rule for a text
cell, `safe_cell`, which every CSV and XLSX writer of the portal calls for
every cell it writes.

A spreadsheet runs a cell that starts like a formula (=, +, -, @, or a tab
or carriage return before one; a line feed too, to be safe: Django's gettext
turns a carriage return into one); text never should (OWASP "CSV injection").

- In a CSV, a cell is only text, so such text gets a leading apostrophe, as
  OWASP advises: the spreadsheet then shows it as text, and a reader sees
  the value with a visible mark that it was escaped.
- In an XLSX, a cell has a type, so the text is kept as it reads and written
  as a text cell (`data_type = "s"`; openpyxl would otherwise write any text
  starting with "=" as a formula, its write-only sheets included), marked
  with Excel's own quote prefix so that it stays text even once edited.

Numbers, dates and empty cells pass through unchanged: -5 stays a number.
"""

import csv
import itertools
import json
import tempfile

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value, sheet=None):
    """`value` as a cell that a spreadsheet shows and never runs: for a CSV
    (no `sheet`) the text, with an apostrophe before a formula's start; for an
    XLSX, a text cell of `sheet` (write-only or not) to `append`. Anything but
    text is returned as it is."""
    if not isinstance(value, str):
        return value
    risky = value.startswith(FORMULA_STARTS)
    if sheet is None:
        return "'" + value if risky else value
    from openpyxl.cell import Cell

    cell = Cell(sheet, row=1, column=1, value=value)  # placed by append()
    cell.data_type = "s"  # text, whatever it starts with
    if risky:
        cell.quotePrefix = True
    return cell


# --- Streaming downloads -----------------------------------------------------------
#
# A download of 100,000 rows is written as it is read: rows come from an
# iterator (a queryset read in chunks), CSV lines and JSON rows go to the client
# one by one, and an XLSX is built by openpyxl's write-only sheets (which keep
# their rows in a temporary file) into a temporary file that is then streamed.
# Memory stays the same whatever the number of rows.

CHUNK_ROWS = 2000


def chunks(iterable, size: int | None = None):
    """Lists of at most `size` (CHUNK_ROWS) items of `iterable` (a queryset is
    read with `.iterator()`, so only one chunk is in memory at a time)."""
    size = size or CHUNK_ROWS
    if hasattr(iterable, "iterator"):
        iterable = iterable.iterator(chunk_size=size)
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


class _Line:
    """A file-like object whose `write` returns what it was given: the csv
    module then hands each line back to be streamed."""

    def write(self, value):
        return value


def csv_lines(header, rows, *, bom: bool = False):
    """The lines of a CSV of `header` and `rows` (iterables of cells), every
    text cell through `safe_cell`."""
    writer = csv.writer(_Line())
    if bom:
        yield "\ufeff"
    yield writer.writerow([safe_cell(value) for value in header])
    for row in rows:
        yield writer.writerow([safe_cell("" if value is None else value) for value in row])


def json_lines(columns, rows, encoder):
    """`{"columns": [...], "rows": [{...}, ...]}` written row by row."""
    yield '{"columns": ' + json.dumps(list(columns), ensure_ascii=False) + ', "rows": ['
    for index, row in enumerate(rows):
        yield ("," if index else "") + json.dumps(row, cls=encoder, ensure_ascii=False)
    yield "]}"


def xlsx_file(sheets, *, prepare=None):
    """A temporary file holding a workbook of `sheets`, each (title, header,
    rows); `prepare(value)` turns a value into what the cell holds (numbers and
    dates stay typed, text goes through `safe_cell`). Rewound, to stream."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(str(title)[:31])
        sheet.append([safe_cell(str(value), sheet) for value in header])
        for row in rows:
            sheet.append([safe_cell(prepare(value) if prepare else value, sheet) for value in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response
    workbook.save(output)
    output.seek(0)
    return output


def streaming_download(content, filename: str, content_type: str):
    """A streamed attachment of `content`: an iterator of text (encoded as
    UTF-8) or an open binary file (read in blocks, then closed)."""
    from django.http import FileResponse, StreamingHttpResponse

    if hasattr(content, "read"):
        response = FileResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(
            (part.encode() for part in content), content_type=content_type
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
