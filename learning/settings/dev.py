"""Settings for the embedded default on one machine (`make run`): plain HTTP, e-mail into files in var/mail."""

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import VAR_DIR, os

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]


def _local_secret_key():
    """A random key kept in var/, so no secret lives in the repository and sessions survive restarts."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# The worker sends most mail, and its console is mixed with beat's log: files keep each mail readable.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
LERNHAFEN_DEMO_ALLOWED = True

# gunicorn serves the site here as in production (scripts/run-dev), and WhiteNoise its static files: straight
# from the finders (static/ and KERN UX in node_modules), so no collectstatic is needed, looked up afresh on
# every request, so an edited file shows at once.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The full /healthz check (database, cache, worker) for anyone on this machine.
HEALTHZ_ALLOWED_NETWORKS = ["127.0.0.1/32", "::1/128"]
