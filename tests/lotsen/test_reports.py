"""Coordinator reports: Koordination only, aggregates only, cells need 5 colleagues and 5 Lotsen."""

import csv
import datetime
import io
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lotsen import reports, tasks
from lotsen.models import HelpRequest, LotseMembership, ReportSnapshot
from lotsen.reports import suppress_small
from tests.factories import (
    CoachingFactory,
    LotseFactory,
    OrgUnitFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REPORTS = ["lotsen_reports:coverage", "lotsen_reports:activity", "lotsen_reports:quota"]
S = "weniger als 5"


@pytest.fixture
def coordinator(client):
    user = UserFactory(username="kai", groups=["Koordination"])
    client.force_login(user)
    return user


def last_month():
    return reports.closed_months()[0]


def in_last_month(day=10):
    return last_month().replace(day=day)


def lotsen(count, since=None):
    """Active Lotsen whose active period began a year ago."""
    result = [LotseFactory(monthly_quota_hours=10) for _index in range(count)]
    LotseMembership.objects.filter(lotse__in=result).update(
        started_on=since or timezone.localdate() - datetime.timedelta(days=400)
    )
    return result


def csv_rows(response):
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def html_rows(response):
    """The report table's body rows as lists of cell texts."""
    html = response.content.decode()
    if '<h2 class="w-h3">Tabelle</h2>' not in html:
        return []  # no rows: Wagtail shows its "no results" message instead
    html = html[html.index('<h2 class="w-h3">Tabelle</h2>') :]
    body = html[html.index("<tbody") : html.index("</tbody>")]
    return [
        [
            " ".join(unescape(re.sub(r"<[^>]+>", "", cell)).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def requests_from(count, topic, helpers, day=None):
    for index in range(count):
        HelpRequest.objects.create(
            requester=UserFactory(),
            topic=topic,
            message="Hilfe",
            preferred_format="video",
            status=HelpRequest.Status.ACCEPTED,
            lotse=helpers[index % len(helpers)],
            created_at=timezone.make_aware(
                datetime.datetime.combine(day or in_last_month(), datetime.time(10))
            ),
        )


def test_suppress_small_is_the_one_rule():
    assert str(suppress_small(4)) == S
    assert str(suppress_small(0)) == S
    assert suppress_small(5) == 5
    assert reports.passes(5, 5) and not reports.passes(5, 4) and not reports.passes(4, 5)


def test_cells_need_five_colleagues_and_five_lotsen_on_screen_and_in_exports(client, coordinator):
    helpers = lotsen(5)
    requests_from(4, "E-Akte", helpers[1:])  # 4 colleagues
    requests_from(5, "Videoberatung", helpers)  # 5 colleagues, 5 Lotsen
    requests_from(6, "Fachverfahren", helpers[:4])  # 6 colleagues, but 4 Lotsen
    url = reverse("lotsen_reports:activity")
    month = last_month().strftime("%m/%Y")
    screen = html_rows(client.get(url))
    assert [month, "Anfrage", "E-Akte", "Video", S, S] in screen
    assert [month, "Anfrage", "Videoberatung", "Video", "5", "5"] in screen
    assert [month, "Anfrage", "Fachverfahren", "Video", S, S] in screen
    # E-Akte and Fachverfahren together cover 10 colleagues and 5 Lotsen: the total may show.
    assert [month, "Anfrage", "Summe des Monats", "", "", "15"] in screen

    response = client.get(url, {"export": "csv"})
    assert (
        f"lotsen-anfragen-termine-{timezone.localdate().isoformat()}.csv" in response["Content-Disposition"]
    )
    lines = csv_rows(response)
    assert lines[0] == ["Monat", "Art", "Thema", "Gesprächsform", "Personen", "Anzahl"]
    assert lines[1:] == screen

    response = client.get(url, {"export": "xlsx"})
    assert (
        f"lotsen-anfragen-termine-{timezone.localdate().isoformat()}.xlsx" in response["Content-Disposition"]
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = {(row[2], row[4], row[5]) for row in sheet.iter_rows(values_only=True)}
    assert ("E-Akte", S, S) in rows
    assert ("Videoberatung", 5, 5) in rows


def test_a_total_that_would_give_away_one_cell_is_suppressed(client, coordinator):
    helpers = lotsen(5)
    requests_from(4, "E-Akte", helpers)
    requests_from(5, "Videoberatung", helpers)
    screen = html_rows(client.get(reverse("lotsen_reports:activity")))
    assert [last_month().strftime("%m/%Y"), "Anfrage", "Summe des Monats", "", "", S] in screen
    assert "9" not in {cell for row in screen for cell in row}


def test_office_hour_head_counts_name_nobody(client, coordinator):
    """Changed rule: one office hour with 12 anonymous participants was shown; now it singles out its Lotse."""
    (lotse,) = lotsen(1)
    SessionFactory(
        coaching=None, lotse=lotse, kind="group", participant_count=12, minutes=90, date=in_last_month()
    )
    screen = html_rows(client.get(reverse("lotsen_reports:activity")))
    row = next(row for row in screen if row[2] == "ohne Thema")
    assert row[4:] == [S, S]


def test_the_running_month_is_not_published(client, coordinator):
    helpers = lotsen(5)
    requests_from(5, "Videoberatung", helpers, day=timezone.localdate())
    screen = html_rows(client.get(reverse("lotsen_reports:activity")))
    assert not any(row and row[0] == timezone.localdate().strftime("%m/%Y") for row in screen)


def coached_sessions(helpers, colleagues=5, day=None, minutes=60):
    for index in range(colleagues):
        lotse = helpers[index % len(helpers)]
        SessionFactory(
            coaching=CoachingFactory(lotse=lotse), lotse=lotse, minutes=minutes, date=day or in_last_month()
        )


def test_quota_report_needs_five_lotsen_who_logged_time(client, coordinator):
    """Changed rule: five active Lotsen who logged nothing were shown (",5,50.0,0.0,0"); now the month
    needs five Lotsen (and five colleagues) in its sessions."""
    helpers = lotsen(5)
    coached_sessions(helpers[:4], colleagues=5)
    lines = csv_rows(client.get(reverse("lotsen_reports:quota"), {"export": "csv"}))
    assert lines[0] == [
        "Monat",
        "aktive Lotsinnen und Lotsen",
        "Kontingent (Stunden)",
        "genutzt (Stunden)",
        "genutzt (Prozent)",
    ]
    assert lines[1] == [last_month().strftime("%m/%Y"), S, S, S, S]


def test_quota_report_in_hours_with_decimal_comma(client, coordinator):
    helpers = lotsen(5)
    coached_sessions(helpers, colleagues=5, minutes=45)
    response = client.get(reverse("lotsen_reports:quota"), {"export": "csv"})
    lines = csv_rows(response)
    assert lines[1] == [last_month().strftime("%m/%Y"), "5", "50,0", "3,8", "8"]
    screen = html_rows(client.get(reverse("lotsen_reports:quota")))
    assert screen[0] == [last_month().strftime("%m/%Y"), "5", "50,0", "3,8", "8"]


def test_deactivating_a_lotse_changes_no_past_month(client, coordinator):
    helpers = lotsen(6)
    coached_sessions(helpers, colleagues=6)
    before = csv_rows(client.get(reverse("lotsen_reports:quota"), {"export": "csv"}))
    ReportSnapshot.objects.all().delete()  # recomputed from the membership history, not from today
    helpers[0].active = False
    helpers[0].save()
    helpers[0].active = True
    helpers[0].save()
    assert LotseMembership.objects.filter(lotse=helpers[0]).count() == 2
    assert csv_rows(client.get(reverse("lotsen_reports:quota"), {"export": "csv"})) == before
    assert before[1][1] == "6"


def test_deleting_a_colleague_changes_no_closed_month(client, coordinator):
    helpers = lotsen(5)
    coached_sessions(helpers, colleagues=5)
    requests_from(5, "Videoberatung", helpers)
    before = {name: csv_rows(client.get(reverse(name), {"export": "csv"})) for name in REPORTS[1:]}
    HelpRequest.objects.first().requester.delete()
    CoachingFactory._meta.model.objects.first().colleague.delete()
    after = {name: csv_rows(client.get(reverse(name), {"export": "csv"})) for name in REPORTS[1:]}
    assert after == before


def test_suppressed_months_are_shown_together_per_quarter(client, coordinator):
    helpers = lotsen(5)
    months = reports.closed_months()
    closed_quarter = next(
        month for month in months if month == reports.quarter_start(month) and month in months[2:]
    )
    first, second, third = reports.quarter_months(closed_quarter)
    coached_sessions(helpers[:3], colleagues=3, day=first.replace(day=5))
    coached_sessions(helpers[3:], colleagues=2, day=second.replace(day=5))
    coached_sessions(helpers, colleagues=5, day=third.replace(day=5))
    rows = csv_rows(client.get(reverse("lotsen_reports:quota"), {"export": "csv"}))
    by_label = {row[0]: row for row in rows}
    assert by_label[first.strftime("%m/%Y")][1:] == [S] * 4
    assert by_label[second.strftime("%m/%Y")][1:] == [S] * 4
    assert by_label[third.strftime("%m/%Y")][1:4] == ["5", "50,0", "5,0"]
    quarter = next(row for row in rows if row[0].startswith("Quartal"))
    assert first.strftime("%m/%Y") in quarter[0] and second.strftime("%m/%Y") in quarter[0]
    assert quarter[1:4] == ["", "100,0", "5,0"]


def test_freeze_task_writes_each_closed_month_once():
    lotsen(5)
    tasks.freeze_report_months()
    count = ReportSnapshot.objects.count()
    assert count >= 2 * reports.MONTHS
    tasks.freeze_report_months()
    assert ReportSnapshot.objects.count() == count


def test_coverage_names_uncovered_units(client, coordinator, unit):
    LotseFactory(org_units=[unit], user__first_name="Lars", user__last_name="Hoffmann")
    OrgUnitFactory(name="Eingangszone")
    lines = csv_rows(client.get(reverse("lotsen_reports:coverage"), {"export": "csv"}))
    assert ["Eingangszone", "", "nein", "", S] in lines
    assert ["Leistungsteam 1", "", "ja", "Lars Hoffmann", S] in lines


def test_demo_reports_show_figures(client, coordinator):
    call_command("seed_demo")
    for name in REPORTS[1:]:
        rows = csv_rows(client.get(reverse(name), {"export": "csv"}))[1:]
        assert any(
            cell not in ("", S) and not cell.startswith(("0", "Quartal"))
            for row in rows
            for cell in row[1:]
            if re.fullmatch(r"[\d,]+", cell)
        )


@pytest.mark.parametrize("groups", [[], ["Digitalisierungslotsen"], ["Redaktion"], ["Datenschutz"]])
def test_only_koordination_sees_the_reports(client, groups):
    client.force_login(UserFactory(groups=groups))
    for name in REPORTS:
        assert client.get(reverse(name)).status_code in (302, 403)


def test_reports_are_in_the_reports_menu_for_koordination(client, coordinator):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Lotsen: Abdeckung" in html
    for name in REPORTS:
        assert client.get(reverse(name)).status_code == 200


def test_lotsen_exports_neutralise_formulas(client, coordinator, unit):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    LotseFactory(
        org_units=[unit], office_hours='=HYPERLINK("http://example.org";"x")', user__last_name="+Meier"
    )
    response = client.get(reverse("lotse_profiles:index"), {"export": "csv"})
    rows = csv_rows(response)
    assert rows[0][0] == "Name" and len(rows) == 2
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in rows[1])
    assert '\'=HYPERLINK("http://example.org";"x")' in rows[1]
    response = client.get(reverse("lotse_profiles:index"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row if isinstance(cell, str)]
    assert '\'=HYPERLINK("http://example.org";"x")' in cells


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize("name", REPORTS)
def test_report_query_budget(client, coordinator, name, count, django_assert_max_num_queries):
    """Closed months are read from their snapshots: a fixed number of queries however much was logged."""
    helpers = lotsen(5)
    for index in range(count):
        lotse = helpers[index % 5]
        SessionFactory(coaching=CoachingFactory(lotse=lotse), lotse=lotse, date=in_last_month(1 + index % 28))
    client.get(reverse(name))  # the first read after a month closed freezes it
    with django_assert_max_num_queries(15):
        response = client.get(reverse(name))
    assert response.status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse(name), {"export": "csv"}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [{"export": "pdf"}, {"ordering": "-nonsense"}, {"p": "x"}, {"q": "\x00"}, {"export": ["csv", "xlsx"]}],
)
def test_odd_parameters_never_fail(client, coordinator, params):
    for name in REPORTS:
        assert client.get(reverse(name), params).status_code in (200, 400, 404)


def comparable(text):
    """A CSV cell as a number where it is one (XLSX stores 60.0 as 60), else as text."""
    if re.fullmatch(r"\d+(,\d+)?", text):
        return float(text.replace(",", "."))
    return text


def xlsx_as_csv_text(value):
    if value is None:
        return ""
    if isinstance(value, int | float):
        return float(value)
    return comparable(str(value))


@pytest.mark.parametrize("name", REPORTS)
def test_screen_csv_and_xlsx_agree(client, coordinator, name, unit):
    helpers = lotsen(6)
    coached_sessions(helpers, colleagues=6, minutes=50)
    coached_sessions(helpers[:2], colleagues=2, day=reports.closed_months()[1].replace(day=3))
    requests_from(5, "Videoberatung", helpers)
    requests_from(3, "E-Akte", helpers)
    screen = html_rows(client.get(reverse(name)))
    exported = csv_rows(client.get(reverse(name), {"export": "csv"}))
    response = client.get(reverse(name), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    workbook = [[xlsx_as_csv_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    assert screen and exported[1:] == screen
    assert workbook == [[comparable(cell) for cell in row] for row in exported]


def test_closed_months_are_frozen_every_night(settings):
    entry = next(
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "lotsen.freeze_report_months"
    )
    assert entry["schedule"].hour == {0}
    assert tasks.freeze_report_months.name == "lotsen.freeze_report_months"
