"""Course dates in the browser: the trainer marks attendance on a 320 px phone in the room, which completes the
course of the person present."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from learning import termine
from learning.celery import app as celery_app
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
