"""An unpaid card order expires by itself after SHOP_ORDER_EXPIRY_MINUTES:
the database worker runs the expiry the order planned, and the stock and the
place of the day come back."""

import signal
import time
from datetime import timedelta

import pytest
from django.test import override_settings
from wagtail.models import Site

from cms.shop.models import DeliveryDay, Order, ProductVariant
from tests.workers import DB_TASKS, on_postgresql, start_worker

from .factories import shop_create, unpaid_card_order_place

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), on_postgresql]


@override_settings(TASKS=DB_TASKS, STRIPE_SECRET_KEY="sk_test_shop", SHOP_ORDER_EXPIRY_MINUTES=0)
def test_the_worker_expires_an_unpaid_card_order_and_gives_its_stock_back(home, tmp_path):
    shop = shop_create(site=Site.objects.get(is_default_site=True))
    order = unpaid_card_order_place(shop)
    assert ProductVariant.objects.get(pk=shop["rose"].pk).stock == 17
    worker = start_worker(tmp_path, "--interval", "0.2", "--no-reload")
    try:
        deadline = time.monotonic() + timedelta(seconds=60).total_seconds()
        while Order.objects.get(pk=order.pk).status != "expired":
            assert worker.poll() is None, "the worker exited"
            assert time.monotonic() < deadline, "the order never expired"
            time.sleep(0.2)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.communicate(timeout=30)
    assert ProductVariant.objects.get(pk=shop["rose"].pk).stock == 20
    assert DeliveryDay.objects.get(date=shop["day"]).booked == 0
