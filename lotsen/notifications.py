"""E-mail of the Lotsen app: to the Lotse a help request is assigned to (once per assignment, notified_at),
and to the other side of a coaching that ended (once per coaching, end_notified_at)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.models.org import display_name

from .models import Coaching, HelpRequest

# A message lost on the way to the worker is repaired after this long.
PENDING_AFTER = timedelta(minutes=10)


def notify_assigned_lotse(request_id):
    """Send the mail unless it was sent for this assignment already; True when a mail went out.

    The row stays locked while sending, so two deliveries of the same task send one mail. Only the
    request row is locked (`of`): PostgreSQL cannot lock the nullable side of the outer joins.
    """
    with transaction.atomic():
        help_request = (
            HelpRequest.objects.select_for_update(of=("self",))
            .filter(pk=request_id, status=HelpRequest.Status.ASSIGNED, notified_at__isnull=True)
            .select_related("lotse__user", "requester", "competence")
            .first()
        )
        if help_request is None or not help_request.lotse.user.email:
            return False
        context = {
            "help_request": help_request,
            "lotse": help_request.lotse,
            "requester_name": display_name(help_request.requester),
            "dashboard_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("lotsen:index"),
        }
        send_mail(
            subject=_("Neue Hilfeanfrage: %(topic)s") % {"topic": help_request.topic_label},
            message=render_to_string("lotsen/mail/request_assigned.txt", context),
            from_email=None,
            recipient_list=[help_request.lotse.user.email],
        )
        help_request.notified_at = timezone.now()
        help_request.save(update_fields=["notified_at"])
    return True


def notify_pending():
    """Send what a lost task left unsent (scheduled by beat)."""
    stale = timezone.now() - PENDING_AFTER
    pending = HelpRequest.objects.filter(
        status=HelpRequest.Status.ASSIGNED, notified_at__isnull=True, updated_at__lt=stale
    ).values_list("pk", flat=True)
    return sum(notify_assigned_lotse(pk) for pk in list(pending))


def notify_coaching_ended(coaching_id):
    """Tell the other side that a coaching ended: the colleague, or the Lotse when the colleague ended it.

    When the Lotse is no longer active, the colleague learns that the coordination's pool is the next step.
    """
    with transaction.atomic():
        coaching = (
            Coaching.objects.select_for_update(of=("self",))
            .filter(pk=coaching_id, ended_at__isnull=False, end_notified_at__isnull=True)
            .select_related("lotse__user", "colleague")
            .first()
        )
        if coaching is None:
            return False
        by_colleague = coaching.ended_by_id == coaching.colleague_id
        recipient = coaching.lotse.user if by_colleague else coaching.colleague
        coaching.end_notified_at = timezone.now()
        coaching.save(update_fields=["end_notified_at"])
        if not recipient.email:
            return False
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        context = {
            "coaching": coaching,
            "recipient_name": display_name(recipient),
            "lotse_name": coaching.lotse.name,
            "colleague_name": display_name(coaching.colleague),
            "by_colleague": by_colleague,
            "by_lotse": coaching.ended_by_id is not None and coaching.ended_by_id == coaching.lotse.user_id,
            "lotse_left": not (coaching.lotse.active and coaching.lotse.user.is_active),
            "help_url": base + reverse("lotsen:help"),
            "support_url": base + reverse("lotsen:my_support"),
        }
        send_mail(
            subject=_("Ihre Lotsen-Begleitung ist beendet"),
            message=render_to_string("lotsen/mail/coaching_ended.txt", context),
            from_email=None,
            recipient_list=[recipient.email],
        )
    return True


def notify_lotse_left(colleague_id, lotse_name):
    """Tell a colleague that their coaching ended because its Lotse's profile was deleted with it.

    The coaching is gone by the time this runs, so it takes what the mail needs, not the coaching's id.
    """
    colleague = get_user_model().objects.filter(pk=colleague_id, is_active=True).first()
    if colleague is None or not colleague.email:
        return False
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "recipient_name": display_name(colleague),
        "lotse_name": lotse_name,
        "lotse_left": True,
        "help_url": base + reverse("lotsen:help"),
        "support_url": base + reverse("lotsen:my_support"),
    }
    send_mail(
        subject=_("Ihre Lotsen-Begleitung ist beendet"),
        message=render_to_string("lotsen/mail/coaching_ended.txt", context),
        from_email=None,
        recipient_list=[colleague.email],
    )
    return True


def notify_coaching_proposed(coaching_id):
    """Tell the colleague that a Lotse proposes a coaching, which waits for their answer."""
    coaching = (
        Coaching.objects.filter(pk=coaching_id, ended_at=None, accepted_at=None)
        .select_related("lotse__user", "colleague")
        .first()
    )
    if coaching is None or not coaching.colleague.email:
        return False
    context = {
        "recipient_name": display_name(coaching.colleague),
        "lotse_name": coaching.lotse.name,
        "support_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("lotsen:my_support"),
    }
    send_mail(
        subject=_("%(name)s möchte Sie begleiten") % {"name": coaching.lotse.name},
        message=render_to_string("lotsen/mail/coaching_proposed.txt", context),
        from_email=None,
        recipient_list=[coaching.colleague.email],
    )
    return True
