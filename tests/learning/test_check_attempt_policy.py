"""A course's attempt policy for its knowledge checks: waiting after failed attempts, refusals that store
nothing, when per-question feedback shows, and what the lesson page costs in queries."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from courses import quiz
from courses.models import LessonPage
from learning.models import LessonProgress, QuizAttempt
from tests.factories import CoursePageFactory, LessonPageFactory, knowledge_check_block

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
MORNING = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN)
WAITING = "Bitte legen Sie eine kurze Pause ein."
REFUSED = "Ihre Antworten wurden nicht gespeichert."
PER_ANSWER_FEEDBACK = "Signaturen lassen sich fälschen."


@pytest.fixture
def make_lesson(catalog_page):
    def make(**policy):
        course = CoursePageFactory(parent=catalog_page, **policy)
        return LessonPageFactory(
            parent=course,
            title="Wissenscheck",
            completion_rule=LessonPage.Rule.QUIZ,
            body=[knowledge_check_block()],
        )

    return make


@pytest.fixture
def limited(make_lesson):
    """After 3 failed attempts the learner waits 10 minutes."""
    return make_lesson(check_max_failed_attempts=3, check_wait_minutes=10)


def answers(lesson, correct=True):
    data = {}
    for question in lesson.knowledge_check.value["questions"].bound_blocks:
        ids = [a.id for a in question.value["answers"].bound_blocks if a.value["correct"] == correct]
        data[f"q-{question.id}"] = ids if question.value["kind"] == "multiple" else ids[:1]
    return data


def completed(user, lesson):
    return LessonProgress.objects.filter(user=user, lesson=lesson, completed_at__isnull=False).exists()


def fail(client, lesson, times):
    for _ in range(times):
        response = client.post(lesson.url, answers(lesson, correct=False))
        assert response.status_code == 200
    return response


def test_after_the_allowed_failures_a_submission_is_refused_and_stores_nothing(client, learner, limited):
    with time_machine.travel(MORNING, tick=False):
        client.force_login(learner)
        assert (
            "Sie haben noch 3 Versuche, danach warten Sie 10 Minuten"
            in client.get(limited.url).content.decode()
        )
        html = fail(client, limited, 2).content.decode()
        assert "Sie haben noch einen Versuch" in html
        html = fail(client, limited, 1).content.decode()
        assert "Noch nicht bestanden." in html
        assert WAITING in html and "heute um 09:10 Uhr" in html

    received = []
    quiz.knowledge_check_submitted.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="t")
    try:
        with time_machine.travel(MORNING + datetime.timedelta(minutes=9, seconds=30), tick=False):
            page = client.get(limited.url).content.decode()
            response = client.post(limited.url, answers(limited))  # right answers, still refused
    finally:
        quiz.knowledge_check_submitted.disconnect(dispatch_uid="t")
    html = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert REFUSED in html and "erst heute um 09:10 Uhr wieder absenden" in html
    assert "Bestanden!" not in html
    assert received == []
    assert QuizAttempt.objects.filter(user=learner, lesson=limited).count() == 3
    assert not completed(learner, limited)
    # While waiting, the page says until when and offers no button to submit.
    assert WAITING in page and "heute um 09:10 Uhr erneut absenden" in page
    assert "Antworten prüfen" not in page and "disabled" in page


def test_a_refusal_is_never_a_500_whatever_is_posted(client, learner, limited):
    with time_machine.travel(MORNING, tick=False):
        client.force_login(learner)
        fail(client, limited, 3)
        for data in ({}, {"q-erfunden": "x", "order": "<script>"}, {**answers(limited), "order": "0" * 16}):
            response = client.post(limited.url, data)
            assert response.status_code == 429
            assert REFUSED in response.content.decode()
    assert QuizAttempt.objects.filter(user=learner).count() == 3


def test_after_the_waiting_time_a_submission_is_accepted_again(client, learner, limited):
    with time_machine.travel(MORNING, tick=False):
        client.force_login(learner)
        fail(client, limited, 3)
    with time_machine.travel(MORNING + datetime.timedelta(minutes=10), tick=False):
        assert WAITING not in client.get(limited.url).content.decode()
        response = client.post(limited.url, answers(limited))
    assert response.status_code == 200
    assert "Bestanden!" in response.content.decode()
    assert [a.passed for a in QuizAttempt.objects.filter(user=learner).order_by("submitted_at", "pk")] == [
        False, False, False, True,
    ]  # fmt: skip
    assert completed(learner, limited)


def test_a_new_round_of_attempts_follows_each_waiting_time(client, learner, limited):
    with time_machine.travel(MORNING, tick=False):
        client.force_login(learner)
        fail(client, limited, 3)
    later = MORNING + datetime.timedelta(minutes=15)
    with time_machine.travel(later, tick=False):
        html = fail(client, limited, 2).content.decode()
        assert WAITING not in html and "Sie haben noch einen Versuch" in html
        html = fail(client, limited, 1).content.decode()
        assert WAITING in html and "heute um 09:25 Uhr" in html
        assert client.post(limited.url, answers(limited)).status_code == 429


def test_a_passed_check_stays_passed_and_is_never_blocked(client, learner, limited):
    with time_machine.travel(MORNING, tick=False):
        client.force_login(learner)
        assert "Bestanden!" in client.post(limited.url, answers(limited)).content.decode()
        # Practising afterwards: failures count for nothing and never lead to a waiting time.
        for _ in range(5):
            html = fail(client, limited, 1).content.decode()
            assert WAITING not in html
        assert "Bestanden!" in client.post(limited.url, answers(limited)).content.decode()
    assert completed(learner, limited)


def test_without_a_policy_checks_can_be_retried_at_once_without_limit(client, learner, make_lesson):
    lesson = make_lesson()
    with time_machine.travel(MORNING, tick=False):
        client.force_login(learner)
        html = fail(client, lesson, 8).content.decode()
    assert WAITING not in html and "Versuche" not in html
    assert PER_ANSWER_FEEDBACK in html
    assert QuizAttempt.objects.filter(user=learner).count() == 8


def test_a_wait_that_ends_tomorrow_names_the_date(client, learner, limited):
    late = datetime.datetime(2026, 11, 24, 23, 55, tzinfo=BERLIN)
    with time_machine.travel(late, tick=False):
        client.force_login(learner)
        html = fail(client, limited, 3).content.decode()
    assert "am 25. November 2026 um 00:05 Uhr" in html


# When per-question feedback shows ------------------------------------------------------------------------


def test_immediately_shows_feedback_after_every_attempt(client, learner, limited):
    client.force_login(learner)
    html = fail(client, limited, 1).content.decode()
    assert PER_ANSWER_FEEDBACK in html and "Nicht ganz richtig." in html


def test_only_after_passing_hides_feedback_until_the_check_is_passed(client, learner, make_lesson):
    lesson = make_lesson(check_max_failed_attempts=3, check_wait_minutes=10, check_feedback="after_passing")
    with time_machine.travel(MORNING, tick=False):
        client.force_login(learner)
        for _ in range(3):
            html = fail(client, lesson, 1).content.decode()
            assert "Noch nicht bestanden." in html and "0 %" in html  # the overall result shows
            assert PER_ANSWER_FEEDBACK not in html and "Nicht ganz richtig." not in html
            assert "Welche Fragen richtig waren, sehen Sie, sobald Sie bestanden haben." in html
    with time_machine.travel(MORNING + datetime.timedelta(minutes=10), tick=False):
        html = client.post(lesson.url, answers(lesson)).content.decode()
    assert "Bestanden!" in html and "Genau: nur verschlüsselt." in html and "Richtig." in html


def test_only_after_passing_shows_feedback_on_practice_after_a_pass(client, learner, make_lesson):
    lesson = make_lesson(check_feedback="after_passing")  # no limit: the history is still read
    client.force_login(learner)
    client.post(lesson.url, answers(lesson))
    assert PER_ANSWER_FEEDBACK in fail(client, lesson, 1).content.decode()


def test_after_the_last_allowed_attempt_feedback_shows_with_the_waiting_time(client, learner, make_lesson):
    lesson = make_lesson(
        check_max_failed_attempts=3, check_wait_minutes=10, check_feedback="after_passing_or_last"
    )
    with time_machine.travel(MORNING, tick=False):
        client.force_login(learner)
        for _ in range(2):
            html = fail(client, lesson, 1).content.decode()
            assert PER_ANSWER_FEEDBACK not in html
            assert "sobald Sie bestanden haben oder vor der Wartezeit keinen Versuch mehr haben" in html
        html = fail(client, lesson, 1).content.decode()
    assert PER_ANSWER_FEEDBACK in html and "Nicht ganz richtig." in html
    assert WAITING in html


def test_after_the_last_attempt_without_a_limit_means_after_passing(client, learner, make_lesson):
    lesson = make_lesson(check_feedback="after_passing_or_last")
    client.force_login(learner)
    assert PER_ANSWER_FEEDBACK not in fail(client, lesson, 4).content.decode()


# The rules themselves ------------------------------------------------------------------------------------


@given(
    failed=st.integers(min_value=0, max_value=40),
    passed=st.booleans(),
    max_failed=st.integers(min_value=1, max_value=10),
    wait=st.integers(min_value=1, max_value=120),
    minutes_since=st.integers(min_value=0, max_value=200),
)
def test_policy_laws(failed, passed, max_failed, wait, minutes_since):
    now = datetime.datetime(2026, 11, 24, 12, 0, tzinfo=datetime.UTC)
    last = now - datetime.timedelta(minutes=minutes_since) if failed else None
    history = quiz.AttemptHistory(failed=failed, passed=passed, last_failed_at=last)
    status = quiz.AttemptPolicy(max_failed=max_failed, wait_minutes=wait).status(history, now)
    # Locked exactly when not passed, a round of failures is full and its waiting time has not run out.
    assert status.locked == (not passed and failed > 0 and failed % max_failed == 0 and minutes_since < wait)
    if status.locked:
        assert status.locked_until == last + datetime.timedelta(minutes=wait) and status.remaining == 0
    elif not passed:
        assert 1 <= status.remaining <= max_failed
    # Without a limit nobody ever waits.
    assert not quiz.AttemptPolicy().status(history, now).locked


# Query budget --------------------------------------------------------------------------------------------


def lesson_page_queries(client, lesson):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(lesson.url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("earlier_attempts", [1, 50])
def test_the_lesson_page_reads_the_history_in_one_query(
    client, learner, make_lesson, earlier_attempts, django_assert_max_num_queries
):
    open_lesson = make_lesson()
    lesson = make_lesson(check_max_failed_attempts=3, check_wait_minutes=10)
    long_ago = MORNING - datetime.timedelta(days=1)
    for target in (open_lesson, lesson):
        for _ in range(earlier_attempts):
            QuizAttempt.objects.create(user=learner, lesson=target, check_id="c", score=0, passed=False)
    QuizAttempt.objects.filter(user=learner).update(submitted_at=long_ago)
    client.force_login(learner)
    lesson_page_queries(client, open_lesson)  # warm the session and the site caches
    lesson_page_queries(client, lesson)
    assert lesson_page_queries(client, lesson) == lesson_page_queries(client, open_lesson) + 1
    with django_assert_max_num_queries(LESSON_PAGE_QUERIES):
        html = client.get(lesson.url).content.decode()
    assert "Versuch" in html and re.search(r'name="order" value="[0-9a-f]{16}"', html)
    with django_assert_max_num_queries(SUBMISSION_QUERIES):
        client.post(lesson.url, answers(lesson, correct=False))


# The page as it was before attempt policies (21), and one aggregate query for the history.
LESSON_PAGE_QUERIES = 22
SUBMISSION_QUERIES = 25  # the page, the history, the attempt stored in its transaction
