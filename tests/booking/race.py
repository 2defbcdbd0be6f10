"""Many clients at once for one appointment, against gunicorn with several workers.

Used by the suite (one light round), the reliability suite (20 rounds of 200)
and benchmarks/booking.py. Every request asks for a time that overlaps every
other's: a 30-minute service at 10:00, a 60-minute one at 10:00 and a
30-minute one with a 30-minute buffer before it at 10:30, with or without
naming the adviser. Exactly one may win. The next day the same adviser offers
a service with a daily cap (CAP), and each of that day's half-hours is asked
for once: the times never overlap, so only the cap can refuse them.
"""

import json
import sqlite3
import subprocess
import sys
import threading
import time as clock
import urllib.error
import urllib.request
from collections import Counter
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import connection
from wagtail.models import Site

from cms.booking.models import Office, Service, Staff, WeeklyHours
from tests.media_pipeline.test_s3 import free_port
from tests.subprocesses import GUNICORN_PRELOAD, child_env

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
BERLIN = ZoneInfo("Europe/Berlin")
ACTIVE = ("held", "pending", "confirmed")
CAP = 2
# Every pair of active bookings of one adviser whose blocked times overlap.
AUDIT_SQL = """
    SELECT a.id, b.id FROM booking_booking a JOIN booking_booking b
      ON a.staff_id = b.staff_id AND a.id < b.id
     AND a.blocked_start < b.blocked_end AND b.blocked_start < a.blocked_end
    WHERE a.status IN ('held', 'pending', 'confirmed')
      AND b.status IN ('held', 'pending', 'confirmed')
"""


@dataclass
class RaceOffice:
    hostname: str
    adviser: int
    requests: list[dict]
    capped: list[dict]


def race_office_create(site, *, day) -> RaceOffice:
    """One adviser who works 09:00–17:00 and the three overlapping ways to ask for 10:00;
    the next day, a request for each half-hour of a service capped at CAP a day."""
    Office.objects.create(site=site, name="Race office", holiday_state="")
    short = Service.objects.create(
        site=site, name="Short", duration_minutes=30, notice_hours=0, horizon_days=4000
    )
    long = Service.objects.create(
        site=site, name="Long", duration_minutes=60, notice_hours=0, horizon_days=4000
    )
    buffered = Service.objects.create(
        site=site,
        name="Buffered",
        duration_minutes=30,
        buffer_before_minutes=30,
        notice_hours=0,
        horizon_days=4000,
    )
    capped = Service.objects.create(
        site=site, name="Capped", daily_cap=CAP, notice_hours=0, horizon_days=4000
    )
    staff = Staff.objects.create(site=site, name="Adviser")
    staff.services.set([short, long, buffered, capped])
    staff.save()  # a ParentalManyToManyField is written on save
    next_day = day + timedelta(days=1)
    for weekday in (day.weekday(), next_day.weekday()):
        WeeklyHours.objects.create(staff=staff, weekday=weekday, start=time(9), end=time(17))
    ten = datetime.combine(day, time(10), tzinfo=BERLIN)
    asks = [(short, ten), (long, ten), (buffered, ten + timedelta(minutes=30))]
    requests = []
    for index in range(len(asks) * 2):
        service, start = asks[index % len(asks)]
        body = {
            "service": service.pk,
            "start": start.isoformat(),
            "customer": {"name": f"Client {index}", "email": f"client{index}@example.com"},
        }
        if index >= len(asks):
            body["staff"] = staff.pk
        requests.append(body)
    nine = datetime.combine(next_day, time(9), tzinfo=BERLIN)
    capped_requests = [
        {
            "service": capped.pk,
            "start": (nine + timedelta(minutes=30 * index)).isoformat(),
            "customer": {"name": f"Client {index}", "email": f"client{index}@example.com"},
        }
        for index in range(16)
    ]
    return RaceOffice(
        hostname=site.hostname, adviser=staff.pk, requests=requests, capped=capped_requests
    )


class Server:
    """gunicorn with several sync workers on 127.0.0.1, on the given database."""

    def __init__(self, *, database_url: str, workers: int, log: Path):
        self.port = free_port()
        env = child_env(
            DJANGO_SETTINGS_MODULE="cms.settings.test",
            DATABASE_URL=database_url,
            SECRET_KEY="race-test-secret-key",
        )
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                *("--workers", str(workers), "--bind", f"127.0.0.1:{self.port}"),
                GUNICORN_PRELOAD,
                *("--timeout", "120", "cms.wsgi:application"),
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait()

    def _wait(self) -> None:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                    return
            except OSError:
                clock.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


def _post(port: int, hostname: str, body: dict) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/booking/bookings/?site={hostname}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - ours
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def race(
    *, port: int, office: RaceOffice, concurrency: int, requests: list[dict] | None = None
) -> tuple[Counter, float]:
    """`concurrency` requests (the office's race for 10:00 unless given) released
    together; their statuses and the seconds they took."""
    requests = requests or office.requests
    statuses: Counter = Counter()
    lock = threading.Lock()
    start = threading.Barrier(concurrency + 1)

    def client(index: int) -> None:
        body = requests[index % len(requests)]
        start.wait()
        status = _post(port, office.hostname, body)
        with lock:
            statuses[status] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    start.wait()
    began = clock.monotonic()
    for thread in threads:
        thread.join()
    return statuses, clock.monotonic() - began


def overlaps(cursor) -> list:
    cursor.execute(AUDIT_SQL)
    return cursor.fetchall()


def bookings_clear(cursor) -> None:
    cursor.execute("DELETE FROM booking_reminder")
    cursor.execute("DELETE FROM booking_booking")


@contextmanager
def race_served(home, tmp_path, *, day, workers: int = 3):
    """The race office on a database gunicorn's workers share: on PostgreSQL the
    test's own (committed: the test is transactional), on SQLite a file copy of
    it. Yields the server, the office and a way to open a cursor on that database."""
    office = race_office_create(Site.objects.get(is_default_site=True), day=day)
    if connection.vendor == "sqlite":
        path = tmp_path / "race.sqlite3"
        connection.ensure_connection()
        with closing(sqlite3.connect(path)) as target:
            connection.connection.backup(target)
        url = f"sqlite:///{path}"

        @contextmanager
        def cursor():
            with closing(sqlite3.connect(path, isolation_level=None)) as db:
                yield db.cursor()

    else:
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

        @contextmanager
        def cursor():
            with connection.cursor() as each:
                yield each

    server = Server(database_url=url, workers=workers, log=tmp_path / "gunicorn.log")
    try:
        yield server, office, cursor
    finally:
        server.stop()


def capped_race(*, port: int, office: RaceOffice, cursor, stalled: int) -> Counter:
    """The capped day's requests, released together; their statuses.

    On PostgreSQL each booking's change-feed row waits for a lock held here
    until `stalled` requests (one per server worker) wait, so every one of
    them has read the day's count before any commits: only the lock on the
    adviser's row (cms.booking.bookings) keeps the cap then. SQLite's single
    writer needs no help to serialise them."""

    def run() -> Counter:
        return race(
            port=port, office=office, concurrency=len(office.capped), requests=office.capped
        )[0]

    with cursor() as locker:
        if connection_vendor(locker) != "postgresql":
            return run()
        result: list[Counter] = []
        locker.execute("BEGIN")
        locker.execute("LOCK TABLE publishing_changeevent IN SHARE MODE")
        thread = threading.Thread(target=lambda: result.append(run()))
        thread.start()
        try:
            lock_waiters_await(locker, stalled)
        finally:
            locker.execute("COMMIT")
        thread.join()
    return result[0]


def connection_vendor(cursor) -> str:
    return "sqlite" if isinstance(cursor, sqlite3.Cursor) else "postgresql"


def lock_waiters_await(cursor, count: int) -> None:
    deadline = clock.monotonic() + 60
    while True:
        # A transaction sees one snapshot of the statistics unless told to drop it.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        if cursor.fetchone()[0] >= count:
            return
        if clock.monotonic() > deadline:
            raise RuntimeError(f"fewer than {count} requests ever waited")
        clock.sleep(0.05)
