"""Sign-in with a local account: the one sign-in form, throttling of failed sign-ins, and password change.

Throttling (django-axes with the cache handler below; settings SIGN_IN_*): failed sign-ins are counted per
account and per account + address, never per address alone, so that one colleague's typos behind the
office's NAT address never lock out the others. More than SIGN_IN_FAILURES_PER_ADDRESS failures for one
account from one address, or SIGN_IN_FAILURES_PER_ACCOUNT for it from anywhere, within
SIGN_IN_FAILURE_WINDOW_MINUTES, pause sign-in to that account (from that address, or from everywhere) for
a cool-off that doubles with each pause in a day, from SIGN_IN_COOL_OFF_MINUTES up to
SIGN_IN_COOL_OFF_MAX_MINUTES: an attacker cannot guess, and cannot lock anybody out for long. The counts
live in the default cache (the database or Redis) under hashed keys that expire with the window: no address
is stored. A paused sign-in is refused with the same German message whether the account exists or not.
"""

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.conf import settings as axes_settings
from axes.handlers.cache import AxesCacheHandler
from axes.helpers import get_client_cache_keys, get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import RedirectView

from . import privacy
from .forms import LoginForm, PasswordChangeForm
from .models import AccessLogEntry

LOCKOUTS_KEY = "sign-in:lockouts:"


def _limits():
    # In the order of AXES_LOCKOUT_PARAMETERS: account + address, then account.
    return (settings.SIGN_IN_FAILURES_PER_ADDRESS, settings.SIGN_IN_FAILURES_PER_ACCOUNT)


def _over_limit(counts):
    return any(count >= limit for count, limit in zip(counts, _limits(), strict=True))


def _lockouts_key(username):
    # The pause grows per account; the key is axes' hashed key of the account (an unsaved attempt).
    return LOCKOUTS_KEY + get_client_cache_keys(AccessAttempt(username=username))[-1]


def cool_off(lockouts):
    """The pause after the `lockouts`-th lockout of a day: it doubles each time, up to the maximum."""
    minutes = settings.SIGN_IN_COOL_OFF_MINUTES * 2 ** max(0, min(lockouts, 20) - 1)
    return timedelta(minutes=min(minutes, settings.SIGN_IN_COOL_OFF_MAX_MINUTES))


class ThrottleHandler(AxesCacheHandler):
    """axes' cache handler with one limit per lockout parameter and a cool-off that grows."""

    def is_locked(self, request, credentials=None):
        if get_client_username(request, credentials) is None:
            return False  # single sign-on: the identity provider throttles its own sign-in
        keys = get_client_cache_keys(request, credentials)
        return _over_limit([self.cache.get(key, default=0) for key in keys])

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is None:
            return
        if getattr(request, "axes_locked_out", False):
            # Refused while paused (the backend did not even check the password): neither counted nor
            # extended, so that an attacker cannot keep a colleague locked out.
            request.axes_credentials = credentials
            return
        username = get_client_username(request, credentials)
        if username is None:
            return
        window = settings.SIGN_IN_FAILURE_WINDOW_MINUTES * 60
        keys = get_client_cache_keys(request, credentials)
        counts = []
        for key in keys:
            if self.cache.add(key, 1, timeout=window):
                counts.append(1)
            else:
                counts.append(self.cache.incr(key))
                self.cache.touch(key, window)
        if not _over_limit(counts):
            return
        lockouts_key = _lockouts_key(username)
        self.cache.add(lockouts_key, 0, timeout=24 * 3600)
        lockouts = self.cache.incr(lockouts_key)
        self.cache.touch(lockouts_key, 24 * 3600)
        pause = int(cool_off(lockouts).total_seconds())
        for key, count, limit in zip(keys, counts, _limits(), strict=True):
            if count >= limit:
                self.cache.touch(key, pause)
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send("axes", request=request, username=username, ip_address=request.axes_ip_address)

    def user_logged_in(self, sender, request, user, **kwargs):
        # A successful sign-in forgets the failures from this address (axes: AXES_RESET_ON_SUCCESS).
        keys = get_client_cache_keys(request, {axes_settings.AXES_USERNAME_FORM_FIELD: user.get_username()})
        self.cache.delete(keys[0])


def locked_out_message():
    return _(
        "Die Anmeldung ist nach mehreren Fehlversuchen für einige Minuten gesperrt. Bitte warten Sie und "
        "versuchen Sie es dann noch einmal. Haben Sie Ihr Passwort vergessen? Dann wenden Sie sich bitte "
        "an die Koordination."
    )


def lockout_response(request, original_response=None, credentials=None):
    """The sign-in page with the German message; the same for every typed name, existing or not."""
    username = request.POST.get("username", "")[:150]
    form = LoginForm(request, initial={"username": username})
    context = {"form": form, "errors": [locked_out_message()], "next": request.POST.get("next", "")}
    return render(request, LoginView.template_name, context, status=429)


class ThrottleBackend(AxesStandaloneBackend):
    """axes' backend for sign-ins over HTTP; a call without a request (Django's test client, a command)
    has no address to count and is left to the other backends."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        # Wagtail sends a signed-in person without admin access here; sending them back would loop.
        user = request.user
        wants_admin = self.get_redirect_url().startswith("/admin/")
        if user.is_authenticated and wants_admin and not user.has_perm("wagtailadmin.access_admin"):
            message = _(
                "Ihr Konto hat keinen Zugang zum Adminbereich. Bitte wenden Sie sich an die Koordination."
            )
            return render(request, "403.html", {"message": message}, status=403)
        return super().dispatch(request, *args, **kwargs)


class AdminLoginRedirectView(RedirectView):
    """Wagtail's own sign-in form is not used: the admin signs in through the one throttled form with its
    second factor (WAGTAILADMIN_LOGIN_URL points there too)."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        target = reverse("login")
        next_url = self.request.GET.get("next") or reverse("wagtailadmin_home")
        return f"{target}?{urlencode({'next': next_url})}"

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)


@method_decorator(never_cache, name="dispatch")
@method_decorator(login_required, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    """Every local account changes its password here, confirming the current one (re-authentication)."""

    template_name = "learning/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("password_change")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_usable_password():
            messages.info(
                request,
                _(
                    "Sie melden sich mit Ihrem Dienstkonto an. Ihr Passwort ändern Sie dort, wo Sie es "
                    "für Ihren Arbeitsplatz ändern."
                ),
            )
            return render(request, self.template_name, {"form": None})
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)  # saves and keeps this session (update_session_auth_hash)
        privacy.log_security_event(
            self.request.user, AccessLogEntry.Action.PASSWORD_CHANGED, "Passwort geändert", self.request.user
        )
        messages.success(self.request, _("Ihr Passwort ist geändert."))
        return response


class ContextWordValidator:
    """Refuses passwords that contain a word an attacker tries first: the platform's and the authority's
    names, and the person's own login and names (Django's similarity check misses "AnnaBecker2026")."""

    def __init__(self, words=("lernhafen", "jobcenter", "musterkreis", "passwort", "kennwort")):
        self.words = tuple(word.lower() for word in words)

    def _personal_words(self, user):
        if user is None:
            return ()
        values = (user.get_username(), user.first_name, user.last_name, user.email.partition("@")[0])
        return tuple(
            part.lower() for value in values for part in value.replace(".", " ").split() if len(part) >= 3
        )

    def validate(self, password, user=None):
        lowered = password.lower()
        found = [word for word in (*self.words, *self._personal_words(user)) if word in lowered]
        if found:
            raise ValidationError(
                _("Das Passwort darf kein naheliegendes Wort enthalten (hier: „%(word)s“)."),
                code="password_context_word",
                params={"word": found[0]},
            )

    def get_help_text(self):
        return _("Ihr Passwort darf keine naheliegenden Wörter wie „Lernhafen“ oder „Jobcenter“ enthalten.")
