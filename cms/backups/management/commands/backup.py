from django.core.management.base import BaseCommand, CommandError

from cms.backups.runs import backup_run


class Command(BaseCommand):
    help = (
        "Writes one archive of the database and the media files, with a manifest, "
        "into BACKUP_DIR (or --to: a folder or s3://bucket/prefix), and keeps the "
        "newest BACKUP_KEEP there."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", dest="directory", help="folder or s3://bucket/prefix for the archive"
        )
        parser.add_argument("--keep", type=int, help="archives to keep (BACKUP_KEEP)")

    def handle(self, *args, directory=None, keep=None, **options):
        run = backup_run(
            notify=False, directory=directory, keep=keep, progress=lambda m: self.stderr.write(m)
        )
        if not run.ok:
            raise CommandError(f"Backup failed: {run.message}")
        self.stdout.write(run.message)
