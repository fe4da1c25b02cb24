"""Retention of the Lotsen data: the purges that `LotsenConfig.ready` registers with `learning.retention`.

Each takes (cutoff, now, dry_run), deletes or only counts what is older than `cutoff`, and returns the count.
The Lotsen reports are not touched by any of this: their closed months are frozen as ReportSnapshots.
"""

from django.db.models import Q
from django.utils import timezone

from .models import Coaching, CoachingSession, HelpRequest, SelfCheck

CLOSED = (HelpRequest.Status.DONE, HelpRequest.Status.WITHDRAWN)


def _delete(queryset, dry_run):
    if dry_run:
        return queryset.count()
    _total, per_model = queryset.delete()
    return per_model.get(queryset.model._meta.label, 0)


def purge_self_checks(cutoff, now, dry_run):
    """Kompetenz-Checks filled in before `cutoff`, with their self-assessments."""
    return _delete(SelfCheck.objects.filter(created_at__lt=cutoff), dry_run)


def purge_coachings(cutoff, now, dry_run):
    """Coachings that ended before `cutoff`, with their sessions and the sessions' private notes.

    A session would outlive its coaching (the link is set to None), so the sessions go first.
    """
    coachings = Coaching.objects.filter(ended_at__lt=cutoff)
    if not dry_run:
        CoachingSession.objects.filter(coaching__in=coachings).delete()
    return _delete(coachings, dry_run)


def purge_sessions(cutoff, now, dry_run):
    """Sessions without a coaching dated before `cutoff`: office hours and groups (a head count, no names),
    and individual sessions whose coaching, Lotse or colleague was deleted. Private notes go with them."""
    day = timezone.localdate(cutoff)
    return _delete(CoachingSession.objects.filter(coaching__isnull=True, date__lt=day), dry_run)


def purge_help_requests(cutoff, now, dry_run):
    """Help requests done or withdrawn before `cutoff`.

    A request records no closing time; it is not changed after it is closed, so its last change stands in.
    """
    return _delete(HelpRequest.objects.filter(Q(status__in=CLOSED), updated_at__lt=cutoff), dry_run)
