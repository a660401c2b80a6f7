"""Reading and checking import files: the templates' columns, the SMART
mapping, and row-by-row validation with a per-row report.

Every column is documented in `COLUMNS` (the help page and the template
files are generated from it, so they cannot drift apart). Checking a file
costs a fixed number of queries however many rows it has: the protected
areas, countries and possibly clashing existing records are loaded once
(`Lookups`), and rows are compared with them in memory.

The same checks serve single records (`check_record`): the API's writes of
one estimate or patrol summary go through them, so a record is valid on the
same terms however it arrives.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import ProtectedArea
from common import textfiles
from common.singleline import CONTROL_CHARACTERS
from stakeholders.models import Country

from .models import (
    FIRST_YEAR,
    LAST_YEAR,
    ImportJob,
    Method,
    PatrolSummary,
    PopulationEstimate,
    Species,
)

# Errors of a record as a whole (a clash with a stored one), as Django names them.
NON_COLUMN = NON_FIELD_ERRORS

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_COLUMNS = 50
DEFAULT_MAX_CELLS = 2_000_000


def max_upload_bytes() -> int:
    return getattr(settings, "MONITORING_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_unpacked_bytes() -> int:
    """What a workbook may hold once unzipped (a zip of a few hundred KB can
    unpack to hundreds of MB)."""
    return getattr(settings, "MONITORING_IMPORT_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES)


def max_rows() -> int:
    return getattr(settings, "MONITORING_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def max_columns() -> int:
    return getattr(settings, "MONITORING_IMPORT_MAX_COLUMNS", DEFAULT_MAX_COLUMNS)


def max_cells() -> int:
    return getattr(settings, "MONITORING_IMPORT_MAX_CELLS", DEFAULT_MAX_CELLS)


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    kind: str  # for the help page: what a cell holds
    help: str
    example: str = ""


_SOURCE = Column(
    "source",
    True,
    gettext_lazy("text"),
    gettext_lazy("Where the figure comes from: report, survey, publication."),
    "NEASPEC (2012), Table 4",
)
_COMMON_TAIL = [
    Column(
        "source_url",
        False,
        gettext_lazy("web address"),
        gettext_lazy("Address of the source, if it is online."),
        "",
    ),
    Column(
        "embargo_until",
        False,
        gettext_lazy("date YYYY-MM-DD"),
        gettext_lazy("Until this date only your centre and the secretariat see the record."),
        "",
    ),
    Column(
        "latitude",
        False,
        gettext_lazy("decimal degrees"),
        gettext_lazy("Point of the record, -90 to 90; give it with longitude."),
        "43.10000",
    ),
    Column(
        "longitude",
        False,
        gettext_lazy("decimal degrees"),
        gettext_lazy("-180 to 180; give it with latitude."),
        "131.40000",
    ),
    Column(
        "location_sensitive",
        False,
        gettext_lazy("yes or no"),
        gettext_lazy("Yes: others see the point generalised to about 10 km."),
        "no",
    ),
    Column(
        "notes",
        False,
        gettext_lazy("text"),
        gettext_lazy("Anything a reader should know about the figure."),
        "",
    ),
]

COLUMNS = {
    ImportJob.Kind.POPULATION: [
        Column(
            "species",
            True,
            gettext_lazy("species code or name"),
            gettext_lazy("One of the species listed below (code or English name)."),
            "amur_leopard",
        ),
        Column(
            "country",
            True,
            gettext_lazy("country code"),
            gettext_lazy(
                "Two-letter code of a member country (CN, KP, JP, MN, KR, RU) or its name."
            ),
            "RU",
        ),
        Column(
            "protected_area",
            False,
            gettext_lazy("protected-area slug or name"),
            gettext_lazy(
                "A protected area the portal knows, in that country; "
                "leave empty for a country or region."
            ),
            "land-of-the-leopard-national-park",
        ),
        Column(
            "region",
            False,
            gettext_lazy("text"),
            gettext_lazy("A province or region when the figure is not for one protected area."),
            "",
        ),
        Column(
            "year",
            True,
            gettext_lazy("whole number"),
            gettext_lazy("Year of the estimate, 1900 to 2100."),
            "2025",
        ),
        Column(
            "estimate",
            True,
            gettext_lazy("number"),
            gettext_lazy("Number of individuals (decimals allowed)."),
            "120",
        ),
        Column(
            "low",
            False,
            gettext_lazy("number"),
            gettext_lazy("Low bound; not above the estimate."),
            "110",
        ),
        Column(
            "high",
            False,
            gettext_lazy("number"),
            gettext_lazy("High bound; not below the estimate."),
            "130",
        ),
        Column(
            "method",
            True,
            gettext_lazy("method code or name"),
            gettext_lazy("One of the methods listed below (code or English name)."),
            "camera_trapping",
        ),
        _SOURCE,
        *_COMMON_TAIL,
    ],
    ImportJob.Kind.PATROL: [
        Column(
            "protected_area",
            True,
            gettext_lazy("protected-area slug or name"),
            gettext_lazy("A protected area the portal knows."),
            "hunchun-nature-reserve",
        ),
        Column(
            "period_start",
            False,
            gettext_lazy("date YYYY-MM-DD"),
            gettext_lazy("First day of the period; empty for a cumulative total."),
            "2025-01-01",
        ),
        Column(
            "period_end",
            True,
            gettext_lazy("date YYYY-MM-DD"),
            gettext_lazy("Last day of the period."),
            "2025-03-31",
        ),
        Column(
            "patrol_days",
            True,
            gettext_lazy("whole number"),
            gettext_lazy("Patrol days in the period."),
            "120",
        ),
        Column(
            "km_patrolled",
            True,
            gettext_lazy("number"),
            gettext_lazy("Kilometres patrolled."),
            "1450.5",
        ),
        Column(
            "snares_removed",
            False,
            gettext_lazy("whole number"),
            gettext_lazy("Snares found and removed (0 if empty)."),
            "35",
        ),
        Column(
            "violations_recorded",
            False,
            gettext_lazy("whole number"),
            gettext_lazy("Violations recorded (0 if empty)."),
            "4",
        ),
        Column(
            "camera_traps",
            False,
            gettext_lazy("whole number"),
            gettext_lazy("Camera traps in operation (0 if empty)."),
            "60",
        ),
        _SOURCE,
        *_COMMON_TAIL,
    ],
}

# SMART (the Spatial Monitoring and Reporting Tool) patrol summary query,
# exported as CSV: its column → the portal's column. Headers are compared
# without case, spaces or punctuation, so "Total Distance (km)" matches.
SMART_MAPPING = [
    (
        "Conservation Area",
        "protected_area",
        gettext_lazy(
            "Name of the conservation area as in SMART; must match a protected area "
            "the portal knows (name or slug)."
        ),
    ),
    ("Patrol Start Date", "period_start", gettext_lazy("Start of the first patrol summarised.")),
    ("Patrol End Date", "period_end", gettext_lazy("End of the last patrol summarised.")),
    ("Number of Patrol Days", "patrol_days", gettext_lazy("Also read from “Patrol Days”.")),
    ("Total Distance (km)", "km_patrolled", gettext_lazy("Also read from “Distance (km)”.")),
    (
        "Snares Removed",
        "snares_removed",
        gettext_lazy("Observation count of snares removed, if the query includes it."),
    ),
    (
        "Number of Violations",
        "violations_recorded",
        gettext_lazy("Also read from “Violations”; observation count of illegal activities."),
    ),
    ("Camera Traps", "camera_traps", gettext_lazy("If the query includes it.")),
    ("Source", "source", gettext_lazy("Optional: otherwise “SMART export: <file name>”.")),
]
SMART_ALIASES = {
    "patroldays": "patrol_days",
    "distancekm": "km_patrolled",
    "violations": "violations_recorded",
    "conservationareaname": "protected_area",
    "startdate": "period_start",
    "enddate": "period_end",
}


def _squash(header: str) -> str:
    return "".join(ch for ch in str(header).casefold() if ch.isalnum())


def _template_header(name: str) -> str:
    return name.strip().casefold().replace(" ", "_").replace("-", "_")


# --- Reading files ------------------------------------------------------------------


class FileRefused(Exception):
    """The whole file is unusable (not a table, a required column missing…)."""


def check_upload(upload, file_format: str) -> None:
    """Refuse a file by size and by content, not by its name: a CSV must be
    text (its encoding is read by `decode_upload`), an XLSX a zip holding a
    workbook."""
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s KB); the limit is %(limit)s KB.")
            % {"size": upload.size // 1024, "limit": limit // 1024}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if file_format == ImportJob.Format.XLSX:
        if not head.startswith(b"PK\x03\x04"):
            raise ValidationError(_("The file is not an Excel workbook (XLSX)."))
        try:
            check_workbook(upload)
        except FileRefused as error:
            raise ValidationError(str(error)) from None
        finally:
            upload.seek(0)
    elif b"\x00" in head:
        raise ValidationError(_("The file is not a CSV text file."))


def decode_upload(upload, encoding: str = textfiles.AUTO) -> textfiles.DecodedText:
    """A CSV upload's text in the chosen encoding, or the detected one, once
    `check_upload` has passed its size. Raises textfiles.UndecodableText."""
    upload.seek(0)
    raw = upload.read(max_upload_bytes() + 1)
    upload.seek(0)
    if len(raw) > max_upload_bytes():
        raise textfiles.UndecodableText(
            _("The file is too large; the limit is %(limit)s KB.")
            % {"limit": max_upload_bytes() // 1024}
        )
    return textfiles.decode_text(raw, encoding)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def unpacked_size(fileobj, file_format: str) -> int:
    """The bytes the file's reading has to go through: an XLSX's unzipped
    size (as its zip directory declares it; zipfile reads no further), a
    CSV's own size. What decides whether an import may run in a web request."""
    fileobj.seek(0, io.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(0)
    if file_format != ImportJob.Format.XLSX:
        return size
    try:
        with zipfile.ZipFile(fileobj) as archive:
            return sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return size
    finally:
        fileobj.seek(0)


def _too_many_rows() -> FileRefused:
    return FileRefused(
        _("The file has more than %(limit)s rows; split it into smaller files.")
        % {"limit": max_rows()}
    )


def _too_many_columns() -> FileRefused:
    return FileRefused(
        _("The file has more than %(limit)s columns; remove those the import does not need.")
        % {"limit": max_columns()}
    )


def _too_many_cells() -> FileRefused:
    return FileRefused(
        _("The file has more than %(limit)s filled cells; split it into smaller files.")
        % {"limit": max_cells()}
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _first_sheet_path(archive: zipfile.ZipFile) -> str | None:
    """The zip member of the workbook's first sheet (workbook.xml and its
    relationships are read by streaming, up to what is needed).

    The standard library's parser, as openpyxl's own without defusedxml:
    it resolves no external entity, and expat (2.4 and later) refuses
    entity-expansion bombs; each member is bounded by the unzipped size."""
    from xml.etree.ElementTree import iterparse

    relation = None
    with archive.open("xl/workbook.xml") as source:
        for _event, element in iterparse(source, events=("start",)):  # noqa: S314
            if _local(element.tag) == "sheet":
                relation = next(
                    (value for key, value in element.attrib.items() if _local(key) == "id"), None
                )
                break
    if relation is None or "xl/_rels/workbook.xml.rels" not in archive.namelist():
        return None
    with archive.open("xl/_rels/workbook.xml.rels") as source:
        for _event, element in iterparse(source, events=("start",)):  # noqa: S314
            if _local(element.tag) == "Relationship" and element.get("Id") == relation:
                target = element.get("Target", "")
                return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _declared_size(archive: zipfile.ZipFile) -> tuple[int, int] | None:
    """(rows, columns) the first sheet declares in `<dimension ref>`, read by
    streaming the start of the sheet and stopping where its data begins; None
    when it declares nothing (then only the bounded reading of the rows
    decides)."""
    from xml.etree.ElementTree import ParseError, iterparse

    from openpyxl.utils.cell import range_boundaries

    path = _first_sheet_path(archive)
    if path is None or path not in archive.namelist():
        return None
    with archive.open(path) as source:
        try:
            for _event, element in iterparse(source, events=("start",)):  # noqa: S314
                name = _local(element.tag)
                if name == "sheetData":
                    return None
                if name == "dimension":
                    _min_col, min_row, max_col, max_row = range_boundaries(element.get("ref", ""))
                    return max_row or min_row or 0, max_col or 0
        except (ParseError, ValueError, TypeError):
            raise FileRefused(_("The workbook cannot be read.")) from None
    return None


def check_workbook(fileobj) -> None:
    """Refuse a workbook by what it declares, before anything reads it: its
    unzipped size (from the zip directory; zipfile, and so openpyxl, reads no
    further than it declares) and its first sheet's declared dimension. Cheap
    whatever the file holds: the web request's check of an upload."""
    not_a_workbook = FileRefused(_("The file is not an Excel workbook (XLSX)."))
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise not_a_workbook
            unpacked = sum(info.file_size for info in archive.infolist())
            megabyte = 1024 * 1024
            if unpacked > max_unpacked_bytes():
                raise FileRefused(
                    _(
                        "The workbook unpacks to %(size)s MB; the limit is %(limit)s MB. "
                        "Split it into smaller files or save it as CSV."
                    )
                    % {"size": unpacked // megabyte, "limit": max_unpacked_bytes() // megabyte}
                )
            declared = _declared_size(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, OSError):
        raise not_a_workbook from None
    finally:
        fileobj.seek(0)
    if declared is None:
        return
    rows, columns = declared
    if rows > max_rows() + 1 or columns > max_columns() or rows * columns > max_cells():
        raise FileRefused(
            _(
                "The sheet declares %(rows)s rows of %(columns)s columns; the limits are "
                "%(max_rows)s rows, %(max_columns)s columns and %(max_cells)s cells. "
                "Split it into smaller files."
            )
            % {
                "rows": rows,
                "columns": columns,
                "max_rows": max_rows() + 1,
                "max_columns": max_columns(),
                "max_cells": max_cells(),
            }
        )


@contextmanager
def open_sheet(fileobj) -> Iterator:
    """The first sheet of a workbook, opened read-only once `check_workbook`
    has passed it. Raises FileRefused with the reason."""
    check_workbook(fileobj)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001  openpyxl raises many kinds on a damaged workbook
        raise FileRefused(_("The workbook cannot be read.")) from None
    try:
        if not workbook.worksheets:
            raise FileRefused(_("The workbook cannot be read."))
        yield workbook.worksheets[0]
    finally:
        workbook.close()
        fileobj.seek(0)


def _xlsx_rows(sheet) -> Iterator[tuple]:
    """Rows of a read-only sheet, streamed and never past the limits, whatever
    its dimension declares: openpyxl fills skipped rows and pads each row to
    the last column asked for, so the reading is bounded by position. A row
    past the last allowed position refuses the file (nothing is cut off
    silently); the column after the last allowed one is read to tell that
    the file has too many."""
    last_row = max_rows() + 1  # the header, then the rows
    rows = sheet.iter_rows(
        min_row=1, max_row=last_row + 1, max_col=max_columns() + 1, values_only=True
    )
    for position, row in enumerate(rows, start=1):
        if position > last_row:
            raise _too_many_rows()
        yield row


def _bounded(rows) -> list[list[str]]:
    """The non-empty rows as text cells, refusing the file as soon as it has
    more rows (header included: one more), columns or filled cells than the
    limits allow: nothing past them is read."""
    kept: list[list[str]] = []
    cells = 0
    for raw in rows:
        if len(raw) > max_columns():
            if any(value not in (None, "") for value in raw[max_columns() :]):
                raise _too_many_columns()
            raw = raw[: max_columns()]
        row = [_cell_text(value) for value in raw]
        while row and not row[-1]:
            row.pop()  # the padding of a sheet's rows to its width
        if not row:
            continue
        filled = sum(1 for cell in row if cell)
        if len(kept) > max_rows():
            raise _too_many_rows()
        cells += filled
        if cells > max_cells():
            raise _too_many_cells()
        kept.append(row)
    return kept


class Table(NamedTuple):
    headers: list[str]
    rows: list[list[str]]
    # A CSV separated by semicolons comes from a locale that writes decimals
    # with a comma (Excel in Russian, for one): "1450,5" is 1450.5 there.
    decimal_comma: bool = False


def read_table(fileobj, file_format: str, encoding: str = textfiles.AUTO) -> Table:
    """The headers and rows of text cells of a CSV (in `encoding`, see
    common.textfiles) or the first sheet of an XLSX, within the row, column
    and cell limits (checked while reading, before the rest is read; an
    XLSX's unpacked size and dimension before any row)."""
    decimal_comma = False
    if file_format == ImportJob.Format.XLSX:
        with open_sheet(fileobj) as sheet:
            try:
                rows = _bounded(_xlsx_rows(sheet))
            except FileRefused:
                raise
            except Exception:  # noqa: BLE001  openpyxl raises many kinds on a damaged workbook
                raise FileRefused(_("The workbook cannot be read.")) from None
    else:
        raw = fileobj.read(max_upload_bytes() + 1)
        if len(raw) > max_upload_bytes():
            raise FileRefused(
                _("The file is too large; the limit is %(limit)s KB.")
                % {"limit": max_upload_bytes() // 1024}
            )
        try:
            text = textfiles.decode_text(raw, encoding or textfiles.AUTO).text
        except textfiles.UndecodableText as error:
            raise FileRefused(str(error)) from None
        dialect = textfiles.sniff_dialect(text)
        decimal_comma = dialect.delimiter == ";"
        try:
            rows = _bounded(
                [cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)
            )
        except csv.Error as error:
            raise FileRefused(_("The CSV cannot be read: %(error)s") % {"error": error}) from None
    if not rows:
        raise FileRefused(_("The file has no header row."))
    return Table(rows[0], rows[1:], decimal_comma)


def map_headers(headers: list[str], kind: str, file_format: str) -> dict[int, str]:
    """{position: portal column}; refuses unknown layouts and missing columns."""
    known = {column.name for column in COLUMNS[kind]}
    mapping: dict[int, str] = {}
    if file_format == ImportJob.Format.SMART:
        smart = {_squash(outside): inside for outside, inside, _help in SMART_MAPPING}
        smart.update(SMART_ALIASES)
        for position, header in enumerate(headers):
            name = smart.get(_squash(header))
            if name and name not in mapping.values():
                mapping[position] = name
        required = {c.name for c in COLUMNS[kind] if c.required} - {"source"}
    else:
        for position, header in enumerate(headers):
            name = _template_header(header)
            if name in known:
                if name in mapping.values():
                    raise FileRefused(_("The column “%(name)s” appears twice.") % {"name": name})
                mapping[position] = name
        required = {c.name for c in COLUMNS[kind] if c.required}
    missing = sorted(required - set(mapping.values()))
    if missing:
        raise FileRefused(
            _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return mapping


# --- Checking rows --------------------------------------------------------------


class Lookups:
    """What rows are checked against, loaded once per file."""

    def __init__(self):
        self.countries: dict[str, Country] = {}
        for country in Country.objects.all():
            self.countries[country.code.casefold()] = country
            self.countries[country.name.casefold()] = country
        self.areas: dict[str, ProtectedArea] = {}
        for area in ProtectedArea.objects.only("pk", "slug", "name", "country_id"):
            self.areas[area.slug.casefold()] = area
            self.areas[area.name.casefold()] = area
        self.species = _choice_lookup(Species)
        self.methods = _choice_lookup(Method)


def _choice_lookup(choices) -> dict[str, str]:
    """Codes and English names (whatever the uploader's language) → code."""
    from django.utils import translation

    table = {}
    with translation.override("en"):
        for value, label in choices.choices:
            table[value.casefold()] = value
            table[str(label).casefold()] = value
    return table


def _out_of_range(column, low, high) -> str:
    """ "must be between 0 and 90", or worded for an open range ("at least 0")."""
    values = {"column": column, "low": low, "high": high}
    if high is None:
        return _("“%(column)s” must be at least %(low)s.") % values
    if low is None:
        return _("“%(column)s” must be at most %(high)s.") % values
    return _("“%(column)s” must be between %(low)s and %(high)s.") % values


class RowReader:
    """Typed access to one record's cells (a file's row, or an API body given
    as text), collecting every error at once, each under its column."""

    def __init__(self, cells: Mapping[str, str], *, decimal_comma: bool = False):
        self.cells = cells
        self.decimal_comma = decimal_comma
        self.problems: list[tuple[str, str]] = []  # (column, message), in order found

    def _number_text(self, value: str) -> str:
        """A number as Decimal reads it: without thousands separators (commas;
        spaces where the comma is the decimal separator)."""
        if self.decimal_comma:
            return "".join(value.split()).replace(",", ".")
        return value.replace(",", "")

    def add_error(self, column: str, message: str) -> None:
        self.problems.append((column, message))

    @property
    def errors(self) -> list[str]:
        """The messages in the order found: a row of an import's report."""
        return [message for _column, message in self.problems]

    def errors_by_column(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for column, message in self.problems:
            grouped.setdefault(column, []).append(message)
        return grouped

    def text(self, name, *, required=False, max_length=None, single_line=True) -> str:
        """A text cell, stripped; refused if it holds a line break or another
        control character, unless `single_line` is False (a multi-line text,
        or a value that a typed reader below parses)."""
        value = self.cells.get(name, "").strip()
        if required and not value:
            self.add_error(name, _("“%(column)s” is required.") % {"column": name})
        if single_line and CONTROL_CHARACTERS.search(value):
            self.add_error(
                name,
                _(
                    "“%(column)s” must be on a single line: no line breaks, tabs or "
                    "control characters."
                )
                % {"column": name},
            )
        if max_length and len(value) > max_length:
            self.add_error(
                name,
                _("“%(column)s” is longer than %(limit)s characters.")
                % {"column": name, "limit": max_length},
            )
        return value

    def integer(self, name, *, required=False, low=None, high=None, default=None):
        value = self.text(name, required=required, single_line=False)
        if not value:
            return default
        try:
            number = int(Decimal(self._number_text(value)))
            if Decimal(self._number_text(value)) != number:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            self.add_error(
                name,
                _("“%(column)s” is not a whole number: %(value)s")
                % {"column": name, "value": value[:40]},
            )
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            self.add_error(name, _out_of_range(name, low, high))
            return None
        return number

    def decimal(self, name, *, required=False, low=None, high=None, places=1):
        value = self.text(name, required=required, single_line=False)
        if not value:
            return None
        try:
            number = Decimal(self._number_text(value))
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            self.add_error(
                name,
                _("“%(column)s” is not a number: %(value)s")
                % {"column": name, "value": value[:40]},
            )
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            self.add_error(name, _out_of_range(name, low, high))
            return None
        if number.as_tuple().exponent < -places:
            self.add_error(
                name,
                _("“%(column)s” has more than %(places)s decimal places.")
                % {"column": name, "places": places},
            )
            return None
        if number.adjusted() >= 9:
            self.add_error(name, _("“%(column)s” is too large.") % {"column": name})
            return None
        return number

    def date(self, name, *, required=False):
        value = self.text(name, required=required, single_line=False)
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            self.add_error(
                name,
                _("“%(column)s” is not a date (YYYY-MM-DD): %(value)s")
                % {"column": name, "value": value[:40]},
            )
            return None

    def boolean(self, name) -> bool:
        value = self.text(name, single_line=False).casefold()
        if value in ("", "no", "n", "false", "0"):
            return False
        if value in ("yes", "y", "true", "1"):
            return True
        self.add_error(name, _("“%(column)s” must be yes or no.") % {"column": name})
        return False

    def choice(self, name, table, *, required=False):
        value = self.text(name, required=required, single_line=False)
        if not value:
            return None
        found = table.get(value.casefold())
        if found is None:
            self.add_error(
                name, _("Unknown %(column)s: %(value)s") % {"column": name, "value": value[:60]}
            )
        return found


def _publishing_fields(reader: RowReader) -> dict:
    latitude = reader.decimal("latitude", low=-90, high=90, places=5)
    longitude = reader.decimal("longitude", low=-180, high=180, places=5)
    if (latitude is None) != (longitude is None) and not reader.errors:
        reader.add_error("longitude", _("Give both latitude and longitude, or neither."))
    return {
        "source": reader.text("source", required=True, max_length=500),
        "source_url": reader.text("source_url", max_length=500),
        "embargo_until": reader.date("embargo_until"),
        "latitude": latitude,
        "longitude": longitude,
        "location_sensitive": reader.boolean("location_sensitive"),
        "notes": reader.text("notes", max_length=2000, single_line=False),
    }


def _url_ok(url: str) -> bool:
    from django.core.validators import URLValidator

    try:
        URLValidator()(url)
    except ValidationError:
        return False
    return True


def build_estimate(reader: RowReader, lookups: Lookups) -> PopulationEstimate:
    species = reader.choice("species", lookups.species, required=True)
    country = reader.choice("country", lookups.countries, required=True)
    area_name = reader.text("protected_area")
    area = None
    if area_name:
        area = lookups.areas.get(area_name.casefold())
        if area is None:
            reader.add_error(
                "protected_area", _("Unknown protected area: %(value)s") % {"value": area_name[:80]}
            )
    region = reader.text("region", max_length=200)
    year = reader.integer("year", required=True, low=FIRST_YEAR, high=LAST_YEAR)
    estimate = reader.decimal("estimate", required=True, low=0)
    low = reader.decimal("low", low=0)
    high = reader.decimal("high", low=0)
    method = reader.choice("method", lookups.methods, required=True)
    fields = _publishing_fields(reader)
    if fields["source_url"] and not _url_ok(fields["source_url"]):
        reader.add_error("source_url", _("“source_url” is not a web address."))
    record = PopulationEstimate(
        species=species or "",
        country=country,
        protected_area=area,
        region=region,
        year=year,
        estimate=estimate,
        low=low,
        high=high,
        method=method or "",
        **fields,
    )
    # the rules across fields are the model's own (each on a value that was read)
    for column, message in record.rule_errors().items():
        reader.add_error(column, str(message))
    return record


def build_patrol(reader: RowReader, lookups: Lookups) -> PatrolSummary:
    area_name = reader.text("protected_area", required=True)
    area = lookups.areas.get(area_name.casefold()) if area_name else None
    if area_name and area is None:
        reader.add_error(
            "protected_area", _("Unknown protected area: %(value)s") % {"value": area_name[:80]}
        )
    start = reader.date("period_start")
    end = reader.date("period_end", required=True)
    for date, column in ((start, "period_start"), (end, "period_end")):
        if date and not FIRST_YEAR <= date.year <= LAST_YEAR:
            reader.add_error(column, _("“%(column)s” is out of range.") % {"column": column})
    summary = PatrolSummary(
        protected_area=area,
        period_start=start,
        period_end=end,
        patrol_days=reader.integer("patrol_days", required=True, low=0, high=10_000_000),
        km_patrolled=reader.decimal("km_patrolled", required=True, low=0),
        snares_removed=reader.integer("snares_removed", low=0, high=10_000_000, default=0),
        violations_recorded=reader.integer(
            "violations_recorded", low=0, high=10_000_000, default=0
        ),
        camera_traps=reader.integer("camera_traps", low=0, high=10_000_000, default=0),
        **_publishing_fields(reader),
    )
    for column, message in summary.rule_errors().items():
        reader.add_error(column, str(message))
    if summary.source_url and not _url_ok(summary.source_url):
        reader.add_error("source_url", _("“source_url” is not a web address."))
    return summary


def existing_keys(kind: str, records: list, *, exclude_pk: int | None = None) -> set[tuple]:
    """Duplicate keys of stored records that these records could clash with:
    one query, narrowed to their species and years (or areas). `exclude_pk`
    leaves out the stored record being changed."""
    if kind == ImportJob.Kind.POPULATION:
        stored = PopulationEstimate.objects.filter(
            species__in={r.species for r in records}, year__in={r.year for r in records}
        ).only("species", "country_id", "protected_area_id", "region", "year", "method")
    else:
        stored = PatrolSummary.objects.filter(
            protected_area_id__in={r.protected_area_id for r in records}
        ).only("protected_area_id", "period_start", "period_end")
    if exclude_pk is not None:
        stored = stored.exclude(pk=exclude_pk)
    return {record.duplicate_key() for record in stored.iterator(chunk_size=2000)}


def already_stored_message() -> str:
    return _("The same record is already in the portal.")


def check_cells(
    kind: str, cells: Mapping[str, str], lookups: Lookups, *, decimal_comma: bool = False
) -> tuple[object, RowReader]:
    """Check one record's cells (required columns, known codes and areas, the
    area in the country, ranges, low ≤ estimate ≤ high, period order): the one
    validation of a record, for a file's row as for a single write. Returns the
    unsaved record and the reader holding the errors. Duplicates are checked
    by the callers, a file in bulk (`check_rows`), a single record by
    `check_record`."""
    reader = RowReader(cells, decimal_comma=decimal_comma)
    build = build_estimate if kind == ImportJob.Kind.POPULATION else build_patrol
    return build(reader, lookups), reader


def check_record(
    kind: str, cells: Mapping[str, str], *, exclude_pk: int | None = None
) -> tuple[object, dict[str, list[str]]]:
    """Check one record as an import row is checked, and against the stored
    records (all but `exclude_pk`, the one being changed). Returns the unsaved
    record and {column: [messages]}; a clash is under NON_COLUMN."""
    record, reader = check_cells(kind, cells, Lookups())
    if not reader.problems and record.duplicate_key() in existing_keys(
        kind, [record], exclude_pk=exclude_pk
    ):
        reader.add_error(NON_COLUMN, already_stored_message())
    return record, reader.errors_by_column()


def record_cells(record) -> dict[str, str]:
    """A stored record's values as the cells of a template row: what a partial
    change (PATCH) starts from, so that it is checked as a whole record."""
    kind = (
        ImportJob.Kind.POPULATION
        if isinstance(record, PopulationEstimate)
        else ImportJob.Kind.PATROL
    )
    return value_cells(
        kind, {column.name: getattr(record, column.name) for column in COLUMNS[kind]}
    )


def value_cells(kind: str, values: Mapping[str, object]) -> dict[str, str]:
    """Typed values (a record's, a form's cleaned data) as the text cells of a
    template row, to be checked by `check_cells`; a missing value is empty."""
    cells = {}
    for column in COLUMNS[kind]:
        value = values.get(column.name)
        if isinstance(value, Country):
            value = value.code
        elif isinstance(value, ProtectedArea):
            value = value.slug
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        cells[column.name] = "" if value is None else str(value)
    return cells


@dataclass
class CheckResult:
    records: list
    errors: list[dict]  # [{"row": line number, "messages": [...]}, ...]
    total: int


def check_rows(
    *,
    kind: str,
    file_format: str,
    headers: list[str],
    rows: list[list[str]],
    default_source: str = "",
    decimal_comma: bool = False,
    on_progress: Callable[[int], None] | None = None,
    progress_every: int = 1000,
) -> CheckResult:
    """Check every row; return the unsaved records and, per refused row, why.
    Row numbers are the file's line numbers (the header is line 1).
    `decimal_comma`: numbers are written 1 450,5 (see `Table`)."""
    mapping = map_headers(headers, kind, file_format)
    lookups = Lookups()
    records, errors, lines = [], [], []
    for index, row in enumerate(rows):
        cells = {
            name: (row[position] if position < len(row) else "")
            for position, name in mapping.items()
        }
        if default_source and not cells.get("source"):
            cells["source"] = default_source
        record, reader = check_cells(kind, cells, lookups, decimal_comma=decimal_comma)
        if reader.problems:
            errors.append({"row": index + 2, "messages": reader.errors})
        else:
            records.append(record)
            lines.append(index + 2)
        if on_progress and (index + 1) % progress_every == 0:
            on_progress(index + 1)
    # Duplicates, inside the file and against what is stored.
    stored = existing_keys(kind, records) if records else set()
    seen: dict[tuple, int] = {}
    kept = []
    for record, line in zip(records, lines, strict=True):
        key = record.duplicate_key()
        messages = []
        if key in stored:
            messages.append(already_stored_message())
        if key in seen:
            messages.append(_("Duplicate of row %(row)s of this file.") % {"row": seen[key]})
        else:
            seen[key] = line
        if messages:
            errors.append({"row": line, "messages": messages})
        else:
            kept.append(record)
    errors.sort(key=lambda e: e["row"])
    return CheckResult(records=kept, errors=errors, total=len(rows))


def preview_table(
    *,
    kind: str,
    file_format: str,
    headers: list[str],
    rows: list[list[str]],
    errors: list[dict],
    limit: int,
) -> dict:
    """The first `limit` rows as the import reads them (the portal's columns
    the file's headers map to, in the file's order) with each row's checks,
    and the totals: what the uploader sees before confirming."""
    mapping = map_headers(headers, kind, file_format)
    positions = sorted(mapping)
    messages = {error["row"]: error["messages"] for error in errors}
    return {
        "columns": [mapping[position] for position in positions],
        "rows": [
            {
                "row": index + 2,
                "cells": [row[position] if position < len(row) else "" for position in positions],
                "messages": messages.get(index + 2, []),
            }
            for index, row in enumerate(rows[:limit])
        ],
        "total": len(rows),
        "refused": len(messages),
    }


def iter_template_rows(kind: str) -> Iterator[list[str]]:
    yield [column.name for column in COLUMNS[kind]]
    yield [column.example for column in COLUMNS[kind]]
