"""Making an archive, and keeping only the newest BACKUP_KEEP of them."""

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

from . import database
from .archive import DATABASE_MEMBERS, FORMAT, ArchiveError, ArchiveWriter
from .media import media_add
from .models import Installation
from .stores import archive_name, is_archive_name, store_for


class PruneError(OSError):
    """The new archive is complete; removing old ones failed."""


@dataclass
class BackupResult:
    path: Path | str
    size: int
    rows: int
    files: int
    missing: list[str]
    pruned: list
    seconds: float

    def summary(self) -> str:
        missing = f", {len(self.missing)} referenced files MISSING" if self.missing else ""
        return (
            f"Backup {archive_name(self.path)}: {self.size / 1_048_576:.1f} MB, {self.rows} rows, "
            f"{self.files} media files{missing}, {len(self.pruned)} old archives removed, "
            f"{self.seconds:.1f} s."
        )


def snapshot_state(connection) -> dict:
    """What the manifest says about one snapshot, read from that snapshot."""
    return {
        "installation": str(
            Installation.objects.using(connection.alias).values_list("id", flat=True).first()
        ),
        "migrations": database.applied_migrations(connection),
        "counts": database.row_counts(connection),
        "references": database.file_references(connection),
    }


def backup_create(*, directory=None, keep: int | None = None, progress=None):
    """Writes one archive of the database and its media files into `directory`
    (BACKUP_DIR: a folder or s3://bucket/prefix), then removes the oldest beyond
    `keep` (BACKUP_KEEP), once the new one is complete."""
    progress = progress or (lambda message: None)
    store = store_for(directory)
    keep = settings.BACKUP_KEEP if keep is None else keep
    store.prepare()
    started, now = time.monotonic(), timezone.now()
    name = f"backup-{now:%Y%m%dT%H%M%S%f}Z.tar"
    vendor = connections["default"].vendor
    if vendor not in DATABASE_MEMBERS:
        raise ArchiveError(f"Backups of {vendor} databases are not supported.")
    writer = ArchiveWriter(store.sink(name, progress))
    try:
        with tempfile.TemporaryDirectory(dir=store.work_dir, prefix=".backup-work-") as work:
            dump = Path(work) / DATABASE_MEMBERS[vendor]
            if vendor == "sqlite":
                progress("Copying the database (SQLite online backup) …")
                database.sqlite_snapshot(dump)
                with database.sqlite_database("backup_snapshot", dump) as connection:
                    state = snapshot_state(connection)
            else:
                with database.pg_snapshot() as (connection, snapshot):
                    state = snapshot_state(connection)
                    progress("Dumping the database (pg_dump, one snapshot) …")
                    database.pg_dump(connection, snapshot, dump)
            with open(dump, "rb") as file:
                writer.add(DATABASE_MEMBERS[vendor], file, dump.stat().st_size)
        references = state.pop("references")
        progress(f"Copying {len(references)} media files …")
        missing = media_add(writer, references, progress)
        size = writer.commit(
            {
                "format": FORMAT,
                "created_at": now.isoformat(),
                "database": {"vendor": vendor, "member": DATABASE_MEMBERS[vendor]},
                "missing_files": missing,
                **state,
            }
        )
    except BaseException:
        writer.abort()
        raise
    try:
        pruned = archives_prune(store, keep)
    except OSError as error:
        raise PruneError(
            f"{store.url(name)} was written, but old archives could not be removed: {error}"
        ) from error
    return BackupResult(
        path=store.url(name),
        size=size,
        rows=sum(state["counts"].values()),
        files=len(references) - len(missing),
        missing=missing,
        pruned=pruned,
        seconds=time.monotonic() - started,
    )


def archives_prune(store, keep: int) -> list:
    old = store.archives(is_archive_name)[: -keep or None] if keep > 0 else []
    for archive in old:
        store.remove(archive)
    return old
