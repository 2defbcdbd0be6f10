"""The office's day and week in the admin: appointments with answers, approving and
declining, a calendar of the week."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from cms.booking import bookings
from cms.booking.models import Booking, Office, Service, Staff
from cms.provisioning import client_site_create

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


def _booked(site, staff, service, start, *, name="Erika Muster", minutes=30):
    """An appointment as the API leaves it; its time checks are the API tests' concern."""
    end = start + timedelta(minutes=minutes)
    return Booking.objects.create(
        site=site,
        service=service,
        staff=staff,
        start=start,
        end=end,
        blocked_start=start,
        blocked_end=end,
        status=Booking.Status.CONFIRMED,
        customer_name=name,
    )


# The week in which Berlin's clocks go back (Sunday 25 October 2026, 03:00 → 02:00).
CHANGE_WEEK = date(2026, 10, 19)


def _week(client, day=CHANGE_WEEK):
    page = client.get(f"/admin/booking/week/?date={day.isoformat()}")
    assert page.status_code == 200
    return page.content.decode()


def _cells(html: str) -> list[str]:
    """The calendar's day cells, Monday to Sunday, of the first adviser's row."""
    calendar = html.split('class="listing booking-week"', 1)[1]
    row = calendar.split('<th scope="row">', 1)[1].split("</tr>", 1)[0]
    return row.split("<td>")[1:]


def test_the_week_calendar_shows_each_appointment_on_its_day_in_office_time(
    admin_client, office, adviser, service
):
    site = office.site
    summer = _booked(site, adviser, service, datetime(2026, 10, 23, 10, tzinfo=BERLIN))
    _booked(site, adviser, service, datetime(2026, 10, 25, 10, tzinfo=BERLIN), name="Max Winter")
    # Late on Sunday in Berlin is this week; half past midnight on Monday, though
    # still Sunday in UTC, is the next.
    _booked(site, adviser, service, datetime(2026, 10, 25, 23, 30, tzinfo=BERLIN), name="Late")
    _booked(site, adviser, service, datetime(2026, 10, 26, 0, 30, tzinfo=BERLIN), name="Next")
    cells = _cells(_week(admin_client, CHANGE_WEEK + timedelta(days=3)))
    assert len(cells) == 7
    friday, sunday = cells[4], cells[6]
    assert "10:00–10:30" in friday and "Erika Muster" in friday and service.name in friday
    assert f"/admin/snippets/booking/booking/inspect/{summer.pk}/" in friday
    assert "10:00–10:30" in sunday and "Max Winter" in sunday
    assert "23:30–00:00" in sunday and "Late" in sunday
    assert "Next" not in "".join(cells)
    assert "Next" in "".join(_cells(_week(admin_client, CHANGE_WEEK + timedelta(days=7))))


def test_the_day_list_and_the_week_calendar_lead_to_each_other(admin_client, office):
    day = admin_client.get("/admin/booking/day/?date=2026-10-21").content.decode()
    assert "/admin/booking/week/?date=2026-10-21" in day
    week = _week(admin_client)
    assert "/admin/booking/day/?date=2026-10-25" in week
    assert "?date=2026-10-12" in week and "?date=2026-10-26" in week


def test_an_editor_sees_only_their_own_sites_week(client, home):
    own = client_site_create(name="Own Office", hostname="own.example")
    other = client_site_create(name="Other Office", hostname="other.example")
    for client_site, name in ((own, "Mine"), (other, "Theirs")):
        Office.objects.create(site=client_site.site, name=f"{name} office")
        service = Service.objects.create(site=client_site.site, name=f"{name} service")
        staff = Staff.objects.create(site=client_site.site, name=f"{name} adviser")
        _booked(
            client_site.site,
            staff,
            service,
            datetime(2026, 10, 21, 9, tzinfo=BERLIN),
            name=f"{name} client",
        )
    editor = get_user_model().objects.create_user(username="own-editor", password="x" * 12)
    editor.groups.add(own.editors)
    client.force_login(editor)
    html = _week(client)
    assert "Mine client" in html
    assert "Theirs" not in html
