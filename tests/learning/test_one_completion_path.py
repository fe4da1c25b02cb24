"""One function completes a lesson: watching, "gelesen" and a passed check all go through it, and only the
evidence the lesson's rule names counts (watching the video of a knowledge-check lesson finishes nothing)."""

import ast
from pathlib import Path

import pytest

from courses.models import LessonPage
from learning import completion
from learning.models import LessonProgress
from tests.factories import CoursePageFactory, LessonPageFactory, VideoFactory, knowledge_check_block
from tests.viewer import Viewer

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


def watch_all(client, clock, lesson):
    """Play the whole video in real time (the clock moves on): heartbeats are credited no faster."""
    return Viewer(client, clock).watch(lesson, [[0, DURATION]])


def pass_check(client, lesson):
    data = {}
    for question in lesson.knowledge_check.value["questions"].bound_blocks:
        answers = question.value["answers"].bound_blocks
        data[f"q-{question.id}"] = [answer.id for answer in answers if answer.value["correct"]]
    response = client.post(lesson.url, data)
    assert "Bestanden!" in response.content.decode()


def is_complete(user, lesson):
    return LessonProgress.objects.filter(user=user, lesson=lesson, completed_at__isnull=False).exists()


def test_watching_the_video_of_a_quiz_lesson_does_not_complete_it(
    client, clock, learner, catalog_page, calls
):
    lesson = lesson_with_video(catalog_page, LessonPage.Rule.QUIZ)
    client.force_login(learner)
    answer = watch_all(client, clock, lesson)
    assert answer == {
        "coverage": 1.0,
        "position": DURATION,
        "completed": False,
        "credited": 60.0,
        "clipped": 0.0,
    }
    assert LessonProgress.objects.get(user=learner, lesson=lesson).coverage == 1.0  # coverage is still kept
    assert not is_complete(learner, lesson)
    pass_check(client, lesson)
    assert is_complete(learner, lesson)
    assert calls == [
        (lesson.pk, None),  # the heartbeat that starts playback
        (lesson.pk, completion.Evidence.VIDEO_WATCHED),
        (lesson.pk, completion.Evidence.CHECK_PASSED),
    ]


def test_watching_the_video_of_a_read_lesson_does_not_complete_it(
    client, clock, learner, catalog_page, calls
):
    lesson = lesson_with_video(catalog_page, LessonPage.Rule.READ)
    client.force_login(learner)
    assert watch_all(client, clock, lesson)["completed"] is False
    assert not is_complete(learner, lesson)
    client.post(f"/lernen/lektion/{lesson.pk}/gelesen/")
    assert is_complete(learner, lesson)
    assert calls == [
        (lesson.pk, None),  # the heartbeat that starts playback
        (lesson.pk, completion.Evidence.VIDEO_WATCHED),
        (lesson.pk, completion.Evidence.MARKED_READ),
    ]


def test_a_video_lesson_is_completed_by_watching_through_the_one_function(
    client, clock, learner, catalog_page, calls
):
    lesson = lesson_with_video(catalog_page, LessonPage.Rule.VIDEO)
    client.force_login(learner)
    assert watch_all(client, clock, lesson)["completed"] is True
    assert is_complete(learner, lesson)
    assert calls == [(lesson.pk, None), (lesson.pk, completion.Evidence.VIDEO_WATCHED)]
    watch_all(client, clock, lesson)  # a complete lesson is not looked at again
    assert len(calls) == 2


def test_too_little_watching_is_no_evidence(client, clock, learner, catalog_page, calls):
    lesson = lesson_with_video(catalog_page, LessonPage.Rule.VIDEO)
    client.force_login(learner)
    assert Viewer(client, clock).watch(lesson, [[0, 30]])["completed"] is False
    # The heartbeat that starts playback and the one with 30 s: neither is evidence.
    assert calls == [(lesson.pk, None), (lesson.pk, None)] and not is_complete(learner, lesson)


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
