"""The Lotsen flow in the browser: anna asks for help, lars accepts and logs a session, anna gives consent,
and only then lars sees her course progress."""

import pytest
from playwright.sync_api import expect

from learning import completion
from learning.models import StaffProfile
from lotsen.models import HelpRequest
from tests.e2e.helpers import assert_no_axe_violations, login
from tests.factories import (
    CoachingFactory,
    CoursePageFactory,
    HelpRequestFactory,
    LessonPageFactory,
    LotseFactory,
    OrgUnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.e2e

COURSE = "Datenschutz und Sozialgeheimnis"


@pytest.fixture
def people(catalog_page, learner):
    unit = OrgUnitFactory(name="Leistungsteam 1")
    StaffProfile.objects.update_or_create(user=learner, defaults={"org_unit": unit})
    lars = UserFactory(
        username="lars", first_name="Lars", last_name="Hoffmann", groups=["Digitalisierungslotsen"]
    )
    LotseFactory(user=lars, org_units=[unit], tags=["E-Akte"])
    course = CoursePageFactory(parent=catalog_page, title=COURSE)
    first = LessonPageFactory(parent=course, title="Was sind Sozialdaten?")
    LessonPageFactory(parent=course, title="Sicher versenden")
    completion.enrol(learner, course)
    completion.complete_lesson(learner, first, completion.Evidence(first.completion_rule))
    return learner, lars


def test_help_request_session_consent_and_progress(make_page, people):
    anna_page, lars_page = make_page(), make_page()

    login(anna_page, "anna")
    anna_page.goto("/lotsen/hilfe/")
    assert_no_axe_violations(anna_page)
    anna_page.get_by_label("Wobei brauchen Sie Hilfe?").select_option(label="E-Akte")
    anna_page.get_by_label("Ihre Nachricht").fill("Wie lege ich Scans richtig in der E-Akte ab?")
    anna_page.get_by_label("Video", exact=True).check()
    anna_page.get_by_role("button", name="Anfrage senden").click()
    expect(anna_page.get_by_text("Lars Hoffmann hat Ihre Anfrage bekommen")).to_be_visible()

    login(lars_page, "lars")
    lars_page.goto("/lotsen/")
    expect(lars_page.get_by_role("heading", name="Anna Becker: E-Akte")).to_be_visible()
    assert_no_axe_violations(lars_page)
    lars_page.get_by_role("button", name="Annehmen").click()
    expect(lars_page.get_by_text("Bitte melden Sie sich bei Anna Becker.")).to_be_visible()
    expect(lars_page.get_by_text("Der Lernstand ist nicht freigegeben.")).to_be_visible()
    expect(lars_page.get_by_text(COURSE)).to_have_count(0)
    lars_page.get_by_label("Ergebnis").fill("Scannen und Ablegen in der E-Akte geübt.")
    lars_page.get_by_label("Private Notiz").fill("Braucht noch Übung beim Benennen.")
    lars_page.get_by_role("button", name="Termin speichern").click()
    expect(lars_page.get_by_text("Der Termin ist gespeichert.")).to_be_visible()
    assert_no_axe_violations(lars_page)

    anna_page.goto("/lernen/")
    section = anna_page.locator(
        "section", has=anna_page.get_by_role("heading", name="Meine Lotsen-Begleitung")
    )
    expect(section.get_by_text("Scannen und Ablegen in der E-Akte geübt.")).to_be_visible()
    expect(section.get_by_text("Braucht noch Übung")).to_have_count(0)
    section.get_by_role("button", name="Lernstand für Lars Hoffmann freigeben").click()
    expect(anna_page.get_by_text("Lars Hoffmann sieht jetzt Ihren Lernstand")).to_be_visible()
    expect(anna_page.get_by_role("button", name="Freigabe des Lernstands widerrufen")).to_be_visible()

    lars_page.reload()
    expect(lars_page.get_by_text(COURSE)).to_be_visible()
    expect(lars_page.get_by_text("1 von 2 Lektionen")).to_be_visible()


def test_anna_withdraws_a_request_and_lars_ends_the_coaching(make_page, people):
    anna, lars = people
    lotse = lars.lotse_profile
    coaching = CoachingFactory(lotse=lotse, colleague=anna)
    HelpRequestFactory(
        requester=anna, lotse=lotse, status=HelpRequest.Status.ASSIGNED, message="Wie finde ich die Vorlage?"
    )
    anna_page, lars_page = make_page(), make_page()

    login(anna_page, "anna")
    anna_page.goto("/lotsen/meine-begleitung/")
    expect(anna_page.get_by_text("Nie sichtbar: Ihre Antworten in Wissenschecks")).to_be_visible()
    assert_no_axe_violations(anna_page)
    anna_page.get_by_role("button", name="Anfrage zurückziehen").click()
    expect(anna_page.get_by_text("Sie haben Ihre Anfrage zurückgezogen.")).to_be_visible()
    expect(anna_page.get_by_role("button", name="Anfrage zurückziehen")).to_have_count(0)

    login(lars_page, "lars")
    lars_page.goto(f"/lotsen/begleitungen/{coaching.pk}/")
    assert_no_axe_violations(lars_page)
    lars_page.get_by_label("Ein Satz zum Abschluss (freiwillig)").fill("Sie schaffen das jetzt allein!")
    lars_page.get_by_role("button", name="Begleitung beenden").click()
    expect(lars_page.get_by_text("Die Begleitung ist beendet.")).to_be_visible()
    expect(lars_page.get_by_role("link", name="Begleitung von Anna Becker")).to_have_count(0)

    anna_page.goto("/lotsen/meine-begleitung/")
    expect(anna_page.get_by_role("heading", name="Begleitung durch Lars Hoffmann")).to_have_count(0)


@pytest.mark.parametrize("path", ["/lotsen/", "/lotsen/meine-begleitung/", "/lotsen/kompetenz-check/"])
def test_colleague_pages_have_no_wcag_violations(page, people, path):
    login(page, "anna")
    page.goto(path)
    assert_no_axe_violations(page)


def test_self_check_with_missing_answers_has_no_wcag_violations(page, people):
    login(page, "anna")
    page.goto("/lotsen/kompetenz-check/")
    page.get_by_role("button", name="Ergebnis ansehen").click()
    expect(page.get_by_text("Es fehlen noch 21 Antworten. Es wurde nichts gespeichert.")).to_be_visible()
    assert_no_axe_violations(page)


def test_lars_hands_a_request_over_by_name_on_a_phone(make_page, people):
    anna, lars = people
    LotseFactory(
        user=UserFactory(first_name="Jonas", last_name="Weber", groups=["Digitalisierungslotsen"]),
        org_units=[OrgUnitFactory(name="Eingangszone")],
    )
    help_request = HelpRequestFactory(
        requester=anna, lotse=lars.lotse_profile, topic="E-Akte", status=HelpRequest.Status.ASSIGNED
    )
    page = make_page(width=320)
    login(page, "lars")
    page.goto("/lotsen/")
    page.get_by_role("link", name="Übergeben …").click()
    expect(page.get_by_role("heading", name="Anfrage übergeben")).to_be_visible()
    expect(page.get_by_text("Für diese Einheit ist sonst niemand zuständig.")).to_be_visible()
    page.get_by_label("Lotsin oder Lotsen suchen").fill("Weber")
    page.get_by_label("Lotsin oder Lotsen suchen").press("Enter")
    page.get_by_label("Jonas Weber").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Übergeben", exact=True).click()
    expect(page.get_by_text("Die Anfrage ist an Jonas Weber übergeben.")).to_be_visible()
    help_request.refresh_from_db()
    assert help_request.lotse.user.last_name == "Weber"
