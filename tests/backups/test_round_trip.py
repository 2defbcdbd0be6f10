"""A backup restores to exactly the archived site: every row of every model and
every media file, byte for byte, whatever happened after the backup."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from wagtail.images import get_image_model
from wagtail.models import Page

from media_pipeline.models import CustomRendition
from tests.backups.conftest import committed
from tests.backups.content import media_files, model_rows, site_build
from tests.content.factories import StandardPageFactory

pytestmark = committed


def damage(content):
    """What might happen between a backup and the day it is needed."""
    content["kitchen"].delete()
    get_image_model().objects.get(pk=content["hero"].pk).file.delete(save=False)
    default_storage.save("stray/upload.txt", ContentFile(b"not in the archive"))
    content["owner"].set_password("changed-since-the-backup")
    content["owner"].save()


def test_restore_brings_back_every_row_and_file_of_the_backup(backup, capsys):
    content = site_build()
    rows, files = model_rows(), media_files(settings.MEDIA_ROOT)
    archive = backup()
    assert "Backup backup-" in capsys.readouterr().out
    damage(content)
    assert model_rows() != rows

    call_command("restore", str(archive), interactive=False)

    restored = model_rows()
    assert {label: restored[label] for label in rows} == rows
    assert media_files(settings.MEDIA_ROOT) == files
    assert CustomRendition.objects.exists()
    for rendition in CustomRendition.objects.all():
        with rendition.file.open("rb") as file:
            assert file.read(3) == b"\xff\xd8\xff" or rendition.file.name.endswith(
                (".webp", ".avif", ".png")
            )


def test_restored_site_serves_its_pages_and_takes_new_ones(backup):
    content = site_build()
    archive = backup()
    damage(content)
    call_command("restore", str(archive), interactive=False)

    answer = Client().get(f"/api/v1/pages/{content['kitchen'].pk}/")
    assert answer.status_code == 200
    assert answer.json()["title"] == "Eichenküche III"
    # The sequences go on after the restored ids.
    page = StandardPageFactory(parent=Page.objects.get(pk=content["home"].pk))
    assert page.pk > content["kitchen"].pk
