from django.core.paginator import Paginator
from django.db import models
from wagtail.admin.panels import FieldPanel

from .base import BasePage


class SectionIndexPage(BasePage):
    """A section of the site (projects, news) that lists its live, public
    children, newest first, with paging; one of each per site."""

    intro = models.TextField(blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    max_count_per_parent = 1
    listing_order: tuple[str, ...] = ("-first_published_at",)
    listing_page_size = 12

    class Meta:
        abstract = True

    def listed_children(self):
        child_model = self.specific_class.allowed_subpage_models()[0]
        return child_model.objects.child_of(self).live().public().order_by(*self.listing_order)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = self.listed_children()
        tag = request.GET.get("tag")
        if tag:
            children = children.filter(tagged_items__tag__slug=tag).distinct()
        paginator = Paginator(children, self.listing_page_size)
        context["children"] = paginator.get_page(request.GET.get("page"))
        context["active_tag"] = tag
        return context
