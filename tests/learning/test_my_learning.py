""" "Mein Lernen": every section with a learner in each state, a fixed query budget, and privacy."""

import datetime

import pytest
from django.utils import timezone

from learning import completion, requirements
from learning.models import Certificate, Enrolment, LessonProgress, StaffProfile
from tests.factories import CoursePageFactory, LessonPageFactory, TrainingRequirementFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_course(catalog_page, title, lessons=2, **fields):
    course = CoursePageFactory(parent=catalog_page, title=title, **fields)
    for number in range(lessons):
        LessonPageFactory(parent=course, title=f"{title} – Lektion {number + 1}")
    return course


def test_sections_show_each_state(client, learner, portal_page, catalog_page):
    today = timezone.localdate()
    started = make_course(catalog_page, "E-Akte im Jobcenter: Grundlagen")
    overdue = make_course(catalog_page, "Datenschutz und Sozialgeheimnis")
    soon = make_course(catalog_page, "Informationssicherheit: Phishing")
    done = make_course(catalog_page, "Videoberatung mit Leistungsberechtigten")
    make_course(catalog_page, "Barrierefreie Dokumente erstellen")  # not enrolled: a suggestion

    completion.enrol(learner, started)
    first = started.get_children().first().specific
    LessonProgress.objects.create(user=learner, lesson=first, position=42, coverage=0.3)
    StaffProfile.objects.create(user=learner)
    late = TrainingRequirementFactory(
        course=overdue, first_due_days=10, starts_on=today - datetime.timedelta(days=13)
    )
    requirements.sync(late, today=today - datetime.timedelta(days=13))  # due 3 days ago
    requirements.sync(TrainingRequirementFactory(course=soon, first_due_days=5))
    enrolment = completion.enrol(learner, done)
    for lesson in done.get_children().specific():
        completion.complete_lesson(learner, lesson, completion.Evidence(lesson.completion_rule))
    completion.update_course_completion(learner.pk, done.pk)
    certificate = completion.issue_certificate(enrolment.pk)

    client.force_login(learner)
    html = client.get(portal_page.url).content.decode()
    assert "Weiter mit „E-Akte im Jobcenter: Grundlagen – Lektion 1“" in html
    assert "30 % angesehen" in html
    assert "überfällig seit" in html and "Datenschutz und Sozialgeheimnis" in html
    assert "fällig bis" in html and "Informationssicherheit: Phishing" in html
    assert html.index("Bald fällig") < html.index("Weiterlernen")
    completed_section = html[html.index('id="completed-heading"') : html.index('id="certificates-heading"')]
    assert "Videoberatung mit Leistungsberechtigten" in completed_section
    assert certificate.get_download_url() in html
    assert "Barrierefreie Dokumente erstellen" in html  # suggested
    progress_section = html[html.index('id="progress-heading"') : html.index('id="completed-heading"')]
    assert 'value="0"' in progress_section and "Videoberatung" not in progress_section


def test_empty_states_are_friendly(client, learner, portal_page):
    client.force_login(learner)
    html = client.get(portal_page.url).content.decode()
    assert "Sie haben gerade keine angefangene Lektion." in html
    assert "Noch kein Kurs abgeschlossen." in html


@pytest.mark.parametrize("count", [1, 50])
def test_query_budget(client, learner, portal_page, catalog_page, count, django_assert_max_num_queries):
    for number in range(count):
        course = make_course(catalog_page, f"Kurs {number:03d}", lessons=2)
        enrolment = completion.enrol(learner, course)
        lesson = course.get_children().first().specific
        LessonProgress.objects.create(user=learner, lesson=lesson, coverage=0.5)
        if number % 2:
            Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now())
            if number < 3:
                completion.issue_certificate(enrolment.pk)
    client.force_login(learner)
    # 30 + the mandatory-training cycles + my dates + the dates I train
    with django_assert_max_num_queries(33):
        response = client.get(portal_page.url)
    assert response.status_code == 200


def test_nobody_else_sees_my_progress_attempts_or_certificates(client, learner, portal_page, catalog_page):
    course = make_course(catalog_page, "Verschlüsselte E-Mail", lessons=1)
    enrolment = completion.enrol(learner, course)
    first = course.get_children().first().specific
    completion.complete_lesson(learner, first, completion.Evidence(first.completion_rule))
    completion.update_course_completion(learner.pk, course.pk)
    certificate = completion.issue_certificate(enrolment.pk)
    other = UserFactory(username="bert", first_name="Bert", last_name="Berg", groups=["Lernende"])
    client.force_login(other)
    html = client.get(portal_page.url).content.decode()
    assert "Verschlüsselte E-Mail" not in html.split('id="suggestions-heading"')[0]
    assert certificate.get_download_url() not in html
    assert client.get(certificate.get_download_url()).status_code == 404
    assert Certificate.objects.filter(user=other).count() == 0
