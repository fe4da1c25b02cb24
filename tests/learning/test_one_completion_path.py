"""One function completes a lesson: watching, "gelesen" and a passed check all go through it, and only the
evidence the lesson's rule names counts (watching the video of a knowledge-check lesson finishes nothing)."""

import ast
import json
from pathlib import Path

import pytest

from courses.models import LessonPage
from learning import completion
from learning.models import LessonProgress
from tests.factories import CoursePageFactory, LessonPageFactory, VideoFactory, knowledge_check_block

pytestmark = pytest.mark.django_db

DURATION = 60.0
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def calls(monkeypatch):
    """Records every call of completion.complete_lesson and lets it do its work."""
    seen = []
    real = completion.complete_lesson

    def recording(user, lesson, evidence, **kwargs):
        seen.append((lesson.pk, evidence))
        return real(user, lesson, evidence, **kwargs)

    monkeypatch.setattr(completion, "complete_lesson", recording)
    return seen


def lesson_with_video(catalog_page, rule):
    video = VideoFactory(duration=DURATION, processing_state="ready")
    body = [{"type": "video", "value": {"video": video.pk, "caption": ""}}]
    if rule == LessonPage.Rule.QUIZ:
        body.append(knowledge_check_block())
    return LessonPageFactory(parent=CoursePageFactory(parent=catalog_page), completion_rule=rule, body=body)


def watch_all(client, lesson):
    response = client.post(
        "/api/progress/",
        json.dumps({"lesson": lesson.pk, "intervals": [[0, DURATION]], "position": DURATION}),
        content_type="application/json",
    )
    assert response.status_code == 200
    return response.json()


def pass_check(client, lesson):
    data = {}
    for question in lesson.knowledge_check.value["questions"].bound_blocks:
        answers = question.value["answers"].bound_blocks
        data[f"q-{question.id}"] = [answer.id for answer in answers if answer.value["correct"]]
    response = client.post(lesson.url, data)
    assert "Bestanden!" in response.content.decode()


def is_complete(user, lesson):
    return LessonProgress.objects.filter(user=user, lesson=lesson, completed_at__isnull=False).exists()


def test_watching_the_video_of_a_quiz_lesson_does_not_complete_it(client, learner, catalog_page, calls):
    lesson = lesson_with_video(catalog_page, LessonPage.Rule.QUIZ)
    client.force_login(learner)
    answer = watch_all(client, lesson)
    assert answer == {"coverage": 1.0, "position": DURATION, "completed": False}
    assert LessonProgress.objects.get(user=learner, lesson=lesson).coverage == 1.0  # coverage is still kept
    assert not is_complete(learner, lesson)
    pass_check(client, lesson)
    assert is_complete(learner, lesson)
    assert calls == [
        (lesson.pk, completion.Evidence.VIDEO_WATCHED),
        (lesson.pk, completion.Evidence.CHECK_PASSED),
    ]


def test_watching_the_video_of_a_read_lesson_does_not_complete_it(client, learner, catalog_page, calls):
    lesson = lesson_with_video(catalog_page, LessonPage.Rule.READ)
    client.force_login(learner)
    assert watch_all(client, lesson)["completed"] is False
    assert not is_complete(learner, lesson)
    client.post(f"/lernen/lektion/{lesson.pk}/gelesen/")
    assert is_complete(learner, lesson)
    assert calls == [
        (lesson.pk, completion.Evidence.VIDEO_WATCHED),
        (lesson.pk, completion.Evidence.MARKED_READ),
    ]


def test_a_video_lesson_is_completed_by_watching_through_the_one_function(
    client, learner, catalog_page, calls
):
    lesson = lesson_with_video(catalog_page, LessonPage.Rule.VIDEO)
    client.force_login(learner)
    assert watch_all(client, lesson)["completed"] is True
    assert is_complete(learner, lesson)
    assert calls == [(lesson.pk, completion.Evidence.VIDEO_WATCHED)]
    watch_all(client, lesson)  # a complete lesson is not looked at again
    assert len(calls) == 1


def test_too_little_watching_is_no_evidence(client, learner, catalog_page, calls):
    lesson = lesson_with_video(catalog_page, LessonPage.Rule.VIDEO)
    client.force_login(learner)
    response = client.post(
        "/api/progress/",
        json.dumps({"lesson": lesson.pk, "intervals": [[0, 30]], "position": 30}),
        content_type="application/json",
    )
    assert response.json()["completed"] is False
    assert calls == [(lesson.pk, None)] and not is_complete(learner, lesson)


def _writes_completed_at(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "completed_at":
            yield node.lineno
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "completed_at":
                    yield node.lineno


def test_nothing_but_learning_completion_writes_completed_at():
    writers = {}
    for app in ("courses", "learning", "lotsen"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            lines = list(_writes_completed_at(ast.parse(path.read_text())))
            if lines:
                writers[str(path.relative_to(ROOT))] = lines
    assert set(writers) == {"learning/completion.py"}, writers
