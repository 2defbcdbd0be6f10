"""Who this installation is, and what its backups and restore drills did last."""

import uuid

from django.db import models


class Installation(models.Model):
    """One row, created by the first migration: the identity an archive carries.

    It lives in the database rather than in a setting, so a restore brings it
    back with the data (the restored site is the same installation), and a
    fresh machine, whose row is new, is told apart from the one that made
    the archive.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.id)


class BackupRun(models.Model):
    """The outcome of one backup or restore drill, for the dashboard and the alerts."""

    class Kind(models.TextChoices):
        BACKUP = "backup", "Backup"
        DRILL = "drill", "Restore drill"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    ok = models.BooleanField()
    archive = models.CharField(max_length=500, blank=True)
    size = models.BigIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-finished_at"]
        indexes = [models.Index(fields=["kind", "-finished_at"], name="backups_run_latest")]

    def __str__(self) -> str:
        outcome = "ok" if self.ok else "failed"
        return f"{self.get_kind_display()} {self.finished_at:%Y-%m-%d %H:%M}: {outcome}"


class BackupSchedule(models.Model):
    """One row: when the worker runs the next backup and the next drill."""

    next_backup_at = models.DateTimeField(null=True, blank=True)
    next_drill_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"next backup {self.next_backup_at}, next drill {self.next_drill_at}"
