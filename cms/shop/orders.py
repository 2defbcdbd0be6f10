"""Placing, paying, expiring and moving orders along their status flow.

Stock and a day's places are reserved with conditional UPDATEs (`stock >=
quantity`, `booked < capacity`) in one transaction, in a fixed order (variants
by id, then the day) so that concurrent orders never deadlock; the database's
CHECK constraints refuse what a bug would let through. Nothing is read and
then written back. Every change of status is one conditional UPDATE from the
status it expects, so a webhook, the expiry task and the admin racing each
other change an order once, and its side effects (stock back, invoice number,
e-mail) happen once.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task
from sequences import get_next_value

from . import pricing
from .calendar import day_refusal, shop_settings_get, zone_for
from .emails import order_email_send
from .invoices import invoice_needs_address
from .models import (
    DeliveryDay,
    Order,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    ProductVariant,
)
from .payments import payment_refund
from .signals import order_changed

logger = logging.getLogger(__name__)
S = OrderStatus
# Where each status may go. Card orders are paid before they are prepared;
# invoice and pay-on-collection orders are prepared first (see order_status_change).
TRANSITIONS = {
    S.PENDING_PAYMENT: {S.PAID, S.IN_PREPARATION, S.CANCELLED, S.EXPIRED},
    S.PAID: {S.IN_PREPARATION, S.CANCELLED, S.REFUNDED},
    S.IN_PREPARATION: {S.OUT_FOR_DELIVERY, S.CANCELLED, S.REFUNDED},
    S.OUT_FOR_DELIVERY: {S.DELIVERED},
    S.DELIVERED: {S.REFUNDED},
    S.CANCELLED: set(),
    S.REFUNDED: set(),
    S.EXPIRED: set(),
}
# Statuses whose order holds stock and a place; leaving them gives both back.
HOLDING = {S.PENDING_PAYMENT, S.PAID, S.IN_PREPARATION}
RELEASING = {S.CANCELLED, S.REFUNDED, S.EXPIRED}


class OrderRefused(Exception):
    """A conflict with what is left: `out_of_stock` or `day_full` (409)."""

    def __init__(self, code: str, message: str, **details):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


class OrderInvalid(Exception):
    """The order cannot be taken as written: a message per field (422)."""

    def __init__(self, fields: dict[str, list[str]]):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items()))
        self.fields = fields


class TransitionRefused(Exception):
    pass


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
    for pk in sorted(quantities):
        taken = ProductVariant.objects.filter(pk=pk, stock__gte=quantities[pk]).update(
            stock=F("stock") - quantities[pk]
        )
        if not taken:
            raise OrderRefused(
                "out_of_stock",
                f"Not enough left of {variants[pk]}.",
                fields={"lines": [f"Not enough left of variant {pk} ({variants[pk]})."]},
            )
    if not request.pickup:
        taken = DeliveryDay.objects.filter(
            site=site, date=request.date, booked__lt=F("capacity")
        ).update(booked=F("booked") + 1)
        if not taken:
            raise OrderRefused(
                "day_full",
                f"{request.date} is fully booked.",
                fields={"delivery.date": ["That day is fully booked."]},
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
        _invoice_number_assign(order)
    order_changed.send(sender=Order, order=order, created=True)
    transaction.on_commit(lambda: order_email_send.enqueue(order.pk, "confirmation"))
    if card:
        transaction.on_commit(lambda: orders_expire_later(order.expires_at))
    return order


def _invoice_number_assign(order: Order) -> None:
    """The site's next invoice number, gapless: django-sequences locks the
    counter's row until this transaction commits, and a rollback takes the
    number back with it."""
    order.invoice_number = get_next_value(f"shop-invoice-{order.site_id}")
    Order.objects.filter(pk=order.pk).update(invoice_number=order.invoice_number)


def _release(order: Order) -> None:
    """Gives the order's stock and place back. Called only by the one
    conditional UPDATE that moved it out of a holding status."""
    for line in order.lines.exclude(variant=None).order_by("variant_id"):
        ProductVariant.objects.filter(pk=line.variant_id).update(stock=F("stock") + line.quantity)
    if order.holds_place:
        DeliveryDay.objects.filter(site_id=order.site_id, date=order.date, booked__gt=0).update(
            booked=F("booked") - 1
        )
        Order.objects.filter(pk=order.pk).update(holds_place=False)


def transition_refusal(*, order: Order, to: str) -> str | None:
    """Why the order cannot move to `to`, or None when the flow allows it."""
    current = order.status
    allowed = to in TRANSITIONS[current]
    # Card orders are paid before they are prepared; invoice and
    # pay-on-collection orders are prepared first and paid later.
    if current == S.PENDING_PAYMENT and to == S.IN_PREPARATION:
        allowed = order.payment_method != PaymentMethod.CARD
    if allowed:
        return None
    return f"An order that is {S(current).label.lower()} cannot become {S(to).label.lower()}."


def order_status_change(*, order: Order, to: str) -> Order:
    """Moves the order to `to` if the flow allows it, exactly once."""
    current = order.status
    refusal = transition_refusal(order=order, to=to)
    if refusal:
        raise TransitionRefused(refusal)
    with transaction.atomic():
        if not Order.objects.filter(pk=order.pk, status=current).update(status=to):
            raise TransitionRefused("The order was changed meanwhile; reload it.")
        order.refresh_from_db()
        if current in HOLDING and to in RELEASING:
            _release(order)
        if to == S.PAID:
            order_payment_record(order=order)
        else:
            _after_change(order, out=to == S.OUT_FOR_DELIVERY)
    return order


def order_payment_record(*, order: Order) -> bool:
    """Records the money as received (a card webhook, or the shop for an invoice
    or a collection): once, with the invoice number and the e-mail."""
    with transaction.atomic():
        if not Order.objects.filter(pk=order.pk, paid_at=None).update(paid_at=timezone.now()):
            return False
        order.refresh_from_db()
        if order.invoice_number is None:
            _invoice_number_assign(order)
        _after_change(order, paid=True)
    return True


def _after_change(order: Order, *, paid: bool = False, out: bool = False) -> None:
    order_changed.send(sender=Order, order=order, created=False)
    if paid:
        transaction.on_commit(lambda: order_email_send.enqueue(order.pk, "payment_received"))
    if out:
        transaction.on_commit(lambda: order_email_send.enqueue(order.pk, "out_for_delivery"))


def order_card_paid(*, payment_intent: str, amount: int) -> Order | None:
    """A card payment succeeded (Stripe's webhook): the order is paid, once.
    An order that expired meanwhile is taken again if its stock and place are
    still there; otherwise it is refunded."""
    order = Order.objects.filter(payment_intent=payment_intent).first()
    if order is None or pricing.cents(order.total) != amount:
        logger.warning("A payment of %s cents for %s matches no order.", amount, payment_intent)
        return None
    with transaction.atomic():
        if order.status == S.EXPIRED:
            return _expired_order_paid(order)
        if not Order.objects.filter(pk=order.pk, status=S.PENDING_PAYMENT).update(status=S.PAID):
            return None
        order_payment_record(order=order)
    return order


def _expired_order_paid(order: Order) -> Order | None:
    try:
        with transaction.atomic():
            quantities = dict(
                order.lines.exclude(variant=None).values_list("variant_id", "quantity")
            )
            for pk in sorted(quantities):
                if not ProductVariant.objects.filter(pk=pk, stock__gte=quantities[pk]).update(
                    stock=F("stock") - quantities[pk]
                ):
                    raise OrderRefused("out_of_stock", "")
            if not order.pickup and not DeliveryDay.objects.filter(
                site_id=order.site_id, date=order.date, booked__lt=F("capacity")
            ).update(booked=F("booked") + 1):
                raise OrderRefused("day_full", "")
            moved = Order.objects.filter(pk=order.pk, status=S.EXPIRED).update(
                status=S.PAID, holds_place=not order.pickup
            )
            if not moved:
                raise OrderRefused("changed", "")
    except OrderRefused:
        moved = Order.objects.filter(pk=order.pk, status=S.EXPIRED).update(status=S.REFUNDED)
        if moved:
            transaction.on_commit(lambda: payment_refund(order=order))
        return None
    order_payment_record(order=order)
    return order


def orders_expire(*, now=None) -> int:
    """Expires the card orders left unpaid past their time and gives back what they held."""
    expired = 0
    due = Order.objects.filter(
        status=S.PENDING_PAYMENT, expires_at__lte=now or timezone.now()
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            if Order.objects.filter(pk=pk, status=S.PENDING_PAYMENT).update(status=S.EXPIRED):
                order = Order.objects.get(pk=pk)
                _release(order)
                _after_change(order)
                expired += 1
    return expired


@task()
def orders_expire_task() -> None:
    orders_expire()


def orders_expire_later(when) -> None:
    """Runs the expiry when the order's time is up, where the task backend can
    wait (the database worker). The worker's upkeep (cms.publishing.scheduling)
    also expires what is due, in case this was never queued."""
    if orders_expire_task.get_backend().supports_defer:
        orders_expire_task.using(run_after=when).enqueue()
