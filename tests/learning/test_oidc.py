"""Single sign-on end to end: Lernhafen's live server and a real OpenID provider process on loopback.

The provider is oidc-provider-mock (authlib behind uvicorn) in its own process. Each test sets the claims of
a person at the provider (PUT /users/<sub>), then an HTTP client walks the code flow as a browser would:
Lernhafen's /oidc/authenticate/ sends it to the provider's authorization endpoint, the client "signs in"
there by posting the subject (or "deny"), and follows the redirect back to Lernhafen's callback, which
fetches the token, checks the ID token's signature and nonce, and signs the person in.
"""

import signal
import socket
import subprocess
import sys
import time
from urllib.parse import quote

import httpx
import jwt
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.template.loader import render_to_string
from django.test import RequestFactory

from learning import roles
from learning.models import AccessLogEntry, StaffProfile
from learning.oidc import MFA_SESSION_KEY, Backend
from tests.factories import StaffProfileFactory, UserFactory
from tests.factories.learning import PASSWORD

CLIENT_ID = "lernhafen-test"
GROUP_ROLES = {
    "GG-Lernhafen-Redaktion": roles.EDITORS,
    "GG-Lernhafen-Koordination": roles.COORDINATION,
}
ADMIN_GROUP = "GG-Lernhafen-Admin"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def provider(request, tmp_path_factory):
    """A real OpenID provider in its own process on a free loopback port; its base URL.

    The finalizer stops the process by its pid, also when a test (or the start) fails.
    """
    port = _free_port()
    log = (tmp_path_factory.mktemp("oidc") / "provider.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def stop():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()

    request.addfinalizer(stop)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail(f"The OpenID provider exited early:\n{log.read()[-3000:]}")
        try:
            if httpx.get(f"{url}/.well-known/openid-configuration", timeout=1).status_code == 200:
                return url
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            pytest.fail("The OpenID provider did not answer within 30 s")
        time.sleep(0.1)


@pytest.fixture
def sso(settings, provider, live_server, django_db_serialized_rollback):
    """Single sign-on configured against the provider, as the settings block does it from the environment.

    Serialized rollback brings back the role groups the migrations made (the live server needs committed
    data, and the flush after each test empties every table)."""
    discovery = httpx.get(f"{provider}/.well-known/openid-configuration").json()
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "geheim"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = discovery["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = discovery["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = discovery["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = discovery["jwks_uri"]
    settings.OIDC_OP_ISSUER = discovery["issuer"]
    # The provider's one signing key has no "kid" (real providers' keys do, and the check stays on there).
    settings.OIDC_VERIFY_KID = False
    settings.OIDC_GROUP_ROLES = GROUP_ROLES
    settings.OIDC_ADMIN_GROUPS = [ADMIN_GROUP]
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "learning.oidc.Backend"]
    return discovery


def set_claims(provider, sub, claims):
    response = httpx.put(f"{provider}/users/{quote(sub, safe='')}", json=claims)
    assert response.status_code == 204


class Browser:
    """One person's browser: cookies for Lernhafen, and a hop over to the provider's sign-in form."""

    def __init__(self, live_server):
        self.client = httpx.Client(base_url=live_server.url, timeout=20)

    def start(self, next_url="/lernen/"):
        response = self.client.get("/oidc/authenticate/", params={"next": next_url})
        assert response.status_code == 302, response.text
        return response.headers["location"]

    def sign_in(self, sub, action=None):
        """Walk the code flow for `sub`; the response of Lernhafen's callback (a redirect)."""
        authorization_url = self.start()
        form = {"action": action} if action else {"sub": sub}
        at_provider = httpx.post(authorization_url, data=form)
        assert at_provider.status_code == 302, at_provider.text
        callback = at_provider.headers["location"]
        assert callback.startswith(str(self.client.base_url).rstrip("/") + "/oidc/callback/")
        return self.client.get(callback)

    def session(self):
        return SessionStore(session_key=self.client.cookies.get("sessionid"))

    def close(self):
        self.client.close()


@pytest.fixture
def browser(live_server):
    browsers = []

    def make():
        browsers.append(Browser(live_server))
        return browsers[-1]

    yield make
    for one in browsers:
        one.close()


def role_names(user):
    return set(user.groups.values_list("name", flat=True))


def anna_claims(**extra):
    return {
        "preferred_username": "anna.becker",
        "given_name": "Anna",
        "family_name": "Becker",
        "email": "anna.becker@jobcenter.example",
        "groups": ["GG-Lernhafen-Redaktion", "GG-Alle-Beschaeftigten"],
        **extra,
    }


def test_first_sign_in_creates_the_account_with_name_and_roles(sso, provider, browser, portal_page):
    set_claims(provider, "sub-anna", anna_claims())
    person = browser()
    response = person.sign_in("sub-anna")
    assert response.status_code == 302
    assert response.headers["location"] == "/lernen/"

    page = person.client.get("/lernen/")
    assert page.status_code == 200
    assert "Willkommen, Anna Becker." in page.text

    user = get_user_model().objects.get(username="anna.becker")
    assert str(user.pk) == person.session()["_auth_user_id"]
    assert (user.first_name, user.last_name, user.email) == (
        "Anna",
        "Becker",
        "anna.becker@jobcenter.example",
    )
    assert not user.has_usable_password()
    assert not user.is_superuser
    # The mapped group gives its role, the default role comes with the new account, the unmapped group
    # gives nothing.
    assert role_names(user) == {roles.EDITORS, roles.LEARNERS}
    assert user.staff_profile.display_name == "Anna Becker"
    assert AccessLogEntry.objects.filter(viewer=user, action=AccessLogEntry.Action.SIGN_IN).exists()


def test_second_sign_in_takes_away_a_role_whose_group_is_gone(sso, provider, browser):
    set_claims(provider, "sub-anna", anna_claims(groups=["GG-Lernhafen-Redaktion"]))
    browser().sign_in("sub-anna")
    user = get_user_model().objects.get(username="anna.becker")
    # A role the map does not manage, given by an admin by hand, must survive every sign-in.
    user.groups.add(Group.objects.get(name=roles.LOTSEN))

    set_claims(provider, "sub-anna", anna_claims(family_name="Neumann", groups=["GG-Lernhafen-Koordination"]))
    response = browser().sign_in("sub-anna")
    assert response.status_code == 302
    assert response.headers["location"] == "/lernen/"

    user.refresh_from_db()
    assert role_names(user) == {roles.COORDINATION, roles.LEARNERS, roles.LOTSEN}
    assert user.last_name == "Neumann"
    assert StaffProfile.objects.get(user=user).display_name == "Anna Neumann"
    # The change of roles is in the access log, like one made in the admin.
    reasons = list(
        AccessLogEntry.objects.filter(subject=user, action=AccessLogEntry.Action.GROUPS_CHANGED).values_list(
            "reason", flat=True
        )
    )
    assert any("− Redaktion" in reason for reason in reasons)
    assert any("+ Koordination" in reason for reason in reasons)


def test_a_local_account_is_matched_by_its_login(sso, provider, browser):
    local = UserFactory(
        username="kwagner", first_name="Kai", last_name="Wagner", groups=[roles.LEARNERS, roles.LOTSEN]
    )
    StaffProfileFactory(user=local, display_name="Kai Wagner")
    set_claims(
        provider,
        "sub-kai",
        {"preferred_username": "KWagner", "given_name": "Kai", "family_name": "Wagner-Ott", "groups": []},
    )
    response = browser().sign_in("sub-kai")
    assert response.status_code == 302

    User = get_user_model()
    assert User.objects.count() == 1
    local.refresh_from_db()
    assert local.last_name == "Wagner-Ott"
    assert local.has_usable_password()  # the local password stays for the embedded default
    assert local.staff_profile.display_name == "Kai Wagner-Ott"
    assert role_names(local) == {roles.LEARNERS, roles.LOTSEN}


def test_a_local_account_is_matched_by_personnel_number(sso, settings, provider, browser):
    settings.OIDC_PERSONNEL_NUMBER_CLAIM = "employee_id"
    local = UserFactory(username="P4711", first_name="Dora", last_name="Schmidt")
    set_claims(
        provider,
        "sub-dora",
        {
            "preferred_username": "dora.schmidt@jobcenter.example",
            "employee_id": "P4711",
            "given_name": "Dora",
            "family_name": "Schmidt",
        },
    )
    person = browser()
    assert person.sign_in("sub-dora").status_code == 302
    assert person.session()["_auth_user_id"] == str(local.pk)
    assert get_user_model().objects.count() == 1


def test_an_imported_profile_is_matched_by_its_personnel_number(sso, settings, provider, browser):
    """import_staff made the account with HR's login; the provider sends the personnel number."""
    settings.OIDC_PERSONNEL_NUMBER_CLAIM = "employee_id"
    imported = UserFactory(username="dschmidt", first_name="Dora", last_name="Schmidt")
    StaffProfile.objects.update_or_create(user=imported, defaults={"personnel_number": "P4711"})
    set_claims(
        provider,
        "sub-dora",
        {
            "preferred_username": "dora.schmidt@jobcenter.example",
            "employee_id": "P4711",
            "given_name": "Dora",
        },
    )
    person = browser()
    assert person.sign_in("sub-dora").status_code == 302
    assert person.session()["_auth_user_id"] == str(imported.pk)
    assert get_user_model().objects.count() == 1


def test_admin_group_makes_a_wagtail_admin_and_leaving_it_ends_that(sso, provider, browser):
    set_claims(provider, "sub-ada", {"preferred_username": "ada", "groups": [ADMIN_GROUP]})
    person = browser()
    person.sign_in("sub-ada")
    assert person.client.get("/admin/").status_code == 200
    assert get_user_model().objects.get(username="ada").is_superuser

    set_claims(provider, "sub-ada", {"preferred_username": "ada", "groups": []})
    person = browser()
    person.sign_in("sub-ada")
    ada = get_user_model().objects.get(username="ada")
    assert not ada.is_superuser
    assert person.client.get("/admin/").status_code == 302  # back to a sign-in page
    # Both changes of the admin flag are in the access log.
    reasons = set(
        AccessLogEntry.objects.filter(
            subject=ada, action=AccessLogEntry.Action.PERMISSIONS_CHANGED
        ).values_list("reason", flat=True)
    )
    assert reasons == {"Konto angelegt mit: Superuser", "Superuser: ja → nein"}


@pytest.mark.parametrize(
    ("amr", "enforced", "flagged"),
    [
        (["pwd", "mfa"], False, True),
        (["hwk"], False, True),
        (["http://schemas.microsoft.com/claims/multipleauthn"], False, True),
        (["pwd"], False, False),
        (None, False, False),
        (["pwd"], True, True),
    ],
)
def test_second_factor_at_the_provider_marks_the_session(
    sso, settings, provider, browser, amr, enforced, flagged
):
    settings.OIDC_IDP_ENFORCES_MFA = enforced
    claims = {"preferred_username": "lars"}
    if amr is not None:
        claims["amr"] = amr
    set_claims(provider, "sub-lars", claims)
    person = browser()
    assert person.sign_in("sub-lars").status_code == 302
    session = person.session()
    assert session.get("_auth_user_id")
    assert session.get(MFA_SESSION_KEY, False) is flagged


def _message_on_sign_in_page(person, response):
    assert response.status_code == 302
    assert response.headers["location"] == "/anmelden/"
    page = person.client.get("/anmelden/")
    assert page.status_code == 200
    assert "_auth_user_id" not in person.session()
    return page.text


def test_provider_refusal_gives_a_german_message(sso, provider, browser, home_page):
    person = browser()
    text = _message_on_sign_in_page(person, person.sign_in("sub-anna", action="deny"))
    assert "Die Anmeldung mit Ihrem Dienstkonto hat nicht geklappt." in text
    assert AccessLogEntry.objects.filter(
        action=AccessLogEntry.Action.SIGN_IN_FAILED,
        reason="Dienstkonto: vom Anmeldedienst abgelehnt (access_denied)",
    ).exists()


def test_unreachable_provider_gives_a_german_message(sso, settings, provider, browser, home_page):
    set_claims(provider, "sub-anna", anna_claims())
    settings.OIDC_OP_TOKEN_ENDPOINT = f"http://127.0.0.1:{_free_port()}/token"  # nobody listens there
    person = browser()
    text = _message_on_sign_in_page(person, person.sign_in("sub-anna"))
    assert "Der Anmeldedienst ist gerade nicht erreichbar." in text
    assert not get_user_model().objects.exists()


def test_forged_or_replayed_callback_gives_a_german_message(sso, provider, browser, home_page):
    person = browser()
    person.start()  # a sign-in under way, with its state in the session
    response = person.client.get("/oidc/callback/", params={"code": "erfunden", "state": "erfunden"})
    text = _message_on_sign_in_page(person, response)
    assert "Die Anmeldung mit Ihrem Dienstkonto hat nicht geklappt." in text


def test_code_issued_to_another_client_is_refused(sso, settings, provider, browser, home_page):
    set_claims(provider, "sub-anna", anna_claims())
    person = browser()
    authorization_url = person.start()
    # The code was issued to one client; redeeming it as another makes the provider answer 400.
    settings.OIDC_RP_CLIENT_ID = "ein-anderer-client"
    callback = httpx.post(authorization_url, data={"sub": "sub-anna"}).headers["location"]
    text = _message_on_sign_in_page(person, person.client.get(callback))
    assert "Die Anmeldung mit Ihrem Dienstkonto hat nicht geklappt." in text
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    ("claims", "accepted"),
    [
        ({"aud": CLIENT_ID, "iss": "https://idp.example"}, True),
        ({"aud": ["andere-app", CLIENT_ID], "iss": "https://idp.example"}, True),
        ({"aud": "andere-app", "iss": "https://idp.example"}, False),
        ({"iss": "https://idp.example"}, False),
        ({"aud": CLIENT_ID, "iss": "https://boese.example"}, False),
    ],
)
def test_id_token_must_name_this_client_and_the_issuer(settings, claims, accepted):
    """An ID token signed by the provider's key, but meant for another application or from another
    issuer, does not sign anybody in (mozilla-django-oidc checks neither)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_OP_ISSUER = "https://idp.example"
    settings.OIDC_RP_IDP_SIGN_KEY = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    token = jwt.encode({"sub": "x", "nonce": "n", "exp": int(time.time()) + 60, **claims}, key, "RS256")
    backend = Backend()
    if accepted:
        assert backend.verify_token(token, nonce="n")["sub"] == "x"
    else:
        with pytest.raises(SuspiciousOperation):
            backend.verify_token(token, nonce="n")


def test_no_account_is_made_when_creation_is_off(sso, settings, provider, browser, home_page):
    settings.OIDC_CREATE_USER = False
    set_claims(provider, "sub-anna", anna_claims())
    person = browser()
    text = _message_on_sign_in_page(person, person.sign_in("sub-anna"))
    assert "Für Ihr Dienstkonto gibt es in Lernhafen kein aktives Konto." in text
    assert not get_user_model().objects.exists()


def test_a_login_django_would_refuse_makes_no_account(sso, provider, browser, home_page):
    set_claims(provider, "sub-anna", anna_claims(preferred_username="anna/../admin"))
    person = browser()
    text = _message_on_sign_in_page(person, person.sign_in("sub-anna"))
    assert "kein aktives Konto" in text
    assert not get_user_model().objects.exists()


def test_a_deactivated_account_stays_out(sso, provider, browser, home_page):
    UserFactory(username="anna.becker", is_active=False)
    set_claims(provider, "sub-anna", anna_claims())
    person = browser()
    text = _message_on_sign_in_page(person, person.sign_in("sub-anna"))
    assert "kein aktives Konto" in text
    assert not get_user_model().objects.get(username="anna.becker").is_active


def test_sign_out_ends_the_provider_session_too(sso, settings, provider, browser):
    settings.OIDC_OP_END_SESSION_ENDPOINT = sso["end_session_endpoint"]
    settings.OIDC_STORE_ID_TOKEN = True
    settings.OIDC_OP_LOGOUT_URL_METHOD = "learning.oidc.provider_logout_url"
    set_claims(provider, "sub-anna", anna_claims())
    person = browser()
    person.sign_in("sub-anna")
    csrf = person.client.get("/anmelden/").cookies.get("csrftoken") or person.client.cookies.get("csrftoken")
    response = person.client.post("/oidc/logout/", headers={"X-CSRFToken": csrf or ""})
    assert response.status_code == 302
    location = response.headers["location"]
    assert location.startswith(sso["end_session_endpoint"] + "?")
    assert "id_token_hint=" in location and "post_logout_redirect_uri=" in location
    assert "_auth_user_id" not in person.session()
    # The provider accepts the request and offers to send the person back to Lernhafen.
    assert httpx.get(location).status_code == 200


# Without the provider process.


def test_sso_routes_answer_404_while_not_configured(client, db):
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/", {"code": "x", "state": "y"}).status_code == 404


def test_sign_in_button_only_while_configured(settings):
    request = RequestFactory().get("/anmelden/")
    settings.OIDC_ENABLED = False
    assert "Dienstkonto" not in render_to_string("registration/_sso.html", request=request)
    settings.OIDC_ENABLED = True
    html = render_to_string("registration/_sso.html", {"next": "/lernen/kurse/"}, request=request)
    assert 'href="/oidc/authenticate/?next=/lernen/kurse/"' in html
    assert "Mit Dienstkonto anmelden" in html


def test_group_role_map_is_checked_at_start_up(monkeypatch):
    from learning.settings.base import env_group_roles

    monkeypatch.setenv("OIDC_GROUP_ROLES", "GG-Redaktion=Redaktion, GG-Koord = Koordination")
    assert env_group_roles("OIDC_GROUP_ROLES") == {"GG-Redaktion": "Redaktion", "GG-Koord": "Koordination"}
    for bad in ("GG-Redaktion", "GG-Redaktion=Chef", "=Redaktion"):
        monkeypatch.setenv("OIDC_GROUP_ROLES", bad)
        with pytest.raises(ImproperlyConfigured, match="OIDC_GROUP_ROLES"):
            env_group_roles("OIDC_GROUP_ROLES")


SSO_ENV = {
    "OIDC_RP_CLIENT_ID": "lernhafen",
    "OIDC_RP_CLIENT_SECRET": "geheim",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example/jwks",
    "OIDC_GROUP_ROLES": "GG-Lernhafen-Redaktion=Redaktion",
}


def _settings_in_subprocess(env, tmp_path):
    import os

    clean = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
    clean.pop("LERNHAFEN_WORKER_DB_NAME", None)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.OIDC_ENABLED, settings.AUTHENTICATION_BACKENDS[-1], settings.OIDC_GROUP_ROLES)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={
            **clean,
            **env,
            "DJANGO_SETTINGS_MODULE": "learning.settings.base",
            "LERNHAFEN_VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_environment_switches_sso_on_and_requires_the_endpoints(tmp_path):
    off = _settings_in_subprocess({}, tmp_path)
    assert off.returncode == 0, off.stderr
    assert off.stdout.split()[:2] == ["False", "django.contrib.auth.backends.ModelBackend"]

    on = _settings_in_subprocess(SSO_ENV, tmp_path)
    assert on.returncode == 0, on.stderr
    assert on.stdout.split()[:2] == ["True", "learning.oidc.Backend"]

    missing = {k: v for k, v in SSO_ENV.items() if k != "OIDC_OP_TOKEN_ENDPOINT"}
    refused = _settings_in_subprocess(missing, tmp_path)
    assert refused.returncode != 0
    assert "The environment variable OIDC_OP_TOKEN_ENDPOINT is required" in refused.stderr


def test_local_password_sign_in_still_works_with_sso_on(settings, client, learner, portal_page):
    for name, value in SSO_ENV.items():
        setattr(settings, name, value)
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "learning.oidc.Backend"]
    response = client.post("/anmelden/", {"username": "anna", "password": PASSWORD, "next": "/lernen/"})
    assert response.status_code == 302
    assert "Willkommen, Anna Becker." in client.get("/lernen/").content.decode()
