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

Enrolment (`Cached.enrol_once`) is checked, and made, once per person and course: the memo is stored with
the person's enrolment generation, which deleting any of their enrolments renews (retention, a requirement
that no longer applies, a deleted course). The generation is read before the database is asked, so a
deletion committed in between leaves the memo stale. Besides the memo of the course, each lesson the person
watches gets one that names the course, so that a heartbeat reads everything it needs in one `get_many`
(`for_heartbeat`: one round trip to Redis); a lesson moved to another course names another course.

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


def for_heartbeat(user, lesson_id):
    """What the cache holds for a heartbeat of `user` on the lesson: the lesson's facts and the person's
    enrolment memo for it, read in one round trip (`Cached`)."""
    return Cached(user, lesson_id)


def lesson_facts(lesson_id):
    """The facts of the lesson with this id, or None when there is no such lesson."""
    return Cached(None, lesson_id).lesson_facts()


class Cached:
    """One `get_many` of the heartbeat cache for a person's heartbeat on a lesson: the lesson generation,
    the lesson's facts, the person's enrolment generation and their memo for this lesson (of the course
    the lesson was in: a lesson moved to another course is checked again). Without a person, the lesson's
    part alone."""

    def __init__(self, user, lesson_id):
        self.user = user
        self.lesson_key = f"{LESSONS}:{lesson_id}"
        self.lesson_id = lesson_id
        generations = [LESSON_GENERATION]
        keys = [self.lesson_key]
        if user is not None:
            self.enrolment_generation = f"{ENROLMENTS}:{user.pk}:generation"
            self.memo_key = f"{ENROLMENTS}:{user.pk}:lesson:{lesson_id}"
            generations.append(self.enrolment_generation)
            keys.append(self.memo_key)
        self.found = _read(generations, keys)

    def lesson_facts(self):
        """The facts of the lesson, or None when there is no such lesson."""
        if self.found is not None:
            stored = self.found.get(self.lesson_key)
            if stored is not None and stored[0] == self.found[LESSON_GENERATION]:
                return stored[1]
        facts = _read_lesson(self.lesson_id)
        if self.found is not None and facts is not None:
            _write(self.lesson_key, (self.found[LESSON_GENERATION], facts), LESSON_SECONDS)
        return facts

    def enrol_once(self, course_id):
        """`completion.enrol` in the course, unless the person's enrolment there is remembered (and since
        then none of their enrolments was deleted). Raises completion.EnrolmentError."""
        found = self.found
        if found is None:
            completion.enrol(self.user, CoursePage.objects.get(pk=course_id))
            return
        generation = found[self.enrolment_generation]
        if found.get(self.memo_key) == (generation, course_id):
            return
        # Another lesson of the course may have left the course's memo (one more round trip, once a lesson).
        course_key = f"{ENROLMENTS}:{self.user.pk}:{course_id}"
        if _get(course_key) != generation:
            completion.enrol(self.user, CoursePage.objects.get(pk=course_id))
            _write(course_key, generation, ENROLMENT_SECONDS)
        _write(self.memo_key, (generation, course_id), ENROLMENT_SECONDS)


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


def _read(generation_keys, keys):
    """The current generation under each of `generation_keys` and what is stored under `keys`, as one dict
    from one `get_many`; None if the cache fails."""
    try:
        cache = caches[CACHE]
        found = cache.get_many([*generation_keys, *keys])
        for key in generation_keys:
            found[key] = generations.current(cache, key, found.get(key))
    except Exception:  # any backend's failure: the database answers instead
        logger.warning("Heartbeat cache unavailable; asking the database", exc_info=True)
        return None
    # None: a cache that keeps nothing (e.g. it dropped a generation at once); nothing it holds counts.
    return None if any(found[key] is None for key in generation_keys) else found


def _get(key):
    try:
        return caches[CACHE].get(key)
    except Exception:  # as in _read
        logger.warning("Heartbeat cache unavailable; %s not read", key, exc_info=True)
        return None


def _write(key, value, timeout):
    try:
        caches[CACHE].set(key, value, timeout=timeout)
    except Exception:  # as in _read
        logger.warning("Heartbeat cache unavailable; %s not stored", key, exc_info=True)
