"""The media part: the files the database snapshot refers to, from whichever
storage holds them (the filesystem or S3, through Django's storage API)."""

import hashlib
from collections.abc import Callable, Iterator

from django.core.files import File
from django.core.files.storage import Storage, default_storage

from .archive import MEDIA_PREFIX, ArchiveWriter


def media_add(
    writer: ArchiveWriter,
    names: set[str],
    progress: Callable[[str], None],
    storage: Storage = default_storage,
) -> list[str]:
    """Adds each file to the archive; returns the names that were missing.

    Files are read after the database snapshot, so a file uploaded meanwhile
    is simply not referred to and not taken; a file the snapshot refers to is
    never deleted by a publish (Wagtail deletes files only with their image
    or document), so only a deletion racing the backup can make one missing,
    and the manifest then says so.
    """
    missing = []
    total = len(names)
    for done, name in enumerate(sorted(names), start=1):
        try:
            size = storage.size(name)
            with storage.open(name, "rb") as file:
                writer.add(MEDIA_PREFIX + name, file, size)
        except FileNotFoundError:
            missing.append(name)
        if done % 200 == 0 or done == total:
            progress(f"  media {done}/{total}")
    return missing


def storage_walk(storage: Storage = default_storage, directory: str = "") -> Iterator[str]:
    directories, files = storage.listdir(directory)
    for name in files:
        yield f"{directory}/{name}" if directory else name
    for sub in directories:
        yield from storage_walk(storage, f"{directory}/{sub}" if directory else sub)


def file_sha256(storage: Storage, name: str) -> str:
    sha = hashlib.sha256()
    with storage.open(name, "rb") as file:
        for chunk in iter(lambda: file.read(1024 * 1024), b""):
            sha.update(chunk)
    return sha.hexdigest()


def media_put(name: str, fileobj, sha256: str, storage: Storage = default_storage) -> bool:
    """Puts the archived file under its own name; False when it was there already."""
    if storage.exists(name):
        if file_sha256(storage, name) == sha256:
            return False
        storage.delete(name)
    saved = storage.save(name, File(fileobj, name=name))
    if saved != name:
        storage.delete(saved)
        raise OSError(f"The storage would not store {name!r} under its own name ({saved!r}).")
    return True


def media_prune(keep: set[str], storage: Storage = default_storage) -> int:
    """Deletes every file not in the archive: the store ends up as archived."""
    removed = 0
    try:
        names = list(storage_walk(storage))
    except FileNotFoundError:
        return 0
    for name in names:
        if name not in keep:
            storage.delete(name)
            removed += 1
    return removed
