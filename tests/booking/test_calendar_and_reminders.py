"""Calendar invitations with every change, a feed per adviser, reminders once."""

import io
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from icalendar import Calendar

from cms.booking import bookings
from cms.booking.models import Booking, Reminder
from cms.booking.reminders import reminder_send, reminders_due_send

from .conftest import BERLIN

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs a change and then what follows its commit (the e-mails), as outside a test."""

    def run(change, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(**kwargs)

    return run


TEN = datetime(2026, 6, 2, 10, 0, tzinfo=BERLIN)
CUSTOMER = bookings.Customer(name="Erika Muster", email="erika@example.com")


def _book(service, start=TEN):
    booking, _ = bookings.booking_create(
        service=service, start=start, customer=CUSTOMER, answers={}
    )
    return booking


def _invitations() -> list[tuple[str, dict]]:
    found = []
    for message in mail.outbox:
        for _name, content, mimetype in message.attachments:
            calendar = Calendar.from_ical(content)
            event = calendar.walk("VEVENT")[0]
            found.append((str(calendar["METHOD"]), event, mimetype, message.to))
    return found


def test_booking_moving_and_cancelling_send_one_calendar_entry(clock, adviser, service, committed):
    booking = committed(_book, service=service)
    committed(bookings.booking_reschedule, booking=booking, start=TEN + timedelta(hours=1))
    booking = Booking.objects.get(pk=booking.pk)
    committed(bookings.booking_cancel, booking=booking, by_customer=True)
    sent = _invitations()
    assert [method for method, *_ in sent] == ["REQUEST", "REQUEST", "CANCEL"]
    assert len({str(event["UID"]) for _, event, *_ in sent}) == 1
    assert [int(event["SEQUENCE"]) for _, event, *_ in sent] == [0, 1, 2]
    assert sent[1][1].decoded("DTSTART") == (TEN + timedelta(hours=1)).astimezone(BERLIN)
    assert all("method=" in mimetype for _, _, mimetype, _ in sent)
    assert sent[0][3] == ["erika@example.com", adviser.email]


def test_the_advisers_secret_feed_lists_their_appointments(client, clock, adviser, service):
    _book(service)
    url = f"/api/v1/booking/feeds/{adviser.pk}/{adviser.feed_secret}.ics"
    feed = client.get(url)
    assert feed.status_code == 200
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert len(events) == 1
    assert client.get(url.replace(adviser.feed_secret, "guess")).status_code == 404


def test_a_reminder_is_sent_once_when_due(clock, adviser, service):
    service.reminder_hours = [24]
    service.save()
    _book(service)
    mail.outbox.clear()
    assert reminders_due_send() == 0
    clock.move_to(TEN - timedelta(hours=24))
    assert reminders_due_send() == 1
    assert reminders_due_send() == 0
    reminder = Reminder.objects.get()
    assert reminder_send.call(reminder_id=reminder.pk) is False
    assert [m.subject for m in mail.outbox] == [mail.outbox[0].subject]
    assert mail.outbox[0].subject.startswith("Reminder:")


def test_a_move_moves_the_reminder_and_a_cancellation_drops_it(clock, adviser, service):
    service.reminder_hours = [24]
    service.save()
    booking = _book(service)
    bookings.booking_reschedule(booking=booking, start=TEN + timedelta(days=1))
    assert Reminder.objects.get().due_at == TEN
    clock.move_to(TEN)
    mail.outbox.clear()
    bookings.booking_cancel(booking=Booking.objects.get(pk=booking.pk), by_customer=False)
    assert reminders_due_send() == 0
    assert not Reminder.objects.exists()


def test_a_worker_killed_after_claiming_sends_no_duplicate(clock, adviser, service):
    """The claim commits before the e-mail leaves: a worker that dies in between
    leaves a row marked sent, and the task run again sends nothing."""
    service.reminder_hours = [24]
    service.save()
    _book(service)
    clock.move_to(TEN - timedelta(hours=23))
    reminder = Reminder.objects.get()
    claimed = Reminder.objects.filter(pk=reminder.pk, sent_at=None).update(sent_at=TEN)
    assert claimed == 1  # the dying worker's claim
    mail.outbox.clear()
    assert reminder_send.call(reminder_id=reminder.pk) is False
    assert mail.outbox == []


def test_one_reminder_row_per_booking_and_kind(clock, adviser, service):
    booking = _book(service)
    Reminder.objects.create(booking=booking, kind="24h", due_at=TEN)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(booking=booking, kind="24h", due_at=TEN)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the constraint is PostgreSQL's")
def test_postgresql_itself_refuses_overlapping_active_bookings(clock, adviser, service):
    booking = _book(service)
    copy = {
        f.attname: getattr(booking, f.attname)
        for f in Booking._meta.concrete_fields
        if f.attname not in ("id", "uid", "idempotency_key")
    }
    copy["start"] = copy["blocked_start"] = TEN + timedelta(minutes=15)
    copy["end"] = copy["blocked_end"] = TEN + timedelta(minutes=45)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(**copy)
    copy["status"] = Booking.Status.CANCELLED
    Booking.objects.create(**copy)


def test_intake_answers_are_erased_after_the_retention_period(clock, adviser, service, settings):
    from django.core.management import call_command

    settings.BOOKING_INTAKE_RETENTION_DAYS = 30
    booking = _book(service)
    Booking.objects.filter(pk=booking.pk).update(answers={"q": "Salary"})
    clock.move_to(TEN + timedelta(days=29))
    call_command("booking_upkeep", stdout=io.StringIO())
    assert Booking.objects.get(pk=booking.pk).answers == {"q": "Salary"}
    clock.move_to(TEN + timedelta(days=31))
    call_command("booking_upkeep", stdout=io.StringIO())
    erased = Booking.objects.get(pk=booking.pk)
    assert erased.answers == {}
    assert erased.answers_erased_at is not None
