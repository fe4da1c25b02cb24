"""Who may see which Lotsen data: queryset filters, the one place for these rules in the app.

Each function returns a `Q` for one model, so views compose them with `|` and `&` and never decide
in templates. Reading a colleague's learning data is decided by `learning.privacy`; this module only
contributes the rule "my Lotse, while I consent" to it (registered in `LotsenConfig.ready`).
"""

from django.db.models import Q

from learning.privacy import readable_users

from .models import Coaching, HelpRequest, Lotse, PrivateNote


def active_lotse(user):
    """The user's active Lotse profile, or None."""
    if not user.is_authenticated:
        return None
    return Lotse.objects.filter(user=user, active=True).first()


# Coaching
def coachings_led_by(user):
    return Q(lotse__user=user, lotse__active=True)


def coachings_received_by(user):
    return Q(colleague=user)


def coachings_visible_to(user):
    return coachings_led_by(user) | coachings_received_by(user)


def coached_with_consent(viewer):
    """Q on the user model: colleagues in an open coaching with `viewer` as active Lotse who consent."""
    colleague_ids = Coaching.objects.filter(
        coachings_led_by(viewer), consent_given_at__isnull=False, ended_at__isnull=True
    ).values("colleague_id")
    return Q(pk__in=colleague_ids)


# Help requests
def requests_to_answer(user):
    return Q(lotse__user=user, lotse__active=True, status=HelpRequest.Status.ASSIGNED)


# Sessions: the colleague sees the sessions of their coachings, the Lotse the ones they logged.
def sessions_seen_by_colleague(user):
    return Q(coaching__colleague=user)


def sessions_logged_by(user):
    return Q(lotse__user=user)


def private_notes_of(user):
    """The only way to private notes: those on sessions the user logged themselves."""
    return PrivateNote.objects.filter(session__lotse__user=user)


# Self-checks
def self_checks_readable_by(viewer):
    """Q on SelfCheck: own checks, and those of people whose data `viewer` may read (learning.privacy)."""
    return Q(user__in=readable_users(viewer).values("pk"))


# Coordination
REPORT_PERMISSION = "lotsen.report_lotse"


def may_see_reports(user):
    return user.is_authenticated and user.has_perm(REPORT_PERMISSION)
