"""Feedback on accessibility: the public form, its spam defences, the editors' e-mail and the admin listing.

The form is sent by anonymous visitors to pages that set no cookies, so it cannot carry Django's CSRF cookie.
It is exempt from CSRF on purpose: CSRF forges a request in the name of a signed-in victim, and this form acts
for nobody, it only stores a message. What protects it instead: the browser's own same-origin headers
(`Origin`, `Sec-Fetch-Site`), a honeypot field, and a rate limit per hashed client address.
"""

import hashlib
import hmac
import logging
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import AccessibilityFeedback, AccessibilityStatementPage

logger = logging.getLogger(__name__)

# learning.roles.EDITORS; courses may not import learning.
EDITORS_GROUP = "Redaktion"
HONEYPOT_FIELD = "website"


def editor_addresses():
    """E-mail addresses of the active Redaktion members and of EDITOR_NOTIFICATION_EMAILS, without repeats."""
    members = (
        get_user_model()
        .objects.filter(groups__name=EDITORS_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted({*members, *settings.EDITOR_NOTIFICATION_EMAILS})


class FeedbackForm(forms.ModelForm):
    # Bots fill in every field; people never see this one (see the template). It is not a model field.
    website = forms.CharField(required=False, label=_("Bitte lassen Sie dieses Feld leer"))

    class Meta:
        model = AccessibilityFeedback
        fields = ["message", "name", "email", "page_url"]
        labels = {
            "message": _("Ihre Nachricht"),
            "name": _("Ihr Name"),
            "email": _("Ihre E-Mail-Adresse"),
            "page_url": _("Seite, um die es geht"),
        }
        help_texts = {
            "message": _("Beschreiben Sie bitte, was nicht funktioniert. Höchstens 2000 Zeichen."),
            "email": _("Nur wenn Sie eine Antwort möchten."),
            "page_url": _("Zum Beispiel https://www.jobcenter-musterkreis.de/erklaert/ oder /erklaert/"),
        }
        error_messages = {
            "message": {
                "required": _("Bitte schreiben Sie uns Ihre Nachricht."),
                "max_length": _(
                    "Ihre Nachricht ist zu lang. Bitte kürzen Sie sie auf höchstens %(limit_value)d Zeichen "
                    "(jetzt sind es %(show_value)d)."
                ),
            },
            "name": {"max_length": _("Der Name ist zu lang. Höchstens %(limit_value)d Zeichen, bitte.")},
            "email": {
                "invalid": _(
                    "Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@beispiel.de."
                ),
                "max_length": _("Die E-Mail-Adresse ist zu lang."),
            },
            "page_url": {"max_length": _("Die Adresse der Seite ist zu lang.")},
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "kern-form-input__input")
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def full_clean(self):
        super().full_clean()
        # Screen readers announce the field as invalid and read its message (components/form_field.html).
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}-errors"

    def clean_page_url(self):
        value = self.cleaned_data["page_url"].strip()
        if value and not (value.startswith("/") or urlsplit(value).scheme in ("http", "https")):
            raise forms.ValidationError(
                _("Bitte geben Sie die Adresse der Seite an, zum Beispiel https://www.beispiel.de/seite/.")
            )
        return value

    @property
    def is_spam(self):
        return bool(self.data.get(HONEYPOT_FIELD))


def client_fingerprint(request):
    """The client's address, keyed with SECRET_KEY: enough to count submissions, not to recover the address."""
    address = request.META.get(settings.CLIENT_IP_HEADER or "REMOTE_ADDR") or request.META.get(
        "REMOTE_ADDR", ""
    )
    # In a list (X-Forwarded-For) only the last entry was written by our proxy; the ones before it are the
    # client's own claims.
    address = address.split(",")[-1].strip()
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def take_submission_slot(request):
    """Count one submission for this client in the current hour; False once the hourly limit is used up."""
    hour = timezone.now().strftime("%Y%m%d%H")
    key = f"accessibility-feedback:{client_fingerprint(request)}:{hour}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    return count <= settings.ACCESSIBILITY_FEEDBACK_PER_HOUR


def is_same_origin(request):
    """True unless the browser says the form was sent from another site (these headers cannot be forged
    by a web page; clients that send neither header are not browsers acting for a victim)."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return origin == f"{request.scheme}://{request.get_host()}" or origin in settings.CSRF_TRUSTED_ORIGINS


def _render_form(request, page, form, status):
    context = page.get_context(request)
    context["form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=status)


@csrf_exempt  # see the module docstring
@require_POST
def submit_feedback(request, page_id):
    page = AccessibilityStatementPage.objects.live().public().filter(pk=page_id).first()
    if page is None:
        raise Http404
    if not is_same_origin(request):
        raise PermissionDenied
    form = FeedbackForm(request.POST)
    if form.is_spam:
        # Looks like success to the bot; nothing is stored and nobody is told.
        take_submission_slot(request)
        return _thank_you(page)
    if not form.is_valid():
        return _render_form(request, page, form, status=400)
    if not take_submission_slot(request):
        form.add_error(
            None,
            _(
                "Sie haben in der letzten Stunde schon mehrere Nachrichten geschickt. "
                "Bitte versuchen Sie es später noch einmal."
            ),
        )
        return _render_form(request, page, form, status=429)
    from .tasks import notify_accessibility_feedback

    with transaction.atomic():
        feedback = form.save()
        notify_accessibility_feedback.delay_on_commit(feedback.pk)
    return _thank_you(page)


def _thank_you(page):
    # 303: the browser fetches the thank-you page with GET, so reloading it sends nothing twice. The
    # thanks are in the address, not in a message cookie: public pages set no cookies.
    return HttpResponseRedirect(f"{page.url}?gesendet=1#rueckmeldung", status=303)


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
            "courses/email/feedback_notification.txt", {"feedback": feedback, "admin_url": admin_url}
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
