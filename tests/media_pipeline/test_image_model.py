import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model

from media_pipeline.models import CustomImage
from tests.media_pipeline.factories import ImageFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def test_the_site_uses_the_custom_image_model():
    assert get_image_model() is CustomImage


def test_owner_uploads_a_photo_with_alt_text_caption_and_credit(owner_client):
    add_form = owner_client.get(reverse("wagtailimages:add"))
    assert add_form.status_code == 200
    response = owner_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Oak stairs",
            "file": SimpleUploadedFile("stairs.jpg", jpeg_bytes(), content_type="image/jpeg"),
            "alt_text": "An oak staircase with a steel handrail",
            "caption": "Finished in May",
            "credit": "Lena Brandt",
        },
    )
    assert response.status_code == 302
    image = CustomImage.objects.get(title="Oak stairs")
    assert image.alt_text == "An oak staircase with a steel handrail"
    assert image.caption == "Finished in May"
    assert image.credit == "Lena Brandt"


def test_the_edit_form_offers_one_alt_text_field(owner_client):
    image = ImageFactory()
    html = owner_client.get(reverse("wagtailimages:edit", args=(image.pk,))).content.decode()
    assert 'name="alt_text"' in html
    assert 'name="caption"' in html
    assert 'name="credit"' in html
    assert 'id="id_description"' not in html


def test_alt_text_is_what_pages_and_rich_text_use():
    assert ImageFactory(alt_text="Walnut table").default_alt_text == "Walnut table"
    assert ImageFactory(title="Workshop", alt_text="").default_alt_text == "Workshop"


def test_owner_can_choose_photos_for_pages(owner_client):
    ImageFactory(title="Chooseable photo")
    response = owner_client.get(reverse("wagtailimages_chooser:choose"))
    assert response.status_code == 200
    assert "Chooseable photo" in response.content.decode()
