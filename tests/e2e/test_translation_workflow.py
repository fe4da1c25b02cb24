"""The Redaktion translates an explainer into Arabic in the browser; it goes live only when published."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.e2e.helpers import assert_no_axe_violations, login

pytestmark = pytest.mark.e2e

FALLBACK_NOTE_AR = "هذه الصفحة غير متوفرة بلغتك بعد"


@pytest.fixture
def german_explainer(explainer_index, public_contact, captioned_video):
    from tests.factories import ExplainerPageFactory

    return ExplainerPageFactory(
        parent=explainer_index,
        title="Bürgergeld online beantragen",
        slug="buergergeld",
        video=captioned_video,
    )


def test_rita_translates_an_explainer_into_arabic_and_publishes_it(make_page, editor, german_explainer):
    TOTPDevice.objects.create(user=editor, name="App", confirmed=True)
    rita, visitor = make_page(), make_page()
    login(rita, "rita")

    # The tab "Übersetzungen" of the German page says Arabic is missing and leads to the submission.
    rita.goto(f"/admin/pages/{german_explainer.pk}/edit/")
    rita.get_by_role("tab", name="Übersetzungen").click()
    expect(rita.locator('tr[data-language="ar"]')).to_contain_text("fehlt")
    rita.get_by_role("link", name="Diese Seite übersetzen (العربية)").click()
    rita.get_by_label("العربية").check()
    rita.get_by_role("button", name="Absenden").click()
    expect(rita.get_by_text("wurde erfolgreich zur Übersetzung in العربية eingereicht")).to_be_visible()

    # Submitted but not published: Arabic visitors get the German page with the note in Arabic.
    visitor.goto("/ar/erklaert/buergergeld/")
    expect(visitor.get_by_text(FALLBACK_NOTE_AR)).to_be_visible()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Bürgergeld online beantragen")

    # Rita translates every text in wagtail-localize's editor, one segment after the other.
    translate = rita.get_by_role("button", name="Übersetzen", exact=True)
    remaining = translate.count()
    assert remaining > 5, "the title, the lead, the steps and the checklist are each a text to translate"
    for number in range(remaining):
        translate.first.click()
        rita.locator("textarea").first.fill("بوابة المواطن" if number == 0 else f"نص عربي {number}")
        rita.get_by_role("button", name="Speichern", exact=True).click()
        expect(translate).to_have_count(remaining - number - 1)
    with rita.expect_navigation():
        rita.get_by_role("button", name="Veröffentlichen in العربية").click()

    # Published: the Arabic page is live, right to left, without the note; the German page says "aktuell".
    visitor.goto("/ar/erklaert/buergergeld/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("بوابة المواطن")
    expect(visitor.get_by_text(FALLBACK_NOTE_AR)).to_have_count(0)
    assert visitor.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert_no_axe_violations(visitor)
    rita.goto(f"/admin/pages/{german_explainer.pk}/edit/")
    rita.get_by_role("tab", name="Übersetzungen").click()
    expect(rita.locator('tr[data-language="ar"]')).to_contain_text("aktuell")
