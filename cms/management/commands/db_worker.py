"""django-tasks-db's `db_worker`, made to outlive a database outage.

The library's worker exits on the first OperationalError that is not a
locked SQLite file, so a PostgreSQL restart or failover (seconds) left the
installation without a worker until someone noticed. This command keeps
the same name and options, so every way of starting the worker (make run,
the Dockerfile, the README) gets it.

The upkeep job (cms.publishing.scheduling) plans its own next run, so a
run that dies with its worker or its database ends the chain, and with it
the relay, the delivery leases and the requeueing of lost tasks. Every
worker therefore checks the chain each PUBLISHING_SCHEDULE_INTERVAL and
starts a new one when a planned run is long overdue. A task that was
running when the database went away stays `running`; that new chain hands
it out again once TASKS_RUNNING_LEASE has passed. The same watch enqueues
the backups and restore drills that are due (cms.backups.scheduling).
"""

import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, connections
from django_tasks_db.management.commands import db_worker

from cms.backups.scheduling import backup_scheduler_ensure
from cms.publishing.scheduling import scheduler_ensure

logger = logging.getLogger("django_tasks_db")
# Seconds between attempts: doubling from the first to the last, and back to
# the first once the worker has run that long without an error.
RETRY_FIRST = 0.5
RETRY_LAST = 30.0


class Worker(db_worker.Worker):
    def run(self) -> None:
        if not self.batch:  # a batch run drains the queue once and leaves
            threading.Thread(target=upkeep_watch, name="upkeep-watch", daemon=True).start()
        pause = RETRY_FIRST
        while self.running:
            started = time.monotonic()
            try:
                super().run()
                return
            except (DatabaseError, InterfaceError) as error:
                if self.batch:
                    raise
                if time.monotonic() - started > RETRY_LAST:
                    pause = RETRY_FIRST
                logger.warning(
                    "Database unavailable, worker %s tries again in %.1f s: %s",
                    self.worker_id,
                    pause,
                    error,
                )
                close_connections()
                time.sleep(pause)
                pause = min(pause * 2, RETRY_LAST)


def upkeep_watch() -> None:
    while True:
        upkeep_check()
        time.sleep(settings.PUBLISHING_SCHEDULE_INTERVAL)


def upkeep_check() -> None:
    """The publishing upkeep's chain, and the backups and drills that are due;
    one failing does not skip the other."""
    for ensure in (scheduler_ensure, backup_scheduler_ensure):
        try:
            ensure()
        except (DatabaseError, InterfaceError) as error:
            logger.warning("Could not check the next runs (%s): %s", ensure.__name__, error)
        finally:
            close_connections()


def close_connections() -> None:
    """Drops the broken connections so the next attempt opens new ones."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:
            connection.connection = None


class Command(db_worker.Command):
    help = db_worker.Command.help + "; waits out database outages instead of exiting"

    def handle(self, *args, **options) -> None:
        # The library builds its Worker inside handle() by module name and has
        # no hook for another class; copying handle() would fork its options.
        db_worker.Worker, original = Worker, db_worker.Worker
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original
