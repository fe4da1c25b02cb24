"""Session policy: idle and absolute timeouts, no-store for everything a signed-in person receives, and a
sign-out that tells the browser to forget what it kept.

Timeouts (settings SESSION_IDLE_MINUTES, SESSION_ADMIN_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS):
- idle: a session with no request for 30 minutes ends; a session of someone who may use the Wagtail admin
  (decided at sign-in: Wagtail's "access admin" permission), after 15;
- absolute: a session ends one working day after sign-in, however active it was.
Every request of the person counts as activity, a video heartbeat too, so a learner watching a long video
stays signed in; the Wagtail editor's background pings do not, or an open editing tab would never time out.
The time of the last activity is written at most once a minute (ACTIVITY_RESOLUTION), so a heartbeat costs a
session write only once in four.

An ended session is flushed; a page request goes to the sign-in page with a German message, an API request
gets a German JSON 401 (the video player drops that heartbeat: at most its last 15 seconds are not credited).
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect, resolve_url
from django.utils.translation import gettext as _
from wagtail.admin.views import account as wagtail_account

STARTED = "lernhafen_session_started"
SEEN = "lernhafen_session_seen"
ADMIN = "lernhafen_session_admin"
ACCESS_ADMIN = "wagtailadmin.access_admin"
API_PREFIX = "/api/"
# Wagtail's editor pings this every few seconds while a page is open: that is a tab, not a person.
BACKGROUND_PREFIXES = ("/admin/editing-sessions/",)
ACTIVITY_RESOLUTION = 60  # seconds


@receiver(user_logged_in)
def _start_clock(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    _start(request.session, user)


def _start(session, user):
    now = int(time.time())
    session[STARTED] = session[SEEN] = now
    session[ADMIN] = user.has_perm(ACCESS_ADMIN)


def expiry_reason(session, now):
    """Why the session has ended at `now`, as a German sentence, or None while it is alive."""
    started = session.get(STARTED)
    seen = session.get(SEEN)
    if started is None or seen is None:
        return None
    if now - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
        return _(
            "Sie wurden nach %(hours)s Stunden automatisch abgemeldet. Bitte melden Sie sich neu an."
        ) % {"hours": settings.SESSION_ABSOLUTE_HOURS}
    minutes = settings.SESSION_ADMIN_IDLE_MINUTES if session.get(ADMIN) else settings.SESSION_IDLE_MINUTES
    if now - seen > minutes * 60:
        return _(
            "Sie wurden nach %(minutes)s Minuten ohne Aktivität abgemeldet. Bitte melden Sie sich neu an."
        ) % {"minutes": minutes}
    return None


class SessionPolicyMiddleware:
    """Ends sessions past their idle or absolute limit and marks every signed-in response no-store.

    Comes after MessageMiddleware, so that the sign-in page can show why the person was signed out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = request.user.is_authenticated
        if signed_in:
            ended = self._check(request)
            if ended is not None:
                return _no_store(ended)
        response = self.get_response(request)
        # Signed in at the start counts: the sign-out answer itself must not be kept either.
        if signed_in or request.user.is_authenticated:
            _no_store(response)
        return response

    def _check(self, request):
        session = request.session
        now = int(time.time())
        if STARTED not in session:
            # A session from before this policy, or signed in some other way: its clock starts now.
            _start(session, request.user)
        reason = expiry_reason(session, now)
        if reason is not None:
            return self._end(request, reason)
        background = request.path_info.startswith(BACKGROUND_PREFIXES)
        if not background and now - session.get(SEEN, 0) >= ACTIVITY_RESOLUTION:
            session[SEEN] = now
        return None

    def _end(self, request, reason):
        logout(request)
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse({"errors": {"__all__": reason}, "signed_out": True}, status=401)
        messages.info(request, reason)
        login_url = resolve_url(settings.LOGIN_URL)
        if request.method == "GET":
            login_url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(login_url)


def _no_store(response):
    """Nothing a signed-in person receives (pages, API answers, downloads) is kept by a browser or proxy."""
    response["Cache-Control"] = "no-store, private"
    del response["Expires"]
    return response


class ClearSiteDataMixin:
    """A sign-out (POST only, as in Django 5) whose answer also tells the browser to drop what it kept of the
    site: cached pages, local storage (the player's queue of unsent heartbeats) and cookies."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if settings.SIGN_OUT_CLEAR_SITE_DATA:
            response["Clear-Site-Data"] = settings.SIGN_OUT_CLEAR_SITE_DATA
        return response


class LogoutView(ClearSiteDataMixin, auth_views.LogoutView):
    """Sign-out of the staff portal."""


class AdminLogoutView(ClearSiteDataMixin, wagtail_account.LogoutView):
    """Wagtail's admin sign-out (its message and cookie handling), with the same header."""
