"""Review reminders: editors hear once a day about public pages whose "Stand" date is too old."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from wagtail.models import get_page_models

from .notifications import editor_addresses

REVIEW_FIELD = "reviewed_at"


def reviewed_page_models():
    """Page types with a "Stand" date of their own (subclasses inherit it and would count pages twice)."""
    return [
        model
        for model in get_page_models()
        if any(field.name == REVIEW_FIELD for field in model._meta.local_fields)
    ]


def pages_due_for_review(today):
    """Live pages whose "Stand" date is older than EXPLAINER_REVIEW_MONTHS before today, or missing."""
    cutoff = today - relativedelta(months=settings.EXPLAINER_REVIEW_MONTHS)
    due = Q(**{f"{REVIEW_FIELD}__lt": cutoff}) | Q(**{f"{REVIEW_FIELD}__isnull": True})
    pages = []
    for model in reviewed_page_models():
        pages += model.objects.live().filter(due)
    # Oldest first; a page without a date is the most overdue of all.
    return sorted(pages, key=lambda page: (getattr(page, REVIEW_FIELD) or date.min, page.title))


def send_review_reminders(today=None):
    """Send one summary mail to the editors; a second run on the same day sends nothing.

    Returns the number of pages named in the mail (0 when no mail went out).
    """
    today = today or timezone.localdate()
    key = f"review-reminders:{today.isoformat()}"
    # add() claims the day atomically, so two deliveries of the same day's beat task cannot both send.
    if not cache.add(key, True, timeout=60 * 60 * 48):
        return 0
    try:
        pages = pages_due_for_review(today)
        recipients = editor_addresses()
        if not (pages and recipients):
            return 0
        _send_summary(pages, recipients)
    except Exception:
        cache.delete(key)  # the retry may try again today
        raise
    return len(pages)


def _send_summary(pages, recipients):
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    items = [
        {
            "page": page,
            "reviewed_at": getattr(page, REVIEW_FIELD),
            "edit_url": base_url + reverse("wagtailadmin_pages:edit", args=[page.pk]),
        }
        for page in pages
    ]
    body = render_to_string(
        "public/email/review_reminder.txt", {"items": items, "months": settings.EXPLAINER_REVIEW_MONTHS}
    )
    subject = ngettext(
        "%(count)d öffentliche Seite braucht eine Prüfung",
        "%(count)d öffentliche Seiten brauchen eine Prüfung",
        len(pages),
    ) % {"count": len(pages)}
    EmailMessage(subject=subject, body=body, to=recipients).send()
