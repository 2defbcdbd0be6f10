"""What the dashboard shows and who hears of a failure: every backup and drill,
by command or by the worker, leaves a BackupRun; a failure e-mails the site's
administrators (ADMINS, and every active superuser with an address)."""

import logging
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import timezone

from .models import BackupRun

logger = logging.getLogger(__name__)


def run_record(
    *, kind: str, started_at, ok: bool, archive: Path | None, size: int | None, message: str
) -> BackupRun:
    return BackupRun.objects.create(
        kind=kind,
        started_at=started_at,
        finished_at=timezone.now(),
        ok=ok,
        archive=str(archive or ""),
        size=size,
        message=message[:10_000],
    )


def administrators() -> list[str]:
    addresses = {address for _, address in settings.ADMINS}
    addresses.update(
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(addresses)


def failure_notify(run: BackupRun) -> None:
    """Never raises: the failure itself is already recorded."""
    recipients = administrators()
    if not recipients:
        logger.error("%s failed and nobody could be told: %s", run.get_kind_display(), run.message)
        return
    try:
        send_mail(
            f"[{settings.WAGTAIL_SITE_NAME}] {run.get_kind_display()} failed",
            f"{run.get_kind_display()} failed at {run.finished_at:%Y-%m-%d %H:%M %Z}.\n\n"
            f"{run.message}\n\nArchive: {run.archive or '(none)'}\n",
            settings.SERVER_EMAIL,
            recipients,
        )
    except Exception:
        logger.exception("Could not e-mail the administrators about a failed %s.", run.kind)


def last_runs() -> dict[str, BackupRun | None]:
    return {
        kind: BackupRun.objects.filter(kind=kind).order_by("-finished_at").first()
        for kind in BackupRun.Kind.values
    }
