"""Who may see which Lotsen data: queryset filters, the one place for these rules in the app.

Each function returns a `Q` for one model, so views compose them with `|` and `&` and never decide
in templates. Reading a colleague's learning progress is decided by `learning.privacy`; this module
contributes the rule "my Lotse, while I consent" to it (registered in `LotsenConfig.ready`). Consent names a
person (`Coaching.consent_to`), never a profile. The Kompetenz-Check has a switch of its own, decided here
(`self_checks_readable_by`); its reads are logged through `learning.privacy.log_access` by the view.
"""

from django.contrib.auth import get_user_model
from django.db.models import F, Q

from .models import Coaching, HelpRequest, Lotse, PrivateNote


def active_lotse(user):
    """The user's active Lotse profile, or None (also when the account itself is deactivated)."""
    if not user.is_authenticated:
        return None
    return Lotse.objects.filter(user=user, active=True, user__is_active=True).first()


def active_lotsen():
    """Q on Lotse: who takes requests and shows in the directory (profile and account active)."""
    return Q(active=True, user__is_active=True)


# Coaching
def coachings_led_by(user):
    return Q(lotse__user=user, lotse__active=True)


def open_coachings_led_by(user):
    return coachings_led_by(user) & Q(ended_at=None)


def coachings_to_log(user):
    """Coachings `user` may log a session for: led by them, open, and accepted by the colleague."""
    return open_coachings_led_by(user) & Q(accepted_at__isnull=False)


def coachings_received_by(user):
    return Q(colleague=user)


def coachings_visible_to(user):
    return coachings_led_by(user) | coachings_received_by(user)


def _consented_to(viewer):
    """Q on Coaching: open coachings led by `viewer` in which the consent names `viewer` as a person.

    Consent goes to a person: a profile pointed at another account later reads nothing."""
    return coachings_led_by(viewer) & Q(ended_at__isnull=True, consent_to=viewer)


def coached_with_consent(viewer):
    """Q on the user model: colleagues who let `viewer`, their active Lotse, see their learning progress."""
    colleague_ids = Coaching.objects.filter(_consented_to(viewer), consent_given_at__isnull=False).values(
        "colleague_id"
    )
    return Q(pk__in=colleague_ids)


def reminder_copy_recipients(user_ids):
    """{colleague id: [(name, address), ...]}: the Lotsen who may get a copy of these colleagues' reminders
    of mandatory trainings, registered with `learning.reminders` in `LotsenConfig.ready`.

    The same people who may read their progress: an open coaching whose consent names the Lotse's own,
    active account. That the colleague wants the copy at all is their choice in learning (the reminders ask).
    """
    rows = (
        Coaching.objects.filter(
            colleague_id__in=user_ids,
            ended_at__isnull=True,
            consent_given_at__isnull=False,
            consent_to=F("lotse__user"),
            lotse__active=True,
            lotse__user__is_active=True,
        )
        .exclude(lotse__user__email="")
        .select_related("lotse__user")
        .order_by("started_at")
    )
    result = {}
    for coaching in rows:
        result.setdefault(coaching.colleague_id, []).append((coaching.lotse.name, coaching.lotse.user.email))
    return result


def coached_with_self_check_consent(viewer):
    """Q on the user model: colleagues who let `viewer` see their Kompetenz-Check (a switch of its own)."""
    colleague_ids = Coaching.objects.filter(
        _consented_to(viewer), self_check_consent_given_at__isnull=False
    ).values("colleague_id")
    return Q(pk__in=colleague_ids)


# Help requests
def requests_to_answer(user):
    return Q(lotse__user=user, lotse__active=True, status=HelpRequest.Status.ASSIGNED)


def requests_to_withdraw(user):
    """Q on HelpRequest: the user's own requests that nobody has taken yet."""
    return Q(requester=user, status__in=HelpRequest.OPEN_STATUSES)


# Sessions: the colleague sees the sessions of their coachings, the Lotse the ones they logged.
def sessions_seen_by_colleague(user):
    return Q(coaching__colleague=user)


def sessions_logged_by(user):
    return Q(lotse__user=user)


def private_notes_of(user):
    """The only way to private notes: those the user wrote. A note belongs to its author, not to a profile."""
    if not user.is_authenticated:
        return PrivateNote.objects.none()
    return PrivateNote.objects.filter(author=user)


# Self-checks
def self_checks_readable_by(viewer):
    """Q on SelfCheck: own checks, and those of colleagues who let `viewer` see their Kompetenz-Check."""
    if not viewer.is_authenticated:
        return Q(pk__in=[])
    return Q(user=viewer) | Q(
        user__in=get_user_model().objects.filter(coached_with_self_check_consent(viewer))
    )


# Coordination
REPORT_PERMISSION = "lotsen.report_lotse"


def may_see_reports(user):
    return user.is_authenticated and user.has_perm(REPORT_PERMISSION)
