"""Background work of cms.publishing, run by `manage.py db_worker`."""

from django_tasks import task

from .scheduling import scheduled_publishing_run
from .webhooks import delivery_attempt


@task()
def webhook_deliver(delivery_id: int) -> str:
    return delivery_attempt(delivery_id=delivery_id)


@task()
def publish_scheduled_pages() -> None:
    """Publishes and unpublishes pages whose time has come, then plans its next run."""
    scheduled_publishing_run()
