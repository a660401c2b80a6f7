"""Settings shared by every environment, read from the environment.

Without DATABASE_URL the portal runs on SQLite; without REDIS_URL it uses a
local-memory cache and a file-system Celery broker, so a fresh machine needs no
server at all. See `.env.example` for every variable.
"""

import datetime
from pathlib import Path

import environ
import xstatic.pkg.leaflet as _leaflet
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)  # the embedded database, broker and uploads live here

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-change-me-" + "x" * 20)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_ID = 1
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "partnership.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "guardian",
    "simple_history",
    "django_filters",
    "django_celery_beat",
    "common",
    "partnership",
    "stakeholders",
    "workinggroups",
    "committee",
    "meetings",
    "documents",
    "activities",
    "news",
    "search",
    "monitoring",
    "notifications",
    "reports",
    "api",
    "benchmarks",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_prometheus",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # Answers visitors from the page cache before anything else runs but the
    # metrics; a stored page keeps the headers the middleware below it added
    # (security headers, the policy) and each hit gets its own request id
    # (common/pagecache.py, whose WSGI front answers most hits before this).
    "common.pagecache.PageCacheMiddleware",
    "common.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "common.middleware.UserTimezoneMiddleware",
    "common.names.NameScopeMiddleware",
    "common.middleware.StorageUnavailableMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "partnership.urls"
WSGI_APPLICATION = "partnership.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let the web process and the Celery worker
    # share the embedded database without "database is locked" errors.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# The same engines, counting queries, errors and their time for /metrics
# (django-prometheus).
DATABASES["default"]["ENGINE"] = DATABASES["default"]["ENGINE"].replace(
    "django.db.backends.", "django_prometheus.db.backends."
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Redis --------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache; a Redis restart makes it a miss, not a 500.
            "BACKEND": "common.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="portal"),
        }
    }
    # Sessions read from Redis, written through to the database: no session
    # query on a signed-in page. Only with a cache that every process shares
    # (a per-process cache would keep a signed-out session alive elsewhere).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery -----------------------------------------------------------------
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
# Without Redis the broker is a folder on disk: a worker with beat still runs.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "celery-broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # A task taken but not acknowledged (acks_late) by a worker that died goes
    # back to the queue after this many seconds. It must exceed the longest
    # retry countdown, or a waiting retry is delivered twice (harmless, as
    # tasks are idempotent, but wasteful). Tests shorten it to a few seconds.
    # https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html#visibility-timeout
    _visibility_timeout = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": _visibility_timeout}
    if _visibility_timeout < 60:
        # kombu looks for such tasks only every 100 s by default.
        CELERY_BROKER_TRANSPORT_OPTIONS |= {
            "unacked_restore_interval": 1,
            "unacked_restore_throttle": 1,
        }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic tasks live in the database (partnership/schedules.py creates the
# defaults after migrate), where the secretariat sees and changes them in the
# admin. Left empty: the DatabaseScheduler would write these entries over the
# admin's changes every time beat starts.
CELERY_BEAT_SCHEDULE = {}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# --- Authentication ---------------------------------------------------------
AUTH_USER_MODEL = "partnership.User"
AUTHENTICATION_BACKENDS = [
    # Signs people in (allauth); answers no permission (partnership/backends.py).
    "partnership.backends.SignInBackend",
    # One authorisation module: scoped roles answer every portal permission...
    "common.authz.ScopedRoleBackend",
    # ...and django-guardian answers per-object grants on top of them.
    "common.authz.CachedObjectPermissionBackend",
]
# guardian's check looks for its own backend by name; ours is a subclass of it
# (common.authz.CachedObjectPermissionBackend), so the warning is moot.
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]
# No guardian "AnonymousUser" row: anonymous visitors never hold object grants.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

# https://docs.allauth.org/en/latest/account/configuration.html
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# One subject prefix for every mail: the portal's (notifications.mail), allauth's
# account mails and the errors mailed to the admins.
EMAIL_SUBJECT_PREFIX = env("EMAIL_SUBJECT_PREFIX", default="[Partnership Portal] ")
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
ACCOUNT_FORMS = {"signup": "partnership.forms.SignupForm"}
ACCOUNT_ADAPTER = "partnership.adapters.AccountAdapter"
# Login throttling: failed attempts per IP and per account, plus allauth's
# defaults for sign-up, confirmation and reset mails.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("LOGIN_RATE_LIMIT", default="10/m/ip,5/300s/key"),
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/180s/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Partnership Portal"
# How long the emailed link for a first two-factor enrolment works (minutes).
ADMIN_ENROLMENT_LINK_MINUTES = env.int("ADMIN_ENROLMENT_LINK_MINUTES", default=15)

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("ru", "Русский"),
    ("ko", "한국어"),
    ("ja", "日本語"),
    ("mn", "Монгол хэл"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers follow the active language; partnership/formats fills in
# what Django's own Mongolian formats lack.
FORMAT_MODULE_PATH = ["partnership.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# Venue and member time zones offered in the profile, most used first.
PORTAL_TIME_ZONES = [
    ("Asia/Shanghai", _("Beijing (UTC+8)")),
    ("Asia/Vladivostok", _("Vladivostok (UTC+10)")),
    ("Asia/Seoul", _("Seoul (UTC+9)")),
    ("Asia/Tokyo", _("Tokyo (UTC+9)")),
    ("Asia/Pyongyang", _("Pyongyang (UTC+9)")),
    ("Asia/Ulaanbaatar", _("Ulaanbaatar (UTC+8)")),
    ("Asia/Harbin", _("Harbin (UTC+8)")),
    ("Europe/Moscow", _("Moscow (UTC+3)")),
    ("Asia/Bangkok", _("Bangkok (UTC+7)")),
    ("Europe/London", _("London")),
    ("America/New_York", _("New York")),
    ("UTC", _("UTC")),
]

# --- Static and media files -------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
# Leaflet comes from PyPI (XStatic-Leaflet) and is served by the portal
# itself at /static/vendor/leaflet/: no CDN.
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor/leaflet", _leaflet.BASE_DIR)]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 behaviour now: "example.org" means https
WHITENOISE_USE_FINDERS = True  # serve straight from static/ when collectstatic has not run
# Documents are stored outside MEDIA_ROOT and only served by a checking view.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private-media"))
# Where uploaded files live (common/storage.py): "local" (the two folders
# above, the default of `make run`) or "s3" (S3-compatible object storage
# through django-storages: AWS S3, MinIO, ...), the shared store of several
# web nodes and workers. Every object is private: documents and import files
# are streamed by the views that check access; logos and photos by /media/.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
FILE_STORAGE = env("FILE_STORAGE", default="s3" if AWS_STORAGE_BUCKET_NAME else "local")
if FILE_STORAGE == "s3":
    # https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
    from botocore.config import Config as _BotoConfig

    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)  # MinIO: http://minio:9000
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default="us-east-1")
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default=None)  # None: boto3's own chain
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default=None)
    AWS_S3_ADDRESSING_STYLE = env("AWS_S3_ADDRESSING_STYLE", default="path")
    AWS_S3_SIGNATURE_VERSION = "s3v4"
    AWS_S3_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger downloads spool to a temporary file
    # An unreachable store fails a request in seconds, not minutes.
    AWS_S3_CLIENT_CONFIG = _BotoConfig(
        connect_timeout=env.float("AWS_S3_CONNECT_TIMEOUT", default=3),
        read_timeout=env.float("AWS_S3_READ_TIMEOUT", default=30),
        retries={"max_attempts": env.int("AWS_S3_MAX_ATTEMPTS", default=2), "mode": "standard"},
    )
    STORAGES = {
        "default": {"BACKEND": "common.storage.MediaS3Storage"},
        "private": {"BACKEND": "common.storage.PrivateS3Storage"},
    }
else:
    STORAGES = {
        "default": {"BACKEND": "common.storage.PublicFileSystemStorage"},
        "private": {"BACKEND": "common.storage.PrivateFileSystemStorage"},
    }
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=25 * 1024 * 1024)
DOCUMENT_LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("ru", "Русский"),
    ("ko", "한국어"),
    ("ja", "日本語"),
    ("mn", "Монгол"),
]
# Uploads: a logo may be at most this many bytes.
PORTAL_MAX_LOGO_BYTES = env.int("PORTAL_MAX_LOGO_BYTES", default=2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploads go to a temporary file
# Monitoring imports (monitoring/imports.py, services.py): files up to
# INLINE_BYTES (a workbook: unzipped) are imported while the uploader waits,
# larger ones by Celery; a running import silent for STALE_SECONDS lost its
# worker and is taken over. A workbook unzipping to more than UNPACKED_BYTES,
# or declaring more rows, columns or cells than the limits, is refused before
# a row is read; rows are read streaming and the reading stops at the limits,
# in the web request and in the worker alike.
MONITORING_IMPORT_MAX_BYTES = env.int("MONITORING_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
MONITORING_IMPORT_MAX_UNPACKED_BYTES = env.int(
    "MONITORING_IMPORT_MAX_UNPACKED_BYTES", default=100 * 1024 * 1024
)
MONITORING_IMPORT_INLINE_BYTES = env.int("MONITORING_IMPORT_INLINE_BYTES", default=256 * 1024)
MONITORING_IMPORT_MAX_ROWS = env.int("MONITORING_IMPORT_MAX_ROWS", default=100_000)
MONITORING_IMPORT_MAX_COLUMNS = env.int("MONITORING_IMPORT_MAX_COLUMNS", default=50)
MONITORING_IMPORT_MAX_CELLS = env.int("MONITORING_IMPORT_MAX_CELLS", default=2_000_000)
MONITORING_IMPORT_STALE_SECONDS = env.int("MONITORING_IMPORT_STALE_SECONDS", default=600)

# --- Email ------------------------------------------------------------------
# EMAIL_URL examples: smtp://user:pass@host:587?tls=True, consolemail://
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Partnership Portal <portal@neaspec.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A stuck mail server must not hold a worker forever (Django's default: no timeout).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# --- Notifications (notifications/) ----------------------------------------------
# Mail tasks retry SMTP and connection errors with exponential backoff:
# base * 2**retry seconds (capped), with random jitter unless switched off.
NOTIFICATIONS_RETRY_BACKOFF = env.int("NOTIFICATIONS_RETRY_BACKOFF", default=60)
# The cap stays well below the broker's visibility timeout (CELERY_VISIBILITY_TIMEOUT,
# 3600 s): a retry waits in a worker, unacknowledged, until its countdown ends, and
# one waiting longer than the timeout is handed to a second worker as well.
NOTIFICATIONS_RETRY_BACKOFF_MAX = env.int("NOTIFICATIONS_RETRY_BACKOFF_MAX", default=1800)
NOTIFICATIONS_RETRY_JITTER = env.bool("NOTIFICATIONS_RETRY_JITTER", default=True)
NOTIFICATIONS_MAX_RETRIES = env.int("NOTIFICATIONS_MAX_RETRIES", default=8)
# A "sending" claim older than this is taken to be a dead worker's (keep it
# above EMAIL_TIMEOUT): see notifications/claims.py.
NOTIFICATIONS_CLAIM_TIMEOUT = env.int("NOTIFICATIONS_CLAIM_TIMEOUT", default=300)
# A reminder more than this late (worker or beat down) is skipped, not sent.
NOTIFICATIONS_REMINDER_LATE_LIMIT = env.int("NOTIFICATIONS_REMINDER_LATE_LIMIT", default=6 * 3600)
# Unsubscribe links in mails work this long (seconds).
NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE = env.int(
    "NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE", default=180 * 24 * 3600
)
NOTIFICATIONS_DIGEST_BATCH_SIZE = 500

# --- Security ---------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Portal -----------------------------------------------------------------
# Map tiles: any XYZ tile source; empty for no tiles (markers and the list
# still show). Tiles are the only thing the map loads from elsewhere.
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="© OpenStreetMap contributors")

# --- Content-Security-Policy (django-csp) -------------------------------------
# Every response carries it. Scripts only from the portal itself: no inline
# script anywhere (the API docs use Swagger UI's split view, whose init script
# is a separate request). Styles allow 'unsafe-inline' because templates keep a
# few style="" attributes (and Swagger UI's page an inline <style>); scripts
# never do. Images: the portal and data: URLs (Leaflet's and Swagger UI's
# icons); the map page adds its tile server's origin (activities.browse).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Where browsers send violation reports (optional; e.g. a monitoring endpoint).
if CSP_REPORT_URI := env("CSP_REPORT_URI", default=""):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [CSP_REPORT_URI]
# /metrics answers only requests with `Authorization: Bearer <METRICS_TOKEN>`
# (a 404 for everyone else, and for everyone when it is empty). With several
# gunicorn workers set PROMETHEUS_MULTIPROC_DIR to an empty folder per node
# (prometheus_client's multiprocess mode) so the numbers add up.
METRICS_TOKEN = env("METRICS_TOKEN", default="")
# Public pages for visitors who are not signed in are cached this long (0: off).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=60)
# Each server process keeps its most asked cached pages in memory too (this
# many) and asks the shared cache whether content changed at most this often:
# a change made through another process or machine reaches every page within
# that time (common/pagecache.py). A reverse proxy may hold a page longer.
PAGE_CACHE_PROCESS_ENTRIES = env.int("PAGE_CACHE_PROCESS_ENTRIES", default=128)
PAGE_CACHE_RECHECK_SECONDS = env.float("PAGE_CACHE_RECHECK_SECONDS", default=1.0)
# Parts of pages made of content (filter widgets, headline figures, totals),
# kept under the content version for at most this long (common/fragments.py).
CONTENT_BLOCK_CACHE_SECONDS = env.int("CONTENT_BLOCK_CACHE_SECONDS", default=60)
DEMO_PASSWORD = env("DEMO_PASSWORD", default="tiger-leopard-demo")
DIRECTORY_PAGE_SIZE = 20

# --- REST API (api/) ----------------------------------------------------------
# https://www.django-rest-framework.org/api-guide/settings/
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.PersonalTokenAuthentication",
        # The browser (and /api/docs/) with the site's session, CSRF checked.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.StrictJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PagePagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "api.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    # Throttles count in the configured cache (Redis in production).
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonymousThrottle",
        "api.throttling.SignedInThrottle",
        "api.throttling.WriteThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anonymous": env("API_RATE_ANONYMOUS", default="60/min"),
        "signed_in": env("API_RATE_SIGNED_IN", default="600/min"),
        "write": env("API_RATE_WRITE", default="60/min"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Largest JSON body the API reads; more is refused with 413 before parsing.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=256 * 1024)
API_MAX_JSON_DEPTH = env.int("API_MAX_JSON_DEPTH", default=64)
# https://drf-spectacular.readthedocs.io/en/latest/settings.html
SPECTACULAR_SETTINGS = {
    "TITLE": "Partnership Portal API",
    "DESCRIPTION": (
        "Public data of the NEASPEC Partnership for Tiger and Leopard Conservation, "
        "and writes for signed-in partners within their permissions on the site. "
        "Authenticate with a personal API token from your profile: "
        "`Authorization: Token <secret>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ActivityKindEnum": "activities.models.Activity.Kind",
        "MeetingKindEnum": "meetings.models.Meeting.Kind",
    },
    # The UI's assets come from the portal's own /static/ (drf-spectacular-sidecar).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_links",
        "api.schema.slug_patterns",
    ],
}

# Every line carries the id of the request (or of the task, which inherits the
# id of the request that queued it): common/requestid.py. LOG_FORMAT=json
# writes one JSON object a line (the default in production).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "common.requestid.RequestIdFilter"}},
    "formatters": {
        "console": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "console",
        },
        "json": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "json"},
    },
    "root": {
        "handlers": [env("LOG_FORMAT", default="console")],
        "level": env("LOG_LEVEL", default="INFO"),
    },
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
# The worker logs through LOGGING above (JSON, request ids), not its own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- The partnership's start ---------------------------------------------------
# Figures recorded before it (seed 000's 2012 Hunchun patrol totals, the 2012
# leopard count) are its baseline: shown as such, with their source and year,
# never counted as its achievements (monitoring.models.PublishedRecord.is_baseline).
# Seed 000 §55: the process was to be launched "from late 2012 or early 2013".
PARTNERSHIP_STARTED_ON = datetime.date.fromisoformat(
    env("PARTNERSHIP_STARTED_ON", default="2013-01-01")
)
