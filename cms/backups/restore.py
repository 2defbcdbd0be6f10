"""Putting an archive back: the database and the media store, as archived.

Everything that can refuse an archive (its checksums, its format, its schema,
its installation, the database it can go into) is checked before the first
change. Then the media files are written (added, never deleted yet), the
database is replaced in one transaction, and only then are media files that
the archive does not have removed: a restore that fails half-way leaves the
old database and every old file.
"""

import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connections
from wagtail.models import Revision

from . import database
from .archive import MEDIA_PREFIX, ArchiveError, manifest_read, members_verify, unknown_migrations
from .media import media_prune, media_put
from .models import Installation
from .stores import archive_fetched


@dataclass
class RestoreResult:
    rows: int
    files_written: int
    files_removed: int
    seconds: float

    def summary(self) -> str:
        return (
            f"Restored {self.rows} rows; {self.files_written} media files written, "
            f"{self.files_removed} removed; {self.seconds:.1f} s."
        )


def installation_is_empty() -> bool:
    """A fresh installation: no user accounts and no page revisions yet."""
    return not get_user_model().objects.exists() and not Revision.objects.exists()


def archive_admit(path: Path, *, force: bool = False) -> dict:
    """The manifest of an archive this installation may restore; ArchiveError otherwise."""
    manifest = manifest_read(path)
    newer = unknown_migrations(manifest)
    if newer:
        raise ArchiveError(
            f"{path} comes from a newer schema; this code lacks the migrations "
            f"{', '.join(newer[:5])}{' …' if len(newer) > 5 else ''}. Upgrade the code first."
        )
    vendor, live = manifest["database"]["vendor"], connections["default"].vendor
    if vendor == "postgresql" and live != "postgresql":
        raise ArchiveError(f"{path} holds a PostgreSQL database; it restores into PostgreSQL only.")
    here = str(Installation.objects.values_list("id", flat=True).first())
    if manifest["installation"] != here and not force and not installation_is_empty():
        raise ArchiveError(
            f"{path} comes from another installation ({manifest['installation']}, this is "
            f"{here}) and this one has content. Use --force to replace it anyway."
        )
    return manifest


def archive_unpack(path: Path, manifest: dict, directory: Path, *, media: bool) -> Path:
    """Checks every member against the manifest, writing the database (and the
    media files when `media`) into `directory`; returns the database file."""
    member = manifest["database"]["member"]

    def extract(name, chunks):
        if name == member or (media and name.startswith(MEDIA_PREFIX)):
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as file:
                for chunk in chunks:
                    file.write(chunk)
        else:
            for _ in chunks:
                pass

    members_verify(path, manifest, extract=extract)
    return directory / member


def database_put(manifest: dict, dump: Path) -> None:
    vendor, live = manifest["database"]["vendor"], connections["default"].vendor
    if vendor == "sqlite" and live == "sqlite":
        database.sqlite_restore(dump)
    elif vendor == "sqlite":
        database.migrate("default")
        with database.sqlite_database("backup_source", dump):
            database.migrate("backup_source")
            database.rows_copy("backup_source", "default")
        database.search_index_rebuild()
    else:
        # Its own open transaction would hold locks the restore waits for.
        connections["default"].close()
        database.pg_restore(connections["default"].settings_dict, dump)
    database.migrate("default")


def backup_restore(location, *, force: bool = False, confirm=None, progress=None):
    """Restores the archive at `location` (a file, or an s3:// URL downloaded to a
    temporary file first); `confirm(manifest)` may still say no after every check."""
    progress = progress or (lambda message: None)
    started = time.monotonic()
    with archive_fetched(location, progress) as path:
        return archive_restore(path, started, force=force, confirm=confirm, progress=progress)


def archive_restore(path: Path, started: float, *, force: bool, confirm, progress):
    manifest = archive_admit(path, force=force)
    files = {
        name.removeprefix(MEDIA_PREFIX): entry["sha256"]
        for name, entry in manifest["files"].items()
        if name.startswith(MEDIA_PREFIX)
    }
    with tempfile.TemporaryDirectory(prefix="cms-restore-") as work:
        progress("Checking every file of the archive against its manifest …")
        dump = archive_unpack(path, manifest, Path(work), media=False)
        if confirm and not confirm(manifest):
            return None
        progress(f"Writing {len(files)} media files …")
        written = 0
        with tarfile.open(path, mode="r:") as tar:
            for member in tar:
                if member.name.startswith(MEDIA_PREFIX):
                    name = member.name.removeprefix(MEDIA_PREFIX)
                    written += media_put(name, tar.extractfile(member), files[name])
        progress("Replacing the database …")
        database_put(manifest, dump)
    removed = media_prune(set(files))
    for cache in caches.all():
        cache.clear()
    return RestoreResult(
        rows=sum(manifest["counts"].values()),
        files_written=written,
        files_removed=removed,
        seconds=time.monotonic() - started,
    )
