"""Unpaid card orders expire after SHOP_ORDER_EXPIRY_MINUTES and give their
stock and place back: a task planned for the moment each order is due, and
the worker's upkeep (cms.publishing.scheduling) for any whose task was lost."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ..models import Order, OrderStatus
from .reservations import stock_and_place_release
from .status import order_changed_notify

S = OrderStatus


def orders_expire(*, now=None) -> int:
    """Expires the card orders left unpaid past their time and gives back what they held."""
    expired = 0
    due = Order.objects.filter(
        status=S.PENDING_PAYMENT, expires_at__lte=now or timezone.now()
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            if Order.objects.filter(pk=pk, status=S.PENDING_PAYMENT).update(status=S.EXPIRED):
                order = Order.objects.get(pk=pk)
                stock_and_place_release(order)
                order_changed_notify(order)
                expired += 1
    return expired


@task()
def orders_expire_task() -> None:
    orders_expire()


def orders_expire_later(when) -> None:
    """Runs the expiry when the order's time is up, where the task backend can
    wait (the database worker). The worker's upkeep (cms.publishing.scheduling)
    also expires what is due, in case this was never queued."""
    if orders_expire_task.get_backend().supports_defer:
        orders_expire_task.using(run_after=when).enqueue()
