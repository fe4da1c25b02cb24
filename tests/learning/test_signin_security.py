"""Sign-in security: throttling per account and per account + address (learning.signin), the second factor
(learning.mfa), password change with re-authentication, and the security events of all of them."""

import base64
import json
import logging

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from learning import mfa
from learning.models import AccessLogEntry
from tests.factories import PASSWORD, UserFactory

Action = AccessLogEntry.Action
OFFICE = "10.20.30.40"  # one NAT address for a whole office
ELSEWHERE = "10.99.0.7"
MINUTE = 60
PAUSED = "nach mehreren Fehlversuchen für einige Minuten gesperrt"
WRONG = "Benutzername oder Passwort stimmen nicht"
MFA_ON = override_settings(
    SECOND_FACTOR_REQUIRED_GROUPS=["Redaktion", "Koordination", "Datenschutz"],
    SECOND_FACTOR_REQUIRED_FOR_SUPERUSERS=True,
)


def sign_in(client, username, password, address=OFFICE, next_url=None):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/anmelden/", data, REMOTE_ADDR=address)


@pytest.fixture
def anna(db, portal_page):
    return UserFactory(username="anna", first_name="Anna", last_name="Becker", groups=["Lernende"])


@pytest.fixture
def ben(db, portal_page):
    return UserFactory(username="ben", first_name="Ben", last_name="Yilmaz", groups=["Lernende"])


def signed_in(client):
    return "_auth_user_id" in client.session


# Throttling


def test_forty_wrong_passwords_and_then_the_right_one_is_refused(client, anna, clock):
    # The review's finding: 40 wrong passwords, then the right one worked.
    for _ in range(40):
        sign_in(client, "anna", "falsch")
    response = sign_in(client, "anna", PASSWORD)
    assert response.status_code == 429
    assert PAUSED in response.content.decode()
    assert not signed_in(client)


def test_five_failures_from_one_address_pause_that_account_from_that_address(client, anna, clock):
    for _ in range(4):
        assert WRONG in sign_in(client, "anna", "falsch").content.decode()
    assert sign_in(client, "anna", "falsch").status_code == 429
    assert sign_in(client, "anna", PASSWORD).status_code == 429
    # From another address the account is not paused yet: that needs failures from anywhere.
    assert sign_in(client, "anna", PASSWORD, address=ELSEWHERE).status_code == 302


def test_the_nat_office_case_a_colleagues_typos_never_lock_out_the_others(client, anna, ben, clock):
    for _ in range(30):
        sign_in(client, "anna", "vertippt")
    assert sign_in(client, "anna", PASSWORD).status_code == 429
    # Ben sits in the same office behind the same address.
    response = sign_in(client.__class__(), "ben", PASSWORD)
    assert response.status_code == 302


def test_failures_from_many_addresses_pause_the_account_everywhere(client, anna, clock):
    for i in range(20):  # four failures each from five addresses: none reaches the per-address limit
        sign_in(client, "anna", "falsch", address=f"10.0.{i // 4}.1")
    assert sign_in(client, "anna", PASSWORD, address="10.1.1.1").status_code == 429


def test_the_pause_is_the_same_for_unknown_names_and_reveals_nothing(client, anna, clock):
    answers = {}
    for name in ("anna", "gibt-es-nicht"):
        for _ in range(5):
            sign_in(client, name, "falsch")
        answers[name] = sign_in(client, name, "falsch")
    known, unknown = answers["anna"], answers["gibt-es-nicht"]
    assert known.status_code == unknown.status_code == 429
    assert PAUSED in known.content.decode() and PAUSED in unknown.content.decode()
    # Before the pause, a wrong password and an unknown name get the same words too.
    other = client.__class__()
    assert WRONG in sign_in(other, "anna", "x", address=ELSEWHERE).content.decode()
    assert WRONG in sign_in(other, "niemand", "x", address=ELSEWHERE).content.decode()


def test_the_pause_grows_with_each_lockout_and_ends(client, anna, clock):
    def lock():
        for _ in range(5):
            sign_in(client, "anna", "falsch")

    lock()
    clock.shift(MINUTE + 1)  # the first pause: one minute
    assert sign_in(client, "anna", PASSWORD).status_code == 302
    client.logout()
    lock()
    clock.shift(MINUTE + 1)
    assert sign_in(client, "anna", PASSWORD).status_code == 429  # the second pause: two minutes
    clock.shift(MINUTE + 1)
    assert sign_in(client, "anna", PASSWORD).status_code == 302


def test_failures_during_a_pause_do_not_extend_it(client, anna, clock):
    for _ in range(5):
        sign_in(client, "anna", "falsch")
    for _ in range(10):
        clock.shift(5)
        sign_in(client, "anna", "falsch")
    clock.shift(MINUTE - 50 + 1)
    assert sign_in(client, "anna", PASSWORD).status_code == 302


def test_a_lockout_is_a_security_event_and_a_structured_log_line(client, anna, clock, caplog):
    with caplog.at_level(logging.INFO, logger="lernhafen.security"):
        for _ in range(5):
            sign_in(client, "anna", "falsch")
    entry = AccessLogEntry.objects.get(action=Action.LOCKED_OUT)
    assert entry.subject == anna and entry.viewer is None
    assert OFFICE not in entry.reason
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "lernhafen.security"]
    [locked] = [line for line in lines if line["event"] == "locked_out"]
    assert locked["subject"] == anna.pk and locked["actor"] is None
    assert all(OFFICE not in json.dumps(line) for line in lines)


def test_the_admin_has_no_password_form_of_its_own(client, anna):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/anmelden/?next=%2Fadmin%2Fpages%2F"
    response = client.post("/admin/login/", {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302 and not signed_in(client)
    assert client.get("/admin/")["Location"].startswith("/anmelden/?next=/admin/")


# Second factor


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, drift=device.drift):06d}"


@pytest.fixture
def rita(db, portal_page):
    return UserFactory(username="rita", first_name="Rita", last_name="Neumann", groups=["Redaktion"])


def setup_page_secret(response):
    html = response.content.decode()
    start = html.index("data-totp-secret>") + len("data-totp-secret>")
    return base64.b32decode(html[start : html.index("<", start)].replace(" ", ""))


@MFA_ON
def test_an_editor_must_set_up_a_second_factor_before_anything_else(client, rita, clock):
    assert sign_in(client, "rita", PASSWORD, next_url="/admin/").status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/lernen/konto/zwei-faktor/")
    assert client.get("/lernen/")["Location"].startswith("/lernen/konto/zwei-faktor/")
    assert client.post("/api/progress/", "{}", content_type="application/json").status_code == 401

    page = client.get("/lernen/konto/zwei-faktor/")
    assert page.status_code == 200 and "Pflicht" in page.content.decode() and "<svg" in page.content.decode()
    key = setup_page_secret(page)
    refused = client.post("/lernen/konto/zwei-faktor/", {"action": "confirm", "code": "000000"})
    assert "Der Code stimmt nicht" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=rita, confirmed=True).exists()
    clock.shift(2)  # django-otp waits a second after a wrong code

    done = client.post(
        "/lernen/konto/zwei-faktor/", {"action": "confirm", "code": f"{totp(key):06d}", "next": "/admin/"}
    )
    assert done.status_code == 200 and "Ihre Notfall-Codes" in done.content.decode()
    assert StaticToken.objects.filter(device__user=rita).count() == mfa.BACKUP_CODES
    assert client.get("/admin/").status_code == 200
    assert AccessLogEntry.objects.filter(
        action=Action.SECOND_FACTOR_CHANGED, subject=rita, reason="Zwei-Faktor-Anmeldung eingerichtet"
    ).exists()


@pytest.fixture
def rita_device(rita):
    return TOTPDevice.objects.create(user=rita, name="App", confirmed=True)


@MFA_ON
def test_with_a_device_the_password_alone_opens_nothing(client, rita, rita_device, clock):
    sign_in(client, "rita", PASSWORD)
    assert client.get("/admin/")["Location"] == "/anmelden/code/?next=%2Fadmin%2F"
    assert client.get("/lernen/meine-daten/")["Location"].startswith("/anmelden/code/")
    wrong = client.post("/anmelden/code/", {"code": "123456", "next": "/admin/"})
    assert wrong.status_code == 200 and "Der Code stimmt nicht" in wrong.content.decode()
    clock.shift(2)
    right = client.post("/anmelden/code/", {"code": current_code(rita_device), "next": "/admin/"})
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@MFA_ON
def test_wrong_codes_are_throttled_with_growing_delays(client, rita, rita_device):
    sign_in(client, "rita", PASSWORD)
    for _ in range(3):
        client.post("/anmelden/code/", {"code": "000000"})
    # Now even the right code waits: django-otp's delay doubles with each failure.
    response = client.post("/anmelden/code/", {"code": current_code(rita_device)})
    assert "Zu viele falsche Codes" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    failed = AccessLogEntry.objects.filter(action=Action.SIGN_IN_FAILED, subject=rita)
    assert failed.filter(reason__startswith="zweiter Faktor falsch").count() == 4


@MFA_ON
def test_a_backup_code_works_once(client, rita, rita_device):
    codes = mfa._new_backup_codes(rita)
    sign_in(client, "rita", PASSWORD)
    assert client.post("/anmelden/code/", {"code": codes[0]}).status_code == 302
    client.logout()
    sign_in(client, "rita", PASSWORD, address=ELSEWHERE)
    again = client.post("/anmelden/code/", {"code": codes[0]})
    assert again.status_code == 200 and client.get("/admin/").status_code == 302


@MFA_ON
def test_a_second_factor_from_the_identity_provider_counts(client, rita):
    client.force_login(rita)
    session = client.session
    session[mfa.IDP_SECOND_FACTOR] = True
    session.save()
    assert client.get("/admin/").status_code == 200


@MFA_ON
def test_learners_may_switch_it_on_and_off_and_without_it_nothing_is_asked(client, anna):
    sign_in(client, "anna", PASSWORD)
    assert client.get("/lernen/").status_code == 200
    page = client.get("/lernen/konto/zwei-faktor/")
    assert "Pflicht" not in page.content.decode()
    key = setup_page_secret(page)
    client.post("/lernen/konto/zwei-faktor/", {"action": "confirm", "code": f"{totp(key):06d}"})
    assert TOTPDevice.objects.filter(user=anna, confirmed=True).exists()
    client.post("/lernen/konto/zwei-faktor/", {"action": "remove"})
    assert not TOTPDevice.objects.filter(user=anna).exists()
    reasons = set(
        AccessLogEntry.objects.filter(action=Action.SECOND_FACTOR_CHANGED).values_list("reason", flat=True)
    )
    assert reasons == {"Zwei-Faktor-Anmeldung eingerichtet", "Zwei-Faktor-Anmeldung ausgeschaltet"}


@MFA_ON
def test_an_editor_cannot_switch_it_off(client, rita, rita_device):
    sign_in(client, "rita", PASSWORD)
    client.post("/anmelden/code/", {"code": current_code(rita_device)})
    client.post("/lernen/konto/zwei-faktor/", {"action": "remove"})
    assert TOTPDevice.objects.filter(user=rita).exists()


@MFA_ON
def test_an_administrator_resets_a_lost_device_and_it_is_logged(rita, rita_device):
    call_command("reset_second_factor", "rita")
    assert not TOTPDevice.objects.filter(user=rita).exists()
    assert AccessLogEntry.objects.filter(
        action=Action.SECOND_FACTOR_CHANGED, subject=rita, reason__contains="zurückgesetzt"
    ).exists()


# Password change


def test_every_local_account_changes_its_password_confirming_the_current_one(client, anna):
    client.force_login(anna)
    url = "/lernen/konto/passwort/"
    assert client.get(url).status_code == 200
    wrong = client.post(url, {"old_password": "falsch", "new_password1": "x", "new_password2": "x"})
    assert "Das aktuelle Passwort stimmt nicht" in wrong.content.decode()
    new = "Segelboot-im-Hafen-2026"
    done = client.post(url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert done.status_code == 302
    anna.refresh_from_db()
    assert anna.check_password(new)
    assert signed_in(client)  # this session stays
    assert AccessLogEntry.objects.filter(action=Action.PASSWORD_CHANGED, subject=anna).exists()


@pytest.mark.parametrize(
    "password",
    [
        "Kurz-2026!",
        "Lernhafen-2026!",
        "mein-jobcenter-pass",
        "AnnaBecker2026",
        "123456789012",
        "password1234",
    ],
)
def test_weak_passwords_are_refused_in_german(client, anna, password):
    client.force_login(anna)
    response = client.post(
        "/lernen/konto/passwort/",
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    anna.refresh_from_db()
    assert anna.check_password(PASSWORD)
    assert 'class="kern-error"' in response.content.decode()


@MFA_ON
def test_a_totp_code_works_only_once(client, rita, rita_device, clock):
    used = current_code(rita_device)
    sign_in(client, "rita", PASSWORD)
    assert client.post("/anmelden/code/", {"code": used}).status_code == 302
    other = client.__class__()
    sign_in(other, "rita", PASSWORD, address=ELSEWHERE)
    clock.shift(2)  # still within the same 30-second step
    replay = other.post("/anmelden/code/", {"code": used})
    assert replay.status_code == 200 and other.get("/admin/").status_code == 302


def test_a_long_passphrase_without_composition_rules_is_accepted(client, anna):
    client.force_login(anna)
    phrase = "wir segeln im sommer ueber den grossen see und essen danach fisch am alten hafen " * 2
    response = client.post(
        "/lernen/konto/passwort/",
        {"old_password": PASSWORD, "new_password1": phrase, "new_password2": phrase},
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert len(phrase) > 128 and anna.check_password(phrase)


def test_changing_the_password_ends_the_other_sessions(client, anna):
    elsewhere = client.__class__()
    elsewhere.force_login(anna)
    client.force_login(anna)
    new = "Segelboot-im-Hafen-2026"
    client.post(
        "/lernen/konto/passwort/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert client.get("/lernen/").status_code == 200
    assert elsewhere.get("/lernen/").status_code == 302


def test_a_deactivated_account_loses_its_sessions(client, anna):
    client.force_login(anna)
    assert client.get("/lernen/").status_code == 200
    anna.is_active = False
    anna.save()
    assert client.get("/lernen/").status_code == 302
