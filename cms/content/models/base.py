from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from cms.content.preview import frontend_preview_redirect

IMAGE_MODEL = "media_pipeline.CustomImage"


def image_field(help_text: str = "", **kwargs) -> models.ForeignKey:
    """An optional image; deleting the image empties the field, never the page."""
    return models.ForeignKey(
        IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
        **kwargs,
    )


class BasePage(Page):
    """What every page of a site has: search engine and social media fields.

    Wagtail's `seo_title` and `search_description` cover the title and
    description; the social image is what link previews show.
    """

    social_image = image_field(
        "Shown when the page is shared on social media. 1200×630 works best; "
        "without one the page's main image is used."
    )

    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
                FieldPanel("social_image"),
            ],
            heading="Search engines and social media",
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading="Navigation"),
    ]

    search_fields = [*Page.search_fields, index.SearchField("search_description")]

    class Meta:
        abstract = True

    @property
    def main_image_id(self) -> int | None:
        """The image that stands for the page in lists and link previews."""
        return self.social_image_id or getattr(self, "hero_image_id", None)

    @property
    def listing_intro(self) -> str:
        """The teaser text for lists and search results."""
        return getattr(self, "intro", "") or self.search_description

    def serve_preview(self, request, mode_name):
        """The admin's preview opens the site's frontend with a signed draft token
        (cms.content.preview); without a frontend URL, the page's own template."""
        return frontend_preview_redirect(self) or super().serve_preview(request, mode_name)
