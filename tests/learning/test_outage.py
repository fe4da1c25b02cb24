"""A database or Redis outage answers a German 503 with Retry-After (JSON for the API), never a 500.

The real outages (PostgreSQL restarted, Redis stopped, SQLite locked) are in tests/faults; here the error is
raised where the outage would raise it, to pin down the answer's form.
"""

from unittest import mock

import pytest
from django.db import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

from learning import outage


def session_store_down():
    """Every session read fails as with PostgreSQL down: the error comes from a middleware, not a view."""
    return mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load", side_effect=OperationalError("refused")
    )


@pytest.mark.django_db
def test_the_api_gets_json_with_retry_after_when_the_database_is_down(client, learner):
    client.force_login(learner)  # the cookie is set before the store goes down: load() is what fails
    # Django marks the request failed (got_request_exception): the test client must not re-raise that.
    client.raise_request_exception = False
    with session_store_down():
        response = client.post("/api/progress/", {"lesson": 1}, content_type="application/json")
    assert response.status_code == 503
    assert response["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
    assert response["Content-Type"] == "application/json"
    assert "wenigen Sekunden" in response.json()["errors"]["__all__"]
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_a_page_gets_the_german_503_page(client, learner):
    client.force_login(learner)
    client.raise_request_exception = False
    with session_store_down():
        response = client.get("/lernen/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
    body = response.content.decode()
    assert '<html lang="de">' in body and "Einen Moment bitte." in body
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_an_error_raised_in_a_view_is_answered_the_same_way(client):
    with mock.patch("learning.views.health.may_run_full_check", side_effect=RedisConnectionError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert "Einen Moment bitte." in response.content.decode()


@pytest.mark.django_db
def test_other_errors_stay_errors(client):
    client.raise_request_exception = False
    with mock.patch("learning.views.health.may_run_full_check", side_effect=RuntimeError("bug")):
        response = client.get("/healthz")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_celery_giving_up_on_redis_counts_as_an_outage_other_runtime_errors_do_not():
    try:
        try:
            raise RedisConnectionError("Error 111 connecting")
        except RedisConnectionError as exc:
            raise RuntimeError("Retry limit exceeded while trying to reconnect") from exc
    except RuntimeError as given_up:
        assert outage.is_outage(given_up)
    assert not outage.is_outage(RuntimeError("a bug"))
