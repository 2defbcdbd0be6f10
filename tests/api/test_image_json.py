"""An image's JSON follows every change of the image and its renditions, even
though each process remembers the JSON it wrote (cms.api.images.image_data)."""

import pytest
from django.test import override_settings

from media_pipeline.renditions import rendition_set_generate
from tests.content.factories import StandardPageFactory
from tests.media_pipeline.factories import ImageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("response_cache_off")]

URL = "/api/v1/pages/by-path/?path=/photo/"


@pytest.fixture
def response_cache_off():
    with override_settings(DELIVERY_API_CACHE_TIMEOUT=0):
        yield


@pytest.fixture
def image():
    return ImageFactory(title="Old title", file__width=800, file__height=600)


@pytest.fixture
def page(home, image):
    body = [{"type": "image", "value": {"image": image.pk, "caption": "A photo"}}]
    return StandardPageFactory(parent=home, slug="photo", title="Photo", body=body)


def shown(client) -> dict:
    response = client.get(URL)
    assert response.status_code == 200
    return response.json()["body"][0]["value"]["image"]


def test_a_changed_image_is_shown_changed(client, page, image):
    assert shown(client)["title"] == "Old title"
    image.title = "New title"
    image.focal_point_x, image.focal_point_y = 100, 100
    image.focal_point_width, image.focal_point_height = 50, 50
    image.save()
    after = shown(client)
    assert after["title"] == "New title"
    assert after["focal_point"] == {"x": 0.125, "y": 0.1667}


def test_renditions_made_or_deleted_change_the_srcset(client, page, image):
    on_demand = shown(client)["srcset"]
    rendition_set_generate(image=image)
    stored = shown(client)["srcset"]
    assert stored != on_demand
    image.renditions.all().delete()
    assert shown(client)["srcset"] == on_demand
