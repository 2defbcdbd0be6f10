"""Rows that many tests of a module read, written once for the module."""

from contextlib import contextmanager

import pytest
from django.db import transaction


@contextmanager
def rolled_back(django_db_blocker):
    """A transaction for a module-scoped fixture's rows, rolled back at the
    module's end; each test's own changes are rolled back to these rows by the
    db fixture's savepoint, which nests inside. Not for transactional tests:
    they commit, and a live server's threads would not see the rows."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def fresh(row):
    """A row as the database has it: a test that changes a shared instance in
    memory would leave the next test a change that its rollback does not undo."""
    return type(row).objects.get(pk=row.pk)


def fresh_row(key: str):
    """A fixture that gives each test `key` of its module's `site_rows` fixture,
    fresh from the database: `home = fresh_row("home")` in the module."""

    @pytest.fixture(name=key)
    def row(site_rows, db):
        return fresh(site_rows[key])

    return row
