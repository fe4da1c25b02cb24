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
