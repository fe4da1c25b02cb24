"""Public explainer pages in the browser: WCAG 2.1 AA, keyboard use, 320 px screens, privacy and the strict CSP,
and the issue's "done when": a visitor reads the Bürgergeld explainer in German, Arabic and Leichte Sprache."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_no_axe_violations

pytestmark = pytest.mark.e2e

PUBLIC_PAGES = [
    "home",
    "home_ar",
    "sign",
    "index",
    "explainer",
    "explainer_ar",
    "easy",
    "poster",
    "statement",
    "privacy",
    "imprint",
]
# Fixed addresses of the pages that public_path does not find on the fixture.
FIXED_PATHS = {
    "home": "/",
    # The Arabic home page is an alias of the German one (the seed does not translate it): German with the note.
    "home_ar": "/ar/",
    "index": "/erklaert/",
    "statement": "/barrierefreiheit/",
    "privacy": "/datenschutz/",
    "imprint": "/impressum/",
}

# What the focused element is, whether it is on screen once scrolled to, and whether its focus shows.
FOCUSED = """() => {
    const el = document.activeElement;
    el.scrollIntoView({block: 'nearest', inline: 'nearest', behavior: 'instant'});
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const what = el.matches('.lh-skip-link') ? 'Sprunglink'
        : el.closest('.lh-nav') ? 'Navigation ' + el.getAttribute('href')
        : el.closest('.lh-languages') ? 'Sprache ' + el.getAttribute('hreflang')
        : el.localName === 'video' ? 'Video'
        : el.localName === 'summary' ? 'Transkript'
        : el.matches('button[data-start]') ? 'Kapitel ' + el.dataset.start
        : el.localName + ' ' + (el.innerText || '').trim().slice(0, 60);
    return {
        what,
        onScreen: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0
            && box.right <= window.innerWidth && box.bottom <= window.innerHeight,
        focusShows: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
            || style.boxShadow !== 'none',
    };
}"""

# Does a person see the element, or is its middle covered or cut off (overflow hidden)? Only the window
# scrolls: scrollIntoView() would also scroll a box with overflow hidden, which no person can do.
SEEN = """el => {
    const before = el.getBoundingClientRect();
    window.scrollBy({top: before.top + before.height / 2 - window.innerHeight / 2, behavior: 'instant'});
    const box = el.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit !== null && (hit === el || el.contains(hit));
}"""


class Watcher:
    """Every request the browser makes and every CSP violation it reports on the console."""

    def __init__(self, page):
        self.requests = []
        self.csp_violations = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_violations.append(message.text)

    def foreign(self, origin):
        return [url for url in self.requests if not url.startswith(origin + "/")]


def public_path(site, name):
    return FIXED_PATHS.get(name) or getattr(site, name)


@pytest.fixture
def legal_notices(public_explainers):
    """The demo's privacy notices and Impressum, with their real text (long headings, lists, addresses)."""
    from io import StringIO

    from courses.demo import loader, notices

    notices.seed(StringIO(), loader.load())


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_meets_wcag_fits_320_px_and_leaves_no_trace(
    make_page, public_explainers, legal_notices, live_server, name
):
    path = public_path(public_explainers, name)
    for width in (1280, 320):
        page = make_page(width=width)
        watcher = Watcher(page)
        response = page.goto(path, wait_until="networkidle")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]

        if width == 1280:
            assert_no_axe_violations(page)
        else:
            scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
            assert scroll_width <= 320, f"{path} is {scroll_width} px wide at a 320 px viewport"

        assert page.context.cookies() == [], path
        assert watcher.foreign(live_server.url) == [], path
        assert watcher.csp_violations == [], path


@pytest.mark.parametrize(
    ("name", "explained"), [("explainer", "/erklaert/"), ("explainer_ar", "/ar/erklaert/")], ids=["de", "ar"]
)
def test_keyboard_reaches_every_control_of_the_explainer_and_shows_focus(
    page, public_explainers, name, explained
):
    page.goto(public_path(public_explainers, name))

    stops = []
    for _ in range(80):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop["what"].startswith("body") or (stops and stop["what"] == stops[0]["what"]):
            break  # through the page and back to the browser, or round again
        stops.append(stop)

    reached = [stop["what"] for stop in stops]
    assert reached[0] == "Sprunglink", reached
    expected = [
        f"Navigation {explained}",
        "Navigation /erklaert/leichte-sprache/",
        "Navigation /erklaert/gebaerdensprache/",
        "Navigation /lernen/",
        "Navigation /anmelden/",
        "Sprache de",
        "Sprache ar",
        "Video",
        "Kapitel 0",
        "Kapitel 2",
        "Transkript",
    ]
    assert [what for what in expected if what not in reached] == [], reached
    assert [stop["what"] for stop in stops if not stop["onScreen"]] == [], stops
    # Within the video, Tab also visits the browser's own controls (play, time, volume ...), which draw
    # their own focus ring inside the element; the video element itself must show its focus.
    own_controls = [i for i in range(1, len(stops)) if reached[i] == reached[i - 1] == "Video"]
    invisible = [
        stop["what"] for i, stop in enumerate(stops) if not stop["focusShows"] and i not in own_controls
    ]
    assert invisible == [], stops


def test_visitor_reads_the_buergergeld_explainer_in_three_versions_and_opens_its_poster(
    make_page, public_explainers
):
    """The issue's "done when", on a small phone: German, Arabic, Leichte Sprache, transcript, poster."""
    title = "Bürgergeld online beantragen – Schritt für Schritt"
    page = make_page(width=320, height=640)
    heading = page.get_by_role("heading", level=1)
    html = page.locator("html")

    page.goto("/erklaert/")
    page.get_by_role("link", name=title).click()
    expect(heading).to_have_text(title)
    expect(html).to_have_attribute("lang", "de")
    expect(page.get_by_text("Konto anlegen", exact=True)).to_be_visible()

    transcript = page.get_by_text("Schritt 2: Wählen Sie den Antrag aus.")
    expect(transcript).to_be_hidden()
    page.get_by_text("Transkript anzeigen").click()
    expect(transcript).to_be_visible()

    page.get_by_role("navigation", name="Sprache wählen").get_by_role("link", name="العربية").click()
    expect(page).to_have_url(re.compile(r"/ar/erklaert/buergergeld-online-beantragen/$"))
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(heading).to_have_text(public_explainers.arabic["title"])
    first_step = public_explainers.arabic["steps"][0]["title"]
    expect(page.locator(".lh-steps__list strong").first).to_have_text(first_step)
    # The video's German transcript stays German for screen readers, and reads left to right.
    expect(page.locator(".kern-accordion__body")).to_have_attribute("lang", "de")

    # The switcher names itself in Arabic now, and each language in itself.
    page.get_by_role("link", name="Deutsch", exact=True).click()
    expect(heading).to_have_text(title)
    page.get_by_role("link", name="Diese Seite in Leichter Sprache").click()
    expect(heading).to_have_text(public_explainers.easy_title)
    expect(page.get_by_text("Bürger·geld ist Geld vom Jobcenter.")).to_be_visible()
    page.get_by_role("link", name="Diese Seite in Alltags·sprache").click()
    expect(heading).to_have_text(title)

    page.get_by_role("link", name="Aushang zum Ausdrucken (A4)").click()
    expect(heading).to_have_text(title)
    qr_code = page.locator("svg.lh-poster__qr")
    steps = page.locator(".lh-poster__steps > li")
    expect(qr_code).to_be_visible()
    expect(steps.locator("strong")).to_have_text(["Konto anlegen", "Antrag auswählen", "Fragen beantworten"])
    # On the phone nothing of the sheet is cut off: the code and the last step can be seen.
    assert qr_code.evaluate(SEEN), "the QR code is hidden"
    assert steps.nth(2).evaluate(SEEN), "the third step is hidden"


def test_a_visitor_picks_her_language_on_the_home_page_and_keeps_it(
    make_page, public_explainers, live_server
):
    """The switcher is on the home page too; the Arabic home is German text with a note in Arabic, and the way
    to the explainers leads to the Arabic explainer."""
    page = make_page(width=320)
    page.goto("/", wait_until="networkidle")
    page.locator(".lh-languages").get_by_role("link", name="العربية").click()
    page.wait_for_url(f"{live_server.url}/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_text("هذه الصفحة غير متوفرة بلغتك بعد").is_visible()
    page.locator('a[href="/ar/erklaert/"]').first.click()
    page.wait_for_url(f"{live_server.url}/ar/erklaert/")
    page.get_by_role("link", name=public_explainers.arabic["title"]).first.click()
    page.wait_for_url(f"{live_server.url}{public_explainers.explainer_ar}")
    assert page.locator("h1").inner_text() == public_explainers.arabic["title"]
    assert_no_axe_violations(page)
