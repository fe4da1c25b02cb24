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


# Answers shuffled per attempt ---------------------------------------------------------------------------

EIGHT_ANSWERS = [
    (
        "single",
        "Welche Stelle ist für eine Datenpanne zuständig?",
        [("Datenschutzbeauftragte", True, "Genau.")]
        + [(f"Falsche Stelle {n}", False, "Nein.") for n in range(1, 8)],
    )
]


@pytest.fixture
def eight_answer_lesson(catalog_page):
    def make(shuffle=True):
        course = CoursePageFactory(parent=catalog_page)
        return LessonPageFactory(
            parent=course,
            completion_rule=LessonPage.Rule.QUIZ,
            body=[knowledge_check_block(EIGHT_ANSWERS, pass_mark=100, shuffle=shuffle)],
        )

    return make


def rendered_order(html):
    """The answer ids of the page's inputs, in the order the learner sees them."""
    return re.findall(r'name="q-[^"]+" id="a-[^"]+" value="([^"]+)"', html)


def editor_order(lesson):
    return list(answer_ids(lesson, 0).values())


def test_answers_come_in_a_new_order_for_every_new_attempt(client, learner, eight_answer_lesson):
    lesson = eight_answer_lesson()
    client.force_login(learner)
    orders = [tuple(rendered_order(client.get(lesson.url).content.decode())) for _ in range(10)]
    # Each render is a permutation of the same answers; ten renders of 8! orders are never all the same.
    assert all(sorted(order) == sorted(editor_order(lesson)) for order in orders)
    assert len(set(orders)) > 1
    assert not all(order[0] == editor_order(lesson)[0] for order in orders)  # right answer not always first


def test_the_order_follows_the_seed_and_differs_between_seeds(eight_answer_lesson):
    check = eight_answer_lesson().knowledge_check

    def order(seed):
        return [a["id"] for a in quiz.present(check, seed=seed)["questions"][0]["answers"]]

    assert order("0123456789abcdef") == order("0123456789abcdef")
    assert order("0123456789abcdef") != order("fedcba9876543210")


def test_the_switch_off_keeps_the_editors_order(client, learner, eight_answer_lesson):
    lesson = eight_answer_lesson(shuffle=False)
    client.force_login(learner)
    for _ in range(5):
        assert rendered_order(client.get(lesson.url).content.decode()) == editor_order(lesson)


def test_stored_questions_without_the_switch_are_shuffled(eight_answer_lesson):
    lesson = eight_answer_lesson()
    raw = lesson.body.raw_data
    for question in raw[0]["value"]["questions"]:
        del question["value"]["shuffle"]  # as saved before the switch existed
    lesson.body = raw
    lesson.save()
    question = LessonPage.objects.get(pk=lesson.pk).knowledge_check.value["questions"][0]
    assert question["shuffle"] is True


def test_scoring_goes_by_answer_id_whatever_the_order(client, learner, eight_answer_lesson):
    lesson = eight_answer_lesson()
    client.force_login(learner)
    (q,) = question_ids(lesson)
    right = answer_ids(lesson, 0)["Datenschutzbeauftragte"]
    for _ in range(3):
        html = client.get(lesson.url).content.decode()
        seed = re.search(r'name="order" value="([0-9a-f]{16})"', html).group(1)
        response = client.post(lesson.url, {f"q-{q}": right, "order": seed})
        assert "Bestanden!" in response.content.decode()
    wrong = answer_ids(lesson, 0)["Falsche Stelle 3"]
    assert "Noch nicht bestanden." in client.post(lesson.url, {f"q-{q}": wrong}).content.decode()


def test_a_form_shown_again_with_errors_keeps_its_order(client, learner, quiz_lesson):
    client.force_login(learner)
    seed = "00112233445566aa"
    expected = [a["id"] for q in quiz.present(quiz_lesson.knowledge_check, seed=seed)["questions"]
                for a in q["answers"]]  # fmt: skip
    q1, _q2 = question_ids(quiz_lesson)
    response = client.post(
        quiz_lesson.url, {f"q-{q1}": answer_ids(quiz_lesson, 0)["Verschlüsselt"], "order": seed}
    )
    assert response.status_code == 400
    assert rendered_order(response.content.decode()) == expected


def test_after_a_scored_attempt_the_next_one_gets_a_new_order(client, learner, quiz_lesson):
    client.force_login(learner)
    q1, q2 = question_ids(quiz_lesson)
    a1, a2 = answer_ids(quiz_lesson, 0), answer_ids(quiz_lesson, 1)
    data = {
        f"q-{q1}": a1["Unverschlüsselt"],
        f"q-{q2}": [a2["Bekannte Signatur"]],
        "order": "00112233445566aa",
    }
    html = client.post(quiz_lesson.url, data).content.decode()
    assert 'name="order" value="00112233445566aa"' not in html
    assert re.search(r'name="order" value="[0-9a-f]{16}"', html)
    # The learner's choices stay ticked in the new order.
    assert re.search(rf'value="{a1["Unverschlüsselt"]}" checked', html)


@pytest.mark.parametrize("seed", ["", "kurz", "<script>", "0123456789ABCDEF", "x" * 500])
def test_a_malformed_order_seed_gets_a_fresh_one(client, learner, quiz_lesson, seed):
    client.force_login(learner)
    q1, _q2 = question_ids(quiz_lesson)
    response = client.post(quiz_lesson.url, {f"q-{q1}": "erfunden", "order": seed})
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'name="order" value="[0-9a-f]{16}"', html)
    assert "<script>" not in html.split('name="order"')[1][:40]


def test_a_new_question_starts_with_the_two_answer_rows_it_needs():
    from courses.blocks import KnowledgeCheckBlock, QuestionBlock

    assert len(QuestionBlock().get_default()["answers"]) == 2
    question = KnowledgeCheckBlock().get_default()["questions"][0]
    assert [answer["text"] for answer in question["answers"]] == ["", ""]
