import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.media_pipeline.factories import ImageFactory


@pytest.fixture
def upload(owner_client, django_capture_on_commit_callbacks):
    """Upload a file through the admin's add-image form, running the tasks it enqueues."""

    def upload(name: str, data: bytes, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return owner_client.post(
                reverse("wagtailimages:add"),
                {"title": name, "file": SimpleUploadedFile(name, data), **fields},
            )

    return upload


def image_from_bytes(data: bytes, name: str = "photo.jpg", **fields):
    """An image stored as given, bypassing the upload form (as imports and fixtures do)."""
    return ImageFactory(file=ContentFile(data, name=name), **fields)


def open_rendition(rendition) -> Image.Image:
    with rendition.open_file() as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
    return image
