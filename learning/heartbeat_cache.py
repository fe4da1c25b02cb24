"""What every video heartbeat needs to know, read from the "heartbeat" cache rather than the database: the
facts of its lesson, and that the person is enrolled in the lesson's course.

Lesson facts (`lesson_facts`) are one record per lesson: whether it is live, its course, the duration of its
video, its completion rule, the view restrictions that apply to it (its own and its ancestors', as Wagtail's
`get_view_restrictions` finds them) and the audience of a placeholder course. A record is stored with the
generation it was read in (learning.generations); learning.signals starts a new generation whenever a record
may have changed: a page published, unpublished, moved or deleted, a view restriction saved, deleted or given
other groups, a video saved, probed or deleted. Each change starts one at once and one more after commit: a
heartbeat that read the old content while the change was being committed stored it with the first new
generation, which the second one leaves behind.

Enrolment (`enrol_once`) is checked, and made, once per person and course: the memo is stored with the
person's enrolment generation, which deleting any of their enrolments renews (retention, a requirement that
no longer applies, a deleted course). The generation is read before the database is asked, so a deletion
committed in between leaves the memo stale.

The cache only saves work: when it cannot be reached, a heartbeat asks the database as it always did.
"""

import functools
import logging
from dataclasses import dataclass

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, transaction
from wagtail.models import PageViewRestriction

from courses.models import CoursePage, LessonPage

from . import completion, generations

logger = logging.getLogger(__name__)

CACHE = "heartbeat"
# The record's format is part of the keys: a release that changes LessonFacts reads no record of an older one.
LESSONS = "lesson-facts:1"
LESSON_GENERATION = f"{LESSONS}:generation"
# The longest a change that sends no signal (a script's queryset update) goes unnoticed.
LESSON_SECONDS = 600
ENROLMENTS = "enrolled:1"
ENROLMENT_SECONDS = 12 * 3600


@dataclass(frozen=True)
class LessonFacts:
    """What a heartbeat needs to know about a lesson, as plain values the cache can keep."""

    id: int
    path: str
    depth: int
    live: bool
    completion_rule: str
    course_id: int | None
    # Of the lesson's video; None without a video, or before the video's length is known.
    duration: float | None
    # (id, restriction type, group ids) of each view restriction on the lesson or a page above it.
    restrictions: tuple[tuple[int, str, frozenset[int]], ...]
    # The groups that alone may see the lesson's course (CoursePage.shown_only_to); None: everyone.
    audience: frozenset[int] | None

    def lesson(self):
        """The lesson as `LessonPage.objects.only(...)` would load it; other fields are read when used."""
        values = {
            "id": self.id,
            "page_ptr_id": self.id,
            "path": self.path,
            "depth": self.depth,
            "completion_rule": self.completion_rule,
        }
        # from_db takes the values in the model's field order.
        names = [field.attname for field in LessonPage._meta.concrete_fields if field.attname in values]
        return LessonPage.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])

    def is_visible_to(self, request):
        """learning.views.is_visible from these facts; each restriction decides as Wagtail's
        `BaseViewRestriction.accept_request` does. Asks the database for the person's groups once, and only
        when a restriction to groups or a placeholder's audience needs them."""
        if not self.live:
            return False
        user = request.user

        @functools.cache
        def user_groups():
            return (
                frozenset(user.groups.values_list("pk", flat=True)) if user.is_authenticated else frozenset()
            )

        for restriction_id, kind, groups in self.restrictions:
            if kind == PageViewRestriction.PASSWORD:
                passed = request.session.get(PageViewRestriction.passed_view_restrictions_session_key, [])
                if restriction_id not in passed:
                    return False
            elif kind == PageViewRestriction.LOGIN:
                if not user.is_authenticated:
                    return False
            elif kind == PageViewRestriction.GROUPS and not user.is_superuser and not groups & user_groups():
                return False
        return self.audience is None or bool(self.audience and self.audience & user_groups())


def lesson_facts(lesson_id):
    """The facts of the lesson with this id, or None when there is no such lesson."""
    key = f"{LESSONS}:{lesson_id}"
    found = _read(LESSON_GENERATION, key)
    if found is not None:
        generation, stored = found
        if stored is not None and stored[0] == generation:
            return stored[1]
    facts = _read_lesson(lesson_id)
    if found is not None and facts is not None:
        _write(key, (generation, facts), LESSON_SECONDS)
    return facts


def _read_lesson(lesson_id):
    lesson = LessonPage.objects.filter(pk=lesson_id).first()
    if lesson is None:
        return None
    course = lesson.course
    video = lesson.video
    restrictions = lesson.get_view_restrictions().prefetch_related("groups").order_by("pk")
    return LessonFacts(
        id=lesson.pk,
        path=lesson.path,
        depth=lesson.depth,
        live=lesson.live,
        completion_rule=lesson.completion_rule,
        course_id=course.pk if course is not None else None,
        duration=(video.duration or None) if video is not None else None,
        restrictions=tuple(
            (r.pk, r.restriction_type, frozenset(group.pk for group in r.groups.all())) for r in restrictions
        ),
        audience=course.shown_only_to() if course is not None else None,
    )


def enrol_once(user, course_id):
    """`completion.enrol` in the course, unless the person's enrolment there is remembered (and since then
    none of their enrolments was deleted). Raises completion.EnrolmentError."""
    generation_key = f"{ENROLMENTS}:{user.pk}:generation"
    key = f"{ENROLMENTS}:{user.pk}:{course_id}"
    found = _read(generation_key, key)
    if found is not None and found[1] == found[0]:
        return
    completion.enrol(user, CoursePage.objects.get(pk=course_id))
    if found is not None:
        _write(key, found[0], ENROLMENT_SECONDS)


def forget_lessons():
    """Every lesson's facts may have changed: none stored so far is read again."""
    _new_generation(LESSON_GENERATION)


def forget_enrolments(user_id):
    """One of the person's enrolments is going: their memos are not read again."""
    _new_generation(f"{ENROLMENTS}:{user_id}:generation")


def _new_generation(key):
    # Now, so that a failing cache fails the change (its transaction rolls back rather than leaving stale
    # facts behind); after commit, for the heartbeats that read the old rows meanwhile (module docstring).
    generations.start(caches[CACHE], key)
    transaction.on_commit(lambda: generations.start(caches[CACHE], key), robust=True)


def _read(generation_key, key):
    """(the current generation, what is stored under `key`) in one round trip; None if the cache fails."""
    try:
        cache = caches[CACHE]
        found = cache.get_many([generation_key, key])
        generation = generations.current(cache, generation_key, found.get(generation_key))
    except Exception:  # any backend's failure: the database answers instead
        logger.warning("Heartbeat cache unavailable; asking the database", exc_info=True)
        return None
    # None: a cache that keeps nothing (e.g. it dropped the generation at once); nothing it holds counts.
    return None if generation is None else (generation, found.get(key))


def _write(key, value, timeout):
    try:
        caches[CACHE].set(key, value, timeout=timeout)
    except Exception:  # as in _read
        logger.warning("Heartbeat cache unavailable; %s not stored", key, exc_info=True)
