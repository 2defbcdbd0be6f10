import datetime

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from cms.content.blocks import BodyBlock

from .base import BasePage, image_field
from .listing import SectionIndexPage


class NewsIndexPage(SectionIndexPage):
    """The list of news posts; one per site."""

    subpage_types = ["content.NewsPage"]
    listing_order = ("-date", "-first_published_at")

    class Meta:
        verbose_name = "news index page"


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(BasePage):
    date = models.DateField("post date", default=datetime.date.today)
    author = models.CharField(max_length=120, blank=True)
    intro = models.TextField(help_text="The teaser shown in news lists.")
    hero_image = image_field()
    body = StreamField(BodyBlock(), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True)

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("tags")], heading="Post details"
        ),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["content.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "news post"
