"""One appointment, many clients at once, several server processes: one wins.

A light round here (the suite runs on every change); tests/reliability/
test_booking_race.py runs 20 rounds of 200 on both databases."""

from datetime import date

import pytest

from .race import overlaps, race, race_served

# Committed rows, so that gunicorn's workers see them; the migrations' rows
# (root page, locales, content types) come back afterwards for the tests that
# run later, instead of being flushed away.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DAY = date(2031, 6, 3)  # a Tuesday, far enough ahead for any notice


@pytest.fixture
def served(home, tmp_path):
    with race_served(home, tmp_path, day=DAY) as served:
        yield served


def test_of_many_overlapping_requests_exactly_one_books(served):
    server, office, audit = served
    statuses, _ = race(port=server.port, office=office, concurrency=40)
    assert statuses == {201: 1, 409: 39}, server.log.name
    with audit() as cursor:
        assert overlaps(cursor) == []
