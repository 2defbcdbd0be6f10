"""Reserving and giving back stock and a day's places.

Both are counters changed only with conditional UPDATEs (`stock >= quantity`,
`booked < capacity`), in a fixed order (variants by id, then the day) so that
concurrent orders never deadlock; the database's CHECK constraints refuse what
a bug would let through. Nothing is read and then written back.
"""

from django.db.models import F

from ..models import DeliveryDay, Order, ProductVariant


class OrderRefused(Exception):
    """A conflict with what is left: `out_of_stock` or `day_full` (409)."""

    def __init__(self, code: str, message: str, **details):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


def stock_and_place_reserve(
    *, site_id: int, day, pickup: bool, quantities: dict[int, int], names: dict[int, str]
) -> None:
    """Takes each variant's quantity from its stock and, for a delivery, a place
    on the day; raises OrderRefused at the first that is short. Run it inside
    the transaction that keeps the order, so a refusal takes everything back."""
    for pk in sorted(quantities):
        taken = ProductVariant.objects.filter(pk=pk, stock__gte=quantities[pk]).update(
            stock=F("stock") - quantities[pk]
        )
        if not taken:
            raise OrderRefused(
                "out_of_stock",
                f"Not enough left of {names[pk]}.",
                fields={"lines": [f"Not enough left of variant {pk} ({names[pk]})."]},
            )
    if not pickup:
        taken = DeliveryDay.objects.filter(
            site_id=site_id, date=day, booked__lt=F("capacity")
        ).update(booked=F("booked") + 1)
        if not taken:
            raise OrderRefused(
                "day_full",
                f"{day} is fully booked.",
                fields={"delivery.date": ["That day is fully booked."]},
            )


def stock_and_place_release(order: Order) -> None:
    """Gives the order's stock and place back. Called only by the one
    conditional UPDATE that moved it out of a holding status."""
    for line in order.lines.exclude(variant=None).order_by("variant_id"):
        ProductVariant.objects.filter(pk=line.variant_id).update(stock=F("stock") + line.quantity)
    if order.holds_place:
        DeliveryDay.objects.filter(site_id=order.site_id, date=order.date, booked__gt=0).update(
            booked=F("booked") - 1
        )
        Order.objects.filter(pk=order.pk).update(holds_place=False)
