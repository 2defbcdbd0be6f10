"""The office's day in the admin: appointments with answers, approving and declining."""

import pytest
from django.core import mail

from cms.booking import bookings
from cms.booking.models import Booking

from .conftest import BERLIN
from .test_api import TEN

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(clock, adviser, service):
    service.requires_approval = True
    service.intake = [("text", {"label": "Concern", "required": False})]
    service.save()
    concern = service.intake[0].id
    booking, _ = bookings.booking_create(
        service=service,
        start=TEN,
        customer=bookings.Customer(name="Erika Muster", email="erika@example.com"),
        answers={concern: "Inheritance of a flat"},
    )
    return booking


def test_the_day_list_shows_appointments_with_their_answers(admin_client, pending):
    page = admin_client.get(f"/admin/booking/day/?date={TEN.astimezone(BERLIN).date()}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "10:00–10:30" in html
    assert "Erika Muster" in html
    assert "Concern" in html and "Inheritance of a flat" in html


def test_the_office_approves_a_pending_booking(
    admin_client, pending, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin_client.post(f"/admin/booking/{pending.pk}/approve/")
    assert answer.status_code == 302
    assert Booking.objects.get(pk=pending.pk).status == Booking.Status.CONFIRMED
    assert mail.outbox[-1].subject.startswith("Confirmed:")


def test_a_declined_booking_frees_its_time(admin_client, pending, client, service):
    admin_client.post(f"/admin/booking/{pending.pk}/decline/")
    assert Booking.objects.get(pk=pending.pk).status == Booking.Status.DECLINED
    hold = client.post(
        "/api/v1/booking/holds/",
        {"service": service.pk, "start": TEN.isoformat()},
        content_type="application/json",
    )
    assert hold.status_code == 201
