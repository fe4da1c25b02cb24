"""Issue 10: fixed profile owners, consent to a person, ending coachings, withdrawing requests, the
deactivation and deletion cascades, coachings that wait for the colleague, and the informed consent."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from learning.celery import app as celery_app
from learning.models import AccessLogEntry
from lotsen import notifications, services
from lotsen.models import Coaching, CoachingSession, HelpRequest, Lotse, PrivateNote
from tests.factories import HelpRequestFactory, LotseFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def session_data(**overrides):
    return {
        "date": timezone.localdate().isoformat(),
        "minutes": "30",
        "format": "in_person",
        "outcome": "E-Akte geübt.",
        **overrides,
    }


def give_consent(client, coaching, kind="progress"):
    client.force_login(coaching.colleague)
    return client.post(reverse("lotsen:consent", args=[coaching.pk]), {"consent": "give", "kind": kind})


# 1. Who a profile belongs to
@pytest.fixture
def coordinator(client):
    user = UserFactory(username="kai", groups=["Koordination"])
    client.force_login(user)
    return user


def profile_data(lotse_or_user, unit, **overrides):
    return {
        "user": lotse_or_user.pk,
        "active": "on",
        "org_units": [unit.pk],
        "tags": "E-Akte",
        "monthly_quota_hours": "8",
        "office_hours": "",
        **overrides,
    }


def test_the_person_of_a_profile_cannot_be_changed(client, coordinator, lotse, unit):
    response = client.post(reverse("lotse_profiles:edit", args=[lotse.pk]), profile_data(coordinator, unit))
    assert response.status_code == 200
    assert "Die Person eines Lotsenprofils lässt sich nicht ändern." in response.content.decode()
    lotse.refresh_from_db()
    assert lotse.user.username == "lars"
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.RIGHTS_CHANGED).exists()


def test_nobody_makes_themselves_a_lotse(client, coordinator, unit):
    response = client.post(reverse("lotse_profiles:add"), profile_data(coordinator, unit))
    assert response.status_code == 200
    assert "Sie können sich nicht selbst als Lotsin oder Lotse eintragen." in response.content.decode()
    assert not Lotse.objects.exists()


def test_every_profile_change_is_logged_as_a_change_of_rights(client, coordinator, unit):
    person = UserFactory(first_name="Petra", last_name="Schulz")
    assert client.post(reverse("lotse_profiles:add"), profile_data(person, unit)).status_code == 302
    lotse = Lotse.objects.get(user=person)
    response = client.post(
        reverse("lotse_profiles:edit", args=[lotse.pk]),
        profile_data(person, unit, monthly_quota_hours="4", active=""),
    )
    assert response.status_code == 302
    lotse.refresh_from_db()
    assert lotse.user == person and lotse.monthly_quota_hours == 4 and not lotse.active
    entries = list(
        AccessLogEntry.objects.filter(action=AccessLogEntry.Action.RIGHTS_CHANGED, subject=person).order_by(
            "pk"
        )
    )
    assert [entry.viewer for entry in entries] == [coordinator, coordinator]
    assert entries[0].reason.startswith("Lotsenprofil angelegt")
    assert "Zeitkontingent: 8 → 4" in entries[1].reason and "aktiv: ja → nein" in entries[1].reason


def test_consent_goes_to_the_person_not_the_profile(client, coaching, course_with_progress):
    give_consent(client, coaching)
    coaching.refresh_from_db()
    assert coaching.consent_to == coaching.lotse.user
    # Even if the profile were pointed at another account (the database allows nothing else to do it),
    # that account reads nothing: the consent names lars.
    intruder = UserFactory(username="kai")
    Lotse.objects.filter(pk=coaching.lotse.pk).update(user=intruder)
    client.force_login(intruder)
    response = client.get(reverse("lotsen:coaching", args=[coaching.pk]))
    assert response.status_code == 200
    assert response.context["progress"] is None
    # Only the sign-in is logged (a security event), no read of anybody's data.
    assert (
        not AccessLogEntry.objects.filter(viewer=intruder)
        .exclude(action__in=AccessLogEntry.SECURITY_EVENTS)
        .exists()
    )


def test_private_notes_belong_to_their_author(client, coaching):
    client.force_login(coaching.lotse.user)
    client.post(reverse("lotsen:log_session", args=[coaching.pk]), session_data(private_notes="Nur für mich"))
    note = PrivateNote.objects.get()
    assert note.author == coaching.lotse.user
    intruder = UserFactory()
    Lotse.objects.filter(pk=coaching.lotse.pk).update(user=intruder)
    client.force_login(intruder)
    assert "Nur für mich" not in client.get(reverse("lotsen:coaching", args=[coaching.pk])).content.decode()


# 2. Ending
def test_the_lotse_ends_a_coaching_with_a_closing_line(client, coaching):
    give_consent(client, coaching)
    client.force_login(coaching.lotse.user)
    response = client.post(
        reverse("lotsen:end_coaching", args=[coaching.pk]), {"closing_note": "Alles Gute!"}, follow=True
    )
    assert "Die Begleitung ist beendet." in response.content.decode()
    coaching.refresh_from_db()
    assert coaching.ended_at and coaching.closing_note == "Alles Gute!" and not coaching.has_consent
    assert coaching.consent_to is None
    assert AccessLogEntry.objects.filter(
        subject=coaching.colleague, action=AccessLogEntry.Action.CONSENT_ENDED
    ).exists()
    assert notifications.notify_coaching_ended(coaching.pk)
    assert not notifications.notify_coaching_ended(coaching.pk)  # once
    message = mail.outbox[-1]
    assert message.to == [coaching.colleague.email]
    assert "Lars Hoffmann hat die Begleitung mit Ihnen beendet." in message.body
    assert "Alles Gute!" in message.body and "Ihre Einwilligung ist damit beendet." in message.body
    # Ended: no session can be logged any more.
    response = client.post(reverse("lotsen:log_session", args=[coaching.pk]), session_data())
    assert response.status_code == 400 and "Diese Begleitung ist beendet." in response.content.decode()
    assert not CoachingSession.objects.exists()


def test_the_colleague_ends_and_the_lotse_is_told(client, coaching):
    client.force_login(coaching.colleague)
    response = client.post(reverse("lotsen:end_coaching", args=[coaching.pk]), follow=True)
    assert response.status_code == 200
    coaching.refresh_from_db()
    assert coaching.ended_by == coaching.colleague
    assert notifications.notify_coaching_ended(coaching.pk)
    assert mail.outbox[-1].to == [coaching.lotse.user.email]
    assert "Anna Becker hat die Begleitung mit Ihnen beendet." in mail.outbox[-1].body


def test_nobody_else_ends_a_coaching(client, coaching):
    for user in [UserFactory(), LotseFactory().user]:
        client.force_login(user)
        assert client.post(reverse("lotsen:end_coaching", args=[coaching.pk])).status_code == 404
    coaching.refresh_from_db()
    assert coaching.ended_at is None


def test_a_too_long_closing_line_stores_nothing(client, coaching):
    client.force_login(coaching.lotse.user)
    response = client.post(
        reverse("lotsen:end_coaching", args=[coaching.pk]), {"closing_note": "x" * 301}, follow=True
    )
    assert "höchstens 300 Zeichen" in response.content.decode()
    coaching.refresh_from_db()
    assert coaching.ended_at is None


@override_settings(LOTSEN_COACHING_INACTIVE_MONTHS=3)
def test_an_inactive_coaching_ends_by_itself(client, coaching, lotse, colleague):
    long_ago = timezone.now() - datetime.timedelta(days=200)
    Coaching.objects.filter(pk=coaching.pk).update(started_at=long_ago, consent_given_at=long_ago)
    SessionFactory(coaching=coaching, date=timezone.localdate() - datetime.timedelta(days=120))
    recent = Coaching.objects.create(
        lotse=LotseFactory(), colleague=colleague, started_at=long_ago, accepted_at=long_ago
    )
    SessionFactory(coaching=recent, date=timezone.localdate() - datetime.timedelta(days=10))
    fresh = Coaching.objects.create(lotse=LotseFactory(), colleague=UserFactory(), accepted_at=timezone.now())

    assert services.end_inactive_coachings() == [coaching.pk]
    coaching.refresh_from_db()
    recent.refresh_from_db()
    fresh.refresh_from_db()
    assert coaching.ended_at and not coaching.has_consent
    assert recent.ended_at is None and fresh.ended_at is None
    assert notifications.notify_coaching_ended(coaching.pk)
    assert mail.outbox[-1].to == [colleague.email]
    assert "weil es länger keinen Termin gab" in mail.outbox[-1].body


def test_the_beat_schedule_runs_the_task_daily(settings):
    assert settings.CELERY_BEAT_SCHEDULE["lotsen-end-inactive-coachings"]["task"] == (
        "lotsen.end_inactive_coachings"
    )
    assert settings.LOTSEN_COACHING_INACTIVE_MONTHS == 6


def test_the_requester_withdraws_an_open_request(client, colleague, lotse):
    help_request = HelpRequestFactory(requester=colleague, status=HelpRequest.Status.ASSIGNED, lotse=lotse)
    other = UserFactory()
    client.force_login(other)
    assert client.post(reverse("lotsen:withdraw", args=[help_request.pk])).status_code == 404
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.ASSIGNED
    client.force_login(colleague)
    response = client.post(reverse("lotsen:withdraw", args=[help_request.pk]), follow=True)
    assert "Sie haben Ihre Anfrage zurückgezogen." in response.content.decode()
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.WITHDRAWN
    client.force_login(lotse.user)
    assert help_request.message not in client.get(reverse("lotsen:index")).content.decode()
    # Twice, or an accepted request: nothing to withdraw.
    client.force_login(colleague)
    assert client.post(reverse("lotsen:withdraw", args=[help_request.pk])).status_code == 404


def test_deactivating_a_lotse_reroutes_requests_and_ends_coachings(client, coaching, lotse, colleague, unit):
    second = LotseFactory(org_units=[unit], tags=["E-Akte"])
    assigned = HelpRequestFactory(requester=colleague, status=HelpRequest.Status.ASSIGNED, lotse=lotse)
    give_consent(client, coaching)
    lotse.active = False
    lotse.save()
    assigned.refresh_from_db()
    coaching.refresh_from_db()
    assert assigned.lotse == second and assigned.status == HelpRequest.Status.ASSIGNED
    assert coaching.ended_at and not coaching.has_consent
    assert notifications.notify_coaching_ended(coaching.pk)
    body = mail.outbox[-1].body
    assert "nicht mehr als Lotsin oder Lotse tätig" in body and "Koordination" in body
    client.force_login(colleague)
    assert lotse not in client.get(reverse("lotsen:directory")).context["lotsen"]
    assert services.candidates() and all(c.lotse_id != lotse.pk for c in services.candidates())


def test_deactivating_the_account_does_the_same(coaching, lotse, colleague):
    assigned = HelpRequestFactory(requester=colleague, status=HelpRequest.Status.ASSIGNED, lotse=lotse)
    lotse.user.is_active = False
    lotse.user.save()
    assigned.refresh_from_db()
    coaching.refresh_from_db()
    lotse.refresh_from_db()
    assert assigned.status == HelpRequest.Status.POOL and assigned.lotse is None
    assert coaching.ended_at and not lotse.active
    # The quota report's history ends today too, so later months do not count this Lotse.
    assert list(lotse.memberships.values_list("ended_on", flat=True)) == [timezone.localdate()]


def test_deleting_a_lotse_tells_the_colleagues(
    coaching, lotse, colleague, monkeypatch, django_capture_on_commit_callbacks
):
    # The real task runs in this process once the deletion is committed (eager), so its mail is seen here.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    name = lotse.name
    with django_capture_on_commit_callbacks(execute=True):
        lotse.delete()
    assert not Coaching.objects.exists()
    message = mail.outbox[-1]
    assert message.to == [colleague.email] and message.subject == "Ihre Lotsen-Begleitung ist beendet"
    assert (
        f"{name} ist nicht mehr als Lotsin oder Lotse tätig" in message.body
        and "Koordination" in message.body
    )


def test_deleting_a_lotse_keeps_the_anonymous_aggregates(client, coaching, lotse, colleague):
    session = SessionFactory(coaching=coaching, minutes=45)
    PrivateNote.objects.create(session=session, author=lotse.user, text="Notiz")
    HelpRequestFactory(requester=colleague, status=HelpRequest.Status.ASSIGNED, lotse=lotse)
    lotse.delete()
    session.refresh_from_db()
    assert session.minutes == 45 and session.lotse is None and session.coaching is None
    assert HelpRequest.objects.get().status == HelpRequest.Status.POOL


@pytest.mark.parametrize("who", ["lotse", "colleague"])
def test_deleting_an_account_with_logged_sessions_works(client, coaching, lotse, colleague, who):
    session = SessionFactory(coaching=coaching, minutes=20)
    PrivateNote.objects.create(session=session, author=lotse.user, text="Notiz")
    (lotse.user if who == "lotse" else colleague).delete()
    session.refresh_from_db()
    assert session.minutes == 20 and session.format and session.coaching is None
    if who == "lotse":
        assert session.lotse is None and not PrivateNote.objects.exists()


def test_deleting_a_lotse_in_the_admin_is_no_500(client, coaching, lotse):
    SessionFactory(coaching=coaching)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(reverse("lotse_profiles:delete", args=[lotse.pk]))
    assert response.status_code == 302
    assert not Lotse.objects.exists() and CoachingSession.objects.count() == 1


# 3. A coaching without a request waits for the colleague
def test_a_coaching_without_request_waits_for_the_colleague(client, lotse, colleague):
    client.force_login(lotse.user)
    response = client.post(reverse("lotsen:start_coaching"), {"colleague": colleague.pk}, follow=True)
    assert "sobald Anna Becker zustimmt" in response.content.decode()
    coaching = Coaching.objects.get()
    assert coaching.accepted_at is None
    response = client.post(reverse("lotsen:log_session", args=[coaching.pk]), session_data())
    assert response.status_code == 400 and "noch nicht zugestimmt" in response.content.decode()
    assert not CoachingSession.objects.exists()
    # No consent before the coaching is accepted.
    give_consent(client, coaching)
    coaching.refresh_from_db()
    assert coaching.consent_given_at is None

    client.force_login(colleague)
    page = client.get(reverse("lotsen:my_support")).content.decode()
    assert "Lars Hoffmann möchte Sie begleiten." in page
    client.post(reverse("lotsen:accept_coaching", args=[coaching.pk]))
    coaching.refresh_from_db()
    assert coaching.accepted_at is not None
    client.force_login(lotse.user)
    assert client.post(reverse("lotsen:log_session", args=[coaching.pk]), session_data()).status_code == 302
    assert CoachingSession.objects.count() == 1


def test_the_colleague_can_decline_a_coaching(client, lotse, colleague):
    coaching = services.open_coaching(lotse, colleague, accepted=False)
    client.force_login(colleague)
    client.post(reverse("lotsen:end_coaching", args=[coaching.pk]))
    coaching.refresh_from_db()
    assert coaching.ended_at is not None


def test_an_accepted_request_accepts_a_waiting_coaching(lotse, colleague):
    waiting = services.open_coaching(lotse, colleague, accepted=False)
    help_request = HelpRequestFactory(requester=colleague, status=HelpRequest.Status.ASSIGNED, lotse=lotse)
    assert services.accept(help_request) == waiting
    waiting.refresh_from_db()
    assert waiting.accepted_at is not None


# Bad input for office hours
@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"participant_count": "40000"}, "höchstens 500 Personen"),
        ({"participant_count": "3", "date": "0001-01-01"}, "höchstens ein Jahr zurückliegen"),
        ({"participant_count": "3", "date": "1-01-01"}, "gültiges Datum"),
    ],
)
def test_office_hour_bad_input_stores_nothing(client, lotse, overrides, error):
    client.force_login(lotse.user)
    response = client.post(reverse("lotsen:group_session"), session_data(**overrides))
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not CoachingSession.objects.exists()


# 5. Informed consent
def test_the_consent_dialog_says_what_shows_what_never_why_until_when_and_the_log(client, coaching):
    client.force_login(coaching.colleague)
    html = client.get(reverse("lotsen:my_support")).content.decode()
    for text in [
        "Ihre Kurse, welche Lektionen Sie abgeschlossen haben und bis wann ein Kurs fällig ist.",
        "die Ergebnisse Ihres Digitalen Kompetenz-Checks",
        "Nie sichtbar: Ihre Antworten in Wissenschecks, Ihre Punktzahlen und wie lange Sie gelernt haben.",
        "Warum?",
        "Bis wann? Bis Sie widerrufen oder die Begleitung endet.",
        "6 Monate lang keinen Termin",
        "Jeder Blick auf Ihre Daten wird protokolliert.",
        "Wenn Sie nein sagen, hat das keine Nachteile für Sie",
        "Lernstand für Lars Hoffmann freigeben",
        "Kompetenz-Check für Lars Hoffmann freigeben",
    ]:
        assert text in html, text
    assert reverse("lotsen:access_log") in html


def test_the_person_reads_their_access_log(client, coaching, course_with_progress):
    give_consent(client, coaching)
    client.force_login(coaching.lotse.user)
    client.get(reverse("lotsen:coaching", args=[coaching.pk]))
    client.force_login(coaching.colleague)
    html = client.get(reverse("lotsen:access_log")).content.decode()
    assert "Lars Hoffmann" in html and "Lernfortschritt angesehen" in html and "Einwilligung erteilt" in html
    client.force_login(coaching.lotse.user)
    assert "Lernfortschritt angesehen" not in client.get(reverse("lotsen:access_log")).content.decode()


def test_two_separate_switches(client, coaching):
    give_consent(client, coaching, kind="self_check")
    coaching.refresh_from_db()
    assert coaching.self_check_consent_given_at and coaching.consent_given_at is None
    client.post(reverse("lotsen:consent", args=[coaching.pk]), {"consent": "give", "kind": "nonsense"})
    coaching.refresh_from_db()
    assert coaching.consent_given_at is None


def test_the_model_refuses_a_new_person(lotse):
    lotse.user = UserFactory()
    with pytest.raises(ValueError):
        lotse.save()
    assert Lotse.objects.get(pk=lotse.pk).user.username == "lars"


def test_the_colleague_is_asked_by_mail(lotse, colleague):
    coaching = services.open_coaching(lotse, colleague, accepted=False)
    assert notifications.notify_coaching_proposed(coaching.pk)
    assert mail.outbox[-1].to == [colleague.email]
    assert "Lars Hoffmann möchte Sie" in mail.outbox[-1].body and "keine Nachteile" in mail.outbox[-1].body
    services.accept_coaching(coaching, colleague)
    assert not notifications.notify_coaching_proposed(coaching.pk)
