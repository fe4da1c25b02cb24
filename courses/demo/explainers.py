"""Seeds the public side: explainers in Einfache Sprache, their translations, Leichte Sprache and DGS pages."""

from wagtail.models import Site

from ..models import (
    EasyLanguagePage,
    ExplainerIndexPage,
    ExplainerPage,
    PublicServiceSettings,
    SignLanguagePage,
)
from .media import ensure_demo_video, steps_video_spec
from .tree import child_with_slug, ensure_child, translate


def seed(stdout, data):
    """The explainer pages below the home page from the loaded demo data (courses.demo.loader.DemoData)."""
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    seed_contact(site, data.contact)
    index = ensure_child(home, ExplainerIndexPage, **data.explainer_index)
    easy_start = ensure_child(index, EasyLanguagePage, **data.easy_start)
    easy_texts = {
        slug: ensure_child(easy_start, EasyLanguagePage, slug, **fields)
        for slug, fields in data.easy_texts.items()
    }
    sign_language = data.sign_language
    ensure_child(
        index,
        SignLanguagePage,
        sign_language["slug"],
        title=sign_language["title"],
        text=sign_language["text"],
    )
    explainers = {
        entry["slug"]: ensure_explainer(index, entry, data.offline_title, easy_texts.get(entry["easy"]))
        for entry in data.explainers
    }
    # Leaves first: save_target publishes after commit from the page as it was then, so a parent translated
    # before its children would be published with a stale child count, and its children could not be found.
    # Translating a child first makes its parents aliases, which translating them later turns into pages.
    # The home page stays such an alias of the German one: its content belongs to courses/demo/pages.py.
    translated = data.translated_explainers
    for entry in translated:
        translate(
            explainers[entry["slug"]],
            {language: data.explainer_strings(language, entry["slug"]) for language in data.languages},
        )
    translate(index, {language: data.index_strings(language) for language in data.languages})
    stdout.write(
        f"Erklärseiten: {len(explainers)} Erklärungen, {len(translated)} davon in "
        f"{len(data.languages)} Sprachen, {len(easy_texts)} Texte in Leichter Sprache."
    )


def seed_contact(site, contact):
    settings = PublicServiceSettings.for_site(site)
    if not settings.address:
        for field, value in contact.items():
            setattr(settings, field, value)
        settings.save()


def ensure_explainer(index, entry, offline_title, easy_page):
    existing = child_with_slug(index, entry["slug"])
    if existing is not None:
        return existing
    spec = steps_video_spec(entry["title"], entry["lead"], entry["steps"])
    video = ensure_demo_video(key=entry["video"], is_public=True, **spec)
    page = ExplainerPage(
        video=video,
        slug=entry["slug"],
        title=entry["title"],
        lead=entry["lead"],
        steps=[
            {"type": "step", "value": {"title": step["title"], "text": step["text"]}}
            for step in entry["steps"]
        ],
        checklist=[{"type": "document", "value": item} for item in entry["checklist"]],
        offline_title=offline_title,
        offline_text=entry["offline_text"],
        reviewed_at=entry["reviewed_at"],
        easy_language_page=easy_page,
    )
    page.tags.add(*entry["tags"])
    return index.add_child(instance=page)
