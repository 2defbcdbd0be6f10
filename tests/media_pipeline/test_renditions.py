"""Every image gets its responsive set, rendered once, upright, sRGB, without metadata."""

import io
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django.utils import timezone
from PIL import Image, ImageDraw

from media_pipeline import specs
from media_pipeline.models import RenditionClaim
from media_pipeline.renditions import rendition_set_generate
from media_pipeline.tasks import rendition_set_generate_task
from tests.media_pipeline import corpus
from tests.media_pipeline.conftest import image_from_bytes, open_rendition

pytestmark = pytest.mark.django_db

RED = (220, 20, 20)


def image_with_red_mark(**fields):
    """A grey 1200x800 photo with a red square near its right edge."""
    picture = Image.new("RGB", (1200, 800), (128, 128, 128))
    ImageDraw.Draw(picture).rectangle((1050, 350, 1150, 450), fill=RED)
    return image_from_bytes(corpus.encode(picture, "JPEG", quality=95), **fields)


def red_pixels(picture: Image.Image) -> int:
    return sum(
        1
        for r, g, b in picture.convert("RGB").get_flattened_data()
        if r > 180 and g < 80 and b < 80
    )


def test_uploaded_photo_gets_every_width_and_format_up_to_its_own_width(upload):
    upload("workshop.jpg", corpus.encode(corpus.photo((1000, 700)), "JPEG"))

    from media_pipeline.models import CustomImage

    image = CustomImage.objects.get()
    originals = image.renditions.filter(filter_spec__startswith="width-")
    assert sorted({r.width for r in originals}) == [320, 480, 640, 960]
    assert {r.filter_spec.split("|")[1] for r in originals} == {
        "format-avif",
        "format-webp",
        "format-jpeg",
    }
    assert {open_rendition(r).format for r in originals} == {"AVIF", "WEBP", "JPEG"}


def test_a_second_run_renders_nothing_and_wagtail_finds_the_renditions():
    image = image_from_bytes(corpus.encode(corpus.photo((700, 500)), "JPEG"))
    first = rendition_set_generate(image=image)

    assert first == len(specs.rendition_specs_for_image(image=image))
    assert rendition_set_generate(image=image) == 0
    count = image.renditions.count()
    rendition = image.get_rendition(f"width-640|format-webp|webpquality-{specs.WEBP_QUALITY}")
    assert rendition.file.name.endswith(".original-640.webp")
    assert image.renditions.count() == count


def test_focal_point_crops_keep_the_focal_point_in_frame():
    image = image_with_red_mark(
        focal_point_x=1100, focal_point_y=400, focal_point_width=100, focal_point_height=100
    )

    rendition_set_generate(image=image, variants=["square", "card"])

    for rendition in image.renditions.all():
        assert red_pixels(open_rendition(rendition)) > 0, rendition.filter_spec


def test_without_a_focal_point_crops_are_centred():
    image = image_with_red_mark()

    rendition_set_generate(image=image, variants=["square"])

    assert all(red_pixels(open_rendition(r)) == 0 for r in image.renditions.all())


def test_moving_the_focal_point_replaces_the_crops(django_capture_on_commit_callbacks):
    image = image_with_red_mark()
    rendition_set_generate(image=image, variants=["square"])

    with django_capture_on_commit_callbacks(execute=True):
        image.set_focal_point(None)
        image.focal_point_x, image.focal_point_y = 1100, 400
        image.focal_point_width = image.focal_point_height = 100
        image.save()

    squares = image.renditions.filter(filter_spec__startswith="fill-")
    square_specs = specs.rendition_specs_for_image(image=image, variants=["square"])
    assert squares.filter(filter_spec__startswith="fill-480x480|").count() == 3
    assert {r.focal_point_key for r in squares} == {square_specs[0].focal_point_key(image=image)}
    assert all(red_pixels(open_rendition(r)) > 0 for r in squares)


def test_no_rendition_carries_exif_or_gps_even_from_an_unsanitised_original():
    image = image_from_bytes(corpus.rotated_phone_jpeg())

    rendition_set_generate(image=image, variants=[specs.ORIGINAL])

    for rendition in image.renditions.all():
        with rendition.open_file() as file:
            data = file.read()
        picture = Image.open(io.BytesIO(data))
        assert len(picture.getexif()) == 0, rendition.filter_spec
        assert b"PhoneMaker" not in data


def test_renditions_of_a_sideways_stored_photo_are_upright():
    image = image_from_bytes(corpus.rotated_phone_jpeg(), width=800, height=1200)

    rendition_set_generate(image=image, variants=[specs.ORIGINAL])

    picture = open_rendition(image.renditions.get(filter_spec__startswith="width-640|format-jpeg"))
    assert picture.width < picture.height


def test_cmyk_photo_renditions_are_rgb_with_the_same_colours():
    image = image_from_bytes(corpus.encode(Image.new("CMYK", (700, 500), (0, 200, 200, 0)), "JPEG"))

    rendition_set_generate(image=image, variants=[specs.ORIGINAL])

    picture = open_rendition(image.renditions.get(filter_spec__startswith="width-640|format-jpeg"))
    red, green, blue = picture.getpixel((100, 100))
    assert picture.mode == "RGB"
    assert red > 200 and green < 100 and blue < 100


def test_sixteen_bit_png_keeps_its_tones():
    image = image_from_bytes(corpus.png_16_bit(), name="deep.png")

    rendition_set_generate(image=image, variants=[specs.ORIGINAL])

    picture = open_rendition(image.renditions.get(filter_spec__startswith="width-480|format-webp"))
    left, right = picture.getpixel((2, 200))[0], picture.getpixel((477, 200))[0]
    assert left < 30 and right > 220


def test_transparent_png_gets_a_png_fallback_and_keeps_alpha():
    image = image_from_bytes(corpus.png_with_alpha(), name="logo.png")

    rendition_set_generate(image=image)

    image.refresh_from_db()
    assert image.has_alpha
    formats = {r.filter_spec.split("|")[1] for r in image.renditions.all()}
    assert formats == {"format-avif", "format-webp", "format-png"}
    webp = image.renditions.get(filter_spec__startswith="width-480|format-webp")
    assert open_rendition(webp).mode == "RGBA"


def test_every_image_gets_a_tiny_placeholder():
    image = image_from_bytes(corpus.encode(corpus.photo((1500, 1000)), "JPEG"))

    rendition_set_generate(image=image, variants=[specs.ORIGINAL])

    image.refresh_from_db()
    assert image.placeholder.startswith("data:image/webp;base64,")
    assert len(image.placeholder) < 1024


def test_the_640_wide_webp_of_a_detailed_photo_is_well_under_100_kb():
    image = image_from_bytes(corpus.encode(corpus.photo((3000, 2000)), "JPEG", quality=92))

    rendition_set_generate(image=image, variants=[specs.ORIGINAL])

    webp = image.renditions.get(filter_spec__startswith="width-640|format-webp")
    assert webp.file.size < 80_000


def claims_left_by_a_worker(image, *, seconds_ago: int) -> None:
    """What a worker killed mid-render leaves: its claims on the whole set."""
    claimed_at = timezone.now() - timedelta(seconds=seconds_ago)
    RenditionClaim.objects.bulk_create(
        RenditionClaim(
            image=image,
            filter_spec=spec.filter_spec,
            focal_point_key=spec.focal_point_key(image=image),
            token="killed-worker",
            claimed_at=claimed_at,
        )
        for spec in specs.rendition_specs_for_image(image=image)
    )


@override_settings(MEDIA_PIPELINE_CLAIM_TIMEOUT=60)
def test_after_a_worker_was_killed_mid_render_the_task_completes_the_set_once():
    image = image_from_bytes(corpus.encode(corpus.photo((1000, 700)), "JPEG"), name="killed.jpg")
    claims_left_by_a_worker(image, seconds_ago=61)
    # It had stored one file, half written, and no rows: rows come last.
    stem = Path(image.file.name).stem
    default_storage.save(f"images/{stem}.original-640.webp", ContentFile(b"RIFF half a file"))

    rendered = rendition_set_generate_task.enqueue(image_id=image.pk).return_value

    expected = {
        (spec.filter_spec, spec.focal_point_key(image=image))
        for spec in specs.rendition_specs_for_image(image=image)
    }
    rows = Counter(image.renditions.values_list("filter_spec", "focal_point_key"))
    assert rendered == len(expected)
    assert set(rows) == expected
    assert max(rows.values()) == 1
    assert not RenditionClaim.objects.exists()
    # Every stored file is a rendition's, the half-written one replaced.
    files = {path.name for path in (Path(settings.MEDIA_ROOT) / "images").glob(f"{stem}.*")}
    assert files == {Path(rendition.file.name).name for rendition in image.renditions.all()}
    webp = image.renditions.get(filter_spec__startswith="width-640|format-webp")
    assert open_rendition(webp).format == "WEBP"


@override_settings(MEDIA_PIPELINE_CLAIM_TIMEOUT=60)
def test_a_claim_within_its_lease_is_left_to_the_worker_holding_it():
    image = image_from_bytes(corpus.encode(corpus.photo((1000, 700)), "JPEG"))
    claims_left_by_a_worker(image, seconds_ago=30)

    rendered = rendition_set_generate_task.enqueue(image_id=image.pk).return_value

    assert rendered == 0
    assert not image.renditions.exists()
    assert RenditionClaim.objects.filter(token="killed-worker").count() == len(
        specs.rendition_specs_for_image(image=image)
    )
