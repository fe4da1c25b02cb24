"""Course dates around the pages: the editor's inline panel (dates outside revisions, protected ones called
off), the catalogue filters, "Mein Lernen", and the reminders with time travel."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from courses.models import CoursePage, Termin
from learning import termine, termine_reminders
from learning.models import Registration, TerminNotice
from tests.factories import CoursePageFactory, OrgUnitFactory, TerminFactory, staff

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def course_form(termine_rows, publish=True, **fields):
    data = nested_form_data(
        {
            "title": "Verschlüsselte E-Mail",
            "slug": "verschluesselte-e-mail",
            "summary": "Sie senden Sozialdaten nur verschlüsselt.",
            "audience": "",
            "programme": "",
            "estimated_minutes": 90,
            "tags": "",
            "learning_goals": rich_text(""),
            "course_competences": inline_formset([]),
            "completion_rule": "attendance",
            "certificate_enabled": "on",
            "certificate_validity_months": "",
            "check_max_failed_attempts": "",
            "check_wait_minutes": 10,
            "check_feedback": "immediately",
            "comments": inline_formset([]),
            "termine": inline_formset(termine_rows, initial=sum(1 for row in termine_rows if row.get("id"))),
        }
    )
    data.update(fields)
    data["action-publish" if publish else "action-save-draft"] = "1"
    return data


def date_row(**fields):
    row = {
        "starts_at": "2027-03-10 09:00",
        "ends_at": "2027-03-10 12:00",
        "room": "Raum 1.12",
        "address": "Hauptstraße 1",
        "video_url": "",
        "external_trainers": "",
        "capacity": "12",
        "registration_deadline": "",
        "cancellation_deadline": "",
        "notes": "",
    }
    row.update(fields)
    return row


@pytest.fixture
def at_february():
    with time_machine.travel(datetime.datetime(2027, 2, 1, 9, 0, tzinfo=BERLIN), tick=False):
        yield


def test_editor_adds_a_date_on_the_course_page_and_a_draft_changes_it_at_once(
    client, editor, catalog_page, at_february
):
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/courses/coursepage/{catalog_page.pk}/", course_form([date_row()])
    )
    assert response.status_code == 302, response.context["form"].errors
    course = CoursePage.objects.get(slug="verschluesselte-e-mail")
    termin = Termin.objects.get(course=course)
    assert termin.starts_at == datetime.datetime(2027, 3, 10, 9, 0, tzinfo=BERLIN)
    assert termin.room == "Raum 1.12"

    anna = staff(OrgUnitFactory(), username="anna")
    termine.register(anna, termin.pk)
    # A draft that moves the date and gives it more places: in force at once, the page stays as it was.
    data = course_form([date_row(id=termin.pk, capacity="20", room="Raum 2.01")], publish=False)
    response = client.post(f"/admin/pages/{course.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    termin.refresh_from_db()
    assert (termin.capacity, termin.room) == (20, "Raum 2.01")
    # Publishing the first revision again (a revert) leaves the date alone.
    course.revisions.order_by("created_at").first().publish()
    termin.refresh_from_db()
    assert (termin.capacity, termin.room) == (20, "Raum 2.01")
    assert Registration.objects.get(user=anna).termin_id == termin.pk


def test_a_date_with_registrations_is_called_off_not_deleted(client, editor, catalog_page, at_february):
    client.force_login(editor)
    client.post(f"/admin/pages/add/courses/coursepage/{catalog_page.pk}/", course_form([date_row()]))
    course = CoursePage.objects.get(slug="verschluesselte-e-mail")
    termin = Termin.objects.get(course=course)
    termine.register(staff(OrgUnitFactory()), termin.pk)
    data = course_form([date_row(id=termin.pk, DELETE="1")])
    response = client.post(f"/admin/pages/{course.pk}/edit/", data)
    assert response.status_code == 200
    assert "Setzen Sie „Abgesagt“" in response.content.decode()
    assert Termin.objects.filter(pk=termin.pk).exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"ends_at": "2027-03-10 08:00"}, "Das Ende muss nach dem Beginn liegen."),
        ({"capacity": "0"}, "Ein Termin braucht mindestens 1 Platz."),
        ({"room": "", "video_url": ""}, "Geben Sie einen Raum oder einen Link zur Videokonferenz an."),
        ({"video_url": "http://video.example/1"}, "Der Link zur Videokonferenz muss mit https:// beginnen."),
    ],
)
def test_bad_dates_are_refused_in_german_and_nothing_is_stored(
    client, editor, catalog_page, at_february, row, message
):
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/courses/coursepage/{catalog_page.pk}/", course_form([date_row(**row)])
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (
        not Termin.objects.exists() and not CoursePage.objects.filter(slug="verschluesselte-e-mail").exists()
    )


def test_the_attendance_rule_needs_a_date(client, editor, catalog_page, at_february):
    client.force_login(editor)
    response = client.post(f"/admin/pages/add/courses/coursepage/{catalog_page.pk}/", course_form([]))
    assert "Für diese Regel braucht der Kurs mindestens einen Termin." in response.content.decode()


# The catalogue: "mit Termin / im Selbststudium" and the month.


def test_catalogue_filters_by_format_and_month(client, catalog_page, at_february):
    march = CoursePageFactory(parent=catalog_page, title="Mit Termin im März")
    april = CoursePageFactory(parent=catalog_page, title="Mit Termin im April")
    CoursePageFactory(parent=catalog_page, title="Selbststudium")
    TerminFactory(course=march, starts_at=datetime.datetime(2027, 3, 31, 20, 0, tzinfo=BERLIN),
                  ends_at=datetime.datetime(2027, 3, 31, 22, 0, tzinfo=BERLIN))  # fmt: skip
    TerminFactory(course=april, starts_at=datetime.datetime(2027, 4, 1, 9, 0, tzinfo=BERLIN),
                  ends_at=datetime.datetime(2027, 4, 1, 12, 0, tzinfo=BERLIN))  # fmt: skip
    client.force_login(staff(OrgUnitFactory()))

    def titles(**params):
        response = client.get(catalog_page.url, params)
        return sorted(course.title for course in response.context["results"])

    assert titles(format="termin") == ["Mit Termin im April", "Mit Termin im März"]
    assert titles(format="selbst") == ["Selbststudium"]
    assert titles(month="2027-03") == ["Mit Termin im März"]  # 20:00 Berlin on 31 March is still March
    assert titles(month="2027-04") == ["Mit Termin im April"]
    html = client.get(catalog_page.url).content.decode()
    assert "März 2027" in html and "April 2027" in html
    assert titles(month="1999-13") == []  # not one of the choices: the form is invalid, no results


# "Mein Lernen": my upcoming dates, and the dates I train.


def test_mein_lernen_shows_my_dates_and_the_dates_i_train(client, portal_page, catalog_page, at_february):
    unit = OrgUnitFactory()
    anna, lars = staff(unit, username="anna"), staff(unit, username="lars")
    course = CoursePageFactory(parent=catalog_page, title="Videoberatung mit Leistungsberechtigten")
    termin = TerminFactory(course=course, trainers=[lars], video_url="https://video.example/1", room="")
    termine.register(anna, termin.pk)
    client.force_login(anna)
    html = client.get(portal_page.url).content.decode()
    assert "Meine Termine" in html and "Videoberatung mit Leistungsberechtigten" in html
    assert termin.when_label in html
    client.force_login(lars)
    html = client.get(portal_page.url).content.decode()
    assert "Termine, die Sie trainieren" in html
    assert f"/lernen/termine/{termin.pk}/teilnehmende/" in html


def test_the_video_link_shows_only_to_participants_shortly_before(client, catalog_page, at_february):
    unit = OrgUnitFactory()
    anna, bassi = staff(unit, username="anna"), staff(unit, username="bassi")
    course = CoursePageFactory(parent=catalog_page)
    start = datetime.datetime(2027, 2, 3, 9, 0, tzinfo=BERLIN)
    link = "https://video.example/geheim"
    TerminFactory(
        course=course, room="", video_url=link, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    termine.register(anna, Termin.objects.get().pk)
    client.force_login(anna)
    assert link not in client.get(course.url).content.decode()  # two days before
    with time_machine.travel(start - datetime.timedelta(minutes=20), tick=False):
        client.force_login(anna)
        assert link in client.get(course.url).content.decode()
        client.force_login(bassi)
        assert link not in client.get(course.url).content.decode()


# Reminders: participants 2 days before, trainers the day before; once each, with time travel.


def test_reminders_two_days_before_to_participants_and_the_day_before_to_trainers(catalog_page):
    unit = OrgUnitFactory()
    anna = staff(unit, username="anna", first_name="Anna", last_name="Becker")
    lars = staff(unit, username="lars", first_name="Lars", last_name="Lotse")
    course = CoursePageFactory(parent=catalog_page, title="Verschlüsselte E-Mail")
    start = datetime.datetime(2027, 3, 10, 9, 0, tzinfo=BERLIN)
    termin = TerminFactory(
        course=course, trainers=[lars], starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    with time_machine.travel(datetime.datetime(2027, 3, 1, 7, 0, tzinfo=BERLIN), tick=False):
        termine.register(anna, termin.pk)
        assert termine_reminders.send_due() == {"participants": 0, "trainers": 0}
    with time_machine.travel(datetime.datetime(2027, 3, 8, 7, 0, tzinfo=BERLIN), tick=False):
        assert termine_reminders.send_due() == {"participants": 1, "trainers": 0}
        assert termine_reminders.send_due() == {"participants": 0, "trainers": 0}  # twice a day: once
    (reminder,) = mail.outbox
    assert reminder.to == [anna.email] and reminder.subject.startswith("Erinnerung: Verschlüsselte E-Mail")
    assert "Raum 1.12" in reminder.body
    with time_machine.travel(datetime.datetime(2027, 3, 9, 7, 0, tzinfo=BERLIN), tick=False):
        assert termine_reminders.send_due() == {"participants": 0, "trainers": 1}
    trainer_mail = mail.outbox[-1]
    assert trainer_mail.to == [lars.email]
    assert (
        "Anna Becker" in trainer_mail.body
        and f"/lernen/termine/{termin.pk}/teilnehmende/" in trainer_mail.body
    )
    assert TerminNotice.objects.filter(sent_at__isnull=False).count() == 2
