"""The favicon, app icons and web app manifest: linked from every page, present and valid."""

import json
from pathlib import Path

import pytest
from PIL import Image

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/erklaert/", "/anmelden/"])
def test_every_page_links_the_icons_and_the_manifest(client, explainer_index, url):
    html = client.get(url).content.decode()
    for link in (
        '<link rel="icon" href="/static/icons/lernhafen.svg" type="image/svg+xml">',
        '<link rel="icon" href="/static/icons/icon-32.png" sizes="32x32" type="image/png">',
        '<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png">',
        '<link rel="manifest" href="/static/icons/manifest.webmanifest">',
    ):
        assert link in html, (url, link)


def test_the_manifest_names_icons_that_exist_in_their_sizes():
    manifest = json.loads((ICONS / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["lang"] == "de" and manifest["short_name"] == "Lernhafen"
    for icon in manifest["icons"]:
        path = ICONS / icon["src"]
        assert path.is_file(), icon
        if icon["type"] == "image/png":
            width, height = Image.open(path).size
            assert icon["sizes"] == f"{width}x{height}"
    assert Image.open(ICONS / "apple-touch-icon.png").size == (180, 180)


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/icons/icon-32.png"
