"""The background worker outlives its database going away, as in a PostgreSQL
restart or failover, runs the work queued afterwards by itself, and keeps
the upkeep job running."""

import signal
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms.publishing.models import SchedulerState
from cms.publishing.scheduling import publish_scheduled_pages
from tests.workers import DB_TASKS, on_postgresql, start_worker

# The migrations' rows come back afterwards for the transactional tests that run later.
pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), on_postgresql]


def worker_backends() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [pid for (pid,) in cursor.fetchall()]


def cut_connections(deadline: float) -> None:
    """Terminates the worker's database sessions once it has opened one, the
    way a restarting server does."""
    while not (pids := worker_backends()):
        assert time.monotonic() < deadline, "the worker never connected"
        time.sleep(0.1)
    with connection.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


@override_settings(TASKS=DB_TASKS)
def test_worker_survives_lost_database_connections_and_runs_later_work(tmp_path):
    worker = start_worker(tmp_path, "--interval", "0.2", "--no-reload")
    try:
        deadline = time.monotonic() + 60
        for _ in range(3):
            cut_connections(deadline)
            time.sleep(0.5)
        assert worker.poll() is None, "the worker exited when its connection was cut"

        result = publish_scheduled_pages.enqueue()
        row = DBTaskResult.objects.filter(pk=result.id)
        while row.get().status != "SUCCESSFUL":
            assert worker.poll() is None, "the worker exited"
            assert time.monotonic() < deadline, "the worker did not run the task"
            time.sleep(0.2)
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=30)
    assert "Database unavailable" in output.decode(), output.decode()


@override_settings(TASKS=DB_TASKS)
def test_worker_restarts_an_upkeep_chain_that_died_with_its_worker(tmp_path):
    # The last run was planned an hour ago and its worker died running it.
    SchedulerState.objects.create(pk=1, next_run_at=timezone.now() - timedelta(hours=1))
    worker = start_worker(
        tmp_path, "--interval", "0.2", "--no-reload", PUBLISHING_SCHEDULE_INTERVAL="1"
    )
    upkeep_runs = DBTaskResult.objects.filter(
        task_path__endswith="publish_scheduled_pages", status="SUCCESSFUL"
    )
    try:
        deadline = time.monotonic() + 60
        while upkeep_runs.count() < 2:
            assert worker.poll() is None, "the worker exited"
            assert time.monotonic() < deadline, "the upkeep job did not run again"
            time.sleep(0.2)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.communicate(timeout=30)
