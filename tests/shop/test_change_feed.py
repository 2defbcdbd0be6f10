"""Orders appear in the change feed, for the shop's own systems, without
customer data, and without emptying the site's cached pages."""

import json

import pytest

from cms.publishing import events
from cms.publishing.models import ChangeEvent, WebhookEndpoint
from cms.shop.models import Order
from cms.shop.orders import order_status_change

from .factories import order_body

pytestmark = pytest.mark.django_db


def test_placing_and_moving_an_order_is_in_the_change_feed(client, shop):
    body = order_body(variant=shop["rose"], day=shop["day"])
    client.post("/api/v1/shop/orders/", json.dumps(body), content_type="application/json")
    order = Order.objects.get()
    order_status_change(order=order, to="in_preparation")
    feed = ChangeEvent.objects.filter(event=events.ORDER_CHANGED).order_by("pk")
    assert [change.detail["status"] for change in feed] == ["pending_payment", "in_preparation"]
    assert {change.site_id for change in feed} == {order.site_id}
    assert "jana" not in json.dumps([change.detail for change in feed]).lower()


def test_a_new_webhook_is_not_told_of_orders_unless_it_asks(shop):
    assert events.ORDER_CHANGED not in WebhookEndpoint(url="https://x.example/").events
