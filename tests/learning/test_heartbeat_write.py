"""The common heartbeat is written without a transaction: read without a lock, written back only if the row
still holds what was read (learning.progress.record_heartbeat_alone). Whatever comes in between (another
heartbeat, a completion, a purge, a deletion) loses nothing: the heartbeat then takes the locked path, and
the row ends as if the two had run one after the other."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import LessonPage
from learning import progress
from learning.models import LessonProgress
from tests.factories import CoursePageFactory, LessonPageFactory, VideoFactory
from tests.viewer import Viewer, post_heartbeat

pytestmark = pytest.mark.django_db

DURATION = 60.0


@pytest.fixture
def lesson(catalog_page):
    video = VideoFactory(duration=DURATION, processing_state="ready")
    return LessonPageFactory(
        parent=CoursePageFactory(parent=catalog_page),
        completion_rule=LessonPage.Rule.VIDEO,
        body=[{"type": "video", "value": {"video": video.pk, "caption": ""}}],
    )


@pytest.fixture
def viewer(client, learner, clock):
    client.force_login(learner)
    return Viewer(client, clock)


@pytest.fixture
def meanwhile(monkeypatch):
    """`meanwhile(change)`: the next heartbeat's row is changed by `change(row_id)` between its unlocked read
    and its write, as another process could; returns the list of rows it was run for."""
    ran = []

    def install(change):
        real = progress._merge

        def merge_then_change(record, *args):
            result = real(record, *args)
            if not ran:
                ran.append(record.pk)
                change(record.pk)
            return result

        monkeypatch.setattr(progress, "_merge", merge_then_change)
        return ran

    return install


def stored(learner, lesson):
    return LessonProgress.objects.get(user=learner, lesson=lesson)


def test_the_common_heartbeat_reads_and_writes_the_row_once_each(viewer, lesson):
    viewer.watch(lesson, [[0, 15]])
    viewer.clock.shift(15)
    with CaptureQueriesContext(connection) as captured:
        assert post_heartbeat(viewer.client, lesson, [[15, 30]]).json()["credited"] == 15
    progress_sql = [query["sql"] for query in captured if "learning_lessonprogress" in query["sql"]]
    assert len(progress_sql) == 2
    assert progress_sql[0].startswith("SELECT") and "FOR UPDATE" not in progress_sql[0]
    # The write applies only to the row as it was read.
    assert progress_sql[1].startswith("UPDATE") and '"allowance" IS' in progress_sql[1]


def test_a_heartbeat_in_between_is_kept(viewer, learner, lesson, meanwhile):
    viewer.watch(lesson, [[0, 15]])

    def other_tab(row_id):  # the same person's heartbeat of [30, 40] from another tab got in first
        LessonProgress.objects.filter(pk=row_id).update(
            intervals=[[0.0, 15.0], [30.0, 40.0]], allowance=20.0, heartbeat_at=timezone.now()
        )

    ran = meanwhile(other_tab)
    answer = viewer.beat(lesson, [[15, 30]])
    assert ran and answer["credited"] == 15
    # Merged into the row the other heartbeat left, not written over it.
    assert stored(learner, lesson).intervals == [[0.0, 40.0]]


def test_a_purge_in_between_is_not_undone(viewer, learner, lesson, meanwhile):
    viewer.watch(lesson, [[0, 30]])

    def retention(row_id):  # learning.retention empties the details of an old completed course
        LessonProgress.objects.filter(pk=row_id).update(
            intervals=[], position=0, heartbeat_at=None, allowance=0
        )

    meanwhile(retention)
    answer = viewer.beat(lesson, [[30, 45]])
    record = stored(learner, lesson)
    # As if the heartbeat came after the purge: a row without a known heartbeat gets the initial allowance.
    assert record.intervals == [[30.0, 30.0 + progress.INITIAL_ALLOWANCE]]
    assert answer["credited"] == progress.INITIAL_ALLOWANCE


def test_a_row_deleted_in_between_is_made_again(viewer, learner, lesson, meanwhile):
    viewer.watch(lesson, [[0, 15]])
    meanwhile(lambda row_id: LessonProgress.objects.filter(pk=row_id).delete())
    viewer.beat(lesson, [[15, 30]])
    assert LessonProgress.objects.filter(user=learner, lesson=lesson).count() == 1
    assert stored(learner, lesson).intervals == [[15.0, 15.0 + progress.INITIAL_ALLOWANCE]]


def test_a_completion_in_between_is_kept(viewer, learner, lesson, meanwhile):
    viewer.watch(lesson, [[0, 15]])
    done = timezone.now()
    meanwhile(lambda row_id: LessonProgress.objects.filter(pk=row_id).update(completed_at=done))
    assert viewer.beat(lesson, [[15, 30]])["completed"] is True
    record = stored(learner, lesson)
    assert record.completed_at == done and record.intervals == [[0.0, 30.0]]


def test_the_heartbeat_that_completes_the_lesson_stores_both_in_one_transaction(
    viewer, learner, lesson, monkeypatch
):
    """Coverage and completion are stored together: the completing heartbeat takes the locked path."""
    viewer.watch(lesson, [[0, 30]])
    alone = []
    real = progress.record_heartbeat_alone

    def recording(*args, **kwargs):
        alone.append(result := real(*args, **kwargs))
        return result

    monkeypatch.setattr(progress, "record_heartbeat_alone", recording)
    assert viewer.beat(lesson, [[30, 60]])["completed"] is True
    assert alone == [None]
    assert stored(learner, lesson).completed_at is not None
