"""E-mail to the Redaktion about the public side: new accessibility feedback (review reminders use the list too)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import AccessibilityFeedback

logger = logging.getLogger(__name__)

# learning.roles.EDITORS; courses may not import learning.
EDITORS_GROUP = "Redaktion"


def editor_addresses():
    """E-mail addresses of the active Redaktion members and of EDITOR_NOTIFICATION_EMAILS, without repeats."""
    members = (
        get_user_model()
        .objects.filter(groups__name=EDITORS_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted({*members, *settings.EDITOR_NOTIFICATION_EMAILS})


def notify_editors(feedback_id):
    """Tell the editors about one feedback message; does nothing if they have been told already.

    The mail goes out before notified_at is written, with no lock held while the mail server answers:
    a crash in between sends the mail once more on redelivery, which is better than losing it.
    """
    feedback = AccessibilityFeedback.objects.filter(pk=feedback_id, notified_at__isnull=True).first()
    if feedback is None:
        return False
    recipients = editor_addresses()
    if recipients:
        admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "accessibilityfeedback:edit", args=[feedback.pk]
        )
        body = render_to_string(
            "public/email/feedback_notification.txt", {"feedback": feedback, "admin_url": admin_url}
        )
        EmailMessage(
            subject=str(_("Neue Rückmeldung zur Barrierefreiheit")),
            body=body,
            to=recipients,
            reply_to=[feedback.email] if feedback.email else None,
        ).send()
    else:
        logger.warning("Accessibility feedback %s: no editor has an e-mail address.", feedback.pk)
    AccessibilityFeedback.objects.filter(pk=feedback.pk, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    return True
