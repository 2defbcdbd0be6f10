"""Production: refuses to start without the values a deployment must set."""

import os
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, VAR_DIR, env_bool

for required in ("SECRET_KEY", "ALLOWED_HOSTS", "WAGTAILADMIN_BASE_URL"):
    if not os.environ.get(required):
        raise ImproperlyConfigured(f"{required} must be set in the environment for production.")

# The placeholder of .env.example, and anything Django's deploy check would call
# weak, would let anyone forge sessions, password-reset links and preview tokens.
SECRET_KEY_PLACEHOLDER = "change-me-to-50-random-characters"  # noqa: S105
KEY_ADVICE = 'generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
if SECRET_KEY == SECRET_KEY_PLACEHOLDER:  # noqa: F405
    raise ImproperlyConfigured(f"SECRET_KEY is the placeholder from .env.example; {KEY_ADVICE}.")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:  # noqa: F405
    raise ImproperlyConfigured(
        f"SECRET_KEY must be at least 50 characters, with at least 5 different ones; {KEY_ADVICE}."
    )
# Invitation and password-reset e-mails link here; the development default
# (127.0.0.1) would send editors to their own machine.
_admin_url = urlsplit(WAGTAILADMIN_BASE_URL)  # noqa: F405
if _admin_url.scheme not in {"http", "https"} or not _admin_url.hostname:
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL must be the admin's public address, e.g. https://cms.agency.example."
    )

DEBUG = False

# Without Redis, a cache in one worker's memory would keep serving what
# another worker just purged; a file cache is shared by every process of
# one server. Several servers need REDIS_URL.
if not os.environ.get("REDIS_URL"):
    _cache_dir = Path(os.environ.get("CACHE_DIR", str(VAR_DIR / "cache")))
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(_cache_dir / alias),
        }
        for alias in ("default", "api")
    }
# Behind a load balancer that terminates TLS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
# Off unless the deployment opts in. The app servers answer on the agency's
# host and on its clients' hostnames (ALLOWED_HOSTS); a header that covers a
# client's subdomains forces HTTPS for a year on hosts the agency does not run
# (a shop, webmail, an old http-only page), and preloading goes further: the
# domain is compiled into browsers and leaving the list takes months. Set them
# where every subdomain of every host served is HTTPS for good; the deploy
# check's reminders (W005, W021) are silenced while they are off, by decision.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if SECURE_HSTS_PRELOAD and not SECURE_HSTS_INCLUDE_SUBDOMAINS:
    raise ImproperlyConfigured(
        "SECURE_HSTS_PRELOAD needs SECURE_HSTS_INCLUDE_SUBDOMAINS: browsers preload only "
        "domains whose every subdomain is HTTPS."
    )
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
SECURE_CONTENT_TYPE_NOSNIFF = True
# The app servers serve the collected static files themselves (WhiteNoise),
# so production needs no separate static file server.
MIDDLEWARE = [
    MIDDLEWARE[0],  # noqa: F405 - SecurityMiddleware stays first
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],  # noqa: F405
]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# One JSON object per line on stdout, for the container's log collector: time,
# level, logger, message, the request id (django-guid) and any `extra=` fields,
# secrets masked (cms/operations/logs.py).
LOGGING = {
    **LOGGING,
    "filters": {
        **LOGGING["filters"],
        "request_id": {"()": "django_guid.log_filters.CorrelationId"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(correlation_id)s",
            # ISO 8601 in UTC, whatever TIME_ZONE the process runs in.
            "timestamp": "time",
            "rename_fields": {
                "levelname": "level",
                "name": "logger",
                "correlation_id": "request_id",
            },
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id", "redact"],
            "formatter": "json",
        },
    },
}
