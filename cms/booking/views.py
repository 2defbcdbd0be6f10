"""The office's admin views: a day's appointments with their intake answers, a
week's as a calendar, and approving or declining a pending booking. Each is
limited to the user's sites, and shows times in each office's own clock."""

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from sites.permissions import sites_for_user

from . import bookings
from .intake import questions_json
from .models import Booking, Office, Staff

SHOWN = (Booking.Status.PENDING, Booking.Status.CONFIRMED)


def _may_change(user) -> bool:
    return user.has_perm("booking.change_booking")


def _day(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return date.today()


def _answers(booking: Booking) -> list[tuple[str, str]]:
    labels = {q["id"]: q["label"] for q in questions_json(booking.service.intake)}
    return [(labels.get(key, key), _shown(value)) for key, value in booking.answers.items()]


def _shown(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _offices(user):
    if not user.has_perm("booking.view_booking"):
        raise PermissionDenied
    return Office.objects.filter(site__in=sites_for_user(user)).order_by("name")


def _appointments(office: Office, first: date, days: int) -> list[Booking]:
    """The office's appointments on `days` days from `first`, days as its clock counts
    them, with their times on that clock (`local_start`, `local_end`)."""
    zone = office.zone
    found = list(
        Booking.objects.filter(
            site_id=office.site_id,
            status__in=SHOWN,
            start__gte=datetime.combine(first, time(0), tzinfo=zone),
            start__lt=datetime.combine(first + timedelta(days=days), time(0), tzinfo=zone),
        )
        .select_related("service", "staff")
        .order_by("start")
    )
    for booking in found:
        booking.local_start = booking.start.astimezone(zone)
        booking.local_end = booking.end.astimezone(zone)
    return found


def day_view(request):
    """Every appointment of one day at the user's offices, with the intake answers."""
    day = _day(request)
    rows = []
    for office in _offices(request.user):
        found = _appointments(office, day, 1)
        for booking in found:
            booking.answer_list = _answers(booking)
        rows.append((office, found))
    return TemplateResponse(
        request,
        "booking/admin/day.html",
        {
            "offices": rows,
            "day": day,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
            "may_change": _may_change(request.user),
        },
    )


def week_view(request):
    """A week of each of the user's offices as a calendar: a row per adviser, a
    column per day (Monday to Sunday), each appointment a block in its day."""
    day = _day(request)
    monday = day - timedelta(days=day.weekday())
    days = [monday + timedelta(days=index) for index in range(7)]
    calendars = []
    for office in _offices(request.user):
        found = _appointments(office, monday, 7)
        # Every adviser at work, and any other who still has appointments that week.
        advisers = Staff.objects.filter(site_id=office.site_id).filter(
            Q(active=True) | Q(pk__in={booking.staff_id for booking in found})
        )
        rows = {staff.pk: (staff, [[] for _ in days]) for staff in advisers}
        for booking in found:
            rows[booking.staff_id][1][(booking.local_start.date() - monday).days].append(booking)
        calendars.append((office, list(rows.values())))
    return TemplateResponse(
        request,
        "booking/admin/week.html",
        {
            "header_title": f"Appointments, week of {monday:%d %B %Y}",
            "calendars": calendars,
            "days": days,
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
            "today": date.today(),
        },
    )


def _decide(request, pk: int, decide, done: str):
    booking = get_object_or_404(Booking, pk=pk, site__in=sites_for_user(request.user))
    if not _may_change(request.user):
        raise PermissionDenied
    try:
        decide(booking=booking)
    except bookings.BookingInvalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{booking.customer_name}'s appointment {done}.")
    day = booking.start.astimezone(Office.objects.get(site_id=booking.site_id).zone).date()
    return redirect(f"{reverse('booking_day')}?date={day.isoformat()}")


@require_POST
def approve_view(request, pk: int):
    return _decide(request, pk, bookings.booking_approve, "is confirmed")


@require_POST
def decline_view(request, pk: int):
    return _decide(request, pk, bookings.booking_decline, "is declined")
