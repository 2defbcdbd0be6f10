import pytest
from django.conf import settings
from django.core.management import call_command

from cms.backups.stores import archives

# Backups read the database from other connections and processes (pg_dump), and
# restores replace it: every test commits. The rows the migrations made come
# back after each test (serialized_rollback), for the tests that run later.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)

on_postgresql = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="PostgreSQL only (pg_dump, a second process publishing)",
)


@pytest.fixture
def backup(tmp_path):
    """Runs `manage.py backup` into a folder of the test; returns the new archive."""

    def backup(directory=None, **options):
        directory = directory or tmp_path / "archives"
        call_command("backup", to=str(directory), **options)
        return archives(directory)[-1]

    return backup


def archive_with_manifest(archive, target, change) -> None:
    """A copy of the archive whose manifest `change(manifest)` edited, with a
    matching checksum: what another version of this code would have written."""
    import hashlib
    import io
    import json
    import tarfile

    with tarfile.open(archive) as source, tarfile.open(target, "w") as copy:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                checksum = hashlib.sha256(data).hexdigest().encode()
            elif member.name == "manifest.json.sha256":
                data = checksum
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """A media store of this test's own: a restore makes the store exactly the
    archive's, so files of earlier tests must not be in it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
