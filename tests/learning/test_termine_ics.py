"""The iCalendar files of course dates: parsed with `icalendar` and with a second, independent parser (`ics`);
one UID across all changes, SEQUENCE only growing; the personal feed and its secret, revocable token."""

import datetime
import zoneinfo

import ics
import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from learning import termine
from learning.celery import app as celery_app
from learning.models import CalendarFeed, Registration
from learning.tasks import send_notices
from tests.factories import CoursePageFactory, OrgUnitFactory, TerminFactory, staff

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def eager(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def unit(db):
    return OrgUnitFactory()


@pytest.fixture
def termin(catalog_page):
    course = CoursePageFactory(parent=catalog_page, title="Videoberatung mit Leistungsberechtigten")
    # 30 March 2027 is after the change to summer time: 09:00 in Berlin is 07:00 UTC.
    start = datetime.datetime(2027, 3, 30, 9, 0, tzinfo=BERLIN)
    return TerminFactory(
        course=course,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        room="",
        address="",
        video_url="https://video.jobcenter.example/raum/42",
        capacity=1,
    )


def register(user, termin):
    send_notices(termine.register(user, termin.pk).notices)


def cancel(user, registration):
    send_notices(termine.cancel(user, registration.pk).notices)


def ics_of(message):
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics")
    return content if isinstance(content, bytes) else content.encode(), mimetype


def event_of(content):
    calendar = Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_invitation_change_and_cancellation_keep_the_uid_and_raise_the_sequence(
    client, termin, unit, eager, django_capture_on_commit_callbacks
):
    anna = staff(unit, username="anna", first_name="Anna", last_name="Becker")
    with time_machine_at(2027, 3, 1), django_capture_on_commit_callbacks(execute=True):
        register(anna, termin)
    invitation, mimetype = ics_of(mail.outbox[-1])
    assert "method=REQUEST" in mimetype
    calendar, event = event_of(invitation)
    assert calendar["METHOD"] == "REQUEST"
    assert event["STATUS"] == "CONFIRMED"
    uid, first_sequence = str(event["UID"]), int(event["SEQUENCE"])
    assert event.decoded("DTSTART") == termin.starts_at
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Berlin"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    assert str(event["LOCATION"]) == "https://video.jobcenter.example/raum/42"
    assert str(event["ATTENDEE"]) == f"mailto:{anna.email}"

    # The date moves by an hour: an update with the same UID and a higher SEQUENCE.
    with time_machine_at(2027, 3, 2), django_capture_on_commit_callbacks(execute=True):
        termin.starts_at += datetime.timedelta(hours=1)
        termin.ends_at += datetime.timedelta(hours=1)
        termin.save()
    assert mail.outbox[-1].subject.startswith("Geändert:")
    _calendar, changed = event_of(ics_of(mail.outbox[-1])[0])
    assert str(changed["UID"]) == uid
    assert int(changed["SEQUENCE"]) > first_sequence
    assert changed.decoded("DTSTART").astimezone(BERLIN).hour == 10

    # Saving it again unchanged sends nothing (the page editor saves every date on each save).
    count = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        termin.save()
    assert len(mail.outbox) == count

    # "In meinen Kalender" is the same event as the last e-mail.
    registration = Registration.objects.get(user=anna)
    with time_machine_at(2027, 3, 2):
        client.force_login(anna)
        response = client.get(reverse("termin_ics", args=[registration.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    _calendar, downloaded = event_of(response.content)
    assert str(downloaded["UID"]) == uid and downloaded["SEQUENCE"] == changed["SEQUENCE"]

    # She cancels: METHOD:CANCEL, same UID, a higher SEQUENCE still.
    with time_machine_at(2027, 3, 3), django_capture_on_commit_callbacks(execute=True):
        cancel(anna, registration)
    cancellation, mimetype = ics_of(mail.outbox[-1])
    assert "method=CANCEL" in mimetype
    calendar, cancelled = event_of(cancellation)
    assert calendar["METHOD"] == "CANCEL" and cancelled["STATUS"] == "CANCELLED"
    assert str(cancelled["UID"]) == uid
    assert int(cancelled["SEQUENCE"]) > int(changed["SEQUENCE"])

    # A second, independent parser reads every file the same way: one UID, the time as Berlin sees it.
    first_start = datetime.datetime(2027, 3, 30, 9, 0, tzinfo=BERLIN)
    moved_start = first_start + datetime.timedelta(hours=1)
    for content, start in (
        (invitation, first_start),
        (response.content, moved_start),
        (cancellation, moved_start),
    ):
        (parsed,) = ics.Calendar(content.decode()).events
        assert parsed.uid == uid
        assert parsed.begin.datetime == start
        assert parsed.name == "Videoberatung mit Leistungsberechtigten"


def test_moving_up_and_the_date_called_off(termin, unit, eager, django_capture_on_commit_callbacks):
    anna, bassi = staff(unit, username="anna"), staff(unit, username="bassi")
    with time_machine_at(2027, 3, 1), django_capture_on_commit_callbacks(execute=True):
        register(bassi, termin)
        register(anna, termin)  # full: waiting list
        cancel(bassi, Registration.objects.get(user=bassi))
    moved = [m for m in mail.outbox if m.to == [anna.email]][-1]
    _calendar, event = event_of(ics_of(moved)[0])
    assert event["STATUS"] == "CONFIRMED"
    with time_machine_at(2027, 3, 2), django_capture_on_commit_callbacks(execute=True):
        termin.cancelled = True
        termin.save()
    called_off = [m for m in mail.outbox if m.to == [anna.email]][-1]
    assert called_off.subject.startswith("Abgesagt:")
    assert "wurde leider abgesagt" in called_off.body
    calendar, cancelled = event_of(ics_of(called_off)[0])
    assert calendar["METHOD"] == "CANCEL" and cancelled["UID"] == event["UID"]
    assert int(cancelled["SEQUENCE"]) > int(event["SEQUENCE"])


def test_the_feed_lists_my_dates_behind_a_secret_revocable_token(client, termin, unit):
    anna, bassi = staff(unit, username="anna"), staff(unit, username="bassi")
    termin.capacity = 5
    termin.save()
    with time_machine_at(2027, 3, 1):
        termine.register(anna, termin.pk)
        client.force_login(anna)
        client.post(reverse("calendar_feed_settings"), {"action": "new"})
        token = CalendarFeed.objects.get(user=anna).token
        assert token in client.get(reverse("calendar_feed_settings")).content.decode()
        client.logout()
        feed_url = reverse("calendar_feed", args=[token])
        response = client.get(feed_url)  # a calendar program: no session
        assert response.status_code == 200
        (event,) = Calendar.from_ical(response.content).walk("VEVENT")
        assert str(event["UID"]) == f"{termin.uid}@lernhafen"
        assert len(ics.Calendar(response.content.decode()).events) == 1
        # bassi's feed does not show anna's date.
        other = CalendarFeed.objects.create(user=bassi)
        assert not Calendar.from_ical(client.get(reverse("calendar_feed", args=[other.token])).content).walk(
            "VEVENT"
        )
        # A new address revokes the old one; guessed tokens find nothing.
        client.force_login(anna)
        client.post(reverse("calendar_feed_settings"), {"action": "new"})
        client.logout()
        assert client.get(feed_url).status_code == 404
        assert client.get(reverse("calendar_feed", args=["x" * 43])).status_code == 404
        new_token = CalendarFeed.objects.get(user=anna).token
        client.force_login(anna)
        client.post(reverse("calendar_feed_settings"), {"action": "revoke"})
        client.logout()
        assert client.get(reverse("calendar_feed", args=[new_token])).status_code == 404


def test_in_meinen_kalender_is_only_for_the_registrations_own_person(client, termin, unit):
    anna, bassi = staff(unit, username="anna"), staff(unit, username="bassi")
    with time_machine_at(2027, 3, 1):
        termine.register(anna, termin.pk)
        client.force_login(bassi)
        response = client.get(reverse("termin_ics", args=[Registration.objects.get(user=anna).pk]))
    assert response.status_code == 404


def test_a_date_that_has_ended_sends_no_update_when_it_is_corrected(
    termin, unit, eager, django_capture_on_commit_callbacks
):
    anna = staff(unit, username="anna", first_name="Anna", last_name="Becker")
    with time_machine_at(2027, 3, 1), django_capture_on_commit_callbacks(execute=True):
        register(anna, termin)
    count, sequence = len(mail.outbox), Registration.objects.get(user=anna).sequence
    with time_machine_at(2027, 4, 1), django_capture_on_commit_callbacks(execute=True):
        termin.video_url = "https://video.jobcenter.example/raum/43"
        termin.notes = "Nachträglich berichtigt."
        termin.save()
        termin.course.title = "Videoberatung (neu)"
        termin.course.save_revision().publish()
    assert len(mail.outbox) == count
    assert Registration.objects.get(user=anna).sequence == sequence


def time_machine_at(year, month, day):
    import time_machine

    return time_machine.travel(datetime.datetime(year, month, day, 10, 0, tzinfo=BERLIN), tick=False)
