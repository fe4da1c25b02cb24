"""wagtail-localize's translation editor in the browser speaks German to the Redaktion, its footer too."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from wagtail.models import Locale

from tests.e2e.helpers import login
from tests.factories import ExplainerPageFactory, UserFactory

pytestmark = pytest.mark.e2e


def test_the_translation_editors_footer_menu_is_named_in_german(page, explainer_index):
    rita = UserFactory(username="rita", groups=["Redaktion"])
    TOTPDevice.objects.create(user=rita, name="Authenticator-App", confirmed=True)
    explainer = ExplainerPageFactory(parent=explainer_index, title="Bürgergeld", slug="buergergeld")
    login(page, "rita")

    page.goto(f"/admin/localize/submit/page/{explainer.pk}/")
    page.get_by_label("العربية").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Absenden").click()
    arabic = explainer.get_translation(Locale.objects.get(language_code="ar"))
    page.goto(f"/admin/pages/{arabic.pk}/edit/")

    # The script of wagtail-localize renders the footer with "More actions"; static/js/localize-labels.js
    # gives it the German name, also after the footer is drawn again.
    menu = page.locator("footer .w-dropdown__toggle")
    expect(menu).to_have_count(1)
    expect(menu).to_have_accessible_name("Mehr Aktionen")
    menu.click()
    expect(menu).to_have_accessible_name("Mehr Aktionen")
    expect(page.get_by_role("button", name="More actions")).to_have_count(0)
