"""Deleting pages in the admin, one at a time or several from the explorer: what the learner record still needs
is refused with a German message and nothing is deleted; a live course without such records goes, lessons and
all. Finding the reasons costs the same few queries however many pages lie below."""

import pytest

from courses.models import CoursePage, LessonPage
from courses.models.pages import deletion_refusals
from learning import termine
from learning.models import Registration
from tests.factories import (
    CoursePageFactory,
    LessonPageFactory,
    OrgUnitFactory,
    TerminFactory,
    TrainingRequirementFactory,
    staff,
)

pytestmark = pytest.mark.django_db

# One Collector for the whole subtree: a query per relation to pages and to the kinds of pages found (Wagtail's
# own tables included), one per protecting kind for its reasons; none per page or per row.
QUERIES = 75


def delete(client, page):
    return client.post(f"/admin/pages/{page.pk}/delete/", follow=True)


def bulk_delete(client, parent, *pages):
    """The explorer's "Löschen" for the pages ticked in the listing of `parent`: confirmation, then "Ja, löschen"."""
    query = "&".join(f"id={page.pk}" for page in pages)
    url = f"/admin/bulk/wagtailcore/page/delete/?{query}&next=/admin/pages/{parent.pk}/"
    assert client.get(url).status_code == 200
    return client.post(url, follow=True)


def registered_course(parent, title):
    course = CoursePageFactory(parent=parent, title=title)
    termine.register(staff(OrgUnitFactory()), TerminFactory(course=course).pk)
    return course


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


def test_bulk_deleting_a_course_with_registrations_deletes_none_of_the_selected(admin_client, catalog_page):
    course = registered_course(catalog_page, "Videoberatung")
    free = CoursePageFactory(parent=catalog_page, title="Ohne Termine")

    response = bulk_delete(admin_client, catalog_page, course, free)

    assert response.redirect_chain[-1][0] == f"/admin/pages/{catalog_page.pk}/"
    assert response.status_code == 200
    text = response.content.decode()
    assert "Keine der ausgewählten Seiten wurde gelöscht." in text
    assert "Für Termine von „Videoberatung“ gibt es Anmeldungen" in text
    assert set(CoursePage.objects.filter(pk__in=[course.pk, free.pk]).values_list("title", flat=True)) == {
        "Videoberatung",
        "Ohne Termine",
    }
    assert Registration.objects.filter(termin__course=course).count() == 1


def test_bulk_deleting_a_programme_above_a_mandatory_training_is_refused(
    admin_client, portal_page, catalog_page
):
    course = CoursePageFactory(parent=catalog_page, title="Datenschutz")
    LessonPageFactory(parent=course, title="Erste Lektion")
    TrainingRequirementFactory(course=course, name="Datenschutzunterweisung")

    response = bulk_delete(admin_client, portal_page, catalog_page)

    text = response.content.decode()
    assert f"„{catalog_page.title}“ kann nicht gelöscht werden." in text
    assert "Pflichtschulung „Datenschutzunterweisung“" in text
    assert CoursePage.objects.filter(pk=course.pk).exists()
    assert LessonPage.objects.filter(title="Erste Lektion").exists()


def test_bulk_deleting_courses_without_records_still_works(admin_client, catalog_page):
    first = CoursePageFactory(parent=catalog_page, title="Alte Schulung")
    LessonPageFactory(parent=first, title="Erste Lektion")
    second = CoursePageFactory(parent=catalog_page, title="Noch eine alte Schulung")

    response = bulk_delete(admin_client, catalog_page, first, second)

    assert response.redirect_chain[-1][0] == f"/admin/pages/{catalog_page.pk}/"
    assert "kann nicht gelöscht werden" not in response.content.decode()
    assert not CoursePage.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert not LessonPage.objects.filter(title="Erste Lektion").exists()


def test_a_protecting_row_without_its_own_reason_is_named_by_its_kind(catalog_page, monkeypatch):
    registered_course(catalog_page, "Videoberatung")
    monkeypatch.delattr(Registration, "deletion_refusal")
    assert deletion_refusals(catalog_page) == [
        "Eine der Seiten wird noch verwendet von: Anmeldungen zu Terminen."
    ]


@pytest.mark.parametrize("count", [1, 20])
def test_the_reasons_cost_the_same_queries_however_many_pages_lie_below(
    catalog_page, count, django_assert_max_num_queries
):
    # `count` courses, each with a lesson and a date someone registered for, one of them a mandatory training:
    # deleting the catalogue would take 2 × count pages with it.
    for number in range(count):
        course = registered_course(catalog_page, f"Kurs {number:02d}")
        LessonPageFactory(parent=course, title=f"Lektion {number:02d}")
    TrainingRequirementFactory(course=course, name="Datenschutzunterweisung")

    with django_assert_max_num_queries(QUERIES):
        reasons = deletion_refusals(catalog_page)

    assert len(reasons) == count + 1
    assert any("Für Termine von „Kurs 00“ gibt es Anmeldungen" in reason for reason in reasons)
