"""Moving orders along their status flow, and recording payments.

Every change of status is one conditional UPDATE from the status it expects,
so a webhook, the expiry task and the admin racing each other change an order
once, and its side effects (stock back, invoice number, e-mail) happen once.
"""

import logging

from django.db import transaction
from django.utils import timezone
from sequences import get_next_value

from .. import pricing
from ..emails import order_email_send
from ..models import Order, OrderStatus, PaymentMethod
from ..payments import payment_refund
from ..signals import order_changed
from .reservations import OrderRefused, stock_and_place_release, stock_and_place_reserve

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


class TransitionRefused(Exception):
    pass


def invoice_number_assign(order: Order) -> None:
    """The site's next invoice number, gapless: django-sequences locks the
    counter's row until this transaction commits, and a rollback takes the
    number back with it."""
    order.invoice_number = get_next_value(f"shop-invoice-{order.site_id}")
    Order.objects.filter(pk=order.pk).update(invoice_number=order.invoice_number)


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
            stock_and_place_release(order)
        if to == S.PAID:
            order_payment_record(order=order)
        else:
            order_changed_notify(order, out=to == S.OUT_FOR_DELIVERY)
    return order


def order_payment_record(*, order: Order) -> bool:
    """Records the money as received (a card webhook, or the shop for an invoice
    or a collection): once, with the invoice number and the e-mail."""
    with transaction.atomic():
        if not Order.objects.filter(pk=order.pk, paid_at=None).update(paid_at=timezone.now()):
            return False
        order.refresh_from_db()
        if order.invoice_number is None:
            invoice_number_assign(order)
        order_changed_notify(order, paid=True)
    return True


def order_changed_notify(order: Order, *, paid: bool = False, out: bool = False) -> None:
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
            lines = order.lines.exclude(variant=None).values_list(
                "variant_id", "quantity", "description"
            )
            stock_and_place_reserve(
                site_id=order.site_id,
                day=order.date,
                pickup=order.pickup,
                quantities={pk: quantity for pk, quantity, _ in lines},
                names={pk: description for pk, _, description in lines},
            )
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
