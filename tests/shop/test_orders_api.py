import json
from datetime import timedelta

import pytest
from django.core import mail

from cms.shop.models import DeliveryDay, Order, ProductVariant, Season

from .conftest import shared_shop
from .factories import order_body

pytestmark = pytest.mark.django_db
ORDERS = "/api/v1/shop/orders/"


shop = shared_shop()


def post(client, body, **headers):
    return client.post(ORDERS, json.dumps(body), content_type="application/json", headers=headers)


def test_an_order_reserves_stock_and_a_place_and_says_what_it_costs(
    client, shop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, order_body(variant=shop["rose"], quantity=2, day=shop["day"]))
    assert response.status_code == 201, response.content
    order = response.json()
    # 2 × 29.90 = 59.80, under the 80 € threshold: delivery 6.50.
    assert (order["subtotal"], order["delivery_price"], order["total"]) == (
        "59.80",
        "6.50",
        "66.30",
    )
    assert order["no_withdrawal"] is True
    assert order["payment"]["invoice_number"] == 1
    assert ProductVariant.objects.get(pk=shop["rose"].pk).stock == 18
    assert DeliveryDay.objects.get(date=shop["day"]).booked == 1
    assert mail.outbox[0].to == ["jana@example.com"]
    assert "no right of withdrawal" in mail.outbox[0].body


def test_the_customers_link_shows_the_order_and_a_forged_one_nothing(client, shop):
    token = post(client, order_body(variant=shop["vase"], day=shop["day"])).json()["token"]
    assert client.get(f"{ORDERS}{token}/").json()["status"] == "pending_payment"
    forged = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    response = client.get(f"{ORDERS}{forged}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "order_not_found"


def test_the_same_idempotency_key_makes_one_order(client, shop):
    body = order_body(variant=shop["rose"], day=shop["day"])
    first = post(client, body, **{"Idempotency-Key": "abc-1"})
    again = post(client, body, **{"Idempotency-Key": "abc-1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["token"] == again.json()["token"]
    assert Order.objects.count() == 1
    assert ProductVariant.objects.get(pk=shop["rose"].pk).stock == 19


def test_more_than_is_left_is_refused_and_nothing_is_taken(client, shop):
    response = post(client, order_body(variant=shop["rose"], quantity=21, day=shop["day"]))
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "out_of_stock"
    assert ProductVariant.objects.get(pk=shop["rose"].pk).stock == 20
    assert DeliveryDay.objects.get(date=shop["day"]).booked == 0


def test_a_full_day_is_refused_and_gives_the_stock_back(client, shop):
    DeliveryDay.objects.filter(date=shop["day"]).update(capacity=0)
    response = post(client, order_body(variant=shop["rose"], day=shop["day"]))
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "day_full"
    assert ProductVariant.objects.get(pk=shop["rose"].pk).stock == 20


def test_collection_takes_no_place_and_costs_no_delivery(client, shop):
    DeliveryDay.objects.filter(date=shop["day"]).update(capacity=0)
    body = order_body(variant=shop["rose"], day=shop["day"], pickup=True, method="pay_on_pickup")
    response = post(client, body)
    assert response.status_code == 201, response.content
    assert response.json()["delivery_price"] == "0.00"


def test_each_wrong_field_gets_its_own_message(client, shop):
    body = order_body(variant=shop["rose"], quantity=0, day=shop["day"])
    body["customer"]["email"] = "not an address"
    response = post(client, body)
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"lines.0.quantity", "customer.email"}


def test_what_the_shop_cannot_do_is_named_field_by_field(client, shop):
    body = order_body(variant=shop["rose"], day=shop["day"] - timedelta(days=3), method="card")
    body["delivery"]["postcode"] = "80331"
    response = post(client, body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_order"
    assert set(response.json()["error"]["fields"]) == {
        "delivery.postcode",
        "delivery.date",
        "payment_method",
    }


def test_free_delivery_above_the_threshold_and_vat_per_rate(client, shop):
    body = order_body(variant=shop["rose"], quantity=3, day=shop["day"])
    body["lines"].append({"variant": shop["vase"].pk, "quantity": 1})
    order = post(client, body).json()
    assert order["delivery_price"] == "0.00"
    assert {share["rate"]: share["gross"] for share in order["vat"]} == {
        "0.07": "89.70",
        "0.19": "19.00",
    }


def test_delivery_days_list_free_places_and_the_price(client, shop):
    DeliveryDay.objects.filter(date=shop["day"]).update(capacity=1, booked=1)
    response = client.get("/api/v1/shop/delivery-days/", {"postcode": "24103"})
    assert response.status_code == 200
    data = response.json()
    dates = [item["date"] for item in data["items"]]
    assert shop["day"].isoformat() not in dates
    assert data["items"][0]["price"] == "6.50"
    outside = client.get("/api/v1/shop/delivery-days/", {"postcode": "80331"}).json()
    assert (outside["zone"], outside["items"], outside["pickup"]) == (None, [], True)


def test_products_in_season_only(client, shop):
    roses = shop["roses"]
    day = shop["day"]
    # A yearly window: the year of its dates does not matter.
    Season.objects.create(
        product=roses,
        name="Valentine",
        yearly=True,
        start=day.replace(year=2000),
        end=day.replace(year=2000),
    )
    every = client.get("/api/v1/shop/products/").json()
    assert {p["name"] for p in every["items"]} == {"Red roses", "Glass vase"}
    assert every["items"][1]["seasons"][0]["name"] == "Valentine"
    listed = client.get("/api/v1/shop/products/", {"available_on": day.isoformat()}).json()
    assert {p["name"] for p in listed["items"]} == {"Red roses", "Glass vase"}
    later = (day + timedelta(days=2)).isoformat()
    listed = client.get("/api/v1/shop/products/", {"available_on": later}).json()
    assert {p["name"] for p in listed["items"]} == {"Glass vase"}
