from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable

from cms.content.blocks import BodyBlock, CallToActionBlock

from .base import BasePage, image_field


class HomePage(BasePage):
    """The root of one business's site."""

    hero_heading = models.CharField(
        max_length=120, blank=True, help_text="The large headline; the page title if empty."
    )
    hero_image = image_field("A wide photo, at least 1920 pixels across.")
    intro = models.TextField(blank=True, help_text="What the business does, in two sentences.")
    call_to_action = StreamField([("call_to_action", CallToActionBlock())], blank=True, max_num=1)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_image"), FieldPanel("intro")],
            heading="Hero",
        ),
        InlinePanel(
            "featured_projects",
            max_num=6,
            heading="Featured projects",
            label="Project",
            help_text="The projects shown on the home page, in this order.",
        ),
        FieldPanel("call_to_action"),
        FieldPanel("body"),
    ]

    # Only under the tree root: each home page starts one site.
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "content.StandardPage",
        "content.ProjectIndexPage",
        "content.NewsIndexPage",
        "content.ContactPage",
    ]

    class Meta:
        verbose_name = "home page"


class HomePageFeaturedProject(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_projects")
    project = models.ForeignKey("content.ProjectPage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("project")]
