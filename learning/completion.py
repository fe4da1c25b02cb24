"""Enrolment, lesson and course completion, and issuing certificates; all idempotent."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage, LessonPage

from .models import Certificate, Enrolment, LessonProgress

RECONCILE_WINDOW = timedelta(days=2)


class EnrolmentError(ValueError):
    """Enrolling is not possible; the message is German and names what is missing."""


def missing_prerequisites(user, course):
    """Live prerequisite courses of `course` that `user` has not completed."""
    done = Enrolment.objects.filter(user=user, completed_at__isnull=False).values("course_id")
    return list(course.prerequisites.live().exclude(pk__in=done).order_by("title"))


def enrol(user, course, source=Enrolment.Source.SELF, assigned_by=None, due_date=None):
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
            return Enrolment.objects.create(
                user=user, course=course, source=source, assigned_by=assigned_by, due_date=due_date
            )
    except IntegrityError:
        return Enrolment.objects.get(user=user, course=course)


def lessons_that_count(course):
    """The live lessons whose completion completes the course."""
    lessons = LessonPage.objects.live().child_of(course)
    if course.completion_rule == CoursePage.Completion.REQUIRED_LESSONS:
        lessons = lessons.filter(required=True)
    return lessons


def complete_lesson(user, lesson):
    """Mark a lesson complete (read confirmed, check passed). Returns True when it was not complete before."""
    now = timezone.now()
    with transaction.atomic():
        progress, created = LessonProgress.objects.select_for_update().get_or_create(
            user=user, lesson=lesson, defaults={"completed_at": now}
        )
        if created:
            return True
        if progress.completed_at is None:
            LessonProgress.objects.filter(pk=progress.pk).update(completed_at=now, updated_at=now)
            return True
        return False


def schedule_course_check(user_id, course_id):
    """After commit, let a worker see whether the course is now complete (and issue the certificate)."""
    from .tasks import update_course_completion

    transaction.on_commit(lambda: update_course_completion.delay(user_id, course_id))


def update_course_completion(user_id, course_id):
    """Complete the enrolment when every lesson that counts is complete; returns the enrolment or None."""
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
        if not needed or needed - done:
            return None
        updated = Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
            completed_at=timezone.now()
        )
        enrolment.refresh_from_db()
        if not updated:
            return enrolment
    if course.certificate_enabled:
        from .tasks import issue_certificate

        transaction.on_commit(lambda: issue_certificate.delay(enrolment.pk))
    return enrolment


def issue_certificate(enrolment_id):
    """Issue the certificate of a completed enrolment, once per completion, with its PDF."""
    from .certificates import render_certificate_pdf

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
                    "holder_name": enrolment.user.get_full_name() or enrolment.user.get_username(),
                    "course_title": course.title,
                },
            )
    except IntegrityError:
        certificate = Certificate.objects.get(enrolment=enrolment, completed_at=enrolment.completed_at)
    if not certificate.pdf:
        certificate.pdf.save(
            f"{certificate.verification_code}.pdf", ContentFile(render_certificate_pdf(certificate))
        )
    return certificate


def reconcile(window=RECONCILE_WINDOW):
    """Repair what a lost task left undone: completions not recorded, certificates not issued.

    Only learners who completed a lesson within `window` are looked at: lost messages are recent.
    """
    repaired = 0
    cutoff = timezone.now() - window
    candidates = (
        Enrolment.objects.filter(completed_at__isnull=True, user__lesson_progress__completed_at__gte=cutoff)
        .values_list("user_id", "course_id")
        .distinct()
    )
    for user_id, course_id in candidates:
        repaired += update_course_completion(user_id, course_id) is not None
    missing = Enrolment.objects.filter(completed_at__isnull=False, course__certificate_enabled=True).exclude(
        certificates__completed_at=F("completed_at")
    )
    for enrolment_id in missing.values_list("pk", flat=True):
        repaired += issue_certificate(enrolment_id) is not None
    return repaired
