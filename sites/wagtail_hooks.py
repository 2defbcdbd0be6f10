from wagtail import hooks
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry


class _ChoosableOnly:
    """The admin API lists only what the user may choose: their site's collection."""

    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        return policy.instances_user_has_any_permission_for(
            self.request.user, ["choose", "change"]
        ).order_by("id")


class SiteImagesAdminAPIViewSet(_ChoosableOnly, ImagesAdminAPIViewSet):
    pass


class SiteDocumentsAdminAPIViewSet(_ChoosableOnly, DocumentsAdminAPIViewSet):
    pass


# After Wagtail's own registrations, which these replace.
@hooks.register("construct_admin_api", order=100)
def limit_admin_api_to_the_users_collections(router):
    router.register_endpoint("images", SiteImagesAdminAPIViewSet)
    router.register_endpoint("documents", SiteDocumentsAdminAPIViewSet)


@hooks.register("construct_reports_menu")
def hide_reports_about_every_site(request, menu_items):
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]
