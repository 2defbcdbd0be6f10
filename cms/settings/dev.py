"""Local development: works with no environment variables set."""

import os
import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool, env_list

DEBUG = True
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")


def _dev_secret_key() -> str:
    # A random key kept beside the dev database: sessions survive restarts,
    # and no secret is ever committed.
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = SECRET_KEY or _dev_secret_key()  # noqa: F405
# E-mails are printed unless a mail server is named (a local catcher, or a test's).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# A frontend under development listens on this machine.
PUBLISHING_WEBHOOK_ALLOWED_NETWORKS = env_list(
    "PUBLISHING_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128"
)
# `make run` signs in with a password only; set TWO_FACTOR_REQUIRED=true to try enrolment.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)
