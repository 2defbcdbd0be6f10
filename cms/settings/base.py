"""Settings shared by every environment.

Every value that differs between deployments is read from the environment;
`.env.example` lists them. Each integration (PostgreSQL, Redis, S3) switches
on when its variable is present, so a fresh checkout runs with none set.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms",
    "cms.content",
    "cms.api",
    "cms.publishing",
    "cms.operations",
    "cms.backups",
    "cms.booking",
    "cms.shop",
    # Gapless invoice numbers for the shop.
    "sequences",
    "media_pipeline",
    "sites",
    "cms.security",
    # Second factors: TOTP apps, single-use recovery codes and passkeys.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "csp",
    # The translation editor and synced translations; its locales app
    # replaces wagtail.locales in the admin.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # django-ninja's own copy of Swagger UI for /api/v1/docs, instead of a CDN
    # that the Content-Security-Policy would refuse.
    "ninja",
    "rest_framework",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "django_guid",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The request id (X-Request-ID) of every log line, before anything logs.
    "django_guid.middleware.guid_middleware",
    # /healthz and /readyz, whatever the Host header (cms/operations/middleware.py).
    "cms.operations.middleware.HealthCheckMiddleware",
    "cms.security.csp.ContentSecurityPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Before sessions and auth: a cached API response needs neither.
    "cms.api.cache.ApiCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Picks the language of Wagtail's own page serving from the /en/ prefix
    # (cms/urls.py); the delivery API takes the locale from the path it is asked for.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before anything that serves an admin page: no verified device, no admin.
    "cms.security.middleware.TwoFactorRequiredMiddleware",
    "sites.middleware.SiteIsolationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "cms.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# SQLite in var/ unless DATABASE_URL names another database (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
# SQLite: every transaction takes the write lock when it begins (BEGIN
# IMMEDIATE), so a check-then-write such as a booking's runs under the single
# writer's lock, and a reader never fails to upgrade to a writer mid-way.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory unless REDIS_URL is set; several app servers need the shared Redis.
# Two aliases on the same Redis: "default" (Wagtail's own caching, rate limits)
# ignores an outage, which then only costs speed; "api", the delivery API's
# response cache, reports it, because cms.api.cache must know when a purge
# did not happen. Short timeouts: a hung Redis must not hang requests.
if os.environ.get("REDIS_URL"):
    _redis_options = {
        "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
        "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
    }
    CACHES = {
        alias: {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cms"),
            "OPTIONS": {**_redis_options, "IGNORE_EXCEPTIONS": ignore},
        }
        for alias, ignore in (("default", True), ("api", False))
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "api": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "delivery-api",
        },
    }

# Background work (webhooks, renditions, Wagtail's reference index) goes
# through django-tasks; the database backend needs no extra service and is
# drained by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


# Two-factor authentication (cms.security): every admin user, client editors
# too, needs a verified TOTP app, recovery code or passkey. On unless the
# environment turns it off; dev.py and test.py default to off.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
TWO_FACTOR_RECOVERY_CODES = 10

# Lockout after failed logins (django-axes), by account and, separately, by
# the client's address as the trusted proxies report it (cms.security.client_ip),
# so one visitor behind the load balancer never locks out the others.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "cms.security.client_ip.client_address"
AXES_LOCKOUT_CALLABLE = "cms.security.views.locked_out"
# A lockout ends by itself after this many minutes, or at once when a
# superuser unlocks it (Settings → Locked logins).
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_RESET_ON_SUCCESS = True
# Only failures are worth a row; a row per successful login would grow forever.
AXES_DISABLE_ACCESS_LOG = True
# No Django admin here: the unlock screen is in Wagtail's admin.
AXES_ENABLE_ADMIN = False


def env_languages(name: str, default: str) -> list[tuple[str, str]]:
    """ "de:Deutsch,en:English" as Django's [(code, name), …]."""
    languages = []
    for item in env_list(name, default):
        code, _, label = item.partition(":")
        languages.append((code.strip().lower(), label.strip() or code.strip()))
    return languages


# The languages content can be written in (wagtail-localize translates
# between them); each client site publishes all or some of them (its site
# settings). The first one is the default unless LANGUAGE_CODE says otherwise.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES = env_languages("CONTENT_LANGUAGES", "de:Deutsch,en:English")
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", WAGTAIL_CONTENT_LANGUAGES[0][0])
# A new translation starts as a draft, even of a published page: otherwise
# wagtail-localize publishes a copy still in the original language at once,
# a silent fall-back to another language under /en/. It goes live when the
# translator publishes it.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Media on S3 (or an S3-compatible service) when a bucket is configured.
# Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, which
# boto3 reads from the environment itself. Backups to an s3:// BACKUP_DIR use
# the same endpoint, region and credentials (cms/backups/s3.py).
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "region_name": AWS_S3_REGION_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH"),
            "file_overwrite": False,
        },
    }

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cms@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Page editors can hold many StreamField blocks; Django's default of 1,000
# form fields is too few for a long page.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Small-business CMS")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Passkeys (django-otp-webauthn) belong to the admin's host name; browsers
# allow them on https origins and on http://localhost.
_admin_url = urlsplit(WAGTAILADMIN_BASE_URL)
_admin_is_https = _admin_url.scheme == "https"
# Left empty (as in .env.example), they follow WAGTAILADMIN_BASE_URL.
OTP_WEBAUTHN_RP_ID = os.environ.get("OTP_WEBAUTHN_RP_ID") or (
    _admin_url.hostname if _admin_is_https else "localhost"
)
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("OTP_WEBAUTHN_ALLOWED_ORIGINS") or [
    f"https://{_admin_url.netloc}" if _admin_is_https else "http://localhost:8000"
]
# Passkeys are a second factor after the password, never instead of it:
# a password login is what django-axes counts.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
WAGTAILIMAGES_IMAGE_MODEL = "media_pipeline.CustomImage"
# Uploads are validated and stripped of personal metadata by the pipeline's
# form (media_pipeline/validation.py). Phone photos are often 10-25 MB, more
# than Wagtail's default limit of 10 MB.
WAGTAILIMAGES_IMAGE_FORM_BASE = "media_pipeline.forms.ImageForm"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "heic", "heif", "jpeg", "jpg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("IMAGES_MAX_UPLOAD_MB", "40")) * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("IMAGES_MAX_MEGAPIXELS", "128")) * 1_000_000
MEDIA_PIPELINE_MAX_FRAMES = int(os.environ.get("IMAGES_MAX_FRAMES", "200"))
# Seconds after which a worker's claim to render a rendition counts as left
# behind by a dead worker, and another worker renders it.
MEDIA_PIPELINE_CLAIM_TIMEOUT = int(os.environ.get("IMAGES_RENDER_CLAIM_SECONDS", "600"))
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# The admin loads nothing from other hosts (Content-Security-Policy): no
# Gravatar avatars (which would also tell Gravatar who works here) and no
# release check against wagtail.org; upgrades follow requirements.txt.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Delivery API (cms.api)
# Seconds an answer is kept; 0 turns the response cache off (ETags stay).
DELIVERY_API_CACHE_TIMEOUT = int(os.environ.get("DELIVERY_API_CACHE_TIMEOUT", str(24 * 3600)))
# Clients and CDNs may keep a response but must revalidate it (a cheap 304),
# so a publish is visible at once everywhere.
# Search answers are kept briefly: every random search term would be an entry.
DELIVERY_API_SEARCH_CACHE_TIMEOUT = int(os.environ.get("DELIVERY_API_SEARCH_CACHE_TIMEOUT", "60"))
DELIVERY_API_CACHE_CONTROL = os.environ.get("DELIVERY_API_CACHE_CONTROL", "public, no-cache")
# Form submissions per client address and form: (count, seconds).
DELIVERY_API_FORM_RATE_LIMIT = (
    int(os.environ.get("DELIVERY_API_FORM_RATE_LIMIT", "5")),
    int(os.environ.get("DELIVERY_API_FORM_RATE_WINDOW", "600")),
)
# Which images the media pipeline's on-demand rendition URLs may serve.
MEDIA_PIPELINE_IMAGE_IS_PUBLIC = "cms.api.pages.image_is_public"
# How many proxies (load balancer, CDN) stand in front and append to
# X-Forwarded-For; 0 trusts only the connection's own address.
DELIVERY_API_TRUSTED_PROXIES = int(os.environ.get("DELIVERY_API_TRUSTED_PROXIES", "0"))
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")

# Publishing (cms.publishing): webhooks, preview tokens, scheduled publishing, export.
# Changes within this many seconds of the first one go out as one delivery per endpoint.
PUBLISHING_WEBHOOK_DEBOUNCE = float(os.environ.get("PUBLISHING_WEBHOOK_DEBOUNCE", "10"))
PUBLISHING_WEBHOOK_TIMEOUT = float(os.environ.get("PUBLISHING_WEBHOOK_TIMEOUT", "10"))
# A delivery still "sending" this long after its attempt began lost its worker
# (killed mid-POST); the worker's upkeep sends it again, with the same event id.
PUBLISHING_WEBHOOK_LEASE = float(
    os.environ.get("PUBLISHING_WEBHOOK_LEASE", str(2 * PUBLISHING_WEBHOOK_TIMEOUT + 30))
)
# Attempts per delivery; the wait doubles from PUBLISHING_WEBHOOK_BACKOFF seconds.
PUBLISHING_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("PUBLISHING_WEBHOOK_MAX_ATTEMPTS", "6"))
PUBLISHING_WEBHOOK_BACKOFF = float(os.environ.get("PUBLISHING_WEBHOOK_BACKOFF", "30"))
# Webhooks never go to loopback, private, link-local or metadata addresses
# unless they fall into one of these networks (e.g. "10.0.0.5/32" for an
# internal build server).
PUBLISHING_WEBHOOK_ALLOWED_NETWORKS = env_list("PUBLISHING_WEBHOOK_ALLOWED_NETWORKS")
PUBLISHING_PREVIEW_TOKEN_MAX_AGE = int(os.environ.get("PUBLISHING_PREVIEW_TOKEN_MAX_AGE", "1800"))
# How often the worker publishes and unpublishes pages whose time has come.
PUBLISHING_SCHEDULE_INTERVAL = int(os.environ.get("PUBLISHING_SCHEDULE_INTERVAL", "60"))
# A background task still "running" this long belongs to a worker that died
# (kill -9, out of memory); the upkeep puts it back in the queue. Longer than
# any task takes: tasks are idempotent, but a double run wastes work.
TASKS_RUNNING_LEASE = int(os.environ.get("TASKS_RUNNING_LEASE", "900"))
# Booking (cms.booking): how long a hold keeps a slot, and how long intake
# answers are kept after the appointment before they are erased (data protection).
BOOKING_HOLD_MINUTES = int(os.environ.get("BOOKING_HOLD_MINUTES", "10"))
BOOKING_INTAKE_RETENTION_DAYS = int(os.environ.get("BOOKING_INTAKE_RETENTION_DAYS", "180"))
PUBLISHING_EXPORT_CHUNK_SIZE = int(os.environ.get("PUBLISHING_EXPORT_CHUNK_SIZE", "100"))
CORS_URLS_REGEX = r"^/api/.*$"

# A load balancer accepts a sane X-Request-ID (a UUID or 32 hex digits) or
# gets a new one; it is on every log line of the request and in the response.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    # CORS headers are corsheaders' business (CORS_EXPOSE_HEADERS), not this library's.
    "EXPOSE_HEADER": False,
}
# Probes of the load balancer come over plain HTTP (cms/operations/middleware.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Backups (cms.backups): where archives go (a folder, or s3://bucket/prefix), how
# many are kept, how often the worker makes one (hourly, daily, weekly or off; the
# restore drill runs weekly). An s3:// URL stays a string: Path would mangle it.
BACKUP_DIR = os.environ.get("BACKUP_DIR") or VAR_DIR / "backups"
if not str(BACKUP_DIR).startswith("s3://"):
    BACKUP_DIR = Path(BACKUP_DIR)
BACKUP_KEEP = int(os.environ.get("BACKUP_KEEP", "7"))
BACKUP_SCHEDULE = os.environ.get("BACKUP_SCHEDULE", "daily")
BACKUP_DRILL_SCHEDULE = os.environ.get("BACKUP_DRILL_SCHEDULE", "weekly")
# Content-Security-Policy (django-csp): only this origin's scripts, styles,
# frames and forms, plus images from the media storage. The admin adds what
# Wagtail needs (cms.security.csp); the delivery API answers JSON only.
_media_origins = [
    origin
    for origin in (
        f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}"
        if os.environ.get("AWS_S3_CUSTOM_DOMAIN")
        else "",
        os.environ.get("AWS_S3_ENDPOINT_URL", ""),
        "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if "://" in MEDIA_URL else "",
    )
    if origin
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *_media_origins],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        # The video block's players (cms/content/blocks.py), in previews and pages.
        "frame-src": [
            "'self'",
            *env_list(
                "CSP_FRAME_SOURCES",
                "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com",
            ),
        ],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Passwords, tokens, secrets and session ids never reach a log (cms/operations/logs.py).
    "filters": {"redact": {"()": "cms.operations.logs.RedactingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Wagtail logs every page action and django-tasks every task at INFO; the
    # admin's audit log and the task results keep them anyway.
    "loggers": {
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
        "django_tasks": {"level": os.environ.get("TASKS_LOG_LEVEL", "WARNING")},
        # It says at INFO, on every request, whether the header came.
        "django_guid": {"level": "WARNING"},
        # Its banner at every start and each failed login are INFO; lockouts
        # are warnings, and cms.security logs unlocks.
        "axes": {"level": "WARNING"},
    },
}

# The shop (cms.shop). Card payments are offered when STRIPE_SECRET_KEY is set.
SHOP_ORDER_EXPIRY_MINUTES = int(os.environ.get("SHOP_ORDER_EXPIRY_MINUTES", "30"))
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
# Only for tests and local development against a fake Stripe (localstripe).
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
