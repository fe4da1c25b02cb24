"""The one place that decides who may read whose learning data, and the access log of every such read.

A person always reads their own data. Other apps grant more through reader rules
(in the style of Kolibri's `readable_by_user_filter`): a rule takes the viewer and returns a `Q` on the
user model naming the people whose data the viewer may read. The Digitalisierungslotsen app registers
"my Lotse, while I consent". Every read of somebody else's data goes through `require_read`, which
writes the access log; nothing else in the code base decides this.
"""

import json
import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .dashboard import course_statuses
from .models import AccessLogEntry, Enrolment
from .models.privacy import attempted_name_pseudonym, pseudonym

_reader_rules = {}

# Aggregates: a figure about fewer people than this is shown as "weniger als 5" (DESIGN.md, privacy).
MIN_GROUP = 5
SUPPRESSED = _("weniger als 5")


def is_small(people):
    return people < MIN_GROUP


def suppress_small(people):
    """A count of people as shown on screen and in exports: "weniger als 5" below the threshold."""
    return SUPPRESSED if is_small(people) else people


class NotReadable(PermissionDenied):
    """The viewer may not read this person's learning data."""


def register_reader_rule(name, rule):
    """Grant read access: `rule(viewer)` returns a Q on the user model. Registering a name again replaces it."""
    _reader_rules[name] = rule


def readable_by_user_filter(viewer):
    """Q on the user model: the people whose learning data `viewer` may read (always themselves)."""
    if not viewer.is_authenticated:
        return Q(pk__in=[])
    condition = Q(pk=viewer.pk)
    for rule in _reader_rules.values():
        condition |= rule(viewer)
    return condition


def readable_users(viewer):
    return get_user_model().objects.filter(readable_by_user_filter(viewer))


def can_read(viewer, subject):
    if viewer.is_authenticated and viewer.pk == subject.pk:
        return True
    return readable_users(viewer).filter(pk=subject.pk).exists()


def _entry(viewer_id, subject_id, action, reason, subject_ref=""):
    """An unsaved entry with the pseudonyms of both people, so that it outlives their accounts."""
    return AccessLogEntry(
        viewer_id=viewer_id,
        viewer_ref=pseudonym(viewer_id),
        subject_id=subject_id,
        subject_ref=subject_ref or pseudonym(subject_id),
        action=action,
        reason=str(reason)[:200],
    )


def _pk(user):
    return user.pk if user is not None and user.is_authenticated else None


def log_access(viewer, subject, action, reason):
    """Write one access-log entry (reads go through `require_read`, which skips one's own data)."""
    entry = _entry(_pk(viewer), _pk(subject), action, reason)
    entry.save()
    return entry


# Security events also go to the logs as one JSON object per line (for a SIEM), with account ids, never names.
security_logger = logging.getLogger("lernhafen.security")


def _log_line(actor_id, action, reason, subject_id=None, subject_ref=""):
    record = {"event": str(action), "actor": actor_id, "subject": subject_id, "reason": str(reason)}
    if subject_ref:
        record["subject_ref"] = subject_ref
    security_logger.info(json.dumps(record, ensure_ascii=False, sort_keys=True))


def log_security_event(actor, action, reason, subject=None, subject_ref=""):
    """Write one security event: `actor` did `action` (to `subject`'s account, if any).

    `actor` may be None (a failed sign-in, a command run outside a request). `subject_ref` names an account
    that does not exist (the pseudonym of an attempted username).
    """
    entry = _entry(_pk(actor), _pk(subject), action, reason, subject_ref=subject_ref)
    entry.save()
    _log_line(entry.viewer_id, action, reason, entry.subject_id, subject_ref)
    return entry


def log_security_events(actor, action, reasons):
    """One security event per account in one query; `reasons` maps an account's id to its reason."""
    actor_id = _pk(actor)
    AccessLogEntry.objects.bulk_create(_entry(actor_id, pk, action, reasons[pk]) for pk in sorted(reasons))
    for pk in sorted(reasons):
        _log_line(actor_id, action, reasons[pk], pk)


def log_failed_sign_in(username, account, reason):
    """A failed sign-in: on `account` if the username belongs to one, else under the name's pseudonym."""
    ref = "" if account is not None else attempted_name_pseudonym(username)
    return log_security_event(None, AccessLogEntry.Action.SIGN_IN_FAILED, reason, account, ref)


def require_read(viewer, subject, action, reason):
    """Allow and log a read of `subject`'s data by `viewer`, or raise NotReadable (nothing logged)."""
    if not can_read(viewer, subject):
        raise NotReadable
    if viewer.pk != subject.pk:
        log_access(viewer, subject, action, reason)


def log_reads(viewer, action, reasons):
    """Write one access-log entry per other person in one query; `reasons` maps a subject id to its reason.

    For listings: the caller has decided already that `viewer` may see these rows (a reader rule, or a
    role's own rule such as Koordination's view of mandatory trainings). One's own rows are not logged.
    """
    AccessLogEntry.objects.bulk_create(
        _entry(viewer.pk, pk, action, reasons[pk]) for pk in sorted(reasons) if pk != viewer.pk
    )


def readable_subset(viewer, subjects, action, reasons):
    """The ids among `subjects` whose data `viewer` may read; logs one entry per other person (two queries).

    `reasons` maps a subject id to the reason written to the log.
    """
    ids = {subject.pk for subject in subjects}
    allowed = set(readable_users(viewer).filter(pk__in=ids).values_list("pk", flat=True))
    log_reads(viewer, action, {pk: reasons[pk] for pk in allowed})
    return allowed


def course_progress(viewer, subjects, reasons):
    """{subject id: [CourseStatus, ...]} for the subjects `viewer` may read, each read logged.

    Only course, lessons done and completion show; quiz answers, scores and time spent are never read here.
    Queries: three, plus two per readable subject (learning.dashboard.course_statuses).
    """

    allowed = readable_subset(viewer, subjects, AccessLogEntry.Action.VIEW_PROGRESS, reasons)
    enrolments = {pk: [] for pk in allowed}
    for enrolment in (
        Enrolment.objects.filter(user_id__in=allowed, course__live=True)
        .select_related("course")
        .order_by("-enrolled_at")
    ):
        enrolments[enrolment.user_id].append(enrolment)
    by_id = {subject.pk: subject for subject in subjects}
    return {pk: course_statuses(by_id[pk], enrolments[pk]) for pk in allowed}
