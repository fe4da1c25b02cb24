"""Session policy (learning.sessions): idle and absolute timeouts, no-store when signed in, the sign-out's
Clear-Site-Data, and __Host- cookies in production."""

import json

import pytest
from django.test import override_settings

from tests.factories import PASSWORD, UserFactory
from tests.learning.test_settings import PRODUCTION_ENV, run_django

MINUTE = 60


@pytest.fixture
def signed_in(client, learner, portal_page, clock):
    client.force_login(learner)
    return client


def test_a_session_lives_while_the_person_is_active(signed_in, clock):
    for _ in range(8):  # four hours, a request every 29 minutes
        clock.shift(29 * MINUTE)
        assert signed_in.get("/lernen/").status_code == 200
    assert "_auth_user_id" in signed_in.session


def test_thirty_idle_minutes_end_a_staff_session_with_a_german_message(signed_in, clock):
    clock.shift(31 * MINUTE)
    response = signed_in.get("/lernen/meine-daten/", follow=True)
    assert response.redirect_chain[0][0] == "/anmelden/?next=%2Flernen%2Fmeine-daten%2F"
    assert "nach 30 Minuten ohne Aktivität abgemeldet" in response.content.decode()
    assert "_auth_user_id" not in signed_in.session
    # The old session is gone for good: coming back is not enough.
    assert signed_in.get("/lernen/meine-daten/").status_code == 302


def test_a_session_of_someone_who_may_use_the_admin_ends_after_fifteen_idle_minutes(
    client, editor, portal_page, clock
):
    client.force_login(editor)
    assert client.get("/lernen/").status_code == 200
    clock.shift(16 * MINUTE)
    response = client.get("/lernen/")
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/")


def test_the_editors_background_pings_do_not_keep_an_admin_session_alive(client, editor, portal_page, clock):
    client.force_login(editor)
    for _ in range(16):  # an editing page left open pings every few seconds
        clock.shift(MINUTE)
        client.post("/admin/editing-sessions/ping/1/1/")
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/")


def test_fifteen_idle_minutes_do_not_end_a_learners_session(signed_in, clock):
    clock.shift(16 * MINUTE)
    assert signed_in.get("/lernen/").status_code == 200


def test_the_absolute_lifetime_ends_even_an_active_session(signed_in, clock):
    for _ in range(20):  # ten hours of activity, every half hour minus a minute
        clock.shift(29 * MINUTE)
        signed_in.get("/lernen/")
    clock.shift(29 * MINUTE)
    response = signed_in.get("/lernen/", follow=True)
    assert "nach 10 Stunden automatisch abgemeldet" in response.content.decode()
    assert "_auth_user_id" not in signed_in.session


@override_settings(SESSION_IDLE_MINUTES=5, SESSION_ABSOLUTE_HOURS=1)
def test_the_limits_are_settings(signed_in, clock):
    clock.shift(6 * MINUTE)
    assert signed_in.get("/lernen/").status_code == 302


def test_heartbeats_count_as_activity_and_an_ended_session_gets_json_401(signed_in, clock):
    # A learner watching a long video sends a heartbeat every 15 s (here: unknown lesson, 403 each):
    # the session stays alive beyond 30 minutes.
    body = json.dumps({"lesson": 999_999, "intervals": [], "position": 0})
    for _ in range(4 * 45):
        clock.shift(15)
        signed_in.post("/api/progress/", body, content_type="application/json")
    assert signed_in.get("/lernen/").status_code == 200
    clock.shift(31 * MINUTE)
    response = signed_in.post("/api/progress/", body, content_type="application/json")
    assert response.status_code == 401
    assert "abgemeldet" in response.json()["errors"]["__all__"]


def test_signed_in_answers_are_never_stored_and_anonymous_public_pages_may_be(signed_in, client, home_page):
    for path in ("/lernen/", "/lernen/meine-daten/", "/admin/"):
        assert signed_in.get(path)["Cache-Control"] == "no-store, private", path
    signed_in.logout()
    assert "no-store" not in client.get("/").get("Cache-Control", "")


def test_a_certificate_download_is_no_store(signed_in, learner, catalog_page):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from learning import completion
    from learning.models import Certificate
    from tests.factories import CoursePageFactory

    course = CoursePageFactory(parent=catalog_page, title="Datenschutz")
    enrolment = completion.enrol(learner, course)
    certificate = Certificate.objects.create(
        enrolment=enrolment,
        user=learner,
        course=course,
        completed_at=timezone.now(),
        number="LH-ANNA-1",
        holder_name="Anna Becker",
        course_title=course.title,
    )
    certificate.pdf.save("anna.pdf", ContentFile(b"%PDF-1.4 Anna"), save=True)
    response = signed_in.get(f"/lernen/zertifikate/{certificate.pk}/pdf/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"


def test_sign_out_clears_site_data_and_the_session(signed_in):
    response = signed_in.post("/abmelden/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert response["Cache-Control"] == "no-store, private"
    assert "_auth_user_id" not in signed_in.session


def test_admin_sign_out_clears_site_data_too(client, editor, portal_page):
    client.force_login(editor)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "_auth_user_id" not in client.session


def test_sign_out_by_get_changes_nothing(signed_in):
    assert signed_in.get("/abmelden/").status_code == 405
    assert "_auth_user_id" in signed_in.session


def test_production_names_the_cookies_with_the_host_prefix():
    result = run_django(
        "learning.settings.production",
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)",
        PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True", "True"]


@override_settings(
    SESSION_COOKIE_NAME="__Host-sessionid",
    CSRF_COOKIE_NAME="__Host-csrftoken",
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
def test_host_prefixed_cookies_are_set_as_browsers_require_and_sign_in_works(client, portal_page):
    # A browser drops a __Host- cookie unless it is Secure, has Path=/ and no Domain.
    user = UserFactory(username="paul", groups=["Lernende"])
    user.set_password("ein-langes-passwort-2026")
    user.save()
    page = client.get("/anmelden/", secure=True)
    csrf = page.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["path"] == "/" and not csrf["domain"]
    response = client.post(
        "/anmelden/", {"username": "paul", "password": "ein-langes-passwort-2026"}, secure=True
    )
    assert response.status_code == 302
    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"]
    assert client.get("/lernen/", secure=True).status_code == 200


def test_signing_in_issues_a_new_session_key(client, portal_page):
    user = UserFactory(username="paula", groups=["Lernende"])
    client.get("/anmelden/")
    session = client.session
    session["vorher"] = True
    session.save()
    before = session.session_key
    response = client.post("/anmelden/", {"username": "paula", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != before and client.session["_auth_user_id"] == str(user.pk)
