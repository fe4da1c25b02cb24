"""What a person notices in the browser: signing in, keyboard use, accessibility and small screens."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_no_axe_violations, login

pytestmark = pytest.mark.e2e

WRONG_LOGIN = "Benutzername oder Passwort stimmen nicht."


def test_learner_signs_in_and_sees_mein_lernen(page, portal_page, learner):
    login(page, "anna")

    assert page.url.endswith("/lernen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mein Lernen")
    expect(page.get_by_text("Willkommen, Anna Becker.")).to_be_visible()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def test_wrong_password_shows_german_error_and_stays_signed_out(page, portal_page, learner):
    login(page, "anna", "falsches-passwort")

    expect(page.get_by_role("alert").filter(has_text=WRONG_LOGIN)).to_be_visible()
    assert page.url.endswith("/anmelden/")
    expect(page.get_by_role("navigation").get_by_role("link", name="Anmelden")).to_be_visible()

    page.goto("/lernen/")
    assert "/anmelden/?next=/lernen/" in page.url
    expect(page.get_by_text("Willkommen")).to_have_count(0)


def test_empty_login_form_tells_screen_readers_what_is_missing(page, home_page):
    page.goto("/anmelden/")
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden", exact=True).click()

    for label in ("Benutzername", "Passwort"):
        field = page.get_by_label(label, exact=True)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description("Dieses Feld muss ausgefüllt werden.")
    assert_no_axe_violations(page)


def test_first_tab_focuses_visible_skip_link_and_enter_moves_to_main(page, home_page):
    page.goto("/")
    page.keyboard.press("Tab")

    skip_link = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip_link).to_be_focused()
    box = skip_link.bounding_box()
    viewport = page.viewport_size
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= viewport["width"], box
    assert box["y"] + box["height"] <= viewport["height"], box

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


@pytest.mark.parametrize(
    ("path", "signed_in"),
    [("/", False), ("/anmelden/", False), ("/lernen/", True)],
    ids=["home", "login", "portal"],
)
def test_pages_have_no_wcag_violations(page, portal_page, learner, path, signed_in):
    if signed_in:
        login(page, "anna")
    page.goto(path)
    assert_no_axe_violations(page)


def test_login_page_with_error_has_no_wcag_violations(page, home_page, learner):
    login(page, "anna", "falsches-passwort")
    expect(page.get_by_text(WRONG_LOGIN)).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("path", ["/", "/anmelden/"], ids=["home", "login"])
def test_no_horizontal_scrolling_at_320_px(make_page, home_page, path):
    page = make_page(width=320)
    page.goto(path)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{path} is {scroll_width} px wide at a 320 px viewport"


def test_public_home_page_makes_no_third_party_requests(page, home_page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/", wait_until="networkidle")
    assert requested, "the browser loaded nothing"
    assert [url for url in requested if not url.startswith(live_server.url)] == []
