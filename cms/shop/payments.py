"""Card payments through Stripe's PaymentIntents, with the official package.

Every call carries an idempotency key derived from the order, so a retried
request (ours, or the customer's with the same Idempotency-Key) never makes a
second charge. Calls happen outside database transactions: no row stays
locked while Stripe answers."""

import logging

import stripe
from django.conf import settings

from .models import Order
from .pricing import cents

logger = logging.getLogger(__name__)


def _options() -> dict:
    if settings.STRIPE_API_BASE:
        # A fake Stripe (localstripe) in tests and local development.
        stripe.api_base = settings.STRIPE_API_BASE
    # A request whose answer was lost (a dropped connection, a timeout) is
    # sent again with the same idempotency key, and Stripe answers with what
    # it made the first time.
    return {"api_key": settings.STRIPE_SECRET_KEY, "max_network_retries": 2}


class PaymentUnavailable(Exception):
    pass


def payment_start(*, order: Order) -> Order:
    """The PaymentIntent of a card order, made once; the amount is the order's total."""
    if order.payment_intent:
        return order
    try:
        intent = stripe.PaymentIntent.create(
            amount=cents(order.total),
            currency="eur",
            metadata={"order": order.reference, "site": str(order.site_id)},
            idempotency_key=f"shop-order-{order.reference}",
            **_options(),
        )
    except stripe.StripeError as error:
        logger.warning("Stripe refused or did not answer for order %s: %s", order.pk, error)
        raise PaymentUnavailable(str(error)) from error
    Order.objects.filter(pk=order.pk, payment_intent="").update(
        payment_intent=intent.id, client_secret=intent.client_secret
    )
    order.refresh_from_db()
    return order


def payment_refund(*, order: Order) -> None:
    """Pays back a card payment that came in for an order that could no longer be kept."""
    try:
        stripe.Refund.create(
            payment_intent=order.payment_intent,
            idempotency_key=f"shop-refund-{order.reference}",
            **_options(),
        )
    except stripe.StripeError:
        logger.exception("Refund of order %s failed; refund it in Stripe's dashboard.", order.pk)
