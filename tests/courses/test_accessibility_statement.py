"""The accessibility statement (BITV 2.0), its feedback form and what editors get from it."""

import random
import time

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from courses.models import AccessibilityFeedback, AccessibilityStatementPage, HomePage
from courses.public.notifications import notify_editors
from courses.public.views import client_fingerprint
from tests.factories import AccessibilityStatementPageFactory

pytestmark = pytest.mark.django_db

VALID = {"message": "Das Video auf der Seite zum Upload hat keine Untertitel.", "name": "", "email": ""}


def new_visitor(**kwargs):
    """An anonymous browser with an address of its own: the rate limit's counts live in the default cache
    (Redis in CI), which outlives a test, so no two tests or test runs may share an address."""
    address = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
    return Client(REMOTE_ADDR=address, **kwargs)


@pytest.fixture
def visitor():
    return new_visitor()


def post(client, page, data, **headers):
    return client.post(f"/barrierefreiheit/rueckmeldung/{page.pk}/", data, headers=headers)


def test_statement_sits_under_the_home_page_only():
    assert {m._meta.label for m in AccessibilityStatementPage.allowed_parent_page_models()} == {
        "courses.HomePage"
    }
    assert AccessibilityStatementPage.allowed_subpage_models() == []
    assert AccessibilityStatementPage in HomePage.allowed_subpage_models()


def test_statement_needs_the_slug_the_footer_links_to(statement_page):
    statement_page.slug = "erklaerung"
    with pytest.raises(ValidationError) as error:
        statement_page.full_clean()
    assert "barrierefreiheit" in str(error.value.message_dict["slug"])


def test_statement_shows_what_bitv_requires(client, statement_page):
    response = client.get("/barrierefreiheit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Diese Website ist mit der BITV 2.0 teilweise vereinbar." in html
    assert "Diese Inhalte sind nicht barrierefrei" in html and "PDF-Dokumente" in html
    assert "Diese Erklärung wurde am" in html
    assert "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz (§ 16 BGG)" in html
    assert 'href="https://www.schlichtungsstelle-bgg.de/"' in html
    assert '<label class="kern-label" for="id_message">Ihre Nachricht' in html
    assert f'action="/barrierefreiheit/rueckmeldung/{statement_page.pk}/"' in html


def test_every_page_links_to_the_statement(client, home_page):
    assert 'href="/barrierefreiheit/">Erklärung zur Barrierefreiheit</a>' in client.get("/").content.decode()


def test_honeypot_is_hidden_from_people(client, statement_page):
    html = client.get("/barrierefreiheit/").content.decode()
    start = html.index('<div class="kern-sr-only" aria-hidden="true">')
    trap = html[start : html.index("</div>", start)]
    assert 'name="website"' in trap
    assert 'tabindex="-1"' in trap and 'autocomplete="off"' in trap


def test_valid_feedback_is_stored_once_and_the_editors_are_told_after_commit(
    visitor, statement_page, django_capture_on_commit_callbacks
):
    data = {**VALID, "name": "Ute Krause", "email": "ute@example.org", "page_url": "/erklaert/upload/"}
    with django_capture_on_commit_callbacks() as callbacks:
        response = post(visitor, statement_page, data)
    assert response.status_code == 303
    assert response["Location"] == "/barrierefreiheit/?gesendet=1#rueckmeldung"
    assert not response.cookies
    feedback = AccessibilityFeedback.objects.get()
    assert (feedback.message, feedback.name, feedback.email, feedback.page_url) == (
        VALID["message"],
        "Ute Krause",
        "ute@example.org",
        "/erklaert/upload/",
    )
    assert not feedback.handled and feedback.notified_at is None
    assert len(callbacks) == 1  # the notification is enqueued only once the row is committed

    thanks = visitor.get(response["Location"])
    assert "Vielen Dank für Ihre Nachricht." in thanks.content.decode()
    assert not thanks.cookies


def test_editors_get_one_mail_even_if_the_task_runs_twice(statement_page, editor, settings):
    settings.EDITOR_NOTIFICATION_EMAILS = ["barrierefreiheit@jobcenter.example"]
    feedback = AccessibilityFeedback.objects.create(
        message="Der Kontrast der Knöpfe ist zu schwach.", email="ute@example.org", page_url="/erklaert/"
    )
    assert notify_editors(feedback.pk) is True
    assert notify_editors(feedback.pk) is False
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.subject == "Neue Rückmeldung zur Barrierefreiheit"
    assert sent.to == ["barrierefreiheit@jobcenter.example", "rita@jobcenter.example"]
    assert sent.reply_to == ["ute@example.org"]
    assert "Der Kontrast der Knöpfe ist zu schwach." in sent.body
    assert f"http://testserver/admin/accessibilityfeedback/edit/{feedback.pk}/" in sent.body
    feedback.refresh_from_db()
    assert feedback.notified_at is not None


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"message": "   "}, "Bitte schreiben Sie uns Ihre Nachricht."),
        (
            {"message": "x" * 2001},
            "Ihre Nachricht ist zu lang. Bitte kürzen Sie sie auf höchstens 2000 Zeichen (jetzt sind es 2001).",
        ),
        ({**VALID, "email": "ute@"}, "Bitte geben Sie eine gültige E-Mail-Adresse an"),
        ({**VALID, "page_url": "javascript:alert(1)"}, "Bitte geben Sie die Adresse der Seite an"),
    ],
)
def test_bad_input_gets_a_german_message_and_stores_nothing(
    visitor, statement_page, django_capture_on_commit_callbacks, data, error
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = post(visitor, statement_page, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert "Ihre Nachricht wurde nicht gesendet." in html
    assert 'aria-invalid="true"' in html
    assert not response.cookies
    assert not AccessibilityFeedback.objects.exists()
    assert callbacks == []


def test_a_filled_honeypot_looks_accepted_but_stores_nothing(
    visitor, statement_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = post(visitor, statement_page, {**VALID, "website": "https://spam.example"})
    assert response.status_code == 303
    assert response["Location"] == "/barrierefreiheit/?gesendet=1#rueckmeldung"
    assert not AccessibilityFeedback.objects.exists()
    assert callbacks == []


def test_at_most_five_messages_per_hour_from_one_address(visitor, statement_page):
    for _ in range(5):
        assert post(visitor, statement_page, VALID).status_code == 303
    response = post(visitor, statement_page, VALID)
    assert response.status_code == 429
    assert "Sie haben in der letzten Stunde schon mehrere Nachrichten geschickt." in response.content.decode()
    assert AccessibilityFeedback.objects.count() == 5
    other = new_visitor()
    assert post(other, statement_page, VALID).status_code == 303
    assert AccessibilityFeedback.objects.count() == 6


def test_the_client_address_is_counted_only_as_a_keyed_hash(rf, settings):
    first = client_fingerprint(rf.post("/", REMOTE_ADDR="203.0.113.77"))
    assert len(first) == 64 and "203.0.113.77" not in first
    assert client_fingerprint(rf.post("/", REMOTE_ADDR="203.0.113.77")) == first
    assert client_fingerprint(rf.post("/", REMOTE_ADDR="203.0.113.78")) != first
    settings.SECRET_KEY = "ein-anderer-schluessel-" * 3
    assert client_fingerprint(rf.post("/", REMOTE_ADDR="203.0.113.77")) != first


def test_behind_a_proxy_the_configured_header_names_the_client(rf, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    via_proxy = rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.77")
    direct = rf.post("/", REMOTE_ADDR="203.0.113.77")
    assert client_fingerprint(via_proxy) == client_fingerprint(direct)


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "https://angreifer.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}],
)
def test_submissions_from_other_sites_are_refused(visitor, statement_page, headers):
    response = post(visitor, statement_page, VALID, **headers)
    assert response.status_code == 403
    assert not AccessibilityFeedback.objects.exists()


def test_submissions_from_this_site_need_no_csrf_cookie(statement_page):
    browser = new_visitor(enforce_csrf_checks=True)
    response = post(
        browser, statement_page, VALID, Origin="http://testserver", **{"Sec-Fetch-Site": "same-origin"}
    )
    assert response.status_code == 303
    assert AccessibilityFeedback.objects.count() == 1


def test_feedback_for_an_unpublished_statement_is_refused(visitor, statement_page):
    statement_page.unpublish()
    assert post(visitor, statement_page, VALID).status_code == 404
    assert visitor.get(f"/barrierefreiheit/rueckmeldung/{statement_page.pk}/").status_code == 405


def test_editors_list_filter_search_export_and_handle_feedback(client, editor, home_page):
    AccessibilityStatementPageFactory(parent=home_page)
    open_item = AccessibilityFeedback.objects.create(
        message="Die Schrift ist zu klein.", email="a@example.org"
    )
    AccessibilityFeedback.objects.create(message="Video ohne Untertitel.", handled=True)
    client.force_login(editor)

    listing = client.get("/admin/accessibilityfeedback/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Die Schrift ist zu klein." in html and "Video ohne Untertitel." in html
    only_open = client.get("/admin/accessibilityfeedback/", {"handled": "false"}).content.decode()
    assert "Die Schrift ist zu klein." in only_open and "Video ohne Untertitel." not in only_open
    found = client.get("/admin/accessibilityfeedback/", {"q": "Schrift"}).content.decode()
    assert "Die Schrift ist zu klein." in found and "Video ohne Untertitel." not in found

    export = client.get("/admin/accessibilityfeedback/", {"export": "csv"})
    assert export.status_code == 200
    assert "rueckmeldungen-barrierefreiheit" in export["Content-Disposition"]
    assert "Die Schrift ist zu klein." in b"".join(export.streaming_content).decode()

    # Feedback only comes from visitors: there is no "add" in the admin.
    assert client.get("/admin/accessibilityfeedback/new/").status_code in (302, 403)

    response = client.post(f"/admin/accessibilityfeedback/edit/{open_item.pk}/", {"handled": "on"})
    assert response.status_code == 302
    open_item.refresh_from_db()
    assert open_item.handled
    assert open_item.message == "Die Schrift ist zu klein."  # read-only fields stay as they came in


def test_a_real_worker_notifies_the_editors_once(celery_worker, home_page, editor):
    """The worker's mail lands in its own memory; what the site sees is that the feedback is marked notified."""
    from courses.tasks import notify_accessibility_feedback

    statement = AccessibilityStatementPageFactory(parent=home_page)
    response = post(new_visitor(), statement, VALID)
    assert response.status_code == 303
    feedback = AccessibilityFeedback.objects.get()
    deadline = time.monotonic() + 60
    while feedback.notified_at is None and time.monotonic() < deadline:
        time.sleep(0.2)
        feedback.refresh_from_db()
    assert feedback.notified_at is not None
    first = feedback.notified_at
    notify_accessibility_feedback.delay(feedback.pk).get(timeout=20)
    feedback.refresh_from_db()
    assert feedback.notified_at == first
