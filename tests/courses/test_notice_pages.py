"""The legal notices: privacy notices for staff and for the public, the Impressum, and the footer links to them."""

import datetime

import pytest
from django.urls import reverse
from wagtail_localize.models import TranslationSource

from courses.demo import translate as demo_translate
from courses.models import (
    ExplainerPage,
    HomePage,
    ImprintPage,
    PortalPage,
    PublicPrivacyNoticePage,
    StaffPrivacyNoticePage,
)
from tests.factories import EasyLanguagePageFactory, ExplainerPageFactory

pytestmark = pytest.mark.django_db

STAFF_LINK = 'href="/lernen/datenschutz/">Datenschutzhinweise für Beschäftigte</a>'
PUBLIC_LINK = 'href="/datenschutz/">Datenschutzhinweise</a>'
IMPRINT_LINK = 'href="/impressum/">Impressum</a>'


def sections(*pairs):
    return [{"type": "section", "value": {"heading": heading, "text": text}} for heading, text in pairs]


def add(parent, page_class, **fields):
    return parent.add_child(instance=page_class(**fields))


@pytest.fixture
def notices(home_page, portal_page):
    contact = {
        "dpo_name": "Behördliche Datenschutzbeauftragte",
        "dpo_address": "Musterstraße 1\n12345 Musterstadt",
        "dpo_email": "datenschutz@jobcenter.example",
        "dpo_phone": "01234 5678-90",
        "supervisory_authority_url": "https://www.datenschutz.example/",
    }
    return {
        "staff": add(
            portal_page,
            StaffPrivacyNoticePage,
            title="Datenschutzhinweise für Beschäftigte",
            slug="datenschutz",
            reviewed_at=datetime.date(2026, 12, 1),
            body=sections(
                ("Wer ist verantwortlich?", "<p>Das Jobcenter Musterkreis.</p>"),
                ("Wer sieht Ihre Daten?", "<p>Die Koordination nur bei Pflichtschulungen.</p>"),
                ("Welche Rechte haben Sie?", "<p>Auskunft nach Art. 15 DSGVO.</p>"),
            ),
            **contact,
        ),
        "public": add(
            home_page,
            PublicPrivacyNoticePage,
            title="Datenschutzhinweise",
            slug="datenschutz",
            reviewed_at=datetime.date(2026, 12, 1),
            body=sections(("Keine Cookies, keine Auswertung", "<p>Wir setzen keine Cookies.</p>")),
            **contact,
        ),
        "imprint": add(
            home_page,
            ImprintPage,
            title="Impressum",
            slug="impressum",
            lead="Angaben nach § 5 DDG.",
            reviewed_at=datetime.date(2026, 12, 1),
            body=sections(("Anbieter", "<p>Jobcenter Musterkreis, Musterstraße 1</p>")),
        ),
    }


def test_each_notice_has_its_one_place_in_the_tree():
    assert StaffPrivacyNoticePage.allowed_parent_page_models() == [PortalPage]
    assert PublicPrivacyNoticePage.allowed_parent_page_models() == [HomePage]
    assert ImprintPage.allowed_parent_page_models() == [HomePage]
    for model in (StaffPrivacyNoticePage, PublicPrivacyNoticePage, ImprintPage):
        assert model.allowed_subpage_models() == []
        assert model.max_count_per_parent == 1
    assert StaffPrivacyNoticePage in PortalPage.allowed_subpage_models()
    assert {PublicPrivacyNoticePage, ImprintPage} <= set(HomePage.allowed_subpage_models())


@pytest.mark.parametrize(
    ("path", "texts"),
    [
        (
            "/datenschutz/",
            ["Datenschutzhinweise</h1>", "Wir setzen keine Cookies.", "Stand: 1. Dezember 2026"],
        ),
        ("/impressum/", ["Impressum</h1>", "Angaben nach § 5 DDG.", "Musterstraße 1"]),
    ],
)
def test_public_notices_are_read_without_signing_in_and_set_no_cookie(client, notices, path, texts):
    for _ in range(2):  # rendered, then from the public page cache
        response = client.get(path)
        assert response.status_code == 200
        html = response.content.decode()
        assert [text for text in texts if text not in html] == []
        assert not response.cookies and "Set-Cookie" not in response
    assert not client.cookies


def test_the_public_privacy_notice_names_the_data_protection_officer_and_the_authority(client, notices):
    html = client.get("/datenschutz/").content.decode()
    assert "Kontakt zum Datenschutz</h2>" in html
    assert "Behördliche Datenschutzbeauftragte<br>" in html and "Musterstraße 1<br>12345 Musterstadt" in html
    assert 'href="mailto:datenschutz@jobcenter.example"' in html
    assert "Beschwerde bei der Aufsichtsbehörde</h2>" in html
    assert (
        'href="https://www.datenschutz.example/">Die oder der Landesbeauftragte für den Datenschutz</a>'
        in html
    )
    # An Impressum has no data protection officer of its own.
    assert "Kontakt zum Datenschutz" not in client.get("/impressum/").content.decode()


def test_the_staff_notice_needs_a_sign_in_like_every_portal_page(client, notices, learner):
    response = client.get("/lernen/datenschutz/")
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/")
    client.force_login(learner)
    html = client.get("/lernen/datenschutz/").content.decode()
    assert "Datenschutzhinweise für Beschäftigte</h1>" in html
    assert "Die Koordination nur bei Pflichtschulungen." in html
    # More than two sections: a table of contents with links to each heading.
    assert '<a class="kern-link" href="#wer-sieht-ihre-daten">Wer sieht Ihre Daten?</a>' in html
    assert '<h2 class="kern-heading-medium" id="wer-sieht-ihre-daten">Wer sieht Ihre Daten?</h2>' in html
    assert "datenschutz@jobcenter.example" in html


def test_staff_pages_link_the_staff_notice_and_public_pages_the_public_one(client, notices, learner):
    public = client.get("/").content.decode()
    assert PUBLIC_LINK in public and IMPRINT_LINK in public and STAFF_LINK not in public
    assert 'href="/barrierefreiheit/">Erklärung zur Barrierefreiheit</a>' in public
    assert '<nav aria-label="Rechtliche Hinweise">' in public
    # The sign-in page is outside the portal: its visitors cannot open the staff notice yet.
    assert PUBLIC_LINK in client.get(reverse("login")).content.decode()

    client.force_login(learner)
    for path in ("/lernen/", "/lernen/datenschutz/", reverse("my_data"), reverse("lotsen:index")):
        html = client.get(path).content.decode()
        assert STAFF_LINK in html and IMPRINT_LINK in html, path
        assert PUBLIC_LINK not in html, path
    # Signed in or not, a public page keeps the public notice.
    assert PUBLIC_LINK in client.get("/datenschutz/").content.decode()


def test_leichte_sprache_and_translated_pages_link_the_notices_in_german_when_untranslated(
    client, notices, explainer_index, django_capture_on_commit_callbacks
):
    EasyLanguagePageFactory(parent=explainer_index, title="Leichte Sprache", slug="leichte-sprache")
    explainer = ExplainerPageFactory(parent=explainer_index, title="Bürgergeld online", slug="buergergeld")
    source, _created = TranslationSource.update_or_create_from_instance(explainer)
    strings = {
        s.string.data: f"(ar) {s.string.data}" for s in source.stringsegment_set.select_related("string")
    }
    with django_capture_on_commit_callbacks(execute=True):
        demo_translate(explainer, {"ar": strings})
    assert ExplainerPage.objects.filter(locale__language_code="ar", slug="buergergeld").exists()

    response = client.get("/erklaert/leichte-sprache/")
    assert PUBLIC_LINK in response.content.decode() and IMPRINT_LINK in response.content.decode()
    for path in ("/ar/erklaert/buergergeld/", "/ar/erklaert/"):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        # The German pages, named in the visitor's language.
        assert (
            'href="/datenschutz/">إشعار الخصوصية</a>' in html
            and 'href="/impressum/">بيانات الناشر</a>' in html
        ), path


def test_a_translated_notice_is_linked_in_its_language(client, notices, django_capture_on_commit_callbacks):
    imprint = notices["imprint"]
    source, _created = TranslationSource.update_or_create_from_instance(imprint)
    strings = {
        s.string.data: f"(en) {s.string.data}" for s in source.stringsegment_set.select_related("string")
    }
    with django_capture_on_commit_callbacks(execute=True):
        demo_translate(imprint, {"en": strings})
    html = client.get("/en/impressum/").content.decode()
    assert "(en) Impressum</h1>" in html
    # The translated imprint in English; the privacy notice, German only, named in English.
    assert (
        'href="/en/impressum/">Legal notice</a>' in html and 'href="/datenschutz/">Privacy notice</a>' in html
    )


def test_without_a_staff_notice_staff_pages_link_the_public_one(client, notices, learner):
    notices["staff"].unpublish()
    client.force_login(learner)
    html = client.get("/lernen/").content.decode()
    assert PUBLIC_LINK in html and STAFF_LINK not in html


def test_the_redaktion_edits_and_publishes_the_notices(client, notices, editor):
    client.force_login(editor)
    for page in notices.values():
        assert page.permissions_for_user(editor).can_edit()
        assert page.permissions_for_user(editor).can_publish()
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Stand" in html and "Abschnitte" in html
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[notices["public"].pk])).content.decode()
    assert "Kontakt der oder des Datenschutzbeauftragten" in edit

    page = notices["imprint"]
    page.lead = "Neu: Angaben nach § 5 DDG."
    revision = page.save_revision(user=editor)
    revision.publish(user=editor)
    assert "Neu: Angaben nach § 5 DDG." in client.__class__().get("/impressum/").content.decode()


def test_editors_choose_the_notice_by_name_when_adding_a_page(client, home_page, portal_page, editor):
    client.force_login(editor)
    home_choices = client.get(reverse("wagtailadmin_pages:add_subpage", args=[home_page.pk])).content.decode()
    assert "Datenschutzhinweise der Website" in home_choices and "Impressum" in home_choices
    portal_choices = client.get(
        reverse("wagtailadmin_pages:add_subpage", args=[portal_page.pk])
    ).content.decode()
    assert "Datenschutzhinweise für Beschäftigte" in portal_choices
