"""What a visitor may see: live pages outside every private section."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction


def is_public() -> Q:
    """Live and covered by no view restriction (restricting a page restricts its
    subtree). Wagtail's `public()` reads every restriction in a query of its own,
    each time it is called; this asks the database within the same query instead."""
    # A restriction covers a page when the restricted page's tree path starts it.
    covering = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return Q(live=True) & ~Exists(covering)


def public_pages(*, searchable: bool = False) -> QuerySet:
    """Every page a visitor may see, of any site. Search backends read plain field
    lookups only, so pages to search are filtered by Wagtail's `public()`."""
    if searchable:
        return Page.objects.live().public()
    return Page.objects.filter(is_public())
