"""Fuzz tests (issue 13, point 5): random JSON and bytes to the progress API, random text to every form a
visitor can reach. Never a 500; a refusal is a German message and stores nothing.

Hypothesis runs derandomized (the same examples on every run, so CI is stable) and without its example
database; the examples of one test share one database transaction, so each checks counts before and after.
"""

import json
import re
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from courses.models import AccessibilityFeedback, LessonPage
from learning.models import Certificate, Enrolment, LessonProgress
from tests.factories import (
    AccessibilityStatementPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    UserFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/progress/"
PASSWORD = "lernhafen-test"


def fuzz(max_examples):
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# A German sentence of ours, not an English or technical text from Python, Django or the JSON parser.
GERMAN = re.compile(
    r"\b(Sie|[Bb]itte|die|der|das|ist|sind|nicht|kein\w*|muss|gibt|zu|ein\w*|jede\w*|für|oder|und|in|mit)\b"
)
ENGLISH = re.compile(r"\b(the|must|is|field|Expecting|Enter|Ensure|invalid|required|value)\b")


def assert_german(message):
    assert GERMAN.search(message) and not ENGLISH.search(message), message


def all_messages(errors):
    for value in errors.values():
        yield from value if isinstance(value, list) else [value]


# ---------------------------------------------------------------- the progress API

# Any JSON: nesting, numbers far beyond a float or a database integer, any unicode, every wrong type.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**31 - 5, max_value=2**31 + 5)
    | st.integers(min_value=10**300, max_value=10**400)
    | st.floats()  # NaN and Infinity too: json.dumps writes them, the API must refuse them
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=20,
)
numbers = st.integers() | st.floats() | st.integers(min_value=10**300, max_value=10**400) | json_values


@pytest.fixture
def video_lesson(catalog_page):
    video = VideoFactory(title="E-Akte: Ein Dokument ablegen", duration=120.0, processing_state="ready")
    course = CoursePageFactory(parent=catalog_page, title="E-Akte im Jobcenter: Grundlagen")
    return LessonPageFactory(
        parent=course,
        title="Ein Dokument ablegen",
        completion_rule=LessonPage.Rule.VIDEO,
        body=[{"type": "video", "value": {"video": video.pk, "caption": ""}}],
    )


def heartbeats(lesson_id):
    """Bodies shaped like a heartbeat, so that the fuzzing gets past the first checks, and anything else."""
    beat = st.fixed_dictionaries(
        {
            "lesson": st.just(lesson_id) | numbers,
            "intervals": st.lists(st.lists(numbers, max_size=3), max_size=4),
        },
        optional={"position": numbers, "extra": json_values},
    )
    as_json = (beat | json_values).map(lambda value: json.dumps(value).encode())
    deep = st.integers(min_value=1, max_value=200_000).map(lambda depth: b"[" * depth + b"]" * depth)
    return as_json | deep | st.binary(max_size=200)


def check_api_answer(response, before):
    """Never a 500: 200 stores one heartbeat, a refusal (400/403) answers German JSON and stores nothing."""
    assert response.status_code in (200, 400, 403), response.status_code
    assert response["Content-Type"] == "application/json"
    body = response.json()
    if response.status_code == 200:
        assert 0 <= body["coverage"] <= 1
        return
    assert body["errors"]
    for message in all_messages(body["errors"]):
        assert_german(message)
    assert (LessonProgress.objects.count(), Enrolment.objects.count()) == before


def test_random_json_and_bytes_to_the_progress_api_never_give_a_500(client, learner, video_lesson):
    client.force_login(learner)

    @fuzz(200)
    @given(body=heartbeats(video_lesson.pk))
    @example(body=json.dumps({"lesson": video_lesson.pk, "intervals": [[0, 5]], "position": 5}).encode())
    @example(body=json.dumps({"lesson": video_lesson.pk, "intervals": [[0, 10**400]]}).encode())
    @example(body=json.dumps({"lesson": 10**30, "intervals": []}).encode())
    @example(body=b'{"lesson": NaN}')
    @example(body=b"\xff\xfe{}")
    def run(body):
        before = (LessonProgress.objects.count(), Enrolment.objects.count())
        check_api_answer(client.post(API, body, content_type="application/json"), before)

    run()


def test_a_body_over_the_size_limit_gets_a_german_json_400(client, learner, video_lesson, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(learner)
    heartbeat = {"lesson": video_lesson.pk, "intervals": [[0, 5]], "position": 5, "note": "x" * 1000}
    response = client.post(API, json.dumps(heartbeat), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"errors": {"__all__": "Die Anfrage ist zu groß."}}
    assert not LessonProgress.objects.exists() and not Enrolment.objects.exists()
    # Within the limit the same heartbeat counts.
    del heartbeat["note"]
    assert client.post(API, json.dumps(heartbeat), content_type="application/json").status_code == 200


def test_a_body_over_djangos_default_limit_too(client, learner, video_lesson):
    client.force_login(learner)
    body = b'{"lesson": %d, "pad": "' % video_lesson.pk + b"x" * (2_621_440 + 1) + b'"}'
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"]["__all__"] == "Die Anfrage ist zu groß."


# ---------------------------------------------------------------- public forms

# Any text a browser can send in a form field: unicode, control characters, NUL, very long.
form_text = (
    st.text(max_size=50)
    | st.text(min_size=2000, max_size=2100)
    | st.sampled_from(
        ["", " ", "\x00", '"', "'; DROP TABLE x; --", "<script>alert(1)</script>", "=HYPERLINK(1)", "ä" * 301]
    )
)


def check_refused_form(response):
    """A refused form: the page again with its errors, in German."""
    assert response.status_code in (200, 400), response.status_code
    form = response.context["form"]
    assert form.errors
    messages = [message for field_errors in form.errors.values() for message in field_errors]
    for message in messages:
        assert_german(message)


@pytest.fixture
def account(db):
    return UserFactory(username="anna", password=PASSWORD, groups=["Lernende"])


@pytest.mark.parametrize("url", ["/anmelden/", "/admin/login/"])
def test_random_text_to_the_sign_in_forms_never_gives_a_500_or_a_session(client, account, url):
    password_before = account.password

    @fuzz(50)
    @given(username=form_text | st.just("anna"), password=form_text, next_url=form_text)
    @example(username="anna", password="\x00", next_url="//evil.example/")
    def run(username, password, next_url):
        users = get_user_model().objects.count()
        response = client.post(url, {"username": username, "password": password, "next": next_url})
        assert response.status_code < 500
        # Throttling (django-axes) may answer a run of failures with its own refusal page instead.
        if response.status_code in (200, 400):
            check_refused_form(response)
        # (client.session would make a session of its own: read the stored ones.)
        assert not [s for s in Session.objects.all() if "_auth_user_id" in s.get_decoded()]
        assert get_user_model().objects.count() == users

    run()
    account.refresh_from_db()
    assert account.password == password_before and account.last_login is None


def test_random_text_to_the_accessibility_feedback_form_stores_only_what_it_accepts(
    client, home_page, settings
):
    settings.ACCESSIBILITY_FEEDBACK_PER_HOUR = 10**6  # the rate limit is tested on its own
    page = AccessibilityStatementPageFactory(parent=home_page)
    url = f"/barrierefreiheit/rueckmeldung/{page.pk}/"

    @fuzz(50)
    @given(
        message=form_text,
        name=form_text,
        email=form_text,
        page_url=form_text,
        website=st.just("") | form_text,
    )
    @example(message="Hallo", name="", email="", page_url="javascript:alert(1)", website="")
    @example(message="Hallo\x00", name="", email="", page_url="", website="")
    def run(message, name, email, page_url, website):
        stored = AccessibilityFeedback.objects.count()
        data = {"message": message, "name": name, "email": email, "page_url": page_url, "website": website}
        response = client.post(url, data)
        assert response.status_code in (303, 400), response.status_code
        if response.status_code == 400:
            check_refused_form(response)
        accepted = response.status_code == 303 and not website
        assert AccessibilityFeedback.objects.count() == stored + accepted
        if accepted:
            assert AccessibilityFeedback.objects.latest("pk").message == message.strip()

    run()


def test_random_certificate_codes_give_a_404_page_never_a_500(client, db):
    # A NUL in the code is the case below: PostgreSQL refuses it in a query (SQLite takes it).
    @fuzz(50)
    @given(code=form_text.filter(lambda text: "\x00" not in text))
    @example(code="%")
    @example(code="../../admin/")
    def run(code):
        response = client.get(f"/zertifikat/{quote(code, safe='')}/")
        assert response.status_code == 404
        assert "text/html" in response["Content-Type"]

    run()
    assert not Certificate.objects.exists()


def test_a_nul_in_a_certificate_code_gives_a_404_page(client, db):
    response = client.get("/zertifikat/%00/")
    assert response.status_code == 404


def test_random_text_to_the_catalogue_search_and_filters_never_gives_a_500(client, learner, catalog_page):
    CoursePageFactory(parent=catalog_page, title="E-Akte im Jobcenter: Grundlagen")
    client.force_login(learner)
    pages = LessonPage.objects.count(), Enrolment.objects.count()

    @fuzz(50)
    @given(
        q=form_text,
        programme=form_text,
        competence=form_text,
        tag=form_text,
        duration=form_text,
        page=form_text,
    )
    @example(q='"', programme="", competence="", tag="", duration="", page="")
    @example(q="E-Akte*", programme="1" * 30, competence="-1", tag="", duration="ewig", page="10" * 20)
    def run(q, programme, competence, tag, duration, page):
        params = {
            "q": q,
            "programme": programme,
            "competence": competence,
            "tag": tag,
            "duration": duration,
            "seite": page,
        }
        response = client.get(catalog_page.url, params)
        assert response.status_code in (200, 400), response.status_code
        form = response.context["filter_form"]
        for message in (m for field_errors in form.errors.values() for m in field_errors):
            assert_german(message)

    run()
    assert (LessonPage.objects.count(), Enrolment.objects.count()) == pages


def test_a_refused_script_comes_back_as_text_never_as_markup(client, home_page):
    page = AccessibilityStatementPageFactory(parent=home_page)
    data = {"message": "<script>alert(1)</script>", "name": '"><img src=x onerror=alert(1)>', "email": "x@"}
    response = client.post(f"/barrierefreiheit/rueckmeldung/{page.pk}/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not AccessibilityFeedback.objects.exists()


@pytest.mark.parametrize("next_url", ["//evil.example/", "https://evil.example/lernen/", "/\\evil.example"])
def test_a_foreign_next_address_never_leads_off_the_site(client, account, next_url):
    response = client.post("/anmelden/", {"username": "anna", "password": PASSWORD, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/lernen/"
