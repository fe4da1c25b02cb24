"""Knowledge checks: no answer key in the HTML before submitting, server-side scoring, German errors."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courses import quiz
from courses.models import LessonPage
from tests.factories import CoursePageFactory, LessonPageFactory, knowledge_check_block, text_block

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz_lesson(catalog_page):
    course = CoursePageFactory(parent=catalog_page, title="Verschlüsselte E-Mail")
    return LessonPageFactory(
        parent=course,
        title="Sozialdaten sicher senden",
        completion_rule=LessonPage.Rule.QUIZ,
        body=[text_block("<p>Sozialdaten sind besonders geschützt.</p>"), knowledge_check_block()],
    )


def question_ids(lesson):
    return [q.id for q in lesson.knowledge_check.value["questions"].bound_blocks]


def answer_ids(lesson, index):
    question = lesson.knowledge_check.value["questions"].bound_blocks[index]
    return {a.value["text"]: a.id for a in question.value["answers"].bound_blocks}


def test_rendered_check_reveals_neither_solution_nor_feedback(client, learner, quiz_lesson):
    client.force_login(learner)
    html = client.get(quiz_lesson.url).content.decode()
    assert "Wie übermitteln Sie Sozialdaten per E-Mail?" in html
    assert "Verschlüsselt" in html and "Unverschlüsselt" in html
    for secret in ("Genau: nur verschlüsselt.", "Signaturen lassen sich fälschen.", "correct", "Richtig."):
        assert secret not in html
    # Answer inputs carry opaque ids only.
    values = re.findall(r'name="q-[^"]+" id="a-[^"]+" value="([^"]+)"', html)
    assert len(values) == 5


def test_passing_submission_shows_feedback(client, learner, quiz_lesson):
    client.force_login(learner)
    q1, q2 = question_ids(quiz_lesson)
    a1, a2 = answer_ids(quiz_lesson, 0), answer_ids(quiz_lesson, 1)
    response = client.post(
        quiz_lesson.url,
        {f"q-{q1}": a1["Verschlüsselt"], f"q-{q2}": [a2["Fremder Absender"], a2["Drängende Frist"]]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bestanden!" in html and "100 %" in html
    assert "Genau: nur verschlüsselt." in html


def test_failing_submission_shows_per_answer_feedback(client, learner, quiz_lesson):
    client.force_login(learner)
    q1, q2 = question_ids(quiz_lesson)
    a1, a2 = answer_ids(quiz_lesson, 0), answer_ids(quiz_lesson, 1)
    response = client.post(
        quiz_lesson.url, {f"q-{q1}": a1["Unverschlüsselt"], f"q-{q2}": [a2["Bekannte Signatur"]]}
    )
    html = response.content.decode()
    assert "Noch nicht bestanden." in html and "0 %" in html
    assert "Nein: Sozialdaten nie unverschlüsselt senden." in html
    assert "Signaturen lassen sich fälschen." in html


def test_unknown_or_missing_answers_are_refused_in_german(client, learner, quiz_lesson):
    client.force_login(learner)
    q1, _q2 = question_ids(quiz_lesson)
    received = []
    quiz.knowledge_check_submitted.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="t")
    try:
        response = client.post(quiz_lesson.url, {f"q-{q1}": "erfunden"})
    finally:
        quiz.knowledge_check_submitted.disconnect(dispatch_uid="t")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Diese Antwort gehört nicht zu der Frage." in html
    assert "Bitte wählen Sie eine Antwort." in html
    assert "Es wurde nichts gespeichert." in html
    assert received == []


def test_single_choice_refuses_two_answers(client, learner, quiz_lesson):
    client.force_login(learner)
    q1, q2 = question_ids(quiz_lesson)
    a1, a2 = answer_ids(quiz_lesson, 0), answer_ids(quiz_lesson, 1)
    response = client.post(
        quiz_lesson.url, {f"q-{q1}": list(a1.values()), f"q-{q2}": [a2["Fremder Absender"]]}
    )
    assert response.status_code == 400
    assert "nur eine Antwort möglich" in response.content.decode()


def test_submission_needs_csrf(learner, quiz_lesson):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert client.post(quiz_lesson.url, {}).status_code == 403


@given(st.lists(st.booleans(), min_size=1, max_size=8), st.integers(min_value=1, max_value=100))
def test_score_is_the_share_of_correct_questions(outcomes, pass_mark):
    result = quiz.QuizResult(
        "check",
        {str(i): quiz.QuestionResult(str(i), frozenset(), correct) for i, correct in enumerate(outcomes)},
        pass_mark,
    )
    assert 0 <= result.score <= 1
    assert result.score == sum(outcomes) / len(outcomes)
    assert result.passed == (sum(outcomes) * 100 / len(outcomes) >= pass_mark)
