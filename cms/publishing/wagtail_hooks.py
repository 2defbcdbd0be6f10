"""The admin's "Webhooks" menu: endpoints per site and the delivery log with "send again"."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from . import views
from .models import WebhookDelivery, WebhookEndpoint
from .permissions import DeliveryPermissionPolicy, EndpointPermissionPolicy

register_permission_policy(WebhookEndpoint, EndpointPermissionPolicy(WebhookEndpoint))
register_permission_policy(WebhookDelivery, DeliveryPermissionPolicy(WebhookDelivery))


class EndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    index_view_class = views.EndpointIndexView
    edit_view_class = views.EndpointEditView
    delete_view_class = views.EndpointDeleteView
    copy_view_enabled = False
    icon = "link"
    menu_label = "Endpoints"
    list_display = ["name", "site", "url", "active"]
    list_filter = ["active"]

    def get_form_class(self, for_update=False):
        return views.EndpointForm


class DeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    index_view_class = views.DeliveryIndexView
    inspect_view_class = views.DeliveryInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    icon = "history"
    menu_label = "Delivery log"
    list_display = [
        "endpoint",
        "status",
        "attempts",
        "response_code",
        "duration_ms",
        "created_at",
        "last_attempt_at",
    ]
    list_filter = ["status"]
    inspect_view_fields = [
        "endpoint",
        "status",
        "attempts",
        "response_code",
        "duration_ms",
        "response_excerpt",
        "error",
        "event_id",
        "delivery_id",
        "created_at",
        "last_attempt_at",
        "due_at",
        "payload",
    ]
    # The log is read-only: no add, edit, delete or copy pages at all.
    form_fields = ["status"]

    def get_urlpatterns(self):
        read_only = {"index", "index_results", "inspect"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in read_only]


class WebhooksGroup(ModelViewSetGroup):
    menu_label = "Webhooks"
    menu_icon = "link"
    menu_order = 800
    items = [EndpointViewSet("webhookendpoint"), DeliveryViewSet("webhookdelivery")]


@hooks.register("register_admin_viewset")
def register_webhooks_viewsets():
    return WebhooksGroup()


@hooks.register("register_admin_urls")
def register_resend_url():
    return [
        path(
            "publishing/deliveries/<int:pk>/resend/",
            views.delivery_resend_view,
            name="publishing_resend",
        )
    ]
