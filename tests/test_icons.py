"""The favicon, app icons and web app manifests: linked from every page type, present and valid."""

import json
from pathlib import Path

import pytest
from PIL import Image

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
ICON_LINKS = (
    '<link rel="icon" href="/static/icons/lernhafen.svg" type="image/svg+xml">',
    '<link rel="icon" href="/static/icons/icon-32.png" sizes="32x32" type="image/png">',
    '<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png">',
)
PUBLIC_MANIFEST = '<link rel="manifest" href="/static/icons/manifest.webmanifest">'
STAFF_MANIFEST = '<link rel="manifest" href="/static/icons/staff.webmanifest">'

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(client, learner, catalog_page, explainer_index, statement_page, public_contact):
    """One page of each type, the learner signed in (the staff side needs it; public pages look the same)."""
    from tests.factories import (
        CoursePageFactory,
        EasyLanguagePageFactory,
        ExplainerPageFactory,
        LessonPageFactory,
        SignLanguagePageFactory,
    )

    ExplainerPageFactory(parent=explainer_index, slug="buergergeld")
    EasyLanguagePageFactory(parent=explainer_index)
    SignLanguagePageFactory(parent=explainer_index)
    course = CoursePageFactory(parent=catalog_page, slug="datenschutz")
    LessonPageFactory(parent=course, slug="grundlagen")
    client.force_login(learner)
    return client


PUBLIC_PAGES = [
    "/",
    "/erklaert/",
    "/erklaert/buergergeld/",
    "/erklaert/buergergeld/poster/",
    "/erklaert/leichte-sprache/",
    "/erklaert/gebaerdensprache/",
    "/barrierefreiheit/",
]
STAFF_PAGES = [
    "/lernen/",
    "/lernen/kurse/",
    "/lernen/kurse/datenschutz/",
    "/lernen/kurse/datenschutz/grundlagen/",
    "/lernen/meine-daten/",
    "/lotsen/",
]


@pytest.mark.parametrize(
    ("url", "manifest"),
    [(url, PUBLIC_MANIFEST) for url in PUBLIC_PAGES] + [(url, STAFF_MANIFEST) for url in STAFF_PAGES],
)
def test_every_page_type_links_the_icons_and_its_sides_manifest(site, url, manifest):
    response = site.get(url)
    assert response.status_code == 200, url
    head = response.content.decode().split("</head>")[0]
    for link in (*ICON_LINKS, manifest):
        assert link in head, (url, link)


@pytest.mark.parametrize(("url", "status"), [("/anmelden/", 200), ("/gibt-es-nicht/", 404)])
def test_the_sign_in_form_and_the_not_found_page_link_them_too(client, home_page, url, status):
    response = client.get(url)
    assert response.status_code == status
    head = response.content.decode().split("</head>")[0]
    for link in (*ICON_LINKS, PUBLIC_MANIFEST):
        assert link in head, (url, link)


@pytest.mark.parametrize(
    ("manifest", "name", "start_url"),
    [("manifest.webmanifest", "Jobcenter Musterkreis", "/"), ("staff.webmanifest", "Lernhafen", "/lernen/")],
)
def test_each_manifest_names_its_site_and_icons_that_exist_in_their_sizes(manifest, name, start_url):
    data = json.loads((ICONS / manifest).read_text(encoding="utf-8"))
    assert (data["name"], data["lang"], data["start_url"]) == (name, "de", start_url)
    assert len(data["short_name"]) <= 12, "longer names are cut off under the icon on a home screen"
    sizes = set()
    for icon in data["icons"]:
        path = ICONS / icon["src"]
        assert path.is_file(), icon
        if icon["type"] == "image/png":
            width, height = Image.open(path).size
            assert icon["sizes"] == f"{width}x{height}"
            sizes.add(width)
    assert {192, 512} <= sizes
    assert Image.open(ICONS / "apple-touch-icon.png").size == (180, 180)
    assert Image.open(ICONS / "icon-32.png").size == (32, 32)


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/icons/icon-32.png"
