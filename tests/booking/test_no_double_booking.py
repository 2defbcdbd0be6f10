"""One appointment, many clients at once, several server processes: one wins.

A light round here (the suite runs on every change); tests/reliability/
test_booking_race.py runs 20 rounds of 200 on both databases. The same
server keeps a service's daily cap, which no constraint enforces: on
PostgreSQL a lock on the adviser's row serialises each count and write."""

import threading
from datetime import date, datetime, timedelta

import pytest
from django.db import connection, transaction

from cms.booking import bookings
from cms.booking.models import Booking

from .conftest import BERLIN
from .race import CAP, capped_race, lock_waiters_await, overlaps, race, race_served

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


class _RolledBack(Exception):
    pass


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the constraint is PostgreSQL's")
def test_two_bookings_that_wait_for_each_other_end_as_slot_taken(clock, adviser, service):
    """Another transaction holds a row overlapping 10:00 uncommitted, so the booking's
    insert waits for it in the exclusion constraint's check; that transaction then
    inserts a row overlapping the booking's: each waits for the other, PostgreSQL
    ends the booking ("deadlock detected"), and the client hears slot_taken."""
    ten = datetime(2026, 6, 2, 10, tzinfo=BERLIN)
    first_in, booking_waits = threading.Event(), threading.Event()

    def row(start, minutes):
        end = start + timedelta(minutes=minutes)
        return Booking.objects.create(
            site=service.site,
            service=service,
            staff=adviser,
            status=Booking.Status.HELD,
            expires_at=ten,
            start=start,
            end=end,
            blocked_start=start,
            blocked_end=end,
        )

    def other_transaction():
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:  # so that the booking is the one ended
                    cursor.execute("SET LOCAL deadlock_timeout = '20s'")
                row(ten + timedelta(minutes=20), 30)
                first_in.set()
                booking_waits.wait(timeout=30)
                row(ten - timedelta(minutes=20), 30)
                raise _RolledBack
        except _RolledBack:
            pass
        finally:
            connection.close()

    def booking_waiting():
        try:
            lock_waiters_await(connection.cursor(), 1)
            booking_waits.set()
        finally:
            connection.close()

    other = threading.Thread(target=other_transaction)
    other.start()
    assert first_in.wait(timeout=30)
    watcher = threading.Thread(target=booking_waiting)
    watcher.start()
    try:
        with pytest.raises(bookings.SlotTaken):
            bookings.booking_create(
                service=service,
                start=ten,
                customer=bookings.Customer(name="Erika Muster", email="erika@example.com"),
                answers={},
            )
    finally:
        booking_waits.set()
        watcher.join()
        other.join()
    assert not Booking.objects.exists()
