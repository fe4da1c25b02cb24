"""Views of the public side: accessibility feedback with its spam defences.

The form is sent by anonymous visitors to pages that set no cookies, so it cannot carry Django's CSRF cookie.
It is exempt from CSRF on purpose: CSRF forges a request in the name of a signed-in victim, and this form acts
for nobody, it only stores a message. What protects it instead: the browser's own same-origin headers
(`Origin`, `Sec-Fetch-Site`), a honeypot field, and a rate limit per hashed client address.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from courses.models import AccessibilityStatementPage
from courses.tasks import notify_accessibility_feedback

from ..http import client_address
from .forms import FeedbackForm


def client_fingerprint(request):
    """The client's address, keyed with SECRET_KEY: enough to count submissions, not to recover the address."""
    address = client_address(request)
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
    with transaction.atomic():
        feedback = form.save()
        notify_accessibility_feedback.delay_on_commit(feedback.pk)
    return _thank_you(page)


def _thank_you(page):
    # 303: the browser fetches the thank-you page with GET, so reloading it sends nothing twice. The
    # thanks are in the address, not in a message cookie: public pages set no cookies.
    return HttpResponseRedirect(f"{page.url}?gesendet=1#rueckmeldung", status=303)
