"""The lesson editor in the browser: a lesson whose video has no captions is refused with a link to where
they are added."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import login

pytestmark = pytest.mark.e2e


@pytest.fixture
def lesson(catalog_page):
    from tests.factories import CoursePageFactory, LessonPageFactory

    course = CoursePageFactory(parent=catalog_page, title="Verschlüsselte E-Mail")
    return LessonPageFactory(parent=course, title="Sicher senden", live=False)


def test_publishing_with_an_uncaptioned_video_is_refused_with_a_link_to_the_video(
    page, lesson, editor_with_app
):
    from courses.models import LessonPage
    from tests.factories import VideoFactory

    video = VideoFactory(title="Videoberatung starten", processing_state="ready", duration=20)
    lesson.completion_rule = LessonPage.Rule.VIDEO
    lesson.body = [{"type": "video", "value": {"video": video.pk, "caption": ""}}]
    lesson.save()
    login(page, "rita")
    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    page.get_by_role("button", name="Mehr Aktionen").click()
    page.get_by_role("button", name="Veröffentlichen").click()

    expect(page.get_by_text("Das Video „Videoberatung starten“ hat keine Untertitel.")).to_be_visible()
    expect(page.get_by_role("tab", name=re.compile("Inhalt.*1"))).to_be_visible()  # the tab counts it
    lesson.refresh_from_db()
    assert not lesson.live
    page.get_by_role("link", name="Video bearbeiten").click()
    page.wait_for_url(f"**/admin/media/edit/{video.pk}/")
    expect(page.get_by_role("heading", name=re.compile("Videoberatung starten"))).to_be_visible()
