"""What a client or the office notices when a booking cannot be made, moved,
cancelled or approved as asked, and what happens to its reminders."""

from datetime import datetime, timedelta

import pytest

from cms.booking import bookings
from cms.booking.models import Booking, Reminder

from .conftest import BERLIN, shared_adviser
from .factories import ServiceFactory, StaffFactory, weekly_hours

pytestmark = pytest.mark.django_db

# Tuesday 2 June 2026, 10:00 in Berlin.
TEN = datetime(2026, 6, 2, 10, 0, tzinfo=BERLIN)

service, adviser = shared_adviser()


def _post(client, path, body):
    return client.post(f"/api/v1/booking/{path}/", body, content_type="application/json")


def _book(client, service, start=TEN, **extra):
    body = {
        "service": service.pk,
        "start": start.isoformat(),
        "customer": {"name": "Erika Muster", "email": "erika@example.com"},
        "answers": {},
        **extra,
    }
    return _post(client, "bookings", body)


def _manage_url(answer, action):
    url = answer.json()["manage_url"].split("testserver", 1)[1]
    return url.replace("/?", f"/{action}/?")


def _reschedule(client, url, start):
    return client.post(url, {"start": start.isoformat()}, content_type="application/json")


def test_a_booking_cannot_be_moved_once_the_window_has_closed(client, clock, adviser, service):
    url = _manage_url(_book(client, service), "reschedule")
    clock.move_to(TEN - timedelta(hours=23))
    closed = _reschedule(client, url, TEN + timedelta(hours=2))
    assert closed.status_code == 409
    assert closed.json()["error"]["code"] == "cancellation_closed"
    assert Booking.objects.get().start == TEN


def test_a_booking_cannot_be_moved_onto_a_taken_slot(client, clock, adviser, service):
    url = _manage_url(_book(client, service), "reschedule")
    later = TEN + timedelta(hours=2)
    assert _book(client, service, start=later).status_code == 201
    taken = _reschedule(client, url, later)
    assert taken.status_code == 409
    assert taken.json()["error"]["code"] == "slot_taken"
    assert sorted(b.start for b in Booking.objects.all()) == [TEN, later]


def test_a_booking_cannot_be_moved_to_a_time_not_offered(client, clock, adviser, service):
    url = _manage_url(_book(client, service), "reschedule")
    refused = _reschedule(client, url, TEN.replace(hour=20))
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"] == {
        "start": ["No appointment of this service is offered then."]
    }
    assert Booking.objects.get().start == TEN


def test_a_booking_may_move_to_overlap_its_own_old_time(client, clock, adviser, service):
    service.buffer_after_minutes = 30  # 10:00 blocks the adviser until 11:00
    service.save()
    url = _manage_url(_book(client, service), "reschedule")
    moved = _reschedule(client, url, TEN + timedelta(minutes=30))
    assert moved.status_code == 200, moved.json()
    assert moved.json()["start"] == "2026-06-02T10:30:00+02:00"


def test_a_cancelled_booking_can_be_neither_cancelled_again_nor_moved(
    client, clock, adviser, service
):
    booked = _book(client, service)
    assert client.post(_manage_url(booked, "cancel")).status_code == 200
    again = client.post(_manage_url(booked, "cancel"))
    assert again.status_code == 422
    assert again.json()["error"]["fields"] == {"status": ["The booking is Cancelled."]}
    moved = _reschedule(client, _manage_url(booked, "reschedule"), TEN + timedelta(hours=1))
    assert moved.status_code == 422
    assert Booking.objects.get().status == Booking.Status.CANCELLED


def test_a_hold_for_another_time_does_not_book(client, clock, adviser, service):
    hold = _post(client, "holds", {"service": service.pk, "start": TEN.isoformat()}).json()
    refused = _book(client, service, start=TEN + timedelta(hours=1), hold=hold["id"])
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"] == {"hold": ["Not a hold of this service and start."]}


def test_a_hold_with_one_adviser_does_not_book_another(client, clock, adviser, service):
    other = StaffFactory(offers=[service])
    weekly_hours(other)
    body = {"service": service.pk, "start": TEN.isoformat(), "staff": adviser.pk}
    hold = _post(client, "holds", body).json()
    refused = _book(client, service, hold=hold["id"], staff=other.pk)
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"] == {"staff": ["The hold is with another adviser."]}


def test_a_lapsed_hold_still_books_the_slot_if_it_is_free(client, clock, adviser, service):
    hold = _post(client, "holds", {"service": service.pk, "start": TEN.isoformat()}).json()
    clock.shift(timedelta(minutes=11))
    booked = _book(client, service, hold=hold["id"])
    assert booked.status_code == 201
    assert booked.json()["id"] != hold["id"]
    assert Booking.objects.get(pk=hold["id"]).status == Booking.Status.EXPIRED


def test_an_adviser_who_does_not_offer_the_service_is_named(client, clock, adviser, service):
    stranger = StaffFactory(offers=[ServiceFactory()])
    weekly_hours(stranger)
    refused = _book(client, service, staff=stranger.pk)
    assert refused.status_code == 422
    assert set(refused.json()["error"]["fields"]) == {"staff"}


def test_a_full_day_offers_no_more_of_the_service(client, clock, adviser, service):
    service.daily_cap = 1
    service.save()
    assert _book(client, service).status_code == 201
    assert _book(client, service, start=TEN + timedelta(hours=2)).status_code == 422
    assert _book(client, service, start=TEN + timedelta(days=1)).status_code == 201


def test_a_hold_taken_before_the_day_filled_up_cannot_overrun_its_cap(
    client, clock, adviser, service
):
    service.daily_cap = 1
    service.save()
    holds = [
        _post(client, "holds", {"service": service.pk, "start": start.isoformat()}).json()["id"]
        for start in (TEN, TEN + timedelta(hours=2))
    ]
    assert _book(client, service, hold=holds[0]).status_code == 201
    refused = _book(client, service, start=TEN + timedelta(hours=2), hold=holds[1])
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "slot_taken"
    assert Booking.objects.filter(status=Booking.Status.CONFIRMED).count() == 1


def test_reminders_wait_for_approval_and_go_with_a_decline(client, clock, adviser, service):
    service.requires_approval = True
    service.reminder_hours = [24, 2]
    service.save()
    booking = Booking.objects.get(pk=_book(client, service).json()["id"])
    assert not Reminder.objects.exists()
    bookings.booking_approve(booking=booking)
    assert sorted(Reminder.objects.values_list("due_at", flat=True)) == [
        TEN - timedelta(hours=24),
        TEN - timedelta(hours=2),
    ]
    with pytest.raises(bookings.BookingInvalid):
        bookings.booking_approve(booking=booking)
    bookings.booking_decline(booking=booking)
    assert not Reminder.objects.exists()
    assert _book(client, service).status_code == 201


def test_a_reminder_already_due_is_not_planned(client, clock, adviser, service):
    service.reminder_hours = [48, 2]
    service.save()
    clock.move_to(TEN - timedelta(hours=30))
    _book(client, service)
    assert list(Reminder.objects.values_list("kind", flat=True)) == ["2h"]


def test_moving_a_booking_moves_its_reminders(client, clock, adviser, service):
    service.reminder_hours = [24]
    service.save()
    url = _manage_url(_book(client, service), "reschedule")
    later = TEN + timedelta(days=1)
    assert _reschedule(client, url, later).status_code == 200
    assert list(Reminder.objects.values_list("due_at", flat=True)) == [later - timedelta(hours=24)]
