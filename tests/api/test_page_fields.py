"""Every page type has its entry in the API's registry of page fields."""

from wagtail.models import get_page_models

from cms.api.page_fields import PAGE_FIELDS


def test_every_page_type_of_the_content_app_has_its_delivery_fields():
    page_types = {model for model in get_page_models() if model._meta.app_label == "content"}
    assert page_types - set(PAGE_FIELDS) == set()
