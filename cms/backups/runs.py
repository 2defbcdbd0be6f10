"""What the dashboard shows and who hears of a failure: every backup and drill,
by command or by the worker, leaves a BackupRun; a failure e-mails the site's
administrators (ADMINS, and every active superuser with an address)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import DatabaseError
from django.utils import timezone

from .archive import ArchiveError
from .create import PruneError, backup_create
from .drill import backup_verify
from .models import BackupRun
from .stores import archive_newest

logger = logging.getLogger(__name__)


def run_record(
    *, kind: str, started_at, ok: bool, archive, size: int | None, message: str
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


def backup_run(*, notify: bool, progress=None, **options) -> BackupRun:
    """A backup, recorded; a failure is e-mailed when `notify` (the worker's runs:
    a person at the command line sees it anyway)."""
    started = timezone.now()
    failure = None
    try:
        result = backup_create(progress=progress, **options)
    except PruneError as error:
        failure = str(error)
    except (ArchiveError, OSError, DatabaseError) as error:
        failure = f"{error}. No archive was written; earlier ones are untouched."
    if failure:
        run = run_record(
            kind=BackupRun.Kind.BACKUP,
            started_at=started,
            ok=False,
            archive=None,
            size=None,
            message=failure,
        )
    else:
        missing = "".join(f"\nMissing from the media storage: {name}" for name in result.missing)
        run = run_record(
            kind=BackupRun.Kind.BACKUP,
            started_at=started,
            ok=not result.missing,
            archive=result.path,
            size=result.size,
            message=result.summary() + missing,
        )
    if notify and not run.ok:
        failure_notify(run)
    return run


def drill_run(location=None, *, notify: bool, progress=None) -> BackupRun:
    """The restore drill of an archive, recorded: `location` names one (a file or
    an s3:// URL), or a folder or s3:// prefix whose newest archive is taken
    (BACKUP_DIR by default)."""
    started = timezone.now()
    try:
        archive = archive_newest(location)
    except (ArchiveError, OSError) as error:
        archive, problem = (
            None,
            f"The archives in {location or settings.BACKUP_DIR} cannot be listed: {error}",
        )
    else:
        problem = f"No archive to verify in {location or settings.BACKUP_DIR}."
    if archive is None:
        run = run_record(
            kind=BackupRun.Kind.DRILL,
            started_at=started,
            ok=False,
            archive=None,
            size=None,
            message=problem,
        )
    else:
        result = backup_verify(archive, progress=progress)
        run = run_record(
            kind=BackupRun.Kind.DRILL,
            started_at=started,
            ok=result.ok,
            archive=result.archive,
            size=None,
            message="\n".join([result.summary(), *result.problems]),
        )
    if notify and not run.ok:
        failure_notify(run)
    return run
