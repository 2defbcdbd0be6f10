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
    """Every page of the user's sites, the ones they may link to and choose: each
    site's home page tree and those of its translations (one tree per language)."""
    if user.is_superuser:
        return Page.objects.all()
    homes = Page.objects.filter(
        translation_key__in=sites_for_user(user).values("root_page__translation_key")
    )
    condition = Q(pk__in=[])
    for root_path in homes.values_list("path", flat=True):
        condition |= Q(path__startswith=root_path)
    return Page.objects.filter(condition)


def translated_home_rights_grant(*, home: Page) -> bool:
    """A new language version of a site's home page gets the rights the site's
    editors have on the original, so they can translate and publish the site.
    False when the page is no translation of a site's home page."""
    original = (
        Page.objects.filter(translation_key=home.translation_key, sites_rooted_here__isnull=False)
        .exclude(pk=home.pk)
        .first()
    )
    if original is None:
        return False
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(
                group_id=grant.group_id, page=home, permission_id=grant.permission_id
            )
            for grant in GroupPagePermission.objects.filter(page=original)
        ],
        ignore_conflicts=True,
    )
    return True
