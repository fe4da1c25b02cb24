"""Header and footer find their links in the page tree, and follow it when editors move or rename a page."""

import pytest

from tests.factories import EasyLanguagePageFactory, PortalPageFactory, SignLanguagePageFactory

pytestmark = pytest.mark.django_db


def test_header_links_follow_the_page_tree(client, explainer_index):
    easy = EasyLanguagePageFactory(parent=explainer_index, title="Leichte Sprache", slug="leichte-sprache")
    EasyLanguagePageFactory(parent=easy, title="Ein Text", slug="ein-text")
    SignLanguagePageFactory(parent=explainer_index, title="Gebärdensprache", slug="dgs")
    PortalPageFactory(parent=explainer_index.get_parent(), title="Lernen", slug="lernen")
    html = client.get("/").content.decode()
    assert 'href="/erklaert/leichte-sprache/" lang="de">Leichte Sprache</a>' in html
    assert 'href="/erklaert/dgs/" lang="de">Gebärdensprache</a>' in html
    assert 'href="/lernen/">Mein Lernen</a>' in html
    assert 'href="/erklaert/">Zu den Erklärungen</a>' in html and 'href="/lernen/">Zu Mein Lernen</a>' in html

    explainer_index.slug = "hilfe"
    explainer_index.save_revision().publish()
    html = client.get("/").content.decode()
    assert 'href="/hilfe/">Erklärt</a>' in html
    assert 'href="/hilfe/leichte-sprache/"' in html and "/erklaert/" not in html


def test_a_missing_landmark_is_not_linked(client, home_page):
    html = client.get("/").content.decode()
    assert '">Leichte Sprache</a>' not in html and '">Mein Lernen</a>' not in html and 'href=""' not in html
    assert 'href="/barrierefreiheit/">Erklärung zur Barrierefreiheit</a>' in html
