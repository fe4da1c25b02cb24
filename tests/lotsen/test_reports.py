"""Coordinator reports: Koordination only, aggregates only, groups under 5 shown as "weniger als 5"."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lotsen.models import HelpRequest
from lotsen.reports import suppress_small
from tests.factories import LotseFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

REPORTS = ["lotsen_reports:coverage", "lotsen_reports:activity", "lotsen_reports:quota"]


@pytest.fixture
def coordinator(client):
    user = UserFactory(username="kai", groups=["Koordination"])
    client.force_login(user)
    return user


def csv_text(response):
    return b"".join(response.streaming_content).decode()


def requests_from(count, topic):
    for _index in range(count):
        HelpRequest.objects.create(
            requester=UserFactory(), topic=topic, message="Hilfe", preferred_format="video"
        )


def test_suppress_small_is_the_one_rule():
    assert str(suppress_small(4)) == "weniger als 5"
    assert str(suppress_small(0)) == "weniger als 5"
    assert suppress_small(5) == 5


def test_four_people_are_suppressed_five_are_shown_on_screen_and_in_exports(client, coordinator):
    requests_from(4, "E-Akte")
    requests_from(5, "Videoberatung")
    url = reverse("lotsen_reports:activity")
    html = client.get(url).content.decode()
    row = html[html.index("E-Akte") :].split("</tr>")[0]
    assert "weniger als 5" in row and ">4<" not in row
    row = html[html.index("Videoberatung") :].split("</tr>")[0]
    assert "weniger als 5" not in row and "5" in row

    response = client.get(url, {"export": "csv"})
    month = timezone.localdate().strftime("%m/%Y")
    assert (
        f"lotsen-anfragen-termine-{timezone.localdate().isoformat()}.csv" in response["Content-Disposition"]
    )
    lines = csv_text(response).splitlines()
    assert lines[0] == "Monat,Art,Thema,Gesprächsform,Personen,Anzahl,Minuten"
    assert f"{month},Anfrage,E-Akte,Video,weniger als 5,weniger als 5," in lines
    assert f"{month},Anfrage,Videoberatung,Video,5,5," in lines

    response = client.get(url, {"export": "xlsx"})
    assert (
        f"lotsen-anfragen-termine-{timezone.localdate().isoformat()}.xlsx" in response["Content-Disposition"]
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = {(row[2], row[4], row[5]) for row in sheet.iter_rows(values_only=True)}
    assert ("E-Akte", "weniger als 5", "weniger als 5") in rows
    assert ("Videoberatung", 5, 5) in rows


def test_group_sessions_count_heads_without_names(client, coordinator):
    lotse = LotseFactory()
    SessionFactory(coaching=None, lotse=lotse, kind="group", participant_count=12, minutes=90)
    html = client.get(reverse("lotsen_reports:activity")).content.decode()
    row = html[html.index("ohne Thema") :].split("</tr>")[0]
    assert "12" in row and "90" in row


def test_quota_report_suppresses_fewer_than_five_lotsen(client, coordinator):
    for _index in range(4):
        LotseFactory(monthly_quota_hours=10)
    lines = csv_text(client.get(reverse("lotsen_reports:quota"), {"export": "csv"})).splitlines()
    assert "weniger als 5,weniger als 5,weniger als 5,weniger als 5" in lines[1]
    LotseFactory(monthly_quota_hours=10)
    lines = csv_text(client.get(reverse("lotsen_reports:quota"), {"export": "csv"})).splitlines()
    assert lines[1].endswith(",5,50.0,0.0,0")


def test_coverage_names_uncovered_units(client, coordinator, unit):
    from tests.factories import OrgUnitFactory

    LotseFactory(org_units=[unit], user__first_name="Lars", user__last_name="Hoffmann")
    OrgUnitFactory(name="Eingangszone")
    lines = csv_text(client.get(reverse("lotsen_reports:coverage"), {"export": "csv"})).splitlines()
    assert "Eingangszone,,nein,,weniger als 5" in lines
    assert "Leistungsteam 1,,ja,Lars Hoffmann,weniger als 5" in lines


@pytest.mark.parametrize(
    "groups", [[], ["Digitalisierungslotsen"], ["Redaktion"], ["Datenschutz/Personalrat"]]
)
def test_only_koordination_sees_the_reports(client, groups):
    client.force_login(UserFactory(groups=groups))
    for name in REPORTS:
        assert client.get(reverse(name)).status_code in (302, 403)


def test_reports_are_in_the_reports_menu_for_koordination(client, coordinator):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Lotsen: Abdeckung" in html
    for name in REPORTS:
        assert client.get(reverse(name)).status_code == 200
