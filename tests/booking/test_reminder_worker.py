"""Reminders sent by real workers: one killed while its e-mail was with the mail
server, its task handed to another worker, and every client reminded once."""

import signal
import time
from collections import Counter
from datetime import datetime, timedelta
from datetime import time as clock_time

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms.booking import bookings
from cms.booking.models import Reminder, WeeklyHours
from tests.mail_sink import MailSink
from tests.workers import DB_TASKS, on_postgresql, start_worker

from .conftest import BERLIN
from .factories import OfficeFactory, ServiceFactory, StaffFactory

# Committed rows, so that the workers see them; the migrations' rows come back afterwards.
pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), on_postgresql]

CLIENTS = [f"client{index}@example.com" for index in range(4)]


def _is_reminder(message) -> bool:
    return message["Subject"].startswith("Reminder:")


def _book_three_days_ago() -> None:
    """Four appointments booked on a frozen clock three days back, so that their
    reminders (24 hours before) fell due in the past for the workers' real clock."""
    booked_at = timezone.now() - timedelta(days=3)
    with time_machine.travel(booked_at, tick=False):
        OfficeFactory(holiday_state="")
        service = ServiceFactory(reminder_hours=[24])
        adviser = StaffFactory(offers=[service])
        for weekday in range(7):
            WeeklyHours.objects.create(
                staff=adviser, weekday=weekday, start=clock_time(9), end=clock_time(17)
            )
        day = (booked_at.astimezone(BERLIN) + timedelta(days=2)).date()
        for hour, address in enumerate(CLIENTS, start=9):
            bookings.booking_create(
                service=service,
                start=datetime.combine(day, clock_time(hour), tzinfo=BERLIN),
                customer=bookings.Customer(name=address, email=address),
                answers={},
            )
    assert Reminder.objects.filter(sent_at=None).count() == len(CLIENTS)


def _second_reminder():
    seen = []

    def stall(message) -> bool:
        if _is_reminder(message):
            seen.append(message)
        return len(seen) == 2

    return stall


def _await(condition, worker, what: str) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        if worker.poll() is not None:
            raise AssertionError(f"the worker exited before {what}: {worker.stdout.read()!r}")
        assert time.monotonic() < deadline, f"no {what} within a minute"
        time.sleep(0.1)


@pytest.mark.long  # two real workers, and a lease to run out (about 15 s)
@override_settings(TASKS=DB_TASKS)
def test_a_worker_killed_while_mailing_a_reminder_sends_no_duplicate(tmp_path):
    _book_three_days_ago()
    sink = MailSink(stall=_second_reminder())
    mail_server = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "PUBLISHING_SCHEDULE_INTERVAL": "1",
    }
    reminder_tasks = DBTaskResult.objects.filter(task_path__endswith="reminder_send")
    try:
        first = start_worker(tmp_path, "--interval", "0.1", "--no-reload", **mail_server)
        try:
            _await(sink.stalled.is_set, first, "second reminder")
            # The mail server has the whole reminder and the row says sent:
            # only the server's answer is missing when the worker dies.
            in_flight = sink.messages[-1]["To"]
            assert Reminder.objects.get(booking__customer_email=in_flight).sent_at is not None
        finally:
            first.send_signal(signal.SIGKILL)
            first.communicate(timeout=30)
        killed_task = reminder_tasks.get(status="RUNNING")

        # A second worker hands the dead worker's task out again once its lease is over.
        short_lease = {"TASKS_RUNNING_LEASE": "2", "IMAGES_RENDER_CLAIM_SECONDS": "1"}
        second = start_worker(
            tmp_path, "--interval", "0.1", "--no-reload", **short_lease, **mail_server
        )
        try:
            _await(
                lambda: reminder_tasks.exclude(status="SUCCESSFUL").count() == 0,
                second,
                "reminder task left",
            )
        finally:
            second.send_signal(signal.SIGTERM)
            second.communicate(timeout=30)
    finally:
        sink.stop()

    killed_task.refresh_from_db()
    assert len(killed_task.worker_ids) == 2  # run again by the second worker …
    assert killed_task.return_value is False  # … which found it sent and sent nothing
    reminded = Counter(message["To"] for message in sink.messages if _is_reminder(message))
    assert reminded == Counter(CLIENTS)
    assert not Reminder.objects.filter(sent_at=None).exists()
