"""A card order sent twice, or whose answer from Stripe was lost on the way,
makes one PaymentIntent, for the order's total. localstripe ignores
Idempotency-Key, so these run against IdempotentStripe (tests/shop/stripe_fake.py),
which keeps and replays Stripe's answer per key as Stripe does."""

import json

import pytest

from cms.shop.models import Order
from cms.shop.pricing import cents

from .factories import order_body
from .stripe_fake import IdempotentStripe

pytestmark = pytest.mark.django_db


@pytest.fixture
def stripe_fake(settings):
    fake = IdempotentStripe()
    settings.STRIPE_SECRET_KEY = "sk_test_shop"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_shop"
    settings.STRIPE_API_BASE = fake.base
    yield fake
    fake.stop()


def send(client, shop, key: str):
    body = order_body(variant=shop["rose"], quantity=2, day=shop["day"], method="card")
    return client.post(
        "/api/v1/shop/orders/",
        json.dumps(body),
        content_type="application/json",
        headers={"Idempotency-Key": key},
    )


def only_intent_is_the_orders(stripe_fake) -> Order:
    order = Order.objects.get()
    (intent,) = stripe_fake.intents
    assert order.payment_intent == intent["id"]
    # 2 × 29.90 + 6.50 delivery.
    assert intent["amount"] == cents(order.total) == 6630
    return order


def test_an_order_sent_twice_with_its_key_makes_one_payment_intent(client, shop, stripe_fake):
    first = send(client, shop, "checkout-1")
    again = send(client, shop, "checkout-1")
    assert (first.status_code, again.status_code) == (201, 200), again.content
    assert first.json()["payment"]["client_secret"] == again.json()["payment"]["client_secret"]
    only_intent_is_the_orders(stripe_fake)


def test_an_answer_from_stripe_lost_on_the_way_is_asked_for_again_under_the_same_key(
    client, shop, stripe_fake
):
    stripe_fake.drop = 1
    response = send(client, shop, "checkout-2")
    assert response.status_code == 201, response.content
    order = only_intent_is_the_orders(stripe_fake)
    assert response.json()["payment"]["client_secret"] == order.client_secret
    # The key is the order's own, not one per attempt.
    assert stripe_fake.keys == [f"shop-order-{order.reference}"] * 2


def test_a_customer_retrying_after_stripe_was_unreachable_resumes_the_same_intent(
    client, shop, stripe_fake
):
    stripe_fake.drop = 3  # the first attempt and both of the library's retries
    lost = send(client, shop, "checkout-3")
    assert lost.status_code == 502, lost.content
    assert lost.json()["error"]["code"] == "payment_unavailable"
    assert len(stripe_fake.intents) == 1  # made at Stripe, its answer lost

    retried = send(client, shop, "checkout-3")
    assert retried.status_code == 200, retried.content
    assert retried.json()["status"] == "pending_payment"
    order = only_intent_is_the_orders(stripe_fake)
    assert retried.json()["payment"]["client_secret"] == order.client_secret
    assert len(stripe_fake.keys) == 4 and set(stripe_fake.keys) == {f"shop-order-{order.reference}"}
