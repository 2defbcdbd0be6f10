from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cms.backups.create import archives
from cms.backups.drill import backup_verify
from cms.backups.models import BackupRun
from cms.backups.runs import run_record


class Command(BaseCommand):
    help = (
        "The restore drill: restores an archive (the newest in BACKUP_DIR by default) "
        "into a scratch database and media folder and checks it against its manifest "
        "and the delivery API. The live site is not touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?")

    def handle(self, *args, archive=None, **options):
        started = timezone.now()
        if archive is None:
            found = archives()
            if not found:
                raise CommandError("No archive to verify in BACKUP_DIR.")
            archive = found[-1]
        result = backup_verify(Path(archive), progress=lambda m: self.stderr.write(m))
        run_record(
            kind=BackupRun.Kind.DRILL,
            started_at=started,
            ok=result.ok,
            archive=result.archive,
            size=None,
            message="\n".join([result.summary(), *result.problems]),
        )
        for problem in result.problems:
            self.stderr.write(problem)
        if not result.ok:
            raise CommandError(result.summary())
        self.stdout.write(result.summary())
