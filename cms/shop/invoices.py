"""The invoice as HTML, with what § 14 (4) UStG asks of a German invoice: the
seller's name, address and tax number or VAT ID, the customer, the date of
issue and of delivery, a unique gapless number, quantity and kind of goods,
and for each VAT rate the net amount, the rate and the tax."""

from django.template.loader import render_to_string
from django.utils import timezone

from . import pricing
from .calendar import shop_settings_get
from .models import Order


def invoice_html(*, order: Order) -> str:
    if order.invoice_number is None:
        raise ValueError("The order has no invoice number yet.")
    lines = list(order.lines.all())
    totals = pricing.totals(
        lines=[
            pricing.Line(unit_price=line.unit_price, quantity=line.quantity, vat_rate=line.vat_rate)
            for line in lines
        ],
        delivery=order.delivery_price,
    )
    return render_to_string(
        "shop/invoice.html",
        {
            "order": order,
            "shop": shop_settings_get(site=order.site),
            "lines": lines,
            "totals": totals,
            "issued": timezone.localdate(order.paid_at or order.created_at),
        },
    )
