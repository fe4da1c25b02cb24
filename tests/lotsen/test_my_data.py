"""The Lotsen part of "Meine Daten": consents with history, who saw, sessions, private notes as agreed."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from lotsen.models import PrivateNote
from lotsen.my_data import check_private_note_mode
from tests.factories import HelpRequestFactory, SessionFactory, staff

pytestmark = pytest.mark.django_db

NOTE = "Wirkt unsicher mit der E-Akte, nächstes Mal langsamer."


@pytest.fixture
def session(coaching):
    session = SessionFactory(
        coaching=coaching, outcome="E-Akte-Ablage geübt.", follow_up="Ordnerstruktur anlegen"
    )
    PrivateNote.objects.create(session=session, author=coaching.lotse.user, text=NOTE)
    return session


@pytest.fixture
def bernd(unit):
    """A colleague in the same team: nothing of his may reach Anna's or Lars's download."""
    person = staff(unit, username="bernd", first_name="Bernd", last_name="Kaiser")
    HelpRequestFactory(requester=person, message="Bernds Frage zum Fachverfahren", topic="Fachverfahren")
    return person


def consent(client, coaching):
    client.force_login(coaching.colleague)
    response = client.post(
        reverse("lotsen:consent", args=[coaching.pk]), {"consent": "give", "kind": "progress"}
    )
    assert response.status_code == 302


def download(client, user):
    client.force_login(user)
    response = client.post(reverse("my_data_download"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    text = "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return json.loads(archive.read("daten.json"))["kategorien"], text


def test_anna_sees_that_lars_viewed_her_progress_after_her_consent(client, coaching, course_with_progress):
    consent(client, coaching)
    client.force_login(coaching.lotse.user)
    assert client.get(reverse("lotsen:coaching", args=[coaching.pk])).status_code == 200

    client.force_login(coaching.colleague)
    html = client.get(reverse("my_data")).content.decode()
    assert "Ihre Einwilligungen" in html and "Lernstand freigegeben seit" in html
    assert "Verlauf Ihrer Einwilligungen" in html and "Einwilligung erteilt" in html
    assert "Wer hat meine Daten gesehen?" in html
    assert "Lars Hoffmann" in html and "Lernfortschritt angesehen" in html
    assert f"Coaching #{coaching.pk}" in html


def test_the_colleagues_download_has_requests_coachings_sessions_and_consents(
    client, coaching, session, bernd
):
    HelpRequestFactory(requester=coaching.colleague, message="Wie lege ich ein Dokument in der E-Akte ab?")
    consent(client, coaching)
    categories, text = download(client, coaching.colleague)

    assert categories["hilfeanfragen"]["eintraege"][0]["Ihre Nachricht"] == (
        "Wie lege ich ein Dokument in der E-Akte ab?"
    )
    assert categories["begleitungen"]["eintraege"][0]["Lotsin oder Lotse"] == "Lars Hoffmann"
    assert categories["einwilligungen"]["eintraege"][0]["Lernstand freigegeben seit"]
    assert categories["einwilligungen_verlauf"]["eintraege"][0]["was"] == "Einwilligung erteilt"
    row = categories["termine_ihrer_begleitungen"]["eintraege"][0]
    assert row["Ergebnis"] == "E-Akte-Ablage geübt." and row["Nächster Schritt"] == "Ordnerstruktur anlegen"
    # By default the note's existence, never its text.
    assert row["private Notiz der Lotsin oder des Lotsen vorhanden"] == "ja"
    assert "private Notiz" not in row
    assert NOTE not in text
    # Nothing about Bernd, a colleague in the same team.
    assert "Bernd" not in text and "Fachverfahren" not in text
    # A colleague's export has no Lotse sections filled.
    assert categories["von_ihnen_erfasste_termine"]["eintraege"] == []
    assert categories["lotsen_profil"]["eintraege"] == []


@pytest.mark.parametrize(("mode", "has_column", "has_text"), [("none", False, False), ("text", True, True)])
def test_private_notes_in_the_colleagues_download_follow_the_service_agreement(
    client, settings, coaching, session, mode, has_column, has_text
):
    settings.LERNHAFEN_EXPORT_PRIVATE_NOTES = mode
    categories, text = download(client, coaching.colleague)
    row = categories["termine_ihrer_begleitungen"]["eintraege"][0]
    assert ("private Notiz der Lotsin oder des Lotsen vorhanden" in row) is has_column
    assert (NOTE in text) is has_text


def test_an_unknown_private_note_setting_stops_the_start_naming_the_variable(settings):
    settings.LERNHAFEN_EXPORT_PRIVATE_NOTES = "alles"
    errors = check_private_note_mode()
    assert errors and "LERNHAFEN_EXPORT_PRIVATE_NOTES" in errors[0].msg
    with pytest.raises(SystemCheckError, match="LERNHAFEN_EXPORT_PRIVATE_NOTES"):
        call_command("check")


def test_the_lotses_download_has_their_profile_coachings_and_sessions_without_colleagues(
    client, coaching, session, bernd, course_with_progress
):
    consent(client, coaching)
    client.force_login(coaching.lotse.user)
    client.get(reverse("lotsen:coaching", args=[coaching.pk]))  # a logged read of Anna's progress

    categories, text = download(client, coaching.lotse.user)
    assert categories["lotsen_profil"]["eintraege"][0]["Themen"].startswith("4.2")
    led = categories["ihre_begleitungen_als_lotse"]["eintraege"][0]
    assert led["Begleitung"] == f"Coaching #{coaching.pk}" and led["Einwilligung an Sie erteilt"] == "ja"
    logged = categories["von_ihnen_erfasste_termine"]["eintraege"][0]
    assert logged["Ergebnis"] == "E-Akte-Ablage geübt."
    assert logged["Ihre private Notiz"] == NOTE  # their own note belongs to them
    reads = categories["ihre_zugriffe"]["eintraege"]
    assert [row["warum"] for row in reads] == [f"Coaching #{coaching.pk}"]
    # The colleague is somebody else: no name, no login, nothing of her own record.
    assert "Anna" not in text and "Becker" not in text and "anna@" not in text
    assert "Bernd" not in text
