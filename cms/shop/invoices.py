"""The invoice as HTML, with what § 14 (4) UStG asks of a German invoice: the
seller's name, address and tax number or VAT ID, the customer, the date of
issue and of delivery, a unique gapless number, quantity and kind of goods,
and for each VAT rate the net amount, the rate and the tax."""

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from . import pricing
from .calendar import shop_settings_get
from .models import Order, PaymentMethod

# § 33 UStDV: an invoice of at most 250 € gross may leave out the recipient's address.
SMALL_INVOICE_LIMIT = Decimal("250.00")


def invoice_needs_address(*, total: Decimal, payment_method: str) -> bool:
    """Whether the order's invoice must carry the recipient's address: every
    invoice over the small-invoice limit (§ 14 (4) UStG), and every order paid
    by invoice, which is a bill sent to that address."""
    return total > SMALL_INVOICE_LIMIT or payment_method == PaymentMethod.INVOICE


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
