"""Links to the site's landmark pages, found in the page tree: header and footer name no literal paths.

The template tags live in the project package because they share the page cache's purge (learning.middleware).
"""

from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from courses.models import (
    AccessibilityStatementPage,
    EasyLanguagePage,
    ExplainerIndexPage,
    HomePage,
    ImprintPage,
    PortalPage,
    PublicPrivacyNoticePage,
    SignLanguagePage,
    StaffPrivacyNoticePage,
)
from courses.models.accessibility import STATEMENT_SLUG
from courses.public.translation import language_versions

from ..middleware import cached_with_pages

register = template.Library()

LANDMARKS = {
    "home": HomePage,
    "explainers": ExplainerIndexPage,
    "easy_language": EasyLanguagePage,
    "sign_language": SignLanguagePage,
    "portal": PortalPage,
    "accessibility": AccessibilityStatementPage,
    "privacy_public": PublicPrivacyNoticePage,
    "privacy_staff": StaffPrivacyNoticePage,
    "imprint": ImprintPage,
}
# Home pages sit right under the tree's root (depth 2), the landmarks at most two levels below them: the
# shallowest page of a type is the landmark (the Leichte-Sprache start page, not the texts below it).
LANDMARK_MAX_DEPTH = 4


def landmark_pages(language):
    """{name: page} of the landmarks in `language`, German where no translation is live. One query."""
    type_ids = ContentType.objects.get_for_models(*LANDMARKS.values(), for_concrete_models=False)
    names = {type_ids[model].pk: name for name, model in LANDMARKS.items()}
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)  # Locale.get_default() queries
    found = {}
    candidates = (
        Page.objects.live()
        .filter(depth__lte=LANDMARK_MAX_DEPTH, content_type_id__in=names)
        .filter(locale__language_code__in={language, default})
        .select_related("locale")
        .order_by("depth", "path")
    )
    for page in candidates:
        found.setdefault((names[page.content_type_id], page.locale.language_code), page)
    return {
        name: found.get((name, language)) or found[(name, default)]
        for name in LANDMARKS
        if (name, language) in found or (name, default) in found
    }


def _landmark_urls(request, language):
    urls = {name: page.get_url(request) for name, page in landmark_pages(language).items()}
    if "accessibility" not in urls:
        # BITV 2.0 wants the link on every page, also before editors have written the statement.
        urls["accessibility"] = f"{urls.get('home', '/')}{STATEMENT_SLUG}/"
    return urls


@register.simple_tag(takes_context=True)
def landmark_urls(context):
    """{name: URL} of home, explainers, easy_language, sign_language, portal, accessibility, privacy_public,
    privacy_staff and imprint in the visitor's language (German where a page is not translated); a landmark the
    tree lacks is missing, but for the accessibility statement, whose address is fixed.
    Looked up once per request, and then only when the page tree changed."""
    request = context.get("request")
    if request is None:
        return {}
    urls = getattr(request, "_landmark_urls", None)
    if urls is None:
        language = get_language()
        urls = cached_with_pages(
            f"landmarks|{request.get_host()}|{language}", lambda: _landmark_urls(request, language)
        )
        request._landmark_urls = urls
    return urls


@register.simple_tag(takes_context=True)
def in_staff_area(context):
    """Whether the request is for the staff side: the portal's pages and views (Meine Daten) and the Lotsen.

    The footer links the staff privacy notice there and the public one everywhere else. Decided by the path
    alone, so a page's cached copy never depends on who asked for it.
    """
    request = context.get("request")
    if request is None:
        return False
    prefixes = [reverse("lotsen:index")]
    portal = landmark_urls(context).get("portal")
    if portal:
        parts = urlsplit(portal)
        # With the portal on a site of its own (an intranet host), its URL here names that host.
        if not parts.netloc or parts.netloc == request.get_host():
            prefixes.append(parts.path)
    return request.path.startswith(tuple(prefixes))


@register.simple_tag(takes_context=True)
def language_links(context):
    """The language switcher's links for the page being shown (see courses.public.translation); none on the
    staff side, which speaks German only."""
    request = context.get("request")
    if request is None or in_staff_area(context):
        return []
    page = context.get("page")
    return language_versions(page if isinstance(page, Page) else None, request)
