"""One appointment, many clients at once, several server processes: one wins.

A light round here (the suite runs on every change); tests/reliability/
test_booking_race.py runs 20 rounds of 200 on both databases."""

import sqlite3
from contextlib import closing
from datetime import date

import pytest
from django.db import connection
from wagtail.models import Site

from .race import Server, overlaps, race, race_office_create

pytestmark = pytest.mark.django_db(transaction=True)

DAY = date(2031, 6, 3)  # a Tuesday, far enough ahead for any notice


@pytest.fixture
def served(home, tmp_path):
    """The office on a database gunicorn's workers share: on PostgreSQL the test's
    own (committed, as the test is transactional), on SQLite a file copy of it."""
    office = race_office_create(Site.objects.get(is_default_site=True), day=DAY)
    if connection.vendor == "sqlite":
        path = tmp_path / "race.sqlite3"
        connection.ensure_connection()
        with closing(sqlite3.connect(path)) as target:
            connection.connection.backup(target)
        url = f"sqlite:///{path}"
        audit = lambda: closing(sqlite3.connect(path))  # noqa: E731
    else:
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        audit = lambda: closing(connection.cursor())  # noqa: E731
    server = Server(database_url=url, workers=3, log=tmp_path / "gunicorn.log")
    yield server, office, audit
    server.stop()


def test_of_many_overlapping_requests_exactly_one_books(served):
    server, office, audit = served
    statuses, _ = race(port=server.port, office=office, concurrency=40)
    assert statuses == {201: 1, 409: 39}, server.log.name
    with audit() as db:
        assert overlaps(db.cursor() if hasattr(db, "commit") else db) == []
