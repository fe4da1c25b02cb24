"""Koordination assigns courses with a due date and sees only status, dates and validity, logged."""

import datetime

import pytest
from django.utils import timezone

from learning import completion
from learning.models import AccessLogEntry, Enrolment, QuizAttempt
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
