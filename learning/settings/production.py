"""Production: every connection and secret comes from the environment; start-up stops if one is missing."""

from .base import *  # noqa: F403
from .base import DATABASES, env_bool, env_list, env_required, os

SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [env_required("ALLOWED_HOSTS")]
env_required("DATABASE_URL")  # base reads it; here it must not fall back to SQLite
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Production needs PostgreSQL: DATABASE_URL must be a postgres:// URL.")
CELERY_BROKER_URL = env_required("CELERY_BROKER_URL")
# base.py already points the caches ("default" and "pages") and the result backend at Redis when
# REDIS_URL is set; production only insists that it is.
env_required("REDIS_URL")
WAGTAILADMIN_BASE_URL = env_required("BASE_URL")
PUBLIC_BASE_URL = env_required("PUBLIC_BASE_URL").rstrip("/")
# __Host- cookies: the browser accepts them only with Secure, Path=/ and no Domain, so no other host of the
# domain can set or overwrite them. The player takes the CSRF token from the page, not from the cookie.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# E-mail over SMTP
EMAIL_HOST = env_required("EMAIL_HOST")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_required("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Media: a shared folder (MEDIA_ROOT) or S3-compatible object storage (e.g. MinIO on premises).
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_required("MEDIA_S3_BUCKET"),
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "access_key": env_required("MEDIA_S3_ACCESS_KEY"),
            "secret_key": env_required("MEDIA_S3_SECRET_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    STORAGES["private"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**STORAGES["default"]["OPTIONS"], "location": "private"},  # noqa: F405
    }
elif MEDIA_STORAGE == "filesystem":
    MEDIA_ROOT = env_required("MEDIA_ROOT")
    STORAGES["private"]["OPTIONS"]["location"] = env_required("PRIVATE_MEDIA_ROOT")  # noqa: F405
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' or 's3'.")
# Protected videos: nginx sends files from a shared folder (X-Accel-Redirect, see README), object storage
# through short-lived presigned URLs; Django streaming them would tie up a gunicorn worker per viewer.
MEDIA_SERVE_MODE = os.environ.get("MEDIA_SERVE_MODE") or ("redirect" if MEDIA_STORAGE == "s3" else "x-accel")
if MEDIA_SERVE_MODE not in ({"redirect"} if MEDIA_STORAGE == "s3" else {"django", "x-accel"}):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "MEDIA_SERVE_MODE must be 'x-accel' or 'django' with MEDIA_STORAGE=filesystem, 'redirect' with s3."
    )
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}
