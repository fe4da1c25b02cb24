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


def hr_lists(people, units=40):
    """HR's lists of a job centre of this size, as German Excel's "CSV UTF-8" writes them."""
    unit_lines = ["Kennung;Name;Übergeordnete Kennung;Kurzbezeichnung"]
    unit_lines += [f"B{area};Bereich {area};;B{area}" for area in range(1, 9)]
    teams = [f"T{number}" for number in range(1, units - 7)]
    unit_lines += [f"{code};Team {code};B{n % 8 + 1};{code}" for n, code in enumerate(teams)]
    staff_lines = [STAFF.splitlines()[0]]
    staff_lines += [
        f"{100000 + n};person{n};Vorname{n};Müller-Lüdenscheidt{n};person{n}@jobcenter.example;"
        f"{teams[n % len(teams)]};{'2025' if n % 50 == 0 else ''};{n % 28 + 1:02d}.04.2020;ja"
        for n in range(1, people + 1)
    ]
    return csv("\n".join(unit_lines) + "\n"), csv("\n".join(staff_lines) + "\n")


@pytest.mark.parametrize(("people", "units"), [(1000, 40), (75_000, 400)])
def test_a_job_centres_whole_staff_goes_through_preview_and_confirmation(
    client, coordinator, settings, people, units
):
    # Django's defaults, which the confirmation has to live with: the files do not travel in the form.
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    unit_file, staff_file = hr_lists(people, units)
    client.force_login(coordinator)
    response = client.post(
        URL,
        {
            "units_file": SimpleUploadedFile("einheiten.csv", unit_file, content_type="text/csv"),
            "staff_file": SimpleUploadedFile("beschaeftigte.csv", staff_file, content_type="text/csv"),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200, html[:2000]
    assert f"Beschäftigte: {people} neu, 0 geändert" in html
    assert f"Beschäftigte, die angelegt würden ({people})" in html
    # The page names the first 200 and counts the rest, so that a browser can still show it.
    assert f"… und {people - 200} weitere Einträge" in html and "(100001)" in html
    assert not StaffProfile.objects.exists()
    payload = re.search(r'name="payload" value="([^"]+)"', html).group(1)
    assert len(payload) < 200

    response = client.post(URL, {"payload": payload})
    assert response.status_code == 200
    assert "Die Stammdaten sind importiert." in response.content.decode()
    assert StaffProfile.objects.count() == people and OrgUnit.objects.count() == units
    # The preview runs once: sent again (a double click, the back button), it imports nothing more.
    response = client.post(URL, {"payload": payload})
    assert response.status_code == 400 and "Vorschau ist abgelaufen" in response.content.decode()


def test_the_preview_belongs_to_who_uploaded_it(client, coordinator):
    client.force_login(coordinator)
    payload = re.search(r'name="payload" value="([^"]+)"', upload(client).content.decode()).group(1)
    client.force_login(UserFactory(username="kim", groups=["Lernende", "Koordination"]))
    response = client.post(URL, {"payload": payload})
    assert (
        response.status_code == 400 and "Vorschau ist abgelaufen oder ungültig" in response.content.decode()
    )
    assert not OrgUnit.objects.exists() and not StaffProfile.objects.exists()


def test_a_hundred_megabyte_file_is_refused_and_nothing_is_written(client, coordinator, tmp_path):
    client.force_login(coordinator)
    big = tmp_path / "beschaeftigte.csv"
    with big.open("wb") as out:
        out.write(csv(STAFF))
        line = csv("10009;x;Vorname;Nachname;x@jobcenter.example;OE11;;01.04.2019;ja\n")
        out.write(line * (100_000_000 // len(line)))
    with big.open("rb") as handle:
        response = client.post(URL, {"staff_file": handle})
    html = response.content.decode()
    assert response.status_code == 400
    assert "„beschaeftigte.csv“ ist 100,0 MB groß; erlaubt sind höchstens 20,0 MB." in html
    assert 'name="payload"' not in html
    assert not OrgUnit.objects.exists() and not StaffProfile.objects.exists()


def test_without_a_cache_the_preview_says_so_and_nothing_is_written(client, coordinator, settings):
    client.force_login(coordinator)
    # A Redis that is not there (nothing listens on port 9 of loopback): the preview cannot be kept.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        },
    }
    response = upload(client)
    html = response.content.decode()
    assert response.status_code == 503
    assert "Die Vorschau konnte gerade nicht gespeichert werden. Es wurde nichts geändert." in html
    assert 'name="payload"' not in html
    assert not OrgUnit.objects.exists() and not StaffProfile.objects.exists()
