"""Bad input gets a clear German error or 403/404, and nothing is stored."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lotsen.models import CoachingSession, HelpRequest, PrivateNote
from tests.factories import CoachingFactory, LotseFactory, UserFactory

pytestmark = pytest.mark.django_db


def session_data(**changes):
    data = {
        "date": timezone.localdate().isoformat(),
        "minutes": "30",
        "format": "in_person",
        "outcome": "Geübt.",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"topic": "", "message": "Hilfe bitte", "preferred_format": "video"}, "Bitte wählen Sie ein Thema."),
        ({"topic": "tE-Akte", "message": "   ", "preferred_format": "video"}, "Bitte schreiben Sie kurz"),
        ({"topic": "tGibt es nicht", "message": "Hilfe", "preferred_format": "video"}, "aus der Liste"),
    ],
)
def test_help_request_without_topic_or_message(client, colleague, data, message):
    client.force_login(colleague)
    response = client.post(reverse("lotsen:help"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Es wurde nichts gespeichert." in response.content.decode()
    assert not HelpRequest.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"minutes": "-5"}, "Die Dauer muss mindestens 1 Minute sein."),
        ({"minutes": "0"}, "Die Dauer muss mindestens 1 Minute sein."),
        ({"minutes": "viel"}, "ganze Zahl"),
        ({"date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}, "nicht in der Zukunft"),
        ({"follow_up_due": timezone.localdate().isoformat()}, "was bis zu diesem Datum passieren soll"),
    ],
)
def test_session_with_bad_minutes_or_date(client, coaching, changes, message):
    client.force_login(coaching.lotse.user)
    response = client.post(
        reverse("lotsen:log_session", args=[coaching.pk]), session_data(private_notes="geheim", **changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CoachingSession.objects.exists() and not PrivateNote.objects.exists()


def test_follow_up_may_be_due_in_the_future_but_the_session_not(client, coaching):
    client.force_login(coaching.lotse.user)
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    response = client.post(
        reverse("lotsen:log_session", args=[coaching.pk]),
        session_data(follow_up="Verschlüsselte Mail üben", follow_up_due=due),
    )
    assert response.status_code == 302
    session = CoachingSession.objects.get()
    assert session.follow_up_due.isoformat() == due and session.minutes == 30


def test_lotse_cannot_log_a_session_for_a_colleague_they_do_not_coach(client, coaching):
    other_lotse = LotseFactory()
    client.force_login(other_lotse.user)
    response = client.post(reverse("lotsen:log_session", args=[coaching.pk]), session_data())
    assert response.status_code == 403
    client.force_login(coaching.colleague)  # the colleague cannot log sessions either
    assert client.post(reverse("lotsen:log_session", args=[coaching.pk]), session_data()).status_code == 403
    assert not CoachingSession.objects.exists()


def test_colleague_cannot_open_another_colleagues_coaching(client, coaching):
    client.force_login(UserFactory())
    assert client.get(reverse("lotsen:coaching", args=[coaching.pk])).status_code == 404
    other = CoachingFactory(lotse=coaching.lotse)
    client.force_login(coaching.colleague)
    assert client.get(reverse("lotsen:coaching", args=[other.pk])).status_code == 404


def test_consent_switch_for_a_coaching_that_is_not_mine(client, coaching):
    intruder = UserFactory()
    client.force_login(intruder)
    assert client.post(reverse("lotsen:consent", args=[coaching.pk]), {"consent": "give"}).status_code == 404
    client.force_login(coaching.lotse.user)  # the Lotse cannot consent on the colleague's behalf
    assert client.post(reverse("lotsen:consent", args=[coaching.pk]), {"consent": "give"}).status_code == 404
    coaching.refresh_from_db()
    assert coaching.consent_given_at is None


def test_group_session_needs_a_head_count(client, lotse):
    client.force_login(lotse.user)
    response = client.post(reverse("lotsen:group_session"), session_data(participant_count=""))
    assert response.status_code == 400
    assert "wie viele Personen" in response.content.decode()
    response = client.post(reverse("lotsen:group_session"), session_data(participant_count="0"))
    assert "mindestens eine Person" in response.content.decode()
    assert not CoachingSession.objects.exists()


def test_only_lotsen_log_office_hours_or_start_coachings(client, colleague):
    client.force_login(colleague)
    assert client.get(reverse("lotsen:group_session")).status_code == 403
    assert client.get(reverse("lotsen:start_coaching")).status_code == 403


def test_request_actions_only_for_the_assigned_lotse(client, lotse, colleague):
    help_request = HelpRequest.objects.create(
        requester=colleague, topic="E-Akte", message="Hilfe", status=HelpRequest.Status.ASSIGNED, lotse=lotse
    )
    client.force_login(LotseFactory().user)
    for name in ["lotsen:accept", "lotsen:decline", "lotsen:hand_over"]:
        assert client.post(reverse(name, args=[help_request.pk])).status_code == 404
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.ASSIGNED and help_request.lotse == lotse


def test_pages_need_a_login(client):
    response = client.get(reverse("lotsen:index"))
    assert response.status_code == 302 and "/anmelden/" in response["Location"]
