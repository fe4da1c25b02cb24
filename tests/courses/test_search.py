"""Catalogue search: German word forms, compound parts, tags and competences, "Meinten Sie …?", and the same
order on SQLite and PostgreSQL (CI runs this file on PostgreSQL)."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from courses import search
from courses.models import Competence, CourseCompetence, CoursePage, SearchTerm
from tests.factories import CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db


def found(query, courses=None):
    courses = courses if courses is not None else CoursePage.objects.live()
    return [CoursePage.objects.get(pk=pk).title for pk in search.ranked_course_ids(query, courses)]


def test_the_demo_queries_find_what_a_learner_expects_in_one_order(client):
    call_command("seed_demo", stdout=StringIO())
    datenschutz = [
        "Datenschutz und Sozialgeheimnis im SGB II – jährliche Unterweisung",
        "E-Akte im Jobcenter: Grundlagen",
        "Künstliche Intelligenz im Verwaltungsalltag: Chancen und Grenzen",
        "Verschlüsselte E-Mail: Sozialdaten sicher übermitteln",
    ]
    # All four courses tagged "Datenschutz", the one with it in its title first.
    assert found("Datenschutz") == datenschutz
    assert found("datenschutz") == datenschutz
    assert found("DSGVO")[0] == datenschutz[0]
    assert found("Verschlüsselung")[0] == "Verschlüsselte E-Mail: Sozialdaten sicher übermitteln"
    assert found("E-Mail-Verschlüsselung") == ["Verschlüsselte E-Mail: Sozialdaten sicher übermitteln"]
    assert found("Datenschutzgrundverordnung") == [datenschutz[0]]
    assert found("Phising") == []
    assert search.suggestion("Phising", CoursePage.objects.live()) == "Phishing"
    assert found("Phishing")[0] == "Informationssicherheit: Phishing erkennen und melden"

    client.force_login(get_user_model().objects.get(username="anna"))
    page = client.get("/lernen/kurse/", {"q": "Phising"}).content.decode()
    assert "Meinten Sie" in page
    assert 'href="?q=Phishing">„Phishing“</a>' in page
    page = client.get("/lernen/kurse/", {"q": "Phishing"}).content.decode()
    assert "Informationssicherheit: Phishing erkennen und melden" in page
    assert "Meinten Sie" not in page


@pytest.fixture
def course(catalog_page):
    course = CoursePageFactory(
        parent=catalog_page, title="Aktenführung", summary="Sie führen Akten vollständig und nachvollziehbar."
    )
    course.tags.add("Schriftgut")
    course.save_revision().publish()
    return course


def test_tags_lessons_and_competences_are_searched(course):
    LessonPageFactory(parent=course, title="Fristen beachten", intro="Wann Widersprüche verfristet sind.")
    CourseCompetence.objects.create(
        course=course, competence=Competence.objects.get(code="4.2"), target_level=2
    )

    assert found("Schriftgut") == ["Aktenführung"]
    assert found("Widerspruch") == ["Aktenführung"]  # "Widersprüche" in a lesson's introduction
    assert found(Competence.objects.get(code="4.2").title_de.split()[0]) == ["Aktenführung"]
    assert found("Akte") == ["Aktenführung"]  # the start of a longer word


def test_drafts_are_not_searched_until_published_and_unpublished_courses_vanish(course):
    course.summary = "Neuer Text über Aufbewahrungsfristen."
    course.save_revision()
    assert found("Aufbewahrungsfristen") == []

    CoursePage.objects.get(pk=course.pk).get_latest_revision().publish()
    assert found("Aufbewahrungsfristen") == ["Aktenführung"]

    CoursePage.objects.get(pk=course.pk).unpublish()
    assert found("Aufbewahrungsfristen") == []
    assert not SearchTerm.objects.filter(course_id=course.pk).exists()


def test_a_deleted_lesson_stops_matching_once_committed(course, django_capture_on_commit_callbacks):
    lesson = LessonPageFactory(parent=course, title="Scannen")
    assert found("Scannen") == ["Aktenführung"]
    with django_capture_on_commit_callbacks(execute=True):
        lesson.delete()
    assert found("Scannen") == []


def test_the_index_command_builds_every_course_again(course):
    SearchTerm.objects.all().delete()
    out = StringIO()
    call_command("index_courses", stdout=out)
    assert "1 Kurse" in out.getvalue()
    assert found("Schriftgut") == ["Aktenführung"]


@pytest.mark.parametrize(
    "query",
    ['"Akte', "(Akte*) OR -x", "Akte\x00n", "!!!", "ü" * 5000, "a b c d e f g h i j k l m"],
)
def test_odd_queries_never_fail(client, learner, catalog_page, course, query):
    client.force_login(learner)
    response = client.get(catalog_page.url, {"q": query})
    assert response.status_code == 200
    page = response.content.decode()
    if len(query) > 100:
        assert "höchstens 100 Zeichen" in page
    assert search.ranked_course_ids(query, CoursePage.objects.live()) in ([], [course.pk])


@pytest.mark.parametrize("count", [1, 50])
def test_a_search_costs_the_same_queries_for_1_or_50_courses(
    client, learner, catalog_page, count, django_assert_max_num_queries
):
    for number in range(count):
        CoursePageFactory(
            parent=catalog_page, title=f"Datenschutz {number:03d}", summary="Sozialdaten schützen."
        )
    client.force_login(learner)
    # The filter page alone costs 32 (see test_catalog); the search adds one query per word and one for titles.
    with django_assert_max_num_queries(35):
        response = client.get(catalog_page.url, {"q": "Datenschutz schützen"})
    assert len(response.context["results"]) == min(count, 12)
    with django_assert_max_num_queries(40):
        response = client.get(catalog_page.url, {"q": "Datanschutz"})
    assert response.context["suggestion"] == "Datenschutz"
