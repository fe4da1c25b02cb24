"""Anonymous visitors: no cookies, no other hosts, a strict CSP, and public pages served from a cache."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self' blob:; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'"
)


class ReferenceCollector(HTMLParser):
    """Every URL the HTML points at, with the tag and attribute, plus inline scripts and styles."""

    def __init__(self):
        super().__init__()
        self.references = []
        self.inline = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href", "action", "poster", "data"):
            if attrs.get(name):
                self.references.append((tag, attrs[name]))
        for name in ("srcset", "imagesrcset"):
            for candidate in (attrs.get(name) or "").split(","):
                if candidate.strip():
                    self.references.append((tag, candidate.split()[0]))
        if "style" in attrs:
            self.inline.append(f"style attribute on <{tag}>")
        if tag == "style" or (tag == "script" and not attrs.get("src")):
            self.inline.append(f"inline <{tag}>")
        if any(name.startswith("on") for name in attrs):
            self.inline.append(f"event handler on <{tag}>")


def collect(html):
    collector = ReferenceCollector()
    collector.feed(html)
    return collector


def other_hosts(references):
    return [(tag, url) for tag, url in references if urlsplit(url).netloc not in ("", "testserver")]


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, len(queries)


@pytest.fixture
def public_pages(home_page, statement_page, explainer_index):
    from tests.factories import ExplainerPageFactory

    explainer = ExplainerPageFactory(parent=explainer_index, title="Bürgergeld online beantragen")
    return ["/", "/barrierefreiheit/", "/erklaert/", explainer.url, explainer.url + "poster/"]


def test_anonymous_public_pages_set_no_cookie(client, public_pages):
    for path in public_pages:
        for _ in range(2):  # rendered, then from the cache
            response = client.get(path)
            assert response.status_code == 200
            assert not response.cookies, path
            assert "Set-Cookie" not in response
    assert not client.cookies


def test_every_response_carries_the_strict_policy(client, public_pages, portal_page):
    for path in [*public_pages, "/gibt-es-nicht/", "/anmelden/", "/lernen/", "/healthz"]:
        assert client.get(path)["Content-Security-Policy"] == STRICT_CSP, path


def test_the_admin_gets_its_own_policy_that_still_keeps_other_hosts_out(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    policy = response["Content-Security-Policy"]
    assert "gravatar" not in response.content.decode()
    assert policy == settings.CONTENT_SECURITY_POLICY_ADMIN
    assert "default-src 'self'" in policy and "http" not in policy


def test_public_pages_load_nothing_from_other_hosts_and_nothing_inline(client, public_pages):
    for path in public_pages:
        found = collect(client.get(path).content.decode())
        assert found.inline == [], path
        # Links that a visitor follows are no requests; everything the browser loads by itself is local.
        loaded = [(tag, url) for tag, url in found.references if tag != "a"]
        assert other_hosts(loaded) == [], path
        assert any(url.startswith("/static/kern/") for _, url in loaded)
    # The home page does not even link elsewhere.
    assert other_hosts(collect(client.get("/").content.decode()).references) == []


def test_a_cached_public_page_costs_no_query(client, public_pages, django_assert_num_queries):
    for path in public_pages:
        first = client.get(path)
        with django_assert_num_queries(0):
            second = client.get(path)
        assert second.status_code == 200
        assert second.content == first.content
        assert second["Content-Security-Policy"] == STRICT_CSP
        assert second["X-Frame-Options"] == "SAMEORIGIN"
        assert not second.cookies
        with django_assert_num_queries(0):
            head = client.head(path)
        assert head.status_code == 200 and head.content == b""


def test_publishing_a_change_shows_on_the_next_request(client, home_page):
    client.get("/")
    home_page.title = "Willkommen im Jobcenter Musterkreis"
    home_page.save_revision().publish()
    assert "Willkommen im Jobcenter Musterkreis" in client.get("/").content.decode()


def test_unpublishing_and_deleting_take_a_page_out_of_the_cache(client, statement_page):
    assert client.get("/barrierefreiheit/").status_code == 200
    statement_page.unpublish()
    assert client.get("/barrierefreiheit/").status_code == 404
    statement_page.save_revision().publish()
    assert client.get("/barrierefreiheit/").status_code == 200
    statement_page.delete()
    assert client.get("/barrierefreiheit/").status_code == 404


def test_a_new_view_restriction_takes_effect_at_once(client, statement_page):
    client.get("/barrierefreiheit/")
    PageViewRestriction.objects.create(page=statement_page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/barrierefreiheit/")
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/")


def test_signed_in_people_are_never_served_from_or_stored_in_the_cache(client, home_page, learner):
    client.force_login(learner)
    mine = client.get("/")
    assert "Abmelden" in mine.content.decode()
    anonymous = client.__class__()
    response, queries = count_queries(anonymous, "/")
    assert queries > 0  # the signed-in page was not stored
    assert "Abmelden" not in response.content.decode()
    again, queries = count_queries(client, "/")
    assert queries > 0 and "Abmelden" in again.content.decode()  # and the anonymous page is not served


def test_staff_pages_are_never_cached(client, portal_page, learner):
    for _ in range(2):
        response, queries = count_queries(client, "/lernen/")
        assert response.status_code == 302 and queries > 0
    client.post("/anmelden/", {"username": "anna", "password": PASSWORD})
    for _ in range(2):
        response, queries = count_queries(client, "/lernen/")
        assert "Willkommen, Anna Becker." in response.content.decode() and queries > 0


def test_sign_in_page_and_health_check_are_not_cached(client, home_page):
    client.get("/healthz")
    _, queries = count_queries(client, "/healthz")
    assert queries > 0
    # Each new visitor of the sign-in page gets a CSRF cookie of their own, never a stored copy without one.
    for _ in range(2):
        assert settings.CSRF_COOKIE_NAME in client.__class__().get("/anmelden/").cookies


def test_a_visitor_with_a_session_cookie_gets_a_fresh_page(client, home_page):
    client.get("/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "abgelaufen"
    _, queries = count_queries(client, "/")
    assert queries > 0


def test_the_feedback_thanks_are_not_mixed_up_with_the_plain_page(client, statement_page):
    assert "Vielen Dank" not in client.get("/barrierefreiheit/").content.decode()
    assert "Vielen Dank" in client.get("/barrierefreiheit/?gesendet=1").content.decode()
    assert "Vielen Dank" not in client.get("/barrierefreiheit/").content.decode()
