"""axe-core on the project's own admin screens: the lesson editor with a knowledge check, the "Übersetzungen"
tab of public pages, and every admin view the apps add (viewsets, reports, forms) — no WCAG 2.1 A/AA violation.

Wagtail's tag field (jQuery tag-it) adds a text input without a label (axe rule "label"); it is Wagtail's own
markup, so where a form has one, axe leaves that field out."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.helpers import assert_no_axe_violations, axe_violations, format_violations, login
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e

WAGTAIL_TAG_FIELD = ".tagit"


@pytest.fixture
def superuser(db):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = UserFactory(
        username="admin", first_name="Ada", last_name="Admin", is_superuser=True, is_staff=True
    )
    TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    return user


def test_the_lesson_editor_with_a_knowledge_check_in_each_state(page, catalog_page, editor_with_app):
    from courses.models import LessonPage
    from tests.factories import CoursePageFactory, LessonPageFactory, VideoFactory, knowledge_check_block

    video = VideoFactory(title="Videoberatung starten", processing_state="ready", duration=20)
    course = CoursePageFactory(parent=catalog_page, title="Verschlüsselte E-Mail")
    lesson = LessonPageFactory(
        parent=course,
        title="Sicher senden",
        live=False,
        completion_rule=LessonPage.Rule.QUIZ,
        body=[{"type": "video", "value": {"video": video.pk, "caption": ""}}, knowledge_check_block()],
    )
    login(page, "rita")
    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    expect(page.get_by_role("button", name="Antwort hinzufügen").first).to_be_visible()
    assert_no_axe_violations(page)

    # Refused for the uncaptioned video: the refusal at the body is the project's markup.
    page.get_by_role("button", name="Mehr Aktionen").click()
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.get_by_role("link", name="Video bearbeiten")).to_be_visible()
    assert_no_axe_violations(page)

    # Rows added, left empty and saved: the knowledge check's own error at its new question.
    page.get_by_role("button", name="Antwort hinzufügen").last.click()
    page.get_by_role("button", name="Frage hinzufügen").last.click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(
        page.get_by_text("Bei dieser Frage muss genau eine Antwort als richtig markiert sein.")
    ).to_be_visible()
    assert_no_axe_violations(page)


def test_the_translations_tab_of_an_explainer(page, public_explainers, superuser):
    from courses.models import ExplainerPage

    explainer = ExplainerPage.objects.get(slug=public_explainers.entry["slug"], locale__language_code="de")
    login(page, "admin")
    page.goto(f"/admin/pages/{explainer.pk}/edit/")
    page.get_by_role("tab", name="Übersetzungen").click()
    expect(page.get_by_role("table", name="Stand der Übersetzungen dieser Seite")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"Übersetzung bearbeiten"))).to_be_visible()
    assert_no_axe_violations(page)


@pytest.fixture
def admin_records(catalog_page, superuser):
    """A little of everything the project's admin screens list, so that none shows only its empty state."""
    from courses.models import AccessibilityFeedback
    from learning import privacy
    from learning.models import AccessLogEntry, Exemption, ExportJob, RequirementCycle, RetentionRun
    from tests.factories import (
        CoursePageFactory,
        HelpRequestFactory,
        LotseFactory,
        OrgUnitFactory,
        StaffProfileFactory,
        TrainingRequirementFactory,
    )

    course = CoursePageFactory(parent=catalog_page, title="Datenschutz und Sozialgeheimnis")
    unit = OrgUnitFactory(name="Leistungsteam 1")
    anna = UserFactory(username="anna", first_name="Anna", last_name="Becker")
    StaffProfileFactory(user=anna, org_unit=unit)
    requirement = TrainingRequirementFactory(course=course, name="Datenschutzunterweisung")
    today = timezone.localdate()
    due = today + datetime.timedelta(days=30)
    RequirementCycle.objects.create(
        requirement=requirement, user=anna, opens_on=today, due_on=due, overdue_from=due
    )
    Exemption.objects.create(
        requirement=requirement, user=anna, reason="Elternzeit", until=due, created_by=superuser
    )
    privacy.log_access(superuser, anna, AccessLogEntry.Action.VIEW_PROGRESS, "Coaching #7")
    RetentionRun.objects.create(
        started_at=timezone.now(), finished_at=timezone.now(), counts={"quiz_attempts": 3}
    )
    ExportJob.objects.create(
        requested_by=superuser, kind=ExportJob.Kind.REQUIREMENTS, format=ExportJob.Format.CSV
    )
    LotseFactory(org_units=[unit])
    HelpRequestFactory(requester=anna)
    return {
        "feedback": AccessibilityFeedback.objects.create(message="Kontrast zu schwach", page_url="/erklaert/")
    }


def test_every_admin_screen_the_apps_add(page, admin_records, superuser):
    feedback = admin_records["feedback"].pk
    screens = [
        # courses
        (reverse("wagtailsnippets_courses_competence:list"), ()),
        (reverse("accessibilityfeedback:index"), ()),
        (reverse("accessibilityfeedback:inspect", args=[feedback]), ()),
        (reverse("accessibilityfeedback:edit", args=[feedback]), ()),
        # learning
        (reverse("orgunit:index"), ()),
        (reverse("orgunit:add"), ()),
        (reverse("staffprofile:index"), ()),
        (reverse("staffprofile:add"), ()),
        (reverse("learning_requirements:index"), ()),
        (reverse("trainingrequirement:index"), ()),
        (reverse("trainingrequirement:add"), ()),
        (reverse("exemption:index"), ()),
        (reverse("exemption:add"), ()),
        (reverse("learning_exports:index"), ()),
        (reverse("learning_certificates:revoke"), ()),
        (reverse("learning_access_log:index"), ()),
        (reverse("learning_retention_runs:index"), ()),
        (reverse("wagtailadmin_account"), ()),
        # lotsen
        (reverse("lotse_profiles:index"), ()),
        (reverse("lotse_profiles:add"), (WAGTAIL_TAG_FIELD,)),
        (reverse("lotsen_pool:index"), ()),
        (reverse("lotsen_reports:coverage"), ()),
        (reverse("lotsen_reports:activity"), ()),
        (reverse("lotsen_reports:quota"), ()),
    ]
    login(page, "admin")
    found = {}
    for url, exclude in screens:
        response = page.goto(url)
        assert response.ok and page.url.endswith(url), (url, response.status, page.url)
        page.wait_for_load_state("networkidle")
        if violations := axe_violations(page, exclude):
            found[url] = format_violations(violations)

    # The coordination's own form, refused: its errors are the project's markup, too.
    page.goto(reverse("learning_certificates:revoke"))
    page.get_by_role("button", name="Widerrufen").click()
    expect(page.locator(".error-message").first).to_be_visible()
    if violations := axe_violations(page):
        found["revoke form with errors"] = format_violations(violations)
    assert not found, "\n\n".join(f"{url}:\n{report}" for url, report in found.items())
