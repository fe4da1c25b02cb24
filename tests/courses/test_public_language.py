"""The public pages' own words (navigation, footer, headings, error pages) exist in every language of the site,
and German text that stands in for a missing translation is German throughout."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import Locale

ROOT = Path(settings.BASE_DIR)

# Templates a visitor of /ar/, /en/ … sees. Pages that are German by nature are left out: the Leichte-Sprache and
# DGS pages (their article is lang="de" and renders in German) and the accessibility statement (not translatable).
PUBLIC_TEMPLATES = [
    "templates/base.html",
    "templates/403.html",
    "templates/404.html",
    "templates/courses/home_page.html",
    "templates/public/_contact.html",
    "templates/public/explainer_index_page.html",
    "templates/public/explainer_page.html",
    "templates/public/explainer_poster.html",
    "templates/public/notice_page.html",
    "templates/public/notice_section_block.html",
    *(
        f"templates/components/{name}.html"
        for name in (
            "alert",
            "breadcrumbs",
            "fallback_note",
            "footer",
            "form_field",
            "header",
            "language_switcher",
            "pagination",
            "video_player",
        )
    ),
]
PUBLIC_LANGUAGES = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code != "de"]


def template_strings(path):
    text = (ROOT / path).read_text(encoding="utf-8")
    strings = set(re.findall(r"""{%\s*translate\s+(?:"([^"]+)"|'([^']+)')""", text))
    found = {double or single for double, single in strings}
    for block in re.findall(r"{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate", text, re.S):
        found.add(re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", block))
    return found


def test_the_list_of_public_templates_is_complete():
    listed = {Path(path).name for path in PUBLIC_TEMPLATES}
    german_by_nature = {
        "easy_language_page.html",
        "sign_language_page.html",
        "accessibility_statement_page.html",
    }
    public = {path.name for path in (ROOT / "templates/public").glob("*.html")}
    assert public - listed - german_by_nature == set()


@pytest.mark.parametrize("language", PUBLIC_LANGUAGES)
def test_every_public_string_is_translated(language):
    catalog = gettext.translation("django", ROOT / "locale", [language])._catalog
    missing = sorted(
        (path, string)
        for path in PUBLIC_TEMPLATES
        for string in template_strings(path)
        if not catalog.get(string)
    )
    assert missing == []


@pytest.mark.django_db
def test_the_footer_and_the_home_page_speak_the_visitors_language(client, home_page):
    arabic = home_page.copy_for_translation(Locale.objects.get(language_code="ar"))
    arabic.title = "مركز العمل"
    arabic.save_revision().publish()
    html = client.get("/ar/").content.decode()
    footer = html[html.index("<footer") :]
    assert 'aria-label="معلومات قانونية"' in footer
    assert "بيان إمكانية الوصول</a>" in footer
    assert "Erklärung zur Barrierefreiheit" not in footer
    assert "Zu den Erklärungen" not in html


@pytest.mark.django_db
def test_a_page_missing_in_arabic_is_not_found_in_arabic(client, home_page):
    arabic = home_page.copy_for_translation(Locale.objects.get(language_code="ar"))
    arabic.save_revision().publish()
    response = client.get("/ar/gibt-es-nicht/")
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.content.decode()
