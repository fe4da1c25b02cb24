"""Anna searches the catalogue of the demo in Chromium: word forms, tags, compounds and "Meinten Sie …?"."""

from io import StringIO

import pytest
from django.core.management import call_command

from learning.demo import DEMO_PASSWORD
from tests.e2e.helpers import assert_no_axe_violations, login

pytestmark = pytest.mark.e2e

DATENSCHUTZ = [
    "Datenschutz und Sozialgeheimnis im SGB II – jährliche Unterweisung",
    "E-Akte im Jobcenter: Grundlagen",
    "Künstliche Intelligenz im Verwaltungsalltag: Chancen und Grenzen",
    "Verschlüsselte E-Mail: Sozialdaten sicher übermitteln",
]


def search(page, query):
    page.get_by_label("Suchbegriff").fill(query)
    with page.expect_navigation():
        page.get_by_role("button", name="Suchen", exact=True).click()
    return titles(page)


def titles(page):
    return [title.strip() for title in page.locator(".lh-course-list h3").all_inner_texts()]


def test_anna_finds_the_demo_queries_and_is_offered_a_correction(make_page):
    call_command("seed_demo", stdout=StringIO())
    page = make_page(width=1280)
    login(page, "anna", DEMO_PASSWORD)
    page.goto("/lernen/kurse/")

    assert search(page, "Datenschutz") == DATENSCHUTZ
    assert search(page, "DSGVO")[0] == DATENSCHUTZ[0]
    assert search(page, "Verschlüsselung")[0] == "Verschlüsselte E-Mail: Sozialdaten sicher übermitteln"

    assert search(page, "Phising") == []
    correction = page.get_by_role("link", name="„Phishing“")
    assert page.locator(".lh-suggestion").inner_text().startswith("Meinten Sie")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        correction.click()
    assert titles(page)[0] == "Informationssicherheit: Phishing erkennen und melden"
    assert page.get_by_label("Suchbegriff").input_value() == "Phishing"
