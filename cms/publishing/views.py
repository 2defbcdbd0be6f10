"""Admin views for webhook endpoints and their delivery log, each limited to the user's sites."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views import generic
from wagtail.models import Site

from . import events
from .models import WebhookDelivery, WebhookEndpoint
from .permissions import endpoint_policy, site_ids_managed_by
from .webhooks import delivery_can_resend, delivery_resend


class EndpointForm(WagtailAdminModelForm):
    url = forms.URLField(
        max_length=500,
        assume_scheme="https",
        help_text=WebhookEndpoint._meta.get_field("url").help_text,
    )
    events = forms.MultipleChoiceField(
        choices=events.CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="A scheduled go-live also counts as 'published', an expiry as 'unpublished'.",
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None:
            self.fields["site"].queryset = Site.objects.filter(pk__in=site_ids_managed_by(for_user))

    class Meta:
        model = WebhookEndpoint
        fields = ["site", "name", "url", "secret", "events", "active"]


class OwnSitesOnly:
    """Objects of sites the user does not edit are not there for them."""

    site_field = "site_id"

    def get_base_queryset(self):
        field = self.site_field.replace(".", "__")
        return (
            super()
            .get_base_queryset()
            .filter(**{f"{field}__in": site_ids_managed_by(self.request.user)})
        )

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        site_id = obj
        for part in self.site_field.split("."):
            site_id = getattr(site_id, part)
        if site_id not in site_ids_managed_by(self.request.user):
            raise PermissionDenied
        return obj


class EndpointIndexView(OwnSitesOnly, generic.IndexView):
    pass


class EndpointEditView(OwnSitesOnly, generic.EditView):
    pass


class EndpointDeleteView(OwnSitesOnly, generic.DeleteView):
    pass


class DeliveryIndexView(OwnSitesOnly, generic.IndexView):
    site_field = "endpoint.site_id"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("endpoint")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if delivery_can_resend(instance):
            url = reverse("publishing_resend", args=[instance.pk])
            buttons.append(MenuItem("Send again", url=url, icon_name="redirect", priority=5))
        return buttons


class DeliveryInspectView(OwnSitesOnly, generic.InspectView):
    site_field = "endpoint.site_id"


def delivery_resend_view(request, pk: int):
    """Asks once, then sends a finished delivery again."""
    delivery = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), pk=pk)
    if not endpoint_policy.user_has_permission(request.user, "change") or (
        delivery.endpoint.site_id not in site_ids_managed_by(request.user)
    ):
        raise PermissionDenied
    index_url = reverse("webhookdelivery:index")
    if not delivery_can_resend(delivery):
        messages.warning(request, "This delivery is still under way.")
        return redirect(index_url)
    if request.method == "POST":
        delivery_resend(delivery=delivery)
        messages.success(request, f"Sending to {delivery.endpoint} again.")
        return redirect(index_url)
    return TemplateResponse(
        request,
        "publishing/confirm_resend.html",
        {"delivery": delivery, "index_url": index_url},
    )
