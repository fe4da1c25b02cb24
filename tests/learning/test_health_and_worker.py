"""/healthz and a real Celery worker on the configured broker."""

import pytest

from learning import celery_app
from learning.tasks import ping


def test_healthz_is_503_and_names_the_worker_when_none_runs(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"
    assert body["checks"]["worker"].startswith("error")


def test_healthz_is_200_with_a_live_worker(client, celery_worker):
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "worker": "ok"}}


def test_a_real_worker_runs_a_task_end_to_end(celery_worker):
    assert not celery_app.conf.task_always_eager
    result = ping.delay()
    assert result.get(timeout=10) == "pong"
    assert result.successful()


@pytest.mark.django_db
def test_healthz_is_not_cached(client):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


# Who gets which answer (issue 13, point 5): liveness for anyone, the full check for a token or a network.

OUTSIDE = "203.0.113.7"  # TEST-NET-3: not in the test settings' HEALTHZ_ALLOWED_NETWORKS
TOKEN = "ein-langes-geheimes-token-fuer-die-ueberwachung"


@pytest.fixture
def published_tasks():
    """The names of the Celery tasks sent to the broker while the test runs (Celery's own signal)."""
    from celery.signals import before_task_publish

    names = []

    def record(sender=None, **kwargs):
        names.append(sender)

    before_task_publish.connect(record, weak=False)
    yield names
    before_task_publish.disconnect(record)


@pytest.fixture
def quick_worker_check(settings):
    # No worker runs in these tests: the ping waits this long for nobody.
    settings.HEALTHZ_WORKER_TIMEOUT = 0.2
    return settings


@pytest.fixture
def shared_result(quick_worker_check):
    """The full result shared for 30 s, as in production, starting from an empty period."""
    from django.core.cache import cache

    from learning.health import _keys

    settings = quick_worker_check
    settings.HEALTHZ_CACHE_SECONDS = 30
    cache.delete_many(_keys())
    yield settings
    cache.delete_many(_keys())


def test_anyone_gets_the_liveness_answer_without_a_query_or_a_task(
    client, db, published_tasks, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz", REMOTE_ADDR=OUTSIDE)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert published_tasks == []


def test_a_forwarded_for_header_does_not_unlock_the_full_check(client, db, published_tasks):
    # Anyone can write X-Forwarded-For; only the connection's own address counts.
    response = client.get("/healthz", REMOTE_ADDR=OUTSIDE, HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert response.json() == {"status": "ok"}
    assert published_tasks == []


def test_a_wrong_or_empty_token_gets_only_the_liveness_answer(client, db, settings, published_tasks):
    settings.HEALTHZ_TOKEN = TOKEN
    for given in ["falsch", TOKEN[:-1], TOKEN + "x", ""]:
        response = client.get("/healthz", REMOTE_ADDR=OUTSIDE, HTTP_X_HEALTH_TOKEN=given)
        assert response.json() == {"status": "ok"}, given
    settings.HEALTHZ_TOKEN = ""  # no token configured: an empty header is no token either
    assert client.get("/healthz", REMOTE_ADDR=OUTSIDE, HTTP_X_HEALTH_TOKEN="").json() == {"status": "ok"}
    assert published_tasks == []


def test_the_configured_token_gets_the_full_check(client, db, quick_worker_check, published_tasks):
    quick_worker_check.HEALTHZ_TOKEN = TOKEN
    response = client.get("/healthz", REMOTE_ADDR=OUTSIDE, HTTP_X_HEALTH_TOKEN=TOKEN)
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "ok"
    assert response.json()["checks"]["worker"].startswith("error")
    assert published_tasks == ["learning.ping"]


@pytest.mark.parametrize("address", ["198.51.100.20", "::ffff:198.51.100.20", "2001:db8::5"])
def test_a_configured_network_gets_the_full_check(client, db, quick_worker_check, address):
    quick_worker_check.HEALTHZ_ALLOWED_NETWORKS = ["198.51.100.0/24", "2001:db8::/32"]
    response = client.get("/healthz", REMOTE_ADDR=address)
    assert set(response.json()["checks"]) == {"database", "cache", "worker"}
    assert client.get("/healthz", REMOTE_ADDR="198.51.101.20").json() == {"status": "ok"}


def test_a_flood_sends_at_most_one_ping_per_period(client, db, shared_result, published_tasks):
    answers = {client.get("/healthz").content for _ in range(50)}
    assert len(answers) == 1 and b'"worker": "error' in answers.pop()
    assert published_tasks == ["learning.ping"]


def test_a_new_period_checks_again(client, db, shared_result, published_tasks):
    import time

    shared_result.HEALTHZ_CACHE_SECONDS = 1
    client.get("/healthz")
    time.sleep(2.1)  # real time: a Redis cache (CI) counts its expiry itself; the database cache in seconds
    client.get("/healthz")
    assert published_tasks == ["learning.ping", "learning.ping"]


def test_while_another_process_checks_nobody_pings_again(client, db, shared_result, published_tasks):
    from django.core.cache import cache

    from learning.health import _keys

    cache.add(_keys()[1], True, timeout=30)  # another web process took this period's check and died
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "cache": "ok",
        "worker": "error: no result within this period",
    }
    assert published_tasks == []


def test_a_broken_cache_still_answers_and_pings_once_per_period(
    client, db, quick_worker_check, published_tasks, tmp_path
):
    from learning import health

    settings = quick_worker_check
    settings.HEALTHZ_CACHE_SECONDS = 30
    # A cache folder beneath a plain file: every cache call fails, so the result is shared within the process.
    (tmp_path / "datei").write_text("")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "datei" / "cache"),
        },
    }
    health._local_result.update(until=0.0, checks=None)
    try:
        answers = [client.get("/healthz") for _ in range(5)]
    finally:
        health._local_result.update(until=0.0, checks=None)
    assert {response.status_code for response in answers} == {503}
    assert answers[0].json()["checks"]["cache"].startswith("error")
    assert answers[0].json()["checks"]["database"] == "ok"
    assert published_tasks == ["learning.ping"]
