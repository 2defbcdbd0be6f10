"""The office's admin views: a day's appointments with their intake answers, and
approving or declining a pending booking. Each is limited to the user's sites."""

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from sites.permissions import sites_for_user

from . import bookings
from .intake import questions_json
from .models import Booking, Office

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


def day_view(request):
    """Every appointment of one day at the user's offices, in each office's own clock."""
    if not request.user.has_perm("booking.view_booking"):
        raise PermissionDenied
    day = _day(request)
    rows = []
    for office in Office.objects.filter(site__in=sites_for_user(request.user)).order_by("name"):
        zone = office.zone
        start = datetime.combine(day, time(0), tzinfo=zone)
        found = (
            Booking.objects.filter(
                site_id=office.site_id,
                status__in=SHOWN,
                start__gte=start,
                start__lt=datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone),
            )
            .select_related("service", "staff")
            .order_by("start")
        )
        for booking in found:
            booking.local_start = booking.start.astimezone(zone)
            booking.local_end = booking.end.astimezone(zone)
            booking.answer_list = _answers(booking)
        rows.append((office, list(found)))
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
