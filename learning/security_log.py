"""Security events for the access log: sign-ins, failed sign-ins, refused accesses and changes of rights.

Receivers at the edge (connected in LearningConfig.ready) and one middleware. They write through
`learning.privacy`, like every other entry. What is stored (DESIGN.md asks for no more):
- a sign-in: who, and through which form (staff portal or admin); no IP address, no browser;
- a failed sign-in: the account if the username belongs to one, else a pseudonym of the typed name (people
  sometimes type their password into the name field, so the text itself is never stored); no IP address;
- a refused access: who, method and path (never the query string), only for signed-in people, so that bots
  on public pages write nothing;
- a change of rights: whose groups, direct permissions, or admin, superuser or active flags changed, and who
  changed them when it happened in a request (the middleware remembers the request for the signals).
"""

import contextvars

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db.models.signals import m2m_changed, post_init, post_save

from . import privacy
from .models import AccessLogEntry

Action = AccessLogEntry.Action
ADMIN_PREFIX = "/admin/"

_request = contextvars.ContextVar("learning_security_request", default=None)


def current_actor():
    """The signed-in person of the request being answered, or None (a command, a task, anonymous)."""
    request = _request.get()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class SecurityEventMiddleware:
    """Logs a PermissionDenied raised by a view for a signed-in person, and lends the request to the
    change-of-rights receivers, which Django calls without one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        refused = getattr(request, "_lernhafen_refused", None)
        if refused is not None and response.status_code == 403:
            log_refused(request, refused)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            request._lernhafen_refused = exception


def log_refused(request, exception):
    """Log a refused access of a signed-in person, once per request.

    The middleware calls this for a PermissionDenied that reaches Django's 403; a Wagtail admin view whose
    refusal Wagtail turns into a redirect to the dashboard calls it itself (the access log screen does).
    """
    if not request.user.is_authenticated or getattr(request, "_lernhafen_refusal_logged", False):
        return
    request._lernhafen_refusal_logged = True
    what = "Lerndaten einer anderen Person" if isinstance(exception, privacy.NotReadable) else "Seite"
    privacy.log_security_event(
        request.user, Action.ACCESS_REFUSED, f"{what}: {request.method} {request.path}"
    )


def _where(request):
    # The admin signs in through the same form (learning.signin); where it leads tells the two apart.
    path = getattr(request, "path", "") or ""
    query = getattr(request, "GET", {})
    form = getattr(request, "POST", {}) if getattr(request, "method", "") == "POST" else {}
    target = str(form.get("next") or query.get("next") or path)
    return "Adminbereich" if target.startswith(ADMIN_PREFIX) else "Anmeldeseite"


def signed_in(sender, request, user, **kwargs):
    privacy.log_security_event(user, Action.SIGN_IN, f"angemeldet ({_where(request)})")


def sign_in_failed(sender, credentials, request=None, **kwargs):
    User = get_user_model()
    username = str(credentials.get(User.USERNAME_FIELD) or "")
    account = User.objects.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    why = "Passwort falsch oder Konto gesperrt" if account is not None else "unbekannter Benutzername"
    privacy.log_failed_sign_in(username, account, f"{why} ({_where(request)})")


def locked_out(sender, request=None, username=None, **kwargs):
    """axes paused sign-in to an account (learning.signin): on the account, or the typed name's pseudonym.
    The address is not stored (DESIGN.md); the pause itself lives only in the cache."""
    User = get_user_model()
    name = str(username or "")
    account = User.objects.filter(**{User.USERNAME_FIELD: name}).first() if name else None
    ref = "" if account is not None else privacy.attempted_name_pseudonym(name)
    reason = f"nach mehreren Fehlversuchen ({_where(request)})"
    privacy.log_security_event(None, Action.LOCKED_OUT, reason, account, ref)


# Changes of rights through User.groups and User.user_permissions, in either direction
# (user.groups.add(group) and group.user_set.add(user)).
M2M_LABELS = {
    "groups": ("Gruppen", Group, "name", Action.GROUPS_CHANGED),
    "user_permissions": ("Einzelrechte", Permission, "name", Action.PERMISSIONS_CHANGED),
}


def _m2m_receiver(field):
    label, target, name_field, log_action = M2M_LABELS[field]

    def receiver(sender, instance, action, reverse, model, pk_set, **kwargs):
        if action == "pre_clear":
            # What a clear() removes is only known before it runs.
            related = getattr(instance, "user_set" if reverse else field)
            instance._lernhafen_cleared = set(related.values_list("pk", flat=True))
            return
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        ids = instance.__dict__.pop("_lernhafen_cleared", set()) if action == "post_clear" else pk_set
        if not ids:
            return
        sign = "+" if action == "post_add" else "−"
        if reverse:
            # instance is a group or permission, ids are users.
            reason = f"{label}: {sign} {getattr(instance, name_field)}"
            reasons = dict.fromkeys(ids, reason)
        else:
            names = sorted(target.objects.filter(pk__in=ids).values_list(name_field, flat=True))
            reasons = {instance.pk: f"{label}: " + ", ".join(f"{sign} {name}" for name in names)}
        privacy.log_security_events(current_actor(), log_action, reasons)

    return receiver


FLAGS = {
    "is_superuser": "Superuser",
    "is_staff": "Mitarbeiterstatus (Django-Admin)",
    "is_active": "aktiv",
}


def _yes_no(value):
    return "ja" if value else "nein"


def _remember_flags(sender, instance, **kwargs):
    # Only what was loaded: reading a deferred field here would cost a query per user.
    instance._lernhafen_flags = {flag: instance.__dict__[flag] for flag in FLAGS if flag in instance.__dict__}


def _flags_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    before = getattr(instance, "_lernhafen_flags", {})
    now = {flag: instance.__dict__[flag] for flag in FLAGS if flag in instance.__dict__}
    instance._lernhafen_flags = now
    if raw or (update_fields is not None and not set(update_fields) & set(FLAGS)):
        return
    if created:
        granted = [FLAGS[flag] for flag in ("is_superuser", "is_staff") if now.get(flag)]
        if granted:
            reason = "Konto angelegt mit: " + ", ".join(granted)
            privacy.log_security_event(current_actor(), Action.PERMISSIONS_CHANGED, reason, instance)
        return
    changes = [
        f"{label}: {_yes_no(before[flag])} → {_yes_no(now[flag])}"
        for flag, label in FLAGS.items()
        if flag in before and flag in now and before[flag] != now[flag]
    ]
    if changes:
        privacy.log_security_event(current_actor(), Action.PERMISSIONS_CHANGED, "; ".join(changes), instance)


def connect():
    User = get_user_model()
    user_logged_in.connect(signed_in, dispatch_uid="learning.security_log.signed_in")
    user_login_failed.connect(sign_in_failed, dispatch_uid="learning.security_log.sign_in_failed")
    user_locked_out.connect(locked_out, dispatch_uid="learning.security_log.locked_out")
    for field in M2M_LABELS:
        m2m_changed.connect(
            _m2m_receiver(field),
            sender=getattr(User, field).through,
            weak=False,
            dispatch_uid=f"learning.security_log.{field}",
        )
    post_init.connect(_remember_flags, sender=User, dispatch_uid="learning.security_log.remember_flags")
    post_save.connect(_flags_saved, sender=User, dispatch_uid="learning.security_log.flags_saved")
