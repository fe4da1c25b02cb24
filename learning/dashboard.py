"""What "Mein Lernen" and the course and lesson pages show of a learner's own record."""

import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from courses.models import CourseCompetence, CoursePage, LessonPage, Termin, for_audience_first, shown_to

from .completion import lessons_that_count, missing_prerequisites
from .models import Certificate, Enrolment, Exemption, LessonProgress, Registration, RequirementCycle
from .requirements import exempt_filter

DUE_SOON_DAYS = 14
SUGGESTIONS = 4


@dataclass
class CourseStatus:
    course: CoursePage
    enrolment: Enrolment | None
    lessons_total: int = 0
    lessons_done: int = 0
    completed_lesson_ids: set = field(default_factory=set)
    # The person's current cycle of a mandatory training of this course, if any (the most urgent one).
    cycle: RequirementCycle | None = None
    # The course's live lessons in order, and the lessons that count for its completion.
    lessons: list = field(default_factory=list)
    counting_ids: set = field(default_factory=set)
    # The unfinished lesson the person worked on last (its LessonProgress, with the resume position).
    resume: LessonProgress | None = None
    # The newest certificate of a completed course that was not revoked.
    certificate: Certificate | None = None

    @property
    def next_lesson(self):
        """The first lesson not yet done, the ones that count for the course first; None when all are done."""
        open_lessons = [lesson for lesson in self.lessons if lesson.pk not in self.completed_lesson_ids]
        counting = [lesson for lesson in open_lessons if lesson.pk in self.counting_ids]
        return (counting or open_lessons or [None])[0]

    @property
    def first_lesson(self):
        return self.lessons[0] if self.lessons else None

    @property
    def started(self):
        """Whether the person has done anything in the course yet (a lesson done or begun)."""
        return bool(self.completed_lesson_ids or self.resume)

    @property
    def continue_lesson(self):
        """Where "Weiterlernen" leads: the lesson the person stopped in, else the next one not yet done."""
        return self.resume.lesson if self.resume else self.next_lesson

    def number_of(self, lesson):
        """1-based place of `lesson` in the course ("Lektion 2 von 5"); None if it is not a live lesson."""
        return next((i for i, other in enumerate(self.lessons, 1) if other.pk == lesson.pk), None)

    @property
    def next_number(self):
        return self.number_of(self.next_lesson) if self.next_lesson else None

    @property
    def continue_number(self):
        return self.number_of(self.continue_lesson) if self.continue_lesson else None

    @property
    def lesson_count(self):
        return len(self.lessons)

    @property
    def percent(self):
        return round(100 * self.lessons_done / self.lessons_total) if self.lessons_total else 0

    @property
    def completed(self):
        return bool(self.enrolment and self.enrolment.completed_at)

    @property
    def state(self):
        """erledigt / fällig / überfällig / befreit for a mandatory training, else None."""
        return self.cycle.state(exempt=self.cycle.exempt) if self.cycle else None

    @property
    def overdue(self):
        return self.state == RequirementCycle.State.OVERDUE

    @property
    def due_on(self):
        return self.cycle.due_on if self.state in OPEN_STATES else None

    # The dates the badge names, the same words as in the reminder e-mails (learning.reminders):
    # "erledigt, gültig bis", "fällig bis", "überfällig seit", "befreit bis".
    @property
    def overdue_since(self):
        if self.state != RequirementCycle.State.OVERDUE:
            return None
        if self.cycle.done_at is not None and self.cycle.valid_until is not None:
            return self.cycle.valid_until + datetime.timedelta(days=1)  # a completion that ran out
        return self.cycle.overdue_from

    @property
    def valid_until(self):
        return self.cycle.valid_until if self.state == RequirementCycle.State.DONE else None

    @property
    def exempt_until(self):
        return self.cycle.exempt_until if self.state == RequirementCycle.State.EXEMPT else None


OPEN_STATES = {RequirementCycle.State.DUE, RequirementCycle.State.OVERDUE}


def current_cycles(user, course_ids):
    """{course id: the user's most urgent current cycle of that course's active requirements} (one query)."""
    exempt_until = Exemption.objects.filter(
        requirement=OuterRef("requirement"), user=OuterRef("user"), until__gte=timezone.localdate()
    ).order_by("-until")
    cycles = (
        RequirementCycle.objects.filter(
            user=user, ended_at__isnull=True, requirement__active=True, requirement__course_id__in=course_ids
        )
        .annotate(
            exempt=exempt_filter(),
            exempt_until=Subquery(exempt_until.values("until")[:1]),
            course_id=F("requirement__course_id"),
        )
        .order_by("requirement_id", "-opens_on", "-pk")
    )
    newest = {}
    for cycle in cycles:
        newest.setdefault(cycle.requirement_id, cycle)
    result = {}
    for cycle in newest.values():
        best = result.get(cycle.course_id)
        if best is None or _urgency(cycle) < _urgency(best):
            result[cycle.course_id] = cycle
    return result


def _urgency(cycle):
    """Open cycles first, the earliest due first."""
    return (cycle.state(exempt=cycle.exempt) not in OPEN_STATES, cycle.due_on)


def _lessons_by_course(courses):
    """Live lessons of many courses in one query: {course id: [lesson, ...]} in tree order."""
    if not courses:
        return {}
    by_path = {course.path: course.pk for course in courses}
    depth = {course.depth + 1 for course in courses}
    lessons = (
        LessonPage.objects.live()
        .filter(reduce(or_, (Q(path__startswith=path) for path in by_path)), depth__in=depth)
        .order_by("path")
    )
    result = {course.pk: [] for course in courses}
    for lesson in lessons:
        course_id = by_path.get(lesson.path[: -LessonPage.steplen])
        if course_id is not None:
            result[course_id].append(lesson)
    return result


def course_statuses(user, enrolments, with_cycles=False, own=False, certificates=None):
    """CourseStatus for each enrolment, with a constant number of queries; `with_cycles` adds the
    person's mandatory-training cycles, `own` where they stopped and their certificates (both for
    themselves only: nobody else's business, Lotsen included). `certificates` may pass the person's
    certificates when the caller has them already."""
    courses = [enrolment.course for enrolment in enrolments]
    lessons = _lessons_by_course(courses)
    lesson_ids = [lesson.pk for course_lessons in lessons.values() for lesson in course_lessons]
    done = set(
        LessonProgress.objects.filter(
            user=user, lesson_id__in=lesson_ids, completed_at__isnull=False
        ).values_list("lesson_id", flat=True)
    )
    cycles = current_cycles(user, [course.pk for course in courses]) if with_cycles else {}
    resume, certificate_of = {}, {}
    if own:
        resume = _resume_by_course(user, lessons, lesson_ids)
        if certificates is None:  # only completed courses have one to show
            completed = [e.course_id for e in enrolments if e.completed_at]
            certificates = Certificate.objects.filter(user=user, course_id__in=completed) if completed else []
        for certificate in sorted(certificates, key=lambda c: c.issued_at, reverse=True):
            if certificate.revoked_at is None:
                certificate_of.setdefault(certificate.course_id, certificate)
    statuses = []
    for enrolment in enrolments:
        course = enrolment.course
        counting = [
            lesson
            for lesson in lessons[course.pk]
            if course.completion_rule != CoursePage.Completion.ATTENDANCE
            and (course.completion_rule != CoursePage.Completion.REQUIRED_LESSONS or lesson.required)
        ]
        statuses.append(
            CourseStatus(
                course=course,
                enrolment=enrolment,
                lessons_total=len(counting),
                lessons_done=sum(lesson.pk in done for lesson in counting),
                completed_lesson_ids={lesson.pk for lesson in lessons[course.pk] if lesson.pk in done},
                cycle=cycles.get(course.pk),
                lessons=lessons[course.pk],
                counting_ids={lesson.pk for lesson in counting},
                resume=resume.get(course.pk),
                certificate=certificate_of.get(course.pk) if enrolment.completed_at else None,
            )
        )
    return statuses


def _resume_by_course(user, lessons, lesson_ids):
    """{course id: the person's most recently updated unfinished LessonProgress in it} (one query)."""
    course_of = {lesson.pk: (course_id, lesson) for course_id, items in lessons.items() for lesson in items}
    result = {}
    unfinished = LessonProgress.objects.filter(
        user=user, lesson_id__in=lesson_ids, completed_at__isnull=True
    ).order_by("-updated_at", "-pk")
    for progress in unfinished:
        course_id, lesson = course_of[progress.lesson_id]
        if course_id not in result:
            progress.lesson = lesson  # the specific live lesson already loaded: no query per course
            result[course_id] = progress
    return result


def my_learning(user):
    """Everything "Mein Lernen" shows, in a fixed number of queries however many courses."""
    # A placeholder of another audience stays out of sight even if the person was enrolled in it before.
    visible = CoursePage.objects.filter(shown_to(user)).values("pk")
    enrolments = list(
        Enrolment.objects.filter(user=user, course__live=True, course__in=visible)
        .select_related("course")
        .order_by("-enrolled_at")
    )
    certificates = list(Certificate.objects.filter(user=user).order_by("-issued_at"))
    statuses = course_statuses(user, enrolments, with_cycles=True, own=True, certificates=certificates)
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    in_progress = [s for s in statuses if not s.completed]
    enrolled_ids = [e.course_id for e in enrolments]
    return {
        # Every course in progress with a lesson to go on with: the one last worked on first.
        "resume": sorted(
            (s for s in in_progress if s.continue_lesson is not None),
            key=lambda s: (s.resume is None, -(s.resume.updated_at.timestamp() if s.resume else 0)),
        ),
        "in_progress": in_progress,
        "due": sorted((s for s in statuses if s.due_on and s.due_on <= soon), key=lambda s: s.due_on),
        "mandatory": sorted((s for s in statuses if s.cycle), key=lambda s: _urgency(s.cycle)),
        "completed": [s for s in statuses if s.completed],
        "certificates": certificates,
        "suggestions": suggestions(enrolments, enrolled_ids, user),
        "dates": upcoming_dates(user),
        "training": dates_as_trainer(user),
    }


def dates_as_trainer(user, now=None):
    """Dates I train that have not ended more than a day ago (attendance is often marked afterwards)."""
    since = (now or timezone.now()) - datetime.timedelta(days=1)
    return list(
        Termin.objects.filter(trainers=user, ends_at__gt=since, cancelled=False)
        .select_related("course")
        .order_by("starts_at")
    )


def upcoming_dates(user, now=None):
    """My places and waiting-list spots on course dates that have not ended, soonest first (one query)."""
    return list(
        Registration.objects.filter(
            user=user,
            state__in=[Registration.State.CONFIRMED, Registration.State.WAITING],
            termin__ends_at__gt=now or timezone.now(),
            termin__cancelled=False,
            termin__course__live=True,
        )
        .select_related("termin", "termin__course")
        .order_by("termin__starts_at")
    )


def suggestions(enrolments, enrolled_ids, user):
    """Courses of the same programmes or competences as mine that I have not started, those of my own
    programmes (BASS for BASS students) first; newest ones fill up the list. No placeholders of others."""
    not_started = CoursePage.objects.live().filter(shown_to(user)).exclude(pk__in=enrolled_ids)
    programme_ids = {e.course.programme_id for e in enrolments if e.course.programme_id}
    competence_ids = CourseCompetence.objects.filter(course_id__in=enrolled_ids).values("competence_id")
    related = list(
        not_started.filter(
            Q(programme_id__in=programme_ids) | Q(course_competences__competence_id__in=competence_ids)
        )
        .distinct()
        .order_by(for_audience_first(user), "title")[:SUGGESTIONS]
    )
    if len(related) < SUGGESTIONS:
        newest = not_started.exclude(pk__in=[c.pk for c in related]).order_by(
            for_audience_first(user), "-first_published_at"
        )
        related += list(newest[: SUGGESTIONS - len(related)])
    return related


def course_status(user, course):
    """My status on one course page (enrolment, lessons done, what is missing to enrol)."""
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is None:
        lessons = list(lessons_that_count(course))
        return CourseStatus(course=course, enrolment=None, lessons_total=len(lessons)), missing_prerequisites(
            user, course
        )
    return course_statuses(user, [enrolment], with_cycles=True, own=True)[0], []


def catalogue_statuses(user, courses):
    """{course id: CourseStatus with the enrolment and mandatory-training cycle} for a page of catalogue
    results: two queries however many courses (the enrolments, the cycles), none per card."""
    course_ids = [course.pk for course in courses]
    if not course_ids or not user.is_authenticated:
        return {}
    enrolments = {e.course_id: e for e in Enrolment.objects.filter(user=user, course_id__in=course_ids)}
    cycles = current_cycles(user, course_ids)
    return {
        course.pk: CourseStatus(
            course=course, enrolment=enrolments.get(course.pk), cycle=cycles.get(course.pk)
        )
        for course in courses
        if course.pk in enrolments or course.pk in cycles
    }


def lesson_progress(user, lesson):
    return LessonProgress.objects.filter(user=user, lesson=lesson).first()
