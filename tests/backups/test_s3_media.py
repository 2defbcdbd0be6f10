"""Media on S3 (moto's server on 127.0.0.1) are backed up and restored through
the same storage API: the bucket ends up as archived."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from wagtail.images import get_image_model

from media_pipeline.models import CustomRendition
from tests.backups.conftest import committed
from tests.backups.content import model_rows, site_build
from tests.media_pipeline.test_s3 import BUCKET, s3  # noqa: F401 (the moto fixture)

pytestmark = committed


def bucket_files(client) -> dict[str, str]:
    keys = [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    return {
        key: hashlib.sha256(client.get_object(Bucket=BUCKET, Key=key)["Body"].read()).hexdigest()
        for key in keys
    }


def test_media_on_s3_come_back_byte_for_byte(s3, backup):  # noqa: F811
    content = site_build()
    rows, files = model_rows(), bucket_files(s3)
    assert any(key.startswith("images/") for key in files), "no renditions in the bucket"
    archive = backup()
    get_image_model().objects.get(pk=content["hero"].pk).file.delete(save=False)
    CustomRendition.objects.first().file.delete(save=False)
    default_storage.save("stray/upload.txt", ContentFile(b"not in the archive"))

    call_command("restore", str(archive), interactive=False)

    assert bucket_files(s3) == files
    assert {label: rows_ for label, rows_ in model_rows().items() if label in rows} == rows
