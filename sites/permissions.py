"""Which sites an admin user works on, derived from the page permissions
that create_client_site gives a client's editor group."""

from django.db.models import Q, QuerySet
from wagtail.models import GroupPagePermission, Page, Site


def sites_for_user(user) -> QuerySet:
    """The sites whose home page lies in a page tree the user has permissions on."""
    if user.is_superuser:
        return Site.objects.all()
    granted_paths = GroupPagePermission.objects.filter(group__user=user).values_list(
        "page__path", flat=True
    )
    condition = Q(pk__in=[])
    for path in set(granted_paths):
        condition |= Q(root_page__path__startswith=path)
    return Site.objects.filter(condition)


def pages_for_user(user) -> QuerySet:
    """Every page of the user's sites, the ones they may link to and choose."""
    if user.is_superuser:
        return Page.objects.all()
    condition = Q(pk__in=[])
    for root_path in sites_for_user(user).values_list("root_page__path", flat=True):
        condition |= Q(path__startswith=root_path)
    return Page.objects.filter(condition)
