"""Production: everything secret comes from the environment; HTTPS only.

Refuses to start half-configured (ImproperlyConfigured at import, before a
request is served): without a real mail backend, an https:// SITE_URL, Redis
(the cache, sessions and throttles shared by every web node) or the settings
of its file storage. Passes `manage.py check --deploy` with no warnings once
they are set (see `make check`).
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    AWS_STORAGE_BUCKET_NAME,
    EMAIL_BACKEND,
    FILE_STORAGE,
    LOGGING,
    REDIS_URL,
    REST_FRAMEWORK,
    SITE_URL,
    STORAGES,
    env,
)

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# Hashed, compressed static files; the reverse proxy (docker-compose.yml)
# serves them from the shared `static` volume, whitenoise when there is none.
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

# Sessions in the database with a Redis cache in front: every web node sees
# every session, and a Redis restart costs a database read, not a sign-out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# How many reverse proxies stand in front (docker-compose.yml: nginx, 1): the
# client's address is taken from X-Forwarded-For that many hops back, for the
# sign-in rate limits (allauth) and the API throttles (DRF).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if ALLAUTH_TRUSTED_PROXY_COUNT:
    REST_FRAMEWORK["NUM_PROXIES"] = ALLAUTH_TRUSTED_PROXY_COUNT
# Logs: one JSON object a line, with the request id (common/requestid.py).
LOGGING["root"]["handlers"] = [env("LOG_FORMAT", default="json")]  # "json" or "console"

# --- Refuse to start half-configured ----------------------------------------
PLACEHOLDER_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


def configuration_problems(environ):
    """What production lacks, in words an operator can act on (empty: fine)."""
    problems = []
    if not environ.get("EMAIL_URL") or EMAIL_BACKEND in PLACEHOLDER_MAIL_BACKENDS:
        problems.append(
            "EMAIL_URL must name a real mail server (smtp://user:password@host:587?tls=True); "
            "without it password-reset links would only be printed to the log."
        )
    site = urlsplit(SITE_URL)
    if site.scheme != "https" or not site.hostname:
        problems.append(
            f"SITE_URL must be the portal's https:// address (got {SITE_URL!r}); "
            "links in mails and feeds are built from it."
        )
    if not REDIS_URL:
        problems.append(
            "REDIS_URL must be set: the cache, sessions, throttles and the Celery broker "
            "are shared by every web node and worker through it."
        )
    if FILE_STORAGE == "s3":
        if not AWS_STORAGE_BUCKET_NAME:
            problems.append("FILE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
        if bool(environ.get("AWS_ACCESS_KEY_ID")) != bool(environ.get("AWS_SECRET_ACCESS_KEY")):
            problems.append("Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither.")
    elif FILE_STORAGE == "local":
        missing = [name for name in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT") if not environ.get(name)]
        if missing:
            problems.append(
                "File storage is not configured: set AWS_STORAGE_BUCKET_NAME (with "
                "AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) for object "
                "storage, or FILE_STORAGE=local with "
                + " and ".join(missing)
                + " on a volume (one machine only)."
            )
    else:
        problems.append(f"FILE_STORAGE must be 's3' or 'local' (got {FILE_STORAGE!r}).")
    return problems


if _problems := configuration_problems(env.ENVIRON):
    raise ImproperlyConfigured("Production settings are incomplete:\n- " + "\n- ".join(_problems))
