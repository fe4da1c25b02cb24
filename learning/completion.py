"""Enrolment, lesson and course completion, and issuing certificates; all idempotent.

`complete_lesson` is the one function that decides that a lesson is complete for a person, whatever the
evidence. Nothing here enqueues work: functions return what must happen next, and the caller (a view or
`learning.tasks`) enqueues it after commit.
"""

import enum
from dataclasses import dataclass
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage, LessonPage

from .certificates import render_certificate_pdf
from .models import Certificate, Enrolment, LessonProgress, Registration, StaffProfile
from .models.org import display_name

RECONCILE_WINDOW = timedelta(days=2)
# Share of a video that must have been played (not skipped) for a video-rule lesson to be complete.
COMPLETION_COVERAGE = 0.95


class Evidence(enum.Enum):
    """What a learner did; each value is the lesson completion rule it satisfies."""

    VIDEO_WATCHED = LessonPage.Rule.VIDEO
    MARKED_READ = LessonPage.Rule.READ
    CHECK_PASSED = LessonPage.Rule.QUIZ


@dataclass(frozen=True)
class LessonCompletion:
    """The outcome of `complete_lesson`; when `newly_completed`, the course must be checked after commit."""

    newly_completed: bool
    course_id: int | None


class EnrolmentError(ValueError):
    """Enrolling is not possible; the message is German and names what is missing."""


def missing_prerequisites(user, course):
    """Live prerequisite courses of `course` that `user` has not completed."""
    done = Enrolment.objects.filter(user=user, completed_at__isnull=False).values("course_id")
    return list(course.prerequisites.live().exclude(pk__in=done).order_by("title"))


def enrol(user, course, source=Enrolment.Source.SELF):
    """Enrol `user` in `course` (or return the existing enrolment). Raises EnrolmentError."""
    existing = Enrolment.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    if source == Enrolment.Source.SELF:
        missing = missing_prerequisites(user, course)
        if missing:
            raise EnrolmentError(
                _("Bitte schließen Sie zuerst diesen Kurs ab: %(courses)s.")
                % {"courses": ", ".join(f"„{c.title}“" for c in missing)}
            )
    try:
        with transaction.atomic():
            return Enrolment.objects.create(user=user, course=course, source=source)
    except IntegrityError:
        return Enrolment.objects.get(user=user, course=course)


def lessons_that_count(course):
    """The live lessons whose completion completes the course."""
    lessons = LessonPage.objects.live().child_of(course)
    if course.completion_rule == CoursePage.Completion.ATTENDANCE:
        return lessons.none()  # the lessons prepare for the date; attending it completes the course
    if course.completion_rule == CoursePage.Completion.REQUIRED_LESSONS:
        lessons = lessons.filter(required=True)
    return lessons


def video_watched(progress):
    """The evidence a video's stored progress gives: VIDEO_WATCHED once enough of it was played, else None."""
    return Evidence.VIDEO_WATCHED if progress.coverage >= COMPLETION_COVERAGE else None


def complete_lesson(user, lesson, evidence, now=None):
    """Complete `lesson` for `user` if the evidence satisfies the lesson's rule; enrols first.

    Evidence that does not count for this lesson (watching the video of a knowledge-check lesson) changes
    nothing. Raises EnrolmentError when the person may not take the course. The caller enqueues the course
    check when the result is `newly_completed`.
    """
    if evidence is None or evidence.value != lesson.completion_rule:
        return LessonCompletion(newly_completed=False, course_id=None)
    course = lesson.course
    enrol(user, course)
    now = now or timezone.now()
    with transaction.atomic(savepoint=False):
        progress, created = LessonProgress.objects.select_for_update().get_or_create(
            user=user, lesson=lesson, defaults={"completed_at": now}
        )
        newly = created or progress.completed_at is None
        if not created and newly:
            LessonProgress.objects.filter(pk=progress.pk).update(completed_at=now, updated_at=timezone.now())
    return LessonCompletion(newly_completed=newly, course_id=course.pk if newly else None)


def attended(user_id, course, enrolment):
    """Whether the person was marked present at a date of `course` that counts for this round of the
    enrolment (a date before a reopening belongs to an earlier round)."""
    present = Registration.objects.filter(
        user_id=user_id, termin__course=course, attendance=Registration.Attendance.PRESENT
    )
    if enrolment.reopened_at is not None:
        present = present.filter(termin__starts_at__gte=enrolment.reopened_at)
    return present.exists()


def update_course_completion(user_id, course_id, now=None):
    """Complete the enrolment when every lesson that counts is complete and, for a course with dates, the
    person attended one; returns the enrolment or None.

    This is the one place that decides that a course is complete, whatever the evidence (lessons or
    attendance). A returned enrolment of a course with certificates needs `issue_certificate` (the caller
    enqueues it)."""
    course = CoursePage.objects.filter(pk=course_id).first()
    enrolment = Enrolment.objects.filter(user_id=user_id, course_id=course_id).first()
    if course is None or enrolment is None:
        return None
    if enrolment.completed_at is None:
        needed = set(lessons_that_count(course).values_list("pk", flat=True))
        done = set(
            LessonProgress.objects.filter(
                user_id=user_id, lesson_id__in=needed, completed_at__isnull=False
            ).values_list("lesson_id", flat=True)
        )
        if needed - done:
            return None
        if course.has_dates:
            if not attended(user_id, course, enrolment):
                return None
        elif not needed:
            return None
        # A parallel check may have completed it first; either way the row now holds the completion.
        Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
            completed_at=now or timezone.now()
        )
        enrolment.refresh_from_db()
    return enrolment


def reopen(enrolment):
    """Open a completed enrolment for another round (a new cycle of a mandatory training): its lessons
    start afresh; certificates of earlier rounds stay."""
    lessons = LessonPage.objects.child_of(enrolment.course).values("pk")
    with transaction.atomic(savepoint=False):
        # Attendance at dates before now belongs to the earlier round (see `attended`).
        Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=None, reopened_at=timezone.now())
        LessonProgress.objects.filter(user_id=enrolment.user_id, lesson_id__in=lessons).update(
            completed_at=None, intervals=[], coverage=0, position=0, updated_at=timezone.now()
        )
    enrolment.completed_at = None


def holder_name(user):
    """The name on a certificate: from the staff profile, never typed by the holder."""
    profile = StaffProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile.full_name()
    return display_name(user)


def issue_certificate(enrolment_id):
    """Issue the certificate of a completed enrolment, once per completion, with its PDF."""
    enrolment = Enrolment.objects.select_related("user", "course").filter(pk=enrolment_id).first()
    if enrolment is None or enrolment.completed_at is None or not enrolment.course.certificate_enabled:
        return None
    course = enrolment.course
    valid_until = None
    if course.certificate_validity_months:
        valid_until = timezone.localdate(enrolment.completed_at) + relativedelta(
            months=course.certificate_validity_months
        )
    try:
        with transaction.atomic():
            certificate, _created = Certificate.objects.get_or_create(
                enrolment=enrolment,
                completed_at=enrolment.completed_at,
                defaults={
                    "user": enrolment.user,
                    "course": course,
                    "valid_until": valid_until,
                    "holder_name": holder_name(enrolment.user),
                    "course_title": course.title,
                },
            )
    except IntegrityError:
        certificate = Certificate.objects.get(enrolment=enrolment, completed_at=enrolment.completed_at)
    if not certificate.pdf:
        _render_pdf(certificate.pk)
        certificate.refresh_from_db()
    return certificate


def _render_pdf(certificate_id):
    """Give the certificate its one PDF, whoever else is trying at the same time.

    The row lock makes a second run (a redelivered message, the reconciliation) wait and then find the PDF.
    The file name is fixed by the verification code: a file left by a worker killed between writing it and
    committing is replaced, never kept beside the new one as a second PDF of the same certificate.
    """
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        if certificate.pdf:
            return
        content = ContentFile(render_certificate_pdf(certificate))
        name = f"{Certificate.pdf.field.upload_to}{certificate.verification_code}.pdf"
        storage = certificate.pdf.storage
        if storage.exists(name):
            storage.delete(name)
        certificate.pdf.save(name.rpartition("/")[2], content)


def reconcile(window=RECONCILE_WINDOW):
    """Repair what a lost task left undone: completions not recorded, certificates not issued.

    Only learners who completed a lesson or were marked present at a date within `window` are looked at: lost messages are recent. Runs
    synchronously, so each missing certificate is rendered once, here.
    """
    repaired = 0
    cutoff = timezone.now() - window
    candidates = (
        Enrolment.objects.filter(completed_at__isnull=True, user__lesson_progress__completed_at__gte=cutoff)
        .values_list("user_id", "course_id")
        .distinct()
    )
    attendees = Registration.objects.filter(
        attendance=Registration.Attendance.PRESENT,
        attendance_marked_at__gte=cutoff,
        user__enrolments__course=F("termin__course"),
        user__enrolments__completed_at__isnull=True,
    ).values_list("user_id", "termin__course_id")
    for user_id, course_id in {*candidates, *attendees}:
        repaired += update_course_completion(user_id, course_id) is not None
    missing = Enrolment.objects.filter(completed_at__isnull=False, course__certificate_enabled=True).exclude(
        certificates__completed_at=F("completed_at")
    )
    for enrolment_id in missing.values_list("pk", flat=True):
        repaired += issue_certificate(enrolment_id) is not None
    # A worker killed while rendering leaves the certificate without its PDF (its message comes back only
    # after the broker's visibility timeout, an hour).
    for certificate_id in Certificate.objects.filter(pdf="").values_list("pk", flat=True):
        _render_pdf(certificate_id)
        repaired += 1
    return repaired
