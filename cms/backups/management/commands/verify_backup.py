from django.core.management.base import BaseCommand, CommandError

from cms.backups.runs import drill_run


class Command(BaseCommand):
    help = (
        "The restore drill: restores an archive (a file or s3:// URL; given a folder or "
        "s3://bucket/prefix, the newest there; BACKUP_DIR by default) "
        "into a scratch database and media folder and checks it against its manifest "
        "and the delivery API. The live site is not touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", nargs="?", help="archive, folder or s3:// URL (default: BACKUP_DIR)"
        )

    def handle(self, *args, archive=None, **options):
        run = drill_run(archive, notify=False, progress=lambda m: self.stderr.write(m))
        if not run.ok:
            raise CommandError(run.message)
        self.stdout.write(run.message)
