"""Spreadsheets for German Excel: one CSV dialect and formula neutralising for exports, and reading the
CSV/XLSX files people upload; shared by every app (it lives in courses, the bottom layer, so that learning
and lotsen import it from here)."""

import csv
import datetime
import decimal
import io
import zipfile
from dataclasses import dataclass

from django.http import StreamingHttpResponse
from django.utils.encoding import force_str

from . import file_kinds

BOM = "\ufeff"
# A cell that starts with one of these is read as a formula by Excel or LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class GermanExcel(csv.excel):
    """Excel's CSV dialect as German Excel opens it by double click: semicolons, CRLF, minimal quoting."""

    delimiter = ";"


def neutralise(text):
    """A text cell that cannot run as a formula: a leading apostrophe, which Excel hides."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_text(value):
    """One value as German Excel shows it: decimal comma, empty for None, every cell neutralised (a
    negative number too: Excel would read "-1+2" as a formula, and no report of ours has negative figures)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "ja" if value else "nein"
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float | decimal.Decimal):
        text = str(value).replace(".", ",")
    else:
        text = force_str(value)
    return neutralise(text)


def xlsx_value(value):
    """One value for an XLSX cell: numbers stay numbers, text is neutralised."""
    if value is None or isinstance(value, bool | int | float | decimal.Decimal):
        return value
    return neutralise(force_str(value))


def csv_lines(rows):
    """The lines of a CSV file (BOM first) for an iterable of rows; each row is a list of values."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect=GermanExcel)
    yield BOM
    for row in rows:
        writer.writerow([cell_text(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def csv_bytes(rows):
    return "".join(csv_lines(rows)).encode("utf-8")


def csv_response(rows, filename):
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


class GermanExcelExportMixin:
    """For Wagtail's SpreadsheetExportMixin (index and report views): the CSV above, neutralised XLSX cells."""

    def export_rows(self, queryset):
        yield [self.get_heading(queryset, field) for field in self.list_export]
        for item in queryset:
            yield [
                self.preprocess_field_value(field, value, self.FORMAT_CSV)
                for field, value in self.to_row_dict(item).items()
            ]

    def write_csv_response(self, queryset):
        return csv_response(self.export_rows(queryset), self.get_filename())

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return xlsx_value(value) if export_format == self.FORMAT_XLSX else value


# Reading: the files HR and Koordination hand in (German Excel CSV in UTF-8 or Windows-1252, or XLSX).


class SpreadsheetError(ValueError):
    """A file that cannot be read as a table; the message is German and says why."""


@dataclass(frozen=True)
class Table:
    """One sheet: its name (the file name for CSV), the header cells and the rows after it.

    `rows` are (line number as Excel shows it, cells) with every cell as stripped text; dates in XLSX cells
    come as ISO text (YYYY-MM-DD), whole numbers without ".0"."""

    name: str
    header: list
    rows: list
    header_row: int = 1


# Room for the staff list of the largest job centres (75,000 people, docs/performance.md) and more.
MAX_ROWS = 200_000
MAX_COLUMNS = 100


def check_size(name, size, max_bytes):
    """Before reading a file: refuse one larger than max_bytes (callers check the size on disk first)."""
    if size > max_bytes:
        raise SpreadsheetError(
            f"Die Datei „{name}“ ist {_megabytes(size)} MB groß; erlaubt sind höchstens {_megabytes(max_bytes)} MB."
        )


def _megabytes(size):
    """Megabytes with one decimal, written the German way (a decimal comma), also outside a request."""
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def read_tables(data, name, max_bytes):
    """The tables in an uploaded file's bytes: one for CSV, one per non-empty sheet for XLSX."""
    check_size(name, len(data), max_bytes)
    if not data.strip():
        raise SpreadsheetError(f"Die Datei „{name}“ ist leer.")
    if data.startswith(file_kinds.ZIP_MAGIC):
        return _xlsx_tables(data, name, max_bytes)
    return [_csv_table(data, name)]


def _decode(data, name):
    if b"\x00" in data:
        raise SpreadsheetError(
            f"Die Datei „{name}“ ist weder eine CSV-Datei noch eine Excel-Datei (XLSX). Bitte speichern Sie "
            "die Liste in Excel als „CSV UTF-8 (durch Trennzeichen getrennt)“ oder als Excel-Arbeitsmappe."
        )
    if data.startswith(BOM.encode()):
        data = data[len(BOM.encode()) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # German Excel's "CSV (Trennzeichen-getrennt)" writes Windows-1252.
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            f"Die Datei „{name}“ ist weder UTF-8 noch Windows-1252 (Byte {error.start + 1}). "
            "Bitte speichern Sie sie in Excel als „CSV UTF-8 (durch Trennzeichen getrennt)“."
        ) from error


def _csv_table(data, name):
    text = _decode(data, name)
    first_line = text.split("\n", 1)[0]
    # German Excel separates with semicolons; a comma- or tab-separated file is read as well.
    delimiter = max((";", ",", "\t"), key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ";"
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise SpreadsheetError(f"Die Datei „{name}“ ist keine lesbare CSV-Datei ({error}).") from error
    return _table(name, list(enumerate(lines, start=1)))


def _xlsx_tables(data, name, max_bytes):
    import openpyxl  # noqa: PLC0415 - loaded only when an XLSX file comes in

    file = io.BytesIO(data)
    if not file_kinds._office_kind_agrees(file, "xlsx"):
        raise SpreadsheetError(
            f"Die Datei „{name}“ ist keine Excel-Arbeitsmappe (XLSX). Erlaubt sind CSV- und XLSX-Dateien."
        )
    with zipfile.ZipFile(file) as archive:
        # A small file that unpacks to gigabytes (a "zip bomb") is refused before it is opened.
        if sum(member.file_size for member in archive.infolist()) > 20 * max_bytes:
            raise SpreadsheetError(f"Die Excel-Datei „{name}“ ist entpackt zu groß.")
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise SpreadsheetError(f"Die Excel-Datei „{name}“ lässt sich nicht lesen ({error}).") from error
    tables = []
    try:
        for sheet in workbook.worksheets:
            lines = []
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > MAX_ROWS + 1:
                    raise SpreadsheetError(
                        f"Das Blatt „{sheet.title}“ hat mehr als {MAX_ROWS} Zeilen; bitte teilen Sie die Liste."
                    )
                lines.append((number, [_xlsx_text(value) for value in row[:MAX_COLUMNS]]))
            if any(any(cells) for _number, cells in lines):
                tables.append(_table(sheet.title, lines))
    finally:
        workbook.close()
    if not tables:
        raise SpreadsheetError(f"Die Excel-Datei „{name}“ enthält keine Daten.")
    return tables


def _xlsx_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(name, lines):
    """Header = the first non-empty line; empty lines after it are skipped (Excel leaves some at the end)."""
    lines = [(number, [cell.strip() for cell in cells]) for number, cells in lines]
    lines = [(number, cells) for number, cells in lines if any(cells)]
    if not lines:
        raise SpreadsheetError(f"„{name}“ enthält keine Daten.")
    if len(lines) > MAX_ROWS + 1:
        raise SpreadsheetError(f"„{name}“ hat mehr als {MAX_ROWS} Zeilen; bitte teilen Sie die Liste.")
    (number, header), rows = lines[0], lines[1:]
    if len(header) > MAX_COLUMNS:
        raise SpreadsheetError(f"„{name}“ hat mehr als {MAX_COLUMNS} Spalten.")
    return Table(name=name, header=header, rows=rows, header_row=number)
