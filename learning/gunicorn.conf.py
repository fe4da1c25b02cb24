"""gunicorn's configuration for every Lernhafen web process: `make run` (scripts/run-dev), production, bench/.

Start it with `gunicorn --config learning/gunicorn.conf.py` (the application is named below). The defaults
are the shape measured in docs/performance.md ("Server shape"): gthread workers, so a connection stays open
between requests (a sync worker closes it after every response) and a slow client or a streamed video ties up
one thread instead of a whole process. Each value comes from an environment variable (README,
"Configuration"); gunicorn's own command-line options and GUNICORN_CMD_ARGS still override this file.
"""

import os


def _int(name, default):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise SystemExit(f"{name} must be a positive whole number, not {raw!r} (learning/gunicorn.conf.py).")
    return int(raw)


def _bool(name):
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


wsgi_app = "learning.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# WEB_CONCURRENCY is the name gunicorn (and most platforms) already use for the number of workers.
workers = _int("WEB_CONCURRENCY", 2)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = _int("GUNICORN_THREADS", 4)
# Seconds an idle connection is kept open. Behind nginx with upstream keep-alive, nginx's own idle limit for
# those connections (`keepalive_timeout` in the upstream block) must be shorter, or nginx may reuse a
# connection gunicorn is just closing (a 502).
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# A worker that does not report back for this long is killed and replaced (a stuck request).
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Development only (scripts/run-dev): restart the workers when Python code changes.
reload = _bool("GUNICORN_RELOAD")
# gunicorn's control socket (gunicornc) sits at one path per user: several servers on one machine (make run,
# the benchmarks) would take it from each other, and nothing here uses it.
control_socket_disable = True
# "-" writes one line per request to stderr (scripts/run-dev); production leaves it to the reverse proxy.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
