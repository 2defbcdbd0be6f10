"""The admin's order form: the status is the only thing the shop changes by
hand, and it moves only along the flow (cms.shop.orders), with its effects."""

from django import forms

from sites.forms import SiteOwnedForm

from .models import Order
from .orders import TransitionRefused, order_status_change, transition_refusal


class OrderStatusForm(SiteOwnedForm):
    class Meta:
        model = Order
        fields = ["status"]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if not self.instance.pk:
            raise forms.ValidationError("Orders are placed by customers, through the shop.")
        stored = Order.objects.get(pk=self.instance.pk)
        refusal = status != stored.status and transition_refusal(order=stored, to=status)
        if refusal:
            raise forms.ValidationError(refusal)
        return status

    def save(self, commit=True):
        stored = Order.objects.get(pk=self.instance.pk)
        if self.cleaned_data["status"] == stored.status:
            return stored
        try:
            return order_status_change(order=stored, to=self.cleaned_data["status"])
        except TransitionRefused as error:
            # Someone else changed it between the check and the save.
            raise forms.ValidationError(str(error)) from error
