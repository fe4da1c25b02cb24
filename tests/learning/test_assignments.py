"""Koordination assigns courses with a due date and sees only status, dates and validity, logged."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from learning import completion
from learning.models import AccessLogEntry, Certificate, Enrolment, QuizAttempt
from tests.factories import (
    CoursePageFactory,
    LessonPageFactory,
    OrgUnitFactory,
    StaffProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return UserFactory(username="kai", first_name="Kai", last_name="Wagner", groups=["Koordination"])


@pytest.fixture
def team():
    area = OrgUnitFactory(name="Leistungsgewährung")
    team = OrgUnitFactory(name="Leistungsteam 1", parent=area)
    return [StaffProfileFactory(org_unit=team).user for _ in range(3)], area


def test_coordination_assigns_a_course_to_an_org_unit_with_sub_units(client, coordinator, catalog_page, team):
    _members, area = team
    course = CoursePageFactory(parent=catalog_page, title="Datenschutz – jährliche Unterweisung")
    due = timezone.localdate() + datetime.timedelta(days=30)
    client.force_login(coordinator)
    response = client.post(
        "/admin/schulungen/zuweisen/",
        {"course": course.pk, "org_unit": area.pk, "due_date": due.isoformat()},
        follow=True,
    )
    assert "3 Beschäftigte neu zugewiesen" in response.content.decode()
    enrolments = Enrolment.objects.filter(course=course)
    assert enrolments.count() == 3
    assert {e.source for e in enrolments} == {Enrolment.Source.ASSIGNED} and {
        e.due_date for e in enrolments
    } == {due}
    assert {e.assigned_by for e in enrolments} == {coordinator}


def test_bad_assignments_are_refused_in_german_and_change_nothing(client, coordinator, catalog_page, team):
    course = CoursePageFactory(parent=catalog_page)
    client.force_login(coordinator)
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post("/admin/schulungen/zuweisen/", {"course": course.pk, "due_date": past})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Das Fälligkeitsdatum darf nicht in der Vergangenheit liegen." in html
    response = client.post(
        "/admin/schulungen/zuweisen/", {"course": course.pk, "due_date": timezone.localdate().isoformat()}
    )
    assert "Wählen Sie eine Organisationseinheit oder einzelne Beschäftigte." in response.content.decode()
    assert not Enrolment.objects.exists()


def test_overview_shows_status_only_and_is_logged(client, coordinator, catalog_page, team):
    members, _area = team
    course = CoursePageFactory(parent=catalog_page, title="Informationssicherheit: Phishing")
    lesson = LessonPageFactory(parent=course)
    self_chosen = CoursePageFactory(parent=catalog_page, title="KI im Verwaltungsalltag")
    first = members[0]
    completion.enrol(
        first, course, Enrolment.Source.ASSIGNED, assigned_by=coordinator, due_date=timezone.localdate()
    )
    completion.enrol(first, self_chosen)
    QuizAttempt.objects.create(user=first, lesson=lesson, check_id="c", score=0.37, passed=False)
    client.force_login(coordinator)
    html = client.get("/admin/schulungen/").content.decode()
    assert "Informationssicherheit: Phishing" in html and "offen" in html
    assert "KI im Verwaltungsalltag" not in html  # chosen by the person: not Koordination's business
    assert "37 %" not in html and "0,37" not in html and "0.37" not in html
    entry = AccessLogEntry.objects.get(subject=first)
    assert entry.viewer == coordinator and "Koordination" in entry.reason


def test_only_koordination_may_assign(client, learner, catalog_page):
    client.force_login(learner)
    assert client.get("/admin/schulungen/zuweisen/").status_code in {302, 403}
    editor = UserFactory(username="rita2", groups=["Redaktion"])
    client.force_login(editor)
    response = client.get("/admin/schulungen/")
    # Wagtail answers a refused admin view with a redirect to the dashboard and a message.
    assert response.status_code == 302 and response["Location"] == "/admin/"


OVERVIEW = "/admin/schulungen/"
HEADINGS = ["Name", "Organisationseinheit", "Kurs", "Fällig bis", "Status", "Abgeschlossen am", "Gültig bis"]


def exported(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def names_in(response):
    return sorted(str(row.person_name) for row in response.context["object_list"])


@pytest.fixture
def assigned(coordinator, catalog_page):
    """Phishing assigned in Leistungsteam 1 (open, overdue, done with certificate); Datenschutz elsewhere."""
    area = OrgUnitFactory(name="Leistungsgewährung")
    team = OrgUnitFactory(name="Leistungsteam 1", parent=area)
    front_desk = OrgUnitFactory(name="Eingangszone")
    phishing = CoursePageFactory(parent=catalog_page, title="Informationssicherheit: Phishing")
    privacy = CoursePageFactory(parent=catalog_page, title="Datenschutz – jährliche Unterweisung")
    today = timezone.localdate()
    people = {}
    for username, first_name, unit in [
        ("offen", "Olga", team),
        ("spaet", "Sven", team),
        ("fertig", "Frieda", team),
        ("vorne", "Vera", front_desk),
    ]:
        user = UserFactory(username=username, first_name=first_name, last_name="Muster")
        StaffProfileFactory(user=user, org_unit=unit)
        people[username] = user
    for username, due in [("offen", 14), ("spaet", -3), ("fertig", -30)]:
        completion.enrol(
            people[username],
            phishing,
            Enrolment.Source.ASSIGNED,
            assigned_by=coordinator,
            due_date=today + datetime.timedelta(days=due),
        )
    done = Enrolment.objects.get(user=people["fertig"])
    completed_at = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))
    Enrolment.objects.filter(pk=done.pk).update(completed_at=completed_at)
    Certificate.objects.create(
        enrolment=done,
        user=done.user,
        course=phishing,
        completed_at=completed_at,
        valid_until=datetime.date(2027, 3, 2),
        holder_name="Frieda Muster",
        course_title=phishing.title,
    )
    completion.enrol(people["vorne"], privacy, Enrolment.Source.REQUIREMENT, due_date=today)
    return {"people": people, "area": area, "phishing": phishing, "privacy": privacy}


def test_overview_filters_by_course_by_unit_with_sub_units_and_by_status(client, coordinator, assigned):
    client.force_login(coordinator)
    everyone = ["Frieda Muster", "Olga Muster", "Sven Muster", "Vera Muster"]
    assert names_in(client.get(OVERVIEW)) == everyone
    by_course = client.get(OVERVIEW, {"course": assigned["phishing"].pk})
    assert names_in(by_course) == ["Frieda Muster", "Olga Muster", "Sven Muster"]
    # The area has no staff of its own: its team's people are found through the sub-unit.
    assert names_in(client.get(OVERVIEW, {"org_unit": assigned["area"].pk})) == names_in(by_course)

    overdue = client.get(OVERVIEW, {"status": "overdue"})
    assert names_in(overdue) == ["Sven Muster"]
    assert "<strong>überfällig</strong>" in overdue.content.decode()
    done = client.get(OVERVIEW, {"status": "done"}).content.decode()
    assert "abgeschlossen am 02.03.2026" in done and "02.03.2027" in done and "Olga Muster" not in done
    assert names_in(client.get(OVERVIEW, {"status": "open"})) == ["Olga Muster", "Vera Muster"]
    nothing = client.get(OVERVIEW, {"course": assigned["privacy"].pk, "status": "done"})
    assert "Keine Schulung passt zu Ihrer Auswahl." in nothing.content.decode()


def test_overview_is_ordered_by_due_date_and_by_the_column_chosen(client, coordinator, assigned):
    client.force_login(coordinator)
    by_due_date = [str(row.person_name) for row in client.get(OVERVIEW).context["object_list"]]
    assert by_due_date == ["Frieda Muster", "Sven Muster", "Vera Muster", "Olga Muster"]
    by_unit = client.get(OVERVIEW, {"ordering": "-org_unit_name"}).context["object_list"]
    assert [row.org_unit_name for row in by_unit] == ["Leistungsteam 1"] * 3 + ["Eingangszone"]


def test_export_has_german_headings_a_dated_name_and_is_logged(client, coordinator, assigned):
    people = assigned["people"]
    completion.enrol(people["offen"], assigned["privacy"])  # chosen by herself: never exported
    client.force_login(coordinator)
    response = client.get(OVERVIEW, {"export": "csv", "org_unit": assigned["area"].pk})
    today = timezone.localdate()
    assert f'filename="zugewiesene-schulungen-{today.isoformat()}.csv"' in response["Content-Disposition"]
    rows = exported(response)
    assert rows[0] == HEADINGS
    assert sorted(rows[1:]) == [
        ["Frieda Muster", "Leistungsteam 1", "Informationssicherheit: Phishing"]
        + [(today - datetime.timedelta(days=30)).isoformat(), "abgeschlossen", "2026-03-02", "2027-03-02"],
        ["Olga Muster", "Leistungsteam 1", "Informationssicherheit: Phishing"]
        + [(today + datetime.timedelta(days=14)).isoformat(), "offen", "", ""],
        ["Sven Muster", "Leistungsteam 1", "Informationssicherheit: Phishing"]
        + [(today - datetime.timedelta(days=3)).isoformat(), "überfällig", "", ""],
    ]
    exports = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT)
    assert sorted(entry.subject.username for entry in exports) == ["fertig", "offen", "spaet"]
    assert {(entry.viewer, entry.reason) for entry in exports} == {
        (coordinator, "Übersicht zugewiesene Schulungen (Koordination)")
    }

    workbook = client.get(OVERVIEW, {"export": "xlsx", "status": "done"})
    assert f"zugewiesene-schulungen-{today.isoformat()}.xlsx" in workbook["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(workbook.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADINGS
    assert values[1][0] == "Frieda Muster" and values[1][4] == "abgeschlossen"


def test_overview_never_logs_the_coordinators_own_rows(client, coordinator, assigned):
    completion.enrol(
        coordinator, assigned["privacy"], Enrolment.Source.ASSIGNED, due_date=timezone.localdate()
    )
    client.force_login(coordinator)
    assert "Kai Wagner" in client.get(OVERVIEW).content.decode()
    client.get(OVERVIEW, {"export": "csv"})
    assert not AccessLogEntry.objects.filter(subject=coordinator).exists()
    assert AccessLogEntry.objects.filter(action=AccessLogEntry.Action.VIEW_PROGRESS).count() == 4


def test_only_koordination_sees_the_overview_and_its_export(client, learner, assigned):
    editor = UserFactory(username="rita2", groups=["Redaktion"])
    for user in (learner, editor):
        client.force_login(user)
        for params in ({}, {"export": "csv"}):
            assert client.get(OVERVIEW, params).status_code == 302
        assert (
            reverse("learning_assignments:index") not in client.get("/admin/", follow=True).content.decode()
        )
    assert not AccessLogEntry.objects.exists()


# Session, user, permissions (2), Wagtail's user profile, locales, page, collection and site permissions,
# filter choices (2), count, the page of rows and one insert into the access log. An export skips the
# admin chrome; this one looks up the course it is filtered by.
OVERVIEW_QUERIES = 14
EXPORT_QUERIES = 8


@pytest.mark.parametrize("count", [1, 50])
def test_overview_and_export_query_counts_do_not_grow(
    client, coordinator, catalog_page, django_assert_max_num_queries, count
):
    course = CoursePageFactory(parent=catalog_page)
    unit = OrgUnitFactory(name="Leistungsteam 1")
    for _index in range(count):
        enrolment = completion.enrol(
            StaffProfileFactory(org_unit=unit).user,
            course,
            Enrolment.Source.REQUIREMENT,
            due_date=timezone.localdate(),
        )
        Certificate.objects.create(
            enrolment=enrolment,
            user=enrolment.user,
            course=course,
            completed_at=timezone.now(),
            valid_until=timezone.localdate(),
            holder_name="x",
            course_title=course.title,
        )
    client.force_login(coordinator)
    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        response = client.get(OVERVIEW)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == count
    # Each row shows its due date and its certificate's validity, both today.
    assert response.content.decode().count(timezone.localdate().strftime("%d.%m.%Y")) == 2 * count

    with django_assert_max_num_queries(EXPORT_QUERIES):
        rows = exported(client.get(OVERVIEW, {"export": "csv", "course": course.pk}))
    assert len(rows) == 1 + count
    assert AccessLogEntry.objects.filter(action=AccessLogEntry.Action.VIEW_PROGRESS).count() == count
    assert AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT).count() == count
