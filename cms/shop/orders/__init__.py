"""Orders: placing them (placing), reserving and giving back stock and places
(reservations), moving them along their status flow and recording payments
(status), and expiring the unpaid ones (expiry).

What the rest of the shop uses is named here. `orders_expire_task` also keeps
its old path (cms.shop.orders.orders_expire_task) for tasks queued before the
split."""

from .expiry import orders_expire, orders_expire_task
from .placing import OrderInvalid, OrderRequest, order_place
from .reservations import OrderRefused
from .status import (
    TransitionRefused,
    order_card_paid,
    order_payment_record,
    order_status_change,
    transition_refusal,
)

__all__ = [
    "OrderInvalid",
    "OrderRefused",
    "OrderRequest",
    "TransitionRefused",
    "order_card_paid",
    "order_payment_record",
    "order_place",
    "order_status_change",
    "orders_expire",
    "orders_expire_task",
    "transition_refusal",
]
