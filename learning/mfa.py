"""The second factor (django-otp): a TOTP authenticator app, with one-time backup codes.

Required for the roles of SECOND_FACTOR_REQUIRED_GROUPS (Redaktion, Koordination, Datenschutz) and for
superusers; anyone else may switch it on in "Zwei-Faktor-Anmeldung". After the password, a session of a
person with a confirmed device reaches nothing but the code page, sign-out and static files until the code
is entered (SecondFactorMiddleware); a person who must have a device and has none is sent to set it up
first. A sign-in through the identity provider that asserted a second factor of its own counts as verified
(`IDP_SECOND_FACTOR` in the session, set by learning.oidc). Wrong codes are throttled by django-otp
(growing delays per device, OTP_TOTP_THROTTLE_FACTOR); set-up, removal, new backup codes and a reset by an
administrator are security events.
"""

import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import privacy
from .forms import SecondFactorForm
from .models import AccessLogEntry

Action = AccessLogEntry.Action
IDP_SECOND_FACTOR = "lernhafen_mfa_by_idp"
STATE = "lernhafen_second_factor"  # "device", "required" or "none", decided at sign-in
BACKUP_CODES = 10
# Paths an unverified session may reach: the code page and the set-up (their URLs), sign-out, files.
OPEN_URL_NAMES = ("second_factor", "second_factor_setup", "logout", "wagtailadmin_logout")


def second_factor_required(user):
    if user.is_superuser and settings.SECOND_FACTOR_REQUIRED_FOR_SUPERUSERS:
        return True
    return user.groups.filter(name__in=settings.SECOND_FACTOR_REQUIRED_GROUPS).exists()


def second_factor_done(request):
    return request.user.is_verified() or bool(request.session.get(IDP_SECOND_FACTOR))


@receiver(user_logged_in)
def _decide_at_sign_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if user_has_device(user):
        request.session[STATE] = "device"
    else:
        request.session[STATE] = "required" if second_factor_required(user) else "none"


class SecondFactorMiddleware:
    """Keeps a signed-in session that still owes its second factor on the code or set-up page.

    Costs no query for people without a second factor: what applies was decided at sign-in; only admin
    requests check the roles again (a role given during the session counts at once there)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.open_paths = None

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not second_factor_done(request):
            target = self._target(request)
            if target is not None and request.path_info not in self._open_paths():
                return self._send_to(request, target)
        return self.get_response(request)

    def _open_paths(self):
        if self.open_paths is None:
            self.open_paths = {reverse(name) for name in OPEN_URL_NAMES}
        return self.open_paths

    def _target(self, request):
        state = request.session.get(STATE)
        if state is None:  # a session from before the second factor existed: decide now
            _decide_at_sign_in(None, request, request.user)
            state = request.session[STATE]
        admin = request.path_info.startswith("/admin/")
        if state == "none" and admin and second_factor_required(request.user):
            state = request.session[STATE] = "required"
        if state == "device":
            return "second_factor"
        if state == "required":
            return "second_factor_setup"
        return None

    def _send_to(self, request, target):
        if request.path_info.startswith("/api/"):
            message = _("Bitte bestätigen Sie zuerst Ihre Anmeldung mit dem zweiten Faktor.")
            return JsonResponse({"errors": {"__all__": message}}, status=401)
        if request.path_info.startswith(settings.STATIC_URL):
            return self.get_response(request)
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(reverse(target) + (f"?{query}" if query else ""))


def _next_url(request):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, require_https=request.is_secure()):
        return candidate
    return settings.LOGIN_REDIRECT_URL


def _verified(request, device):
    otp_login(request, device)
    request.session[STATE] = "device"
    # A new session key once the sign-in is complete (as Django does at login).
    request.session.cycle_key()


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def second_factor_view(request):
    """Step two of the sign-in: the code from the app (or a backup code)."""
    if second_factor_done(request):
        return redirect(_next_url(request))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = _throttled(request.user)
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            _verified(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(request, _remaining_codes_message(device))
            return redirect(_next_url(request))
        privacy.log_failed_sign_in(
            request.user.get_username(), request.user, "zweiter Faktor falsch (Anmeldeseite)"
        )
        form.add_error("code", _code_refused_message(throttled))
    return render(request, "registration/second_factor.html", {"form": form, "next": _next_url(request)})


def _throttled(user, devices=None):
    """Whether django-otp makes the person wait before the next code is even checked."""
    devices = devices_for_user(user) if devices is None else devices
    return any(not device.verify_is_allowed()[0] for device in devices)


def _code_refused_message(throttled):
    if throttled:
        return _(
            "Zu viele falsche Codes. Bitte warten Sie einen Moment und versuchen Sie es dann noch einmal."
        )
    return _("Der Code stimmt nicht. Bitte geben Sie den aktuellen Code aus Ihrer App ein.")


def _remaining_codes_message(device):
    left = device.token_set.count()
    return _(
        "Sie haben sich mit einem Notfall-Code angemeldet. Es bleiben %(left)s. Erzeugen Sie bei Bedarf "
        "neue unter „Zwei-Faktor-Anmeldung“."
    ) % {"left": left}


def _pending_device(user):
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=_("Authenticator-App"), confirmed=False)


def _new_backup_codes(user):
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Notfall-Codes")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def secret_text(device):
    """The key as the apps ask for it when typed in: Base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _log(user, reason, actor=None):
    privacy.log_security_event(actor or user, Action.SECOND_FACTOR_CHANGED, reason, user)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup_view(request):
    """ "Zwei-Faktor-Anmeldung": set up the app, new backup codes, or switch it off where that is allowed."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    required = second_factor_required(user)
    context = {"required": required, "next": _next_url(request), "confirmed": confirmed}
    action = request.POST.get("action") if request.method == "POST" else None
    if confirmed:
        if not second_factor_done(request):
            return redirect(reverse("second_factor") + "?" + urlencode({"next": request.get_full_path()}))
        if action == "new_codes":
            with transaction.atomic():
                context["codes"] = _new_backup_codes(user)
                _log(user, "neue Notfall-Codes erzeugt")
        elif action == "remove" and not required:
            with transaction.atomic():
                for device in devices_for_user(user, confirmed=None):
                    device.delete()
                _log(user, "Zwei-Faktor-Anmeldung ausgeschaltet")
            request.session[STATE] = "none"
            messages.success(request, _("Die Zwei-Faktor-Anmeldung ist ausgeschaltet."))
            return redirect("second_factor_setup")
        context["codes_left"] = StaticToken.objects.filter(device__user=user).count()
        return render(request, "learning/second_factor_setup.html", context)

    device = _pending_device(user)
    form = SecondFactorForm(request.POST if action == "confirm" else None)
    if action == "confirm" and form.is_valid():
        throttled = _throttled(user, [device])
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                context["codes"] = _new_backup_codes(user)
                _log(user, "Zwei-Faktor-Anmeldung eingerichtet")
            _verified(request, device)
            context["confirmed"] = True
            messages.success(request, _("Die Zwei-Faktor-Anmeldung ist eingerichtet."))
            return render(request, "learning/second_factor_setup.html", context)
        form.add_error("code", _code_refused_message(throttled))
    context.update(
        form=form,
        secret=secret_text(device),
        qr=segno.make(device.config_url, error="m", micro=False).svg_inline(
            scale=4, title=_("QR-Code für die Authenticator-App")
        ),
    )
    return render(request, "learning/second_factor_setup.html", context)


def reset(user, actor=None):
    """An administrator's reset: every device goes; the person sets up a new one at the next sign-in."""
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=None):
            device.delete()
        _log(user, "Zwei-Faktor-Anmeldung zurückgesetzt (Administration)", actor)
