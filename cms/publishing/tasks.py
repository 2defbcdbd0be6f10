"""Background work of cms.publishing, run by `manage.py db_worker`.

Each task lives beside the work it does (scheduling, webhooks), so that those
modules can enqueue it without importing each other in a circle. Tasks queued
before that move name this module in their path; the worker finds them here.
"""

from .scheduling import publish_scheduled_pages
from .webhooks import webhook_deliver

__all__ = ["publish_scheduled_pages", "webhook_deliver"]
