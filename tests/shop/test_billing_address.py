"""German invoices name the recipient's address unless they are small (§ 14 (4)
UStG, § 33 UStDV: up to 250 € gross): an order over 250 €, or one paid by
invoice, needs the billing address, collections included, and its invoice
carries it."""

import json
from decimal import Decimal

import pytest

from cms.shop.invoices import invoice_html
from cms.shop.models import Order, ProductVariant
from cms.shop.orders import order_payment_record

from .factories import BILLING, order_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def bouquet(shop):
    """A wedding bouquet whose price is the order's total when collected."""
    return ProductVariant.objects.create(
        product=shop["roses"], name="Wedding", price=Decimal("250.00"), stock=5
    )


def collect(client, shop, variant, **extra):
    body = order_body(variant=variant, day=shop["day"], pickup=True, **extra)
    return client.post("/api/v1/shop/orders/", json.dumps(body), content_type="application/json")


def test_a_collection_of_250_euros_needs_no_address(client, shop, bouquet):
    response = collect(client, shop, bouquet, method="pay_on_pickup")
    assert response.status_code == 201, response.content
    assert response.json()["total"] == "250.00"


def test_a_collection_of_a_cent_more_needs_the_billing_address(client, shop, bouquet):
    ProductVariant.objects.filter(pk=bouquet.pk).update(price=Decimal("250.01"))
    response = collect(client, shop, bouquet, method="pay_on_pickup")
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_order"
    assert list(error["fields"]) == ["billing"]
    assert "billing address" in error["fields"]["billing"][0]
    assert not Order.objects.exists()
    assert ProductVariant.objects.get(pk=bouquet.pk).stock == 5


def test_an_incomplete_billing_address_is_refused_on_its_field(client, shop, bouquet):
    response = collect(
        client, shop, bouquet, method="pay_on_pickup", billing={**BILLING, "city": ""}
    )
    assert response.status_code == 422, response.content
    assert list(response.json()["error"]["fields"]) == ["billing.city"]


def test_a_small_order_paid_by_invoice_needs_the_billing_address(client, shop):
    response = collect(client, shop, shop["vase"], method="invoice", billing={})
    assert response.status_code == 422, response.content
    assert list(response.json()["error"]["fields"]) == ["billing"]


def test_the_invoice_of_a_large_collection_names_the_billing_address(client, shop, bouquet):
    ProductVariant.objects.filter(pk=bouquet.pk).update(price=Decimal("250.01"))
    billing = {
        "name": "Hochzeit Berg GbR",
        "street": "Am Hafen 9",
        "postcode": "24103",
        "city": "Kiel",
    }
    response = collect(client, shop, bouquet, method="pay_on_pickup", billing=billing)
    assert response.status_code == 201, response.content
    order = Order.objects.get()
    order_payment_record(order=order)
    invoice = invoice_html(order=order)
    for part in billing.values():
        assert part in invoice
