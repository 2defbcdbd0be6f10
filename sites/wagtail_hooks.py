from django.urls import path
from wagtail import hooks
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry

from .admin_views import PermittedSnippetAPIViewSet


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
        menu_items[:] = [
            item for item in menu_items if item.name not in ("page-types-usage", "translations")
        ]


# Before wagtail-localize's own URLs for the same paths, which these replace.
@hooks.register("register_admin_urls", order=-100)
def permitted_snippets_in_the_translation_editor():
    prefix = "localize/api/snippets/<slug:app_label>/<slug:model_name>/"
    return [
        path(prefix, PermittedSnippetAPIViewSet.as_view({"get": "list"})),
        path(prefix + "<str:pk>/", PermittedSnippetAPIViewSet.as_view({"get": "retrieve"})),
    ]
