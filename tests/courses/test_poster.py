"""The printable A4 poster: title, three key steps, and a QR code that leads to the page in its language."""

import re
from pathlib import Path

import pytest
import segno
from django.conf import settings

from courses.demo import translate
from courses.public import poster
from tests.factories import ExplainerPageFactory

pytestmark = pytest.mark.django_db


def qr_path(svg):
    """The path that draws the dark modules: equal paths mean equal QR matrices."""
    return re.search(r'<path[^>]* d="([^"]+)"', svg).group(1)


def expected_qr_path(url):
    # segno without a decoder: the QR code segno makes for the expected URL must be the one on the poster.
    return qr_path(segno.make(url, error=poster.ERROR_LEVEL, micro=False).svg_inline())


@pytest.fixture
def explainer(explainer_index, public_contact):
    return ExplainerPageFactory(
        parent=explainer_index, title="Bürgergeld online beantragen", slug="buergergeld"
    )


def test_poster_shows_title_three_steps_and_a_qr_code_to_the_page(client, explainer):
    html = client.get("/erklaert/buergergeld/poster/").content.decode()
    assert '<h1 class="lh-poster__title">Bürgergeld online beantragen</h1>' in html
    steps = re.search(r'<ol class="lh-poster__steps">(.*?)</ol>', html, re.S).group(1)
    assert re.findall(r"<strong>(.*?)</strong>", steps) == [
        "Konto anlegen",
        "Antrag auswählen",
        "Unterlagen hochladen",
    ]
    assert "09876 5432-1" in html
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert "http" not in svg.split("<title>")[0], "the QR code must not load anything from elsewhere"
    assert qr_path(svg) == expected_qr_path("https://www.jobcenter-musterkreis.example/erklaert/buergergeld/")


def test_german_and_arabic_posters_lead_to_their_own_language(
    client, explainer, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import TranslationSource

    source, _created = TranslationSource.update_or_create_from_instance(explainer)
    strings = {segment.string.data: "نص" for segment in source.stringsegment_set.select_related("string")}
    with django_capture_on_commit_callbacks(execute=True):
        translate(explainer, {"ar": strings})
    german = qr_path(client.get("/erklaert/buergergeld/poster/").content.decode())
    arabic_html = client.get("/ar/erklaert/buergergeld/poster/").content.decode()
    arabic = qr_path(arabic_html)
    assert german == expected_qr_path("https://www.jobcenter-musterkreis.example/erklaert/buergergeld/")
    assert arabic == expected_qr_path("https://www.jobcenter-musterkreis.example/ar/erklaert/buergergeld/")
    assert german != arabic
    assert '<html lang="ar" dir="rtl"' in arabic_html


def test_public_pages_print_on_a4_without_navigation():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "public.css").read_text()
    assert re.search(r"@page\s*{\s*size:\s*A4;", css)
    print_rules = css.split("@media print")[1]
    assert ".lh-header" in print_rules and "display: none" in print_rules
    assert 'content: " (" attr(href) ")"' in print_rules
    # Right-to-left pages mirror only if the stylesheet never fixes a physical side.
    assert not re.search(r"\b(margin|padding|border)-(left|right)\b|\b(left|right)\s*:", css)


def test_the_printed_address_is_the_public_base_url_not_the_site_record(client, explainer, settings):
    settings.PUBLIC_BASE_URL = "https://jobcenter.musterkreis.example"
    html = client.get("/erklaert/buergergeld/poster/").content.decode()
    assert (
        '<span class="lh-poster__url" dir="ltr">https://jobcenter.musterkreis.example/erklaert/buergergeld/</span>'
        in html
    )
    assert qr_path(html) == expected_qr_path("https://jobcenter.musterkreis.example/erklaert/buergergeld/")
    assert "localhost" not in html


def test_the_back_link_stays_on_the_site_the_poster_was_opened_on(client, explainer, settings):
    settings.PUBLIC_BASE_URL = "https://jobcenter.musterkreis.example"
    html = client.get("/erklaert/buergergeld/poster/").content.decode()
    assert '<a class="kern-link" href="/erklaert/buergergeld/">Zurück zur Seite</a>' in html


def steps(*texts):
    return [(f"Schritt {number}", text) for number, text in enumerate(texts, start=1)]


def test_a_poster_of_usual_length_keeps_the_normal_type_sizes(client, explainer):
    # The factory's texts, and a lead and three steps as long as the demo's (tests/e2e/test_poster_print.py
    # prints those in every language).
    assert not poster.is_compact(
        "Bürgergeld online beantragen", "Kurz. " * 25, steps(*["Ein Satz. " * 12] * 3)
    )
    html = client.get("/erklaert/buergergeld/poster/").content.decode()
    assert '<article class="lh-poster">' in html


@pytest.mark.parametrize(
    ("title", "lead", "step_texts"),
    [
        ("Weiterbewilligungsantrag " * 10, "Kurz.", ["Ein Satz."] * 3),  # a title of ten lines
        ("Weiterbewilligung online beantragen " * 2, "Ein Satz. " * 60, ["Ein Satz."] * 3),  # lead of 600
        ("Bürgergeld", "Kurz.", ["Ein Satz. " * 40] * 3),  # long steps
        ("Bürgergeld", "Kurz.", ["Eine Zeile.\n" * 8] * 3),  # steps of many short lines
    ],
)
def test_a_poster_with_much_text_is_set_in_the_compact_type_sizes(title, lead, step_texts):
    assert poster.is_compact(title.strip(), lead, steps(*step_texts))


def test_the_compact_poster_is_marked_for_the_print_stylesheet(client, explainer_index, public_contact):
    ExplainerPageFactory(parent=explainer_index, slug="lang", title="Weiterbewilligungsantrag " * 10)
    html = client.get("/erklaert/lang/poster/").content.decode()
    assert '<article class="lh-poster lh-poster--compact">' in html
    css = (Path(settings.BASE_DIR) / "static" / "css" / "public.css").read_text()
    assert ".lh-poster--compact .lh-poster__title" in css.split("@media print")[1]
