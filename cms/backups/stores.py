"""Where archives live: a folder, or a bucket and prefix on S3 (s3.py). Both
make an archive visible under its name only once it is complete."""

import contextlib
import fnmatch
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from .archive import FileSink
from .s3 import Bucket, is_s3

ARCHIVE_GLOB = "backup-*.tar"


def is_archive_name(name: str) -> bool:
    return fnmatch.fnmatchcase(name, ARCHIVE_GLOB)


def archive_name(location) -> str:
    return str(location).rstrip("/").rsplit("/", 1)[-1]


class Folder:
    def __init__(self, path):
        self.path = Path(path)
        # Scratch files go on the archives' own disk: a full disk fails early.
        self.work_dir = self.path

    def url(self, name: str) -> Path:
        return self.path / name

    def prepare(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)

    def sink(self, name: str, progress) -> FileSink:
        return FileSink(self.path / name)

    def archives(self, pattern) -> list[Path]:
        return sorted(path for path in self.path.glob("*") if pattern(path.name))

    def remove(self, path) -> None:
        Path(path).unlink(missing_ok=True)

    @contextlib.contextmanager
    def fetched(self, path, progress) -> Iterator[Path]:
        yield Path(path)


def store_for(location=None) -> Folder | Bucket:
    """The store of a folder or s3:// URL (BACKUP_DIR by default)."""
    location = location or settings.BACKUP_DIR
    return Bucket(location) if is_s3(location) else Folder(location)


def store_of_archive(location) -> Folder | Bucket:
    return store_for(str(location).rsplit("/", 1)[0] if is_s3(location) else Path(location).parent)


@contextlib.contextmanager
def archive_fetched(location, progress=None) -> Iterator[Path]:
    """A local file of the archive at `location` (a path or an s3:// URL), for
    the checks and the restore, which read files."""
    progress = progress or (lambda message: None)
    with store_of_archive(location).fetched(location, progress) as path:
        yield path


def archives(location=None) -> list:
    """The archives in a folder or under an S3 prefix, oldest first (their
    names sort by time)."""
    return store_for(location).archives(is_archive_name)


def archive_newest(location=None):
    """`location` itself when it names an archive, else the newest archive in
    that folder or under that prefix (BACKUP_DIR by default); None if there is none."""
    if location is not None:
        named = is_archive_name(archive_name(location)) if is_s3(location) else None
        if named or (named is None and not Path(location).is_dir()):
            return location
    found = archives(location)
    return found[-1] if found else None
