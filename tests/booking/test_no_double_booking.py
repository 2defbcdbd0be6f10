"""One appointment, many clients at once, several server processes: one wins.

A light round here (the suite runs on every change); tests/reliability/
test_booking_race.py runs 20 rounds of 200 on both databases. The same
server keeps a service's daily cap, which no constraint enforces: on
PostgreSQL a lock on the adviser's row serialises each count and write."""

from datetime import date

import pytest

from .race import CAP, capped_race, overlaps, race, race_served

# Committed rows, so that gunicorn's workers see them; the migrations' rows
# (root page, locales, content types) come back afterwards for the tests that
# run later, instead of being flushed away.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DAY = date(2031, 6, 3)  # a Tuesday, far enough ahead for any notice


WORKERS = 3


@pytest.fixture
def served(home, tmp_path):
    with race_served(home, tmp_path, day=DAY, workers=WORKERS) as served:
        yield served


def test_of_many_overlapping_requests_exactly_one_books(served):
    server, office, audit = served
    statuses, _ = race(port=server.port, office=office, concurrency=40)
    assert statuses == {201: 1, 409: 39}, server.log.name
    with audit() as cursor:
        assert overlaps(cursor) == []


def test_a_daily_cap_holds_when_its_last_places_are_asked_for_at_once(served):
    server, office, cursor = served
    statuses = capped_race(port=server.port, office=office, cursor=cursor, stalled=WORKERS)
    # A request that reads the day once it is full finds its time no longer
    # offered (422); one that raced the last booking finds it taken (409).
    assert statuses[201] == CAP, server.log.name
    assert statuses[409] + statuses[422] == len(office.capped) - CAP, statuses
