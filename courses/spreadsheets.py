"""Spreadsheet exports for German Excel: one CSV dialect and formula neutralising, shared by every app
(it lives in courses, the bottom layer, so that learning and lotsen import it from here)."""

import csv
import decimal
import io

from django.http import StreamingHttpResponse
from django.utils.encoding import force_str

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
