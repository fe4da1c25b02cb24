"""The page tree only allows what DESIGN.md describes, and staff content needs a login."""

import pytest
from wagtail.models import PageViewRestriction

from courses.models import CatalogPage, CoursePage, HomePage, LessonPage, PortalPage, ProgrammePage
from tests.factories import CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db


def allowed_children(page_class):
    return {model._meta.label for model in page_class.allowed_subpage_models()}


def test_allowed_subpages():
    assert allowed_children(HomePage) == {
        "courses.ExplainerIndexPage",
        "courses.PortalPage",
        "courses.AccessibilityStatementPage",
        "courses.PublicPrivacyNoticePage",
        "courses.ImprintPage",
    }
    assert allowed_children(PortalPage) == {
        "courses.CatalogPage",
        "courses.ProgrammePage",
        "courses.StaffPrivacyNoticePage",
    }
    assert allowed_children(CatalogPage) == {"courses.CoursePage"}
    assert allowed_children(CoursePage) == {"courses.LessonPage"}
    assert allowed_children(LessonPage) == set()
    assert allowed_children(ProgrammePage) == set()


def test_allowed_parents():
    assert {m._meta.label for m in CoursePage.allowed_parent_page_models()} == {"courses.CatalogPage"}
    assert {m._meta.label for m in LessonPage.allowed_parent_page_models()} == {"courses.CoursePage"}
    assert not LessonPage.can_create_at(CatalogPage())


def test_portal_always_carries_a_login_restriction(portal_page):
    restriction = PageViewRestriction.objects.get(page=portal_page)
    assert restriction.restriction_type == PageViewRestriction.LOGIN


def test_course_and_lesson_pages_need_login(client, catalog_page, learner):
    course = CoursePageFactory(parent=catalog_page, title="E-Akte im Jobcenter: Grundlagen")
    lesson = LessonPageFactory(parent=course, title="Die E-Akte öffnen")
    for page in (catalog_page, course, lesson):
        response = client.get(page.url)
        assert response.status_code == 302 and response["Location"].startswith("/anmelden/")
    client.force_login(learner)
    assert "E-Akte im Jobcenter: Grundlagen" in client.get(course.url).content.decode()
    assert "Die E-Akte öffnen" in client.get(lesson.url).content.decode()


def test_a_draft_lesson_can_be_previewed(rf, catalog_page, learner):
    course = CoursePageFactory(parent=catalog_page)
    LessonPageFactory(parent=course, title="Veröffentlicht")
    draft = LessonPageFactory(parent=course, title="Entwurf", live=False)
    request = rf.get("/")
    request.user = learner
    context = draft.get_context(request)
    assert context["previous_lesson"] is None and context["next_lesson"] is None
