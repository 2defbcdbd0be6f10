"""A client books an appointment over the delivery API."""

from datetime import datetime, timedelta

import pytest

from cms.booking.models import Booking

from .conftest import BERLIN, shared_adviser

pytestmark = pytest.mark.django_db

# Tuesday 2 June 2026, 10:00 in Berlin (+02:00).
TEN = datetime(2026, 6, 2, 10, 0, tzinfo=BERLIN)

service, adviser = shared_adviser()


def _post(client, path, body, **headers):
    return client.post(
        f"/api/v1/booking/{path}/", body, content_type="application/json", headers=headers
    )


def _booking_body(service, start=TEN, **extra):
    return {
        "service": service.pk,
        "start": start.isoformat(),
        "customer": {"name": "Erika Muster", "email": "erika@example.com"},
        "answers": {},
        **extra,
    }


def test_slots_are_listed_with_the_office_offset(client, clock, adviser, service):
    answer = client.get(
        f"/api/v1/booking/slots/?service={service.pk}&from=2026-06-02&to=2026-06-02"
    ).json()
    starts = [slot["start"] for slot in answer["slots"]]
    assert starts[0] == "2026-06-02T09:00:00+02:00"
    assert len(starts) == 16  # 09:00 to 16:30, every 30 minutes
    assert answer["slots"][0]["staff"] == {"id": adviser.pk, "name": adviser.name}


def test_a_public_holiday_has_no_slots(client, clock, adviser, service):
    # Fronleichnam (Corpus Christi), a holiday in Baden-Württemberg.
    answer = client.get(
        f"/api/v1/booking/slots/?service={service.pk}&from=2026-06-04&to=2026-06-04"
    ).json()
    assert answer["slots"] == []


def test_a_hold_keeps_the_slot_from_others(client, clock, adviser, service):
    hold = _post(client, "holds", {"service": service.pk, "start": TEN.isoformat()})
    assert hold.status_code == 201
    assert set(hold.json()) == {"id", "expires_at"}
    again = _post(client, "holds", {"service": service.pk, "start": TEN.isoformat()})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "slot_taken"
    taken = _post(client, "bookings", _booking_body(service))
    assert taken.status_code == 409
    mine = _post(client, "bookings", _booking_body(service, hold=hold.json()["id"]))
    assert mine.status_code == 201


def test_a_lapsed_hold_frees_the_slot(client, clock, adviser, service):
    assert (
        _post(client, "holds", {"service": service.pk, "start": TEN.isoformat()}).status_code == 201
    )
    clock.shift(timedelta(minutes=11))
    assert _post(client, "bookings", _booking_body(service)).status_code == 201


def test_a_booking_answers_its_status_and_manage_link(client, clock, adviser, service):
    answer = _post(client, "bookings", _booking_body(service))
    assert answer.status_code == 201
    body = answer.json()
    assert body["status"] == "confirmed"
    assert body["start"] == "2026-06-02T10:00:00+02:00"
    assert body["end"] == "2026-06-02T10:30:00+02:00"
    assert "/api/v1/booking/manage/" in body["manage_url"]
    assert _post(client, "bookings", _booking_body(service)).status_code == 409


def test_a_service_that_needs_approval_books_pending(client, clock, adviser, service):
    service.requires_approval = True
    service.save()
    assert _post(client, "bookings", _booking_body(service)).json()["status"] == "pending"


def test_invalid_requests_get_one_message_per_field(client, clock, adviser, service):
    body = _booking_body(service, customer={"name": "", "email": "not-an-address"})
    answer = _post(client, "bookings", body)
    assert answer.status_code == 422
    fields = answer.json()["error"]["fields"]
    assert set(fields) == {"customer.name", "customer.email"}
    assert all(len(messages) == 1 for messages in fields.values())


def test_a_time_outside_working_hours_is_refused_not_taken(client, clock, adviser, service):
    answer = _post(client, "bookings", _booking_body(service, start=TEN.replace(hour=20)))
    assert answer.status_code == 422
    assert answer.json()["error"]["fields"] == {
        "start": ["No appointment of this service is offered then."]
    }


def test_intake_answers_are_checked_and_stored(client, clock, adviser, service):
    service.intake = [
        ("number", {"label": "Tax year", "required": True, "min_value": 2000, "max_value": 2030}),
        ("multiple_choice", {"label": "Income", "required": False, "choices": ["Salary", "Rent"]}),
    ]
    service.save()
    year, income = [block.id for block in service.intake]
    wrong = _post(client, "bookings", _booking_body(service, answers={income: ["Lottery"]}))
    assert wrong.status_code == 422
    assert set(wrong.json()["error"]["fields"]) == {f"answers.{year}", f"answers.{income}"}
    right = _post(
        client, "bookings", _booking_body(service, answers={year: 2025, income: ["Rent"]})
    )
    assert right.status_code == 201
    assert Booking.objects.get().answers == {year: 2025, income: ["Rent"]}


def test_a_repeated_idempotency_key_returns_the_first_booking(client, clock, adviser, service):
    first = _post(client, "bookings", _booking_body(service), **{"Idempotency-Key": "k1"})
    again = _post(client, "bookings", _booking_body(service), **{"Idempotency-Key": "k1"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    other = _booking_body(service, start=TEN + timedelta(hours=1))
    reused = _post(client, "bookings", other, **{"Idempotency-Key": "k1"})
    assert reused.status_code == 409
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    assert Booking.objects.count() == 1


def _manage(client, body):
    return body["manage_url"].split("testserver", 1)[1]


def test_the_customer_cancels_and_the_slot_is_free_again(client, clock, adviser, service):
    url = _manage(client, _post(client, "bookings", _booking_body(service)).json())
    cancelled = client.post(url.replace("/?", "/cancel/?"))
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert _post(client, "bookings", _booking_body(service)).status_code == 201


def test_the_cancellation_window_counts_in_the_office_clock(client, clock, adviser, service):
    # Monday 30 March 2026, 10:00: the clocks went forward on Sunday, so 24
    # office hours before is Sunday 10:00, 23 real hours before.
    monday = datetime(2026, 3, 30, 10, 0, tzinfo=BERLIN)
    clock.move_to(datetime(2026, 3, 27, 8, 0, tzinfo=BERLIN))
    url = _manage(client, _post(client, "bookings", _booking_body(service, start=monday)).json())
    clock.move_to(datetime(2026, 3, 29, 10, 0, 30, tzinfo=BERLIN))
    closed = client.post(url.replace("/?", "/cancel/?"))
    assert closed.status_code == 409
    assert closed.json()["error"]["code"] == "cancellation_closed"
    clock.move_to(datetime(2026, 3, 29, 9, 59, tzinfo=BERLIN))
    assert client.post(url.replace("/?", "/cancel/?")).status_code == 200


def test_the_customer_moves_the_booking(client, clock, adviser, service):
    url = _manage(client, _post(client, "bookings", _booking_body(service)).json())
    later = TEN + timedelta(hours=2)
    moved = client.post(
        url.replace("/?", "/reschedule/?"),
        {"start": later.isoformat()},
        content_type="application/json",
    )
    assert moved.status_code == 200
    assert moved.json()["start"] == "2026-06-02T12:00:00+02:00"
    assert _post(client, "bookings", _booking_body(service)).status_code == 201


def test_an_altered_link_finds_nothing(client, clock, adviser, service):
    url = _manage(client, _post(client, "bookings", _booking_body(service)).json())
    answer = client.get(url.replace("/manage/", "/manage/x"))
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "booking_not_found"


def test_buffers_keep_appointments_apart(client, clock, adviser, service):
    service.buffer_after_minutes = 15
    service.save()
    assert _post(client, "bookings", _booking_body(service)).status_code == 201
    # 10:30 would start inside 10:00's buffer (until 10:45).
    next_one = _post(client, "bookings", _booking_body(service, start=TEN + timedelta(minutes=30)))
    assert next_one.status_code == 409


def test_bookings_appear_in_the_change_feed(client, clock, adviser, service):
    from cms.publishing.models import ChangeEvent

    booking = _post(client, "bookings", _booking_body(service)).json()
    change = ChangeEvent.objects.filter(event="availability.changed").last()
    assert change.site_id == service.site_id
    assert change.detail["booking_id"] == booking["id"]
    assert change.detail["staff_id"] == adviser.pk


def test_the_demo_tax_office_offers_a_first_consultation(client, demo):
    services = client.get("/api/v1/booking/services/?site=steuerberatung-keller.localhost").json()
    assert len(services["services"]) == 3
    first = services["services"][0]
    assert first["duration_minutes"] == 30
    assert not any(question["required"] for question in first["questions"])
    questions = [q["label"] for q in services["services"][1]["questions"]]
    assert questions[:2] == ["Steuerjahr", "Einkunftsarten"]


def test_the_demo_advisers_offer_their_services(client, demo):
    keller = "steuerberatung-keller.localhost"
    first = client.get(f"/api/v1/booking/services/?site={keller}").json()["services"][0]
    today = datetime.now(BERLIN).date()
    answer = client.get(
        f"/api/v1/booking/slots/?site={keller}&service={first['id']}"
        f"&from={today}&to={today + timedelta(days=14)}"
    ).json()
    assert {slot["staff"]["name"] for slot in answer["slots"]} == {"Anna Keller", "Jonas Weber"}
