"""The one CSV dialect of every export: German Excel (semicolons, UTF-8 with BOM, decimal comma), formula-safe."""

import csv
import decimal
import io

from hypothesis import given
from hypothesis import strategies as st

from learning.exports import FORMULA_STARTS, csv_bytes, neutralise, xlsx_value


def parse(data):
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""), dialect="excel", delimiter=";"))


def test_semicolons_bom_and_decimal_comma():
    data = csv_bytes(
        [["Monat", "Stunden", "Anteil"], ["11/2026", 12.5, decimal.Decimal("0.25")], [None, 3, True]]
    )
    assert data.startswith(b"\xef\xbb\xbfMonat;Stunden;Anteil\r\n")
    assert parse(data) == [["Monat", "Stunden", "Anteil"], ["11/2026", "12,5", "0,25"], ["", "3", "ja"]]


def test_formulas_are_neutralised():
    rows = parse(csv_bytes([["=1+1", "+49 30", "-2", "@SUMME(A1)", "\tx", "\rx", "a=b", "Köln; Bonn", -3]]))
    assert rows == [["'=1+1", "'+49 30", "'-2", "'@SUMME(A1)", "'\tx", "'\rx", "a=b", "Köln; Bonn", "'-3"]]
    assert xlsx_value("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert xlsx_value(-2) == -2  # numbers stay numbers in XLSX


@given(
    st.lists(
        st.lists(st.text() | st.integers() | st.floats(allow_nan=False, allow_infinity=False), max_size=5),
        max_size=5,
    )
)
def test_any_cells_round_trip_and_never_start_a_formula(rows):
    parsed = parse(csv_bytes(rows))
    assert len(parsed) == len(rows)
    for row, back in zip(rows, parsed, strict=True):
        assert len(back) == len(row) or (row == [] and back == [])
        for value, text in zip(row, back, strict=False):
            if isinstance(value, str):
                assert text == neutralise(value)
                assert not text.startswith(FORMULA_STARTS)
            elif isinstance(value, int):
                assert text == neutralise(str(value))
            else:
                assert float(text.removeprefix("'").replace(",", ".")) == value
