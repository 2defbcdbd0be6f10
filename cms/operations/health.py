"""Readiness checks: can this process serve requests with every service it needs?

Each check answers "ok" or a short word for what is wrong; never an exception
text, which may name hosts or carry credentials. The reason goes to the log.

Why not django-health-check (4.8): its view runs every check in a thread pool
under asyncio, so the database check opens a fresh connection per probe beside
the persistent one (and its queries cannot be counted in a test); it has no
check for applied migrations or for django-tasks' queue; a failure answers 500
(load balancers expect 503) and a probe without an Accept header gets HTML; and
its storage check writes and deletes a file on every probe (four S3 requests).
"""

import logging
import os
from functools import cache

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

OK = "ok"
UNAVAILABLE = "unavailable"
PROBE_KEY = f"operations:readyz:{os.getpid()}"


@cache
def migrations_expected() -> dict[tuple[str, str], list[tuple[str, str]]]:
    """The newest migration of each app in this code, with what it replaces (a squash).

    Read once per process: the code on disk does not change while it runs.
    Every older migration is applied before these, so these are enough."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return {key: list(graph.nodes[key].replaces) for key in graph.leaf_nodes()}


def database_and_migrations_check() -> dict[str, str]:
    """One query: the migrations the database has applied. It answers, so the
    database is reachable; it lists every newest migration, so the schema fits."""
    recorder = MigrationRecorder(connection)
    try:
        applied = set(recorder.migration_qs.values_list("app", "name"))
    except Exception:
        # Either the database is away, or it answers but was never migrated.
        try:
            never_migrated = not recorder.has_table()
        except Exception:
            never_migrated = False
        if never_migrated:
            logger.warning("Readiness: the database has never been migrated")
            return {"database": OK, "migrations": "unapplied"}
        logger.warning("Readiness: the database is unreachable", exc_info=True)
        return {"database": UNAVAILABLE, "migrations": "unknown"}
    missing = [
        key
        for key, replaces in migrations_expected().items()
        if key not in applied and not (replaces and set(replaces) <= applied)
    ]
    if missing:
        logger.warning("Readiness: migrations not applied: %s", missing)
        return {"database": OK, "migrations": "unapplied"}
    return {"database": OK, "migrations": OK}


def cache_check(alias: str) -> str:
    """Writes and reads back a key: a cache that ignores an outage (the default
    alias on Redis) reads back nothing, rather than raising."""
    try:
        cache_backend = caches[alias]
        cache_backend.set(PROBE_KEY, OK, timeout=30)
        if cache_backend.get(PROBE_KEY) != OK:
            logger.warning("Readiness: cache %r did not keep a value", alias)
            return UNAVAILABLE
    except Exception:
        logger.warning("Readiness: cache %r is unreachable", alias, exc_info=True)
        return UNAVAILABLE
    return OK


def storage_check() -> str:
    """Media storage: the bucket answers (S3), or the media folder can be written."""
    try:
        storage = storages["default"]
        if isinstance(storage, FileSystemStorage):
            return OK if folder_writable(storage.location) else UNAVAILABLE
        bucket = getattr(storage, "bucket_name", None)
        if bucket:
            storage.connection.meta.client.head_bucket(Bucket=bucket)
        else:
            storage.exists(PROBE_KEY)
    except Exception:
        logger.warning("Readiness: media storage is unreachable", exc_info=True)
        return UNAVAILABLE
    return OK


def folder_writable(location: str) -> bool:
    """The folder, or the nearest folder above it that exists (it is made on the
    first upload), accepts new files."""
    path = os.path.abspath(location)
    while not os.path.exists(path) and os.path.dirname(path) != path:
        path = os.path.dirname(path)
    if not os.access(path, os.W_OK):
        logger.warning("Readiness: media folder is not writable")
        return False
    return True


def tasks_check() -> str:
    """The queue the worker drains: with the database backend, its table."""
    try:
        backend = task_backends["default"]
        if isinstance(backend, DatabaseBackend):
            list(DBTaskResult.objects.order_by().values_list("pk")[:1])
    except Exception:
        logger.warning("Readiness: the task queue is unreachable", exc_info=True)
        return UNAVAILABLE
    return OK


def readiness() -> dict[str, str]:
    """Every service this process needs, by name: "ok" or what is wrong."""
    checks = database_and_migrations_check()
    for alias in settings.CACHES:
        checks[f"cache.{alias}"] = cache_check(alias)
    checks["storage"] = storage_check()
    checks["tasks"] = tasks_check() if checks["database"] == OK else "unknown"
    return checks
