"""The same-day cut-off is the shop's noon, in Berlin, whatever the server's
clock and on both sides of a daylight-saving change."""

from datetime import UTC, date, datetime, time

import pytest
from wagtail.models import Site

from cms.shop.calendar import day_refusal, delivery_days_free
from cms.shop.models import DeliveryDay, ShopSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(home):
    site = Site.objects.get(is_default_site=True)
    return ShopSettings.objects.create(
        site=site, time_zone="Europe/Berlin", same_day_cutoff=time(12, 0)
    )


@pytest.mark.parametrize(
    ("now", "day", "taken"),
    [
        # Winter (CET, UTC+1): noon in Berlin is 11:00 UTC.
        (datetime(2026, 3, 28, 10, 59, tzinfo=UTC), date(2026, 3, 28), True),
        (datetime(2026, 3, 28, 11, 0, tzinfo=UTC), date(2026, 3, 28), False),
        # Summer (CEST, UTC+2) from 29 March 2026: noon is 10:00 UTC.
        (datetime(2026, 3, 30, 9, 59, tzinfo=UTC), date(2026, 3, 30), True),
        (datetime(2026, 3, 30, 10, 0, tzinfo=UTC), date(2026, 3, 30), False),
        # Back to winter on 25 October 2026.
        (datetime(2026, 10, 24, 9, 59, tzinfo=UTC), date(2026, 10, 24), True),
        (datetime(2026, 10, 24, 10, 0, tzinfo=UTC), date(2026, 10, 24), False),
        (datetime(2026, 10, 26, 10, 59, tzinfo=UTC), date(2026, 10, 26), True),
        (datetime(2026, 10, 26, 11, 0, tzinfo=UTC), date(2026, 10, 26), False),
        # 23:30 UTC is already the next day in Berlin: that day is today there.
        (datetime(2026, 3, 27, 23, 30, tzinfo=UTC), date(2026, 3, 28), True),
        (datetime(2026, 3, 27, 23, 30, tzinfo=UTC), date(2026, 3, 27), False),
    ],
)
def test_same_day_orders_close_at_the_shops_noon(shop, now, day, taken):
    assert (day_refusal(shop=shop, day=day, now=now) is None) is taken
    DeliveryDay.objects.create(site=shop.site, date=day, capacity=3)
    listed = [d.date for d in delivery_days_free(shop=shop, start=day, end=day, now=now)]
    assert (listed == [day]) is taken
