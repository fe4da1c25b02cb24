"""Health checks of the parts the site depends on (database, cache, a live Celery worker), and who may run them.

Anyone gets the cheap liveness answer; the full check needs the configured token or a client address in a
configured network (REMOTE_ADDR only: X-Forwarded-For is written by whoever sends the request). The full
result is shared through the cache for HEALTHZ_CACHE_SECONDS, so at most one ping per period reaches the queue.
"""

import contextlib
import hashlib
import hmac
import ipaddress
import logging
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from .celery import app as celery_app
from .tasks import ping

logger = logging.getLogger(__name__)

TOKEN_HEADER = "X-Health-Token"  # noqa: S105 - the header's name, not a secret


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


class BrokerUnreachable(Exception):
    """No connection to the Celery broker: no worker can be asked."""


def check_worker():
    timeout = settings.HEALTHZ_WORKER_TIMEOUT
    # With the broker down, publishing would retry and the result backend (the same Redis) reconnect for
    # many seconds, holding a web process all that time: one short try first, and no retries after it.
    if not broker_reachable():
        raise BrokerUnreachable
    # expires: a ping nobody took in time is dropped, so a worker started later skips the backlog.
    result = ping.apply_async(expires=timeout + 1, retry=False)
    try:
        if result.get(timeout=timeout) != "pong":
            raise RuntimeError("unexpected answer")
    finally:
        result.forget()


CHECKS = {"database": check_database, "cache": check_cache, "worker": check_worker}

DATABASE_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


def broker_reachable():
    """Whether a connection to the Celery broker can be opened at all (one try, one second)."""
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, timeout=1)
    except Exception:  # noqa: BLE001 - unreachable, whatever the transport's error
        return False
    return True


def _redis_or(url_or_backend, other):
    return "Redis" if "redis" in url_or_backend.lower() else other


def describe_failure(name, exc):
    """ "error: <service>: <what>", naming the service for whoever is on call (PostgreSQL, Redis, ...):
    a failed worker check names the broker when the broker itself could not be reached, else the worker."""
    if name == "database":
        service = DATABASE_NAMES.get(connection.vendor, connection.vendor)
    elif name == "cache":
        service = _redis_or(settings.CACHES["default"]["BACKEND"], "Cache")
    elif isinstance(exc, BrokerUnreachable):
        broker = _redis_or(settings.CELERY_BROKER_URL.split(":", 1)[0], "Celery-Broker")
        return f"error: {broker} (broker) unreachable"
    else:
        service = "Celery-Worker"
    return f"error: {service}: {type(exc).__name__}"


def run_checks(names=tuple(CHECKS)):
    """Return {name: "ok" | "error: ..."}; a failing part never stops the others from being checked."""
    status = {}
    for name in names:
        try:
            CHECKS[name]()
        except Exception as exc:  # noqa: BLE001 - any failure of a part means "not healthy"
            logger.warning("Health check %s failed: %s", name, exc)
            status[name] = describe_failure(name, exc)
        else:
            status[name] = "ok"
    return status


def _digest(value):
    return hashlib.sha256(value.encode("utf-8", "surrogateescape")).digest()


def has_valid_token(request):
    expected = settings.HEALTHZ_TOKEN
    given = request.headers.get(TOKEN_HEADER, "")
    # Digests of equal length: compare_digest then takes the same time whatever the token's length.
    return bool(expected and given) and hmac.compare_digest(_digest(given), _digest(expected))


def from_allowed_network(request):
    """Whether the peer address of the connection lies in HEALTHZ_ALLOWED_NETWORKS.

    Behind a reverse proxy REMOTE_ADDR is the proxy's address: list only networks that reach the web
    processes directly (a monitoring host, loopback), never the proxy's, or everyone passing it would match.
    """
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in ipaddress.ip_network(network) for network in settings.HEALTHZ_ALLOWED_NETWORKS)


def may_run_full_check(request):
    return has_valid_token(request) or from_allowed_network(request)


def _keys():
    # Per queue: the worker check is about the workers of the queue this site sends to.
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    return f"healthz:result:{queue}", f"healthz:slot:{queue}"


class _CacheDown(Exception):
    pass


def _cache_call(method, *args, **kwargs):
    try:
        return getattr(cache, method)(*args, **kwargs)
    except Exception as exc:
        raise _CacheDown from exc


_local_lock = threading.Lock()
_local_result = {"until": 0.0, "checks": None}


def _shared_in_process(seconds):
    """The fallback while the cache itself is down: one run of the checks per period and process."""
    with _local_lock:
        if _local_result["checks"] is None or time.monotonic() >= _local_result["until"]:
            _local_result["checks"] = run_checks()
            _local_result["until"] = time.monotonic() + seconds
        return _local_result["checks"]


def _shared_through_cache(seconds):
    result_key, slot_key = _keys()
    checks = _cache_call("get", result_key)
    if checks is not None:
        return checks
    # add() is atomic: of all processes that miss the result in one period, only one runs the checks.
    if _cache_call("add", slot_key, True, timeout=seconds):
        checks = run_checks()
        # If this fails, the result says so (cache: error); the others wait in vain and say so too.
        with contextlib.suppress(_CacheDown):
            _cache_call("set", result_key, checks, timeout=seconds)
        return checks
    deadline = time.monotonic() + settings.HEALTHZ_WORKER_TIMEOUT + 1
    while time.monotonic() < deadline:
        time.sleep(0.1)
        checks = _cache_call("get", result_key)
        if checks is not None:
            return checks
    # Whoever took this period's slot stored no result (it died or the cache lost it): no second ping.
    return {**run_checks(("database", "cache")), "worker": "error: no result within this period"}


def full_check():
    """The checks' result, at most HEALTHZ_CACHE_SECONDS old (0: run them on every call)."""
    seconds = settings.HEALTHZ_CACHE_SECONDS
    if seconds <= 0:
        return run_checks()
    try:
        return _shared_through_cache(seconds)
    except _CacheDown as exc:
        logger.warning("Health check result cannot be shared through the cache: %s", exc.__cause__)
        return _shared_in_process(seconds)
