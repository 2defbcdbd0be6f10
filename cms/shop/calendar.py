"""When the shop can deliver: its own clock (the same-day cut-off is in the
shop's time zone, whatever the server's), closed days, and each delivery
day's free places."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from .models import ClosedDay, DeliveryDay, DeliveryZone, ShopSettings


def shop_settings_get(*, site) -> ShopSettings:
    """The site's shop settings; the defaults where none were saved."""
    return ShopSettings.objects.filter(site=site).first() or ShopSettings(site=site)


def day_refusal(*, shop: ShopSettings, day: date, now: datetime | None = None) -> str | None:
    """Why orders for that day are no longer taken, or None when they are."""
    refusal = _clock_refusal(shop=shop, day=day, now=now)
    if refusal:
        return refusal
    if ClosedDay.objects.filter(site_id=shop.site_id, date=day).exists():
        return "The shop is closed that day."
    return None


def zone_for(*, site, postcode: str) -> DeliveryZone | None:
    for zone in DeliveryZone.objects.filter(site=site).order_by("pk"):
        if zone.covers(postcode):
            return zone
    return None


def delivery_days_free(
    *, shop: ShopSettings, start: date, end: date, now: datetime | None = None
) -> list[DeliveryDay]:
    """The delivery days between start and end (inclusive) with a free place
    that can still be ordered for."""
    closed = set(
        ClosedDay.objects.filter(site_id=shop.site_id, date__range=(start, end)).values_list(
            "date", flat=True
        )
    )
    days = DeliveryDay.objects.filter(site_id=shop.site_id, date__range=(start, end)).exclude(
        date__in=closed
    )
    return [
        day
        for day in days
        if day.booked < day.capacity and not _clock_refusal(shop=shop, day=day.date, now=now)
    ]


def _clock_refusal(*, shop: ShopSettings, day: date, now: datetime | None) -> str | None:
    local = (now or timezone.now()).astimezone(ZoneInfo(shop.time_zone))
    if day < local.date():
        return "That day is in the past."
    if day == local.date() and local.time() >= shop.same_day_cutoff:
        return f"Orders for today are taken until {shop.same_day_cutoff:%H:%M}."
    return None
