from django.core.paginator import Paginator


class ListingPageMixin:
    """An index page that lists its live, public children, newest first, with paging."""

    listing_order: tuple[str, ...] = ("-first_published_at",)
    listing_page_size = 12

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
