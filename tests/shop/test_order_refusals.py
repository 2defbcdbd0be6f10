"""What the shop cannot do is refused with a message on the field at fault,
and nothing is taken from stock or from the delivery day."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest

from cms.shop.models import (
    ClosedDay,
    DeliveryDay,
    DeliveryZone,
    Order,
    ProductVariant,
    ShopSettings,
)

from .factories import order_body

pytestmark = pytest.mark.django_db


def refused(client, shop, body) -> dict:
    response = client.post(
        "/api/v1/shop/orders/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert not Order.objects.exists()
    assert ProductVariant.objects.get(pk=shop["rose"].pk).stock == 20
    assert DeliveryDay.objects.get(date=shop["day"]).booked == 0
    return response.json()["error"]["fields"]


def test_a_delivery_below_the_zones_minimum_is_refused(client, shop):
    DeliveryZone.objects.filter(pk=shop["zone"].pk).update(minimum_order=Decimal("50.00"))
    body = order_body(variant=shop["rose"], quantity=1, day=shop["day"])
    assert refused(client, shop, body) == {"lines": ["Deliveries to Kiel start at 50.00 €."]}


def test_the_minimum_is_met_by_the_goods_not_the_delivery_price(client, shop):
    DeliveryZone.objects.filter(pk=shop["zone"].pk).update(minimum_order=Decimal("59.80"))
    body = order_body(variant=shop["rose"], quantity=2, day=shop["day"])
    response = client.post(
        "/api/v1/shop/orders/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content


def test_paying_on_collection_needs_collection(client, shop):
    body = order_body(variant=shop["rose"], day=shop["day"], method="pay_on_pickup")
    assert refused(client, shop, body) == {
        "payment_method": ["Paying on collection needs collection."]
    }


def test_collection_is_refused_where_the_shop_does_not_offer_it(client, shop):
    ShopSettings.objects.update(pickup=False)
    body = order_body(variant=shop["rose"], day=shop["day"], pickup=True)
    assert refused(client, shop, body) == {
        "delivery.pickup": ["This shop does not offer collection."]
    }


def test_a_payment_method_the_shop_does_not_take_is_refused(client, shop):
    ShopSettings.objects.update(invoice=False)
    body = order_body(variant=shop["rose"], day=shop["day"], method="invoice")
    assert refused(client, shop, body) == {
        "payment_method": ["This shop does not take that payment method."]
    }


def test_a_day_without_deliveries_is_refused(client, shop):
    body = order_body(variant=shop["rose"], day=shop["day"] + timedelta(days=30))
    assert refused(client, shop, body) == {"delivery.date": ["The shop does not deliver that day."]}


def test_a_product_of_another_shop_is_refused(client, shop):
    body = order_body(variant=shop["rose"], day=shop["day"])
    body["lines"].append({"variant": 987654, "quantity": 1})
    assert refused(client, shop, body) == {"lines": ["No product variant 987654 in this shop."]}


def test_a_closed_day_is_refused_even_with_a_delivery_day(client, shop):
    ClosedDay.objects.create(site_id=shop["zone"].site_id, date=shop["day"])
    body = order_body(variant=shop["rose"], day=shop["day"])
    assert refused(client, shop, body) == {"delivery.date": ["The shop is closed that day."]}


def test_the_same_product_on_two_lines_counts_against_stock_once(client, shop):
    ProductVariant.objects.filter(pk=shop["rose"].pk).update(stock=3)
    body = order_body(variant=shop["rose"], quantity=2, day=shop["day"])
    body["lines"].append({"variant": shop["rose"].pk, "quantity": 2})
    response = client.post(
        "/api/v1/shop/orders/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == "out_of_stock"
    assert ProductVariant.objects.get(pk=shop["rose"].pk).stock == 3
    assert not Order.objects.exists()
