"""The worker's backups and restore drills (planned by scheduling.py)."""

from django_tasks import task

from .runs import backup_run, drill_run


@task()
def backup_scheduled() -> bool:
    """A failure is recorded and e-mailed rather than raised: the task ran."""
    return backup_run(notify=True).ok


@task()
def drill_scheduled() -> bool:
    return drill_run(notify=True).ok
