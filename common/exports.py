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
