"""Health checks of the parts the site depends on: database, cache and a live Celery worker."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from .tasks import ping

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    ok = cache.get(key) == "ok"
    cache.delete(key)
    if not ok:
        raise RuntimeError("cache did not return the value just written")


def check_worker():
    timeout = settings.HEALTHZ_WORKER_TIMEOUT
    # expires: a ping nobody took in time is dropped, so a worker started later skips the backlog.
    result = ping.apply_async(expires=timeout + 1)
    try:
        if result.get(timeout=timeout) != "pong":
            raise RuntimeError("unexpected answer")
    finally:
        result.forget()


CHECKS = {"database": check_database, "cache": check_cache, "worker": check_worker}


def run_checks():
    """Return {name: "ok" | "error: ..."}; a failing part never stops the others from being checked."""
    status = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure of a part means "not healthy"
            logger.warning("Health check %s failed: %s", name, exc)
            status[name] = f"error: {type(exc).__name__}"
        else:
            status[name] = "ok"
    return status
