"""Public explainer pages: the page tree, what clients see, the publishing rule for videos, and the demo seed."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtailmedia import get_media_model

from courses.demo import explainers, loader
from courses.models import (
    EasyLanguagePage,
    ExplainerIndexPage,
    ExplainerPage,
    HomePage,
    PortalPage,
    SignLanguagePage,
)
from tests.factories import (
    EasyLanguagePageFactory,
    ExplainerPageFactory,
    SignLanguagePageFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db


def labels(models):
    return {model._meta.label for model in models}


def test_page_tree_rules(explainer_index):
    assert labels(HomePage.allowed_subpage_models()) == {
        "courses.ExplainerIndexPage",
        "courses.PortalPage",
        "courses.AccessibilityStatementPage",
        "courses.PublicPrivacyNoticePage",
        "courses.ImprintPage",
    }
    assert labels(ExplainerIndexPage.allowed_subpage_models()) == {
        "courses.ExplainerPage",
        "courses.EasyLanguagePage",
        "courses.SignLanguagePage",
    }
    assert labels(ExplainerPage.allowed_parent_page_models()) == {"courses.ExplainerIndexPage"}
    assert labels(ExplainerPage.allowed_subpage_models()) == set()
    assert labels(EasyLanguagePage.allowed_subpage_models()) == {"courses.EasyLanguagePage"}
    assert labels(SignLanguagePage.allowed_subpage_models()) == set()
    assert not ExplainerPage.can_create_at(explainer_index.get_parent())
    assert not ExplainerIndexPage.can_create_at(explainer_index)
    # One "Erklärt", one Leichte-Sprache start page and one DGS start page; more texts go below the start page.
    assert not ExplainerIndexPage.can_create_at(explainer_index.get_parent())
    easy_start = EasyLanguagePageFactory(parent=explainer_index)
    SignLanguagePageFactory(parent=explainer_index)
    assert not EasyLanguagePage.can_create_at(explainer_index)
    assert not SignLanguagePage.can_create_at(explainer_index)
    assert EasyLanguagePage.can_create_at(easy_start)
    assert not PortalPage.can_create_at(explainer_index)


def test_index_lists_live_explainers_as_cards(client, explainer_index):
    ExplainerPageFactory(parent=explainer_index, title="Bürgergeld online beantragen", slug="buergergeld")
    ExplainerPageFactory(parent=explainer_index, title="Postfach", slug="postfach", live=False)
    html = client.get("/erklaert/").content.decode()
    assert '<h1 class="kern-heading-x-large">Erklärt</h1>' in html
    assert re.search(
        r'<a class="kern-link kern-link--stretched" href="/erklaert/buergergeld/">\s*Bürgergeld', html
    )
    assert "Postfach" not in html
    assert "Stand:" in html and "1. März 2026" in html


@pytest.mark.parametrize("count", [1, 50])
def test_index_queries_do_not_grow_with_explainers(
    client, explainer_index, count, django_assert_max_num_queries
):
    for number in range(count):
        ExplainerPageFactory(parent=explainer_index, slug=f"erklaerung-{number}")
    client.get("/erklaert/")  # the process-wide caches (content types, site root paths) filled once
    with django_assert_max_num_queries(24):
        response = client.get("/erklaert/")
    assert response.content.decode().count("kern-link--stretched") == count


def test_explainer_shows_lead_steps_checklist_help_in_person_and_date(
    client, explainer_index, public_contact
):
    easy = EasyLanguagePageFactory(parent=explainer_index)
    page = ExplainerPageFactory(
        parent=explainer_index,
        title="Bürgergeld online beantragen",
        slug="buergergeld",
        lead="Sie können Bürgergeld im Internet beantragen.",
        easy_language_page=easy,
    )
    html = client.get("/erklaert/buergergeld/").content.decode()
    assert '<html lang="de" dir="ltr"' in html
    assert "Sie können Bürgergeld im Internet beantragen." in html
    steps = re.search(r'<ol class="kern-list kern-list--number[^"]*">(.*?)</ol>', html, re.S).group(1)
    assert re.findall(r"<strong>(.*?)</strong>", steps) == [
        "Konto anlegen",
        "Antrag auswählen",
        "Unterlagen hochladen",
        "Antrag absenden",
    ]
    assert "<li>Personalausweis</li><li>Mietvertrag</li>" in html
    assert "Kein Computer? So bekommen Sie Hilfe vor Ort" in html
    assert '<bdi lang="de">Am Markt 5</bdi><br><bdi lang="de">54321 Musterstadt</bdi>' in html
    assert '<bdi lang="de">Montag bis Freitag 8–12 Uhr</bdi>' in html
    assert 'href="tel:098765432-1"' in html
    assert '<time datetime="2026-03-01">1. März 2026</time>' in html
    assert 'href="/erklaert/leichte-sprache/" lang="de">Diese Seite in Leichter Sprache</a>' in html
    assert 'href="https://www.jobcenter.digital/"' in html and "jobcenter.digital" in html
    assert f'href="{page.url}poster/"' in html


def test_related_explainers_share_a_tag(client, explainer_index):
    first = ExplainerPageFactory(parent=explainer_index, title="Bürgergeld beantragen", slug="antrag")
    second = ExplainerPageFactory(parent=explainer_index, title="Weiterbewilligung", slug="weiter")
    ExplainerPageFactory(parent=explainer_index, title="Videoberatung", slug="video")
    for page in (first, second):
        page.tags.add("Bürgergeld")
        page.save_revision().publish()
    html = client.get("/erklaert/antrag/").content.decode()
    related = html.split("Das könnte Sie auch interessieren")[1]
    assert "Weiterbewilligung" in related and "Videoberatung" not in related


def test_leichte_sprache_and_sign_language_start_pages(client, explainer_index):
    easy_start = EasyLanguagePageFactory(parent=explainer_index)
    EasyLanguagePageFactory(
        parent=easy_start,
        title="Bürger·geld beantragen",
        slug="buergergeld",
        body=[
            {"type": "explanation", "value": {"word": "Bürger·geld", "meaning": "Geld vom Jobcenter."}},
            {"type": "list", "value": ["Sie machen ein Konto.", "Sie schicken den Antrag ab."]},
        ],
    )
    SignLanguagePageFactory(parent=explainer_index)
    start = client.get("/erklaert/leichte-sprache/").content.decode()
    assert 'href="/erklaert/leichte-sprache/buergergeld/">Bürger·geld beantragen</a>' in start
    text = client.get("/erklaert/leichte-sprache/buergergeld/").content.decode()
    assert 'class="lh-easy-text" lang="de"' in text
    assert "<strong>Bürger·geld</strong>" in text and "<li>Sie machen ein Konto.</li>" in text
    assert (
        "Ein Video in Deutscher Gebärdensprache."
        in client.get("/erklaert/gebaerdensprache/").content.decode()
    )


def publish_form(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "lead": page.lead,
        "steps": streamfield([("step", {"title": "Konto anlegen", "text": ""})]),
        "checklist": streamfield([]),
        "offline_title": page.offline_title,
        "offline_text": "",
        "reviewed_at": "2026-03-01",
        "tags": "",
        "action-publish": "publish",
        **changes,
    }
    return nested_form_data(data)


def media_video(**fields):
    return get_media_model().objects.create(
        title="Bürgergeld online",
        file=ContentFile(b"\x00" * 64, name="buergergeld.mp4"),
        type="video",
        **fields,
    )


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("rita", "rita@jobcenter.example", "richtig-geheim-42")


def test_explainer_with_a_video_without_captions_is_not_published(client, explainer_index, editor):
    page = ExplainerPageFactory(parent=explainer_index, title="Postfach", slug="postfach")
    video = media_video()
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(url, publish_form(page, video=video.pk, title="Ihr Postfach"))
    assert response.status_code == 200
    assert "Diese Seite kann noch nicht veröffentlicht werden" in response.content.decode()
    assert "Untertitel (WebVTT) und ein Transkript" in response.content.decode()
    assert f'<a href="/admin/media/edit/{video.pk}/">Video bearbeiten</a>' in response.content.decode()
    assert Page.objects.get(pk=page.pk).title == "Postfach"
    # As a draft the editor may save it: captions can follow.
    draft = publish_form(page, video=video.pk, title="Ihr Postfach")
    del draft["action-publish"]
    assert client.post(url, draft).status_code == 302
    assert ExplainerPage.objects.get(pk=page.pk).get_latest_revision_as_object().video_id == video.pk


def test_explainer_with_a_captioned_and_transcribed_video_is_published(client, explainer_index, editor):
    from courses.models import CaptionTrack

    page = ExplainerPageFactory(parent=explainer_index, title="Postfach", slug="postfach")
    video = media_video(transcript="Sprecherin: Im Postfach lesen Sie Ihre Bescheide.", is_public=True)
    CaptionTrack.objects.create(
        video=video,
        language="de",
        file=ContentFile(b"WEBVTT\n\n00:00.000 --> 00:02.000\nHallo\n", name="de.vtt"),
    )
    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        publish_form(page, video=video.pk, title="Ihr Postfach"),
    )
    assert response.status_code == 302
    assert ExplainerPage.objects.get(pk=page.pk).title == "Ihr Postfach"


def test_seed_twice_creates_explainers_translations_and_leichte_sprache_once(
    home_page, django_capture_on_commit_callbacks
):
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            explainers.seed(io.StringIO(), loader.load())
    german = ExplainerPage.objects.filter(locale__language_code="de")
    assert german.live().count() == 7
    assert set(german.values_list("title", flat=True)) >= {
        "Bürgergeld online beantragen – Schritt für Schritt",
        "Kein Computer? Hier bekommen Sie Hilfe",
    }
    translated = ExplainerPage.objects.exclude(locale__language_code="de")
    assert translated.live().count() == 18 and translated.filter(alias_of__isnull=False).count() == 0
    assert set(translated.values_list("locale__language_code", flat=True)) == {
        "en",
        "ar",
        "tr",
        "uk",
        "ru",
        "fa",
    }
    easy_texts = EasyLanguagePage.objects.filter(depth=5)
    assert easy_texts.count() == 2
    assert set(german.exclude(easy_language_page=None).values_list("easy_language_page", flat=True)) == set(
        easy_texts.values_list("pk", flat=True)
    )
    assert all(page.reviewed_at and page.checklist and page.offline_text for page in german)


def test_contact_details_are_shown_in_the_visitors_language_where_editors_gave_them(
    client, explainer_index, public_contact
):
    from courses.models import PublicServiceTranslation

    PublicServiceTranslation.objects.create(
        contact=public_contact, language="ar", opening_hours="من الاثنين إلى الجمعة 8–12"
    )
    ExplainerPageFactory(parent=explainer_index, title="Bürgergeld online beantragen", slug="buergergeld")
    arabic = client.get("/ar/erklaert/buergergeld/").content.decode()
    # The German address stays German and isolated, so "54321 Musterstadt" keeps its order on an RTL page.
    assert '<bdi lang="de">54321 Musterstadt</bdi>' in arabic
    assert '<bdi lang="ar">من الاثنين إلى الجمعة 8–12</bdi>' in arabic
    turkish = client.get("/tr/erklaert/buergergeld/").content.decode()
    assert '<bdi lang="de">Montag bis Freitag 8–12 Uhr</bdi>' in turkish


def test_the_redaktion_keeps_the_contact_details_and_their_translations(client, editor, public_contact):
    from django.urls import reverse

    url = reverse("wagtailsettings:edit", args=["courses", "publicservicesettings", public_contact.site_id])
    client.force_login(editor)
    assert client.get(url).status_code == 200
    form = {
        "portal_name": public_contact.portal_name,
        "portal_url": public_contact.portal_url,
        "office_name": public_contact.office_name,
        "address": public_contact.address,
        "opening_hours": public_contact.opening_hours,
        "phone": public_contact.phone,
        "translations-TOTAL_FORMS": "2",
        "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1000",
        "translations-0-language": "ar",
        "translations-0-opening_hours": "من الاثنين إلى الجمعة 8–12",
        "translations-0-ORDER": "1",
        "translations-1-language": "ar",
        "translations-1-opening_hours": "noch einmal Arabisch",
        "translations-1-ORDER": "2",
    }
    refused = client.post(url, form)
    assert refused.status_code == 200 and not public_contact.translations.exists()
    form["translations-1-language"] = "tr"
    form["translations-1-opening_hours"] = "Pazartesi–Cuma 8–12"
    assert client.post(url, form).status_code == 302
    assert public_contact.in_language("tr")["opening_hours"] == "Pazartesi–Cuma 8–12"
    assert public_contact.in_language("tr")["address"] == public_contact.address
    assert public_contact.in_language("uk")["opening_hours_language"] == "de"


def test_the_sign_language_page_says_when_its_video_is_still_missing(client, explainer_index):
    page = SignLanguagePageFactory(parent=explainer_index)
    html = client.get(page.url).content.decode()
    assert "Das Video in Deutscher Gebärdensprache gibt es noch nicht." in html
    assert "<video" not in html
    page.video = VideoFactory(is_public=True)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "<video" in html
    assert "gibt es noch nicht" not in html
