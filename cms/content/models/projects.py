from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from cms.content.blocks import BodyBlock

from .base import IMAGE_MODEL, BasePage, image_field
from .listing import SectionIndexPage


class ProjectIndexPage(SectionIndexPage):
    """The list of reference projects; one per site."""

    subpage_types = ["content.ProjectPage"]
    listing_order = ("-completion_date", "-first_published_at")

    class Meta:
        verbose_name = "project index page"


class ProjectPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.ProjectPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ProjectPage(BasePage):
    """A finished job shown as a reference: what was built, where, and photos of it."""

    summary = models.TextField(
        max_length=400, help_text="Two or three sentences for project lists and search results."
    )
    completion_date = models.DateField(null=True, blank=True)
    location = models.CharField(max_length=120, blank=True, help_text="Town or region.")
    categories = ClusterTaggableManager(
        through=ProjectPageTag,
        blank=True,
        verbose_name="categories",
        help_text="For example kitchen, stairs, furniture, windows.",
    )
    hero_image = image_field()
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("completion_date"),
                FieldPanel("location"),
                FieldPanel("categories"),
                InlinePanel("materials", label="Material", heading="Materials"),
            ],
            heading="Project details",
        ),
        FieldPanel("hero_image"),
        InlinePanel("gallery_images", label="Photo", heading="Gallery"),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("location"),
        index.SearchField("body"),
        index.FilterField("completion_date"),
    ]

    parent_page_types = ["content.ProjectIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "project"

    @property
    def listing_intro(self) -> str:
        return self.summary


class ProjectMaterial(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(max_length=80, help_text="For example 'solid oak' or 'linseed oil'.")

    panels = [FieldPanel("name")]

    def __str__(self):
        return self.name


class ProjectGalleryImage(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(IMAGE_MODEL, on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]
