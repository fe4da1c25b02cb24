"""Test settings: an SQLite file (a real Celery worker can share it) unless DATABASE_URL is set."""

import tempfile
from pathlib import Path

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import CACHES, CELERY_BROKER_URL, DATABASES, MIDDLEWARE, STORAGES, os

DEBUG = False
SECRET_KEY = get_random_secret_key()
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

# One scratch folder per test session for everything a run writes (media, broker, results).
TEST_DIR = Path(os.environ.get("LERNHAFEN_TEST_DIR") or tempfile.mkdtemp(prefix="lernhafen-test-"))
os.environ["LERNHAFEN_TEST_DIR"] = str(TEST_DIR)  # handed on to the Celery worker the tests start
MEDIA_ROOT = TEST_DIR / "media"
PRIVATE_MEDIA_ROOT = TEST_DIR / "private"
STORAGES = {**STORAGES, "private": {**STORAGES["private"], "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)}}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so that a Celery worker process sees what the tests commit.
    DATABASES["default"]["TEST"] = {"NAME": str(TEST_DIR / "test.sqlite3")}

if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(TEST_DIR / "celery" / "queue"),
        "data_folder_out": str(TEST_DIR / "celery" / "queue"),
        "processed_folder": str(TEST_DIR / "celery" / "processed"),
        "control_folder": str(TEST_DIR / "celery" / "control"),
        "store_processed": False,
        "polling_interval": 0.1,
    }
    CELERY_RESULT_BACKEND = f"file://{TEST_DIR / 'celery' / 'results'}"
# A queue of its own per test session, so parallel runs on one Redis never take each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = os.environ.setdefault("CELERY_QUEUE", f"lernhafen-test-{TEST_DIR.name}")

# The page cache lives in this process's memory: no query, and parallel test runs cannot see each other's
# pages. tests/conftest.py empties it before every test.
CACHES = {
    **CACHES,
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    # The heartbeat's cache as files of this test session, also with Redis (CI): shared with the Celery worker
    # the tests start, as in the embedded default, and by no other test run. Emptied before every test.
    "heartbeat": {
        "BACKEND": "learning.filecache.FileCache",
        "LOCATION": str(TEST_DIR / "heartbeat-cache"),
    },
    # The sign-in throttle counts in the test database's cache table: each test's failures roll back with it,
    # and its expiry follows time-machine (Redis, in CI the default cache, keeps both across tests).
    "sign-in": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "lernhafen_cache"},
}
AXES_CACHE = "sign-in"

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The development outbox (files) for a test that reads it, handed on to the Celery worker it starts.
if os.environ.get("LERNHAFEN_TEST_EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = Path(os.environ["LERNHAFEN_TEST_EMAIL_FILE_PATH"])
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HEALTHZ_WORKER_TIMEOUT = 2.0
# The test client's address (127.0.0.1) gets the full /healthz check; tests of the liveness answer come from
# another address. No shared result by default: a cached 503 of one test would answer the next one's check
# (Redis outlives a test's transaction); the tests of sharing switch it on.
HEALTHZ_ALLOWED_NETWORKS = ["127.0.0.1/32", "::1/128"]
HEALTHZ_CACHE_SECONDS = 0
WAGTAILADMIN_BASE_URL = "http://testserver"
PUBLIC_BASE_URL = "https://www.jobcenter-musterkreis.example"
LERNHAFEN_DEMO_ALLOWED = True
# Tests sign in with force_login; the tests of the second factor and the browser tests (tests/e2e/conftest.py)
# switch the requirement on, as it is everywhere else.
SECOND_FACTOR_REQUIRED_GROUPS = []
SECOND_FACTOR_REQUIRED_FOR_SUPERUSERS = False
# The Celery worker that tests start must open the test database, not the one named by DATABASE_URL.
if os.environ.get("LERNHAFEN_WORKER_DB_NAME"):
    DATABASES["default"]["NAME"] = os.environ["LERNHAFEN_WORKER_DB_NAME"]

# Static files come from the finders here; WhiteNoise is for collected files in production.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise")]

# Sessions in the database also when CI sets REDIS_URL: query-count tests must count the same on every machine.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
