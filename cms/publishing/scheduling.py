"""The worker's upkeep: scheduled publishing, the outbox relay, lost jobs.

Wagtail's `publish_scheduled` command does the publishing (and sends the
usual page_published / page_unpublished signals, so webhooks fire as for a
publish by hand). The worker runs it every PUBLISHING_SCHEDULE_INTERVAL
seconds as a task that enqueues its own next run. SchedulerState keeps the
chain single: whoever finds a run already planned does not plan another.
Where the task backend cannot defer (tests, the in-process backend) there
is no chain; cron can run `manage.py publish_scheduled` instead.

Each run also does what nobody else would: the outbox relay (changes whose
after-commit steps never ran), webhook deliveries whose task was lost, tasks
left "running" by a worker that died, and the shop's unpaid orders whose own
expiry task was never queued (its enqueueing is an after-commit step). Each step runs whatever the
others do, so one failing skips nothing.
"""

import io
import logging
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cms.shop.orders import orders_expire

from .models import SchedulerState
from .outbox import outbox_relay
from .webhooks import deliveries_resume

logger = logging.getLogger(__name__)


def scheduled_publishing_run() -> None:
    try:
        steps = (
            _publish_scheduled,
            outbox_relay,
            deliveries_resume,
            tasks_requeue_lost,
            orders_expire,
        )
        for step in steps:
            try:
                step()
            except Exception:
                logger.exception("The worker's upkeep step %s failed.", step.__name__)
    finally:
        scheduler_ensure(after_run=True)


@task()
def publish_scheduled_pages() -> None:
    """Publishes and unpublishes pages whose time has come, then plans its next run."""
    scheduled_publishing_run()


def _publish_scheduled() -> None:
    call_command("publish_scheduled", stdout=io.StringIO())


def tasks_requeue_lost() -> int:
    """Puts back in the queue the tasks a dead worker left running, so they run again."""
    cutoff = timezone.now() - timedelta(seconds=settings.TASKS_RUNNING_LEASE)
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).update(status=TaskResultStatus.READY, started_at=None, run_after=timezone.now())


def scheduler_ensure(*, after_run: bool = False) -> bool:
    """Plans the next run unless one is planned already; True when it planned one."""
    if not publish_scheduled_pages.get_backend().supports_defer:
        return False
    now = timezone.now()
    interval = timedelta(seconds=settings.PUBLISHING_SCHEDULE_INTERVAL)
    with transaction.atomic():
        state, _ = SchedulerState.objects.select_for_update().get_or_create(pk=1)
        # A planned run that is long overdue belongs to a chain that died
        # (a worker killed mid-task); a new chain takes over.
        overdue = state.next_run_at is not None and state.next_run_at < now - 2 * interval
        planned = state.next_run_at is not None and not overdue
        # The run that is due now is the chain itself and plans the next one.
        if planned and not (after_run and state.next_run_at <= now):
            return False
        state.next_run_at = now + interval
        state.save()
        transaction.on_commit(
            lambda: publish_scheduled_pages.using(run_after=state.next_run_at).enqueue()
        )
    return True
