"""The worker backs up daily and drills weekly by itself, superusers see how the
last ones went, and a failure reaches the site's administrators by e-mail."""

import re
from datetime import timedelta

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.backups.models import BackupRun, BackupSchedule
from cms.backups.runs import backup_run
from cms.backups.scheduling import backup_scheduler_ensure
from cms.backups.stores import archives
from cms.management.commands.db_worker import upkeep_check
from tests.backups.conftest import committed

pytestmark = committed


def make_due(field: str) -> None:
    BackupSchedule.objects.update(**{field: timezone.now() - timedelta(seconds=1)})


def test_worker_backs_up_daily_and_drills_weekly(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    assert backup_scheduler_ensure() == []
    assert BackupSchedule.objects.get().next_backup_at > timezone.now()

    make_due("next_backup_at")
    upkeep_check()
    assert len(archives(tmp_path)) == 1
    assert BackupRun.objects.get(kind="backup").ok
    next_backup = BackupSchedule.objects.get().next_backup_at - timezone.now()
    assert timedelta(hours=23) < next_backup <= timedelta(days=1)
    assert backup_scheduler_ensure() == []

    make_due("next_drill_at")
    assert backup_scheduler_ensure() == ["drill_scheduled"]
    assert BackupRun.objects.get(kind="drill").ok
    next_drill = BackupSchedule.objects.get().next_drill_at - timezone.now()
    assert timedelta(days=6) < next_drill <= timedelta(days=7)


def test_a_schedule_set_off_runs_nothing(settings, tmp_path):
    settings.BACKUP_DIR, settings.BACKUP_SCHEDULE = tmp_path, "off"
    backup_scheduler_ensure()
    make_due("next_backup_at")
    backup_scheduler_ensure()
    assert archives(tmp_path) == []
    assert BackupSchedule.objects.get().next_backup_at is None


def test_a_failed_scheduled_backup_emails_the_administrators(settings, tmp_path, django_user_model):
    settings.ADMINS = [("Operations", "ops@agency.example")]
    django_user_model.objects.create_superuser("admin", "admin@agency.example", "long-passphrase")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the backup folder should be")
    settings.BACKUP_DIR = blocked
    backup_scheduler_ensure()
    make_due("next_backup_at")

    backup_scheduler_ensure()

    assert not BackupRun.objects.get(kind="backup").ok
    (message,) = mail.outbox
    assert sorted(message.to) == ["admin@agency.example", "ops@agency.example"]
    assert "Backup failed" in message.subject
    assert "not-a-folder" in message.body


def test_a_failed_drill_emails_the_administrators(settings, tmp_path):
    settings.ADMINS = [("Operations", "ops@agency.example")]
    settings.BACKUP_DIR = tmp_path  # no archive in it to verify
    backup_scheduler_ensure()
    make_due("next_drill_at")

    backup_scheduler_ensure()

    (message,) = mail.outbox
    assert "Restore drill failed" in message.subject
    assert "No archive" in message.body


def test_superusers_see_the_last_backup_and_drill_on_the_dashboard(admin_user, owner, tmp_path):
    backup_run(notify=False, directory=tmp_path)
    BackupRun.objects.create(
        kind="drill",
        started_at=timezone.now(),
        finished_at=timezone.now(),
        ok=False,
        message="wagtailcore.page: 3 rows restored, 4 archived",
    )
    superuser, editor = Client(), Client()
    superuser.force_login(admin_user)
    editor.force_login(owner)
    page = superuser.get(reverse("wagtailadmin_home")).content.decode()
    assert "Last backup" in page
    # Its size, in whatever unit fits (a PostgreSQL dump of a bare site is small).
    assert re.search(r"Last backup.*?<td>[\d,.]+\W+(bytes|Bytes|KB|MB)</td>", page, re.DOTALL)
    assert "3 rows restored, 4 archived" in page

    assert "Last backup" not in editor.get(reverse("wagtailadmin_home")).content.decode()
