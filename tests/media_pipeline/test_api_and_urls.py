"""Image data for the delivery API: every URL works, before and after the worker ran."""

import pytest
from django.core.management import call_command

from media_pipeline.api import image_responsive_data
from media_pipeline.renditions import rendition_set_generate
from tests.content.factories import StandardPageFactory
from tests.media_pipeline import corpus
from tests.media_pipeline.conftest import image_from_bytes

pytestmark = pytest.mark.django_db

BASE = "https://cms.example"


def photo_image(**fields):
    return image_from_bytes(corpus.encode(corpus.photo((1000, 700)), "JPEG"), **fields)


def srcset_urls(data, format):
    return [entry.rsplit(" ", 1)[0] for entry in data["srcset"][format].split(", ")]


@pytest.fixture
def shown_on_a_page(home, django_capture_on_commit_callbacks):
    """Puts an image on a published page, which is what makes its URLs public."""

    def show(image):
        with django_capture_on_commit_callbacks(execute=True):
            StandardPageFactory(parent=home, hero_image=image)
        return image

    return show


def test_urls_of_renditions_not_rendered_yet_render_on_first_request(client, shown_on_a_page):
    image = shown_on_a_page(photo_image())
    data = image_responsive_data(image=image, request_or_base_url=BASE)
    url = srcset_urls(data, "webp")[0]
    assert url == f"{BASE}/media-pipeline/{image.pk}/original/320.webp"

    response = client.get(url.removeprefix(BASE))

    assert response.status_code == 302
    rendition = image.renditions.get(filter_spec__startswith="width-320|format-webp")
    assert response["Location"] == rendition.url
    assert rendition.file.storage.exists(rendition.file.name)


def test_rendered_renditions_are_linked_directly_with_absolute_urls():
    image = photo_image(alt_text="Oak table")
    rendition_set_generate(image=image)
    image.refresh_from_db()

    data = image_responsive_data(image=image, request_or_base_url=BASE)

    assert set(data["srcset"]) == {"avif", "webp", "jpeg"}
    assert all("/media/images/" in url for url in srcset_urls(data, "avif"))
    assert data["srcset"]["jpeg"].endswith(" 960w")
    assert data["src"].startswith(f"{BASE}/media/images/") and data["src"].endswith("960.jpg")
    assert data["alt"] == "Oak table"
    assert (data["width"], data["height"]) == (1000, 700)
    assert data["placeholder"].startswith("data:image/webp")


def test_a_named_crop_has_its_own_size_and_the_focal_point_is_relative():
    image = photo_image(
        focal_point_x=250, focal_point_y=350, focal_point_width=10, focal_point_height=10
    )

    data = image_responsive_data(image=image, request_or_base_url=BASE, crop="hero")

    assert (data["width"], data["height"]) == (960, 540)
    assert data["focal_point"] == {"x": 0.25, "y": 0.5}
    assert "/hero/640.avif" in data["srcset"]["avif"]


def test_an_image_no_published_page_shows_is_not_served(client, shown_on_a_page):
    unpublished = photo_image()
    assert client.get(f"/media-pipeline/{unpublished.pk}/original/320.webp").status_code == 404
    shown_on_a_page(unpublished)
    assert client.get(f"/media-pipeline/{unpublished.pk}/original/320.webp").status_code == 302


def test_urls_for_specs_outside_the_set_are_not_found(client, shown_on_a_page):
    image = shown_on_a_page(photo_image())

    assert client.get(f"/media-pipeline/{image.pk}/original/2560.webp").status_code == 404
    assert client.get(f"/media-pipeline/{image.pk}/original/333.webp").status_code == 404
    assert client.get(f"/media-pipeline/{image.pk}/banner/320.webp").status_code == 404
    assert client.get("/media-pipeline/999999/original/320.webp").status_code == 404
    assert not image.renditions.exists()


def test_warm_renders_every_image_and_reports_it(capsys):
    images = [photo_image(), photo_image()]

    call_command("renditions", "warm")

    out = capsys.readouterr().out
    assert "2/2" in out
    assert "2 images" in out and "0 failed" in out
    assert all(image.renditions.count() > 30 for image in images)


def test_warm_with_force_renders_again(capsys):
    image = photo_image()
    rendition_set_generate(image=image)
    before = set(image.renditions.values_list("pk", flat=True))

    call_command("renditions", "warm", "--force")

    assert before.isdisjoint(image.renditions.values_list("pk", flat=True))
    assert image.renditions.count() == len(before)
