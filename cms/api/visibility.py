"""What a visitor may see: live pages outside every private section."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from wagtail.models import Page


def is_public(restricted_paths: Iterable[str]) -> Q:
    """Live and covered by no view restriction (restricting a page restricts its
    subtree). `restricted_paths` are the restricted pages' tree paths, kept with
    the sites (sites.frontend.FrontendUrls): a plain filter on the path instead
    of a subquery, or Wagtail's `public()`, which reads every restriction in a
    query of its own each time it is called."""
    condition = Q(live=True)
    for path in restricted_paths:
        condition &= ~Q(path__startswith=path)
    return condition


def is_public_row(*, live: bool, path: str, restricted_paths: Iterable[str]) -> bool:
    """is_public() of a row already read: the same rule, for reads that take the
    page's `live` and `path` anyway rather than pay for compiling the filter."""
    return bool(live) and not any(path.startswith(restricted) for restricted in restricted_paths)


def public_pages(restricted_paths: Iterable[str], *, searchable: bool = False) -> QuerySet:
    """Every page a visitor may see, of any site. Search backends read plain field
    lookups only, so pages to search are filtered by Wagtail's `public()`."""
    if searchable:
        return Page.objects.live().public()
    return Page.objects.filter(is_public(restricted_paths))
