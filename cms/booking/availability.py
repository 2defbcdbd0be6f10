"""Which appointments are free: the one rule for the slots the API lists and
for the check before a hold or booking is written.

Working hours are wall-clock times in the office's zone. Each window is turned
into two instants and slots are stepped in real (UTC) time between them, so a
day on which the clocks go forward has an hour fewer of slots and none in the
hour that does not exist, and the day they go back has the repeated hour's
slots once each, told apart by their UTC offset.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from django.db.models import Q
from django.utils import timezone

from .models import Absence, Booking, DateOverride, Office, Service, Staff, WeeklyHours


@dataclass(frozen=True)
class Slot:
    start: datetime  # in the office's zone
    end: datetime
    staff_id: int

    def blocked(self, service: Service) -> tuple[datetime, datetime]:
        # In UTC: arithmetic on a zoned datetime is wall-clock arithmetic.
        start, end = self.start.astimezone(UTC), self.end.astimezone(UTC)
        return start - service.buffer_before, end + service.buffer_after


def local_instant(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time of a day as an instant; 00:00 as an end is the next midnight.
    A time in the hour skipped by a change to summer time is read as the
    instant the clocks passed it (fold=0, the offset before the change)."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def day_windows(
    staff: Staff, day: date, *, weekly: list[WeeklyHours], overrides: list[DateOverride]
) -> list[tuple[time, time]]:
    dated = [o for o in overrides if o.date == day]
    if dated:
        return [(o.start, o.end) for o in dated if o.start is not None]
    return [(h.start, h.end) for h in weekly if h.weekday == day.weekday()]


def _window_instants(day: date, start: time, end: time, zone: ZoneInfo):
    begin = local_instant(day, start, zone)
    finish = local_instant(day + timedelta(days=1) if end == time(0) else day, end, zone)
    return begin, finish


def holidays_of(office: Office, first: date, last: date) -> set[date]:
    if not office.holiday_state:
        return set()
    years = range(first.year, last.year + 1)
    return set(holidays.country_holidays("DE", subdiv=office.holiday_state, years=years))


def bookable_range(service: Service, *, now: datetime) -> tuple[datetime, datetime]:
    """From the minimum notice to the horizon."""
    return now + timedelta(hours=service.notice_hours), now + timedelta(days=service.horizon_days)


def free_slots(
    *,
    office: Office,
    service: Service,
    first: date,
    last: date,
    staff_ids: list[int] | None = None,
    now: datetime | None = None,
    taken_too: bool = False,
) -> list[Slot]:
    """The free slots of a service from `first` to `last` (local dates, inclusive),
    earliest first, for each adviser who offers it (or those of `staff_ids`).
    `taken_too`: also those that other bookings hold, to tell a taken slot from
    a time that is never offered."""
    now = now or timezone.now()
    zone = office.zone
    earliest, latest = bookable_range(service, now=now)
    advisers = Staff.objects.filter(site_id=office.site_id, active=True, services=service)
    if staff_ids is not None:
        advisers = advisers.filter(pk__in=staff_ids)
    advisers = list(advisers.prefetch_related("hours", "overrides"))
    if not advisers:
        return []
    closed = holidays_of(office, first, last)
    span_start = local_instant(first, time(0), zone) - timedelta(days=1)
    span_end = local_instant(last + timedelta(days=2), time(0), zone)
    busy = _busy(advisers, span_start, span_end, now=now, bookings=not taken_too)
    per_day = _booked_per_day(service, advisers, first, last, zone)
    slots = []
    for adviser in advisers:
        weekly, overrides = list(adviser.hours.all()), list(adviser.overrides.all())
        day = first
        while day <= last:
            capped = service.daily_cap is not None and per_day[adviser.pk, day] >= service.daily_cap
            if day not in closed and not capped:
                for start, end in day_windows(adviser, day, weekly=weekly, overrides=overrides):
                    window = _window_instants(day, start, end, zone)
                    slots.extend(_window_slots(adviser.pk, window, zone, service, busy[adviser.pk]))
            day += timedelta(days=1)
    slots = [slot for slot in slots if earliest <= slot.start <= latest]
    # By UTC: within one zone Python compares wall-clock times, fold ignored.
    return sorted(slots, key=lambda slot: (slot.start.astimezone(UTC), slot.staff_id))


def _window_slots(staff_id, window, zone, service, busy):
    begin, finish = window
    step = service.duration
    at = begin
    while at + step <= finish:
        slot = Slot(at.astimezone(zone), (at + step).astimezone(zone), staff_id)
        blocked_start, blocked_end = slot.blocked(service)
        if not any(b_start < blocked_end and blocked_start < b_end for b_start, b_end in busy):
            yield slot
        at += step


def _busy(advisers, span_start, span_end, *, now, bookings: bool) -> dict[int, list]:
    """Each adviser's blocked ranges: absences and (with `bookings`) active bookings."""
    busy = defaultdict(list)
    ids = [a.pk for a in advisers]
    booked = Booking.objects.filter(
        active_q(now=now),
        staff_id__in=ids,
        blocked_start__lt=span_end,
        blocked_end__gt=span_start,
    ).values_list("staff_id", "blocked_start", "blocked_end")
    absences = Absence.objects.filter(
        staff_id__in=ids, start__lt=span_end, end__gt=span_start
    ).values_list("staff_id", "start", "end")
    for staff_id, start, end in (*(booked if bookings else ()), *absences):
        busy[staff_id].append((start, end))
    return busy


def active_q(*, now: datetime) -> Q:
    """Bookings that block time: pending and confirmed ones, and holds not yet lapsed."""
    return Q(status__in=[Booking.Status.PENDING, Booking.Status.CONFIRMED]) | Q(
        status=Booking.Status.HELD, expires_at__gt=now
    )


def _booked_per_day(service, advisers, first, last, zone) -> dict:
    counts = defaultdict(int)
    if service.daily_cap is None:
        return counts
    rows = Booking.objects.filter(
        service=service,
        staff__in=advisers,
        status__in=[Booking.Status.PENDING, Booking.Status.CONFIRMED],
        start__gte=local_instant(first, time(0), zone),
        start__lt=local_instant(last + timedelta(days=1), time(0), zone),
    ).values_list("staff_id", "start")
    for staff_id, start in rows:
        counts[staff_id, start.astimezone(zone).date()] += 1
    return counts


def slots_at(
    *, office: Office, service: Service, start: datetime, staff_id: int | None, now: datetime
) -> list[Slot]:
    """The slots offered at `start` (of the adviser `staff_id`, if given), whether
    or not they are taken: one per adviser who works then."""
    day = start.astimezone(office.zone).date()
    candidates = free_slots(
        office=office,
        service=service,
        first=day - timedelta(days=1),
        last=day,
        staff_ids=[staff_id] if staff_id else None,
        now=now,
        taken_too=True,
    )
    return [slot for slot in candidates if slot.start == start]


def overlapping(*, staff_id: int, blocked: tuple[datetime, datetime], now: datetime):
    """The active bookings of an adviser whose blocked time meets `blocked`."""
    start, end = blocked
    return Booking.objects.filter(
        active_q(now=now), staff_id=staff_id, blocked_start__lt=end, blocked_end__gt=start
    )
