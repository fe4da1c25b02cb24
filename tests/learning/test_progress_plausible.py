"""Progress is plausible in time: new coverage is credited no faster than 2× the time that has passed.

A script that claims a whole video within seconds is clipped (200, with what was credited), a person watching
at 1× or 2× loses nothing, and neither does the player's offline queue sent in one burst on reconnecting.
"""

import itertools

import pytest

from courses.models import CoursePage, LessonPage
from learning import completion
from learning.models import Certificate, Enrolment, LessonProgress
from learning.progress import ALLOWANCE_CAP, INITIAL_ALLOWANCE, MAX_PLAYBACK_RATE
from tests.factories import CoursePageFactory, LessonPageFactory, VideoFactory
from tests.viewer import Viewer, post_heartbeat

pytestmark = pytest.mark.django_db

DURATION = 120.0
HEARTBEAT = 15  # seconds of wall-clock time between the player's heartbeats


def video_lesson(parent, duration=DURATION, title="Ein Dokument ablegen"):
    video = VideoFactory(title=title, duration=duration, processing_state="ready")
    return LessonPageFactory(
        parent=parent,
        title=title,
        completion_rule=LessonPage.Rule.VIDEO,
        body=[{"type": "video", "value": {"video": video.pk, "caption": ""}}],
    )


@pytest.fixture
def lesson(catalog_page):
    return video_lesson(CoursePageFactory(parent=catalog_page, title="E-Akte im Jobcenter: Grundlagen"))


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


def stretches(duration, seconds):
    """The video cut into consecutive stretches of `seconds` of media time."""
    bounds = [*range(0, int(duration), int(seconds)), duration]
    return [[float(start), float(end)] for start, end in itertools.pairwise(bounds)]


def progress_of(learner, lesson):
    return LessonProgress.objects.get(user=learner, lesson=lesson)


def test_a_speed_run_within_seconds_does_not_complete_the_lesson(signed_in, clock, learner, lesson):
    answers = []
    for stretch in [[], *stretches(DURATION, 15)]:
        clock.shift(0.2)  # a script, not a person: one request after the other
        response = post_heartbeat(signed_in, lesson, [stretch] if stretch else [])
        assert response.status_code == 200  # clipped, not refused
        answers.append(response.json())
    elapsed = 0.2 * (len(answers) - 1)  # since the first heartbeat started the clock
    credited = sum(answer["credited"] for answer in answers)
    assert credited == pytest.approx(INITIAL_ALLOWANCE + MAX_PLAYBACK_RATE * elapsed)
    assert sum(answer["clipped"] for answer in answers) == pytest.approx(DURATION - credited)
    assert not any(answer["completed"] for answer in answers)
    progress = progress_of(learner, lesson)
    assert progress.completed_at is None and progress.coverage < 0.05


def test_a_single_request_claiming_a_whole_video_is_clipped_to_the_first_seconds(signed_in, learner, lesson):
    response = post_heartbeat(signed_in, lesson, [[0, DURATION]])
    assert response.status_code == 200
    assert response.json() == {
        "coverage": round(INITIAL_ALLOWANCE / DURATION, 4),
        "position": DURATION,
        "completed": False,
        "credited": INITIAL_ALLOWANCE,
        "clipped": DURATION - INITIAL_ALLOWANCE,
    }
    assert progress_of(learner, lesson).intervals == [[0.0, INITIAL_ALLOWANCE]]


@pytest.mark.parametrize("rate", [1.0, 2.0])
def test_a_person_watching_at_1x_or_2x_loses_nothing_and_completes(signed_in, clock, learner, lesson, rate):
    viewer = Viewer(signed_in, clock, rate=rate)
    viewer.play(lesson)
    answers = [viewer.beat(lesson, [stretch]) for stretch in stretches(DURATION, HEARTBEAT * rate)]
    assert all(answer["clipped"] == 0 for answer in answers)
    assert sum(answer["credited"] for answer in answers) == DURATION
    assert answers[-1]["completed"] is True and answers[-1]["coverage"] == 1.0
    assert progress_of(learner, lesson).completed_at is not None


def test_pausing_and_resuming_loses_nothing(signed_in, clock, learner, lesson):
    viewer = Viewer(signed_in, clock)
    viewer.watch(lesson, [[0, 40]])  # paused after 40 s: the pause sends the heartbeat
    clock.shift(3600)  # lunch
    answer = viewer.watch(lesson, [[40, 120]])
    assert answer["credited"] == 80 and answer["clipped"] == 0 and answer["completed"] is True


@pytest.mark.parametrize("rate", [1.0, 2.0])
def test_an_offline_burst_after_real_watching_time_is_credited_fully(
    signed_in, clock, learner, catalog_page, rate
):
    long_lesson = video_lesson(CoursePageFactory(parent=catalog_page), duration=900.0)
    viewer = Viewer(signed_in, clock, rate=rate)
    viewer.watch(long_lesson, [[0, 15 * rate]])  # online: the server has seen a heartbeat
    # Offline for five minutes of playing; the player queued a heartbeat every 15 s in localStorage.
    queued = stretches(15 * rate + 300 * rate, 15 * rate)[1:]
    clock.shift(300)
    answers = []
    for stretch in queued:  # back online: the queue is sent one after the other
        clock.shift(0.05)
        answers.append(post_heartbeat(signed_in, long_lesson, [stretch]).json())
    assert [answer["clipped"] for answer in answers] == [0] * len(queued)
    assert sum(answer["credited"] for answer in answers) == 300 * rate
    assert progress_of(learner, long_lesson).intervals == [[0.0, 15 * rate + 300 * rate]]


def test_a_returning_script_claims_no_more_than_the_cap(signed_in, clock, learner, catalog_page):
    long_lesson = video_lesson(CoursePageFactory(parent=catalog_page), duration=3600.0)
    Viewer(signed_in, clock).watch(long_lesson, [[0, 15]])
    clock.shift(24 * 3600)  # a day later
    answers = [
        post_heartbeat(signed_in, long_lesson, [[start, start + 300]]).json() for start in (15, 315, 615)
    ]
    assert sum(answer["credited"] for answer in answers) == ALLOWANCE_CAP
    assert [answer["clipped"] for answer in answers] == [0, 0, 900 - ALLOWANCE_CAP]


def test_clipping_is_earliest_first_and_the_answer_says_what_counted(signed_in, clock, learner, lesson):
    post_heartbeat(signed_in, lesson, [])  # playback starts: 2 s of head start
    clock.shift(5)  # +10 s
    assert post_heartbeat(signed_in, lesson, [[0, 10]]).json()["credited"] == 10  # 2 s left over
    clock.shift(5)  # +10 s
    response = post_heartbeat(signed_in, lesson, [[60, 70], [0, 20], [100, 110]], position=110)
    assert response.status_code == 200
    # New were 10–20, 60–70 and 100–110 (30 s); 12 s count, the earliest first.
    assert response.json()["credited"] == 12 and response.json()["clipped"] == 18
    assert progress_of(learner, lesson).intervals == [[0.0, 20.0], [60.0, 62.0]]
    assert progress_of(learner, lesson).position == 110  # where to resume is no evidence


def test_seconds_already_covered_cost_no_allowance(signed_in, clock, learner, lesson):
    viewer = Viewer(signed_in, clock)
    viewer.watch(lesson, [[0, 30]])
    for _ in range(20):  # a replay of what is stored, as fast as a script likes
        answer = post_heartbeat(signed_in, lesson, [[0, 30]]).json()
        assert answer["credited"] == 0 and answer["clipped"] == 0
    assert viewer.beat(lesson, [[30, 45]])["credited"] == 15


def test_a_row_from_before_the_clock_starts_like_a_first_heartbeat(signed_in, clock, learner, lesson):
    # Migration 0010 leaves heartbeat_at empty on stored progress: no previous heartbeat is known.
    LessonProgress.objects.create(user=learner, lesson=lesson, intervals=[[0.0, 30.0]], coverage=0.25)
    assert progress_of(learner, lesson).heartbeat_at is None
    answer = post_heartbeat(signed_in, lesson, [[30, 60]]).json()
    assert answer["credited"] == INITIAL_ALLOWANCE
    assert Viewer(signed_in, clock).beat(lesson, [[30 + INITIAL_ALLOWANCE, 60]])["clipped"] == 0


def test_the_first_heartbeat_is_answered_with_the_clock_started(signed_in, clock, learner, lesson):
    Viewer(signed_in, clock).play(lesson)
    progress = progress_of(learner, lesson)
    assert progress.heartbeat_at is not None and progress.allowance == INITIAL_ALLOWANCE
    assert progress.intervals == [] and progress.coverage == 0


# A course like the demo's: several explainer videos of 20 s, a certificate at the end.
DEMO_VIDEOS = [20.0, 20.0, 20.0, 45.0]


@pytest.fixture
def demo_course(catalog_page):
    course = CoursePageFactory(
        parent=catalog_page,
        title="Videoberatung im Jobcenter",
        certificate_enabled=True,
        completion_rule=CoursePage.Completion.ALL_LESSONS,
    )
    for number, duration in enumerate(DEMO_VIDEOS, start=1):
        video_lesson(course, duration=duration, title=f"Teil {number}")
    return course


def speed_run(client, clock, course, step):
    """A script: lesson after lesson, the whole video claimed again and again, one request every `step`
    seconds, until the lesson is complete; yields after each request."""
    for lesson in LessonPage.objects.child_of(course).order_by("path"):
        post_heartbeat(client, lesson, [])
        completed = False
        while not completed:
            clock.shift(step)
            completed = post_heartbeat(client, lesson, [[0, lesson.video.duration]]).json()["completed"]
            yield step


def test_a_speed_run_through_a_demo_like_course_gets_no_certificate_before_2x_playing_time(
    signed_in, clock, learner, demo_course
):
    # 2× playback of what completes each lesson (95 % of its video), less each lesson's head start.
    honest_minimum = sum(completion.COMPLETION_COVERAGE * d - INITIAL_ALLOWANCE for d in DEMO_VIDEOS) / 2
    elapsed = 0.0
    for requests, step in enumerate(speed_run(signed_in, clock, demo_course, step=0.2), start=1):
        elapsed += step
        if requests % 25 == 0:
            # The course check and the repair of lost messages, as beat runs it: no certificate yet.
            completion.reconcile()
            assert not Certificate.objects.filter(enrolment__user=learner).exists(), elapsed
        assert elapsed < 2 * honest_minimum, "a steady script must still get through at 2× pace"
    assert elapsed >= honest_minimum  # the last lesson completed no sooner
    completion.reconcile()
    assert Enrolment.objects.get(user=learner, course=demo_course).completed_at is not None
    assert Certificate.objects.filter(enrolment__user=learner).count() == 1
