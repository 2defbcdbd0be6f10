"""A database of its own for the booking race, on either kind of database,
whatever the run's own: the race is the same test on both.

`python -m tests.reliability.race_database DAY` (with DATABASE_URL) migrates
the database, writes the race office (tests.booking.race) and prints it as JSON."""

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing, contextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path

import psycopg

from tests.reliability.services import Postgres
from tests.subprocesses import child_env

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def race_database(vendor: str, tmp_path: Path, *, day: date):
    """A migrated database with the race office: yields its URL, the office and a
    way to open a cursor on it. PostgreSQL is the reliability suite's own cluster."""
    from tests.booking.race import RaceOffice

    if vendor == "postgresql":
        postgres = Postgres(f"cms_booking_race_{os.getpid()}")
        postgres.start()
        url = postgres.url

        @contextmanager
        def cursor():
            with psycopg.connect(
                url.replace("postgres://", "postgresql://"), autocommit=True
            ) as db:
                yield db.cursor()

    else:
        path = tmp_path / "race.sqlite3"
        url = f"sqlite:///{path}"

        @contextmanager
        def cursor():
            with closing(sqlite3.connect(path, isolation_level=None)) as db:
                yield db.cursor()

    try:
        made = subprocess.run(
            [sys.executable, "-m", "tests.reliability.race_database", day.isoformat()],
            cwd=ROOT,
            env=child_env(
                DJANGO_SETTINGS_MODULE="cms.settings.test",
                DATABASE_URL=url,
                SECRET_KEY="race-test-secret-key",
            ),
            capture_output=True,
            text=True,
            timeout=600,
        )
        if made.returncode:
            raise RuntimeError(f"the race database was not made:\n{made.stderr[-3000:]}")
        office = RaceOffice(**json.loads(made.stdout.strip().splitlines()[-1]))
        yield url, office, cursor
    finally:
        if vendor == "postgresql":
            postgres.drop()


def _main(day: str) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    from wagtail.models import Site

    from tests.booking.race import race_office_create

    call_command("migrate", "--no-input", verbosity=0)
    office = race_office_create(Site.objects.get(is_default_site=True), day=date.fromisoformat(day))
    print(json.dumps(asdict(office)))


if __name__ == "__main__":
    _main(sys.argv[1])
