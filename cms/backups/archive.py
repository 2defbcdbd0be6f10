"""The archive: one tar file holding the database, the media files and a manifest.

Layout: `database.sqlite3` (SQLite's online backup) or `database.pgdump`
(`pg_dump --format=custom`), `media/<storage name>` for every file the
database refers to, then `manifest.json` and its own sha256 last. A file cut
short therefore lacks its manifest, and every member is checked against the
manifest's sha256 before anything is restored.
"""

import contextlib
import hashlib
import io
import json
import os
import tarfile
import time
from pathlib import Path

from django.db.migrations.loader import MigrationLoader

FORMAT = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.json.sha256"
MEDIA_PREFIX = "media/"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """Why an archive is refused; nothing has been changed."""


class HashingReader:
    """Reads a file object through, keeping the sha256 and size of what went by."""

    def __init__(self, raw):
        self.raw = raw
        self.sha = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        self.sha.update(chunk)
        self.size += len(chunk)
        return chunk


class FileSink:
    """The archive's bytes, written to a hidden file in the target folder and
    renamed only once complete and on disk, so a failure (a full disk) leaves no
    half archive under an archive's name and the earlier archives untouched."""

    def __init__(self, path: Path):
        self.path = path
        self.temp = path.with_name(f".{path.name}.partial")
        # Stays open across writes; commit() or abort() closes it.
        self.file = open(self.temp, "xb")  # noqa: SIM115

    def write(self, data) -> int:
        return self.file.write(data)

    def tell(self) -> int:
        return self.file.tell()

    def commit(self) -> int:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.temp, self.path)
        directory = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
        return self.path.stat().st_size

    def abort(self) -> None:
        # The disk may be full, so closing may fail; the file goes anyway.
        with contextlib.suppress(OSError):
            self.file.close()
        self.temp.unlink(missing_ok=True)


class ArchiveWriter:
    """Writes the tar stream into a sink (a FileSink, or an S3 multipart upload),
    which makes the archive visible under its name only in `commit()`."""

    def __init__(self, sink):
        self.sink = sink
        self.tar = tarfile.open(fileobj=sink, mode="w", format=tarfile.PAX_FORMAT)  # noqa: SIM115
        self.files: dict[str, dict] = {}

    def add(self, name: str, fileobj, size: int) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(time.time()), 0o644
        reader = HashingReader(fileobj)
        self.tar.addfile(info, reader)
        self.files[name] = {"sha256": reader.sha.hexdigest(), "size": size}

    def add_bytes(self, name: str, data: bytes) -> None:
        self.add(name, io.BytesIO(data), len(data))

    def commit(self, manifest: dict) -> int:
        data = json.dumps({**manifest, "files": self.files}, indent=1, sort_keys=True).encode()
        self.add_bytes(MANIFEST, data)
        self.add_bytes(MANIFEST_SUM, hashlib.sha256(data).hexdigest().encode())
        self.tar.close()
        return self.sink.commit()

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.tar.close()
        self.sink.abort()


def manifest_read(path: Path) -> dict:
    """The manifest, if the archive is whole: refuses files cut short or altered."""
    try:
        with tarfile.open(path, mode="r:") as tar:
            members = {member.name: member for member in tar.getmembers()}
            if MANIFEST not in members or MANIFEST_SUM not in members:
                raise ArchiveError(
                    f"{path} has no manifest: the archive is truncated or not a backup archive."
                )
            data = tar.extractfile(members[MANIFEST]).read()
            expected = tar.extractfile(members[MANIFEST_SUM]).read().decode().strip()
    except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError) as error:
        raise ArchiveError(f"{path} is not a readable backup archive: {error}") from error
    if hashlib.sha256(data).hexdigest() != expected:
        raise ArchiveError(f"{path}: the manifest does not match its checksum (corrupt).")
    try:
        manifest = json.loads(data)
    except ValueError as error:
        raise ArchiveError(f"{path}: the manifest is not valid JSON (corrupt).") from error
    missing = {"format", "installation", "migrations", "counts", "database", "files"} - set(
        manifest if isinstance(manifest, dict) else ()
    )
    if missing:
        raise ArchiveError(f"{path}: the manifest lacks {', '.join(sorted(missing))}.")
    if manifest["format"] > FORMAT:
        raise ArchiveError(
            f"{path} was written in archive format {manifest.get('format')}; "
            f"this version reads format {FORMAT} and older."
        )
    return manifest


def members_verify(path: Path, manifest: dict, *, extract=None) -> None:
    """Reads every member once, comparing it with the manifest's sha256 and size.
    `extract(name, chunks)` receives each verified-as-it-goes member's data; its
    result only counts when this function returns without an ArchiveError."""
    expected = manifest["files"]
    seen = set()
    try:
        with tarfile.open(path, mode="r:") as tar:
            for member in tar:
                if member.name in (MANIFEST, MANIFEST_SUM):
                    continue
                if member.name not in expected or not member.isfile():
                    raise ArchiveError(f"{path}: {member.name!r} is not in the manifest.")
                source = tar.extractfile(member)
                sha = hashlib.sha256()
                chunks = iter(lambda s=source: s.read(CHUNK), b"")

                def checked(chunks=chunks, sha=sha):
                    for chunk in chunks:
                        sha.update(chunk)
                        yield chunk

                if extract:
                    extract(member.name, checked())
                else:
                    for _ in checked():
                        pass
                if sha.hexdigest() != expected[member.name]["sha256"]:
                    raise ArchiveError(
                        f"{path}: {member.name!r} does not match its checksum (corrupt)."
                    )
                seen.add(member.name)
    except (tarfile.TarError, EOFError, OSError) as error:
        raise ArchiveError(f"{path} is damaged: {error}") from error
    missing = set(expected) - seen
    if missing:
        raise ArchiveError(f"{path} lacks {len(missing)} files of its manifest (truncated).")


def unknown_migrations(manifest: dict) -> list[str]:
    """Migrations the archive's database has that this code does not know: the
    archive comes from a newer version, whose schema this one cannot run."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(
        f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known
    )


def archive_check(path: Path) -> dict:
    """The manifest of an archive that is whole, intact and of a schema this code
    knows; ArchiveError says why otherwise."""
    path = Path(path)
    if not path.is_file():
        raise ArchiveError(f"{path} does not exist.")
    manifest = manifest_read(path)
    newer = unknown_migrations(manifest)
    if newer:
        raise ArchiveError(
            f"{path} comes from a newer schema; this code lacks the migrations "
            f"{', '.join(newer[:5])}{' …' if len(newer) > 5 else ''}. Upgrade first."
        )
    members_verify(path, manifest)
    return manifest
