"""Card payments against localstripe: the amount Stripe is asked for is the
order's total, and Stripe's webhooks, however often and in whatever order they
come, mark each order paid once, with one e-mail and one invoice number."""

import json
import random

import pytest
import stripe
from django.core import mail

from cms.shop.models import Order
from cms.shop.orders import orders_expire
from cms.shop.pricing import cents

from .conftest import shared_shop
from .factories import order_body
from .stripe_fake import FakeStripe, free_port

pytestmark = pytest.mark.django_db
SECRET = "whsec_shop_tests"
WEBHOOK = "/api/v1/shop/stripe-webhook/"


shop = shared_shop()


@pytest.fixture
def fake_stripe(settings):
    fake = FakeStripe(secret=SECRET)
    settings.STRIPE_SECRET_KEY = "sk_test_shop"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_shop"
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.STRIPE_API_BASE = fake.base
    yield fake
    fake.stop()


def card_order(client, shop, quantity: int) -> Order:
    body = order_body(variant=shop["rose"], quantity=quantity, day=shop["day"], method="card")
    response = client.post(
        "/api/v1/shop/orders/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    payment = response.json()["payment"]
    assert payment["client_secret"] and payment["publishable_key"] == "pk_test_shop"
    return Order.objects.get(client_secret=payment["client_secret"])


def customer_pays(order: Order) -> None:
    """What Stripe.js does in the customer's browser."""
    card = stripe.PaymentMethod.create(
        type="card",
        card={"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"},
        api_key="sk_test_shop",
    )
    stripe.PaymentIntent.modify(
        order.payment_intent, payment_method=card.id, api_key="sk_test_shop"
    )
    stripe.PaymentIntent.confirm(order.payment_intent, api_key="sk_test_shop")


def deliver(client, body: bytes, signature: str):
    return client.post(
        WEBHOOK, body, content_type="application/json", headers={"Stripe-Signature": signature}
    )


def test_stripe_is_asked_for_the_orders_total(client, shop, fake_stripe):
    order = card_order(client, shop, quantity=3)
    intent = stripe.PaymentIntent.retrieve(order.payment_intent, api_key="sk_test_shop")
    # 3 × 29.90, delivered free from 80 €.
    assert intent.amount == cents(order.total) == 8970
    assert intent.currency == "eur"


def test_every_webhook_three_times_in_random_order_pays_each_order_once(
    client, shop, fake_stripe, django_capture_on_commit_callbacks
):
    orders = [card_order(client, shop, quantity=n) for n in (1, 2, 3)]
    for order in orders:
        customer_pays(order)
    events = fake_stripe.events(count=len(orders))
    assert len(events) >= len(orders)
    deliveries = events * 3
    random.Random(16).shuffle(deliveries)  # noqa: S311 (an order, not a secret)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for body, signature in deliveries:
            assert deliver(client, body, signature).status_code == 200
    paid = Order.objects.filter(pk__in=[o.pk for o in orders])
    assert {o.status for o in paid} == {"paid"}
    assert sorted(o.invoice_number for o in paid) == [1, 2, 3]
    receipts = [m for m in mail.outbox if m.subject.startswith("Payment received")]
    assert sorted(m.to[0] for m in receipts) == ["jana@example.com"] * 3


def test_a_webhook_with_a_wrong_signature_changes_nothing(client, shop, fake_stripe):
    order = card_order(client, shop, quantity=1)
    customer_pays(order)
    (body, signature), *_ = fake_stripe.events(count=1)
    forged = signature[:-4] + ("0000" if not signature.endswith("0000") else "1111")
    assert deliver(client, body, forged).status_code == 400
    order.refresh_from_db()
    assert order.status == "pending_payment"


def test_a_payment_after_the_order_expired_takes_it_again_while_stock_lasts(
    client, shop, fake_stripe
):

    order = card_order(client, shop, quantity=2)
    Order.objects.filter(pk=order.pk).update(expires_at=order.created_at)
    assert orders_expire() == 1
    customer_pays(order)
    (body, signature), *_ = fake_stripe.events(count=1)
    assert deliver(client, body, signature).status_code == 200
    order.refresh_from_db()
    assert (order.status, order.invoice_number) == ("paid", 1)
    shop["rose"].refresh_from_db()
    assert shop["rose"].stock == 18


def test_when_stripe_cannot_be_reached_the_order_gives_everything_back(client, shop, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_shop"
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    body = order_body(variant=shop["rose"], quantity=2, day=shop["day"], method="card")
    response = client.post(
        "/api/v1/shop/orders/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 502
    assert response.json()["error"]["code"] == "payment_unavailable"
    assert Order.objects.get().status == "expired"
    shop["rose"].refresh_from_db()
    assert shop["rose"].stock == 20
