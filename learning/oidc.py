"""Single sign-on with the authority's OpenID Connect provider (ADFS, Entra ID, Keycloak).

mozilla-django-oidc runs the authorization code flow; this module decides who the person is and what they
may do:
- the account is found by the login (or personnel number) the provider asserts, never by e-mail address,
  and made on the first sign-in if OIDC_CREATE_USERS allows it;
- first name, last name and e-mail address come from the provider on every sign-in, into the account and
  into the staff profile's name for certificates;
- the provider's groups set the roles named in OIDC_GROUP_ROLES (added and taken away on every sign-in;
  roles the map does not name stay as an admin set them), and OIDC_ADMIN_GROUPS the admin flag;
- a second factor the provider asserts (`amr`) marks the session as verified for the MFA middleware;
- whatever goes wrong (the provider refuses, is unreachable, answers nonsense) ends on the sign-in page with
  a German message, never in a 500.
Changes of groups and flags reach the access log through learning.security_log's receivers.
"""

import logging
import re
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import privacy
from .models import AccessLogEntry, StaffProfile

logger = logging.getLogger(__name__)

# The session key the MFA middleware reads: the provider has checked a second factor for this sign-in.
MFA_SESSION_KEY = "lernhafen_mfa_by_idp"
# Why a sign-in did not work, for the German message on the sign-in page (the session carries it across
# the redirect only as this code).
REFUSED, UNAVAILABLE, NO_ACCOUNT = "refused", "unavailable", "no_account"


def enabled():
    return bool(getattr(settings, "OIDC_ENABLED", False))


def sso_context(request):
    """Context processor: `sso_enabled` for templates/registration/_sso.html."""
    return {"sso_enabled": enabled()}


def _text(value, limit):
    """A claim as a one-line string of at most `limit` characters; anything but a string counts as absent."""
    if not isinstance(value, str):
        return ""
    return " ".join(value.split())[:limit]


def _values(value):
    """A claim that may be a single string or a list of strings, as a list of strings."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [item for item in value if isinstance(item, str)]
    return []


def _group_key(name):
    # Keycloak's group mapper may send the full path ("/GG-Lernhafen-Redaktion"); directory group names
    # do not depend on case.
    return name.strip().lstrip("/").casefold()


def login_from_claims(claims):
    """The local login the provider asserts: the personnel number if that claim is configured and sent,
    else the login claim. "DOMAIN\\login" (ADFS's windows account name) becomes "login"."""
    for setting in ("OIDC_PERSONNEL_NUMBER_CLAIM", "OIDC_USERNAME_CLAIM"):
        claim = getattr(settings, setting, "")
        value = _text(claims.get(claim), 150) if claim else ""
        value = value.rsplit("\\", 1)[-1].strip()
        if value:
            return value
    return ""


def mfa_asserted(claims):
    """Whether the provider says it checked a second factor for this sign-in (or always does)."""
    if getattr(settings, "OIDC_IDP_ENFORCES_MFA", False):
        return True
    methods = {method.casefold() for method in _values(claims.get("amr"))}
    return bool(methods & {value.casefold() for value in settings.OIDC_MFA_AMR_VALUES})


class Backend(OIDCAuthenticationBackend):
    """Finds or makes the account for the person the provider signed in, and brings it up to date."""

    def verify_claims(self, claims):
        # A login Django would refuse in its own forms (spaces, slashes) makes no account either.
        login = login_from_claims(claims)
        try:
            self.UserModel.username_validator(login)
        except ValidationError:
            logger.warning("OIDC: the provider sent no usable login (claim %s)", settings.OIDC_USERNAME_CLAIM)
            return False
        return bool(login)

    def describe_user_by_claims(self, claims):
        return f"login {login_from_claims(claims)!r}"

    def filter_users_by_claims(self, claims):
        login = login_from_claims(claims)
        if not login:
            return self.UserModel.objects.none()
        # A profile HR's import (learning.staff_import) gave this personnel number wins over a login.
        claim = getattr(settings, "OIDC_PERSONNEL_NUMBER_CLAIM", "")
        number = _text(claims.get(claim), 40) if claim else ""
        if number:
            by_number = self.UserModel.objects.filter(staff_profile__personnel_number=number)
            if by_number.exists():
                return by_number
        return self.UserModel.objects.filter(**{f"{self.UserModel.USERNAME_FIELD}__iexact": login})

    def verify_token(self, token, **kwargs):
        """The library checks signature, expiry and nonce; the ID token must also be meant for this client
        and, when OIDC_OP_ISSUER is set, come from that issuer."""
        payload = super().verify_token(token, **kwargs)
        audience = _values(payload.get("aud"))
        if self.OIDC_RP_CLIENT_ID not in audience:
            raise SuspiciousOperation("ID token is meant for another client.")
        issuer = getattr(settings, "OIDC_OP_ISSUER", "")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("ID token comes from another issuer.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None and not self.user_can_authenticate(user):
            # A deactivated account stays deactivated, whatever the provider says.
            return None
        return user

    def get_userinfo(self, access_token, id_token, payload):
        # ADFS and Entra put `amr` and often the groups into the ID token only; the user info endpoint's
        # answer wins where both have a claim.
        claims = {**payload, **super().get_userinfo(access_token, id_token, payload)}
        self.request.lernhafen_oidc_mfa = mfa_asserted(claims)
        return claims

    @transaction.atomic
    def create_user(self, claims):
        user = self.UserModel(**{self.UserModel.USERNAME_FIELD: login_from_claims(claims)})
        user.set_unusable_password()
        self._take_names(user, claims)
        user.is_superuser = self._admin_flag(claims, default=False)
        user.save()
        user.groups.add(*Group.objects.filter(name__in=settings.OIDC_DEFAULT_ROLES))
        self._sync_roles(user, claims)
        self._sync_profile(user)
        logger.info("OIDC: account %s created on first sign-in", user.pk)
        return user

    @transaction.atomic
    def update_user(self, user, claims):
        self._take_names(user, claims)
        user.is_superuser = self._admin_flag(claims, default=user.is_superuser)
        user.save(update_fields=["first_name", "last_name", "email", "is_superuser"])
        self._sync_roles(user, claims)
        self._sync_profile(user)
        return user

    def _take_names(self, user, claims):
        for field, setting in (
            ("first_name", "OIDC_FIRST_NAME_CLAIM"),
            ("last_name", "OIDC_LAST_NAME_CLAIM"),
            ("email", "OIDC_EMAIL_CLAIM"),
        ):
            limit = self.UserModel._meta.get_field(field).max_length
            value = _text(claims.get(getattr(settings, setting)), limit)
            if field == "email" and "@" not in value:
                value = ""
            # A claim the provider does not send leaves what is there; one it sends replaces it.
            if value or getattr(settings, setting) in claims:
                setattr(user, field, value)

    def _provider_groups(self, claims):
        claim = settings.OIDC_GROUPS_CLAIM
        if claim not in claims and claim in (claims.get("_claim_names") or {}):
            # Entra ID leaves the groups out when a person has too many ("overage"); then nobody gets a
            # mapped role, and the log says why. README: send only the groups assigned to the application.
            logger.warning("OIDC: the provider left out the %r claim (too many groups)", claim)
        return {_group_key(name) for name in _values(claims.get(claim))}

    def _admin_flag(self, claims, default):
        admin_groups = {_group_key(name) for name in settings.OIDC_ADMIN_GROUPS}
        if not admin_groups:
            # No admin groups configured: single sign-on never touches the admin flag.
            return default
        return bool(admin_groups & self._provider_groups(claims))

    def _sync_roles(self, user, claims):
        mapping = {_group_key(group): role for group, role in settings.OIDC_GROUP_ROLES.items()}
        managed = set(mapping.values())
        if not managed:
            return
        wanted = {mapping[group] for group in self._provider_groups(claims) if group in mapping}
        current = set(user.groups.filter(name__in=managed).values_list("name", flat=True))
        # Separate calls: each one is a change the access log records with its sign.
        if current - wanted:
            user.groups.remove(*Group.objects.filter(name__in=current - wanted))
        if wanted - current:
            user.groups.add(*Group.objects.filter(name__in=wanted - current))

    def _sync_profile(self, user):
        profile, _created = StaffProfile.objects.get_or_create(user=user)
        name = user.get_full_name()[: StaffProfile._meta.get_field("display_name").max_length]
        if name and profile.display_name != name:
            profile.display_name = name
            profile.save(update_fields=["display_name"])


def _log_failure(reason):
    privacy.log_security_event(None, AccessLogEntry.Action.SIGN_IN_FAILED, f"Dienstkonto: {reason}")


class AuthenticateView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider; a 404 while single sign-on is not configured."""

    def get(self, request):
        if not enabled():
            raise Http404
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: signs the person in, or back to the sign-in page with a German message."""

    @property
    def failure_url(self):
        return resolve_url(self.get_settings("LOGIN_REDIRECT_URL_FAILURE", settings.LOGIN_URL))

    def get(self, request):
        if not enabled():
            raise Http404
        self._reason = None
        if request.GET.get("error"):
            # The provider refused: the person cancelled, or may not use this application.
            self._reason = REFUSED
            # OAuth error codes are plain ASCII words; nothing else a link could carry reaches the log.
            code = re.sub(r"[^a-z_]", "", request.GET["error"][:60])
            _log_failure(f"vom Anmeldedienst abgelehnt ({code})")
        try:
            return super().get(request)
        except requests.HTTPError as error:
            # The provider answered with an error status: a 4xx refuses this sign-in (an unknown or used
            # code, a wrong client secret), a 5xx means it is out of order.
            status = getattr(error.response, "status_code", 500) or 500
            logger.warning("OIDC: provider answered with an error: %s", error)
            self._reason = REFUSED if status < 500 else UNAVAILABLE
            _log_failure(f"Anmeldedienst antwortete mit Fehler {status}")
        except (requests.RequestException, ValueError) as error:
            # Unreachable, a timeout, or an answer that is no JSON.
            logger.warning("OIDC: provider not usable: %s", error)
            self._reason = UNAVAILABLE
            _log_failure("Anmeldedienst nicht erreichbar")
        except (SuspiciousOperation, jwt.PyJWTError, KeyError) as error:
            # An unknown or replayed state, a token that does not verify, an answer without its fields.
            logger.warning("OIDC: answer refused: %s", error)
            self._reason = REFUSED
            _log_failure("Antwort des Anmeldedienstes abgelehnt")
        return self.login_failure()

    def login_failure(self):
        reason = getattr(self, "_reason", None)
        if reason is None:
            # The provider signed the person in, but no active account here fits (or may be made).
            reason = NO_ACCOUNT if "user" in self.__dict__ else REFUSED
        text = {
            REFUSED: _(
                "Die Anmeldung mit Ihrem Dienstkonto hat nicht geklappt. Bitte versuchen Sie es noch einmal."
            ),
            UNAVAILABLE: _(
                "Der Anmeldedienst ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Minuten "
                "noch einmal."
            ),
            NO_ACCOUNT: _(
                "Für Ihr Dienstkonto gibt es in Lernhafen kein aktives Konto. Bitte wenden Sie sich an die "
                "Koordination."
            ),
        }[reason]
        messages.error(self.request, text)
        return HttpResponseRedirect(self.failure_url)

    def login_success(self):
        response = super().login_success()
        # After auth.login, which may have started a new session: the flag belongs to this sign-in only.
        if getattr(self.request, "lernhafen_oidc_mfa", False):
            self.request.session[MFA_SESSION_KEY] = True
        else:
            self.request.session.pop(MFA_SESSION_KEY, None)
        return response


def provider_logout_url(request):
    """OIDC_OP_LOGOUT_URL_METHOD: where to send the browser after signing out here, so that the provider's
    session ends too (RP-initiated logout), and back to Lernhafen's home page afterwards."""
    params = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL)),
    }
    id_token = request.session.get("oidc_id_token")
    if id_token:
        params["id_token_hint"] = id_token
    return f"{settings.OIDC_OP_END_SESSION_ENDPOINT}?{urlencode(params)}"
