"""Which accounts and addresses django-axes holds locked, and unlocking them."""

import logging
from dataclasses import dataclass

from axes.conf import settings
from axes.models import AccessAttempt
from axes.utils import reset
from django.db.models import Max, Sum
from django.utils import timezone

logger = logging.getLogger("cms.security")


@dataclass
class Lockout:
    kind: str  # "username" or "ip_address"
    value: str
    failures: int
    last_attempt: object


def lockouts_list() -> list[Lockout]:
    """Accounts and addresses at or past the failure limit within the cool-off,
    counted as django-axes counts them (failures summed per account and per address)."""
    attempts = AccessAttempt.objects.all()
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    lockouts = []
    for kind in ("username", "ip_address"):
        rows = (
            attempts.exclude(**{f"{kind}__isnull": True})
            .values(kind)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
            .order_by("-last")
        )
        lockouts += [Lockout(kind, row[kind], row["failures"], row["last"]) for row in rows]
    return lockouts


def lockout_release(*, kind: str, value: str, by) -> int:
    removed = reset(**{"username" if kind == "username" else "ip": value})
    logger.warning("Login lockout lifted: %s=%r by=%r", kind, value, by.get_username())
    return removed
