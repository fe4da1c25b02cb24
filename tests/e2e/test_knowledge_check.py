"""A knowledge check in the browser: answers by label whatever their order, a waiting time after the allowed
failures with the feedback shown then, and no WCAG violations in any of its states."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_no_axe_violations, login

pytestmark = pytest.mark.e2e


@pytest.fixture
def check_lesson(catalog_page, learner):
    """A check lesson in a course that allows 2 failed attempts, then 10 minutes' wait; feedback at the last."""
    from courses.models import LessonPage
    from tests.factories import CoursePageFactory, LessonPageFactory, knowledge_check_block

    course = CoursePageFactory(
        parent=catalog_page,
        title="Verschlüsselte E-Mail",
        check_max_failed_attempts=2,
        check_wait_minutes=10,
        check_feedback="after_passing_or_last",
    )
    return LessonPageFactory(
        parent=course,
        title="Wissenscheck E-Mail",
        completion_rule=LessonPage.Rule.QUIZ,
        body=[knowledge_check_block()],
    )


def answer(page, *labels):
    for label in labels:
        page.get_by_label(label, exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="prüfen").click()


def test_failing_twice_means_a_pause_with_the_feedback_then(page, check_lesson):
    login(page, "anna")
    page.goto(check_lesson.url)
    expect(page.get_by_text("Sie haben noch 2 Versuche, danach warten Sie 10 Minuten")).to_be_visible()

    answer(page, "Unverschlüsselt", "Bekannte Signatur")
    expect(page.get_by_text("Noch nicht bestanden.")).to_be_visible()
    expect(page.get_by_text("Signaturen lassen sich fälschen.")).to_have_count(0)
    assert_no_axe_violations(page)

    page.get_by_label("Bekannte Signatur", exact=True).uncheck()
    answer(page, "Fremder Absender")
    expect(page.get_by_text("Bitte legen Sie eine kurze Pause ein.")).to_be_visible()
    expect(
        page.get_by_text("„Unverschlüsselt“: Nein: Sozialdaten nie unverschlüsselt senden.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="prüfen")).to_have_count(0)
    expect(page.get_by_label("Verschlüsselt", exact=True)).to_be_disabled()
    assert_no_axe_violations(page)


def test_the_right_answers_pass_whatever_order_they_are_shown_in(page, check_lesson):
    login(page, "anna")
    page.goto(check_lesson.url)
    answer(page, "Verschlüsselt", "Fremder Absender", "Drängende Frist")
    expect(page.get_by_text("Bestanden!")).to_be_visible()
    expect(page.get_by_text("Lektion abgeschlossen").first).to_be_visible()
    assert_no_axe_violations(page)
