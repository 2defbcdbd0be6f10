"""Admin views for objects that belong to one site (snippets with a `site` field):
every listing, chooser, form and object URL is limited to the user's sites."""

from django.core.exceptions import PermissionDenied
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_localize.views.snippets_api import SnippetViewSet as LocalizeSnippetAPIViewSet

from .permissions import sites_for_user
from .site_owned import site_owned_model_register


class SiteOwnedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, but only ever for objects of the user's own sites."""

    def _on_users_site(self, user, instance) -> bool:
        return sites_for_user(user).filter(pk=instance.site_id).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self._on_users_site(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self._on_users_site(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model.objects.none()
        return self.model.objects.filter(site__in=sites_for_user(user))


class _UsersSitesOnly:
    def get_object_list(self):
        return super().get_object_list().filter(site__in=sites_for_user(self.request.user))


class SiteOwnedChooseView(_UsersSitesOnly, ChooseView):
    pass


class SiteOwnedChooseResultsView(_UsersSitesOnly, ChooseResultsView):
    pass


class SiteOwnedChosenView(SnippetChosenView):
    def get_object(self, pk):
        obj = super().get_object(pk)
        if not sites_for_user(self.request.user).filter(pk=obj.site_id).exists():
            raise PermissionDenied
        return obj


class SiteOwnedChooserViewSet(SnippetChooserViewSet):
    choose_view_class = SiteOwnedChooseView
    choose_results_view_class = SiteOwnedChooseResultsView
    chosen_view_class = SiteOwnedChosenView


class SiteOwnedSnippetViewSet(SnippetViewSet):
    chooser_viewset_class = SiteOwnedChooserViewSet

    def on_register(self):
        register_permission_policy(self.model, SiteOwnedPermissionPolicy(self.model))
        # Wagtail's delete and other object views check model permissions
        # only; the middleware checks the object's site for all of them.
        site_owned_model_register(route_prefix=f"admin/{self.url_prefix}/", model=self.model)
        super().on_register()

    def get_queryset(self, request):
        return self.model._default_manager.filter(site__in=sites_for_user(request.user))


class PermittedSnippetAPIViewSet(LocalizeSnippetAPIViewSet):
    """wagtail-localize's snippet API (its translation editor's snippet chooser)
    lists every object of a snippet model to any admin user; this one lists
    those the user may choose or change, as the snippet's own chooser does."""

    def get_queryset(self):
        policy = policy_registry.get_by_type(self.get_model())
        return policy.instances_user_has_any_permission_for(
            self.request.user, ["choose", "change"]
        ).order_by("pk")
