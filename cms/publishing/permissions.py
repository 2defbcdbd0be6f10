"""Who manages which site's webhooks.

Two things are needed: the model permission for endpoints (given per group,
as for any snippet), and being an editor of the site, that is, being able
to publish its home page. An agency grants the first; the second is
what already keeps each client to their own pages.
"""

from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy

from .models import WebhookEndpoint

ENDPOINT_ACTIONS = ["add", "change", "delete"]


def sites_managed_by(user) -> list[Site]:
    if not user.is_active:
        return []
    sites = list(Site.objects.select_related("root_page").order_by("hostname"))
    if user.is_superuser:
        return sites
    return [site for site in sites if site.root_page.permissions_for_user(user).can_publish()]


def site_ids_managed_by(user) -> set[int]:
    return {site.pk for site in sites_managed_by(user)}


endpoint_policy = ModelPermissionPolicy(WebhookEndpoint)


class EndpointPermissionPolicy(ModelPermissionPolicy):
    """The model permission, and for one endpoint also its site."""

    def user_has_permission_for_instance(self, user, action, instance):
        return super().user_has_permission_for_instance(user, action, instance) and (
            instance.site_id in site_ids_managed_by(user)
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return WebhookEndpoint.objects.none()
        return WebhookEndpoint.objects.filter(site_id__in=site_ids_managed_by(user))


class DeliveryPermissionPolicy(ModelPermissionPolicy):
    """The log is read-only; whoever manages endpoints sees their deliveries."""

    def user_has_permission(self, user, action):
        return action == "view" and endpoint_policy.user_has_any_permission(user, ENDPOINT_ACTIONS)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and (
            instance.endpoint.site_id in site_ids_managed_by(user)
        )
