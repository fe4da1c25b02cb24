"""Retention: each category of personal data is deleted once its period in `settings.RETENTION` has passed.

Apps register a purge per category, the way they register reader rules: `register_purge(category, label,
function)`, where `function(cutoff, now, dry_run)` deletes (or, in a dry run, only counts) what is older than
`cutoff` and returns how many rows that is. Learning registers its own categories and those of `courses`
(which cannot import learning) below; lotsen registers its own in `LotsenConfig.ready`. `apply` runs them
all. Every purge selects only what is still there to delete, so a second run deletes nothing (twice = once).
Files go with their rows: `learning.signals` deletes a certificate's PDF whenever its row is deleted,
also by a cascade from an account or an enrolment.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from importlib import import_module

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from courses.models import AccessibilityFeedback, CoursePage, LessonPage

from .models import (
    HAS_DETAIL,
    AccessLogEntry,
    AccountDeactivation,
    Certificate,
    Enrolment,
    LessonProgress,
    QuizAttempt,
    Registration,
    ReminderDigest,
    RetentionRun,
    TerminNotice,
)

logger = logging.getLogger(__name__)

# Django's own expired sessions: their expiry date is the cutoff, so they have no RETENTION entry.
SESSIONS = "expired_sessions"


@dataclass(frozen=True)
class Purge:
    category: str
    label: str
    function: object

    def cutoff(self, now):
        period = settings.RETENTION.get(self.category)
        return now if period is None else now - relativedelta(**period)


_purges = {}


def register_purge(category, label, function):
    """Have `function(cutoff, now, dry_run) -> int` run for `category`, a key of `settings.RETENTION`.

    Registering a category again replaces its purge.
    """
    if category not in settings.RETENTION:
        raise ImproperlyConfigured(f"Retention category {category!r} has no entry in settings.RETENTION.")
    _purges[category] = Purge(category, label, function)


def purges():
    """The registered purges in the order they run."""
    return list(_purges.values())


def period(category):
    """The retention period of a category as `{unit: number}`, e.g. `{"months": 24}`."""
    return dict(settings.RETENTION[category])


def apply(dry_run=False, now=None):
    """Run every purge; returns {category: count}. A real run leaves a `RetentionRun` row.

    Each category runs in a transaction of its own: one that fails is logged and left for the next run,
    and the others still go.
    """
    now = now or timezone.now()
    started_at = timezone.now()
    counts, failed = {}, []
    for purge in purges():
        try:
            with transaction.atomic():
                counts[purge.category] = purge.function(purge.cutoff(now), now, dry_run)
        except Exception:
            logger.exception("Retention: purging %s failed", purge.category)
            failed.append(purge.category)
    if not dry_run:
        RetentionRun.objects.create(
            started_at=started_at, finished_at=timezone.now(), counts=counts, failed=failed
        )
    return counts


def _delete(queryset, dry_run):
    """Delete the rows (with their cascade and signals) or count them; returns the number of top-level rows."""
    if dry_run:
        return queryset.count()
    _total, per_model = queryset.delete()
    return per_model.get(queryset.model._meta.label, 0)


# Learning's categories.


def purge_progress_detail(cutoff, now, dry_run):
    """Empty the watched intervals, resume position and clock of lessons in courses completed before
    `cutoff`; coverage and the completion stay. A course reopened for a new cycle is not completed.

    One query per course, each through the index of rows with details (LessonProgress.Meta): a single query
    joining lessons to their course by tree path left PostgreSQL to guess that join and pick a plan that took
    a minute at 75,000 staff (docs/performance.md, "Scale on PostgreSQL").
    """
    lessons = defaultdict(list)
    # Lessons are children of their course page: the course's tree path is the lesson's without its last step.
    for lesson_id, path in LessonPage.objects.values_list("pk", "path"):
        lessons[path[: -Page.steplen]].append(lesson_id)
    ids = []
    for course_id, path in CoursePage.objects.values_list("pk", "path"):
        if not lessons[path]:
            continue
        completed = Enrolment.objects.filter(course_id=course_id, completed_at__lt=cutoff)
        ids += LessonProgress.objects.filter(
            HAS_DETAIL, lesson_id__in=lessons[path], user_id__in=completed.values("user_id")
        ).values_list("pk", flat=True)
    if not dry_run:
        for start in range(0, len(ids), 500):
            LessonProgress.objects.filter(pk__in=ids[start : start + 500]).update(
                intervals=[], position=0, heartbeat_at=None, allowance=0
            )
    return len(ids)


def purge_quiz_attempts(cutoff, now, dry_run):
    return _delete(QuizAttempt.objects.filter(submitted_at__lt=cutoff), dry_run)


def purge_reminders(cutoff, now, dry_run):
    """The record of sent reminders: the mandatory-training digests and the reminders of course dates."""
    return _delete(ReminderDigest.objects.filter(sent_on__lt=timezone.localdate(cutoff)), dry_run) + _delete(
        TerminNotice.objects.filter(sent_at__lt=cutoff), dry_run
    )


def purge_date_registrations(cutoff, now, dry_run):
    """Registrations (with attendance, waiting-list spots and cancellations) of dates that ended before
    `cutoff`. The completion that attending earned stays; a date without registrations may be deleted."""
    return _delete(Registration.objects.filter(termin__ends_at__lt=cutoff), dry_run)


def purge_access_log(cutoff, now, dry_run):
    return _delete(AccessLogEntry.objects.filter(created_at__lt=cutoff), dry_run)


def purge_expired_certificates(cutoff, now, dry_run):
    """Certificates whose validity ended, or that were revoked, before `cutoff`; their PDFs go with them."""
    day = timezone.localdate(cutoff)
    return _delete(Certificate.objects.filter(Q(valid_until__lt=day) | Q(revoked_at__lt=cutoff)), dry_run)


def purge_inactive_accounts(cutoff, now, dry_run):
    """Delete accounts deactivated before `cutoff`, with everything that cascades from them.

    An inactive account without a recorded deactivation gets one at `now` first (not in a dry run), so its
    period starts today rather than at some unknown earlier time.
    """
    users = get_user_model().objects.filter(is_active=False)
    if not dry_run:
        AccountDeactivation.objects.bulk_create(
            [
                AccountDeactivation(user_id=pk, deactivated_at=now)
                for pk in users.filter(deactivation__isnull=True).values_list("pk", flat=True)
            ]
        )
    return _delete(users.filter(deactivation__deactivated_at__lt=cutoff), dry_run)


# The content app's category: courses cannot import learning, so learning registers it.


def purge_accessibility_feedback(cutoff, now, dry_run):
    """Feedback marked as handled and received before `cutoff`.

    The model records that feedback was handled, not when, so the period counts from its receipt.
    Feedback not yet handled stays: somebody still has to answer it.
    """
    return _delete(AccessibilityFeedback.objects.filter(handled=True, created_at__lt=cutoff), dry_run)


def clear_expired_sessions(cutoff, now, dry_run):
    """Django's `clearsessions`: sessions whose expiry date has passed. Other engines expire by themselves
    (cache) or clear without counting (files, signed cookies): there the count is 0."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if issubclass(store, DatabaseSessionStore):
        return _delete(store.get_model_class().objects.filter(expire_date__lt=now), dry_run)
    if not dry_run:
        store.clear_expired()
    return 0


register_purge("progress_detail", _("Details des Lernfortschritts"), purge_progress_detail)
register_purge("quiz_attempts", _("Versuche im Wissenscheck"), purge_quiz_attempts)
register_purge("expired_certificates", _("abgelaufene Zertifikate"), purge_expired_certificates)
register_purge(
    "accessibility_feedback", _("Rückmeldungen zur Barrierefreiheit"), purge_accessibility_feedback
)
register_purge("date_registrations", _("Anmeldungen zu Terminen"), purge_date_registrations)
register_purge("reminders", _("versandte Erinnerungen"), purge_reminders)
register_purge("access_log", _("Einträge im Zugriffsprotokoll"), purge_access_log)
register_purge("inactive_accounts", _("deaktivierte Benutzerkonten"), purge_inactive_accounts)
_purges[SESSIONS] = Purge(SESSIONS, _("abgelaufene Sitzungen"), clear_expired_sessions)
