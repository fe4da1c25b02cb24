"""The second factor in the browser: an editor sets it up at the first sign-in and then signs in with a code."""

import base64

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_no_axe_violations, login, totp_code
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e


def test_an_editor_sets_up_the_authenticator_app_and_signs_in_with_a_code(page, portal_page):
    UserFactory(username="rita", first_name="Rita", last_name="Neumann", groups=["Redaktion"])
    page.goto("/admin/")
    assert "/anmelden/?next=/admin/" in page.url
    login(page, "rita")  # the helper's own sign-in, from /anmelden/ without a "next"

    # Nothing but the set-up until it is done.
    assert "/lernen/konto/zwei-faktor/" in page.url
    expect(page.get_by_text("Für Ihre Rolle ist eine Zwei-Faktor-Anmeldung Pflicht.")).to_be_visible()
    expect(page.get_by_role("img", name="QR-Code für die Authenticator-App")).to_be_visible()
    assert_no_axe_violations(page)
    secret = page.locator("[data-totp-secret]").inner_text().replace(" ", "")
    key = base64.b32decode(secret)
    page.get_by_label("Code", exact=True).fill(totp_code(key))
    page.get_by_role("button", name="Einrichten").click()
    expect(page.get_by_role("heading", name="Ihre Notfall-Codes")).to_be_visible()
    assert page.locator("[data-backup-codes] li").count() == 10
    page.get_by_role("link", name="Weiter").click()
    page.wait_for_url("**/lernen/")
    page.goto("/admin/")
    assert page.url.endswith("/admin/")  # verified: the admin opens

    page.context.clear_cookies()  # a new browser
    # The next sign-in asks for the code; the password alone opens nothing.
    page.goto("/anmelden/?next=/admin/")
    page.get_by_label("Benutzername", exact=True).fill("rita")
    page.get_by_label("Passwort", exact=True).fill("richtig-geheim-42")
    page.get_by_role("button", name="Anmelden", exact=True).click()
    page.wait_for_url("**/anmelden/code/**")
    page.goto("/admin/")
    assert "/anmelden/code/" in page.url
    assert_no_axe_violations(page)
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_text("Der Code stimmt nicht.")).to_be_visible()
