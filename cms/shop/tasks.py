"""Background work of cms.shop, run by `manage.py db_worker`."""

from .emails import order_email_send
from .orders import orders_expire_task

__all__ = ["order_email_send", "orders_expire_task"]
