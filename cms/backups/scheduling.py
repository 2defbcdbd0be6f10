"""When the worker backs up and runs the restore drill.

The worker's upkeep watch (cms/management/commands/db_worker.py), which
already keeps the publishing upkeep alive, calls `backup_scheduler_ensure()`
every PUBLISHING_SCHEDULE_INTERVAL seconds: no cron and no second scheduler.
Backups sit beside publishing in the layers and import nothing of it; the
entry point calls both. The row in BackupSchedule, locked while it is read,
makes one worker of several enqueue a due run, once.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import BackupSchedule
from .tasks import backup_scheduled, drill_scheduled

INTERVALS = {"hourly": 3600, "daily": 24 * 3600, "weekly": 7 * 24 * 3600}
# A new installation gets its first backup an hour after its worker first
# starts, and its first drill an hour after that.
FIRST_BACKUP = timedelta(hours=1)
FIRST_DRILL = timedelta(hours=2)


def schedule_interval(value: str) -> timedelta | None:
    """'hourly', 'daily', 'weekly', a number of seconds, or 'off' (None)."""
    value = str(value).strip().lower()
    if value in ("", "off", "never", "0"):
        return None
    return timedelta(seconds=INTERVALS[value] if value in INTERVALS else int(value))


def backup_scheduler_ensure() -> list[str]:
    """Enqueues the backup and the drill whose time has come; their names."""
    now = timezone.now()
    plans = (
        ("next_backup_at", settings.BACKUP_SCHEDULE, FIRST_BACKUP, backup_scheduled),
        ("next_drill_at", settings.BACKUP_DRILL_SCHEDULE, FIRST_DRILL, drill_scheduled),
    )
    due = []
    with transaction.atomic():
        state, _ = BackupSchedule.objects.select_for_update().get_or_create(pk=1)
        for field, schedule, first, job in plans:
            interval = schedule_interval(schedule)
            planned = getattr(state, field)
            if interval is None:
                setattr(state, field, None)
            elif planned is None:
                setattr(state, field, now + first)
            elif planned <= now:
                setattr(state, field, now + interval)
                due.append(job)
        state.save()
        for job in due:
            transaction.on_commit(job.enqueue)
    return [job.name for job in due]
