"""iCalendar for bookings: the invitation or cancellation e-mailed with each change,
and each adviser's subscription feed. Built and checked with the icalendar package.

One booking is one calendar event for its whole life: its UID never changes,
and SEQUENCE rises with each move or cancellation, so calendar apps update the
entry they already have instead of adding another."""

from datetime import UTC, datetime

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Booking, Staff

PRODID = "-//small-business-cms//booking//EN"


def booking_uid(booking: Booking) -> str:
    return f"{booking.uid}@booking"


def _calendar(method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def _event(booking: Booking, *, cancelled: bool, organizer: str = "") -> Event:
    event = Event()
    event.add("uid", booking_uid(booking))
    event.add("sequence", booking.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", booking.start.astimezone(UTC))
    event.add("dtend", booking.end.astimezone(UTC))
    event.add("summary", f"{booking.service.name} – {booking.staff.name}")
    event.add("status", "CANCELLED" if cancelled else _status(booking))
    if organizer:
        event.add("organizer", vCalAddress(f"mailto:{organizer}"))
    for email, name in (
        (booking.customer_email, booking.customer_name),
        (booking.staff.email, booking.staff.name),
    ):
        if email:
            attendee = vCalAddress(f"mailto:{email}")
            attendee.params["cn"] = vText(name)
            event.add("attendee", attendee, encode=0)
    return event


def _status(booking: Booking) -> str:
    return "CONFIRMED" if booking.status == Booking.Status.CONFIRMED else "TENTATIVE"


def invitation_ics(booking: Booking, *, organizer: str) -> tuple[str, bytes]:
    """The METHOD and the iCalendar bytes of the message about the booking's current state."""
    cancelled = booking.status not in Booking.ACTIVE
    method = "CANCEL" if cancelled else "REQUEST"
    calendar = _calendar(method)
    calendar.add_component(_event(booking, cancelled=cancelled, organizer=organizer))
    return method, calendar.to_ical()


def staff_feed_ics(staff: Staff, *, since: datetime) -> bytes:
    """The adviser's appointments from `since` on, for a calendar subscription."""
    calendar = _calendar()
    calendar.add("x-wr-calname", f"{staff.name} – appointments")
    bookings = (
        Booking.objects.filter(
            staff=staff,
            status__in=[Booking.Status.PENDING, Booking.Status.CONFIRMED],
            end__gte=since,
        )
        .select_related("service", "staff")
        .order_by("start")
    )
    for booking in bookings:
        calendar.add_component(_event(booking, cancelled=False))
    return calendar.to_ical()
