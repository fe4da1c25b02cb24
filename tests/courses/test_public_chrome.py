"""Every public page offers the site's languages: the page's own version or that language's home page."""

import re

import pytest
from wagtail.models import Locale

from tests.factories import (
    AccessibilityStatementPageFactory,
    EasyLanguagePageFactory,
    SignLanguagePageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_home(home_page):
    english = home_page.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Job centre"
    english.save_revision().publish()
    return english


def switcher(client, url):
    html = client.get(url).content.decode()
    found = re.search(r'<nav class="lh-languages".*?</nav>', html, re.S)
    assert found, f"no language switcher on {url}"
    links = re.findall(
        r'href="([^"]+)" lang="(\w+)" hreflang="\2"( aria-current="true")?>([^<]+)</a>', found.group(0)
    )
    return [(href, code, bool(current)) for href, code, current, _name in links]


def test_the_home_page_offers_its_english_version(client, english_home):
    assert switcher(client, "/") == [("/", "de", True), ("/en/", "en", False)]
    assert switcher(client, "/en/") == [("/", "de", False), ("/en/", "en", True)]


@pytest.mark.parametrize("kind", ["easy_language", "sign_language", "statement"])
def test_pages_without_a_translation_link_the_other_languages_home(client, home_page, english_home, kind):
    factory = {
        "easy_language": EasyLanguagePageFactory,
        "sign_language": SignLanguagePageFactory,
        "statement": AccessibilityStatementPageFactory,
    }[kind]
    page = factory(parent=home_page)
    assert switcher(client, page.url) == [(page.url, "de", True), ("/en/", "en", False)]


def test_the_sign_in_page_offers_the_languages_homes(client, english_home):
    assert switcher(client, "/anmelden/") == [("/", "de", True), ("/en/", "en", False)]


def test_the_staff_side_speaks_german_only(client, portal_page, english_home, learner):
    client.force_login(learner)
    html = client.get(portal_page.url).content.decode()
    assert 'class="lh-languages"' not in html


def test_a_site_in_german_only_shows_no_switcher(client, home_page):
    assert 'class="lh-languages"' not in client.get("/").content.decode()
