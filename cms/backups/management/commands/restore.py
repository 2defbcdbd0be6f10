from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from cms.backups.archive import ArchiveError
from cms.backups.restore import backup_restore


class Command(BaseCommand):
    help = (
        "Brings the database and the media store back to the state of an archive. "
        "Refuses (and changes nothing) when the archive is corrupt, truncated, from "
        "another installation or from a newer schema."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="archive file or s3://bucket/prefix/backup-….tar")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore an archive of another installation over this one's content",
        )

    def handle(self, *args, archive, interactive=True, force=False, **options):
        def confirm(manifest) -> bool:
            if not interactive:
                return True
            answer = input(
                f"This replaces the whole database and media store with the archive of "
                f"{manifest['created_at']} ({sum(manifest['counts'].values())} rows). "
                "Type 'yes' to continue: "
            )
            return answer.strip().lower() == "yes"

        try:
            result = backup_restore(
                archive, force=force, confirm=confirm, progress=lambda m: self.stderr.write(m)
            )
        except ArchiveError as error:
            raise CommandError(f"Restore refused: {error}") from error
        except (OSError, DatabaseError) as error:
            raise CommandError(
                f"Restore failed: {error}. The database was rolled back; media files "
                "of the archive may have been written, none were deleted."
            ) from error
        if result is None:
            raise CommandError("Restore cancelled; nothing was changed.")
        self.stdout.write(result.summary())
