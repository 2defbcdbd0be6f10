"""An unpaid card order expires even when its own expiry task was never
queued (queueing it is an after-commit step, allowed to fail): the worker's
upkeep, which runs every PUBLISHING_SCHEDULE_INTERVAL, expires what is due."""

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings

from cms.publishing.scheduling import scheduled_publishing_run
from cms.shop.models import DeliveryDay, Order, ProductVariant

from .factories import unpaid_card_order_place

pytestmark = pytest.mark.django_db


@override_settings(STRIPE_SECRET_KEY="sk_test_shop", SHOP_ORDER_EXPIRY_MINUTES=30)
def test_the_workers_upkeep_expires_an_unpaid_order_once_its_time_is_up(shop):
    # The test settings' task backend cannot wait, so no expiry task is queued.
    order = unpaid_card_order_place(shop)
    with time_machine.travel(order.expires_at - timedelta(minutes=1), tick=False):
        scheduled_publishing_run()
    assert Order.objects.get(pk=order.pk).status == "pending_payment"
    assert ProductVariant.objects.get(pk=shop["rose"].pk).stock == 17

    with time_machine.travel(order.expires_at + timedelta(seconds=1), tick=False):
        scheduled_publishing_run()
    assert Order.objects.get(pk=order.pk).status == "expired"
    assert ProductVariant.objects.get(pk=shop["rose"].pk).stock == 20
    assert DeliveryDay.objects.get(date=shop["day"]).booked == 0
