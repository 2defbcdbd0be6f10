from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from cms.content.blocks import BodyBlock

from .base import BasePage, image_field


class StandardPage(BasePage):
    """About us, services, imprint, privacy: a page of text and blocks."""

    intro = models.TextField(blank=True, help_text="One or two sentences shown under the title.")
    hero_image = image_field()
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    # For Wagtail's own API v2, which stays mounted for tools that speak it.
    api_fields = [APIField("intro"), APIField("hero_image"), APIField("body")]

    parent_page_types = ["content.HomePage", "content.StandardPage"]
    subpage_types = ["content.StandardPage"]

    class Meta:
        verbose_name = "standard page"
