"""Site-wide HTTP policy: the Content-Security-Policy, the public page cache with its purge receivers, and the
admin bound to its host."""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404, HttpResponse
from django.http.request import split_domain_port, validate_host
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import (
    admin_guard,  # noqa: F401 - the portal's restriction guard and the admin's refusal log, in every process
    generations,
)

ADMIN_PREFIX = "/admin/"

# Staff areas, sign-in, health, files and APIs are never cached, even if they answered 200 to an anonymous
# visitor; only pages that Wagtail serves from the public page tree are.
UNCACHED_PREFIXES = (
    ADMIN_PREFIX,
    "/lernen/",
    "/lotsen/",
    "/anmelden/",
    "/abmelden/",
    "/healthz",
    "/api/",
    "/documents/",
    "/media/",
    "/static/",
)

GENERATION_KEY = "public-pages:generation"


class ContentSecurityPolicyMiddleware:
    """Sets the Content-Security-Policy header on every response; the admin gets its own, looser policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path_info.startswith(ADMIN_PREFIX)
            response["Content-Security-Policy"] = (
                settings.CONTENT_SECURITY_POLICY_ADMIN if admin else settings.CONTENT_SECURITY_POLICY
            )
        return response


class AdminHostMiddleware:
    """404 for the Wagtail admin on every host but WAGTAILADMIN_ALLOWED_HOSTS (empty: any host).

    The patterns are those of ALLOWED_HOSTS ("intranet.example", ".example" for subdomains); the host is the
    one Django already validated (Host, or X-Forwarded-Host only if USE_X_FORWARDED_HOST is on).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = settings.WAGTAILADMIN_ALLOWED_HOSTS
        if allowed and (request.path_info + "/").startswith(ADMIN_PREFIX):
            domain, _port = split_domain_port(request.get_host())
            if not validate_host(domain, allowed):
                raise Http404
        return self.get_response(request)


def page_cache():
    return caches["pages"]


def purge_public_pages():
    """Make every cached page stale at once: keys carry a generation, and this starts a new one."""
    generations.start(page_cache(), GENERATION_KEY)


def _generation():
    return generations.current(page_cache(), GENERATION_KEY)


def cached_with_pages(name, compute):
    """What `compute()` returns, kept in the page cache until the page tree next changes (e.g. navigation)."""
    key = f"public-derived:{_generation()}:{hashlib.sha256(name.encode()).hexdigest()}"
    value = page_cache().get(key)
    if value is None:
        value = compute()
        page_cache().set(key, value, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS or 1)
    return value


# The query parameters that change what a public page shows, each with the values that do; with any other
# value a page renders exactly as without it. Found by searching request.GET in courses/ and templates/: the
# accessibility statement thanks for feedback after `?gesendet=1`. A page that reads another parameter must
# be listed here, or its visitors get the plain page from the cache.
PAGE_QUERY_PARAMETERS = {"gesendet": frozenset({"1"})}


def _page_query(request):
    """The query string as far as public pages read it, and whether the request carried anything else."""
    kept, other = [], False
    for name, values in request.GET.lists():
        allowed = PAGE_QUERY_PARAMETERS.get(name, frozenset())
        # request.GET.get() gives the last value; that is the one a page acts on.
        if values[-1] in allowed:
            kept.append((name, values[-1]))
        other = other or len(values) > 1 or values[-1] not in allowed
    return urlencode(sorted(kept)), other


def _cache_key(request, generation, query):
    where = f"{request.get_host()}|{get_language()}|{request.path}?{query}"
    return f"public-page:{generation}:{hashlib.sha256(where.encode()).hexdigest()}"


def _may_use_cache(request):
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        # Anyone with a session may be signed in (or see their own messages): they get a fresh page.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(UNCACHED_PREFIXES)
    )


def _is_public_page_response(request, response):
    if request.method != "GET" or response.status_code != 200 or response.has_header("Set-Cookie"):
        return False
    if response.streaming or "private" in response.get("Cache-Control", ""):
        return False
    if "no-store" in response.get("Cache-Control", "") or "no-cache" in response.get("Cache-Control", ""):
        return False
    match = request.resolver_match
    if match is None or match.url_name != "wagtail_serve":
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    page = (getattr(response, "context_data", None) or {}).get("page")
    # A page behind a login or password restriction is never public, even for the one response that
    # might have slipped through (e.g. a password form); that check costs one query, only on a miss.
    return isinstance(page, Page) and not page.get_view_restrictions().exists()


class PublicPageCacheMiddleware:
    """Serves public pages to anonymous visitors from the "pages" cache, without touching the database.

    A stored page is only the HTML and headers of a 200 response from the page tree that set no cookie;
    publishing, unpublishing, moving or deleting any page starts a new cache generation.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_use_cache(request):
            return self.get_response(request)
        generation = _generation()
        query, unknown_parameters = _page_query(request)
        # Unknown parameters share the plain page's entry, but only read it: a page rendered for them is never
        # stored, so random query strings can neither fill the cache nor put their text into another's page.
        key = _cache_key(request, generation, query)
        stored = page_cache().get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content if request.method == "GET" else b"", status=200)
            for name, value in headers:
                response[name] = value
            # SessionMiddleware adds this on a rendered page (the header reads request.user); keep it on hits.
            patch_vary_headers(response, ("Cookie",))
            return response
        response = self.get_response(request)
        if not unknown_parameters and _is_public_page_response(request, response):
            headers = [(name, value) for name, value in response.items() if name.lower() != "content-length"]
            page_cache().set(key, (response.content, headers), timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
        return response


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def _purge_after_page_change(sender, **kwargs):
    purge_public_pages()


@receiver(post_delete)
def _purge_after_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge_public_pages()


# A new view restriction must take a page out of the cache at once, not when its copy expires.
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_save, sender=Site)
def _purge_after_site_or_restriction_change(sender, **kwargs):
    purge_public_pages()
