"""The guarantee of issue 15 at full size: 20 rounds of 200 simultaneous requests
for one appointment (and overlapping 30- and 60-minute variants) against
gunicorn with four workers; each round exactly one 201, every other 409, and
the audit finds no overlap. On the database of the run: `make test-reliability`
for SQLite, with DATABASE_URL=postgres://… for PostgreSQL. Needs no stack."""

from collections import Counter
from datetime import date

import pytest

from tests.booking.race import bookings_clear, overlaps, race, race_served

# Committed rows, so that gunicorn's workers see them; the migrations' rows
# (root page, locales, content types) come back afterwards for the tests that
# run later, instead of being flushed away.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROUNDS = 20
CONCURRENCY = 200


def test_twenty_rounds_of_two_hundred_give_one_booking_each(home, tmp_path):
    with race_served(home, tmp_path, day=date(2031, 6, 3), workers=4) as (server, office, cursor):
        for round_number in range(ROUNDS):
            statuses, _ = race(port=server.port, office=office, concurrency=CONCURRENCY)
            assert statuses == Counter({201: 1, 409: CONCURRENCY - 1}), round_number
            with cursor() as each:
                assert overlaps(each) == []
                bookings_clear(each)
