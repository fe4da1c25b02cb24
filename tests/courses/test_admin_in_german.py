"""The admin screens the Redaktion works with for videos and translations speak German: no string of
wagtailmedia, wagtail-localize or Wagtail that they leave in English (locale/de holds the overrides)."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from tests.factories import CaptionTrackFactory, ExplainerPageFactory, UserFactory, VideoFactory

pytestmark = pytest.mark.django_db

# Seen on these screens before locale/de: in English, or German that names things the way no German does.
ENGLISH = re.compile(
    r"\b(Media files?|created in|Edit this|Private|media items|More actions|Locales?|locales?|Translations|"
    r"Moderators approval|Moderators|Root|Usage|Filesize|Add audio|Upload Audio|Actions|Search)\b"
    r"|Dateigrösse|Benutzung|Audio hinzufügen|Audio hochladen|in \d+ locale\b|Edit this"
)
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-w-progress-active-value"}


class _Reader(HTMLParser):
    """What a person reads or hears from a page: text outside scripts, and labels in attributes."""

    def __init__(self):
        super().__init__()
        self.texts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        attrs = dict(attrs)
        self.texts += [value for name, value in attrs.items() if name in READ_ATTRIBUTES and value]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(data.strip())


def english_in(response):
    assert response.status_code == 200, response.get("Location")
    html = (
        response.json()["html"] if response["Content-Type"].startswith("application/json") else response.text
    )
    reader = _Reader()
    reader.feed(html)
    return sorted({match.group(0) for text in reader.texts for match in ENGLISH.finditer(text)})


@pytest.fixture
def german(client):
    """The test client as a browser set to German."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    return client


@pytest.fixture
def video(db):
    video = VideoFactory(title="Antrag online stellen")
    CaptionTrackFactory(video=video)
    return video


@pytest.fixture
def explainer(explainer_index, video):
    return ExplainerPageFactory(parent=explainer_index, title="Bürgergeld", slug="buergergeld", video=video)


@pytest.fixture
def rita(german, editor):
    german.force_login(editor)
    return german


def test_the_media_screens_are_german(rita, video, explainer):
    screens = {
        "list": reverse("wagtailmedia:index"),
        "list, searched and filtered": reverse("wagtailmedia:index") + "?q=Antrag&captions=any",
        "edit": reverse("wagtailmedia:edit", args=[video.pk]),
        "usage": reverse("wagtailmedia:media_usage", args=[video.pk]),
        "delete": reverse("wagtailmedia:delete", args=[video.pk]),
        "add": reverse("wagtailmedia:add", args=["video"]),
        "chooser": reverse("wagtailmedia:chooser_typed", args=["video"]),
        "chooser results": reverse("wagtailmedia:chooser_typed", args=["video"]) + "?q=Antrag",
    }
    found = {name: english_in(rita.get(url, follow=True)) for name, url in screens.items()}
    assert found == {name: [] for name in screens}

    usage = rita.get(screens["usage"]).text
    assert 'title="Seite bearbeiten"' in usage and "Verwendung von" in usage


def test_the_dashboard_counts_media_files_in_german(rita, video):
    dashboard = rita.get(reverse("wagtailadmin_home")).text
    assert re.search(r"<span>1</span> Medien-Datei <span[^>]*>erstellt in ", dashboard)
    assert "Media file" not in dashboard


def test_the_translation_screens_are_german(rita, explainer, django_capture_on_commit_callbacks):
    submit_url = reverse("wagtail_localize:submit_page_translation", args=[explainer.pk])
    assert english_in(rita.get(submit_url)) == []
    assert "Sprachen" in rita.get(submit_url).text

    locales = Locale.objects.filter(language_code__in=["ar", "en"]).values_list("pk", flat=True)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = rita.post(submit_url, {"locales": list(locales), "include_subtree": ""}, follow=True)
    assert "zur Übersetzung in 2 Sprachen eingereicht" in submitted.text
    assert english_in(submitted) == []

    arabic = explainer.get_translation(Locale.objects.get(language_code="ar"))
    editor_page = rita.get(reverse("wagtailadmin_pages:edit", args=[arabic.pk]))
    assert english_in(editor_page) == []
    # The React editor's footer label is replaced in the browser (tests/e2e/test_translation_editor.py).
    assert 'data-more-actions="Mehr Aktionen"' in editor_page.text

    source = TranslationSource.objects.get(object_id=explainer.translation_key)
    sync = rita.get(reverse("wagtail_localize:update_translations", args=[source.pk]))
    assert english_in(sync) == []


def test_the_page_editor_offers_the_german_workflow(rita, explainer):
    editing = rita.get(reverse("wagtailadmin_pages:edit", args=[explainer.pk]))
    assert "In Freigabe durch die Redaktion einreichen" in editing.text
    assert english_in(editing) == []


def test_the_workflow_list_names_the_german_workflow(german):
    # Only admins manage workflows; the Redaktion meets the workflow in the page editor (above).
    german.force_login(UserFactory(is_superuser=True))
    workflows = german.get(reverse("wagtailadmin_workflows:index"))
    assert "Freigabe durch die Redaktion" in workflows.text
    assert english_in(workflows) == []
