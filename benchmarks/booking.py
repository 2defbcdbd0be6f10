"""Booking: slot computation, bookings per second under contention, and what the
database constraint prevents, side by side with a naive check-then-insert.

    .venv/bin/python benchmarks/booking.py [--database URL] [--workers 4] [--clients 200]

--database: a PostgreSQL database to (re)create and migrate, or none for a
SQLite file in a temporary folder. Measured:

- slots:      free_slots() of one service over 60 days for 5 advisers, each
              with 8 working hours on weekdays and 40 bookings already made
              (the median of 5 runs, in this process).
- contention: `--clients` simultaneous POST /api/v1/booking/bookings/ against
              gunicorn with `--workers` sync workers, spread over 20 slots of
              one adviser (10 clients per slot): bookings made per second of
              the whole round, and that exactly one client got each slot.
- naive:      the same number of threads, each checking for an overlapping row
              and inserting its own if there is none, on a table without the
              constraint, and then on booking_booking with it (PostgreSQL
              only): rows made for one slot.
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BERLIN = ZoneInfo("Europe/Berlin")


def setup_django(database_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def office_create(advisers: int):
    from wagtail.models import Locale, Page, Site

    from cms.booking.models import Office, Service, Staff, WeeklyHours

    root = Page.get_first_root_node()
    home = root.add_child(
        title="Bench", slug=f"bench-{time.monotonic_ns()}", locale=Locale.get_default()
    )
    site = Site.objects.create(hostname=f"bench{time.monotonic_ns()}.localhost", root_page=home)
    Office.objects.create(site=site, name="Bench", holiday_state="BW")
    service = Service.objects.create(
        site=site, name="Consultation", duration_minutes=30, notice_hours=0, horizon_days=400
    )
    staff = []
    for number in range(advisers):
        adviser = Staff.objects.create(site=site, name=f"Adviser {number}")
        adviser.services.set([service])
        adviser.save()
        for weekday in range(5):
            WeeklyHours.objects.create(
                staff=adviser, weekday=weekday, start=clock(9), end=clock(17)
            )
        staff.append(adviser)
    return site, service, staff


def bench_slots(service, staff) -> float:
    from cms.booking import bookings
    from cms.booking.availability import free_slots

    office = bookings.office_of(service.site_id)
    first = date.today() + timedelta(days=1)
    made = 0
    for slot in free_slots(
        office=office, service=service, first=first, last=first + timedelta(days=59)
    ):
        if made >= 40 * len(staff):
            break
        if slot.start.minute == 0 and slot.start.hour % 2 == 0:
            bookings.booking_create(
                service=service,
                start=slot.start,
                staff_id=slot.staff_id,
                customer=bookings.Customer(name="Bench", email="bench@example.com"),
                answers={},
            )
            made += 1
    runs = []
    for _ in range(5):
        began = time.perf_counter()
        slots = free_slots(
            office=office, service=service, first=first, last=first + timedelta(days=59)
        )
        runs.append(time.perf_counter() - began)
    print(
        f"slots:      {len(slots)} free slots, 60 days, {len(staff)} advisers: "
        f"{statistics.median(runs) * 1000:.0f} ms (median of 5)"
    )
    return statistics.median(runs)


def bench_contention(database_url: str, site, service, adviser, *, workers: int, clients: int):
    from tests.booking.race import RaceOffice, Server, race

    # A Monday far beyond the bookings bench_slots made.
    later = date.today() + timedelta(days=300)
    day = later + timedelta(days=(7 - later.weekday()) % 7)
    starts = [
        datetime.combine(day, clock(9), tzinfo=BERLIN) + timedelta(minutes=30 * i)
        for i in range(16)
    ]
    starts += [s + timedelta(days=1) for s in starts[:4]]
    requests = [
        {
            "service": service.pk,
            "start": start.isoformat(),
            "staff": adviser.pk,
            "customer": {"name": "Client", "email": "client@example.com"},
        }
        for start in starts
    ]
    office = RaceOffice(hostname=site.hostname, adviser=adviser.pk, requests=requests)
    with tempfile.TemporaryDirectory() as folder:
        server = Server(
            database_url=database_url, workers=workers, log=Path(folder) / "gunicorn.log"
        )
        try:
            statuses, seconds = race(port=server.port, office=office, concurrency=clients)
        finally:
            server.stop()
    made = statuses.get(201, 0)
    print(
        f"contention: {clients} clients for {len(starts)} slots, {workers} workers: "
        f"{dict(statuses)} in {seconds:.2f} s = {made / seconds:.0f} bookings/s, "
        f"{clients / seconds:.0f} answers/s; one winner per slot: {made == len(starts)}"
    )


def bench_naive(threads: int) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        print("naive:      PostgreSQL only (SQLite has one writer: the naive race cannot happen)")
        return
    import psycopg

    db = connection.settings_dict
    dsn = f"host={db['HOST']} port={db['PORT']} user={db['USER']} dbname={db['NAME']}"
    with psycopg.connect(dsn, autocommit=True) as setup:
        setup.execute("DROP TABLE IF EXISTS naive_booking")
        setup.execute(
            "CREATE TABLE naive_booking (id serial PRIMARY KEY, staff_id int, "
            "start_at timestamptz, end_at timestamptz)"
        )
    start = datetime(2031, 6, 3, 8, 0, tzinfo=UTC)
    barrier = threading.Barrier(threads, timeout=60)

    def naive_client() -> None:
        with psycopg.connect(dsn) as db_, db_.transaction():
            barrier.wait()
            taken = db_.execute(
                "SELECT 1 FROM naive_booking WHERE staff_id = 1 AND start_at < %s AND end_at > %s",
                [start + timedelta(minutes=30), start],
            ).fetchone()
            if taken is None:
                db_.execute(
                    "INSERT INTO naive_booking (staff_id, start_at, end_at) VALUES (1, %s, %s)",
                    [start, start + timedelta(minutes=30)],
                )

    workers = [threading.Thread(target=naive_client) for _ in range(threads)]
    for each in workers:
        each.start()
    for each in workers:
        each.join()
    with psycopg.connect(dsn, autocommit=True) as check:
        naive = check.execute("SELECT count(*) FROM naive_booking").fetchone()[0]
        check.execute("DROP TABLE naive_booking")
    print(
        f"naive:      {threads} threads check-then-insert one slot without the constraint: "
        f"{naive} rows (double bookings: {naive - 1}); with it see `contention` above: 1 per slot"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=200)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = options.database or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        setup_django(url)
        site, service, staff = office_create(5)
        bench_slots(service, staff)
        bench_contention(
            url, site, service, staff[0], workers=options.workers, clients=options.clients
        )
        # Each naive client holds its own connection; PostgreSQL allows 100 by default.
        bench_naive(min(options.clients, 40))


if __name__ == "__main__":
    main()
