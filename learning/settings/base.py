"""Settings shared by every mode; safe for production on their own (DEBUG off, secure cookies, HSTS).

Everything that differs between machines comes from environment variables; README.md lists them.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("LERNHAFEN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_required(name):
    """Return a required environment variable or stop start-up with a message that names it."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} is required with these settings but is not set. "
            "See the configuration table in README.md."
        )
    return value


# The largest value a period may have per unit: a hundred years, far beyond any retention rule, and small
# enough that date arithmetic with it can never overflow.
PERIOD_MAXIMUM = {"days": 36_500, "months": 1_200, "years": 100}


def env_period(name, default, unit):
    """A period `{unit: n}` from a positive whole number in the environment variable `name` (unset or
    empty: `default`); anything else stops start-up with a message that names the variable."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return {unit: default}
    maximum = PERIOD_MAXIMUM[unit]
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= maximum:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be a positive whole number of {unit} "
            f"(1 to {maximum}), not {raw!r}. See the configuration table in README.md."
        )
    return {unit: int(raw)}


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "learning",
    "courses",
    "lotsen",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales: adds sync and translation status to the admin
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtailmedia",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

# The CSP middleware comes first so that every response carries the policy, including cached pages.
# The public page cache comes after LocaleMiddleware (its keys need the language) and before everything
# that could touch the database, so that a cache hit costs no query.
MIDDLEWARE = [
    "learning.middleware.ContentSecurityPolicyMiddleware",
    # An outage of the database, Redis or the broker: a German 503 with Retry-After instead of a 500.
    "learning.outage.OutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "learning.middleware.PublicPageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified() for the second factor (learning.mfa).
    "django_otp.middleware.OTPMiddleware",
    # Refused accesses of signed-in people to the access log; lends the request to the rights receivers.
    "learning.security_log.SecurityEventMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session timeouts (after messages: the sign-in page says why), no-store when signed in.
    "learning.sessions.SessionPolicyMiddleware",
    # A session that owes its second factor reaches only the code or set-up page (learning.mfa).
    "learning.mfa.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The admin answers 404 on hosts it is not bound to (WAGTAILADMIN_ALLOWED_HOSTS).
    "learning.middleware.AdminHostMiddleware",
    # Last, as axes asks: turns a paused sign-in into learning.signin.lockout_response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "learning.urls"
WSGI_APPLICATION = "learning.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite (WAL) in var/ unless DATABASE_URL points elsewhere (PostgreSQL in production and CI).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'lernhafen.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web process read while the Celery worker writes; IMMEDIATE avoids
        # "database is locked" on lock upgrades inside transactions.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # Seconds a writer waits for the lock (SQLite's busy timeout) before "database is locked", which
        # learning.outage answers with a 503 and Retry-After.
        "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool("DATABASE_JIT"):
    # PostgreSQL compiles queries whose estimated cost is high (the compliance overview and its export over
    # 75,000 people) with LLVM first: 1.2–1.8 s per query on the scale benchmark, more than running them takes
    # (docs/performance.md, "Scale on PostgreSQL"). Web requests and tasks here are short queries: no JIT.
    DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), "options": "-c jit=off"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, otherwise the database, so no state lives in a web process.
# "pages" holds rendered public pages for anonymous visitors (learning.middleware), "heartbeat" what every
# video heartbeat reads (learning.heartbeat_cache: lesson facts, enrolment memos). Neither may be the
# database: a hit is meant to cost no SQL query. Without Redis each is a folder in var/, which every
# process on the one machine of the embedded default shares (the Celery worker too: a probed video
# invalidates lesson facts).
REDIS_URL = os.environ.get("REDIS_URL", "")
PAGE_CACHE_DIR = VAR_DIR / "page-cache"
HEARTBEAT_CACHE_DIR = VAR_DIR / "heartbeat-cache"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lernhafen",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lernhafen-pages",
        },
        "heartbeat": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lernhafen-heartbeat",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "lernhafen_cache",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(PAGE_CACHE_DIR),
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
        # One entry per lesson, per learner and per (learner, lesson) and (learner, course) watched: room for
        # a job centre. Django's file cache with a leaner read (learning.filecache).
        "heartbeat": {
            "BACKEND": "learning.filecache.FileCache",
            "LOCATION": str(HEARTBEAT_CACHE_DIR),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
    }
# Seconds a public page stays cached at most; publishing purges earlier. It also bounds how long a change
# that sends no page signal (an edited image, video or snippet) takes to show. 0 switches the cache off.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "600"))
# Sessions live in the database; with Redis a copy is kept in the cache too (cached_db), so a request reads its
# session from Redis instead of the database, and every write still reaches the database, so a restart of
# Redis signs nobody out. Without Redis the cache is the database itself, where a copy would only add a query.
# docs/performance.md ("Server shape") has the measurement.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
)
# Session timeouts (learning.sessions): idle minutes for staff and for sessions that opened the admin, and the
# absolute lifetime from sign-in, one working day. The cookie ends with the browser (shared PCs), and the
# server forgets the session at the absolute limit at the latest.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_ADMIN_IDLE_MINUTES = int(os.environ.get("SESSION_ADMIN_IDLE_MINUTES", "15"))
SESSION_ABSOLUTE_HOURS = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "10"))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The Clear-Site-Data header of the sign-out answer; empty switches it off. "cookies" clears the cookies of the
# whole registrable domain (other intranet applications under the same domain too): drop it if that matters.
SIGN_OUT_CLEAR_SITE_DATA = os.environ.get("SIGN_OUT_CLEAR_SITE_DATA", '"cache", "cookies", "storage"')

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTH_PASSWORD_VALIDATORS += [{"NAME": "learning.signin.ContextWordValidator"}]
# axes first: it refuses a paused sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "learning.signin.ThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in: throttling (learning.signin) and second factor (learning.mfa). Failures count per account and per
# account + address, never per address alone (one office behind one NAT address); the pause doubles per lockout.
SIGN_IN_FAILURES_PER_ADDRESS = int(os.environ.get("SIGN_IN_FAILURES_PER_ADDRESS", "5"))
SIGN_IN_FAILURES_PER_ACCOUNT = int(os.environ.get("SIGN_IN_FAILURES_PER_ACCOUNT", "20"))
SIGN_IN_FAILURE_WINDOW_MINUTES = int(os.environ.get("SIGN_IN_FAILURE_WINDOW_MINUTES", "15"))
SIGN_IN_COOL_OFF_MINUTES = int(os.environ.get("SIGN_IN_COOL_OFF_MINUTES", "1"))
SIGN_IN_COOL_OFF_MAX_MINUTES = int(os.environ.get("SIGN_IN_COOL_OFF_MAX_MINUTES", "60"))
AXES_HANDLER = "learning.signin.ThrottleHandler"
AXES_CACHE = "default"  # the database or Redis: shared by every web process
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_LOCKOUT_CALLABLE = "learning.signin.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["username", "password"]
AXES_VERBOSE = False
# A refused attempt during a pause neither counts nor extends the pause (learning.signin).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The client's address as the feedback rate limit reads it (REMOTE_ADDR or CLIENT_IP_HEADER).
AXES_CLIENT_IP_CALLABLE = "courses.http.client_address"
SECOND_FACTOR_REQUIRED_GROUPS = env_list(
    "SECOND_FACTOR_REQUIRED_GROUPS", "Redaktion,Koordination,Datenschutz"
)
SECOND_FACTOR_REQUIRED_FOR_SUPERUSERS = True
OTP_TOTP_ISSUER = "Lernhafen"
OTP_TOTP_THROTTLE_FACTOR = 1
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/lernen/"
LOGOUT_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = "/anmelden/"
# The admin signs in through the same form, with throttling and second factor (learning.signin).
WAGTAILADMIN_LOGIN_URL = "/anmelden/"

# Language and time
LANGUAGE_CODE = "de"
# Each language named in itself: the language switcher and Wagtail's locale menus show these names.
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("fa", "فارسی"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# Static files: the project's own and KERN UX from npm (node_modules, installed by `make install`).
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("kern", BASE_DIR / "node_modules" / "@kern-ux" / "native" / "dist"),
]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
# Private files (certificates, exports) live outside MEDIA_ROOT and are only served through views
# that check who asks.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security: on by default; dev and test relax what needs plain HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "learning.views.csrf_failure"
# Wagtail's live preview shows the page in a same-origin iframe, which DENY would break.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]


def env_networks(name):
    """A comma-separated list of CIDR networks; a typo stops start-up instead of silently matching nothing."""
    import ipaddress  # noqa: PLC0415 - only this setting needs it

    networks = env_list(name)
    for network in networks:
        try:
            ipaddress.ip_network(network)
        except ValueError as error:
            raise ImproperlyConfigured(
                f"{name}: {network!r} is no network in CIDR notation ({error})."
            ) from None
    return networks


# /healthz (learning.health) answers anyone with a liveness check; the full check (database, cache, worker)
# only with this token in the X-Health-Token header (empty: no token accepted) ...
HEALTHZ_TOKEN = os.environ.get("HEALTHZ_TOKEN", "")
# ... or from these networks, matched against the connection's peer address (REMOTE_ADDR; X-Forwarded-For is
# never read). Behind a reverse proxy, never list the proxy's own address.
HEALTHZ_ALLOWED_NETWORKS = env_networks("HEALTHZ_ALLOWED_NETWORKS")
# Seconds one full result is shared by every caller: at most one ping task per period. 0: no sharing.
HEALTHZ_CACHE_SECONDS = int(os.environ.get("HEALTHZ_CACHE_SECONDS", "30"))
# Hosts (as in ALLOWED_HOSTS, without port) on which /admin/ answers, e.g. the intranet host; empty: any host.
WAGTAILADMIN_ALLOWED_HOSTS = env_list("WAGTAILADMIN_ALLOWED_HOSTS")

# E-mail: files in var/mail in dev (one .log file per connection, readable with any editor), SMTP from the
# environment in production.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "lernhafen@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "Lernhafen – Jobcenter Musterkreis"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
# The address clients reach the public pages at (it may differ from BASE_URL, the staff intranet's): printed on
# posters and in their QR codes, and used for every absolute public link.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "german",
    }
}
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]
# Public pages are translated with wagtail-localize; German is the source and has no URL prefix.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# A page submitted for translation stays a draft in the target language until its translation is published;
# until then visitors of that language get the German page with a note (courses.models.explainers.PublicPage).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
from courses import file_kinds  # noqa: E402 - the kinds module imports no models, only Django's basics

# Allowed kinds of upload and their fixed Content-Types: one list, in courses/file_kinds.py. Documents are
# checked by content (courses.documents.DocumentForm) and always served as attachments (never inline), by
# courses.documents after its access check, with the Content-Type of their kind, never a guessed one.
WAGTAILDOCS_EXTENSIONS = list(file_kinds.DOCUMENT_TYPES)
WAGTAILDOCS_CONTENT_TYPES = file_kinds.DOCUMENT_TYPES
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_DOCUMENT_FORM_BASE = "courses.documents.DocumentForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = list(file_kinds.IMAGE_TYPES)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: that would send a hash of each editor's e-mail address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_PASSWORD_RESET_ENABLED = env_bool("WAGTAIL_PASSWORD_RESET_ENABLED", False)
# Videos: wagtailmedia with our own model; the admin form checks uploads by content (courses/video_forms.py).
WAGTAILMEDIA = {
    "MEDIA_MODEL": "courses.Video",
    "MEDIA_FORM_BASE": "courses.video_forms.VideoForm",
    "VIDEO_EXTENSIONS": list(file_kinds.VIDEO_TYPES),
}
VIDEO_MAX_UPLOAD_SIZE = int(os.environ.get("VIDEO_MAX_UPLOAD_SIZE", str(500 * 1024 * 1024)))
# How courses.views hands out video files after its access check: "django" streams them itself (with
# range requests), "x-accel" lets nginx send them from an internal location, "redirect" sends the browser
# to a presigned object-storage URL that expires after MEDIA_SERVE_URL_EXPIRY seconds.
MEDIA_SERVE_MODE = os.environ.get("MEDIA_SERVE_MODE", "django")
MEDIA_SERVE_ACCEL_PREFIX = os.environ.get("MEDIA_SERVE_ACCEL_PREFIX", "/_protected-media/")
MEDIA_SERVE_URL_EXPIRY = int(os.environ.get("MEDIA_SERVE_URL_EXPIRY", "300"))
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Celery: Redis in production; kombu's filesystem transport in the embedded default (no server needed).
CELERY_DATA_DIR = VAR_DIR / "celery"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.2,
    }
else:
    # A message whose worker died is delivered again after this long (acks_late).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = os.environ.get(
    "CELERY_RESULT_BACKEND", REDIS_URL or f"file://{CELERY_DATA_DIR / 'results'}"
)
CELERY_RESULT_EXPIRES = 3600
# A web process subscribes to the result of every task it sends. With Redis down, Celery's default is to
# retry that 20 times a second apart, holding the request (and a gunicorn worker) 20 s before it fails:
# two short tries instead; the request then gets learning.outage's 503 and the player resends it.
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
}
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "lernhafen")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Repairs what a lost message left undone (completions, certificates): how soon is a trade-off of load.
    "reconcile-completions": {
        "task": "learning.reconcile_completions",
        "schedule": int(os.environ.get("RECONCILE_COMPLETIONS_SECONDS", str(15 * 60))),
    },
    # Nightly: mandatory-training cycles open, renew and end (signals do it at once; this repairs).
    "reconcile-requirements": {
        "task": "learning.reconcile_requirements",
        "schedule": crontab(hour=1, minute=30),
    },
    # Nightly: background exports older than LEARNING_EXPORT_KEEP_DAYS go, with their files.
    "purge-export-jobs": {"task": "learning.purge_export_jobs", "schedule": crontab(hour=2, minute=0)},
    # Daily, after the nightly reconciliation and before the working day: reminders of mandatory trainings
    # (learning.reminders), one e-mail per person at most.
    "requirement-reminders": {
        "task": "learning.send_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    # Daily: reminders of course dates (participants 2 days, trainers 1 day before; learning.termine_reminders).
    "termin-reminders": {
        "task": "learning.send_termin_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Daily, before the editors' working day: explainer pages whose "Stand" date is too old.
    "explainer-review-reminders": {
        "task": "courses.send_review_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    "lotsen-notify-pending": {"task": "lotsen.notify_pending", "schedule": 15 * 60},
    # Nightly: freeze the Lotsen reports' closed months (reads freeze them too, should beat be down).
    "lotsen-freeze-report-months": {
        "task": "lotsen.freeze_report_months",
        "schedule": crontab(hour=0, minute=15),
    },
    # Nightly: personal data past its retention period is deleted, and Django's expired sessions with it.
    "apply-retention": {
        "task": "learning.apply_retention",
        "schedule": crontab(hour=2, minute=30),
    },
    # Daily: coachings without a session for LOTSEN_COACHING_INACTIVE_MONTHS end (and consent with them).
    "lotsen-end-inactive-coachings": {
        "task": "lotsen.end_inactive_coachings",
        "schedule": crontab(hour=5, minute=45),
    },
}
# Retention (learning.retention, docs/retention.md): how long each category of personal data is kept, counted
# from the event named in the comment. The daily task learning.apply_retention deletes what is older. Each value
# comes from LERNHAFEN_RETENTION_<CATEGORY>_<UNIT>, e.g. LERNHAFEN_RETENTION_QUIZ_ATTEMPTS_DAYS=365.
RETENTION_DEFAULTS = {
    # watched intervals, resume position and clock of LessonProgress, after the course was completed
    "progress_detail": ("days", 90),
    # knowledge-check attempts, after they were submitted
    "quiz_attempts": ("days", 365),
    # Kompetenz-Checks with their self-assessments, after they were filled in
    "self_checks": ("months", 24),
    # coachings with their sessions and private notes, after the coaching ended
    "coachings": ("months", 12),
    # sessions without a coaching (office hours and groups, or whose coaching is gone), after their date
    "sessions": ("months", 12),
    # help requests, after they were closed (done or withdrawn)
    "help_requests": ("months", 6),
    # accessibility feedback marked as handled, after it was received
    "accessibility_feedback": ("months", 12),
    # registrations for course dates with their attendance, after the date ended
    "date_registrations": ("months", 24),
    # reminder e-mails sent (which reminders went to whom on which day, also of course dates), after the day
    # they were sent
    "reminders": ("months", 12),
    # entries of the access log, after they were written
    "access_log": ("months", 24),
    # deactivated accounts (deleted with everything that belongs to them), after they were deactivated
    "inactive_accounts": ("months", 6),
    # certificates with their PDFs, after their validity ended (or they were revoked)
    "expired_certificates": ("years", 3),
}
RETENTION = {
    category: env_period(f"LERNHAFEN_RETENTION_{category.upper()}_{unit.upper()}", default, unit)
    for category, (unit, default) in RETENTION_DEFAULTS.items()
}

# Exports of more rows than this are built by a Celery worker and offered under "Meine Exporte"; their
# files are deleted after LEARNING_EXPORT_KEEP_DAYS days (they name people, so they should not linger).
LEARNING_EXPORT_ASYNC_ROWS = int(os.environ.get("LEARNING_EXPORT_ASYNC_ROWS", "5000"))
LEARNING_EXPORT_KEEP_DAYS = int(os.environ.get("LEARNING_EXPORT_KEEP_DAYS", "7"))
# A coaching without a session for this many months ends by itself, and the colleague's consent with it.
LOTSEN_COACHING_INACTIVE_MONTHS = int(os.environ.get("LOTSEN_COACHING_INACTIVE_MONTHS", "6"))
# What a colleague's Art. 15 download says of the Lotse's private notes on their sessions, as the service
# agreement decides: "none", "existence" (that a note exists, and the session's date) or "text".
LERNHAFEN_EXPORT_PRIVATE_NOTES = os.environ.get("LERNHAFEN_EXPORT_PRIVATE_NOTES", "existence")

# Editors get e-mails about accessibility feedback and explainer pages due for review: the members of
# the Redaktion group plus these addresses (e.g. a team mailbox).
EDITOR_NOTIFICATION_EMAILS = env_list("EDITOR_NOTIFICATION_EMAILS")
# An explainer page whose "Stand" date is older than this many months is due for review.
EXPLAINER_REVIEW_MONTHS = int(os.environ.get("EXPLAINER_REVIEW_MONTHS", "12"))
# At most this many accessibility feedback messages per client (hashed IP address) and hour.
ACCESSIBILITY_FEEDBACK_PER_HOUR = int(os.environ.get("ACCESSIBILITY_FEEDBACK_PER_HOUR", "5"))
# The request header (WSGI name) in which the reverse proxy passes the client's address, e.g.
# HTTP_X_REAL_IP; empty: REMOTE_ADDR. Only the proxy may set it, or clients could dodge the rate limit.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")

# Content-Security-Policy (learning.middleware): public pages load nothing from other hosts and run no inline
# script or style. The Wagtail admin renders inline scripts and styles of its own, so it gets a policy that
# allows them but still keeps every other host out.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self' blob:; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
CONTENT_SECURITY_POLICY_ADMIN = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; media-src 'self' blob:; frame-ancestors 'self'; form-action 'self'; "
    "base-uri 'none'; object-src 'none'"
)

# /healthz waits this long for a live worker to answer the ping task.
HEALTHZ_WORKER_TIMEOUT = float(os.environ.get("HEALTHZ_WORKER_TIMEOUT", "3"))
# Largest HR list import_staff and the admin's import form accept (learning.staff_import): 75,000 staff are
# about 8 MB.
STAFF_IMPORT_MAX_BYTES = int(os.environ.get("STAFF_IMPORT_MAX_BYTES", "20000000"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail runs its own small tasks inline; one log line per page save is noise.
        "django_tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Security events, one JSON object per line (learning.privacy); axes' own lines name addresses.
        "lernhafen.security": {"level": "INFO"},
        "axes": {"level": "ERROR"},
    },
}

# Single sign-on (OpenID Connect): learning.oidc on top of mozilla-django-oidc, on when OIDC_RP_CLIENT_ID is
# set. Local accounts (ModelBackend) keep working beside it. README.md, "Single sign-on", explains each value.
from learning import roles as _roles  # noqa: E402 - plain constants, to check the role names below

OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "").strip()
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
# The endpoints are read by mozilla-django-oidc's views even while single sign-on is off (they answer 404).
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
# The ID token's "iss" must equal this when it is set (the "issuer" of the provider's discovery document).
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
# RP-initiated logout: signing out through /oidc/logout/ ends the provider's session too.
OIDC_OP_END_SESSION_ENDPOINT = os.environ.get("OIDC_OP_END_SESSION_ENDPOINT", "")
if OIDC_ENABLED:
    env_required("OIDC_RP_CLIENT_SECRET")
    env_required("OIDC_OP_AUTHORIZATION_ENDPOINT")
    env_required("OIDC_OP_TOKEN_ENDPOINT")
    env_required("OIDC_OP_USER_ENDPOINT")
    if OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")):
        env_required("OIDC_OP_JWKS_ENDPOINT")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = float(os.environ.get("OIDC_TIMEOUT", "10"))
# A CA bundle for a provider whose certificate comes from the authority's own CA; default: the system's.
OIDC_VERIFY_SSL = os.environ.get("OIDC_CA_BUNDLE", "") or True
OIDC_AUTHENTICATE_CLASS = "learning.oidc.AuthenticateView"
OIDC_CALLBACK_CLASS = "learning.oidc.CallbackView"
LOGIN_REDIRECT_URL_FAILURE = "login"
if OIDC_OP_END_SESSION_ENDPOINT:
    OIDC_STORE_ID_TOKEN = True  # the id_token_hint of the logout request
    OIDC_OP_LOGOUT_URL_METHOD = "learning.oidc.provider_logout_url"
# Who is who: the claim with the local login, and optionally one with the personnel number (tried first;
# matched against the login, for authorities whose logins are personnel numbers). Never the e-mail address.
OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_PERSONNEL_NUMBER_CLAIM = os.environ.get("OIDC_PERSONNEL_NUMBER_CLAIM", "")
OIDC_FIRST_NAME_CLAIM = os.environ.get("OIDC_FIRST_NAME_CLAIM", "given_name")
OIDC_LAST_NAME_CLAIM = os.environ.get("OIDC_LAST_NAME_CLAIM", "family_name")
OIDC_EMAIL_CLAIM = os.environ.get("OIDC_EMAIL_CLAIM", "email")
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
OIDC_CREATE_USERS = env_bool("OIDC_CREATE_USERS", True)
OIDC_CREATE_USER = OIDC_CREATE_USERS  # mozilla-django-oidc's name for it


def env_group_roles(name):
    """`Group=Role,Group=Role` from the environment variable `name` as a dict; a malformed item or a role
    that learning.roles does not know stops start-up with a message that names the variable."""
    mapping = {}
    for item in env_list(name):
        group, sep, role = (part.strip() for part in item.partition("="))
        if not sep or not group or role not in _roles.ROLES:
            raise ImproperlyConfigured(
                f"The environment variable {name} must list provider group=role pairs separated by commas, "
                f"with roles from {', '.join(_roles.ROLES)}; {item!r} is not one. See README.md, 'Single sign-on'."
            )
        mapping[group] = role
    return mapping


OIDC_GROUP_ROLES = env_group_roles("OIDC_GROUP_ROLES")
# Roles every account made by single sign-on starts with (single sign-on never takes them away).
OIDC_DEFAULT_ROLES = env_list("OIDC_DEFAULT_ROLES", "Lernende")
if not set(OIDC_DEFAULT_ROLES) <= set(_roles.ROLES):
    raise ImproperlyConfigured(
        f"The environment variable OIDC_DEFAULT_ROLES may only name roles from {', '.join(_roles.ROLES)}. "
        "See README.md, 'Single sign-on'."
    )
# Members of these provider groups are Wagtail admins (superusers), others are not; empty: single sign-on
# leaves the admin flag alone.
OIDC_ADMIN_GROUPS = env_list("OIDC_ADMIN_GROUPS")
# The provider asks every person for a second factor (a Conditional Access policy, a Keycloak flow), so
# every sign-in through it counts as one with MFA; otherwise only the `amr` values below do.
OIDC_IDP_ENFORCES_MFA = env_bool("OIDC_IDP_ENFORCES_MFA", False)
OIDC_MFA_AMR_VALUES = [
    "mfa",
    "otp",
    "hwk",
    "swk",
    "fido",
    # ADFS names a sign-in with more than one method this way.
    "http://schemas.microsoft.com/claims/multipleauthn",
]
TEMPLATES[0]["OPTIONS"]["context_processors"].append("learning.oidc.sso_context")
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("learning.oidc.Backend")
