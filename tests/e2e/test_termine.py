"""Course dates in the browser: the trainer marks attendance on a 320 px phone in the room, which completes the
course of the person present; and the issue's walk-through on the seeded demo, mails through the worker."""

import datetime
import email
import email.policy
import time
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from courses.models import CoursePage, Termin
from learning import termine
from learning.celery import app as celery_app
from learning.demo import DEMO_PASSWORD
from learning.models import Enrolment
from tests.e2e.helpers import assert_no_axe_violations, login
from tests.factories import CoursePageFactory, OrgUnitFactory, TerminFactory, staff

pytestmark = pytest.mark.e2e


@pytest.fixture
def eager(monkeypatch):
    # The live server runs in this process: the completion task runs once the attendance is committed.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


def test_trainer_marks_attendance_on_a_phone_and_the_course_is_complete(make_page, catalog_page, eager):
    unit = OrgUnitFactory()
    lars = staff(unit, username="lars", first_name="Lars", last_name="Hoffmann", groups=["Lernende"])
    anna = staff(unit, username="anna", first_name="Anna", last_name="Becker", groups=["Lernende"])
    bassi = staff(unit, username="bassi", first_name="Bastian", last_name="Sommer", groups=["Lernende"])
    course = CoursePageFactory(
        parent=catalog_page, title="Verschlüsselte E-Mail", completion_rule="attendance"
    )
    start = timezone.now() - datetime.timedelta(minutes=10)
    termin = TerminFactory(
        course=course, trainers=[lars], starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    for person in (anna, bassi):
        termine.register(person, termin.pk, now=start - datetime.timedelta(days=3))

    page = make_page(width=320, height=640)
    login(page, "lars")
    page.goto(f"/lernen/termine/{termin.pk}/teilnehmende/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verschlüsselte E-Mail")
    # Nothing wider than the phone: no sideways scrolling in the room.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_role("group", name="Anna Becker").get_by_label("anwesend").check()
    page.get_by_role("group", name="Bastian Sommer").get_by_label("entschuldigt").check()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Anwesenheit speichern").click()
    expect(page.get_by_text("Die Anwesenheit ist gespeichert.")).to_be_visible()
    expect(page.get_by_role("group", name="Anna Becker").get_by_label("anwesend")).to_be_checked()

    assert Enrolment.objects.get(user=anna, course=course).completed_at is not None
    assert Enrolment.objects.get(user=bassi, course=course).completed_at is None


@pytest.fixture
def outbox(tmp_path, monkeypatch, settings):
    """The development outbox of `make run` (Django's file backend, one file per sent batch) in a folder of this
    test, for the site and for the Celery worker that starts after it (learning/settings/test.py)."""
    folder = tmp_path / "mail"
    monkeypatch.setenv("LERNHAFEN_TEST_EMAIL_FILE_PATH", str(folder))
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = folder
    return folder


def mails_to(folder, address):
    """The e-mails to `address` in the outbox, oldest file first."""
    mails = []
    for path in sorted(folder.glob("*.log"), key=lambda path: path.stat().st_mtime):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                mail = email.message_from_bytes(raw, policy=email.policy.default)
                if address in str(mail["To"]):
                    mails.append(mail)
    return mails


def wait_for_mail(folder, address, subject_start, timeout=60):
    """The first mail to `address` whose subject starts so, once the worker has sent it."""
    deadline = time.monotonic() + timeout
    while True:
        found = [
            mail
            for mail in mails_to(folder, address)
            if str(mail["Subject"]).strip().startswith(subject_start)
        ]
        if found:
            return found[0]
        assert time.monotonic() < deadline, f"No mail „{subject_start} …“ to {address} within {timeout} s"
        time.sleep(0.5)


def test_the_demo_walk_through_anna_moves_up_gets_both_mails_and_attends(make_page, outbox, celery_worker):
    """The issue's "Done when" on the seeded demo, as the README walks it: anna joins the waiting list of the full
    second video date, bassi cancels, anna moves up; both mails reach the outbox through the worker; on the day,
    lars marks her present on his phone and her course is complete on "Mein Lernen"."""
    call_command("seed_demo", stdout=StringIO())
    course = CoursePage.objects.get(slug="videoberatung")
    second = Termin.objects.filter(course=course).order_by("starts_at")[1]
    title = course.title
    anna_address = "anna@jobcenter-musterkreis.example"

    anna = make_page()
    login(anna, "anna", DEMO_PASSWORD)
    anna.goto("/lernen/")
    anna.get_by_role("link", name="Kurse", exact=True).first.click()
    anna.get_by_role("link", name=title).first.click()
    date = anna.get_by_role("listitem", name=second.when_label)
    expect(date).to_contain_text("ausgebucht – Anmeldung auf die Warteliste")
    date.get_by_role("button", name="Auf die Warteliste").click()
    expect(anna.get_by_text("Der Termin ist ausgebucht: Sie stehen auf der Warteliste.")).to_be_visible()
    expect(anna.get_by_role("listitem", name=second.when_label)).to_contain_text(
        "Sie stehen auf der Warteliste"
    )
    assert_no_axe_violations(anna)

    waiting = wait_for_mail(outbox, anna_address, f"Warteliste: {title}")
    waiting_text = waiting.get_body(("plain",)).get_content()
    assert "Sie stehen auf der Warteliste, auf Platz 1." in waiting_text
    assert second.video_url not in waiting_text  # the link is for participants
    assert not list(waiting.iter_attachments())  # no calendar entry before there is a place

    bassi = make_page()
    login(bassi, "bassi", DEMO_PASSWORD)
    bassi.goto(course.url)
    bassi.get_by_role("listitem", name=second.when_label).get_by_role("button", name="Abmelden").click()
    expect(bassi.get_by_text("Sie sind abgemeldet.")).to_be_visible()

    invitation = wait_for_mail(outbox, anna_address, f"Sie haben einen Platz: {title}")
    invitation_text = invitation.get_body(("plain",)).get_content()
    assert "Sie sind von der Warteliste nachgerückt" in invitation_text
    assert second.video_url in invitation_text
    (ics,) = invitation.iter_attachments()
    calendar = Calendar.from_ical(ics.get_content())
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]).startswith(str(second.uid))
    anna.reload()
    expect(anna.get_by_role("listitem", name=second.when_label)).to_contain_text("Sie sind angemeldet")

    # The day of the date, a few minutes after the start (the worker keeps real time; nothing it does here
    # depends on the date).
    with time_machine.travel(second.starts_at + datetime.timedelta(minutes=5), tick=True):
        lars = make_page(width=320, height=640)
        login(lars, "lars", DEMO_PASSWORD)
        lars.goto("/lernen/")
        training = lars.get_by_role("listitem").filter(has_text=second.when_label)
        training.get_by_role("link", name=f"Teilnehmende: {title}").click()
        expect(lars.get_by_role("heading", level=1)).to_have_text(title)
        expect(lars.locator("article header")).to_contain_text(second.when_label)
        assert lars.evaluate("document.documentElement.scrollWidth") <= 320
        lars.get_by_role("group", name="Anna Becker").get_by_label("anwesend").check()
        lars.get_by_role("button", name="Anwesenheit speichern").click()
        expect(lars.get_by_text("Die Anwesenheit ist gespeichert.")).to_be_visible()

        anna = make_page()  # her session of two weeks ago has ended
        login(anna, "anna", DEMO_PASSWORD)
        anna.goto("/lernen/")
        completed = anna.locator("section", has=anna.get_by_role("heading", name="Abgeschlossen"))
        for _attempt in range(30):  # the worker completes the course after the commit
            if completed.get_by_role("link", name=title).count():
                break
            anna.wait_for_timeout(1000)
            anna.reload()
        expect(completed.get_by_role("link", name=title)).to_be_visible()
        assert_no_axe_violations(anna)
