"""The lesson editor in the browser: a knowledge check's "+" buttons say what they add, and a lesson whose
video has no captions is refused with a link to where they are added."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import login

pytestmark = pytest.mark.e2e

ANSWER_FIELDS = re.compile(r"^Antwort\*?$")


@pytest.fixture
def lesson(catalog_page):
    from tests.factories import CoursePageFactory, LessonPageFactory

    course = CoursePageFactory(parent=catalog_page, title="Verschlüsselte E-Mail")
    return LessonPageFactory(parent=course, title="Sicher senden", live=False)


def test_the_knowledge_check_buttons_say_what_they_add_also_in_rows_added_later(
    page, lesson, editor_with_app
):
    login(page, "rita")
    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    page.get_by_role("button", name="Einen Block einfügen").first.click()
    page.get_by_role("option", name="Wissenscheck").click()

    # A new check: one question with the two answer rows it needs at least, a "+" before and after each row.
    answers = page.get_by_role("textbox", name=ANSWER_FIELDS)
    expect(answers).to_have_count(2)
    expect(page.get_by_role("button", name="Frage hinzufügen")).to_have_count(2)
    expect(page.get_by_role("button", name="Antwort hinzufügen")).to_have_count(3)
    expect(page.get_by_role("button", name="Hinzufügen", exact=True)).to_have_count(0)

    page.get_by_role("button", name="Antwort hinzufügen").last.click()
    expect(answers).to_have_count(3)
    expect(page.get_by_role("button", name="Antwort hinzufügen")).to_have_count(4)
    page.get_by_role("button", name="Frage hinzufügen").last.click()
    expect(answers).to_have_count(5)  # the new question starts with two answer rows, too
    expect(page.get_by_role("button", name="Antwort hinzufügen")).to_have_count(7)
    expect(page.get_by_role("button", name="Frage hinzufügen")).to_have_count(3)

    # The rows added are real rows: filled in, they are saved with the lesson.
    prompts = page.get_by_role("textbox", name=re.compile(r"^Frage\*?$"))
    prompts.nth(0).fill("Wie senden Sie Sozialdaten?")
    prompts.nth(1).fill("Wer darf Bescheide lesen?")
    for number, text in enumerate(["Verschlüsselt", "Offen", "Per Fax", "Die Kundin", "Alle"]):
        answers.nth(number).fill(text)
    for number in (0, 3):
        page.get_by_role("checkbox", name="richtig").nth(number).check()
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.get_by_text("wurde aktualisiert")).to_be_visible()

    from courses.models import LessonPage

    draft = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
    check = draft.knowledge_check.value
    saved = [[answer["text"] for answer in question["answers"]] for question in check["questions"]]
    assert saved == [["Verschlüsselt", "Offen", "Per Fax"], ["Die Kundin", "Alle"]]


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
