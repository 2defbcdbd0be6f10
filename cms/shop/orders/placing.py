"""Taking an order: checking it against what the shop offers, pricing it, and
reserving its stock and place in the transaction that writes it."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import pricing
from ..calendar import day_refusal, shop_settings_get, zone_for
from ..emails import order_email_send
from ..invoices import invoice_needs_address
from ..models import DeliveryDay, Order, OrderLine, PaymentMethod, ProductVariant
from ..signals import order_changed
from .expiry import orders_expire_later
from .reservations import stock_and_place_reserve
from .status import invoice_number_assign


class OrderInvalid(Exception):
    """The order cannot be taken as written: a message per field (422)."""

    def __init__(self, fields: dict[str, list[str]]):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items()))
        self.fields = fields


@dataclass
class OrderRequest:
    lines: list[tuple[int, int]]
    date: date
    customer_name: str
    customer_email: str
    payment_method: str
    pickup: bool = False
    recipient: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    customer_phone: str = ""
    billing_name: str = ""
    billing_street: str = ""
    billing_postcode: str = ""
    billing_city: str = ""
    gift_message: str = ""
    idempotency_key: str = ""

    @property
    def has_billing_address(self) -> bool:
        return all(
            (self.billing_name, self.billing_street, self.billing_postcode, self.billing_city)
        )


def _payment_methods(shop) -> set[str]:
    offered = {PaymentMethod.CARD} if settings.STRIPE_SECRET_KEY else set()
    if shop.invoice:
        offered.add(PaymentMethod.INVOICE)
    if shop.pay_on_pickup:
        offered.add(PaymentMethod.PAY_ON_PICKUP)
    return offered


def _quantities(lines: list[tuple[int, int]]) -> dict[int, int]:
    """Quantities per variant, the same variant on two lines counted once."""
    quantities: dict[int, int] = {}
    for variant_id, quantity in lines:
        quantities[variant_id] = quantities.get(variant_id, 0) + quantity
    return quantities


def order_place(*, site, request: OrderRequest) -> tuple[Order, bool]:
    """Takes an order, reserving its stock and (for a delivery) a place on its day.
    Returns the order and whether it is new: an Idempotency-Key sent again
    returns the order it made the first time."""
    if request.idempotency_key:
        existing = Order.objects.filter(site=site, idempotency_key=request.idempotency_key).first()
        if existing:
            return existing, False
    shop = shop_settings_get(site=site)
    quantities = _quantities(request.lines)
    variants = {
        v.pk: v
        for v in ProductVariant.objects.stock_keeping()
        .filter(pk__in=quantities, product__site=site)
        .select_related("product")
    }
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(quantities) - set(variants))
    if unknown:
        errors["lines"] = [f"No product variant {', '.join(map(str, unknown))} in this shop."]
    if request.payment_method not in _payment_methods(shop):
        errors["payment_method"] = ["This shop does not take that payment method."]
    refusal = day_refusal(shop=shop, day=request.date)
    zone = None
    if request.pickup:
        if not shop.pickup:
            errors["delivery.pickup"] = ["This shop does not offer collection."]
    else:
        if request.payment_method == PaymentMethod.PAY_ON_PICKUP:
            errors["payment_method"] = ["Paying on collection needs collection."]
        zone = zone_for(site=site, postcode=request.postcode)
        if zone is None:
            errors["delivery.postcode"] = ["The shop does not deliver to that postcode."]
        if (
            refusal is None
            and not DeliveryDay.objects.filter(site=site, date=request.date).exists()
        ):
            refusal = "The shop does not deliver that day."
    if refusal:
        errors["delivery.date"] = [refusal]
    if errors:
        raise OrderInvalid(errors)

    lines = [
        pricing.Line(
            unit_price=variants[pk].price, quantity=quantity, vat_rate=variants[pk].vat_rate
        )
        for pk, quantity in quantities.items()
    ]
    subtotal = sum((line.total for line in lines), Decimal("0.00"))
    if zone is not None and subtotal < zone.minimum_order:
        errors["lines"] = [f"Deliveries to {zone.name} start at {zone.minimum_order} €."]
    delivery = pricing.delivery_price(zone=zone, subtotal=subtotal)
    totals = pricing.totals(lines=lines, delivery=delivery)
    if (
        invoice_needs_address(total=totals.total, payment_method=request.payment_method)
        and not request.has_billing_address
    ):
        errors["billing"] = [
            "An order paid by invoice or over 250 € needs the billing address "
            "(name, street, postcode, city) for its invoice."
        ]
    if errors:
        raise OrderInvalid(errors)

    try:
        with transaction.atomic():
            order = _reserve_and_create(
                site=site,
                request=request,
                variants=variants,
                quantities=quantities,
                zone=zone,
                totals=totals,
            )
    except IntegrityError:
        # The same Idempotency-Key sent twice at once: the other request made the order.
        if request.idempotency_key:
            existing = Order.objects.filter(
                site=site, idempotency_key=request.idempotency_key
            ).first()
            if existing:
                return existing, False
        raise
    return order, True


def _reserve_and_create(*, site, request, variants, quantities, zone, totals) -> Order:
    stock_and_place_reserve(
        site_id=site.pk,
        day=request.date,
        pickup=request.pickup,
        quantities=quantities,
        names={pk: str(variant) for pk, variant in variants.items()},
    )
    card = request.payment_method == PaymentMethod.CARD
    order = Order.objects.create(
        site=site,
        payment_method=request.payment_method,
        pickup=request.pickup,
        date=request.date,
        zone=zone,
        holds_place=not request.pickup,
        recipient=request.recipient,
        street=request.street,
        postcode=request.postcode,
        city=request.city,
        customer_name=request.customer_name,
        customer_email=request.customer_email,
        customer_phone=request.customer_phone,
        billing_name=request.billing_name,
        billing_street=request.billing_street,
        billing_postcode=request.billing_postcode,
        billing_city=request.billing_city,
        gift_message=request.gift_message,
        subtotal=totals.subtotal,
        delivery_price=totals.delivery,
        total=totals.total,
        idempotency_key=request.idempotency_key,
        expires_at=(
            timezone.now() + timedelta(minutes=settings.SHOP_ORDER_EXPIRY_MINUTES) if card else None
        ),
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            variant_id=pk,
            description=str(variants[pk]),
            quantity=quantity,
            unit_price=variants[pk].price,
            vat_rate=variants[pk].vat_rate,
            perishable=variants[pk].perishable,
        )
        for pk, quantity in quantities.items()
    )
    if request.payment_method == PaymentMethod.INVOICE:
        # The invoice is the request for payment: it is numbered when the order is taken.
        invoice_number_assign(order)
    order_changed.send(sender=Order, order=order, created=True)
    transaction.on_commit(lambda: order_email_send.enqueue(order.pk, "confirmation"))
    if card:
        transaction.on_commit(lambda: orders_expire_later(order.expires_at))
    return order
