"""The guarantee of issue 15 at full size: 20 rounds of 200 simultaneous requests
for one appointment (and overlapping 30- and 60-minute variants) against
gunicorn with four workers; each round exactly one 201, every other 409, and
the audit finds no overlap. Then a service's daily cap, its last places asked
for at once. The same test on SQLite and on PostgreSQL (the suite's own
cluster), each in a database of its own, whatever the run's. Needs no stack."""

from collections import Counter
from datetime import date

import pytest

from tests.booking.race import (
    CAP,
    Server,
    bookings_clear,
    capped_race,
    overlaps,
    race,
)
from tests.reliability.race_database import race_database

ROUNDS = 20
CONCURRENCY = 200
WORKERS = 4


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_twenty_rounds_of_two_hundred_give_one_booking_each(vendor, tmp_path):
    with race_database(vendor, tmp_path, day=date(2031, 6, 3)) as (url, office, cursor):
        server = Server(database_url=url, workers=WORKERS, log=tmp_path / "gunicorn.log")
        try:
            for round_number in range(ROUNDS):
                statuses, _ = race(port=server.port, office=office, concurrency=CONCURRENCY)
                assert statuses == Counter({201: 1, 409: CONCURRENCY - 1}), round_number
                with cursor() as each:
                    assert overlaps(each) == []
                    bookings_clear(each)
            capped = capped_race(port=server.port, office=office, cursor=cursor, stalled=WORKERS)
            assert capped[201] == CAP, capped
        finally:
            server.stop()
