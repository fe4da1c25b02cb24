"""The catalogue: search and each filter find the right courses; query counts do not grow with results."""

import pytest

from courses.models import Competence, CourseCompetence
from tests.factories import CoursePageFactory, LessonPageFactory, ProgrammePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses(catalog_page, portal_page):
    bass = ProgrammePageFactory(parent=portal_page, title="BASS-Studium", slug="bass")
    inhouse = ProgrammePageFactory(parent=portal_page, title="Inhouse-Schulungen", slug="inhouse")
    e_akte = CoursePageFactory(
        parent=catalog_page,
        title="E-Akte im Jobcenter: Grundlagen",
        summary="Sie legen Dokumente in der elektronischen Akte ab.",
        programme=inhouse,
        estimated_minutes=25,
    )
    e_akte.tags.add("E-Akte")
    e_akte.save_revision().publish()
    phishing = CoursePageFactory(
        parent=catalog_page,
        title="Informationssicherheit: Phishing erkennen und melden",
        summary="Sie erkennen gefälschte Nachrichten und melden sie.",
        programme=bass,
        estimated_minutes=60,
    )
    CourseCompetence.objects.create(
        course=phishing, competence=Competence.objects.get(code="4.2"), target_level=3
    )
    video = CoursePageFactory(
        parent=catalog_page,
        title="Videoberatung mit Leistungsberechtigten",
        summary="Beratung per Video: Technik, Datenschutz und Gesprächsführung.",
        programme=inhouse,
        estimated_minutes=120,
    )
    return {"e_akte": e_akte, "phishing": phishing, "video": video}


def titles(response):
    return [course.title for course in response.context["results"]]


def test_catalogue_lists_all_courses_alphabetically(client, learner, catalog_page, courses):
    client.force_login(learner)
    response = client.get(catalog_page.url)
    assert titles(response) == sorted(course.title for course in courses.values())
    assert "3 Kurse gefunden" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "Phishing"}, ["phishing"]),
        ({"q": "Akte"}, ["e_akte"]),
        ({"programme": "bass"}, ["phishing"]),
        ({"programme": "inhouse"}, ["e_akte", "video"]),
        ({"competence": "4.2"}, ["phishing"]),
        ({"tag": "e-akte"}, ["e_akte"]),
        ({"duration": "kurz"}, ["e_akte"]),
        ({"duration": "mittel"}, ["phishing"]),
        ({"duration": "lang"}, ["video"]),
        ({"programme": "inhouse", "duration": "lang"}, ["video"]),
        ({"q": "Beratung", "programme": "bass"}, []),
        # Quotes, brackets and operators are not search syntax (SQLite's FTS5 refused them with a 500).
        ({"q": '"Phishing'}, ["phishing"]),
        ({"q": '(Phishing*) "'}, ["phishing"]),
        ({"q": '"'}, []),
    ],
)
def test_search_and_filters(client, learner, catalog_page, courses, params, expected):
    client.force_login(learner)
    response = client.get(catalog_page.url, params)
    assert sorted(titles(response)) == sorted(courses[key].title for key in expected)


def test_invalid_filter_value_gets_a_german_message(client, learner, catalog_page, courses):
    client.force_login(learner)
    response = client.get(catalog_page.url, {"duration": "ewig"})
    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()
    assert titles(response) == []


def test_german_inflected_forms_are_found(client, learner, catalog_page, courses):
    client.force_login(learner)
    # "Dokumente" is stored; "Dokument" and "Nachricht" (stored: "Nachrichten") find their courses.
    assert titles(client.get(catalog_page.url, {"q": "Dokument"})) == [courses["e_akte"].title]
    assert titles(client.get(catalog_page.url, {"q": "Nachricht"})) == [courses["phishing"].title]


def test_results_are_paginated(client, learner, catalog_page):
    for number in range(14):
        CoursePageFactory(parent=catalog_page, title=f"Kurs {number:02d}")
    client.force_login(learner)
    first = client.get(catalog_page.url)
    assert len(first.context["results"]) == 12
    assert "Seite 1 von 2" in first.content.decode()
    second = client.get(catalog_page.url, {"seite": 2})
    assert len(second.context["results"]) == 2


def make_courses(catalog_page, count):
    competence = Competence.objects.get(code="1.1")
    for number in range(count):
        course = CoursePageFactory(parent=catalog_page, title=f"Kurs {number:03d}", estimated_minutes=20)
        course.tags.add("Grundlagen", f"Thema {number}")
        CourseCompetence.objects.create(course=course, competence=competence, target_level=2)
        course.save_revision().publish()


@pytest.mark.parametrize("count", [1, 50])
def test_catalogue_query_count_does_not_grow(
    client, learner, catalog_page, count, django_assert_max_num_queries
):
    make_courses(catalog_page, count)
    client.force_login(learner)
    # 29 for the page and its filters, 1 for the months of upcoming dates, 2 for the person's statuses of
    # all cards (learning_tags).
    with django_assert_max_num_queries(32):
        response = client.get(catalog_page.url, {"tag": "grundlagen"})
    assert response.status_code == 200
    assert len(response.context["results"]) == min(count, 12)


@pytest.mark.parametrize("count", [1, 50])
def test_course_page_query_count_does_not_grow(
    client, learner, catalog_page, count, django_assert_max_num_queries
):
    course = CoursePageFactory(parent=catalog_page, title="Kurs mit vielen Lektionen")
    for number in range(count):
        LessonPageFactory(parent=course, title=f"Lektion {number:03d}")
    client.force_login(learner)
    with django_assert_max_num_queries(31):  # 30 + whether the course has dates
        response = client.get(course.url)
    assert response.content.decode().count('class="lh-lesson-list__item"') == count


@pytest.mark.parametrize("count", [1, 50])
def test_lesson_page_query_count_does_not_grow(
    client, learner, catalog_page, count, django_assert_max_num_queries
):
    course = CoursePageFactory(parent=catalog_page, title="Kurs")
    lessons = [LessonPageFactory(parent=course, title=f"Lektion {number:03d}") for number in range(count)]
    client.force_login(learner)
    with django_assert_max_num_queries(32):
        response = client.get(lessons[-1].url)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_programme_page_query_count_does_not_grow(
    client, learner, catalog_page, portal_page, count, django_assert_max_num_queries
):
    programme = ProgrammePageFactory(parent=portal_page, title="Pflichtschulungen", slug="pflicht")
    competence = Competence.objects.get(code="4.2")
    for number in range(count):
        course = CoursePageFactory(parent=catalog_page, title=f"Kurs {number:03d}", programme=programme)
        CourseCompetence.objects.create(course=course, competence=competence, target_level=3)
    client.force_login(learner)
    with django_assert_max_num_queries(30):
        response = client.get(programme.url)
    assert response.content.decode().count("lh-course-card") == count
