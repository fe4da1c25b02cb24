"""The one CSV dialect of every export: German Excel (semicolons, UTF-8 with BOM, decimal comma), formula-safe.

The walk at the end finds every admin view of the project that exports a spreadsheet and checks that
text which people typed (names, units, topics, reasons, feedback) reaches CSV and XLSX as text, never as
a formula (issue 13, point 3).
"""

import csv
import datetime
import decimal
import io

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from courses.models import AccessibilityFeedback, Competence
from courses.spreadsheets import FORMULA_STARTS, GermanExcelExportMixin, csv_bytes, neutralise, xlsx_value
from learning import privacy, requirements
from learning.models import AccessLogEntry
from lotsen import reports
from lotsen.models import HelpRequest, LotseMembership
from tests.factories import (
    CoursePageFactory,
    HelpRequestFactory,
    LotseFactory,
    OrgUnitFactory,
    TrainingRequirementFactory,
    UserFactory,
    staff,
)

# What the review typed into the public feedback form and into names, and what else Excel reads as a formula.
PAYLOADS = ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "\tTab", "\rCR"]
PROJECT_APPS = ("courses.", "learning.", "lotsen.")


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


# ---------------------------------------------------------------- every export view of the project


def export_views(patterns=None, namespace=None):
    """{"namespace:name": view class} of every admin URL of the project that can answer ?export=csv.

    Wagtail's own reports (locked pages, site history, ...) declare `list_export` on their classes; a viewset
    of ours passes it to `as_view`, and our report views live in our apps.
    """
    found = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            found |= export_views(pattern.url_patterns, pattern.namespace or namespace)
            continue
        view_class = getattr(pattern.callback, "view_class", None)
        if not (view_class and issubclass(view_class, SpreadsheetExportMixin)):
            continue
        initkwargs = getattr(pattern.callback, "view_initkwargs", {})
        ours = "list_export" in initkwargs or view_class.__module__.startswith(PROJECT_APPS)
        if ours and initkwargs.get("list_export", view_class.list_export):
            found[f"{namespace}:{pattern.name}"] = view_class
    return found


# The listing URL of every export; the "results" URLs Wagtail adds for its filters use the same class.
# Value: whether people's text reaches this export (the quota report has numbers and months only).
EXPORTS = {
    "orgunit:index": True,
    "staffprofile:index": True,
    "accessibilityfeedback:index": True,
    "wagtailsnippets_courses_competence:list": True,
    "learning_requirements:index": True,
    "learning_access_log:index": True,
    "lotse_profiles:index": True,
    "lotsen_pool:index": True,
    "lotsen_reports:coverage": True,
    "lotsen_reports:activity": True,
    "lotsen_reports:quota": False,
}


def test_every_export_of_the_project_uses_the_one_writer_and_is_walked_below():
    views = export_views()
    listings = {name for name in views if not name.endswith("results")}
    assert listings == set(EXPORTS), "a new export: add it to EXPORTS and plant text it shows"
    wrong = sorted(name for name, view in views.items() if not issubclass(view, GermanExcelExportMixin))
    assert not wrong, f"exports without courses.spreadsheets.GermanExcelExportMixin: {wrong}"


@pytest.fixture
def planted(catalog_page):
    """Every kind of text a person can choose that an export shows, once with each payload."""
    last_month = timezone.make_aware(
        datetime.datetime.combine(reports.closed_months()[0].replace(day=10), datetime.time(10))
    )
    course = CoursePageFactory(parent=catalog_page, title="Datenschutz")
    requirement = TrainingRequirementFactory(course=course, name=PAYLOADS[0])
    viewer = UserFactory(username="viewer")
    for index, payload in enumerate(PAYLOADS):
        unit = OrgUnitFactory(name=payload, short_name=payload[:10])
        person = staff(unit, username=f"person{index}", first_name=payload, last_name="")
        lotse = LotseFactory(
            user=staff(unit, username=f"lotse{index}", first_name=payload, last_name=""),
            org_units=[unit],
            office_hours=payload,
        )
        topic = Competence.objects.create(code=f"9.{index}", area_code="9", title_en="x", title_de=payload)
        HelpRequestFactory(requester=person, competence=topic, topic="", message=payload)
        HelpRequestFactory(
            requester=person,
            competence=topic,
            topic="",
            status=HelpRequest.Status.ACCEPTED,
            lotse=lotse,
            created_at=last_month,
        )
        AccessibilityFeedback.objects.create(message=payload, name=payload, email="a@example.org")
        privacy.log_access(viewer, person, AccessLogEntry.Action.VIEW_PROGRESS, payload)
    LotseMembership.objects.update(started_on=timezone.localdate() - datetime.timedelta(days=400))
    requirements.sync(requirement)
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def export_cells(client, url_name, export_format):
    """The text of every cell (CSV) or every text cell (XLSX) of an export, headings included."""
    response = client.get(reverse(url_name), {"export": export_format})
    assert response.status_code == 200, url_name
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        # German Excel: BOM, semicolons, CRLF (an export always has a heading row with several columns).
        rows = parse(data)
        assert data.count(b"\r\n") >= len(rows) and len(rows[0]) > 1, data[:200]
        return [cell for row in rows for cell in row]
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    # XML reads a CR back as LF: map it back, so that an unneutralised "\rCR" would still be caught.
    return [cell.value.replace("\n", "\r") for cell in cells if isinstance(cell.value, str)]


@pytest.mark.django_db
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize("url_name", list(EXPORTS))
def test_no_export_lets_a_typed_formula_reach_excel(client, planted, url_name, export_format):
    client.force_login(planted)
    cells = export_cells(client, url_name, export_format)
    assert cells
    formulas = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert not formulas, f"{url_name} {export_format}: {formulas}"
    if EXPORTS[url_name]:
        # The payloads did reach the export, as text: the walk would prove nothing otherwise.
        reached = {payload for payload in PAYLOADS if any(cell.startswith("'" + payload) for cell in cells)}
        assert reached == set(PAYLOADS), (url_name, export_format, set(PAYLOADS) - reached)
