"""Benchmark settings: the embedded default of learning.settings.dev, but with DEBUG off as in production."""

import os

from learning.settings.dev import *  # noqa: F403
from learning.settings.dev import DATABASES

# DEBUG on would keep every SQL query in memory and render technical error pages; production runs without.
DEBUG = False
# "testserver" lets bench/_django.py count queries with Django's test client against the same database.
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

# Experiment only (bench/progress_api.py --conn-max-age): compare kept connections (the default, 60 s from
# DATABASE_CONN_MAX_AGE) with a new connection per request (0).
if os.environ.get("BENCH_CONN_MAX_AGE"):
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ["BENCH_CONN_MAX_AGE"])

# Static files indexed once at start-up, as production does (dev looks them up on every request).
WHITENOISE_AUTOREFRESH = False

# Experiment only (bench/server_shape.py on PostgreSQL and Redis): another session engine than the settings'.
if os.environ.get("BENCH_SESSION_ENGINE"):
    SESSION_ENGINE = os.environ["BENCH_SESSION_ENGINE"]

# The site's URLs plus the floor view of bench/heartbeat.py (bench/urls.py).
ROOT_URLCONF = "bench.urls"
