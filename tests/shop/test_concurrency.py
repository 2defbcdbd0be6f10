"""Many customers at once, against gunicorn with several workers: the last
units and the last places of a day go to exactly as many orders as there are,
stock never goes below zero, and nobody waits on a deadlock."""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from wagtail.models import Site

from cms.shop.models import DeliveryDay, ProductVariant

from .factories import order_body, shop_create
from .gunicorn_app import App

# Other processes read what the test wrote; the migrations' rows come back after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def shop(home):
    return shop_create(site=Site.objects.get(is_default_site=True), stock=1000, capacity=1000)


def orders_at_once(app: App, bodies: list[dict]) -> list[requests.Response]:
    def send(body):
        return requests.post(
            f"{app.url}/api/v1/shop/orders/?site=localhost",
            data=json.dumps(body),
            headers={"Content-Type": "application/json", "Host": "localhost"},
            timeout=120,
        )

    with ThreadPoolExecutor(max_workers=25) as pool:
        return list(pool.map(send, bodies))


def test_a_hundred_orders_for_the_last_five_units_make_five_orders(shop, tmp_path):
    ProductVariant.objects.filter(pk=shop["rose"].pk).update(stock=5)
    app = App(tmp_path)
    try:
        bodies = [
            order_body(variant=shop["rose"], day=shop["day"], pickup=True, method="pay_on_pickup")
            for _ in range(100)
        ]
        responses = orders_at_once(app, bodies)
        stock = app.rows("SELECT stock FROM shop_productvariant WHERE id = %s", shop["rose"].pk)
        orders = app.rows("SELECT count(*) FROM shop_order")
    finally:
        app.stop()
    codes = sorted(r.status_code for r in responses)
    assert codes.count(201) == 5
    assert codes.count(409) == 95, {r.status_code: r.text for r in responses}
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {
        "out_of_stock"
    }
    assert stock == [(0,)]
    assert orders == [(5,)]


def test_fifty_orders_for_the_last_three_places_of_a_day_make_three_orders(shop, tmp_path):
    DeliveryDay.objects.filter(date=shop["day"]).update(capacity=3)
    app = App(tmp_path)
    try:
        bodies = [order_body(variant=shop["rose"], day=shop["day"]) for _ in range(50)]
        responses = orders_at_once(app, bodies)
        booked = app.rows(
            "SELECT booked FROM shop_deliveryday WHERE date = %s", shop["day"].isoformat()
        )
        stock = app.rows("SELECT stock FROM shop_productvariant WHERE id = %s", shop["rose"].pk)
    finally:
        app.stop()
    codes = [r.status_code for r in responses]
    assert codes.count(201) == 3
    assert codes.count(409) == 47, {r.status_code: r.text for r in responses}
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {"day_full"}
    assert booked == [(3,)]
    # The refused orders took no stock either.
    assert stock == [(997,)]
