"""The status flow refuses illegal moves; unpaid card orders expire and give
back what they held; out for delivery tells the customer."""

import json

import pytest
from django.core import mail

from cms.shop.models import DeliveryDay, Order, OrderStatus, ProductVariant
from cms.shop.orders import TransitionRefused, order_status_change, orders_expire

from .conftest import shared_shop
from .factories import order_body

pytestmark = pytest.mark.django_db
S = OrderStatus


shop = shared_shop()


def place(client, shop, method="invoice", **extra) -> Order:
    body = order_body(variant=shop["rose"], quantity=2, day=shop["day"], method=method, **extra)
    response = client.post(
        "/api/v1/shop/orders/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return Order.objects.latest("pk")


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.PENDING_PAYMENT, S.DELIVERED),
        (S.PAID, S.OUT_FOR_DELIVERY),
        (S.DELIVERED, S.IN_PREPARATION),
        (S.EXPIRED, S.PAID),
        (S.CANCELLED, S.IN_PREPARATION),
        (S.OUT_FOR_DELIVERY, S.CANCELLED),
    ],
)
def test_illegal_transitions_are_refused(client, shop, start, to):
    order = place(client, shop)
    Order.objects.filter(pk=order.pk).update(status=start)
    order.refresh_from_db()
    with pytest.raises(TransitionRefused):
        order_status_change(order=order, to=to)
    order.refresh_from_db()
    assert order.status == start


def test_a_card_order_is_not_prepared_before_it_is_paid(client, shop, settings):
    settings.STRIPE_SECRET_KEY = ""
    order = place(client, shop)
    Order.objects.filter(pk=order.pk).update(payment_method="card")
    order.refresh_from_db()
    with pytest.raises(TransitionRefused):
        order_status_change(order=order, to=S.IN_PREPARATION)


def test_the_whole_way_to_the_door(client, shop, django_capture_on_commit_callbacks):
    order = place(client, shop)
    with django_capture_on_commit_callbacks(execute=True):
        for status in (S.PAID, S.IN_PREPARATION, S.OUT_FOR_DELIVERY, S.DELIVERED):
            order = order_status_change(order=order, to=status)
    assert order.status == S.DELIVERED and order.paid_at is not None
    subjects = [m.subject for m in mail.outbox]
    assert sum(s.startswith("Payment received") for s in subjects) == 1
    assert sum("on its way" in s for s in subjects) == 1


def test_cancelling_gives_stock_and_the_place_back_once(client, shop):
    order = place(client, shop)
    order_status_change(order=order, to=S.CANCELLED)
    with pytest.raises(TransitionRefused):
        order_status_change(order=order, to=S.CANCELLED)
    assert ProductVariant.objects.get(pk=shop["rose"].pk).stock == 20
    assert DeliveryDay.objects.get(date=shop["day"]).booked == 0


def test_unpaid_orders_expire_after_their_time_and_give_everything_back(client, shop):
    order = place(client, shop)
    Order.objects.filter(pk=order.pk).update(expires_at=order.created_at)
    assert orders_expire() == 1
    assert orders_expire() == 0
    order.refresh_from_db()
    assert order.status == S.EXPIRED
    assert ProductVariant.objects.get(pk=shop["rose"].pk).stock == 20
    assert DeliveryDay.objects.get(date=shop["day"]).booked == 0


def test_orders_still_in_their_time_are_kept(client, shop, settings):
    settings.SHOP_ORDER_EXPIRY_MINUTES = 30
    order = place(client, shop)
    Order.objects.filter(pk=order.pk).update(expires_at=order.created_at.replace(year=2999))
    assert orders_expire() == 0
