"""POST /api/progress/: merging heartbeats, completion, and every kind of bad input changing nothing.

Heartbeats that should count are sent by a `Viewer` that moves the clock on as a person watching would
(tests/viewer.py); what a script sending faster earns is tested in test_progress_plausible.py."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from courses.models import LessonPage
from learning.models import Enrolment, LessonProgress
from tests.factories import CoursePageFactory, LessonPageFactory, UserFactory, VideoFactory
from tests.viewer import Viewer

pytestmark = pytest.mark.django_db

DURATION = 120.0


@pytest.fixture
def video_lesson(catalog_page):
    video = VideoFactory(title="E-Akte: Ein Dokument ablegen", duration=DURATION, processing_state="ready")
    course = CoursePageFactory(parent=catalog_page, title="E-Akte im Jobcenter: Grundlagen")
    return LessonPageFactory(
        parent=course,
        title="Ein Dokument ablegen",
        completion_rule=LessonPage.Rule.VIDEO,
        body=[{"type": "video", "value": {"video": video.pk, "caption": ""}}],
    )


@pytest.fixture
def api(client, learner):
    client.force_login(learner)

    def post(payload, raw=None, content_type="application/json"):
        body = raw if raw is not None else json.dumps(payload)
        return client.post("/api/progress/", body, content_type=content_type)

    return post


@pytest.fixture
def viewer(client, learner, clock):
    client.force_login(learner)
    return Viewer(client, clock)


def beat(lesson, intervals, position=None):
    return {
        "lesson": lesson.pk,
        "intervals": intervals,
        "position": intervals[-1][1] if position is None else position,
    }


def test_a_heartbeat_is_stored_and_answered(viewer, learner, video_lesson):
    answer = viewer.watch(video_lesson, [[0, 15]])
    assert answer == {
        "coverage": 0.125,
        "position": 15.0,
        "completed": False,
        "credited": 15.0,
        "clipped": 0.0,
    }
    progress = LessonProgress.objects.get(user=learner, lesson=video_lesson)
    assert progress.intervals == [[0.0, 15.0]] and progress.position == 15.0
    assert Enrolment.objects.filter(user=learner, course=video_lesson.course).exists()


def test_replays_and_out_of_order_heartbeats_give_the_same_state(viewer, learner, video_lesson):
    viewer.play(video_lesson)
    for intervals in ([[30, 45]], [[0, 15]], [[15, 30]], [[0, 15]], [[30, 45]]):
        viewer.beat(video_lesson, intervals)
    progress = LessonProgress.objects.get(user=learner, lesson=video_lesson)
    assert progress.intervals == [[0.0, 45.0]]
    assert progress.coverage == pytest.approx(45 / DURATION)


def test_seeking_ahead_earns_nothing(viewer, learner, video_lesson):
    viewer.watch(video_lesson, [[0, 10]])
    answer = viewer.beat(video_lesson, [[110, 120]])
    assert answer["coverage"] == pytest.approx(20 / DURATION, abs=1e-4)
    assert answer["completed"] is False


def test_watching_95_percent_completes_the_lesson_and_schedules_the_course_check(
    viewer, learner, video_lesson, django_capture_on_commit_callbacks
):
    viewer.watch(video_lesson, [[0, 60]])
    with django_capture_on_commit_callbacks() as callbacks:
        answer = viewer.beat(video_lesson, [[60, 114]])
    assert answer == {
        "coverage": 0.95,
        "position": 114.0,
        "completed": True,
        "credited": 54.0,
        "clipped": 0.0,
    }
    assert LessonProgress.objects.get(user=learner, lesson=video_lesson).completed_at is not None
    assert len(callbacks) == 1  # the course-completion task, enqueued after commit


def test_query_count_and_writes_per_heartbeat_are_constant(viewer, video_lesson):
    # One write per heartbeat: the plausibility clock travels in the same INSERT or UPDATE. The session's
    # last activity (learning.sessions) is written at most once a minute, so apart from those writes
    # every heartbeat costs the same.
    viewer.watch(video_lesson, [[0, 5]])
    counts, session_writes = [], 0
    for second in range(5, 100, 15):
        with CaptureQueriesContext(connection) as queries:
            assert viewer.beat(video_lesson, [[second, second + 15]])["credited"] == 15
        session = [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]
        # The session write comes in a savepoint of its own.
        record = [
            q["sql"]
            for q in queries.captured_queries
            if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
        ]
        writes = [sql for sql in record if sql.split()[0] in {"INSERT", "UPDATE", "DELETE"}]
        assert len(writes) == 1 and "learning_lessonprogress" in writes[0]
        session_writes += sum(sql.split()[0] == "UPDATE" for sql in session)
        counts.append(len(record))
    assert len(set(counts)) == 1, counts
    assert session_writes <= 2  # 7 heartbeats over 105 seconds: the activity written once a minute


def assert_nothing_stored(learner):
    assert not LessonProgress.objects.filter(user=learner).exists()
    assert not Enrolment.objects.filter(user=learner).exists()


@pytest.mark.parametrize(
    ("payload_for", "field"),
    [
        (lambda lesson: beat(lesson, [[-5, 10]]), "intervals"),
        (lambda lesson: beat(lesson, [[20, 10]], position=10), "intervals"),
        (lambda lesson: beat(lesson, [[0, 10_000]], position=10), "intervals"),
        (lambda lesson: beat(lesson, [["null", "zehn"]], position=10), "intervals"),
        (lambda lesson: beat(lesson, [[True, 10]], position=10), "intervals"),
        (lambda lesson: beat(lesson, [[0, 10, 20]], position=10), "intervals"),
        (lambda lesson: beat(lesson, [[0, 10]], position=-1), "position"),
        (lambda lesson: beat(lesson, [[0, 10]], position="zehn"), "position"),
        (lambda lesson: {"lesson": lesson.pk, "intervals": "0-10", "position": 10}, "intervals"),
        (lambda lesson: {"lesson": str(lesson.pk), "intervals": [[0, 10]], "position": 10}, "lesson"),
        (lambda lesson: {"lesson": 999_999, "intervals": [[0, 10]], "position": 10}, "lesson"),
        # Larger than any database integer: a German 400, not an overflow in the query.
        (lambda lesson: {"lesson": 10**30, "intervals": [[0, 10]], "position": 10}, "lesson"),
        (lambda lesson: {"lesson": -1, "intervals": [[0, 10]], "position": 10}, "lesson"),
        # Too large for a float: not a number of seconds.
        (lambda lesson: beat(lesson, [[0, 10**400]], position=10), "intervals"),
        (lambda lesson: beat(lesson, [[0, 10]], position=10**400), "position"),
        (
            lambda lesson: {"lesson": lesson.pk, "intervals": [[i, i + 1] for i in range(60)], "position": 1},
            "intervals",
        ),
    ],
)
def test_bad_input_gets_400_with_a_field_error_and_changes_nothing(
    api, learner, video_lesson, payload_for, field
):
    response = api(payload_for(video_lesson))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors
    assert not any(word in errors[field] for word in ("Traceback", "Error", "None"))
    assert_nothing_stored(learner)


def test_more_than_five_minutes_in_one_heartbeat_is_refused(catalog_page, api, learner):
    video = VideoFactory(duration=3600, processing_state="ready")
    course = CoursePageFactory(parent=catalog_page)
    lesson = LessonPageFactory(
        parent=course,
        completion_rule="video",
        body=[{"type": "video", "value": {"video": video.pk, "caption": ""}}],
    )
    response = api(beat(lesson, [[0, 3600]]))
    assert response.status_code == 400
    assert "fünf Minuten" in response.json()["errors"]["intervals"]
    assert_nothing_stored(learner)


@pytest.mark.parametrize(
    "raw",
    [
        '{"lesson": 1, "intervals": [[0, NaN]], "position": 1}',
        "kein json",
        "[1, 2]",
        '{"lesson": 1, "intervals": [[0, 1e400]], "position": 1}',
        '{"lesson": 1, "intervals": [[0, ' + "9" * 5000 + ']], "position": 1}',
        "[" * 100_000 + "]" * 100_000,
    ],
)
def test_nan_and_malformed_json_are_refused(api, learner, video_lesson, raw):
    response = api(None, raw=raw.replace('"lesson": 1', f'"lesson": {video_lesson.pk}'))
    assert response.status_code == 400
    assert_nothing_stored(learner)


def test_wrong_content_type_is_refused(api, learner, video_lesson):
    response = api(None, raw="lesson=1", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "JSON" in response.json()["errors"]["__all__"]
    assert_nothing_stored(learner)


def test_unpublished_lesson_is_forbidden(api, learner, video_lesson):
    video_lesson.unpublish()
    response = api(beat(video_lesson, [[0, 10]]))
    assert response.status_code == 403
    assert_nothing_stored(learner)


def test_lesson_restricted_to_another_group_is_forbidden(api, learner, video_lesson):
    from django.contrib.auth.models import Group

    restriction = PageViewRestriction.objects.create(
        page=video_lesson.course, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="BASS-Studierende"))
    assert api(beat(video_lesson, [[0, 10]])).status_code == 403
    assert_nothing_stored(learner)


def test_anonymous_is_forbidden(client, video_lesson):
    response = client.post(
        "/api/progress/", json.dumps(beat(video_lesson, [[0, 10]])), content_type="application/json"
    )
    assert response.status_code == 403
    assert LessonProgress.objects.count() == 0


def test_missing_csrf_token_is_forbidden_in_german(learner, video_lesson):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = client.post(
        "/api/progress/", json.dumps(beat(video_lesson, [[0, 10]])), content_type="application/json"
    )
    assert response.status_code == 403
    assert "Bitte laden Sie die Seite neu" in response.json()["errors"]["__all__"]
    assert_nothing_stored(learner)


def test_other_users_progress_is_separate(viewer, learner, video_lesson, client):
    viewer.watch(video_lesson, [[0, 30]])
    other = UserFactory(username="bert")
    client.force_login(other)
    answer = viewer.watch(video_lesson, [[0, 5]])
    assert answer["coverage"] == pytest.approx(5 / DURATION, abs=1e-4)
    assert LessonProgress.objects.get(user=learner).coverage == 0.25
