"""Settings for the pytest suite (see pyproject.toml)."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-used-anywhere-else"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cms-test-media-"))
WAGTAILADMIN_BASE_URL = "http://testserver"
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
}
# Tasks run in-process so a test sees their effect; tests that need a real
# worker override TASKS themselves.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api"},
}
# The webhook tests run their receiver on 127.0.0.1.
PUBLISHING_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1/128"]
# Tests of two-factor login turn it on with override_settings; the rest of the
# suite signs in with force_login and tests other things.
TWO_FACTOR_REQUIRED = False
