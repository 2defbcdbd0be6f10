"""The restore drill proves an archive restores, without touching the live site."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Site

from cms.api.pages import site_pages
from cms.backups.models import BackupRun
from tests.backups.conftest import archive_with_manifest, committed
from tests.backups.content import media_files, model_rows, site_build

pytestmark = committed


def published_pages() -> int:
    return sum(site_pages(site).count() for site in Site.objects.all())


def test_drill_restores_elsewhere_and_renders_every_published_page(backup, capsys):
    site_build()
    archive = backup()
    rows, files = model_rows(), media_files(settings.MEDIA_ROOT)

    call_command("verify_backup", str(archive))

    summary = capsys.readouterr().out
    assert "passed" in summary
    assert f"{published_pages()} published pages rendered" in summary
    assert published_pages() >= 4
    after = model_rows()
    assert after.pop("backups.BackupRun") != rows.pop("backups.BackupRun")
    assert after == rows
    assert media_files(settings.MEDIA_ROOT) == files
    drill = BackupRun.objects.get(kind="drill")
    assert drill.ok and drill.archive == str(archive)


def test_drill_of_the_newest_archive_by_default(backup, settings, capsys):
    site_build()
    settings.BACKUP_DIR = backup().parent
    call_command("verify_backup")
    assert "passed" in capsys.readouterr().out


def test_drill_fails_when_the_restored_rows_differ_from_the_manifest(backup, tmp_path):
    site_build()
    wrong = tmp_path / "wrong.tar"

    def one_page_more(manifest):
        manifest["counts"]["wagtailcore.page"] += 1

    archive_with_manifest(backup(), wrong, one_page_more)
    with pytest.raises(CommandError, match="FAILED"):
        call_command("verify_backup", str(wrong))
    drill = BackupRun.objects.get(kind="drill")
    assert not drill.ok
    assert "wagtailcore.page" in drill.message


def test_drill_fails_on_a_corrupted_archive(backup, tmp_path):
    site_build()
    data = bytearray(backup().read_bytes())
    data[len(data) // 2] ^= 0xFF
    corrupt = tmp_path / "corrupt.tar"
    corrupt.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="FAILED"):
        call_command("verify_backup", str(corrupt))
    assert "corrupt" in BackupRun.objects.get(kind="drill").message
