"""Spreadsheet downloads: the XLSX content type and the one rule for a text
cell of a CSV file."""

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet runs a CSV cell that starts like a formula; text never should
# (OWASP "CSV injection"): such text gets a leading apostrophe. XLSX cells are
# typed, so there text is simply stored as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """`value` as a CSV cell that a spreadsheet shows and never runs."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
