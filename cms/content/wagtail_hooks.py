from wagtail import hooks
from wagtail.snippets.models import register_snippet

from sites.admin_views import SiteOwnedSnippetViewSet
from sites.permissions import pages_for_user

from .snippets import TeamMember, Testimonial


class TestimonialViewSet(SiteOwnedSnippetViewSet):
    model = Testimonial
    icon = "openquote"
    list_display = ["author", "quote", "site"]


class TeamMemberViewSet(SiteOwnedSnippetViewSet):
    model = TeamMember
    icon = "user"
    list_display = ["name", "role", "site"]


register_snippet(TestimonialViewSet)
register_snippet(TeamMemberViewSet)


@hooks.register("construct_page_chooser_queryset")
def only_pages_of_the_editors_sites(pages, request):
    # Wagtail's chooser offers every page of every site; a client's editor
    # may only link to their own.
    return pages.filter(pk__in=pages_for_user(request.user).values("pk"))
