"""The admin accepts awkward photos and refuses hostile files with a message, never a 500."""

import io
import re

import pytest
from django.test import override_settings
from PIL import Image

from media_pipeline.models import CustomImage
from tests.media_pipeline import corpus
from tests.media_pipeline.conftest import open_rendition

pytestmark = pytest.mark.django_db

ACCEPTED = [
    ("rotated-phone.jpg", corpus.rotated_phone_jpeg, "jpg", (800, 1200)),
    ("cmyk.jpg", corpus.cmyk_jpeg, "jpg", (1200, 800)),
    ("gain-map.jpg", corpus.multi_picture_jpeg, "jpg", (1200, 800)),
    ("deep.png", corpus.png_16_bit, "png", (600, 400)),
    ("logo.png", corpus.png_with_alpha, "png", (600, 400)),
    ("blink.gif", corpus.animated_gif, "gif", (200, 100)),
    ("phone.heic", corpus.heic, "heic", (800, 600)),
    # Recognised from the bytes, not the name: stored under its real format.
    ("phone-renamed.jpg", corpus.heic, "heic", (800, 600)),
]

REFUSED = [
    ("truncated.jpg", corpus.truncated_jpeg, "damaged or incomplete"),
    ("bomb.png", corpus.decompression_bomb, "too large"),
    ("drawing.svg", corpus.svg_with_script, "not a photo"),
    ("page.jpg", corpus.html_named_jpeg, "not a photo"),
    ("notes.jpg", lambda: b"just some text", "not an image we can use"),
]


def stored_original(image) -> Image.Image:
    with image.open_file() as file:
        original = Image.open(io.BytesIO(file.read()))
        original.load()
    return original


@pytest.mark.parametrize(("name", "make", "extension", "size"), ACCEPTED)
def test_owner_can_upload_awkward_photos_and_gets_renditions(upload, name, make, extension, size):
    response = upload(name, make())

    assert response.status_code == 302, response.context["form"].errors
    image = CustomImage.objects.get()
    assert image.file.name.endswith(f".{extension}")
    assert (image.width, image.height) == size
    assert image.renditions.count() > 0
    for rendition in image.renditions.all():
        assert open_rendition(rendition).mode in ("RGB", "RGBA")


@pytest.mark.parametrize(("name", "make", "message"), REFUSED)
def test_hostile_or_broken_files_are_refused_with_a_clear_message(upload, name, make, message):
    response = upload(name, make())

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert message in errors
    assert not CustomImage.objects.exists()


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=50_000)
def test_files_over_the_size_limit_are_refused(upload):
    response = upload("big.jpg", corpus.rotated_phone_jpeg())

    # Numbers follow the admin language: "48.8" in English, "48,8" in German.
    assert re.search(r"The limit is 48[.,]8", " ".join(response.context["form"].errors["file"]))
    assert not CustomImage.objects.exists()


@override_settings(MEDIA_PIPELINE_MAX_FRAMES=10)
def test_animations_past_the_frame_limit_are_refused(upload):
    response = upload("long.gif", corpus.animated_gif(frames=11))

    assert "11 frames. The limit is 10" in " ".join(response.context["form"].errors["file"])
    assert not CustomImage.objects.exists()


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("gps.jpg", corpus.rotated_phone_jpeg),
        ("gps.heic", corpus.heic),
        ("gps-mpo.jpg", corpus.multi_picture_jpeg),
    ],
)
def test_stored_original_loses_its_gps_position(upload, name, make):
    assert corpus.GPS_IFD in Image.open(io.BytesIO(make())).getexif()

    upload(name, make())

    original = stored_original(CustomImage.objects.get())
    assert corpus.GPS_IFD not in original.getexif()
    assert "PhoneMaker" not in str(dict(original.getexif()))


def test_stored_original_keeps_its_pixels_when_only_metadata_goes(upload):
    photo = corpus.photo()
    data = corpus.encode(photo, "JPEG", quality=90, exif=corpus.exif_with_gps(orientation=1))

    upload("upright.jpg", data)

    stored = stored_original(CustomImage.objects.get())
    assert stored.tobytes() == Image.open(io.BytesIO(data)).tobytes()


def test_rotated_phone_photo_is_stored_upright(upload):
    upload("rotated.jpg", corpus.rotated_phone_jpeg())

    image = CustomImage.objects.get()
    assert stored_original(image).size == (800, 1200)
    assert image.width < image.height
