"""The heartbeat's hot path: what it knows about a lesson comes from one cached record that every change of the
lesson, its place, its privacy or its video makes stale; enrolment is checked once per person and course; a
heartbeat costs the session, the user and the locked row read and written, nothing more.

The cache is the test settings' real file cache (tests/conftest.py empties it before every test)."""

import re
import time

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from courses import video_processing
from courses.models import LessonPage
from learning import completion, heartbeat_cache, roles
from learning.models import Enrolment, LessonProgress
from learning.views import is_visible
from tests.factories import (
    CoursePageFactory,
    LessonPageFactory,
    ProgrammePageFactory,
    UserFactory,
    VideoFactory,
)
from tests.viewer import Viewer, post_heartbeat

pytestmark = pytest.mark.django_db

DURATION = 60.0
# Session, user, the locked progress row, its UPDATE: what a heartbeat of a person already enrolled costs once
# the lesson's facts are cached. (Once a minute the session's last activity is written too, learning.sessions.)
HEARTBEAT_QUERIES = 4


def video_lesson(course, duration=DURATION, **kwargs):
    video = VideoFactory(duration=duration, processing_state="ready")
    return LessonPageFactory(
        parent=course,
        completion_rule=LessonPage.Rule.VIDEO,
        body=[{"type": "video", "value": {"video": video.pk, "caption": ""}}],
        **kwargs,
    )


@pytest.fixture
def course(catalog_page):
    return CoursePageFactory(parent=catalog_page, title="E-Akte im Jobcenter: Grundlagen")


@pytest.fixture
def lesson(course):
    return video_lesson(course)


@pytest.fixture
def viewer(client, learner, clock):
    client.force_login(learner)
    return Viewer(client, clock)


def send(client, lesson, intervals=((0, 10),), position=None):
    intervals = [list(pair) for pair in intervals]
    return post_heartbeat(client, lesson, intervals, position)


def restrict(page, *group_names):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(*Group.objects.filter(name__in=group_names))
    return restriction


# What a heartbeat costs


def test_a_heartbeat_costs_the_session_the_user_and_the_locked_row(
    viewer, lesson, django_assert_max_num_queries
):
    viewer.watch(lesson, [[0, 15]])
    viewer.clock.shift(15)
    with django_assert_max_num_queries(HEARTBEAT_QUERIES) as captured:
        response = post_heartbeat(viewer.client, lesson, [[15, 30]])
    assert response.status_code == 200 and response.json()["credited"] == 15
    tables = [
        re.search(r'(?:FROM|UPDATE|INTO) "(\w+)"', query["sql"])[1] for query in captured.captured_queries
    ]
    assert tables == ["django_session", "auth_user", "learning_lessonprogress", "learning_lessonprogress"]
    assert captured.captured_queries[-1]["sql"].startswith("UPDATE")


def test_the_first_heartbeat_of_a_new_learner_enrols_and_then_costs_no_more(
    viewer, learner, course, lesson, django_assert_max_num_queries
):
    # The lesson's facts (lesson, course, video, ancestors, restrictions and their groups: 6 queries), the
    # enrolment (course, enrolment, prerequisites, INSERT in a savepoint: 6) and the first progress row
    # (locked read, INSERT in a savepoint: 4) on top of session and user.
    with django_assert_max_num_queries(18):
        viewer.play(lesson)
    assert Enrolment.objects.filter(user=learner, course=course).exists()
    # Once the facts are cached, a second learner's first heartbeat costs 6 fewer.
    other = UserFactory(username="bert", groups=[roles.LEARNERS])
    viewer.client.force_login(other)
    with django_assert_max_num_queries(12):
        viewer.play(lesson)
    with django_assert_max_num_queries(HEARTBEAT_QUERIES):
        viewer.beat(lesson, [[0, 15]])


def test_enrolment_is_checked_once_per_course_not_per_lesson(viewer, learner, course, lesson):
    second = video_lesson(course)
    viewer.watch(lesson, [[0, 15]])
    with CaptureQueriesContext(connection) as captured:
        viewer.play(second)
    assert not [query for query in captured.captured_queries if "learning_enrolment" in query["sql"]]
    assert Enrolment.objects.filter(user=learner).count() == 1


@pytest.fixture
def cache_calls(monkeypatch):
    """The calls of the heartbeat cache, by method name, while the test runs (not the backend's own calls
    inside them: the file cache's get_many calls get for each key)."""
    from django.core.cache import caches

    cache = caches[heartbeat_cache.CACHE]
    seen = []
    inside = []

    def recording(name, real):
        def call(*args, **kwargs):
            if not inside:
                seen.append(name)
            inside.append(name)
            try:
                return real(*args, **kwargs)
            finally:
                inside.pop()

        return call

    for name in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(cache, name, recording(name, getattr(cache, name)))
    return seen


def test_a_heartbeat_reads_the_cache_once_and_writes_nothing(viewer, course, lesson, cache_calls):
    """Facts and enrolment memo in one get_many: one round trip to Redis in production."""
    viewer.watch(lesson, [[0, 15]])
    cache_calls.clear()
    viewer.beat(lesson, [[15, 30]])
    assert cache_calls == ["get_many"]


def test_another_lesson_of_the_course_uses_the_courses_memo_once(viewer, course, lesson, cache_calls):
    second = video_lesson(course)
    viewer.watch(lesson, [[0, 15]])
    with CaptureQueriesContext(connection) as captured:
        viewer.play(second)
    assert not [query for query in captured.captured_queries if "learning_enrolment" in query["sql"]]
    cache_calls.clear()
    viewer.beat(second, [[0, 15]])
    assert cache_calls == ["get_many"]


def test_a_lesson_restricted_to_groups_costs_one_query_more_for_the_persons_groups(
    viewer, catalog_page, django_assert_max_num_queries
):
    course = CoursePageFactory(parent=catalog_page)
    restrict(course, roles.LEARNERS)
    lesson = video_lesson(course)
    viewer.watch(lesson, [[0, 15]])
    viewer.clock.shift(15)
    with django_assert_max_num_queries(HEARTBEAT_QUERIES + 1) as captured:
        assert post_heartbeat(viewer.client, lesson, [[15, 30]]).status_code == 200
    assert "auth_user_groups" in captured.captured_queries[2]["sql"]


# Every change that makes the cached facts stale


@pytest.fixture
def api(client, learner):
    client.force_login(learner)
    return client


def test_unpublishing_and_publishing_again(api, lesson):
    assert send(api, lesson).status_code == 200
    lesson.unpublish()
    assert send(api, lesson).status_code == 403
    lesson.save_revision().publish()
    assert send(api, lesson).status_code == 200


def test_publishing_another_video(api, lesson):
    assert send(api, lesson, [(0, 100)], position=100).status_code == 400  # past the end of the 60-s video
    longer = VideoFactory(duration=120, processing_state="ready")
    lesson.body = [{"type": "video", "value": {"video": longer.pk, "caption": ""}}]
    lesson.save_revision().publish()
    assert send(api, lesson, [(0, 100)], position=100).status_code == 200


def test_publishing_a_course_as_placeholder(api, catalog_page, learner):
    programme = ProgrammePageFactory(parent=catalog_page.get_parent())
    programme.audience_group = Group.objects.get(name=roles.BASS_STUDENTS)
    programme.save_revision().publish()
    course = CoursePageFactory(parent=catalog_page, programme=programme)
    lesson = video_lesson(course)
    assert send(api, lesson).status_code == 200
    course.placeholder = True
    course.save_revision().publish()
    assert send(api, lesson).status_code == 403  # anna is not a BASS student
    learner.groups.add(Group.objects.get(name=roles.BASS_STUDENTS))
    assert send(api, lesson).status_code == 200  # groups are read per heartbeat, never cached


def test_moving_a_lesson_to_another_course(api, learner, catalog_page, lesson):
    assert send(api, lesson).status_code == 200
    other = CoursePageFactory(parent=catalog_page, title="E-Akte im Jobcenter: Aufbau")
    lesson.move(other, pos="last-child")
    assert send(api, lesson).status_code == 200
    assert Enrolment.objects.filter(user=learner, course=other).exists()
    restrict(other, roles.BASS_STUDENTS)
    assert send(api, lesson).status_code == 403


def test_deleting_the_course_with_its_lessons(api, course, lesson):
    assert send(api, lesson).status_code == 200
    # Unpublished first, so that the deletion is the only change: deleting a live page unpublishes it too.
    lesson.unpublish()
    course.unpublish()
    assert send(api, lesson).status_code == 403
    course.delete()  # the lesson goes as a descendant
    response = send(api, lesson)
    assert response.status_code == 400
    assert response.json()["errors"]["lesson"] == "Diese Lektion gibt es nicht."


def test_view_restrictions_above_the_lesson_their_groups_and_their_removal(api, catalog_page, lesson):
    assert send(api, lesson).status_code == 200
    restriction = restrict(catalog_page, roles.BASS_STUDENTS)  # saved, then given its group
    assert send(api, lesson).status_code == 403
    restriction.groups.add(Group.objects.get(name=roles.LEARNERS))
    assert send(api, lesson).status_code == 200
    restriction.groups.remove(Group.objects.get(name=roles.LEARNERS))
    assert send(api, lesson).status_code == 403
    restriction.groups.clear()
    assert send(api, lesson).status_code == 403
    restriction.delete()
    assert send(api, lesson).status_code == 200


def test_a_restriction_type_changed(api, course, lesson):
    restriction = restrict(course, roles.BASS_STUDENTS)
    assert send(api, lesson).status_code == 403
    restriction.restriction_type = PageViewRestriction.LOGIN
    restriction.save()
    assert send(api, lesson).status_code == 200


def test_a_video_saved_with_another_length(api, lesson):
    assert send(api, lesson, [(0, 100)], position=100).status_code == 400
    video = lesson.video
    video.duration = 120
    video.save()
    assert send(api, lesson, [(0, 100)], position=100).status_code == 200


def test_a_deleted_video(api, lesson):
    assert send(api, lesson).status_code == 200
    lesson.video.delete()
    response = send(api, lesson)
    assert response.status_code == 400
    assert response.json()["errors"]["lesson"] == "Diese Lektion hat kein abspielbares Video."


def test_a_video_probed_after_the_lesson_was_opened(api, course, sample_mp4):
    video = VideoFactory(file=ContentFile(sample_mp4.read_bytes(), "antrag.mp4"))  # not probed yet
    lesson = LessonPageFactory(
        parent=course,
        completion_rule=LessonPage.Rule.VIDEO,
        body=[{"type": "video", "value": {"video": video.pk, "caption": ""}}],
    )
    assert send(api, lesson, [(0, 2)]).status_code == 400  # no length yet: nothing to credit
    video_processing.process_video(video.pk)  # an UPDATE, no post_save: the probe says so itself
    assert send(api, lesson, [(0, 2)]).status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_video_probed_by_the_worker_is_known_to_the_web_process(
    request, client, learner, course, sample_mp4
):
    """The worker and the web process share the cache, as every process on the embedded default's machine."""
    video = VideoFactory(file=ContentFile(sample_mp4.read_bytes(), "antrag.mp4"))  # committed: probe queued
    lesson = LessonPageFactory(
        parent=course,
        completion_rule=LessonPage.Rule.VIDEO,
        body=[{"type": "video", "value": {"video": video.pk, "caption": ""}}],
    )
    client.force_login(learner)
    statuses = [send(client, lesson, [(0, 2)]).status_code]  # before any worker runs: no length yet
    request.getfixturevalue("celery_worker")
    deadline = time.monotonic() + 30
    while statuses[-1] != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
        statuses.append(send(client, lesson, [(0, 2)]).status_code)
    assert statuses[0] == 400 and statuses[-1] == 200, statuses


def test_a_record_read_while_the_change_was_committed_is_not_used_after_commit(
    api, lesson, django_capture_on_commit_callbacks
):
    """The generation starts anew once more after commit, for records that other requests read before."""
    assert send(api, lesson).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        lesson.unpublish()
        heartbeat_cache.lesson_facts(lesson.pk)  # stored with the first new generation
        with CaptureQueriesContext(connection) as before_commit:
            heartbeat_cache.lesson_facts(lesson.pk)
    with CaptureQueriesContext(connection) as after_commit:
        heartbeat_cache.lesson_facts(lesson.pk)
    assert len(before_commit) == 0 and len(after_commit) > 0


# Enrolment, remembered


def test_a_deleted_enrolment_is_made_again_by_the_next_heartbeat(api, learner, course, lesson):
    assert send(api, lesson).status_code == 200
    Enrolment.objects.get(user=learner, course=course).delete()
    assert send(api, lesson).status_code == 200
    assert Enrolment.objects.filter(user=learner, course=course).exists()


def test_an_enrolment_deleted_right_after_the_check_is_not_remembered(
    api, learner, course, lesson, monkeypatch
):
    """Another process deletes the enrolment between this heartbeat's check and its memo: the memo was
    stored with the generation read before the check, which the deletion renewed."""
    real_enrol = completion.enrol

    def enrol_then_lose_it(user, course, **kwargs):
        enrolment = real_enrol(user, course, **kwargs)
        Enrolment.objects.filter(pk=enrolment.pk).delete()  # the queryset's delete sends post_delete too
        return enrolment

    monkeypatch.setattr(completion, "enrol", enrol_then_lose_it)
    assert send(api, lesson).status_code == 200
    monkeypatch.setattr(completion, "enrol", real_enrol)
    assert not Enrolment.objects.filter(user=learner, course=course).exists()
    assert send(api, lesson).status_code == 200
    assert Enrolment.objects.filter(user=learner, course=course).exists()


def test_a_missing_prerequisite_is_refused_every_time(api, learner, catalog_page, course):
    first = CoursePageFactory(parent=catalog_page, title="Datenschutz: Grundlagen")
    course.prerequisites.add(first)
    course.save_revision().publish()
    lesson = video_lesson(course)
    for _attempt in range(2):
        response = send(api, lesson)
        assert response.status_code == 403
        assert "Datenschutz: Grundlagen" in response.json()["errors"]["lesson"]
    assert not LessonProgress.objects.filter(user=learner).exists()


# When the cache is down, the database answers


def test_heartbeats_are_stored_while_the_cache_cannot_be_reached(viewer, learner, lesson, settings, tmp_path):
    (tmp_path / "datei").write_text("")  # a cache folder beneath a plain file: every cache call fails
    settings.CACHES = {
        **settings.CACHES,
        "heartbeat": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "datei" / "cache"),
        },
    }
    assert viewer.watch(lesson, [[0, 15]])["credited"] == 15
    assert viewer.beat(lesson, [[15, 30]])["coverage"] == 0.5
    assert LessonProgress.objects.get(user=learner, lesson=lesson).intervals == [[0.0, 30.0]]
    assert Enrolment.objects.filter(user=learner).count() == 1


# The cached rule decides as the page's own


def request_as(user, passed=()):
    request = RequestFactory().post("/api/progress/")
    request.user = user
    request.session = SessionStore()
    if passed:
        request.session[PageViewRestriction.passed_view_restrictions_session_key] = list(passed)
    return request


@pytest.fixture
def people(learner):
    return {
        "anna": learner,
        "bassi": UserFactory(username="bassi", groups=[roles.LEARNERS, roles.BASS_STUDENTS]),
        "admin": UserFactory(username="admin", is_superuser=True),
        "nobody": AnonymousUser(),
    }


def _login_only(catalog_page):
    return video_lesson(CoursePageFactory(parent=catalog_page)), ()


def _groups_on_course(catalog_page):
    course = CoursePageFactory(parent=catalog_page)
    restrict(course, roles.BASS_STUDENTS)
    return video_lesson(course), ()


def _groups_on_lesson_and_above(catalog_page):
    course = CoursePageFactory(parent=catalog_page)
    restrict(catalog_page, roles.LEARNERS)
    lesson = video_lesson(course)
    restrict(lesson, roles.BASS_STUDENTS)
    return lesson, ()


def _password(catalog_page, passed):
    course = CoursePageFactory(parent=catalog_page)
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.PASSWORD, password="lernhafen"
    )
    return video_lesson(course), (restriction.pk,) if passed else ()


def _placeholder(catalog_page, audience):
    programme = ProgrammePageFactory(parent=catalog_page.get_parent())
    if audience:
        programme.audience_group = Group.objects.get(name=roles.BASS_STUDENTS)
        programme.save()
    course = CoursePageFactory(parent=catalog_page, programme=programme, placeholder=True)
    return video_lesson(course), ()


def _unpublished(catalog_page):
    return video_lesson(CoursePageFactory(parent=catalog_page), live=False), ()


def _alias_of_a_restricted_lesson(catalog_page):
    source, _passed = _groups_on_course(catalog_page)
    return source.create_alias(parent=CoursePageFactory(parent=catalog_page)), ()


SETUPS = {
    "login only": _login_only,
    "groups on the course": _groups_on_course,
    "groups on the lesson and above": _groups_on_lesson_and_above,
    "password passed": lambda page: _password(page, passed=True),
    "password not passed": lambda page: _password(page, passed=False),
    "placeholder with audience": lambda page: _placeholder(page, audience=True),
    "placeholder without audience": lambda page: _placeholder(page, audience=False),
    "unpublished": _unpublished,
    "alias of a restricted lesson": _alias_of_a_restricted_lesson,
}


@pytest.mark.parametrize("setup", SETUPS)
def test_the_cached_rule_decides_as_the_lesson_page_does(catalog_page, people, setup):
    lesson, passed = SETUPS[setup](catalog_page)
    lesson = LessonPage.objects.get(pk=lesson.pk)
    facts = heartbeat_cache.lesson_facts(lesson.pk)
    decisions = {}
    for name, user in people.items():
        request = request_as(user, passed)
        decisions[name] = (facts.is_visible_to(request), is_visible(request, lesson))
    assert all(cached == page for cached, page in decisions.values()), decisions
    assert all(type(cached) is bool for cached, _page in decisions.values())


def test_the_lesson_made_from_the_facts_loads_the_rest_when_used(lesson, course):
    made = heartbeat_cache.lesson_facts(lesson.pk).lesson()
    assert (made.pk, made.completion_rule, made.course) == (lesson.pk, lesson.completion_rule, course)
    assert made.title == lesson.title  # read from the database when asked for
