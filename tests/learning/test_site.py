"""What a visitor notices of the foundation: public home, login-protected portal, German sign-in."""

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_home_page_is_public(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de"' in html
    assert 'href="#main"' in html and 'id="main"' in html  # skip link and its target
    assert "Jobcenter Musterkreis" in html


def test_portal_sends_anonymous_visitors_to_login(client, portal_page):
    response = client.get("/lernen/")
    assert response.status_code == 302
    assert response["Location"].startswith("/anmelden/?next=/lernen/")


def test_portal_shows_after_login(client, portal_page, learner):
    response = client.post("/anmelden/", {"username": "anna", "password": PASSWORD, "next": "/lernen/"})
    assert response.status_code == 302
    assert response["Location"] == "/lernen/"
    page = client.get("/lernen/")
    assert page.status_code == 200
    assert "Willkommen, Anna Becker." in page.content.decode()


def test_wrong_password_gives_german_error_and_no_session(client, home_page, learner):
    response = client.post("/anmelden/", {"username": "anna", "password": "falsch"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Benutzername oder Passwort stimmen nicht." in html
    assert "_auth_user_id" not in client.session


def test_login_page_is_german_and_labelled(client, home_page):
    html = client.get("/anmelden/").content.decode()
    assert '<label class="kern-label" for="id_username">Benutzername' in html
    assert '<label class="kern-label" for="id_password">Passwort' in html
    assert "/static/kern/kern.min.css" in html


def test_logout_ends_the_session(client, portal_page, learner):
    client.force_login(learner)
    response = client.post("/abmelden/")
    assert response.status_code == 302
    assert client.get("/lernen/").status_code == 302
