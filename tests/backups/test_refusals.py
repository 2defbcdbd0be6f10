"""An archive that cannot be trusted is refused with the reason, and the site
stays exactly as it was."""

import tarfile
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page

from cms.backups.models import Installation
from tests.backups.conftest import archive_with_manifest, committed
from tests.backups.content import media_files, model_rows, site_build

pytestmark = committed


@pytest.fixture
def site_and_archive(backup):
    content = site_build()
    archive = backup()
    # The site moves on after the backup; a refused restore must keep this state.
    content["kitchen"].delete()
    return archive


def refused(archive, *, match: str, **options):
    rows, files = model_rows(), media_files(settings.MEDIA_ROOT)
    with pytest.raises(CommandError, match=match):
        call_command("restore", str(archive), interactive=False, **options)
    assert model_rows() == rows
    assert media_files(settings.MEDIA_ROOT) == files


def test_corrupted_archive_changes_nothing(site_and_archive, tmp_path):
    data = bytearray(site_and_archive.read_bytes())
    # A byte in the middle: inside a media file or the database, not the manifest.
    data[len(data) // 2] ^= 0xFF
    corrupt = tmp_path / "corrupt.tar"
    corrupt.write_bytes(bytes(data))
    refused(corrupt, match="corrupt|damaged")


def test_truncated_archive_changes_nothing(site_and_archive, tmp_path):
    data = site_and_archive.read_bytes()
    with tarfile.open(site_and_archive) as tar:
        last = tar.getmembers()[-1]
    # Cut in the middle, and inside the very last member (the manifest's checksum).
    for keep in (len(data) // 2, last.offset_data + 10):
        truncated = tmp_path / f"truncated-{keep}.tar"
        truncated.write_bytes(data[:keep])
        refused(truncated, match="truncated|not a readable")


def test_archive_of_another_installation_is_refused_unless_forced(site_and_archive):
    Installation.objects.update(id=uuid.uuid4())
    pages = Page.objects.count()
    refused(site_and_archive, match="another installation")
    call_command("restore", str(site_and_archive), interactive=False, force=True)
    # The deleted project page is back, and this installation is the archive's.
    assert Page.objects.count() == pages + 1


def test_archive_of_a_newer_schema_changes_nothing(site_and_archive, tmp_path):
    newer = tmp_path / "newer.tar"
    archive_with_manifest(
        site_and_archive,
        newer,
        lambda manifest: manifest["migrations"].append(["content", "9999_from_the_future"]),
    )
    refused(newer, match="newer schema.*content.9999_from_the_future")


def test_restore_asks_first_and_no_changes_nothing(site_and_archive, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    rows = model_rows()
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(site_and_archive))
    assert model_rows() == rows
