"""Deleting pages in the admin: what the learner record still needs is refused with a German message and
nothing is deleted; a live course without such records goes, lessons and all."""

import pytest

from courses.models import CoursePage, LessonPage
from learning import termine
from tests.factories import (
    CoursePageFactory,
    LessonPageFactory,
    OrgUnitFactory,
    TerminFactory,
    TrainingRequirementFactory,
    staff,
)

pytestmark = pytest.mark.django_db


def delete(client, page):
    return client.post(f"/admin/pages/{page.pk}/delete/", follow=True)


def test_a_live_course_without_records_is_deleted_with_its_lessons(admin_client, catalog_page):
    course = CoursePageFactory(parent=catalog_page, title="Alte Schulung")
    LessonPageFactory(parent=course, title="Erste Lektion")
    response = delete(admin_client, course)
    assert response.status_code == 200
    assert not CoursePage.objects.filter(pk=course.pk).exists()
    assert not LessonPage.objects.filter(title="Erste Lektion").exists()


def test_a_course_with_registered_dates_is_not_deleted(admin_client, catalog_page):
    course = CoursePageFactory(parent=catalog_page, title="Videoberatung")
    termin = TerminFactory(course=course)
    termine.register(staff(OrgUnitFactory()), termin.pk)

    confirm = admin_client.get(f"/admin/pages/{course.pk}/delete/", follow=True)
    assert confirm.status_code == 200
    assert "Anmeldungen" in confirm.content.decode()

    response = delete(admin_client, course)
    assert response.status_code == 200
    text = response.content.decode()
    assert "„Videoberatung“ kann nicht gelöscht werden" in text
    assert "Sagen Sie kommende Termine ab" in text
    assert CoursePage.objects.filter(pk=course.pk).exists()


def test_a_programme_whose_course_is_a_mandatory_training_is_not_deleted(admin_client, catalog_page):
    course = CoursePageFactory(parent=catalog_page, title="Datenschutz")
    TrainingRequirementFactory(course=course, name="Datenschutzunterweisung")
    # Deleting the catalogue would delete the course below it.
    response = delete(admin_client, catalog_page)
    assert response.status_code == 200
    assert "Pflichtschulung „Datenschutzunterweisung“" in response.content.decode()
    assert CoursePage.objects.filter(pk=course.pk).exists()
