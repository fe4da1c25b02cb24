"""Explainers in seven languages: prefixes, right-to-left, the language switcher, German fallback, stale translations."""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from courses.demo import translate as demo_translate
from courses.models import ExplainerPage
from courses.public.translation import translation_source_is_out_of_date
from tests.factories import ExplainerPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def translate(django_capture_on_commit_callbacks):
    """Translate a German page through wagtail-localize: the title as given, every other text marked."""

    def translate(page, language, title):
        source, _created = TranslationSource.update_or_create_from_instance(page)
        strings = {
            segment.string.data: title
            if segment.context.path == "title"
            else f"({language}) {segment.string.data}"
            for segment in source.stringsegment_set.select_related("string", "context")
        }
        with django_capture_on_commit_callbacks(execute=True):
            demo_translate(page, {language: strings})
        return ExplainerPage.objects.get(translation_key=page.translation_key, locale__language_code=language)

    return translate


@pytest.fixture
def explainer(explainer_index):
    return ExplainerPageFactory(
        parent=explainer_index, title="Bürgergeld online beantragen", slug="buergergeld"
    )


def test_content_languages_exist_as_locales():
    assert set(Locale.objects.values_list("language_code", flat=True)) == {
        "de",
        "en",
        "ar",
        "tr",
        "uk",
        "ru",
        "fa",
    }
    assert Locale.get_default().language_code == "de"


def test_arabic_page_is_right_to_left_under_its_prefix(client, explainer, translate):
    translate(explainer, "ar", "طلب إعانة المواطن عبر الإنترنت")
    html = client.get("/ar/erklaert/buergergeld/").content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert '<h1 class="kern-heading-x-large">طلب إعانة المواطن عبر الإنترنت</h1>' in html
    assert '<h2 class="kern-heading-medium" id="steps-heading">هكذا تتم العملية</h2>' in html
    assert "غير متوفرة بلغتك" not in html
    german = client.get("/erklaert/buergergeld/").content.decode()
    assert '<html lang="de" dir="ltr"' in german and "Bürgergeld online beantragen</h1>" in german


def test_staff_and_admin_addresses_keep_working_without_prefix(client, portal_page):
    assert client.get("/anmelden/").status_code == 200
    assert client.get("/lernen/")["Location"].startswith("/anmelden/")
    assert client.get("/admin/")["Location"].startswith("/anmelden/?next=/admin/")


def test_language_switcher_offers_exactly_the_existing_translations(client, explainer, translate):
    translate(explainer, "ar", "طلب إعانة المواطن عبر الإنترنت")
    translate(explainer, "uk", "Заява на громадянську допомогу онлайн")
    html = client.get("/erklaert/buergergeld/").content.decode()
    switcher = re.search(r'<nav class="lh-languages".*?</nav>', html, re.S).group(0)
    offered = re.findall(r'href="([^"]+)" lang="(\w+)" hreflang="\2"[^>]*>([^<]+)</a>', switcher)
    assert offered == [
        ("/erklaert/buergergeld/", "de", "Deutsch"),
        ("/ar/erklaert/buergergeld/", "ar", "العربية"),
        ("/uk/erklaert/buergergeld/", "uk", "Українська"),
    ]
    assert 'aria-current="true">Deutsch</a>' in switcher


def test_a_page_in_one_language_only_has_no_switcher(client, explainer):
    assert 'class="lh-languages"' not in client.get("/erklaert/buergergeld/").content.decode()


def test_untranslated_page_falls_back_to_german_and_says_so(client, explainer_index, explainer, translate):
    ExplainerPageFactory(parent=explainer_index, title="Videoberatung", slug="videoberatung")
    translate(explainer, "ar", "طلب إعانة المواطن عبر الإنترنت")
    notes = {
        "/ar/erklaert/videoberatung/": "هذه الصفحة غير متوفرة بلغتك بعد. إليك النسخة الألمانية.",
        "/tr/erklaert/videoberatung/": "Bu sayfa henüz sizin dilinizde yok. Almanca sürümü aşağıdadır.",
    }
    for url, note in notes.items():
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert "Videoberatung</h1>" in html
        assert note in html
        # The visitor's language frames the page; the German text is marked as German.
        assert '<article class="lh-explainer" lang="de" dir="ltr">' in html
        # Inside it the page's own headings are German too, so a screen reader reads one language there.
        article = html[html.index('<article class="lh-explainer"') : html.index("</article>")]
        assert "So geht es</h2>" in article
    assert "هكذا تتم العملية" not in client.get("/ar/erklaert/videoberatung/").content.decode()
    assert client.get("/ar/erklaert/gibt-es-nicht/").status_code == 404


def test_editors_see_that_translations_are_out_of_date_after_a_german_edit(client, explainer, translate):
    from django.contrib.auth import get_user_model

    translate(explainer, "en", "Applying for Bürgergeld online")
    source = TranslationSource.objects.get_for_instance(explainer)
    assert not translation_source_is_out_of_date(source)

    explainer.lead = "Sie können Bürgergeld jetzt auch mit der App beantragen."
    explainer.save_revision().publish()
    assert translation_source_is_out_of_date(source)

    editor = get_user_model().objects.create_superuser("rita", "rita@jobcenter.example", "richtig-geheim-42")
    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[explainer.pk])).content.decode()
    assert _state(edit, "en") == (
        "outdated",
        "English veraltet Der deutsche Text wurde seitdem geändert. Synchronisieren (English)",
    )
    assert _state(edit, "ar") == (
        "missing",
        "العربية fehlt Noch nicht übersetzt. Diese Seite übersetzen (العربية)",
    )
    sync_url = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert sync_url in edit
    assert client.get(sync_url).status_code == 200

    source.update_from_db()
    assert not translation_source_is_out_of_date(source)


@pytest.mark.parametrize(("language", "chapters"), [("ar", "الفصول"), ("fa", "فصل‌ها"), ("uk", "Розділи")])
def test_the_video_player_speaks_the_visitors_language(language, chapters):
    from django.utils import translation

    with translation.override(language):
        assert translation.gettext("Kapitel") == chapters
        assert translation.gettext("Transkript anzeigen") != "Transkript anzeigen"


def _state(html, language):
    row = re.search(rf'<tr data-language="{language}" data-state="(\w+)">(.*?)</tr>', html, re.S)
    return row.group(1), re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row.group(2))).strip()


def test_the_redaktion_translates_a_page_and_it_goes_live_only_when_published(
    client, editor, explainer, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import StringSegment, Translation

    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[explainer.pk])
    assert _state(client.get(edit_url).content.decode(), "ar") == (
        "missing",
        "العربية fehlt Noch nicht übersetzt. Diese Seite übersetzen (العربية)",
    )

    submit_url = reverse("wagtail_localize:submit_page_translation", args=[explainer.pk])
    assert client.get(submit_url).status_code == 200
    arabic = Locale.objects.get(language_code="ar")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url, {"locales": [arabic.pk], "include_subtree": ""})
    assert response.status_code == 302
    target = ExplainerPage.objects.get(translation_key=explainer.translation_key, locale=arabic)
    # The untranslated copy is a draft: Arabic visitors keep getting the German page with the note.
    assert not target.live
    html = client.get("/ar/erklaert/buergergeld/").content.decode()
    assert "هذه الصفحة غير متوفرة بلغتك بعد" in html and "Bürgergeld online beantragen</h1>" in html
    assert _state(client.get(edit_url).content.decode(), "ar")[0] == "missing"

    # Rita translates every text in wagtail-localize's editor (its API) and publishes.
    translation = Translation.objects.get(source__object_id=explainer.translation_key, target_locale=arabic)
    for segment in StringSegment.objects.filter(source=translation.source):
        put = client.put(
            reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
            urlencode({"value": f"نص {segment.pk}"}),
            content_type="application/x-www-form-urlencoded",
        )
        assert put.status_code in (200, 201), put.content
    with django_capture_on_commit_callbacks(execute=True):
        published = client.post(reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"})
    assert published.status_code == 302
    target.refresh_from_db()
    assert target.live
    html = client.get("/ar/erklaert/buergergeld/").content.decode()
    assert "هذه الصفحة غير متوفرة بلغتك بعد" not in html
    assert _state(client.get(edit_url).content.decode(), "ar")[0] == "current"

    # A German change makes the Arabic page out of date until it is synchronised and its new text translated.
    explainer.lead = "Sie können Bürgergeld jetzt auch mit der App beantragen."
    explainer.save_revision().publish()
    state, text = _state(client.get(edit_url).content.decode(), "ar")
    assert (state, text) == (
        "outdated",
        "العربية veraltet Der deutsche Text wurde seitdem geändert. Synchronisieren (العربية)",
    )
    sync_url = reverse("wagtail_localize:update_translations", args=[translation.source.pk])
    assert client.get(sync_url).status_code == 200
    assert client.post(sync_url, {}).status_code == 302
    assert _state(client.get(edit_url).content.decode(), "ar")[:1] == ("outdated",)
    assert "Neue Texte warten" in _state(client.get(edit_url).content.decode(), "ar")[1]


def test_a_parent_copied_along_with_a_translation_says_it_is_german(client, explainer, translate):
    """Translating an explainer makes its untranslated parents aliases of the German pages: they show German
    text, so they carry the note and lang="de", and the switcher does not offer them as translations."""
    translate(explainer, "en", "Applying for Bürgergeld online")
    home = client.get("/en/").content.decode()
    assert "This page is not yet available in your language." in home
    assert re.search(r'<div lang="de" dir="ltr">\s*<h1 class="kern-heading-x-large">', home)
    index = client.get("/en/erklaert/").content.decode()
    assert '<div class="lh-explainers" lang="de" dir="ltr">' in index
    explainer_html = client.get("/en/erklaert/buergergeld/").content.decode()
    assert "not yet available in your language" not in explainer_html
