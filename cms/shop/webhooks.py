"""Stripe's webhooks: signature-checked, each event handled once (its id is
stored in the same transaction as its effect), and harmless when late, twice,
or out of order, since paying an order is itself a once-only change."""

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction

from .models import StripeEvent
from .orders import order_card_paid


class InvalidWebhook(Exception):
    pass


def stripe_event_handle(*, payload: bytes, signature: str) -> bool:
    """Handles one delivery; False for an event already handled."""
    try:
        event = stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
    except (ValueError, stripe.SignatureVerificationError) as error:
        raise InvalidWebhook(str(error)) from error
    try:
        with transaction.atomic():
            StripeEvent.objects.create(event_id=event["id"], type=event["type"])
            if event["type"] == "payment_intent.succeeded":
                intent = event["data"]["object"]
                order_card_paid(payment_intent=intent["id"], amount=intent["amount"])
    except IntegrityError:
        return False
    return True
