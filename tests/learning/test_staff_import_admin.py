"""The upload form for Koordination: only with the right permissions, a dry run first, then the import."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from learning.models import OrgUnit, StaffProfile
from tests.factories import UserFactory
from tests.learning.test_staff_import import STAFF, UNITS, csv

pytestmark = pytest.mark.django_db
URL = "/admin/organisation/import/"


@pytest.fixture
def coordinator(db):
    return UserFactory(username="kai", groups=["Lernende", "Koordination"])


def upload(client, units=UNITS, staff=STAFF, **extra):
    files = {}
    if units is not None:
        files["units_file"] = SimpleUploadedFile("einheiten.csv", csv(units), content_type="text/csv")
    if staff is not None:
        files["staff_file"] = SimpleUploadedFile("beschaeftigte.csv", csv(staff), content_type="text/csv")
    return client.post(URL, {**files, **extra})


def test_only_who_may_change_profiles_and_units_gets_the_form(client, coordinator):
    client.force_login(UserFactory(username="rita", groups=["Lernende", "Redaktion"]))
    assert client.get(URL).status_code in (302, 403)
    assert upload(client).status_code in (302, 403)
    assert not OrgUnit.objects.exists()
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200 and "Stammdaten importieren" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_preview_then_import(client, coordinator):
    client.force_login(coordinator)
    response = upload(client)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vorschau: Das würde sich ändern" in html
    assert "Beschäftigte: 3 neu, 0 geändert, 0 deaktiviert, 0 wieder aktiviert, 0 unverändert." in html
    assert "Anna Becker (10001), Zeile 2" in html
    assert not OrgUnit.objects.exists() and not StaffProfile.objects.exists()

    payload = re.search(r'name="payload" value="([^"]+)"', html).group(1)
    response = client.post(URL, {"payload": payload})
    assert response.status_code == 200
    assert "Die Stammdaten sind importiert." in response.content.decode()
    assert OrgUnit.objects.count() == 5 and StaffProfile.objects.count() == 3
    # The same file again: nothing to import.
    html = upload(client).content.decode()
    assert "es gibt nichts zu importieren" in html and 'name="payload"' not in html


def test_a_bad_row_is_reported_with_row_and_column_and_nothing_is_written(client, coordinator):
    client.force_login(coordinator)
    response = upload(
        client, staff=STAFF.replace("anna.becker@jobcenter.example", "anna.becker(at)jobcenter")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Der Import wurde nicht ausgeführt" in html
    assert (
        "„beschaeftigte.csv“, Zeile 2, Spalte E („E-Mail“): „anna.becker(at)jobcenter“ ist keine gültige"
        in html
    )
    assert 'name="payload"' not in html
    assert not OrgUnit.objects.exists() and not get_user_model().objects.exclude(pk=coordinator.pk).exists()


def test_no_file_a_tampered_preview_and_a_large_file_are_refused(client, coordinator, settings):
    client.force_login(coordinator)
    response = upload(client, units=None, staff=None)
    assert response.status_code == 400 and "mindestens eine Datei" in response.content.decode()
    response = client.post(URL, {"payload": "gefälscht"})
    assert (
        response.status_code == 400 and "Vorschau ist abgelaufen oder ungültig" in response.content.decode()
    )
    settings.STAFF_IMPORT_MAX_BYTES = 100
    response = upload(client)
    assert response.status_code == 400 and "MB groß; erlaubt sind höchstens" in response.content.decode()
    assert not OrgUnit.objects.exists()
