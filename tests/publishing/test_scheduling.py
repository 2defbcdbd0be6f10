"""The worker publishes scheduled pages on its own, in one chain of runs."""

import datetime

import pytest
from django.utils import timezone

from cms.publishing.models import SchedulerState
from cms.publishing.scheduling import publish_scheduled_pages, scheduler_ensure
from tests.content.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def scheduler_runs(worker) -> list:
    return [r for r in worker.queued if r.task.name == "publish_scheduled_pages"]


def test_scheduling_a_page_plans_one_run_of_the_worker(
    home, worker, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home, slug="offer", live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduler_ensure() is False  # already planned

    runs = scheduler_runs(worker)
    assert len(runs) == 1
    assert runs[0].task.run_after == SchedulerState.objects.get().next_run_at


def test_each_run_plans_the_next_and_a_second_chain_stops(
    db, worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        scheduler_ensure()
    # The planned run is due: it runs and plans the next one.
    SchedulerState.objects.update(next_run_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        worker.run_next()
    assert len(scheduler_runs(worker)) == 1
    planned = SchedulerState.objects.get().next_run_at
    assert planned > timezone.now()

    # A stray second run (say, enqueued by hand) finds the next run planned and ends.
    publish_scheduled_pages.enqueue()
    with django_capture_on_commit_callbacks(execute=True):
        worker.run_last()
    assert len(scheduler_runs(worker)) == 1
    assert SchedulerState.objects.get().next_run_at == planned


def test_tasks_queued_under_their_old_paths_still_run():
    from django.utils.module_loading import import_string

    from cms.publishing.webhooks import webhook_deliver

    assert import_string("cms.publishing.tasks.webhook_deliver") is webhook_deliver
    assert import_string("cms.publishing.tasks.publish_scheduled_pages") is publish_scheduled_pages


def test_without_a_worker_cron_runs_the_upkeep_and_a_due_page_goes_live(home):
    from django.core.management import call_command
    from wagtail.models import Revision

    page = StandardPageFactory(parent=home, slug="offer", live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    # An hour later (the go-live moved back instead), with no db_worker: cron's line runs.
    due = timezone.now() - datetime.timedelta(minutes=1)
    revision = Revision.page_revisions.get(
        object_id=str(page.pk), approved_go_live_at__isnull=False
    )
    revision.content["go_live_at"] = due.isoformat()
    revision.approved_go_live_at = due
    revision.save()
    call_command("publishing_upkeep")
    page.refresh_from_db()
    assert page.live
