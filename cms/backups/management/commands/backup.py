from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cms.backups.archive import ArchiveError
from cms.backups.create import backup_create
from cms.backups.models import BackupRun
from cms.backups.runs import run_record


class Command(BaseCommand):
    help = (
        "Writes one archive of the database and the media files, with a manifest, "
        "into BACKUP_DIR (or --to), and keeps the newest BACKUP_KEEP."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", dest="directory", help="folder for the archive")
        parser.add_argument("--keep", type=int, help="archives to keep (BACKUP_KEEP)")

    def handle(self, *args, directory=None, keep=None, **options):
        started = timezone.now()
        try:
            result = backup_create(
                directory=directory, keep=keep, progress=lambda m: self.stderr.write(m)
            )
        except (ArchiveError, OSError) as error:
            run_record(
                kind=BackupRun.Kind.BACKUP,
                started_at=started,
                ok=False,
                archive=None,
                size=None,
                message=str(error),
            )
            raise CommandError(
                f"Backup failed: {error}. No archive was written; earlier ones are untouched."
            ) from error
        for name in result.missing:
            self.stderr.write(f"Missing from the media storage: {name}")
        run_record(
            kind=BackupRun.Kind.BACKUP,
            started_at=started,
            ok=not result.missing,
            archive=result.path,
            size=result.size,
            message=result.summary(),
        )
        self.stdout.write(result.summary())
